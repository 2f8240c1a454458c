/// Reads and writes state data with ASL paths (JSONPath query language).
///
/// A path starting with `$$` reads the context object (`$$.Execution.Id`, `$$.Task.Token`,
/// `$$.Map.Item.Value`, …); any other path starting with `$` reads the state input.
/// Parsed paths are cached, so repeating a path string costs one dictionary lookup.
public enum PathEvaluator {
    /// The value at `path`: the value itself for a definite path, an array of matches for an
    /// indefinite one.
    ///
    /// - Parameters:
    ///   - errorName: the error thrown when a definite path selects nothing; callers that
    ///     report another name (for example `States.ParameterPathFailure`) pass it here.
    /// - Throws: `errorName` with an AWS-like cause (`Invalid path '$.foo' : No results for
    ///   path: $['foo']`) when nothing is found; `States.Runtime` for a malformed path.
    public static func value(
        at path: String, input: JSONValue, context: JSONValue, variables: [String: JSONValue] = [:],
        errorName: String = StatesError.Name.runtime
    ) throws(StatesError) -> JSONValue {
        let (compiled, document) = try compile(path, input: input, context: context, variables: variables)
        switch compiled.evaluate(document) {
        case .found(let value):
            return value
        case .notFound:
            throw StatesError(errorName, "Invalid path '\(path)' : No results for path: \(compiled.normalized)")
        }
    }

    /// The value at `path`, or nil when a definite path selects nothing.
    /// - Throws: `States.Runtime` for a malformed path.
    public static func lookup(_ path: String, input: JSONValue, context: JSONValue, variables: [String: JSONValue] = [:]) throws(StatesError) -> JSONValue? {
        let (compiled, document) = try compile(path, input: input, context: context, variables: variables)
        return compiled.evaluate(document).value
    }

    /// True when `text` reads the context object (starts with `$$`).
    public static func isContextPath(_ text: String) -> Bool {
        // On the bytes: the generic hasPrefix costs ~100 instructions, and this runs per path read.
        var bytes = text.utf8.makeIterator()
        return bytes.next() == UInt8(ascii: "$") && bytes.next() == UInt8(ascii: "$")
    }

    /// The compiled path and the document it reads (`$$…` the context, `$name…` the workflow
    /// variable `name`, `$…` the input).
    static func compile(_ path: String, input: JSONValue, context: JSONValue, variables: [String: JSONValue]) throws(StatesError) -> (JSONPath, JSONValue) {
        if isContextPath(path) {
            return (try JSONPath.cachedContextPath(path), context)
        }
        if let (name, rest) = variableReference(path) {
            guard let value = variables[name] else {
                throw StatesError.runtime("Invalid path '\(path)': the variable '$\(name)' has not been assigned")
            }
            return (try JSONPath.cached(rest), value)
        }
        return (try JSONPath.cached(path), input)
    }

    /// `$name.rest` -> (`name`, `$.rest`) for a path that reads a workflow variable; nil for
    /// `$`, `$.…`, `$[…]` and `$$…`.
    public static func variableReference(_ path: String) -> (name: String, path: String)? {
        let bytes = path.utf8
        guard bytes.count > 1, bytes.first == UInt8(ascii: "$") else { return nil }
        let second = bytes[bytes.index(after: bytes.startIndex)]
        guard second != UInt8(ascii: "$"), second != UInt8(ascii: "."), second != UInt8(ascii: "[") else { return nil }
        let afterDollar = path.index(after: path.startIndex)
        let end = path[afterDollar...].firstIndex { $0 == "." || $0 == "[" } ?? path.endIndex
        return (String(path[afterDollar..<end]), "$" + path[end...])
    }
}
