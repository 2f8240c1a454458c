import Digest
import ASL
import Foundation

/// A task waiting for SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat.
final class CallbackTask {
    let complete: (Result<JSONValue, StatesError>) -> Void
    let heartbeat: () -> Void

    init(complete: @escaping (Result<JSONValue, StatesError>) -> Void, heartbeat: @escaping () -> Void) {
        self.complete = complete
        self.heartbeat = heartbeat
    }
}

/// One attempt of a Task state: from TaskScheduled to its end, with its timers.
private final class TaskAttempt {
    var finished = false
    var timers: [Scheduler.TimerID] = []
    var heartbeatTimer: Scheduler.TimerID?
    var invocation: TaskInvocation?
    var token: String?
}

extension Engine {
    func runTask(_ state: StateDefinition, _ task: TaskState, input: JSONValue, run: MachineRun, enteredTime: Double) {
        attemptTask(state, task, rawInput: input, run: run, enteredTime: enteredTime, counters: RetryCounters(count: state.retry.count))
    }

    /// Internal (not private) so that Recovery.swift can run an attempt again with its retry counters.
    /// `submittedChild`: recovery of a `states:startExecution.sync` attempt whose TaskSubmitted
    /// names this child execution (the attempt's events are recorded already): it waits for that
    /// child again instead of starting another.
    func attemptTask(_ state: StateDefinition, _ task: TaskState, rawInput: JSONValue, run: MachineRun,
                             enteredTime: Double, counters: RetryCounters, submittedChild: Execution? = nil) {
        guard run.isLive else { return }
        let binding = taskBinding(for: task.resource)
        let attempt = TaskAttempt()
        if binding.waitsForCallback { attempt.token = taskToken() }
        // The context object costs more than most tasks: build it only if something reads `$$`.
        let context = LazyContext { [unowned self] in
            self.contextObject(state, run: run, enteredTime: enteredTime, retryCount: counters.total, token: attempt.token)
        }
        var counters = counters
        let retry = { [unowned self] in
            self.attemptTask(state, task, rawInput: rawInput, run: run, enteredTime: enteredTime, counters: counters)
        }
        let effective: JSONValue
        let timeout: Double?
        let heartbeat: Double?
        do throws(StatesError) {
            if let fields = state.jsonata {
                // JSONata: Arguments (the state input when absent), timeouts as expressions.
                let scope = statesScope(rawInput, run: run) { context.value }
                effective = try fields.arguments.map { a throws(StatesError) in try evaluate(a, field: "Arguments", scope: scope, run: run) } ?? rawInput
                note(run, .afterArguments, effective)
                timeout = try seconds(resolve(task.timeout, field: "TimeoutSeconds", minimum: 1, scope: scope, run: run),
                                      field: "TimeoutSeconds", input: rawInput, context: context, run: run)
                heartbeat = try seconds(resolve(task.heartbeat, field: "HeartbeatSeconds", minimum: 1, scope: scope, run: run),
                                        field: "HeartbeatSeconds", input: rawInput, context: context, run: run)
            } else {
                let afterInputPath = try applyInputPath(state.inputPath, to: rawInput, context: context.value, variables: run.variables)
                note(run, .afterInputPath, afterInputPath)
                if let parameters = state.parameters {
                    effective = try evaluateTemplate(parameters, input: afterInputPath, context: state.parametersReadContext ? context.value : .null, variables: run.variables)
                } else {
                    effective = afterInputPath
                }
                note(run, .afterParameters, effective)
                timeout = try seconds(task.timeout, field: "TimeoutSecondsPath", input: rawInput, context: context, run: run)
                heartbeat = try seconds(task.heartbeat, field: "HeartbeatSecondsPath", input: rawInput, context: context, run: run)
            }
        } catch {
            handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, retry: { retry() })
            return
        }
        // A tested activity task answers its mock (TestState runs one only with a mock).
        if case .activity(let arn) = binding.integration, run.inspection == nil {
            let work = ActivityWork(arn: arn, input: effective, timeout: timeout, heartbeat: heartbeat)
            return attemptActivity(state, task, work, rawInput: rawInput, run: run, enteredTime: enteredTime, counters: counters)
        }
        let direct = binding.isDirectLambda
        // Started and the attempt's end share one box of the resource fields.
        let taskDetails = Details(stateName: state.name, resourceType: binding.eventResourceType, resource: binding.eventResource)
        if submittedChild == nil {
            emit(run, direct ? .lambdaFunctionScheduled : .taskScheduled,
                 Details(stateName: state.name, resourceType: binding.eventResourceType, resource: binding.eventResource,
                         parameters: effective, timeoutInSeconds: timeout, heartbeatInSeconds: heartbeat))
            emit(run, direct ? .lambdaFunctionStarted : .taskStarted, taskDetails)
        }

        func stopWork() {
            attempt.finished = true
            for timer in attempt.timers { scheduler.cancel(timer) }
            if let timer = attempt.heartbeatTimer { scheduler.cancel(timer) }
            if let token = attempt.token { tasksByToken[token] = nil }
            attempt.invocation?.cancel()
        }
        let finish: (Result<JSONValue, StatesError>, Bool) -> Void = { [unowned self] result, timedOut in
            guard !attempt.finished, run.isLive else { return }
            stopWork()
            switch result {
            case .success(let output):
                var succeeded = taskDetails
                succeeded.output = output
                self.emit(run, direct ? .lambdaFunctionSucceeded : .taskSucceeded, succeeded)
                do throws(StatesError) {
                    try self.exit(state, result: output, rawInput: rawInput, context: { context.value }, run: run)
                } catch {
                    self.handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, retry: { retry() })
                }
            case .failure(let error):
                // One box for the resource, error and cause.
                let failed = Details(stateName: state.name, error: error.error, cause: error.cause,
                                     resourceType: binding.eventResourceType, resource: binding.eventResource)
                let type: HistoryEventType = timedOut ? (direct ? .lambdaFunctionTimedOut : .taskTimedOut) : (direct ? .lambdaFunctionFailed : .taskFailed)
                self.emit(run, type, failed)
                self.handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, retry: { retry() })
            }
        }
        run.cancelCurrent = { [unowned self] in
            guard !attempt.finished else { return }
            stopWork()
            self.emit(run, .taskStateAborted, Details(stateName: state.name))
        }
        if let timeout {
            attempt.timers.append(scheduler.after(timeout) {
                finish(.failure(StatesError(StatesError.Name.timeout, "The task timed out after \(JSONValue.format(number: timeout)) seconds.")), true)
            })
        }
        if let heartbeat {
            func arm() {
                if let old = attempt.heartbeatTimer { scheduler.cancel(old) }
                attempt.heartbeatTimer = scheduler.after(heartbeat) {
                    finish(.failure(StatesError(StatesError.Name.heartbeatTimeout, "No heartbeat was received within \(JSONValue.format(number: heartbeat)) seconds.")), true)
                }
            }
            arm()
            if let token = attempt.token {
                tasksByToken[token] = CallbackTask(complete: { finish($0, false) }, heartbeat: arm)
            }
        } else if let token = attempt.token {
            tasksByToken[token] = CallbackTask(complete: { finish($0, false) }, heartbeat: {})
        }

        // TestState's mock answers a tested task, as the service would have.
        if let mock = run.inspection?.test.mock {
            scheduler.enqueue {
                switch mock {
                case .result(let value): finish(.success(value), false)
                case .error(let error): finish(.failure(error), false)
                }
            }
            return
        }
        // A mocked response wins over any handler, as in Step Functions Local.
        if let mocks = run.execution.mocks {
            // Counted in one lookup; a state the test case does not mock counts calls nobody reads.
            var invocationNumber = 0
            func count(_ calls: inout Int) { invocationNumber = calls; calls += 1 }
            count(&run.execution.mockInvocations[state.name, default: 0])
            if let response = mocks.response(state: state.name, invocation: invocationNumber) {
                scheduler.enqueue {
                    switch response {
                    case .returns(let value): finish(.success(value), false)
                    case .throwsError(let error): finish(.failure(error), false)
                    }
                }
                return
            }
        }
        if let child = submittedChild, case .startExecution(let pattern) = binding.integration {
            return awaitNestedExecution(child, pattern: pattern, binding: binding, state: state, parameters: effective, run: run,
                                        attempt: counters.total, token: attempt.token, finish: { finish($0, false) },
                                        started: { attempt.invocation = $0 })
        }
        invoke(binding, state: state, parameters: effective, run: run, attempt: counters.total, token: attempt.token,
               submitted: { [unowned self] output in
                   guard !attempt.finished, run.isLive else { return }
                   self.emit(run, .taskSubmitted, Details(stateName: state.name, output: output, resourceType: binding.eventResourceType, resource: binding.eventResource))
               },
               finish: { finish($0, false) },
               started: { attempt.invocation = $0 })
    }

    /// Runs the integration behind a binding. For callback tasks, `submitted` reports the
    /// integration's own result and the task then waits for its token.
    private func invoke(_ binding: TaskBinding, state: StateDefinition, parameters: JSONValue, run: MachineRun, attempt: Int, token: String?,
                        submitted: @escaping (JSONValue) -> Void, finish: @escaping (Result<JSONValue, StatesError>) -> Void,
                        started: (TaskInvocation) -> Void) {
        let execution = run.execution
        func call(_ handler: TaskHandler, input: JSONValue, wrap: @escaping (JSONValue) -> JSONValue) {
            let invocation = TaskInvocation(resource: binding.resource, input: input, stateName: state.name, executionArn: execution.arn,
                                            executionName: execution.name, attempt: attempt, taskToken: token, scheduler: scheduler) { result in
                switch result {
                case .success(let value):
                    if binding.waitsForCallback { submitted(wrap(value)) } else { finish(.success(wrap(value))) }
                case .failure(let error):
                    finish(.failure(error))
                }
            }
            started(invocation)
            handler(invocation)
        }
        switch binding.integration {
        case .lambdaInvoke:
            guard let nameValue = parameters["FunctionName"]?.stringValue else {
                finish(.failure(StatesError("Lambda.InvalidParameterValueException", "The lambda:invoke task needs a FunctionName parameter.")))
                return
            }
            let name = TaskBinding.functionName(nameValue)
            guard let handler = handlers.function(named: name) else {
                finish(.failure(StatesError("Lambda.ResourceNotFoundException", "No local handler for the Lambda function \"\(name)\".")))
                return
            }
            call(handler, input: parameters["Payload"] ?? .object([:]), wrap: TaskBinding.lambdaEnvelope)
        case .lambdaFunction(let name):
            guard let handler = handlers.function(named: name) else {
                finish(.failure(StatesError("Lambda.ResourceNotFoundException", "No local handler for the Lambda function \"\(name)\".")))
                return
            }
            call(handler, input: parameters, wrap: { $0 })
        case .sqsSendMessage:
            guard let url = parameters["QueueUrl"]?.stringValue else {
                finish(.failure(StatesError("SQS.MissingParameterException", "The sqs:sendMessage task needs a QueueUrl parameter.")))
                return
            }
            guard let body = parameters["MessageBody"] else {
                finish(.failure(StatesError("SQS.MissingParameterException", "The sqs:sendMessage task needs a MessageBody parameter.")))
                return
            }
            let message = queues.send(queue: LocalQueues.queueName(fromURL: url), body: body, executionArn: execution.arn)
            let result: JSONValue = ["MessageId": .string(message.messageId), "MD5OfMessageBody": .string(Digest.md5Hex(body.stringValue ?? body.serialized()))]
            if binding.waitsForCallback { submitted(result) } else { finish(.success(result)) }
        case .startExecution(let pattern):
            // A handler registered for the exact resource stands in for the service, as for any resource.
            if let handler = handlers.handler(forResource: binding.resource) { return call(handler, input: parameters, wrap: { $0 }) }
            startNestedExecution(pattern, binding: binding, state: state, parameters: parameters, run: run, attempt: attempt, token: token,
                                 submitted: submitted, finish: finish, started: started)
        case .registered, .activity:
            guard let handler = handlers.handler(forResource: binding.resource) else {
                finish(.failure(.runtime("No local handler or mocked response for the resource \"\(binding.resource)\" of state \"\(state.name)\".")))
                return
            }
            call(handler, input: parameters, wrap: { $0 })
        }
    }

    private func seconds(_ setting: SecondsSetting?, field: String, input: JSONValue, context: LazyContext, run: MachineRun) throws(StatesError) -> Double? {
        switch setting {
        case nil: return nil
        case .literal(let s)?: return s
        case .path(let path)?:
            let value = try PathEvaluator.value(at: path, input: input, context: PathEvaluator.isContextPath(path) ? context.value : .null, variables: run.variables)
            guard let s = value.numberValue, s > 0 else { throw StatesError.runtime("\(field) \(path) must select a positive number, not \(value.serialized())") }
            return s
        case .expression?:
            throw StatesError.runtime("\(field) is an expression the state has not evaluated")
        }
    }

    /// A resource's binding, parsed once per resource string rather than once per attempt.
    func taskBinding(for resource: String) -> TaskBinding {
        if let known = bindings[resource] { return known }
        let binding = TaskBinding(resource: resource)
        bindings[resource] = binding
        return binding
    }

    func taskToken() -> String {
        // "AQB" and two UUIDs without their dashes, written into one buffer.
        var text = Array("AQB".utf8)
        text.reserveCapacity(3 + 64)
        UUIDText.appendUndashed(to: &text, using: &random)
        UUIDText.appendUndashed(to: &text, using: &random)
        return String(decoding: text, as: UTF8.self)
    }

    // MARK: - Callbacks

    /// SendTaskSuccess: the waiting task succeeds with `output`.
    public func sendTaskSuccess(token: String, output: JSONValue) throws(EngineError) {
        guard let task = tasksByToken[token] else { throw EngineError.taskDoesNotExist(token) }
        task.complete(.success(output))
    }

    /// SendTaskFailure: the waiting task fails with `error` and `cause`.
    public func sendTaskFailure(token: String, error: String, cause: String) throws(EngineError) {
        guard let task = tasksByToken[token] else { throw EngineError.taskDoesNotExist(token) }
        task.complete(.failure(StatesError(error, cause)))
    }

    /// SendTaskHeartbeat: the waiting task's heartbeat timer starts again.
    public func sendTaskHeartbeat(token: String) throws(EngineError) {
        guard let task = tasksByToken[token] else { throw EngineError.taskDoesNotExist(token) }
        task.heartbeat()
    }
}

/// The context object `$$`, built on first use only.
final class LazyContext {
    private let make: () -> JSONValue
    private var built: JSONValue?

    init(_ make: @escaping () -> JSONValue) { self.make = make }

    var value: JSONValue {
        if let built { return built }
        let made = make()
        built = made
        return made
    }
}
