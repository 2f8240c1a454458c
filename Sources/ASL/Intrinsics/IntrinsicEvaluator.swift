/// Evaluates intrinsic function calls (`States.Format(…)`, `States.Array(…)`, …).
public enum Intrinsics {
    /// Evaluates the call written in `expression` against the state input and context object.
    ///
    /// - Parameters:
    ///   - field: the payload-template key being built (`"greeting.$"`), for error messages.
    ///   - random: the source for `States.MathRandom` without a seed and `States.UUID`.
    /// - Throws: `States.IntrinsicFailure` for bad syntax, a wrong argument count or type, or a
    ///   failing function; `States.ParameterPathFailure` when a path argument finds nothing.
    public static func evaluate<R: RandomNumberGenerator>(
        _ expression: String, input: JSONValue, context: JSONValue, field: String? = nil, variables: [String: JSONValue] = [:], random: inout R
    ) throws(StatesError) -> JSONValue {
        let call = try IntrinsicCall.cached(expression)
        var evaluator = IntrinsicEvaluator(input: input, context: context, variables: variables, field: field ?? expression, random: random)
        defer { random = evaluator.random }
        return try evaluator.evaluate(call)
    }

    /// As ``evaluate(_:input:context:field:random:)`` with the system random number generator.
    public static func evaluate(_ expression: String, input: JSONValue, context: JSONValue, field: String? = nil) throws(StatesError) -> JSONValue {
        var random = SystemRandomNumberGenerator()
        return try evaluate(expression, input: input, context: context, field: field, random: &random)
    }
}

struct IntrinsicEvaluator<R: RandomNumberGenerator> {
    let input: JSONValue
    let context: JSONValue
    let variables: [String: JSONValue]
    let field: String
    var random: R

    mutating func evaluate(_ call: IntrinsicCall) throws(StatesError) -> JSONValue {
        if call.function == .format { return try format(call) }
        var values: [JSONValue] = []
        values.reserveCapacity(call.arguments.count)
        for argument in call.arguments { values.append(try value(of: argument)) }
        let args = IntrinsicArguments(function: call.function, values: values)
        switch call.function {
        case .format: return try format(call)
        case .stringToJson: return try IntrinsicFunctions.stringToJson(args)
        case .jsonToString: return try IntrinsicFunctions.jsonToString(args)
        case .jsonMerge: return try IntrinsicFunctions.jsonMerge(args)
        case .stringSplit: return try IntrinsicFunctions.stringSplit(args)
        case .array: return .array(values)
        case .arrayPartition: return try IntrinsicFunctions.arrayPartition(args)
        case .arrayContains: return try IntrinsicFunctions.arrayContains(args)
        case .arrayRange: return try IntrinsicFunctions.arrayRange(args)
        case .arrayGetItem: return try IntrinsicFunctions.arrayGetItem(args)
        case .arrayLength: return try IntrinsicFunctions.arrayLength(args)
        case .arrayUnique: return try IntrinsicFunctions.arrayUnique(args)
        case .base64Encode: return try IntrinsicFunctions.base64Encode(args)
        case .base64Decode: return try IntrinsicFunctions.base64Decode(args)
        case .hash: return try IntrinsicFunctions.hash(args)
        case .mathAdd: return try IntrinsicFunctions.mathAdd(args)
        case .mathRandom: return try IntrinsicFunctions.mathRandom(args, random: &random)
        case .uuid: return try IntrinsicFunctions.uuid(args, random: &random)
        }
    }

    mutating func value(of argument: IntrinsicArgument) throws(StatesError) -> JSONValue {
        switch argument {
        case .literal(let v): return v
        case .string(let value, _): return .string(value)
        case .call(let call): return try evaluate(call)
        case .path(let path):
            guard let v = try PathEvaluator.lookup(path, input: input, context: context, variables: variables) else {
                throw .parameterPathFailure(
                    "The JsonPath argument for the field '\(field)' could not find a value in the input: \(path)")
            }
            return v
        }
    }

    /// States.Format: `{}` placeholders in the first argument are replaced, in order, by the
    /// other arguments (strings as they are, objects and arrays as Step Functions prints them:
    /// `{Arg1=1, Arg2=[]}`, other values as JSON text).
    mutating func format(_ call: IntrinsicCall) throws(StatesError) -> JSONValue {
        guard let first = call.arguments.first else {
            throw .intrinsicFailure("States.Format needs a format string as its first argument")
        }
        // A literal's escapes (\{ \} \' \\) are resolved here, so an escaped brace is no placeholder.
        let template: String
        let escapes: Bool
        if case .string(_, let raw) = first {
            template = raw
            escapes = true
        } else {
            guard case .string(let s) = try value(of: first) else {
                throw .intrinsicFailure("States.Format: the first argument must be a string")
            }
            template = s
            escapes = false
        }
        var values: [JSONValue] = []
        for argument in call.arguments.dropFirst() { values.append(try value(of: argument)) }

        var out = ""
        var used = 0
        var scalars = template.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let c = pending {
            pending = scalars.next()
            if escapes && c == "\\", let next = pending {
                out.unicodeScalars.append(next)
                pending = scalars.next()
            } else if c == "{" && pending == "}" {
                pending = scalars.next()
                guard used < values.count else {
                    throw .intrinsicFailure("States.Format: the format string has more placeholders than the \(values.count) argument(s) given")
                }
                let v = values[used]
                used += 1
                out += Self.formatText(v)
            } else {
                out.unicodeScalars.append(c)
            }
        }
        guard used == values.count else {
            throw .intrinsicFailure("States.Format: the format string has \(used) placeholder(s) but \(values.count) argument(s) were given")
        }
        return .string(out)
    }
}

extension IntrinsicEvaluator {
    /// A value as States.Format writes it (Java's map and list text: keys and strings unquoted).
    static func formatText(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .array(let elements): return "[" + elements.map(formatText).joined(separator: ", ") + "]"
        case .object(let members): return "{" + members.keys.sorted().map { "\($0)=\(formatText(members[$0]!))" }.joined(separator: ", ") + "}"
        default: return value.serialized()
        }
    }
}

/// Evaluated arguments with typed accessors that throw `States.IntrinsicFailure`.
struct IntrinsicArguments {
    let function: IntrinsicFunction
    let values: [JSONValue]

    var name: String { function.rawValue }

    func expectCount(_ range: ClosedRange<Int>) throws(StatesError) {
        guard range.contains(values.count) else {
            let expected = range.count == 1 ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
            throw .intrinsicFailure("\(name) expects \(expected) argument(s) but got \(values.count)")
        }
    }

    func expectCount(_ n: Int) throws(StatesError) { try expectCount(n...n) }

    func typeError(_ index: Int, _ expected: String) -> StatesError {
        .intrinsicFailure("\(name): argument \(index + 1) must be \(expected) but was \(values[index].typeName) \(values[index].serialized())")
    }

    func string(_ i: Int) throws(StatesError) -> String {
        guard case .string(let s) = values[i] else { throw typeError(i, "a string") }
        return s
    }

    func int(_ i: Int) throws(StatesError) -> Int {
        guard let n = values[i].intValue else { throw typeError(i, "an integer") }
        return n
    }

    func array(_ i: Int) throws(StatesError) -> [JSONValue] {
        guard case .array(let a) = values[i] else { throw typeError(i, "an array") }
        return a
    }

    func object(_ i: Int) throws(StatesError) -> [String: JSONValue] {
        guard case .object(let o) = values[i] else { throw typeError(i, "an object") }
        return o
    }

    func bool(_ i: Int) throws(StatesError) -> Bool {
        guard case .bool(let b) = values[i] else { throw typeError(i, "a boolean") }
        return b
    }
}

/// The implementations of the intrinsic functions, grouped by topic in several files.
enum IntrinsicFunctions {}
