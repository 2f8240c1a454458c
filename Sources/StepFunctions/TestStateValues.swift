import ASL
import Engine

/// TestState's `inspectionLevel`: how much of the tested state's run the answer shows.
public enum InspectionLevel: String, Sendable, CaseIterable {
    /// The status, output, error and next state.
    case info = "INFO"
    /// Also the data flow: the input and the value after each step, Retry and Catch details.
    case debug = "DEBUG"
    /// Also the HTTP request and response of an HTTP Task.
    case trace = "TRACE"
}

/// TestState's request, member for member (JSON members as the JSON text AWS takes).
public struct TestStateInput: Sendable, Equatable {
    /// TestState's `mock`.
    public struct Mock: Sendable, Equatable {
        /// A JSON text: the mocked result.
        public var result: String?
        /// The mocked error (`errorOutput`); the error is required when it is given.
        public var error: String?
        public var cause: String?
        public var hasErrorOutput: Bool
        /// `STRICT` (the default), `PRESENT` or `NONE` (``MockFieldValidationMode``): how a Task's
        /// `result` is checked against its operation's output shape (``ResultShapes``).
        public var fieldValidationMode: String?

        public init(result: String? = nil, error: String? = nil, cause: String? = nil, hasErrorOutput: Bool? = nil, fieldValidationMode: String? = nil) {
            self.result = result
            self.error = error
            self.cause = cause
            self.hasErrorOutput = hasErrorOutput ?? (error != nil || cause != nil)
            self.fieldValidationMode = fieldValidationMode
        }
    }

    /// TestState's `stateConfiguration`.
    public struct StateConfiguration: Sendable, Equatable {
        public var retrierRetryCount: Int?
        public var errorCausedByState: String?
        public var mapIterationFailureCount: Int?
        public var mapItemReaderData: String?

        public init(retrierRetryCount: Int? = nil, errorCausedByState: String? = nil, mapIterationFailureCount: Int? = nil, mapItemReaderData: String? = nil) {
            self.retrierRetryCount = retrierRetryCount
            self.errorCausedByState = errorCausedByState
            self.mapIterationFailureCount = mapIterationFailureCount
            self.mapItemReaderData = mapItemReaderData
        }
    }

    /// One state (`{"Type": ...}`) or, with `stateName`, a whole state machine.
    public var definition: String
    public var roleArn: String?
    /// A JSON text; `{}` when nil.
    public var input: String?
    public var inspectionLevel: InspectionLevel
    public var revealSecrets: Bool
    /// A JSON object's text: the workflow variables the state sees.
    public var variables: String?
    public var stateName: String?
    public var mock: Mock?
    /// A JSON object's text: the context object `$$` (only with a mock).
    public var context: String?
    public var stateConfiguration: StateConfiguration?

    public init(definition: String, roleArn: String? = nil, input: String? = nil, inspectionLevel: InspectionLevel = .info, revealSecrets: Bool = false,
                variables: String? = nil, stateName: String? = nil, mock: Mock? = nil, context: String? = nil,
                stateConfiguration: StateConfiguration? = nil) {
        self.definition = definition
        self.roleArn = roleArn
        self.input = input
        self.inspectionLevel = inspectionLevel
        self.revealSecrets = revealSecrets
        self.variables = variables
        self.stateName = stateName
        self.mock = mock
        self.context = context
        self.stateConfiguration = stateConfiguration
    }
}

/// TestState's answer: the status, output, error and next state always; `inspection` (the
/// data flow, Retry and Catch details, a Map's settings) from the DEBUG level on.
public struct TestStateOutput: Sendable, Equatable {
    public var status: StateInspection.Status
    public var output: JSONValue?
    public var error: String?
    public var cause: String?
    public var nextState: String?
    /// nil at the INFO level.
    public var inspection: StateInspection?

    public init(_ inspection: StateInspection, level: InspectionLevel) {
        status = inspection.status
        output = inspection.output
        error = inspection.error
        cause = inspection.cause
        nextState = inspection.nextState
        self.inspection = level == .info ? nil : inspection
    }
}
