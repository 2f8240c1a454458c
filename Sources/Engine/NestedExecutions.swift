import ASL
import Foundation

/// Task states on `arn:aws:states:::states:startExecution`: Step Functions' integration with its
/// own StartExecution ("Start a new AWS Step Functions state machine from a running execution").
/// The child is a real execution of a registered state machine: the engine does not know the
/// registry, so whoever holds it (LocalStepFunctions) installs a ``NestedExecutionStarter``.
///
/// What the task answers, as AWS recorded it (LocalStack's snapshots of 2023, `test_sfn_task_service`
/// and `test_callback`'s `test_start_execution_sync*`):
/// - Request Response: StartExecution's result, `{ExecutionArn, SdkHttpMetadata, SdkResponseMetadata,
///   StartDate}`, dates in epoch milliseconds (the Java SDK's).
/// - `.sync` / `.sync:2`: that result in TaskSubmitted, then, when the child ends, its
///   DescribeExecution in PascalCase (`Input` and `Output` as JSON text for `.sync`, as JSON for
///   `.sync:2`); a child that did not succeed fails the task with `States.TaskFailed` and that
///   description, as JSON text, as the cause. Stopping the task (StopExecution of the parent, its
///   timeout, a failed sibling branch) stops the child.
/// - `.waitForTaskToken`: the StartExecution result in TaskSubmitted; the task token ends it.
/// - StartExecution refused (`StateMachineDoesNotExist`, ...): the task fails with
///   `StepFunctions.<Code>Exception` and the Java SDK's message, as every optimized integration does.
public enum NestedExecutionPattern: Sendable, Equatable {
    case requestResponse
    case sync
    case sync2
    case waitForTaskToken

    /// The pattern of a resource's suffix (`""`, `.sync`, `.sync:2`, `.waitForTaskToken`); nil:
    /// not one AWS offers for startExecution.
    init?(suffix: String) {
        switch suffix {
        case "": self = .requestResponse
        case ".sync": self = .sync
        case ".sync:2": self = .sync2
        case ".waitForTaskToken": self = .waitForTaskToken
        default: return nil
        }
    }
}

/// What a `states:startExecution` task asks to start: the task's `StateMachineArn`, `Name` and
/// `Input` (`{}` when absent or null; JSON text given as a string already parsed).
public struct NestedExecutionRequest: Sendable, Equatable {
    public var stateMachineArn: String
    public var name: String?
    public var input: JSONValue
    /// The execution whose task starts it.
    public var parentExecutionArn: String

    public init(stateMachineArn: String, name: String?, input: JSONValue, parentExecutionArn: String) {
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.input = input
        self.parentExecutionArn = parentExecutionArn
    }
}

/// StartExecution's refusal: its error code as the API answers it (`StateMachineDoesNotExist`,
/// `InvalidArn`, `ExecutionAlreadyExists`, `ValidationException`, ...) and its message.
public struct NestedExecutionRefusal: Error, Sendable, Equatable {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// Starts a nested execution, on the engine's loop, as StartExecution would (the child is one
/// of this engine's executions), or says why StartExecution refused it.
public typealias NestedExecutionStarter = (NestedExecutionRequest) -> Result<Execution, NestedExecutionRefusal>

extension Engine {
    /// Runs a `states:startExecution` task (see the top of this file). A handler registered for
    /// the exact resource runs instead, as for any resource (TaskStateRunner.swift checks first).
    func startNestedExecution(_ pattern: NestedExecutionPattern, binding: TaskBinding, state: StateDefinition, parameters: JSONValue,
                              run: MachineRun, attempt: Int, token: String?,
                              submitted: @escaping (JSONValue) -> Void, finish: @escaping (Result<JSONValue, StatesError>) -> Void,
                              started: (TaskInvocation) -> Void) {
        guard let starter = nestedExecutionStarter else {
            return finish(.failure(.runtime("The state \"\(state.name)\" starts an execution of another state machine (\(binding.resource)), "
                + "but this engine has no registry of state machines to find it in; run it through the Step Functions service (LocalStepFunctions).")))
        }
        let request: NestedExecutionRequest
        switch Self.nestedRequest(parameters, parent: run.execution.arn) {
        case .success(let made): request = made
        case .failure(let refusal): return finish(.failure(nestedFailure(refusal)))
        }
        let child: Execution
        switch starter(request) {
        case .success(let execution): child = execution
        case .failure(let refusal): return finish(.failure(nestedFailure(refusal)))
        }
        let startResult = nestedStartResult(child)
        switch pattern {
        case .requestResponse:
            finish(.success(startResult))
        case .waitForTaskToken:
            submitted(startResult)
        case .sync, .sync2:
            submitted(startResult)
            awaitNestedExecution(child, pattern: pattern, binding: binding, state: state, parameters: parameters, run: run,
                                 attempt: attempt, token: token, finish: finish, started: started)
        }
    }

    /// A `.sync` / `.sync:2` task waits for its child: the child's end ends the task (its
    /// description as the result or, unless it succeeded, as the cause of States.TaskFailed); a
    /// stopped task stops the child. Also how a resumed parent waits again for the child its
    /// recorded TaskSubmitted names, rather than starting another (Recovery.swift).
    func awaitNestedExecution(_ child: Execution, pattern: NestedExecutionPattern, binding: TaskBinding, state: StateDefinition,
                              parameters: JSONValue, run: MachineRun, attempt: Int, token: String?,
                              finish: @escaping (Result<JSONValue, StatesError>) -> Void, started: (TaskInvocation) -> Void) {
        // The invocation carries the task's end and its cancellation: a stopped task stops the child.
        let invocation = TaskInvocation(resource: binding.resource, input: parameters, stateName: state.name,
                                        executionArn: run.execution.arn, executionName: run.execution.name, attempt: attempt,
                                        taskToken: token, scheduler: scheduler, completion: finish)
        invocation.onCancel { [unowned self] in
            if child.status == .running { try? self.stopExecution(child.arn) }
        }
        started(invocation)
        child.onFinish { [unowned self] ended in
            let description = self.nestedDescription(ended, parsed: pattern == .sync2)
            if ended.status == .succeeded {
                invocation.succeed(description)
            } else {
                invocation.fail(error: StatesError.Name.taskFailed, cause: description.serialized())
            }
        }
    }

    /// The StartExecution request a task's effective parameters make: `StateMachineArn` (a
    /// string), `Name` (a string, optional), `Input` (a JSON value, or JSON text as a string;
    /// absent or null: `{}`). What StartExecution would refuse is refused here with its error.
    static func nestedRequest(_ parameters: JSONValue, parent: String) -> Result<NestedExecutionRequest, NestedExecutionRefusal> {
        func invalid(_ member: String, _ value: JSONValue?) -> NestedExecutionRefusal {
            let shown = value.map { $0.stringValue ?? $0.serialized() } ?? "null"
            let constraint = value == nil ? "Member must not be null" : "Member must be a string"
            return NestedExecutionRefusal(code: "ValidationException",
                                          message: "1 validation error detected: Value '\(shown)' at '\(member)' failed to satisfy constraint: \(constraint)")
        }
        guard let arnValue = parameters["StateMachineArn"], let arn = arnValue.stringValue else {
            return .failure(invalid("stateMachineArn", parameters["StateMachineArn"]))
        }
        var name: String?
        if let nameValue = parameters["Name"], nameValue != .null {
            guard let text = nameValue.stringValue else { return .failure(invalid("name", nameValue)) }
            name = text
        }
        var input: JSONValue = .object([:])
        switch parameters["Input"] {
        case nil, .null?: break
        case .string(let text)?:
            do { input = try JSONValue(parsing: text) } catch {
                return .failure(NestedExecutionRefusal(code: "InvalidExecutionInput", message: "Invalid State Machine Execution Input: '\(error)'"))
            }
        case let value?: input = value
        }
        return .success(NestedExecutionRequest(stateMachineArn: arn, name: name, input: input, parentExecutionArn: parent))
    }

    /// A refused StartExecution as the task's error: `StepFunctions.` and the SDK's exception
    /// name, the cause in the Java SDK's words.
    private func nestedFailure(_ refusal: NestedExecutionRefusal) -> StatesError {
        let exception = refusal.code.hasSuffix("Exception") ? refusal.code : refusal.code + "Exception"
        return StatesError("StepFunctions." + exception,
                           "\(refusal.message) (Service: AWSStepFunctions; Status Code: 400; Error Code: \(refusal.code); Request ID: \(random.uuid()); Proxy: null)")
    }

    /// StartExecution's result as the integration gives it, with the SDK's HTTP metadata.
    private func nestedStartResult(_ child: Execution) -> JSONValue {
        let requestId = JSONValue.string(random.uuid())
        // The length of the API's answer, `{"executionArn": ..., "startDate": ...}`.
        let body = JSONValue.object(["executionArn": .string(child.arn), "startDate": .number(child.startDate)]).serialized()
        let length = JSONValue.string(String(body.utf8.count))
        let date = JSONValue.string(Self.httpDate(scheduler.now))
        let type: JSONValue = "application/x-amz-json-1.0"
        return [
            "ExecutionArn": .string(child.arn),
            "SdkHttpMetadata": [
                "AllHttpHeaders": [
                    "x-amzn-RequestId": [requestId], "connection": ["keep-alive"], "Content-Length": [length],
                    "Date": [date], "Content-Type": [type],
                ],
                "HttpHeaders": ["connection": "keep-alive", "Content-Length": length, "Content-Type": type, "Date": date, "x-amzn-RequestId": requestId],
                "HttpStatusCode": 200,
            ],
            "SdkResponseMetadata": ["RequestId": requestId],
            "StartDate": Self.epochMillis(child.startDate),
        ]
    }

    /// DescribeExecution of the ended child, as `.sync` (`Input` and `Output` as JSON text) or
    /// `.sync:2` (`parsed`: as JSON) gives it: PascalCase members, dates in epoch milliseconds.
    func nestedDescription(_ child: Execution, parsed: Bool) -> JSONValue {
        let described = describe(child)
        func payload(_ value: JSONValue) -> JSONValue { parsed ? value : .string(value.serialized()) }
        var object: [String: JSONValue] = [
            "ExecutionArn": .string(described.executionArn),
            "Input": payload(described.input),
            "InputDetails": ["Included": true],
            "Name": .string(described.name),
            "StartDate": Self.epochMillis(described.startDate),
            "StateMachineArn": .string(described.stateMachineArn),
            "Status": .string(described.status.rawValue),
        ]
        if let output = described.output {
            object["Output"] = payload(output)
            object["OutputDetails"] = ["Included": true]
        }
        if let stop = described.stopDate { object["StopDate"] = Self.epochMillis(stop) }
        if let error = described.error { object["Error"] = .string(error) }
        if let cause = described.cause { object["Cause"] = .string(cause) }
        if let version = described.stateMachineVersionArn { object["StateMachineVersionArn"] = .string(version) }
        if let alias = described.stateMachineAliasArn { object["StateMachineAliasArn"] = .string(alias) }
        if let count = described.redriveCount { object["RedriveCount"] = .number(Double(count)) }
        if let date = described.redriveDate { object["RedriveDate"] = Self.epochMillis(date) }
        if let status = described.redriveStatus { object["RedriveStatus"] = .string(status.rawValue) }
        if let reason = described.redriveStatusReason { object["RedriveStatusReason"] = .string(reason) }
        return .object(object)
    }

    private static func epochMillis(_ seconds: Double) -> JSONValue { .number((seconds * 1000).rounded()) }

    /// An HTTP `Date` header's value (RFC 7231: `Thu, 03 Dec 2026 08:15:00 GMT`).
    static func httpDate(_ seconds: Double) -> String {
        var whole = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&whole, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
