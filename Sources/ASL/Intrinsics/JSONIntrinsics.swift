/// Intrinsics for JSON data and strings.
extension IntrinsicFunctions {
    /// States.StringToJson(string): the JSON value the string holds.
    static func stringToJson(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.expectCount(1)
        let text = try args.string(0)
        // Step Functions reads an empty or blank text as null.
        if text.allSatisfy(\.isWhitespace) { return .null }
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw .intrinsicFailure("\(args.name): the argument is not valid JSON (\(error)): \(text)")
        }
    }

    /// States.JsonToString(value): compact JSON text of the value.
    static func jsonToString(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.expectCount(1)
        return .string(args.values[0].serialized())
    }

    /// States.JsonMerge(object1, object2, false): a shallow merge, `object2`'s members winning.
    /// Deep merging (`true`) is not supported, as in AWS.
    static func jsonMerge(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.expectCount(3)
        var merged = try args.object(0)
        let other = try args.object(1)
        guard try args.bool(2) == false else {
            throw .intrinsicFailure("\(args.name): only shallow merging is supported; the third argument must be false")
        }
        merged.merge(other) { _, new in new }
        return .object(merged)
    }

    /// States.StringSplit(string, delimiters): the pieces between any of the delimiter
    /// characters; empty pieces are dropped.
    static func stringSplit(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.expectCount(2)
        let text = try args.string(0)
        let delimiters = Set(try args.string(1))
        guard !delimiters.isEmpty else { return .array([.string(text)]) }
        return .array(text.split(whereSeparator: { delimiters.contains($0) }).map { .string(String($0)) })
    }
}
