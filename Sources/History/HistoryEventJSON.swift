import ASL

extension HistoryEvent {
    /// The event in GetExecutionHistory's shape: `timestamp`, `type`, `id`, `previousEventId`,
    /// and a `...EventDetails` object named after the type (inputs and outputs as JSON strings),
    /// holding exactly the fields Step Functions writes for that type.
    public var json: JSONValue { json(fields: type.awsDetailFields) }

    /// Every detail field the engine keeps, AWS's and its own (the state name on every event, the
    /// error on a failed iteration): what the store keeps, so that a history read back is the
    /// engine's history, not a projection of it.
    public var storedJSON: JSONValue { json(fields: .all) }

    private func json(fields: DetailFields) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .number(Double(id)),
            "previousEventId": .number(Double(previousEventId)),
            "timestamp": .number(timestamp),
            "type": .string(type.rawValue),
        ]
        var detail: [String: JSONValue] = [:]
        if fields.contains(.name), let v = details.stateName { detail["name"] = .string(v) }
        if fields.contains(.input), let v = details.input { detail["input"] = .string(v.serialized()); detail["inputDetails"] = ["truncated": false] }
        if fields.contains(.output), let v = details.output { detail["output"] = .string(v.serialized()); detail["outputDetails"] = ["truncated": false] }
        // An execution that failed without an error or cause (a Fail state with neither) has none.
        if fields.contains(.errorAndCause) {
            if let v = details.error, !(v.isEmpty && type.isTerminal) { detail["error"] = .string(v) }
            if let v = details.cause, !(v.isEmpty && type.isTerminal) { detail["cause"] = .string(v) }
        }
        if fields.contains(.task) {
            if let v = details.resourceType { detail["resourceType"] = .string(v) }
            if let v = details.resource { detail["resource"] = .string(v) }
            if let v = details.parameters { detail["parameters"] = .string(v.serialized()) }
            if let v = details.timeoutInSeconds { detail["timeoutInSeconds"] = .number(v) }
            if let v = details.heartbeatInSeconds { detail["heartbeatInSeconds"] = .number(v) }
        }
        if fields.contains(.evaluation) {
            if let v = details.stateName { detail["state"] = .string(v) }
            if let v = details.location { detail["location"] = .string(v) }
        }
        if fields.contains(.index), let v = details.index { detail["index"] = .number(Double(v)) }
        if fields.contains(.length), let v = details.length { detail["length"] = .number(Double(v)) }
        if fields.contains(.roleArn), let v = details.roleArn { detail["roleArn"] = .string(v) }
        if fields.contains(.mapRunArn), let v = details.mapRunArn { detail["mapRunArn"] = .string(v) }
        if fields.contains(.redriveCount), let v = details.redriveCount { detail["redriveCount"] = .number(Double(v)) }
        if fields.contains(.workerName), let v = details.workerName { detail["workerName"] = .string(v) }
        if fields.contains(.assignedVariables), let v = details.assignedVariables {
            detail["assignedVariables"] = .object(v.mapValues { .string($0.serialized()) })
            detail["assignedVariablesDetails"] = ["truncated": false]
        }
        // ExecutionFailed has its details object even when it is empty (a Fail state with no Error or
        // Cause), and so has ActivityStarted (a worker that gave no name), as AWS recorded.
        if !detail.isEmpty || type == .executionFailed || type == .activityStarted { object[type.detailsKey] = .object(detail) }
        return .object(object)
    }

    /// Reads an event back from ``json`` (what the `run --history` command prints).
    public init(json: JSONValue) throws(StatesError) {
        guard let typeName = json["type"]?.stringValue, let type = HistoryEventType(rawValue: typeName) else {
            throw StatesError.runtime("history event without a known \"type\": \(json["type"]?.serialized() ?? "missing")")
        }
        guard let id = json["id"]?.intValue else { throw StatesError.runtime("history event without a numeric \"id\"") }
        let detail = json[type.detailsKey] ?? .object([:])
        func embedded(_ key: String) -> JSONValue? {
            guard let text = detail[key]?.stringValue else { return nil }
            return (try? JSONValue(parsing: text)) ?? .string(text)
        }
        self.init(
            id: id,
            previousEventId: json["previousEventId"]?.intValue ?? 0,
            timestamp: json["timestamp"]?.numberValue ?? 0,
            type: type,
            details: Details(
                stateName: detail["name"]?.stringValue ?? detail["state"]?.stringValue,
                input: embedded("input"),
                output: embedded("output"),
                error: detail["error"]?.stringValue,
                cause: detail["cause"]?.stringValue,
                resourceType: detail["resourceType"]?.stringValue,
                resource: detail["resource"]?.stringValue,
                parameters: embedded("parameters"),
                timeoutInSeconds: detail["timeoutInSeconds"]?.numberValue,
                heartbeatInSeconds: detail["heartbeatInSeconds"]?.numberValue,
                index: detail["index"]?.intValue,
                length: detail["length"]?.intValue,
                roleArn: detail["roleArn"]?.stringValue,
                mapRunArn: detail["mapRunArn"]?.stringValue,
                assignedVariables: detail["assignedVariables"]?.objectValue?.mapValues { value in
                    value.stringValue.flatMap { try? JSONValue(parsing: $0) } ?? value
                },
                location: detail["location"]?.stringValue,
                redriveCount: detail["redriveCount"]?.intValue,
                workerName: detail["workerName"]?.stringValue
            )
        )
    }
}

extension HistoryEventType {
    /// The name of the details member in GetExecutionHistory, e.g. `stateEnteredEventDetails`.
    public var detailsKey: String {
        if isStateEntered { return "stateEnteredEventDetails" }
        if isStateExited { return "stateExitedEventDetails" }
        let name = rawValue
        return name.prefix(1).lowercased() + name.dropFirst() + "EventDetails"
    }
}

/// Which detail fields an event's JSON holds.
struct DetailFields: OptionSet {
    let rawValue: Int
    static let name = DetailFields(rawValue: 1 << 0)
    static let input = DetailFields(rawValue: 1 << 1)
    static let output = DetailFields(rawValue: 1 << 2)
    static let errorAndCause = DetailFields(rawValue: 1 << 3)
    /// resourceType, resource, parameters, timeoutInSeconds, heartbeatInSeconds.
    static let task = DetailFields(rawValue: 1 << 4)
    static let index = DetailFields(rawValue: 1 << 5)
    static let length = DetailFields(rawValue: 1 << 6)
    static let roleArn = DetailFields(rawValue: 1 << 7)
    static let mapRunArn = DetailFields(rawValue: 1 << 8)
    static let assignedVariables = DetailFields(rawValue: 1 << 9)
    /// EvaluationFailed: `state` (the state's name) and `location` (the field).
    static let evaluation = DetailFields(rawValue: 1 << 10)
    /// ExecutionRedriven: `redriveCount`.
    static let redriveCount = DetailFields(rawValue: 1 << 11)
    /// ActivityStarted: `workerName`.
    static let workerName = DetailFields(rawValue: 1 << 12)
    static let all = DetailFields(rawValue: ~0)
}

extension HistoryEventType {
    /// The detail fields Step Functions writes for this type (GetExecutionHistory's shapes, and
    /// the recorded histories in the conformance corpus where the reference is silent).
    var awsDetailFields: DetailFields {
        switch self {
        case .executionStarted: return [.input, .roleArn]
        case .executionSucceeded: return [.output]
        case .executionFailed, .executionAborted: return [.errorAndCause]
        // A timed-out execution names no error or cause.
        case .executionTimedOut: return []
        case .executionRedriven: return [.redriveCount]
        case _ where isStateEntered: return [.name, .input]
        case _ where isStateExited: return [.name, .output, .assignedVariables]
        case .mapStateStarted: return [.length]
        case .mapIterationStarted, .mapIterationSucceeded, .mapIterationFailed, .mapIterationAborted: return [.name, .index]
        case .mapRunStarted: return [.mapRunArn]
        case .mapRunRedriven: return [.mapRunArn, .redriveCount]
        case .mapRunFailed: return [.errorAndCause]
        case .taskScheduled: return [.task]
        case .taskStarted: return [.task]
        case .taskSubmitted, .taskSucceeded: return [.task, .output]
        case .taskFailed, .taskTimedOut: return [.task, .errorAndCause]
        case .lambdaFunctionScheduled: return [.task, .input]
        case .lambdaFunctionSucceeded: return [.output]
        case .lambdaFunctionFailed, .lambdaFunctionTimedOut: return [.errorAndCause]
        case .evaluationFailed: return [.errorAndCause, .evaluation]
        // ActivityScheduled: resource (the activity ARN), input, timeoutInSeconds, heartbeatInSeconds
        // (the engine sets no resourceType or parameters on it).
        case .activityScheduled: return [.task, .input]
        case .activityStarted: return [.workerName]
        case .activitySucceeded: return [.output]
        case .activityFailed, .activityTimedOut, .activityScheduleFailed: return [.errorAndCause]
        default: return []
        }
    }
}
