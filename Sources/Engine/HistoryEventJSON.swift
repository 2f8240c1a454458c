import ASL

extension HistoryEvent {
    /// The event in GetExecutionHistory's shape: `timestamp`, `type`, `id`, `previousEventId`,
    /// and a `...EventDetails` object named after the type (inputs and outputs as JSON strings).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .number(Double(id)),
            "previousEventId": .number(Double(previousEventId)),
            "timestamp": .number(timestamp),
            "type": .string(type.rawValue),
        ]
        var detail: [String: JSONValue] = [:]
        if let v = details.stateName { detail["name"] = .string(v) }
        if let v = details.input { detail["input"] = .string(v.serialized()); detail["inputDetails"] = ["truncated": false] }
        if let v = details.output { detail["output"] = .string(v.serialized()); detail["outputDetails"] = ["truncated": false] }
        if let v = details.error { detail["error"] = .string(v) }
        if let v = details.cause { detail["cause"] = .string(v) }
        if let v = details.resourceType { detail["resourceType"] = .string(v) }
        if let v = details.resource { detail["resource"] = .string(v) }
        if let v = details.parameters { detail["parameters"] = .string(v.serialized()) }
        if let v = details.timeoutInSeconds { detail["timeoutInSeconds"] = .number(v) }
        if let v = details.heartbeatInSeconds { detail["heartbeatInSeconds"] = .number(v) }
        if let v = details.index { detail["index"] = .number(Double(v)) }
        if let v = details.length { detail["length"] = .number(Double(v)) }
        if !detail.isEmpty { object[type.detailsKey] = .object(detail) }
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
                stateName: detail["name"]?.stringValue,
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
                length: detail["length"]?.intValue
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
