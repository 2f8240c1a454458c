import JSONata

/// A field of a JSONata state (`Arguments`, `Output`, `Assign`, `Items`, `Condition`, `Seconds`,
/// ...): JSON in which every string of the form `{% expression %}` is a JSONata expression.
/// Expressions are parsed once, when the definition loads; evaluating the template builds the
/// JSON with each expression replaced by its value.
public struct JSONataTemplate: Sendable, Equatable {
    /// The field's JSON as written in the definition.
    public let source: JSONValue
    let root: Node
    /// The workflow variables any expression reads (names without `$`; `states` left out).
    public let variables: Set<String>
    /// Whether an expression may read `$states.context` (building the context object costs).
    public let readsContext: Bool

    indirect enum Node: @unchecked Sendable {
        case constant(JSONValue)
        /// An expression, and the path it is when it is one (`$states.input.a.b`, `$var.x`).
        case expression(JSONataExpression, SimplePath?)
        case object([(key: String, value: Node)])
        case array([Node])
    }

    /// An expression that only follows object keys from `$states.input`, `.result`,
    /// `.errorOutput`, `.context` or a variable: read straight from the JSON values, without
    /// converting them to JSONata's values first (most expressions in real workflows are these).
    struct SimplePath: Sendable {
        var root: JSONataRoot
        var keys: [String]

        init?(_ text: String) {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard let first = parts.first, first.hasPrefix("$") else { return nil }
            let name = String(first.dropFirst())
            guard Self.isIdentifier(name), parts.dropFirst().allSatisfy({ Self.isIdentifier($0) }) else { return nil }
            if name == "states" {
                guard parts.count >= 2, let field = JSONataRoot.StatesField(rawValue: String(parts[1])) else { return nil }
                root = .states(field)
                keys = parts.dropFirst(2).map(String.init)
            } else {
                root = .variable(name)
                keys = parts.dropFirst().map(String.init)
            }
        }

        static func isIdentifier(_ s: Substring) -> Bool { isIdentifier(String(s)) }

        static func isIdentifier(_ s: String) -> Bool {
            guard let first = s.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
            return s.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) }
        }

        /// The value at the path; `.fallback` when a step is not an object (JSONata then maps
        /// over arrays, which the full evaluation does), or the root is not a value here.
        func value(in environment: some JSONataEnvironment) -> Lookup {
            guard var value = environment.root(root) else { return .fallback }
            for key in keys {
                guard case .object(let members) = value else { return .fallback }
                guard let next = members[key] else { return .undefined }
                value = next
            }
            return .value(value)
        }

        enum Lookup { case value(JSONValue), undefined, fallback }
    }

    /// A syntax error in one of the template's expressions, at its JSON Pointer below the field.
    public struct SyntaxError: Error, Sendable {
        public var pointer: String
        public var error: JSONataError
    }

    /// Parses every `{% %}` string of `source`.
    public init(_ source: JSONValue) throws(SyntaxError) {
        var variables = Set<String>()
        var readsContext = false
        root = try Self.build(source, pointer: "", variables: &variables, readsContext: &readsContext)
        self.source = source
        self.variables = variables
        self.readsContext = readsContext
    }

    public static func == (a: JSONataTemplate, b: JSONataTemplate) -> Bool { a.source == b.source }

    /// Whether a string is a JSONata expression: `{%` ... `%}` around it, nothing outside.
    public static func isExpression(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count >= 4, bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else { return false }
        let second = bytes[bytes.index(after: bytes.startIndex)]
        let beforeLast = bytes[bytes.index(bytes.endIndex, offsetBy: -2)]
        return second == UInt8(ascii: "%") && beforeLast == UInt8(ascii: "%")
    }

    /// The expression inside `{% %}`, trimmed, as Step Functions quotes it in its errors.
    public static func expressionText(_ text: String) -> String {
        String(text.dropFirst(2).dropLast(2)).trimmingWhitespace()
    }

    private static func build(_ json: JSONValue, pointer: String, variables: inout Set<String>,
                              readsContext: inout Bool) throws(SyntaxError) -> Node {
        switch json {
        case .string(let text) where isExpression(text):
            let body = expressionText(text)
            let expression: JSONataExpression
            do {
                expression = try JSONataExpression(body, options: .stepFunctions)
            } catch {
                throw SyntaxError(pointer: pointer, error: error)
            }
            variables.formUnion(expression.freeVariables.subtracting(["states"]))
            if Self.mayReadContext(body) { readsContext = true }
            return .expression(expression, SimplePath(body))
        case .object(let members):
            var built: [(key: String, value: Node)] = []
            var allConstant = true
            for key in members.keys.sorted() {
                let node = try build(members[key]!, pointer: pointer + "/" + escape(key), variables: &variables, readsContext: &readsContext)
                if case .constant = node {} else { allConstant = false }
                built.append((key, node))
            }
            return allConstant ? .constant(json) : .object(built)
        case .array(let items):
            var built: [Node] = []
            var allConstant = true
            for (i, item) in items.enumerated() {
                let node = try build(item, pointer: "\(pointer)/\(i)", variables: &variables, readsContext: &readsContext)
                if case .constant = node {} else { allConstant = false }
                built.append(node)
            }
            return allConstant ? .constant(json) : .array(built)
        default:
            return .constant(json)
        }
    }

    /// Whether an expression may read `$states.context`: it names `context`, or uses `$states`
    /// other than as `$states.input`, `$states.result` or `$states.errorOutput`.
    static func mayReadContext(_ text: String) -> Bool {
        if text.contains("context") { return true }
        var rest = Substring(text)
        while let range = rest.range(of: "$states") {
            let after = rest[range.upperBound...]
            guard after.hasPrefix(".input") || after.hasPrefix(".result") || after.hasPrefix(".errorOutput") else { return true }
            rest = after
        }
        return false
    }

    // MARK: - Evaluation

    /// Builds the field's JSON. `field` names it in errors (`Output`, `Arguments`, `Assign`...);
    /// a member's errors name its key below it (`Output/result`), as Step Functions does.
    /// - Throws: when an expression fails, returns nothing (undefined) or returns a function.
    public func evaluate(field: String, in environment: some JSONataEnvironment) throws(QueryEvaluationFailure) -> JSONValue {
        try Self.evaluate(root, field: field, template: self, environment: environment)
    }

    private static func evaluate(_ node: Node, field: String, template: JSONataTemplate,
                                 environment: some JSONataEnvironment) throws(QueryEvaluationFailure) -> JSONValue {
        switch node {
        case .constant(let value):
            return value
        case .expression(let expression, let path):
            switch try result(of: expression, path: path, field: field, template: template, environment: environment) {
            case .value(let value): return value
            case .undefined: throw QueryEvaluationFailure(expression: expression.text, field: field, problem: "returned nothing (undefined).")
            case .function: throw QueryEvaluationFailure(expression: expression.text, field: field, problem: "returned an unsupported result type.")
            }
        case .object(let members):
            var out: [String: JSONValue] = [:]
            out.reserveCapacity(members.count)
            for (key, value) in members {
                out[key] = try evaluate(value, field: field + "/" + key, template: template, environment: environment)
            }
            return .object(out)
        case .array(let items):
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                out.append(try evaluate(item, field: "\(field)[\(i)]", template: template, environment: environment))
            }
            return .array(out)
        }
    }

    /// One expression's result: a simple path read directly, anything else evaluated by JSONata;
    /// an evaluation error names its code and message.
    static func result(of expression: JSONataExpression, path: SimplePath?, field: String, template: JSONataTemplate,
                       environment: some JSONataEnvironment) throws(QueryEvaluationFailure) -> JSONataResult {
        if let path {
            switch path.value(in: environment) {
            case .value(let value): return .value(value)
            case .undefined: return .undefined
            case .fallback: break
            }
        }
        do {
            return try expression.evaluateResult(nil, bindings: environment.bindings(for: template), nowMillis: environment.nowMillis)
        } catch {
            throw QueryEvaluationFailure(expression: expression.text, field: field,
                                         problem: "threw an error during evaluation. \(error.code): \(error.message)")
        }
    }

    /// The template's value, undefined and functions included when it is one expression, for
    /// fields that say themselves what they expect (`Items`, `Condition`, `Seconds`...).
    public func evaluateResult(field: String, in environment: some JSONataEnvironment) throws(QueryEvaluationFailure) -> JSONataResult {
        if case .expression(let expression, let path) = root {
            return try Self.result(of: expression, path: path, field: field, template: self, environment: environment)
        }
        return .value(try evaluate(field: field, in: environment))
    }

    /// The text Step Functions quotes for the template in its errors: the expression, or the JSON.
    public var quotedText: String {
        if case .expression(let expression, _) = root { return expression.text }
        return source.serialized()
    }
}

/// Where a simple path starts: a field of `$states`, or a workflow variable.
public enum JSONataRoot: Sendable, Equatable {
    public enum StatesField: String, Sendable { case input, result, errorOutput, context }
    case states(StatesField)
    case variable(String)
}

/// What a template's expressions read: `$states` and the workflow variables, as JSON values
/// (for simple paths) and as JSONata bindings (for the rest), and the clock for `$now`.
public protocol JSONataEnvironment {
    /// The value a simple path starts from; nil when it is not a value here (a variable not
    /// assigned, a `$states` field the state does not have): the full evaluation then decides.
    func root(_ root: JSONataRoot) -> JSONValue?
    /// `$states` and the variables `template` reads, as JSONata bindings.
    func bindings(for template: JSONataTemplate) -> JSONataBindings
    /// Milliseconds since the epoch for `$now()` and `$millis()` (nil: the system clock).
    var nowMillis: Double? { get }
}

/// A JSONata field that could not be evaluated: Step Functions fails the state with
/// `States.QueryEvaluationError` and records an EvaluationFailed event naming the field.
public struct QueryEvaluationFailure: Error, Sendable, Equatable {
    /// The field, with the path to the member that failed (`Output/result`); nil when the
    /// failure is not one field's (a Map's input that is not an array).
    public var location: String?
    /// The cause, without the state's prefix.
    public var cause: String

    public init(location: String?, cause: String) {
        self.location = location
        self.cause = cause
    }

    /// `The JSONata expression 'EXPR' specified for the field 'FIELD' PROBLEM`, as Step Functions words it.
    public init(expression: String, field: String, problem: String) {
        self.init(location: field, cause: "The JSONata expression '\(expression)' specified for the field '\(field)' \(problem)")
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
