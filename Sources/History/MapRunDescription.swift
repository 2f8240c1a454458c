import ASL

/// A Map Run's status, as DescribeMapRun spells it.
public enum MapRunStatus: String, Sendable, CaseIterable {
    case running = "RUNNING"
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    case aborted = "ABORTED"

    public var isFinished: Bool { self != .running }
}

/// DescribeMapRun's `itemCounts` or `executionCounts`: how many items (or child executions) of a
/// Map Run are in each state. `resultsWritten` counts those whose results a ResultWriter wrote;
/// `failuresNotRedrivable` and `pendingRedrive` concern Map Run redrives.
public struct MapRunCounts: Sendable, Equatable {
    public var pending = 0
    public var running = 0
    public var succeeded = 0
    public var failed = 0
    public var timedOut = 0
    public var aborted = 0
    public var total = 0
    public var resultsWritten = 0
    public var failuresNotRedrivable = 0
    public var pendingRedrive = 0

    public init(pending: Int = 0, running: Int = 0, succeeded: Int = 0, failed: Int = 0, timedOut: Int = 0, aborted: Int = 0,
                total: Int = 0, resultsWritten: Int = 0, failuresNotRedrivable: Int = 0, pendingRedrive: Int = 0) {
        self.pending = pending
        self.running = running
        self.succeeded = succeeded
        self.failed = failed
        self.timedOut = timedOut
        self.aborted = aborted
        self.total = total
        self.resultsWritten = resultsWritten
        self.failuresNotRedrivable = failuresNotRedrivable
        self.pendingRedrive = pendingRedrive
    }

    /// Moves `n` from running to the count of a child's final status.
    public mutating func finish(_ n: Int, as status: ExecutionStatus) {
        running -= n
        switch status {
        case .succeeded: succeeded += n
        case .failed: failed += n
        case .timedOut: timedOut += n
        case .aborted: aborted += n
        case .running: running += n
        }
    }

    /// Takes `n` back from the count of a final status (a redrive runs those items again).
    public mutating func reopen(_ n: Int, from status: ExecutionStatus) {
        switch status {
        case .succeeded: succeeded -= n
        case .failed: failed -= n
        case .timedOut: timedOut -= n
        case .aborted: aborted -= n
        case .running: running -= n
        }
    }

    /// The AWS JSON shape (`MapRunItemCounts`, `MapRunExecutionCounts`).
    public var json: JSONValue {
        [
            "pending": .number(Double(pending)), "running": .number(Double(running)), "succeeded": .number(Double(succeeded)),
            "failed": .number(Double(failed)), "timedOut": .number(Double(timedOut)), "aborted": .number(Double(aborted)),
            "total": .number(Double(total)), "resultsWritten": .number(Double(resultsWritten)),
            "failuresNotRedrivable": .number(Double(failuresNotRedrivable)), "pendingRedrive": .number(Double(pendingRedrive)),
        ]
    }

    /// Reads back what ``json`` wrote (a missing count is 0).
    public init(json: JSONValue) {
        func count(_ key: String) -> Int { json[key]?.intValue ?? 0 }
        self.init(pending: count("pending"), running: count("running"), succeeded: count("succeeded"), failed: count("failed"),
                  timedOut: count("timedOut"), aborted: count("aborted"), total: count("total"), resultsWritten: count("resultsWritten"),
                  failuresNotRedrivable: count("failuresNotRedrivable"), pendingRedrive: count("pendingRedrive"))
    }
}

/// What DescribeMapRun returns: a distributed Map's Map Run, its settings (which UpdateMapRun
/// changes while it runs) and its progress.
public struct MapRunDescription: Sendable, Equatable {
    public var mapRunArn: String
    /// The execution whose Map state started it.
    public var executionArn: String
    /// The state machine its child executions run (`stateMachine:MACHINE/LABEL`), ListMapRuns' `stateMachineArn`.
    public var stateMachineArn: String
    public var status: MapRunStatus
    /// Seconds since 1970.
    public var startDate: Double
    public var stopDate: Double?
    /// At most this many child executions run at once (0: no limit).
    public var maxConcurrency: Int
    /// The percentage and count of failed child executions it tolerates (0 when not set).
    public var toleratedFailurePercentage: Double
    public var toleratedFailureCount: Int
    public var itemCounts: MapRunCounts
    public var executionCounts: MapRunCounts
    public var redriveCount: Int
    public var redriveDate: Double?
    /// The Map state that started it (not part of DescribeMapRun's answer: DescribeStateMachineForExecution
    /// of a child finds the child's definition by it).
    public var stateName: String?

    public init(mapRunArn: String, executionArn: String, stateMachineArn: String, status: MapRunStatus, startDate: Double,
                stopDate: Double? = nil, maxConcurrency: Int = 0, toleratedFailurePercentage: Double = 0, toleratedFailureCount: Int = 0,
                itemCounts: MapRunCounts = MapRunCounts(), executionCounts: MapRunCounts = MapRunCounts(),
                redriveCount: Int = 0, redriveDate: Double? = nil, stateName: String? = nil) {
        self.mapRunArn = mapRunArn
        self.executionArn = executionArn
        self.stateMachineArn = stateMachineArn
        self.status = status
        self.startDate = startDate
        self.stopDate = stopDate
        self.maxConcurrency = maxConcurrency
        self.toleratedFailurePercentage = toleratedFailurePercentage
        self.toleratedFailureCount = toleratedFailureCount
        self.itemCounts = itemCounts
        self.executionCounts = executionCounts
        self.redriveCount = redriveCount
        self.redriveDate = redriveDate
        self.stateName = stateName
    }

    /// The DescribeMapRun JSON: dates as epoch seconds.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "mapRunArn": .string(mapRunArn), "executionArn": .string(executionArn), "status": .string(status.rawValue),
            "startDate": .number(startDate), "maxConcurrency": .number(Double(maxConcurrency)),
            "toleratedFailurePercentage": .number(toleratedFailurePercentage),
            "toleratedFailureCount": .number(Double(toleratedFailureCount)),
            "itemCounts": itemCounts.json, "executionCounts": executionCounts.json,
            "redriveCount": .number(Double(redriveCount)),
        ]
        if let stopDate { object["stopDate"] = .number(stopDate) }
        if let redriveDate { object["redriveDate"] = .number(redriveDate) }
        return .object(object)
    }

    /// What the store keeps: ``json`` plus the child machine's ARN and the Map state's name.
    public var storedJSON: JSONValue {
        var object = json.objectValue ?? [:]
        object["stateMachineArn"] = .string(stateMachineArn)
        if let stateName { object["stateName"] = .string(stateName) }
        return .object(object)
    }

    /// Reads back what ``storedJSON`` wrote.
    public init?(storedJSON json: JSONValue) {
        guard let arn = json["mapRunArn"]?.stringValue, let parent = json["executionArn"]?.stringValue,
              let machine = json["stateMachineArn"]?.stringValue, let statusText = json["status"]?.stringValue,
              let status = MapRunStatus(rawValue: statusText), let start = json["startDate"]?.numberValue else { return nil }
        self.init(mapRunArn: arn, executionArn: parent, stateMachineArn: machine, status: status, startDate: start,
                  stopDate: json["stopDate"]?.numberValue, maxConcurrency: json["maxConcurrency"]?.intValue ?? 0,
                  toleratedFailurePercentage: json["toleratedFailurePercentage"]?.numberValue ?? 0,
                  toleratedFailureCount: json["toleratedFailureCount"]?.intValue ?? 0,
                  itemCounts: MapRunCounts(json: json["itemCounts"] ?? .null),
                  executionCounts: MapRunCounts(json: json["executionCounts"] ?? .null),
                  redriveCount: json["redriveCount"]?.intValue ?? 0, redriveDate: json["redriveDate"]?.numberValue,
                  stateName: json["stateName"]?.stringValue)
    }
}
