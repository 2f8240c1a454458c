/// A named error as Step Functions reports it: `error` is the name Retry and Catch match
/// (`States.Runtime`, `States.TaskFailed`, or a task's own name) and `cause` explains it.
public struct StatesError: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    public var error: String
    public var cause: String

    public init(_ error: String, _ cause: String) {
        self.error = error
        self.cause = cause
    }

    public var description: String { "\(error): \(cause)" }

    /// The predefined error names of the Amazon States Language.
    public enum Name {
        public static let all = "States.ALL"
        public static let dataLimitExceeded = "States.DataLimitExceeded"
        public static let exceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold"
        public static let heartbeatTimeout = "States.HeartbeatTimeout"
        public static let intrinsicFailure = "States.IntrinsicFailure"
        public static let itemReaderFailed = "States.ItemReaderFailed"
        public static let noChoiceMatched = "States.NoChoiceMatched"
        public static let parameterPathFailure = "States.ParameterPathFailure"
        public static let permissions = "States.Permissions"
        public static let queryEvaluationError = "States.QueryEvaluationError"
        public static let resultPathMatchFailure = "States.ResultPathMatchFailure"
        public static let resultWriterFailed = "States.ResultWriterFailed"
        public static let runtime = "States.Runtime"
        public static let taskFailed = "States.TaskFailed"
        public static let timeout = "States.Timeout"
        public static let branchFailed = "States.BranchFailed"
    }

    public static func runtime(_ cause: String) -> StatesError { StatesError(Name.runtime, cause) }
    public static func parameterPathFailure(_ cause: String) -> StatesError { StatesError(Name.parameterPathFailure, cause) }
    public static func intrinsicFailure(_ cause: String) -> StatesError { StatesError(Name.intrinsicFailure, cause) }
    public static func resultPathMatchFailure(_ cause: String) -> StatesError { StatesError(Name.resultPathMatchFailure, cause) }
}
