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
        at path: String, input: JSONValue, context: JSONValue,
        errorName: String = StatesError.Name.runtime
    ) throws(StatesError) -> JSONValue {
        let (compiled, document) = try compile(path, input: input, context: context)
        switch compiled.evaluate(document) {
        case .found(let value):
            return value
        case .notFound:
            throw StatesError(errorName, "Invalid path '\(path)' : No results for path: \(compiled.normalized)")
        }
    }

    /// The value at `path`, or nil when a definite path selects nothing.
    /// - Throws: `States.Runtime` for a malformed path.
    public static func lookup(_ path: String, input: JSONValue, context: JSONValue) throws(StatesError) -> JSONValue? {
        let (compiled, document) = try compile(path, input: input, context: context)
        return compiled.evaluate(document).value
    }

    /// True when `text` reads the context object (starts with `$$`).
    public static func isContextPath(_ text: String) -> Bool {
        // On the bytes: the generic hasPrefix costs ~100 instructions, and this runs per path read.
        var bytes = text.utf8.makeIterator()
        return bytes.next() == UInt8(ascii: "$") && bytes.next() == UInt8(ascii: "$")
    }

    /// The compiled path and the document it reads (`$$…` the context, `$…` the input).
    static func compile(_ path: String, input: JSONValue, context: JSONValue) throws(StatesError) -> (JSONPath, JSONValue) {
        if isContextPath(path) {
            return (try JSONPath.cachedContextPath(path), context)
        }
        return (try JSONPath.cached(path), input)
    }
}
