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
    public struct Details: Sendable, Equatable {
        /// The state the event belongs to (state entered/exited events, and the engine adds it to
        /// task, wait, parallel and map events too, so that a projection can follow any event).
        public var stateName: String?
        public var input: JSONValue?
        public var output: JSONValue?
        public var error: String?
        public var cause: String?
        /// Task events: the service (`lambda`, `sqs`, ...) and the operation (`invoke`, `sendMessage.waitForTaskToken`).
        public var resourceType: String?
        public var resource: String?
        /// TaskScheduled: the effective parameters sent to the task.
        public var parameters: JSONValue?
        public var timeoutInSeconds: Double?
        public var heartbeatInSeconds: Double?
        /// Map iteration events: the item's index. MapStateStarted: the number of items.
        public var index: Int?
        public var length: Int?

        public init(stateName: String? = nil, input: JSONValue? = nil, output: JSONValue? = nil, error: String? = nil, cause: String? = nil,
                    resourceType: String? = nil, resource: String? = nil, parameters: JSONValue? = nil,
                    timeoutInSeconds: Double? = nil, heartbeatInSeconds: Double? = nil, index: Int? = nil, length: Int? = nil) {
            self.stateName = stateName
            self.input = input
            self.output = output
            self.error = error
            self.cause = cause
            self.resourceType = resourceType
            self.resource = resource
            self.parameters = parameters
            self.timeoutInSeconds = timeoutInSeconds
            self.heartbeatInSeconds = heartbeatInSeconds
            self.index = index
            self.length = length
        }
    }
}

/// Step Functions' history event type names.
public enum HistoryEventType: String, Sendable, CaseIterable {
    case executionStarted = "ExecutionStarted"
    case executionSucceeded = "ExecutionSucceeded"
    case executionFailed = "ExecutionFailed"
    case executionAborted = "ExecutionAborted"
    case executionTimedOut = "ExecutionTimedOut"

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

    /// Whether the event ends the execution.
    public var isTerminal: Bool {
        switch self {
        case .executionSucceeded, .executionFailed, .executionAborted, .executionTimedOut: return true
        default: return false
        }
    }

    /// `...StateEntered` events (a state begins).
    public var isStateEntered: Bool { rawValue.hasSuffix("StateEntered") }
    /// `...StateExited` events (a state ends normally and hands on its output).
    public var isStateExited: Bool { rawValue.hasSuffix("StateExited") }
}
