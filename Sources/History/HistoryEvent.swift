import ASL

/// One entry of an execution's history, as GetExecutionHistory returns it.
///
/// The history is the truth: the dashboard, the CLI, the HTTP API and the store are all
/// projections of these events. Events are numbered from 1; `previousEventId` links each to
/// the event that caused it (0 for the first).
public struct HistoryEvent: Sendable, Equatable {
    public var id: Int
    public var previousEventId: Int
    /// Seconds since 1970 on the engine's clock (virtual time gives virtual timestamps).
    public var timestamp: Double
    public var type: HistoryEventType
    public var details: Details

    public init(id: Int, previousEventId: Int, timestamp: Double, type: HistoryEventType, details: Details = Details()) {
        self.id = id
        self.previousEventId = previousEventId
        self.timestamp = timestamp
        self.type = type
        self.details = details
    }

    /// The union of the detail fields the event types use; each type sets its own.
    ///
    /// Most events carry a state name and an input or output only: those are stored inline, the
    /// rarer fields (errors, task parameters, timeouts, Map indexes) in one shared box. An event
    /// takes 104 bytes instead of 280 (a saga keeps 34 of them per execution).
    public struct Details: Sendable, Equatable {
        /// The state the event belongs to (state entered/exited events, and the engine adds it to
        /// task, wait, parallel and map events too, so that a projection can follow any event).
        public var stateName: String?
        public var input: JSONValue?
        public var output: JSONValue?
        private var rare: RareFields?

        public var error: String? { get { rare?.values.error } set { self[rare: \.error] = newValue } }
        public var cause: String? { get { rare?.values.cause } set { self[rare: \.cause] = newValue } }
        /// Task events: the service (`lambda`, `sqs`, ...) and the operation (`invoke`, `sendMessage.waitForTaskToken`).
        public var resourceType: String? { get { rare?.values.resourceType } set { self[rare: \.resourceType] = newValue } }
        public var resource: String? { get { rare?.values.resource } set { self[rare: \.resource] = newValue } }
        /// TaskScheduled: the effective parameters sent to the task.
        public var parameters: JSONValue? { get { rare?.values.parameters } set { self[rare: \.parameters] = newValue } }
        public var timeoutInSeconds: Double? { get { rare?.values.timeoutInSeconds } set { self[rare: \.timeoutInSeconds] = newValue } }
        public var heartbeatInSeconds: Double? { get { rare?.values.heartbeatInSeconds } set { self[rare: \.heartbeatInSeconds] = newValue } }
        /// Map iteration events: the item's index. MapStateStarted: the number of items.
        public var index: Int? { get { rare?.values.index } set { self[rare: \.index] = newValue } }
        public var length: Int? { get { rare?.values.length } set { self[rare: \.length] = newValue } }
        /// ExecutionStarted: the role the execution runs as.
        public var roleArn: String? { get { rare?.values.roleArn } set { self[rare: \.roleArn] = newValue } }
        /// MapRunStarted: the distributed Map run's ARN.
        public var mapRunArn: String? { get { rare?.values.mapRunArn } set { self[rare: \.mapRunArn] = newValue } }
        /// A state's exited event: the variables its `Assign` set.
        public var assignedVariables: [String: JSONValue]? { get { rare?.values.assignedVariables } set { self[rare: \.assignedVariables] = newValue } }
        /// EvaluationFailed: the field of the state whose JSONata expression failed (`Output/result`).
        public var location: String? { get { rare?.values.location } set { self[rare: \.location] = newValue } }
        /// ExecutionRedriven: the execution's redrive count, this redrive included.
        public var redriveCount: Int? { get { rare?.values.redriveCount } set { self[rare: \.redriveCount] = newValue } }
        /// ActivityStarted: the name the worker gave GetActivityTask (nil: it gave none).
        public var workerName: String? { get { rare?.values.workerName } set { self[rare: \.workerName] = newValue } }

        public init(stateName: String? = nil, input: JSONValue? = nil, output: JSONValue? = nil, error: String? = nil, cause: String? = nil,
                    resourceType: String? = nil, resource: String? = nil, parameters: JSONValue? = nil,
                    timeoutInSeconds: Double? = nil, heartbeatInSeconds: Double? = nil, index: Int? = nil, length: Int? = nil,
                    roleArn: String? = nil, mapRunArn: String? = nil, assignedVariables: [String: JSONValue]? = nil, location: String? = nil,
                    redriveCount: Int? = nil, workerName: String? = nil) {
            self.stateName = stateName
            self.input = input
            self.output = output
            let values = RareValues(error: error, cause: cause, resourceType: resourceType, resource: resource, parameters: parameters,
                                    timeoutInSeconds: timeoutInSeconds, heartbeatInSeconds: heartbeatInSeconds, index: index, length: length,
                                     roleArn: roleArn, mapRunArn: mapRunArn, assignedVariables: assignedVariables, location: location,
                                     redriveCount: redriveCount, workerName: workerName)
            rare = values.isEmpty ? nil : RareFields(values)
        }

        /// Changes one rare field: a new box (boxes are shared by copies), none when all are nil.
        private subscript<T>(rare field: WritableKeyPath<RareValues, T?>) -> T? {
            get { rare?.values[keyPath: field] }
            set {
                var values = rare?.values ?? RareValues()
                values[keyPath: field] = newValue
                rare = values.isEmpty ? nil : RareFields(values)
            }
        }
    }
}

/// The detail fields few events carry.
private struct RareValues: Sendable, Equatable {
    var error: String?
    var cause: String?
    var resourceType: String?
    var resource: String?
    var parameters: JSONValue?
    var timeoutInSeconds: Double?
    var heartbeatInSeconds: Double?
    var index: Int?
    var length: Int?
    var roleArn: String?
    var mapRunArn: String?
    var assignedVariables: [String: JSONValue]?
    var location: String?
    var redriveCount: Int?
    var workerName: String?

    // Field by field: the derived == walks every field (and the variables' dictionary) and was
    // 4% of an execution's instructions.
    var isEmpty: Bool {
        error == nil && cause == nil && resourceType == nil && resource == nil && parameters == nil && timeoutInSeconds == nil
            && heartbeatInSeconds == nil && index == nil && length == nil && roleArn == nil && mapRunArn == nil && assignedVariables == nil
            && location == nil && redriveCount == nil && workerName == nil
    }
}

/// An immutable box of ``RareValues``, shared by copies of an event (a change makes a new box).
private final class RareFields: Sendable, Equatable {
    let values: RareValues
    init(_ values: RareValues) { self.values = values }
    static func == (a: RareFields, b: RareFields) -> Bool { a === b || a.values == b.values }
}

/// Step Functions' history event type names.
public enum HistoryEventType: String, Sendable, CaseIterable {
    case executionStarted = "ExecutionStarted"
    case executionSucceeded = "ExecutionSucceeded"
    case executionFailed = "ExecutionFailed"
    case executionAborted = "ExecutionAborted"
    case executionTimedOut = "ExecutionTimedOut"
    /// RedriveExecution restarted an execution that had ended unsuccessfully (Redrive.swift).
    case executionRedriven = "ExecutionRedriven"

    case passStateEntered = "PassStateEntered"
    case passStateExited = "PassStateExited"
    case taskStateEntered = "TaskStateEntered"
    case taskStateExited = "TaskStateExited"
    case taskStateAborted = "TaskStateAborted"
    case choiceStateEntered = "ChoiceStateEntered"
    case choiceStateExited = "ChoiceStateExited"
    case waitStateEntered = "WaitStateEntered"
    case waitStateExited = "WaitStateExited"
    case waitStateAborted = "WaitStateAborted"
    case succeedStateEntered = "SucceedStateEntered"
    case succeedStateExited = "SucceedStateExited"
    case failStateEntered = "FailStateEntered"
    case parallelStateEntered = "ParallelStateEntered"
    case parallelStateExited = "ParallelStateExited"
    case parallelStateStarted = "ParallelStateStarted"
    case parallelStateSucceeded = "ParallelStateSucceeded"
    case parallelStateFailed = "ParallelStateFailed"
    case parallelStateAborted = "ParallelStateAborted"
    case mapStateEntered = "MapStateEntered"
    case mapStateExited = "MapStateExited"
    case mapStateStarted = "MapStateStarted"
    case mapStateSucceeded = "MapStateSucceeded"
    case mapStateFailed = "MapStateFailed"
    case mapStateAborted = "MapStateAborted"
    case mapIterationStarted = "MapIterationStarted"
    case mapIterationSucceeded = "MapIterationSucceeded"
    case mapIterationFailed = "MapIterationFailed"
    case mapIterationAborted = "MapIterationAborted"
    case mapRunStarted = "MapRunStarted"
    case mapRunSucceeded = "MapRunSucceeded"
    case mapRunFailed = "MapRunFailed"
    case mapRunAborted = "MapRunAborted"
    /// The parent's redrive ran a failed Map Run again (its unsuccessful children; Redrive.swift).
    case mapRunRedriven = "MapRunRedriven"

    case taskScheduled = "TaskScheduled"
    case taskStarted = "TaskStarted"
    case taskSubmitted = "TaskSubmitted"
    case taskSucceeded = "TaskSucceeded"
    case taskFailed = "TaskFailed"
    case taskTimedOut = "TaskTimedOut"
    case lambdaFunctionScheduled = "LambdaFunctionScheduled"
    case lambdaFunctionStarted = "LambdaFunctionStarted"
    case lambdaFunctionSucceeded = "LambdaFunctionSucceeded"
    case lambdaFunctionFailed = "LambdaFunctionFailed"
    case lambdaFunctionTimedOut = "LambdaFunctionTimedOut"
    /// Activity tasks (a Task whose Resource is an activity ARN; Activities.swift).
    case activityScheduled = "ActivityScheduled"
    case activityScheduleFailed = "ActivityScheduleFailed"
    case activityStarted = "ActivityStarted"
    case activitySucceeded = "ActivitySucceeded"
    case activityFailed = "ActivityFailed"
    case activityTimedOut = "ActivityTimedOut"

    /// A JSONata expression of a state failed (JSONata states only).
    case evaluationFailed = "EvaluationFailed"

    /// A task attempt begins: TaskScheduled, LambdaFunctionScheduled or ActivityScheduled.
    public var schedulesTask: Bool { self == .taskScheduled || self == .lambdaFunctionScheduled || self == .activityScheduled }

    /// Whether the event ends the execution.
    public var isTerminal: Bool {
        switch self {
        case .executionSucceeded, .executionFailed, .executionAborted, .executionTimedOut: return true
        default: return false
        }
    }

    /// The status an execution ends with at this event; nil for an event that ends nothing.
    public var executionStatus: ExecutionStatus? {
        switch self {
        case .executionSucceeded: return .succeeded
        case .executionFailed: return .failed
        case .executionTimedOut: return .timedOut
        case .executionAborted: return .aborted
        default: return nil
        }
    }

    /// `...StateEntered` events (a state begins).
    public var isStateEntered: Bool { rawValue.hasSuffix("StateEntered") }
    /// `...StateExited` events (a state ends normally and hands on its output).
    public var isStateExited: Bool { rawValue.hasSuffix("StateExited") }
}
