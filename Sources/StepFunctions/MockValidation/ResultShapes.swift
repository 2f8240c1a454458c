import ASL

/// TestState's `mock.fieldValidationMode`: how strictly a mocked result is checked against the
/// output shape of the API operation its Task calls.
public enum MockFieldValidationMode: String, Sendable, CaseIterable {
    /// Every required member present, and every present member of its model's type (the default).
    case strict = "STRICT"
    /// Every present member of its model's type; required members may be missing.
    case present = "PRESENT"
    /// Nothing is checked.
    case none = "NONE"
}

/// A mocked result that does not conform to its operation's output shape: where, and what is wrong.
/// ``message`` is AWS's, which names the member alone (`Field 'EventId' must be a string`);
/// ``path`` says where it is in the result (`Entries[1].EventId`).
public struct MockResultProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A required member is missing (only under STRICT).
        case missing
        /// Of the wrong JSON type: "a string", "a number", "an integer", "a boolean", "an array", "an object".
        case mustBe(String)
        /// A string that is none of its enum's values.
        case notExpectedValue
        case shorterThanMinimum
        case longerThanMaximum
        case lessThanMinimum
        case moreThanMaximum
        /// The result itself is not a JSON object (every modelled output is one).
        case notAnObject
    }

    /// The member's path in the result, e.g. `Entries[1].EventId` (empty for the result itself).
    public var path: String
    /// The member's name (the last name of ``path``; a list's items and a map's values are named by
    /// their list's or map's member).
    public var field: String
    public var kind: Kind

    public init(path: String, field: String, kind: Kind) {
        self.path = path
        self.field = field
        self.kind = kind
    }

    /// AWS's ValidationException message.
    public var message: String {
        let prefix = "Mock result schema validation error: "
        switch kind {
        case .missing: return prefix + "Required field '\(field)' is missing"
        case .mustBe(let type): return prefix + "Field '\(field)' must be \(type)"
        case .notExpectedValue: return prefix + "Field '\(field)' is not an expected value"
        case .shorterThanMinimum: return prefix + "Field '\(field)' is smaller than the minimum length"
        case .longerThanMaximum: return prefix + "Field '\(field)' exceeds the maximum length"
        case .lessThanMinimum: return prefix + "Field '\(field)' is less than the minimum value"
        case .moreThanMaximum: return prefix + "Field '\(field)' exceeds the maximum value"
        case .notAnObject: return prefix + "The mocked result must be a JSON object"
        }
    }

    public var description: String { path.isEmpty ? message : "\(message) (at \(path))" }
}

/// The output shapes of the API operations a Task state calls, generated from botocore's models by
/// `scripts/generate-result-shapes` (ResultShapes+Generated.swift): the optimized integrations'
/// request-response calls (`arn:aws:states:::dynamodb:getItem`) and every operation of the modelled
/// services through the AWS SDK integrations (`arn:aws:states:::aws-sdk:s3:getObject`). Member
/// names are in PascalCase, as Step Functions answers them.
public enum ResultShapes {
    /// The modelled operation `resource` calls: the SDK service name and the operation, or nil when
    /// it is not modelled (a Lambda function ARN, an activity, a `.sync` or `.waitForTaskToken`
    /// pattern, an integration whose result is not the API's output, a service not generated).
    public static func operation(forResource resource: String) -> (service: String, operation: String)? {
        lookup(resource).map { ($0.service, $0.operation) }
    }

    private static func lookup(_ resource: String) -> (service: String, operation: String, model: ServiceModel)? {
        let parts = resource.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 7, parts[0] == "arn", parts[2] == "states", parts[3].isEmpty, parts[4].isEmpty else { return nil }
        let service: String, operation: String
        if parts[5] == "aws-sdk" {
            guard parts.count == 8, !parts[7].contains(".") else { return nil }
            service = String(parts[6])
            operation = parts[7].prefix(1).uppercased() + parts[7].dropFirst()
        } else {
            guard parts.count == 7, let known = optimized["\(parts[5]):\(parts[6])"] else { return nil }
            (service, operation) = known
        }
        guard let text = services[service], let model = ServiceModel(text) else { return nil }
        if model.operations[operation] != nil { return (service, operation, model) }
        // The ARN's action is the operation's name with a lower-case first letter; a name whose
        // other letters differ in case (`getObjectACL`) is matched without regard to case.
        let lowered = operation.lowercased()
        return model.operations.keys.first { $0.lowercased() == lowered }.map { (service, $0, model) }
    }

    /// The first problem of `result` against the output shape of the operation `resource` calls
    /// under `mode`, or nil: when it conforms, when the mode is NONE, or when the resource is not
    /// modelled. Members the shape does not name are not checked (as AWS: only the fields of the
    /// API's schema are validated); member names are matched with their case; a `null` member
    /// counts as absent.
    public static func problem(of result: JSONValue, resource: String, mode: MockFieldValidationMode) -> MockResultProblem? {
        guard mode != .none, let (_, operation, model) = lookup(resource), let index = model.operations[operation] else { return nil }
        guard result.objectValue != nil else { return MockResultProblem(path: "", field: "", kind: .notAnObject) }
        // An operation without an output shape answers an empty object: nothing to check.
        guard index >= 0 else { return nil }
        return model.problem(of: result, shape: index, field: "", path: "", strict: mode == .strict)
    }
}

/// One service's output shapes, decoded from its generated compact JSON.
struct ServiceModel {
    let operations: [String: Int]
    let shapes: [JSONValue]

    init?(_ text: String) {
        guard let value = try? JSONValue(parsing: text), let operations = value["o"]?.objectValue, let shapes = value["s"]?.arrayValue else {
            return nil
        }
        self.operations = operations.compactMapValues(\.intValue)
        self.shapes = shapes
    }

    private static func bound(_ shape: [JSONValue], _ at: Int) -> Double? {
        shape.count > at ? shape[at].numberValue : nil
    }

    func problem(of value: JSONValue, shape index: Int, field: String, path: String, strict: Bool) -> MockResultProblem? {
        guard shapes.indices.contains(index), let shape = shapes[index].arrayValue, let tag = shape.first?.stringValue else { return nil }
        func wrong(_ kind: MockResultProblem.Kind) -> MockResultProblem { MockResultProblem(path: path, field: field, kind: kind) }
        switch tag {
        case "o":
            guard let object = value.objectValue else { return wrong(.mustBe("an object")) }
            let required = Set((shape.count > 2 ? shape[2].arrayValue ?? [] : []).compactMap(\.stringValue))
            for member in shape.count > 1 ? shape[1].arrayValue ?? [] : [] {
                guard let pair = member.arrayValue, pair.count == 2, let name = pair[0].stringValue, let memberShape = pair[1].intValue else { continue }
                let memberPath = path.isEmpty ? name : "\(path).\(name)"
                guard let memberValue = object[name], !memberValue.isNull else {
                    if strict, required.contains(name) { return MockResultProblem(path: memberPath, field: name, kind: .missing) }
                    continue
                }
                if let problem = problem(of: memberValue, shape: memberShape, field: name, path: memberPath, strict: strict) { return problem }
            }
            return nil
        case "l":
            guard let items = value.arrayValue else { return wrong(.mustBe("an array")) }
            guard let itemShape = shape.count > 1 ? shape[1].intValue : nil else { return nil }
            for (offset, item) in items.enumerated() {
                if let problem = problem(of: item, shape: itemShape, field: field, path: "\(path)[\(offset)]", strict: strict) { return problem }
            }
            return nil
        case "m":
            guard let object = value.objectValue else { return wrong(.mustBe("an object")) }
            guard let valueShape = shape.count > 2 ? shape[2].intValue : nil else { return nil }
            for key in object.keys.sorted() {
                if let problem = problem(of: object[key]!, shape: valueShape, field: field, path: "\(path).\(key)", strict: strict) { return problem }
            }
            return nil
        case "s", "b":
            guard let string = value.stringValue else { return wrong(.mustBe("a string")) }
            if tag == "s", shape.count > 3, let values = shape[3].arrayValue, !values.contains(.string(string)) {
                return wrong(.notExpectedValue)
            }
            let length = Double(string.count)
            if let min = Self.bound(shape, 1), length < min { return wrong(.shorterThanMinimum) }
            if let max = Self.bound(shape, 2), length > max { return wrong(.longerThanMaximum) }
            return nil
        case "i", "n":
            guard let number = value.numberValue else { return wrong(.mustBe("a number")) }
            if tag == "i", number.rounded() != number { return wrong(.mustBe("an integer")) }
            if let min = Self.bound(shape, 1), number < min { return wrong(.lessThanMinimum) }
            if let max = Self.bound(shape, 2), number > max { return wrong(.moreThanMaximum) }
            return nil
        case "z":
            return value.boolValue == nil ? wrong(.mustBe("a boolean")) : nil
        case "t":
            // A timestamp in a Task's result is a string (AWS refuses a number or a boolean).
            return value.stringValue == nil ? wrong(.mustBe("a string")) : nil
        default:
            // "a": anything (a document, lambda:invoke's Payload).
            return nil
        }
    }
}
