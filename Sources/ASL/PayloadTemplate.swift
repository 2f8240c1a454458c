/// Payload templates: the `Parameters` and `ResultSelector` fields (JSONPath query language).
///
/// Objects and arrays are copied recursively. A key ending in `.$` takes its value from a path
/// (`$…` reads the input, `$$…` the context object) or an intrinsic function call
/// (`States.Format(…)`), and loses its `.$` suffix in the output.
public enum PayloadTemplate {
    /// Builds the payload described by `template`.
    ///
    /// - Parameter random: the source for `States.UUID` and unseeded `States.MathRandom`.
    /// - Throws: `States.ParameterPathFailure` when a path finds nothing;
    ///   `States.IntrinsicFailure` when an intrinsic function fails; `States.Runtime` when a
    ///   `.$` field's value is not a string, or is neither a path nor an intrinsic call.
    public static func evaluate<R: RandomNumberGenerator>(
        _ template: JSONValue, input: JSONValue, context: JSONValue, variables: [String: JSONValue] = [:], random: inout R
    ) throws(StatesError) -> JSONValue {
        switch template {
        case .object(let members):
            var out: [String: JSONValue] = [:]
            out.reserveCapacity(members.count)
            for (key, value) in members {
                if Self.isDynamicKey(key) {
                    out[String(key.dropLast(2))] = try dynamicValue(
                        field: key, value: value, input: input, context: context, variables: variables, random: &random)
                } else {
                    out[key] = try evaluate(value, input: input, context: context, variables: variables, random: &random)
                }
            }
            return .object(out)
        case .array(let elements):
            var out: [JSONValue] = []
            out.reserveCapacity(elements.count)
            for element in elements { out.append(try evaluate(element, input: input, context: context, variables: variables, random: &random)) }
            return .array(out)
        default:
            return template
        }
    }

    /// Whether a key ends in `.$` (on the bytes: the generic hasSuffix is slow, and this runs per key).
    static func isDynamicKey(_ key: String) -> Bool {
        let bytes = key.utf8
        guard bytes.count >= 2 else { return false }
        let last = bytes.index(before: bytes.endIndex)
        return bytes[last] == UInt8(ascii: "$") && bytes[bytes.index(before: last)] == UInt8(ascii: ".")
    }

    /// As ``evaluate(_:input:context:random:)`` with the system random number generator.
    public static func evaluate(_ template: JSONValue, input: JSONValue, context: JSONValue) throws(StatesError) -> JSONValue {
        var random = SystemRandomNumberGenerator()
        return try evaluate(template, input: input, context: context, random: &random)
    }

    /// The value of one `key.$` field.
    static func dynamicValue<R: RandomNumberGenerator>(
        field: String, value: JSONValue, input: JSONValue, context: JSONValue, variables: [String: JSONValue], random: inout R
    ) throws(StatesError) -> JSONValue {
        guard case .string(let expression) = value else {
            throw .runtime("The value for the field '\(field)' must be a string (a JSONPath or an intrinsic function) but was \(value.typeName) \(value.serialized())")
        }
        if expression.utf8.first == UInt8(ascii: "$") {
            guard let found = try PathEvaluator.lookup(expression, input: input, context: context, variables: variables) else {
                let document = PathEvaluator.isContextPath(expression) ? context
                    : PathEvaluator.variableReference(expression).flatMap { variables[$0.name] } ?? input
                throw .parameterPathFailure(
                    "The JSONPath '\(expression)' specified for the field '\(field)' could not be found in the input '\(document.serialized())'")
            }
            return found
        }
        if IntrinsicCall.isIntrinsic(expression) {
            return try Intrinsics.evaluate(expression, input: input, context: context, field: field, variables: variables, random: &random)
        }
        throw .runtime("The value for the field '\(field)' must be a JSONPath or an intrinsic function but was '\(expression)'")
    }
}
