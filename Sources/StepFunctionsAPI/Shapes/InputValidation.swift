import ASL

/// Checks a request's members against its operation's input shape, as AWS's front end does before
/// an operation runs: a member of the wrong JSON type is a `SerializationException`; missing
/// required members and broken constraints are one `ValidationException` listing them all, in
/// AWS's words ("1 validation error detected: Value null at 'roleArn' failed to satisfy
/// constraint: Member must not be null"). Members the model does not know are ignored, as AWS does.
enum InputValidation {
    static func check(_ input: JSONValue, shape name: String) throws(APIFault) {
        var violations: [String] = []
        try check(input, shapeName: name, path: "", violations: &violations)
        guard !violations.isEmpty else { return }
        let count = violations.count
        throw APIFault.validation("\(count) validation error\(count == 1 ? "" : "s") detected: " + violations.joined(separator: "; "))
    }

    private static func check(_ value: JSONValue, shapeName: String, path: String, violations: inout [String]) throws(APIFault) {
        guard let shape = APIShapes.shapes[shapeName] else { return }
        func violation(_ constraint: String) {
            violations.append("Value \(quoted(value)) at '\(path)' failed to satisfy constraint: \(constraint)")
        }
        switch shape {
        case .structure(let members, let required):
            guard let object = value.objectValue else { throw wrongType(path, expected: "an object", value) }
            for (member, memberShape) in members {
                let memberPath = path.isEmpty ? member : "\(path).\(member)"
                guard let memberValue = object[member], !memberValue.isNull else {
                    if required.contains(member) { violations.append("Value null at '\(memberPath)' failed to satisfy constraint: Member must not be null") }
                    continue
                }
                try check(memberValue, shapeName: memberShape, path: memberPath, violations: &violations)
            }
        case .string(let min, let max, let enumValues, let pattern):
            guard let text = value.stringValue else { throw wrongType(path, expected: "a string", value) }
            let length = text.unicodeScalars.count
            if let min, length < min { violation("Member must have length greater than or equal to \(min)") }
            if let max, length > max { violation("Member must have length less than or equal to \(max)") }
            if let enumValues, !enumValues.contains(text) { violation("Member must satisfy enum value set: [\(enumValues.joined(separator: ", "))]") }
            if let pattern, !pattern.matches(text) { violation("Member must satisfy regular expression pattern: \(pattern.text)") }
        case .integer(let min, let max):
            guard let number = value.numberValue else { throw wrongType(path, expected: "a number", value) }
            guard number.rounded() == number, abs(number) < 9.2e18 else { throw wrongType(path, expected: "an integer", value) }
            if let min, number < Double(min) { violation("Member must have value greater than or equal to \(min)") }
            if let max, number > Double(max) { violation("Member must have value less than or equal to \(max)") }
        case .number, .timestamp:
            guard value.numberValue != nil else { throw wrongType(path, expected: "a number", value) }
        case .boolean:
            guard value.boolValue != nil else { throw wrongType(path, expected: "a boolean", value) }
        case .list(let member, let min, let max):
            guard let items = value.arrayValue else { throw wrongType(path, expected: "an array", value) }
            if let min, items.count < min { violation("Member must have length greater than or equal to \(min)") }
            if let max, items.count > max { violation("Member must have length less than or equal to \(max)") }
            for (index, item) in items.enumerated() {
                try check(item, shapeName: member, path: "\(path).\(index + 1).member", violations: &violations)
            }
        case .map(_, let valueShape):
            guard let object = value.objectValue else { throw wrongType(path, expected: "an object", value) }
            for (key, item) in object { try check(item, shapeName: valueShape, path: "\(path).\(key)", violations: &violations) }
        }
    }

    /// AWS answers a member of the wrong JSON type before it validates anything.
    private static func wrongType(_ path: String, expected: String, _ value: JSONValue) -> APIFault {
        APIFault(type: "SerializationException", message: "\(path.isEmpty ? "the request body" : "'\(path)'") must be \(expected), not \(value.typeName)")
    }

    /// How AWS quotes a value in a constraint message: strings in single quotes, others as JSON;
    /// past 100 characters (an input, a definition) the value is cut, saying how long it was.
    private static func quoted(_ value: JSONValue) -> String {
        let text = value.stringValue.map { "'\($0)'" } ?? value.serialized()
        guard text.count > 100 else { return text }
        return text.prefix(100) + "...' (\(text.count - 2) characters)"
    }
}
