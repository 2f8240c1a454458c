import ASL

/// What running one state on its own showed (Step Functions' TestState): its input, the value
/// after each step of its data flow in the order the steps ran, and how it ended. A value every
/// front end can read: the API answers it in TestState's shape, a screen can show it step by step.
public struct StateInspection: Sendable, Equatable {
    /// TestState's `status`.
    public enum Status: String, Sendable, CaseIterable {
        /// The state ran to its end (or, a Choice, chose its next state).
        case succeeded = "SUCCEEDED"
        /// The state failed and no Retry or Catch takes the error.
        case failed = "FAILED"
        /// The state failed and one of its retriers would run it again (`errorDetails` says which, and after how long).
        case retriable = "RETRIABLE"
        /// The state failed and one of its catchers took the error: the output is the catcher's, the next state its `Next`.
        case caughtError = "CAUGHT_ERROR"
    }

    /// A step of the data flow, named as TestState's `inspectionData` names its value.
    public enum Step: String, Sendable, CaseIterable {
        case afterInputPath
        case afterParameters
        case afterArguments
        case afterItemsPath
        case afterItemsPointer
        case afterItemSelector
        case afterItemBatcher
        case result
        case afterResultSelector
        case afterResultPath
    }

    /// The value after one step.
    public struct StepValue: Sendable, Equatable {
        public var step: Step
        public var value: JSONValue

        public init(_ step: Step, _ value: JSONValue) {
            self.step = step
            self.value = value
        }
    }

    /// Which retrier or catcher took the error (TestState's `errorDetails`).
    public struct ErrorDetails: Sendable, Equatable {
        /// The index of the catcher (in `Catch`) that took the error.
        public var catchIndex: Int?
        /// The index of the retrier (in `Retry`) whose ErrorEquals matched the error.
        public var retryIndex: Int?
        /// How long that retrier would wait before the next attempt, in whole seconds (absent when it has no attempts left).
        public var retryBackoffIntervalSeconds: Int?

        public init(catchIndex: Int? = nil, retryIndex: Int? = nil, retryBackoffIntervalSeconds: Int? = nil) {
            self.catchIndex = catchIndex
            self.retryIndex = retryIndex
            self.retryBackoffIntervalSeconds = retryBackoffIntervalSeconds
        }

        public var isEmpty: Bool { catchIndex == nil && retryIndex == nil && retryBackoffIntervalSeconds == nil }
    }

    /// A Map state's settings as the test read them.
    public struct MapSettings: Sendable, Equatable {
        public var maxConcurrency: Int?
        public var toleratedFailureCount: Int?
        public var toleratedFailurePercentage: Double?

        public init(maxConcurrency: Int? = nil, toleratedFailureCount: Int? = nil, toleratedFailurePercentage: Double? = nil) {
            self.maxConcurrency = maxConcurrency
            self.toleratedFailureCount = toleratedFailureCount
            self.toleratedFailurePercentage = toleratedFailurePercentage
        }
    }

    public var stateName: String
    public var stateType: String
    public var queryLanguage: QueryLanguage
    /// The raw state input.
    public var input: JSONValue
    /// The value after each step, in the order the steps ran (JSONPath: InputPath, Parameters,
    /// the result, ResultSelector, ResultPath; JSONata: Arguments, the result). A step that did
    /// not run (the state failed before it) is not there.
    public var steps: [StepValue]
    /// The state's output (after OutputPath or JSONata's Output); nil when it failed or will be retried.
    public var output: JSONValue?
    /// The workflow variables after the state: those given to the test and those its Assign set;
    /// nil when there are none.
    public var variables: [String: JSONValue]?
    public var error: String?
    public var cause: String?
    /// The state the run goes to next (`Next`, a Choice rule's or Default, a catcher's); nil at an end or on failure.
    public var nextState: String?
    public var status: Status
    public var errorDetails: ErrorDetails?
    /// A Map state's settings; nil for other states.
    public var map: MapSettings?

    public init(stateName: String, stateType: String, queryLanguage: QueryLanguage, input: JSONValue, steps: [StepValue] = [],
                output: JSONValue? = nil, variables: [String: JSONValue]? = nil, error: String? = nil, cause: String? = nil,
                nextState: String? = nil, status: Status, errorDetails: ErrorDetails? = nil, map: MapSettings? = nil) {
        self.stateName = stateName
        self.stateType = stateType
        self.queryLanguage = queryLanguage
        self.input = input
        self.steps = steps
        self.output = output
        self.variables = variables
        self.error = error
        self.cause = cause
        self.nextState = nextState
        self.status = status
        self.errorDetails = errorDetails
        self.map = map
    }

    /// The value after `step`, if that step ran (the last one, should a step run twice).
    public func value(after step: Step) -> JSONValue? {
        steps.last(where: { $0.step == step })?.value
    }
}
