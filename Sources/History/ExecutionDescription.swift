import ASL

/// An execution's status, as DescribeExecution spells it.
public enum ExecutionStatus: String, Sendable, CaseIterable {
    case running = "RUNNING"
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    case timedOut = "TIMED_OUT"
    case aborted = "ABORTED"

    public var isFinished: Bool { self != .running }
}

/// DescribeExecution's `redriveStatus`: whether RedriveExecution would accept the execution now.
public enum RedriveStatus: String, Sendable, CaseIterable {
    case redrivable = "REDRIVABLE"
    case notRedrivable = "NOT_REDRIVABLE"
    /// A distributed Map's child executions, redriven through their Map Run (not kept here).
    case redrivableByMapRun = "REDRIVABLE_BY_MAP_RUN"
}

/// What DescribeExecution returns.
public struct ExecutionDescription: Sendable, Equatable {
    public var executionArn: String
    public var stateMachineArn: String
    public var name: String
    public var status: ExecutionStatus
    /// Seconds since 1970.
    public var startDate: Double
    public var stopDate: Double?
    public var input: JSONValue
    public var output: JSONValue?
    public var error: String?
    public var cause: String?
    /// The version the execution ran, when it was started through a version or an alias ARN.
    public var stateMachineVersionArn: String?
    /// The alias it was started through, if any.
    public var stateMachineAliasArn: String?
    /// STANDARD executions: times redriven (0: never); nil for an Express execution.
    public var redriveCount: Int?
    /// When it was last redriven (seconds since 1970); nil if never.
    public var redriveDate: Double?
    /// Whether it can be redriven now, and if not, AWS's reason (``Engine/describe(_:)`` sets them).
    public var redriveStatus: RedriveStatus?
    public var redriveStatusReason: String?
    /// A distributed Map's child execution: the Map Run that started it (nil for any other).
    public var mapRunArn: String?

    public init(executionArn: String, stateMachineArn: String, name: String, status: ExecutionStatus, startDate: Double,
                stopDate: Double? = nil, input: JSONValue, output: JSONValue? = nil, error: String? = nil, cause: String? = nil,
                stateMachineVersionArn: String? = nil, stateMachineAliasArn: String? = nil) {
        self.executionArn = executionArn
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.status = status
        self.startDate = startDate
        self.stopDate = stopDate
        self.input = input
        self.output = output
        self.error = error
        self.cause = cause
        self.stateMachineVersionArn = stateMachineVersionArn
        self.stateMachineAliasArn = stateMachineAliasArn
    }

    /// The DescribeExecution JSON: `input` and `output` as JSON strings, dates as epoch seconds.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "executionArn": .string(executionArn),
            "stateMachineArn": .string(stateMachineArn),
            "name": .string(name),
            "status": .string(status.rawValue),
            "startDate": .number(startDate),
            "input": .string(input.serialized()),
            "inputDetails": ["included": true],
        ]
        if let stopDate { object["stopDate"] = .number(stopDate) }
        if let output {
            object["output"] = .string(output.serialized())
            object["outputDetails"] = ["included": true]
        }
        if let error { object["error"] = .string(error) }
        if let cause { object["cause"] = .string(cause) }
        if let stateMachineVersionArn { object["stateMachineVersionArn"] = .string(stateMachineVersionArn) }
        if let stateMachineAliasArn { object["stateMachineAliasArn"] = .string(stateMachineAliasArn) }
        if let redriveCount { object["redriveCount"] = .number(Double(redriveCount)) }
        if let redriveDate { object["redriveDate"] = .number(redriveDate) }
        if let redriveStatus { object["redriveStatus"] = .string(redriveStatus.rawValue) }
        if let redriveStatusReason { object["redriveStatusReason"] = .string(redriveStatusReason) }
        if let mapRunArn { object["mapRunArn"] = .string(mapRunArn) }
        return .object(object)
    }

    /// Reads back what ``json`` wrote.
    public init?(json: JSONValue) {
        guard let arn = json["executionArn"]?.stringValue, let machine = json["stateMachineArn"]?.stringValue,
              let name = json["name"]?.stringValue, let statusText = json["status"]?.stringValue,
              let status = ExecutionStatus(rawValue: statusText), let start = json["startDate"]?.numberValue else { return nil }
        func embedded(_ key: String) -> JSONValue? { json[key]?.stringValue.flatMap { try? JSONValue(parsing: $0) } }
        self.init(executionArn: arn, stateMachineArn: machine, name: name, status: status, startDate: start,
                  stopDate: json["stopDate"]?.numberValue, input: embedded("input") ?? .object([:]), output: embedded("output"),
                  error: json["error"]?.stringValue, cause: json["cause"]?.stringValue,
                  stateMachineVersionArn: json["stateMachineVersionArn"]?.stringValue, stateMachineAliasArn: json["stateMachineAliasArn"]?.stringValue)
        redriveCount = json["redriveCount"]?.intValue
        redriveDate = json["redriveDate"]?.numberValue
        redriveStatus = json["redriveStatus"]?.stringValue.flatMap(RedriveStatus.init(rawValue:))
        redriveStatusReason = json["redriveStatusReason"]?.stringValue
        mapRunArn = json["mapRunArn"]?.stringValue
    }
}
