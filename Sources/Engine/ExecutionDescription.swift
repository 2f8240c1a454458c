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
    /// STANDARD executions: times redriven (0: never); nil for an Express execution.
    public var redriveCount: Int?
    /// When it was last redriven (seconds since 1970); nil if never.
    public var redriveDate: Double?
    /// Whether it can be redriven now, and if not, AWS's reason (``Engine/describe(_:)`` sets them).
    public var redriveStatus: RedriveStatus?
    public var redriveStatusReason: String?

    public init(executionArn: String, stateMachineArn: String, name: String, status: ExecutionStatus, startDate: Double,
                stopDate: Double? = nil, input: JSONValue, output: JSONValue? = nil, error: String? = nil, cause: String? = nil) {
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
        if let redriveCount { object["redriveCount"] = .number(Double(redriveCount)) }
        if let redriveDate { object["redriveDate"] = .number(redriveDate) }
        if let redriveStatus { object["redriveStatus"] = .string(redriveStatus.rawValue) }
        if let redriveStatusReason { object["redriveStatusReason"] = .string(redriveStatusReason) }
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
                  error: json["error"]?.stringValue, cause: json["cause"]?.stringValue)
        redriveCount = json["redriveCount"]?.intValue
        redriveDate = json["redriveDate"]?.numberValue
        redriveStatus = json["redriveStatus"]?.stringValue.flatMap(RedriveStatus.init(rawValue:))
        redriveStatusReason = json["redriveStatusReason"]?.stringValue
    }
}

/// The ARNs of local resources. Region and account are the ones Step Functions Local uses.
public enum LocalARN {
    public static let region = "us-east-1"
    public static let account = "123456789012"

    public static func stateMachine(_ name: String) -> String {
        var text = stateMachinePrefix
        text += name
        return text
    }

    public static func execution(machine: String, name: String) -> String {
        var text = ""
        text.reserveCapacity(executionPrefix.utf8.count + machine.utf8.count + 1 + name.utf8.count)
        text += executionPrefix
        text += machine
        text += ":"
        text += name
        return text
    }

    /// An Express execution: `express:MACHINE:NAME:ID` (its name need not be unique, the id is).
    public static func expressExecution(machine: String, name: String, id: String) -> String {
        "arn:aws:states:\(region):\(account):express:\(machine):\(name):\(id)"
    }

    /// Whether an execution ARN is an Express execution's.
    public static func isExpressExecution(_ arn: String) -> Bool { arn.contains(":express:") }

    /// A distributed Map's Map Run: `mapRun:MACHINE/LABEL:ID`.
    public static func mapRun(_ name: String, id: String) -> String { "arn:aws:states:\(region):\(account):mapRun:\(name):\(id)" }
    public static func queueURL(_ name: String) -> String { "https://sqs.\(region).amazonaws.com/\(account)/\(name)" }
    /// The role `$$.Execution.RoleArn` names (nothing checks it locally).
    public static let executionRole = "arn:aws:iam::\(account):role/StepFunctionsLocal"
    /// An activity: `arn:aws:states:REGION:ACCOUNT:activity:NAME`.
    public static func activity(_ name: String) -> String { "arn:aws:states:\(region):\(account):activity:\(name)" }
    public static func lambda(_ name: String) -> String { "arn:aws:lambda:\(region):\(account):function:\(name)" }

    // Every execution makes both ARNs: concatenated, not interpolated.
    private static let stateMachinePrefix = "arn:aws:states:\(region):\(account):stateMachine:"
    private static let executionPrefix = "arn:aws:states:\(region):\(account):execution:"
}
