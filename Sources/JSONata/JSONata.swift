import Foundation
import JSON

/// Limits that make a runaway expression fail with `U1001` instead of exhausting the stack or hanging.
public struct JSONataLimits: Sendable {
    /// The deepest nesting of evaluation steps (jsonata-js counts each sub-expression evaluated).
    public var maxDepth: Int
    /// Seconds an evaluation may take, or nil for no limit.
    public var timeLimit: Double?

    public init(maxDepth: Int = 1000, timeLimit: Double? = 10) {
        self.maxDepth = maxDepth
        self.timeLimit = timeLimit
    }

    public static let `default` = JSONataLimits()
}

/// Which built-in functions an expression may call.
public struct JSONataOptions: Sendable {
    /// Include `$eval` (AWS Step Functions does not offer it).
    public var allowEval: Bool
    /// Include AWS Step Functions' additions: `$partition`, `$range`, `$hash`, `$random([seed])`, `$uuid`, `$parse`.
    public var stepFunctionsFunctions: Bool

    public init(allowEval: Bool = false, stepFunctionsFunctions: Bool = true) {
        self.allowEval = allowEval
        self.stepFunctionsFunctions = stepFunctionsFunctions
    }

    /// The AWS Step Functions profile: its additions, no `$eval`.
    public static let stepFunctions = JSONataOptions()
    /// Plain JSONata 2.0.6, with `$eval` and without the AWS additions.
    public static let standard = JSONataOptions(allowEval: true, stepFunctionsFunctions: false)
}

/// A native Swift function bound as a JSONata variable (`$name(...)`).
public struct JSONataFunction: Sendable {
    public let name: String
    /// How many arguments higher-order functions (`$map`, ...) pass to it.
    public let arity: Int
    let signature: Signature?
    let body: @Sendable ([JSONValue?]) throws(JSONataError) -> JSONValue?

    /// - Parameters:
    ///   - signature: an optional JSONata signature (`<s-n?:s>`) that validates the arguments first.
    ///   - body: gets the arguments (nil for undefined) and returns the result (nil for undefined).
    public init(name: String, arity: Int, signature: String? = nil,
                _ body: @escaping @Sendable ([JSONValue?]) throws(JSONataError) -> JSONValue?) throws(JSONataError) {
        self.name = name
        self.arity = arity
        self.signature = try signature.map { s throws(JSONataError) in try Signature.parse(s) }
        self.body = body
    }

    func call(_ args: [JV?]) throws(JSONataError) -> JV? {
        try body(args.map { $0?.toJSON() }).map { JV($0) }
    }
}

/// A JSON value that keeps the order of object members (JSONata's `$keys`, `$each`, `$spread` and
/// object output follow it). Make one from JSON text to keep the text's order.
public struct JSONataValue: @unchecked Sendable, CustomStringConvertible {
    let value: JV

    init(_ value: JV) { self.value = value }

    /// Parses JSON text, keeping object members in the order of the text.
    public init(parsingJSON text: String) throws(JSONParseError) {
        value = try JSONValue.parse(text, builder: OrderedBuilder())
    }

    /// A value from `JSONValue` (object members in sorted key order).
    public init(_ json: JSONValue) { value = JV(eager: json) }

    /// The value as a `JSONValue` (member order dropped; functions left out).
    public var json: JSONValue { value.toJSON() ?? .null }

    /// Compact JSON text in member order (numbers as JavaScript's JSON.stringify prints them).
    public var description: String { Functions.stringify(value, pretty: false, fullPrecision: true) ?? "" }

    /// JSON text in member order, indented by two spaces when `pretty`.
    public func serialized(pretty: Bool = false) -> String { Functions.stringify(value, pretty: pretty, fullPrecision: true) ?? "" }
}

/// Variable values for ``JSONataExpression/evaluateResult(_:bindings:nowMillis:limits:)``, converted
/// to JSONata's values once however many expressions read them, and lazily: an object's members
/// are converted when an expression first reads them, so bindings are for one thread at a time
/// (as the engine's `$states` of one state run is).
public struct JSONataBindings: @unchecked Sendable {
    var values: [String: JV] = [:]

    public init() {}

    /// Binds `$name` (give `name` without the `$`).
    public mutating func bind(_ name: String, _ value: JSONValue) { values[name] = JV(value) }
}

/// What an evaluation gave: a JSON value, nothing (undefined), or a function.
public enum JSONataResult: Sendable, Equatable {
    case value(JSONValue)
    case undefined
    case function
}

/// A parsed JSONata expression: parse once, evaluate many times, from any number of threads.
///
/// ```swift
/// let expr = try JSONataExpression("Account.Order.Product.Price ~> $sum()")
/// let total = try expr.evaluate(input)   // nil means undefined (no result)
/// ```
public struct JSONataExpression: @unchecked Sendable {
    let ast: Node
    /// The expression's text.
    public let text: String
    public let options: JSONataOptions
    let builtins: [String: JFunction]

    /// Parses `text`; a syntax error throws with its `S0xxx` code and position.
    public init(_ text: String, options: JSONataOptions = .stepFunctions) throws(JSONataError) {
        self.text = text
        self.options = options
        ast = try Parser.parse(text)
        builtins = JSONataExpression.builtins(for: options)
        ast.resolveBuiltins(builtins)
    }

    static let stepFunctionsBuiltins: [String: JFunction] = Functions.standard.merging(StepFunctionsFunctions.table) { _, new in new }
    static let standardBuiltins: [String: JFunction] = Functions.standard.merging(EvalFunction.table) { _, new in new }
    static let allBuiltins: [String: JFunction] = stepFunctionsBuiltins.merging(EvalFunction.table) { _, new in new }

    static func builtins(for options: JSONataOptions) -> [String: JFunction] {
        switch (options.stepFunctionsFunctions, options.allowEval) {
        case (true, false): return stepFunctionsBuiltins
        case (true, true): return allBuiltins
        case (false, true): return standardBuiltins
        case (false, false): return Functions.standard
        }
    }

    /// Evaluates against `input` (nil: no input). Returns nil when the result is undefined.
    /// - Parameters:
    ///   - bindings: values of variables (`["x": 1]` makes `$x` 1), e.g. `$states` in Step Functions.
    ///   - functions: native functions bound as variables, by name without `$`.
    public func evaluate(_ input: JSONValue?, bindings: [String: JSONValue] = [:], functions: [JSONataFunction] = [],
                         limits: JSONataLimits = .default) throws(JSONataError) -> JSONValue? {
        try evaluate(input.map { JV($0) }, bindings: bindings.isEmpty ? [:] : bindings.mapValues { JV($0) }, functions: functions, limits: limits)?.toJSON()
    }

    /// Evaluates against an ordered input, and returns an ordered result (nil when undefined).
    public func evaluate(ordered input: JSONataValue?, bindings: [String: JSONataValue] = [:], functions: [JSONataFunction] = [],
                         limits: JSONataLimits = .default) throws(JSONataError) -> JSONataValue? {
        try evaluate(input?.value, bindings: bindings.isEmpty ? [:] : bindings.mapValues(\.value), functions: functions, limits: limits).map(JSONataValue.init)
    }

    /// Evaluates for a host that tells undefined and a function result apart (Step Functions
    /// reports each in its own words), with the host's clock for `$now` and `$millis`.
    /// - Parameters:
    ///   - bindings: variables converted once, for several expressions evaluated with the same values.
    ///   - nowMillis: milliseconds since the epoch that `$now()` and `$millis()` report (nil: the
    ///     system clock when the evaluation starts).
    public func evaluateResult(_ input: JSONValue?, bindings: JSONataBindings, nowMillis: Double? = nil,
                               limits: JSONataLimits = .default) throws(JSONataError) -> JSONataResult {
        switch try evaluate(input.map { JV($0) }, bindings: bindings.values, functions: [], limits: limits, nowMillis: nowMillis) {
        case nil: return .undefined
        case .function?: return .function
        case let value?: return .value(value.toJSON() ?? .null)
        }
    }

    func evaluate(_ input: JV?, bindings: [String: JV], functions: [JSONataFunction], limits: JSONataLimits,
                  nowMillis: Double? = nil) throws(JSONataError) -> JV? {
        var input = input
        if case .array(let a)? = input, !a.isSequence {
            let wrapper = JArray.sequence([.array(a)])
            wrapper.outerWrapper = true
            input = .array(wrapper)
        }
        let evaluator = Evaluator(limits: limits, builtins: builtins, nowMillis: nowMillis)
        let root = Frame(parent: nil)
        root.bindNew("$", input)
        for (k, v) in bindings where k != "$" { root.bindNew(k, v) }
        if let v = bindings["$"] { root.bind("$", v) }
        for f in functions { root.bind(f.name, .function(JFunction(.native(f)))) }
        var result = try evaluator.evaluate(ast, input, root)
        if case .array(let a)? = result, a.isSequence {
            if a.items.isEmpty { result = nil } else if a.items.count == 1 && !a.keepSingleton { result = a.items[0] }
        }
        return result
    }

    /// The variables the expression reads without binding them itself (`$name` without the `$`),
    /// excluding `$` and `$$`, and the built-in functions it calls by name. For validation.
    public var freeVariables: Set<String> {
        var free = Set<String>()
        FreeVariables.collect(ast, bound: [], into: &free)
        return free.filter { !$0.isEmpty && $0 != "$" && builtins[$0] == nil }
    }
}
