import ASL

/// A local implementation of a task: it receives a ``TaskInvocation`` and ends it, at once or
/// later, with ``TaskInvocation/succeed(_:)`` or ``TaskInvocation/fail(error:cause:)``.
/// Handlers run on the engine's loop; they wait with ``TaskInvocation/after(_:_:)``, never by
/// blocking, so virtual time and `--speed` apply to them.
public typealias TaskHandler = (TaskInvocation) -> Void

/// A Lambda function's error, reported the way Lambda does: the task fails with error
/// `type` and a cause that is the JSON `{"errorType": type, "errorMessage": message}`.
public struct LambdaError: Error, Sendable, Equatable {
    public var type: String
    public var message: String

    public init(type: String = "Error", message: String) {
        self.type = type
        self.message = message
    }

    public var cause: String {
        JSONValue.object(["errorType": .string(type), "errorMessage": .string(message), "trace": .array([])]).serialized()
    }
}

/// One call of a task handler.
public final class TaskInvocation {
    /// The task's resource ARN as written in the definition.
    public let resource: String
    /// What the handler receives: a Lambda's payload, an SQS message body, or (for other
    /// resources) the state's effective parameters.
    public let input: JSONValue
    public let stateName: String
    public let executionArn: String
    public let executionName: String
    /// 0 for the first attempt, 1 for the first retry, ...
    public let attempt: Int
    /// Set when the task waits for a callback (`.waitForTaskToken`).
    public let taskToken: String?
    public let scheduler: Scheduler

    let completion: (Result<JSONValue, StatesError>) -> Void
    public private(set) var isFinished = false
    /// Set when the task was stopped (timeout, execution stopped, sibling branch failed).
    public private(set) var isCancelled = false
    private var timers: [Scheduler.TimerID] = []
    private var cancelHandlers: [() -> Void] = []

    init(resource: String, input: JSONValue, stateName: String, executionArn: String, executionName: String,
         attempt: Int, taskToken: String?, scheduler: Scheduler, completion: @escaping (Result<JSONValue, StatesError>) -> Void) {
        self.resource = resource
        self.input = input
        self.stateName = stateName
        self.executionArn = executionArn
        self.executionName = executionName
        self.attempt = attempt
        self.taskToken = taskToken
        self.scheduler = scheduler
        self.completion = completion
    }

    /// Ends the task with a result. Later calls, and calls after a cancellation, are ignored.
    public func succeed(_ output: JSONValue) {
        finish(.success(output))
    }

    /// Ends the task with an error.
    public func fail(error: String, cause: String) {
        finish(.failure(StatesError(error, cause)))
    }

    /// Ends the task as a Lambda function that threw.
    public func fail(_ error: LambdaError) {
        fail(error: error.type, cause: error.cause)
    }

    /// Runs `work` after `seconds` on the engine clock, unless the task has ended by then.
    public func after(_ seconds: Double, _ work: @escaping () -> Void) {
        let id = scheduler.after(seconds) { [weak self] in
            guard let self, !self.isFinished, !self.isCancelled else { return }
            work()
        }
        timers.append(id)
    }

    /// Called when the task is stopped before it ended.
    public func onCancel(_ handler: @escaping () -> Void) {
        cancelHandlers.append(handler)
    }

    func cancel() {
        guard !isFinished, !isCancelled else { return }
        isCancelled = true
        for timer in timers { scheduler.cancel(timer) }
        for handler in cancelHandlers { handler() }
    }

    private func finish(_ result: Result<JSONValue, StatesError>) {
        guard !isFinished, !isCancelled else { return }
        isFinished = true
        for timer in timers { scheduler.cancel(timer) }
        completion(result)
    }
}

/// Task handlers by resource: Lambda functions by name (for `lambda:invoke` and direct
/// function ARNs) and any other resource ARN exactly.
public struct TaskHandlerRegistry {
    var functions: [String: TaskHandler] = [:]
    var resources: [String: TaskHandler] = [:]

    public init() {}

    /// Binds a Lambda function name (`FunctionName` of `lambda:invoke`, or the name in a function ARN).
    public mutating func registerFunction(_ name: String, _ handler: @escaping TaskHandler) {
        functions[name] = handler
    }

    /// Binds a function that answers at once: its return is the result; a thrown
    /// ``LambdaError`` fails the task the way Lambda does.
    public mutating func registerFunction(_ name: String, returning body: @escaping (JSONValue) throws -> JSONValue) {
        functions[name] = { invocation in
            do {
                invocation.succeed(try body(invocation.input))
            } catch let error as LambdaError {
                invocation.fail(error)
            } catch {
                invocation.fail(LambdaError(message: "\(error)"))
            }
        }
    }

    /// Binds an exact resource ARN (an activity, a custom integration).
    public mutating func registerResource(_ resource: String, _ handler: @escaping TaskHandler) {
        resources[resource] = handler
    }

    public func function(named name: String) -> TaskHandler? { functions[name] }
    public func handler(forResource resource: String) -> TaskHandler? { resources[resource] }
}
