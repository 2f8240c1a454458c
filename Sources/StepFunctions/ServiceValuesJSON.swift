import ASL
import Engine
import Foundation

// The seam's values in AWS JSON 1.0, both ways: `awsJSON` is what the API server answers
// (Sources/StepFunctionsAPI/Operations), `init(awsJSON:)` what a client of any Step Functions
// endpoint reads back (Sources/RemoteStepFunctions). Dates are epoch seconds; a definition, an
// input and an output are JSON text inside the JSON. The readers are lenient where services
// differ from AWS's documentation (moto leaves out an execution's `name` and a machine's
// `type`): what can be derived is derived, and only what a value cannot do without fails.

/// A member an AWS answer must have is missing or of the wrong type: which, in which answer.
public struct AWSShapeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var shape: String
    public var member: String

    public init(shape: String, member: String) {
        self.shape = shape
        self.member = member
    }

    public var description: String { "\(shape) has no valid \"\(member)\"" }
}

/// Reading AWS JSON's members.
public enum AWSJSON {
    /// A date: AWS JSON sends epoch seconds; ISO 8601 text (as some emulators send) is read too.
    public static func date(_ value: JSONValue?) -> Double? {
        if let seconds = value?.numberValue { return seconds }
        guard let text = value?.stringValue else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)?.timeIntervalSince1970
    }

    /// A required string member.
    public static func string(_ json: JSONValue, _ member: String, in shape: String) throws(AWSShapeError) -> String {
        guard let value = json[member]?.stringValue else { throw AWSShapeError(shape: shape, member: member) }
        return value
    }

    /// A required date member.
    public static func date(_ json: JSONValue, _ member: String, in shape: String) throws(AWSShapeError) -> Double {
        guard let value = date(json[member]) else { throw AWSShapeError(shape: shape, member: member) }
        return value
    }

    /// The last `:`-separated part of an ARN: a machine's or an execution's name.
    public static func lastPart(of arn: String) -> String { arn.split(separator: ":").last.map(String.init) ?? arn }
}

extension StateMachineDescription {
    /// DescribeStateMachine's answer. Logging and tracing are not configurable locally: they
    /// read as AWS's defaults (logging off, tracing disabled).
    public var awsJSON: JSONValue {
        var answer: [String: JSONValue] = [
            "stateMachineArn": .string(stateMachineArn),
            "name": .string(name),
            "status": .string(status),
            "definition": .string(definition),
            "roleArn": .string(roleArn),
            "type": .string(type),
            "creationDate": .number(creationDate),
            "loggingConfiguration": ["level": "OFF", "includeExecutionData": false],
            "tracingConfiguration": ["enabled": false],
        ]
        // A revision after the first, and a version's description.
        if let revisionId { answer["revisionId"] = .string(revisionId) }
        if let description { answer["description"] = .string(description) }
        return .object(answer)
    }

    /// Reads DescribeStateMachine's (or DescribeStateMachineForExecution's) answer. The latter has
    /// an `updateDate` and no status, type or creation date: those read as ACTIVE, STANDARD and
    /// the update date (0 when there is no date at all, as moto answers).
    public init(awsJSON json: JSONValue) throws(AWSShapeError) {
        let shape = "DescribeStateMachine's answer"
        let arn = try AWSJSON.string(json, "stateMachineArn", in: shape)
        let definition = try AWSJSON.string(json, "definition", in: shape)
        let updateDate = AWSJSON.date(json["updateDate"])
        // moto's DescribeStateMachineForExecution has neither date: 0, unknown, rather than no machine.
        let creationDate = AWSJSON.date(json["creationDate"]) ?? updateDate ?? 0
        self.init(stateMachineArn: arn, name: json["name"]?.stringValue ?? AWSJSON.lastPart(of: arn), definition: definition,
                  status: json["status"]?.stringValue ?? "ACTIVE", type: json["type"]?.stringValue ?? StateMachineType.standard.rawValue,
                  roleArn: json["roleArn"]?.stringValue ?? "", creationDate: creationDate, updateDate: updateDate,
                  revisionId: json["revisionId"]?.stringValue, description: json["description"]?.stringValue)
    }
}

extension StateMachineListItem {
    /// One entry of ListStateMachines' `stateMachines`.
    public var awsJSON: JSONValue {
        ["stateMachineArn": .string(stateMachineArn), "name": .string(name), "type": .string(type), "creationDate": .number(creationDate)]
    }

    public init(awsJSON json: JSONValue) throws(AWSShapeError) {
        let shape = "a ListStateMachines entry"
        let arn = try AWSJSON.string(json, "stateMachineArn", in: shape)
        self.init(stateMachineArn: arn, name: json["name"]?.stringValue ?? AWSJSON.lastPart(of: arn),
                  type: json["type"]?.stringValue ?? StateMachineType.standard.rawValue,
                  creationDate: try AWSJSON.date(json, "creationDate", in: shape))
    }
}

extension ExecutionListItem {
    /// One entry of ListExecutions' `executions`.
    public var awsJSON: JSONValue {
        var object: [String: JSONValue] = [
            "executionArn": .string(executionArn), "stateMachineArn": .string(stateMachineArn), "name": .string(name),
            "status": .string(status.rawValue), "startDate": .number(startDate),
        ]
        if let stopDate { object["stopDate"] = .number(stopDate) }
        if let stateMachineVersionArn { object["stateMachineVersionArn"] = .string(stateMachineVersionArn) }
        if let stateMachineAliasArn { object["stateMachineAliasArn"] = .string(stateMachineAliasArn) }
        if let redriveCount { object["redriveCount"] = .number(Double(redriveCount)) }
        if let redriveDate { object["redriveDate"] = .number(redriveDate) }
        if let mapRunArn { object["mapRunArn"] = .string(mapRunArn) }
        return .object(object)
    }

    public init(awsJSON json: JSONValue) throws(AWSShapeError) {
        let shape = "a ListExecutions entry"
        let arn = try AWSJSON.string(json, "executionArn", in: shape)
        guard let status = json["status"]?.stringValue.flatMap(ExecutionStatus.init(rawValue:)) else {
            throw AWSShapeError(shape: shape, member: "status")
        }
        var description = ExecutionDescription(
            executionArn: arn, stateMachineArn: try AWSJSON.string(json, "stateMachineArn", in: shape),
            name: json["name"]?.stringValue ?? AWSJSON.lastPart(of: arn), status: status,
            startDate: try AWSJSON.date(json, "startDate", in: shape), stopDate: AWSJSON.date(json["stopDate"]), input: .null,
            stateMachineVersionArn: json["stateMachineVersionArn"]?.stringValue, stateMachineAliasArn: json["stateMachineAliasArn"]?.stringValue)
        description.redriveCount = json["redriveCount"]?.intValue
        description.redriveDate = AWSJSON.date(json["redriveDate"])
        description.mapRunArn = json["mapRunArn"]?.stringValue
        self.init(description)
    }
}

extension ExecutionDescription {
    /// Reads DescribeExecution's answer (the reverse of ``ExecutionDescription/json``): an input
    /// that was not included (`inputDetails.included: false`) reads as `{}`.
    public init(awsJSON json: JSONValue) throws(AWSShapeError) {
        let shape = "DescribeExecution's answer"
        guard var object = json.objectValue else { throw AWSShapeError(shape: shape, member: "executionArn") }
        let arn = try AWSJSON.string(json, "executionArn", in: shape)
        _ = try AWSJSON.string(json, "stateMachineArn", in: shape)
        guard json["status"]?.stringValue.flatMap(ExecutionStatus.init(rawValue:)) != nil else {
            throw AWSShapeError(shape: shape, member: "status")
        }
        object["name"] = object["name"] ?? .string(AWSJSON.lastPart(of: arn))
        object["startDate"] = .number(try AWSJSON.date(json, "startDate", in: shape))
        for member in ["stopDate", "redriveDate"] { object[member] = AWSJSON.date(json[member]).map(JSONValue.number) }
        guard let description = ExecutionDescription(json: .object(object)) else { throw AWSShapeError(shape: shape, member: "executionArn") }
        self = description
    }
}

extension StartExecutionOutput {
    /// StartExecution's answer.
    public var awsJSON: JSONValue { ["executionArn": .string(executionArn), "startDate": .number(startDate)] }

    public init(awsJSON json: JSONValue) throws(AWSShapeError) {
        let shape = "StartExecution's answer"
        self.init(executionArn: try AWSJSON.string(json, "executionArn", in: shape), startDate: try AWSJSON.date(json, "startDate", in: shape))
    }
}

extension HistoryPage {
    /// GetExecutionHistory's answer: the events (``HistoryEvent/json``) and the next page's token.
    public var awsJSON: JSONValue {
        var object: [String: JSONValue] = ["events": .array(events.map(\.json))]
        if let nextToken { object["nextToken"] = .string(nextToken) }
        return .object(object)
    }

    /// Reads GetExecutionHistory's answer. Events of a type this engine does not know (AWS adds
    /// types from time to time) are left out; the others keep their ids.
    public init(awsJSON json: JSONValue) throws(AWSShapeError) {
        let shape = "GetExecutionHistory's answer"
        guard let items = json["events"]?.arrayValue else { throw AWSShapeError(shape: shape, member: "events") }
        var events: [HistoryEvent] = []
        for item in items {
            // An unknown type is skipped; an event without an id or a type is no event at all.
            guard item["id"]?.intValue != nil, let type = item["type"]?.stringValue else {
                throw AWSShapeError(shape: shape, member: "events[\(events.count)].id/type")
            }
            guard HistoryEventType(rawValue: type) != nil, var event = try? HistoryEvent(json: item) else { continue }
            if let timestamp = AWSJSON.date(item["timestamp"]) { event.timestamp = timestamp }
            events.append(event)
        }
        self.init(events: events, nextToken: json["nextToken"]?.stringValue)
    }
}

extension MapRunDescription {
    /// Reads DescribeMapRun's answer (the reverse of ``MapRunDescription/json``). DescribeMapRun
    /// names no state machine: `stateMachineArn` is the one ListMapRuns gave, if known.
    public init(awsJSON json: JSONValue, stateMachineArn: String = "") throws(AWSShapeError) {
        let shape = "DescribeMapRun's answer"
        guard let status = json["status"]?.stringValue.flatMap(MapRunStatus.init(rawValue:)) else {
            throw AWSShapeError(shape: shape, member: "status")
        }
        self.init(mapRunArn: try AWSJSON.string(json, "mapRunArn", in: shape), executionArn: try AWSJSON.string(json, "executionArn", in: shape),
                  stateMachineArn: stateMachineArn, status: status, startDate: try AWSJSON.date(json, "startDate", in: shape),
                  stopDate: AWSJSON.date(json["stopDate"]), maxConcurrency: json["maxConcurrency"]?.intValue ?? 0,
                  toleratedFailurePercentage: json["toleratedFailurePercentage"]?.numberValue ?? 0,
                  toleratedFailureCount: json["toleratedFailureCount"]?.intValue ?? 0,
                  itemCounts: MapRunCounts(json: json["itemCounts"] ?? .null),
                  executionCounts: MapRunCounts(json: json["executionCounts"] ?? .null),
                  redriveCount: json["redriveCount"]?.intValue ?? 0, redriveDate: AWSJSON.date(json["redriveDate"]))
    }
}
