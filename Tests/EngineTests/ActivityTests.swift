import Testing
@testable import Engine
import ASL

/// Activity tasks: scheduled, taken by a worker's poll, answered with its token, timed out; the
/// histories as AWS recorded them (LocalStack's AWS-validated snapshots of its activity tests).
@Suite struct ActivityTests {
    static let arn = "arn:aws:states:us-east-1:123456789012:activity:Bake"
    static let input: JSONValue = ["Value1": "Hello", "Value2": "World"]

    func activityTask(_ extra: String = "") -> String {
        single("\"Type\": \"Task\", \"Resource\": \"\(Self.arn)\"" + extra)
    }

    /// An engine that knows the activity, running `definition` until it waits.
    func waiting(_ definition: String, engine: Engine = makeEngine()) throws -> (Engine, Execution) {
        engine.declareActivity(Self.arn)
        let execution = try start(definition, input: Self.input, engine: engine)
        engine.runUntilFinished(execution)
        return (engine, execution)
    }

    /// Takes a task as a worker would, or fails the test.
    func take(_ engine: Engine, worker: String? = "oven-1") throws -> ActivityTask {
        var taken: ActivityTask?
        let poll = engine.pollActivity(Self.arn, workerName: worker) { taken = $0 }
        #expect(poll == nil, "a task was waiting")
        return try #require(taken)
    }

    @Test func aWorkerTakesTheTaskAndSucceedsAsAWSRecorded() throws {
        let (engine, execution) = try waiting(activityTask())
        #expect(execution.status == .running)
        #expect(types(execution.history) == ["ExecutionStarted", "TaskStateEntered", "ActivityScheduled"])
        let task = try take(engine)
        #expect(task.input == Self.input)
        try engine.sendTaskSuccess(token: task.taskToken, output: Self.input)
        engine.runUntilFinished(execution)
        #expect(execution.status == .succeeded)
        #expect(chain(execution.history) == [
            "ExecutionStarted(0)", "TaskStateEntered(0)", "ActivityScheduled(2)", "ActivityStarted(3)",
            "ActivitySucceeded(4)", "TaskStateExited(5)", "ExecutionSucceeded(6)",
        ])
        let scheduled = execution.history[2].json
        #expect(scheduled["activityScheduledEventDetails"] == [
            "input": .string(Self.input.serialized()), "inputDetails": ["truncated": false], "resource": .string(Self.arn),
        ])
        #expect(execution.history[3].json["activityStartedEventDetails"] == ["workerName": "oven-1"])
        #expect(execution.history[4].json["activitySucceededEventDetails"] == [
            "output": .string(Self.input.serialized()), "outputDetails": ["truncated": false],
        ])
        // The token is spent.
        #expect(throws: EngineError.taskDoesNotExist(task.taskToken)) { try engine.sendTaskSuccess(token: task.taskToken, output: [:]) }
    }

    @Test func aWorkerWithoutANameStartsWithEmptyDetails() throws {
        let (engine, execution) = try waiting(activityTask())
        let task = try take(engine, worker: nil)
        try engine.sendTaskSuccess(token: task.taskToken, output: [:])
        engine.runUntilFinished(execution)
        #expect(events(execution.history, .activityStarted).first?.json["activityStartedEventDetails"] == .object([:]))
    }

    @Test func aWaitingWorkerGetsTheTaskAsSoonAsItIsScheduled() throws {
        let engine = makeEngine()
        engine.declareActivity(Self.arn)
        var taken: ActivityTask?
        let poll = engine.pollActivity(Self.arn, workerName: "early") { taken = $0 }
        #expect(poll != nil, "nothing to take yet: the worker waits")
        let execution = try start(activityTask(), input: Self.input, engine: engine)
        engine.runUntilFinished(execution)
        let task = try #require(taken)
        #expect(types(execution.history).suffix(2) == ["ActivityScheduled", "ActivityStarted"])
        #expect(engine.cancelActivityPoll(poll!) == false, "the poll was answered already")
        try engine.sendTaskSuccess(token: task.taskToken, output: ["done": true])
        engine.runUntilFinished(execution)
        #expect(execution.output == ["done": true])
    }

    @Test func aCancelledPollTakesNothing() throws {
        let engine = makeEngine()
        engine.declareActivity(Self.arn)
        var taken: ActivityTask?
        let poll = try #require(engine.pollActivity(Self.arn, workerName: nil) { taken = $0 })
        #expect(engine.cancelActivityPoll(poll))
        let execution = try start(activityTask(), engine: engine)
        engine.runUntilFinished(execution)
        #expect(taken == nil)
        #expect(types(execution.history).last == "ActivityScheduled")
    }

    @Test func sendTaskFailureFailsTheActivityAsAWSRecorded() throws {
        let (engine, execution) = try waiting(activityTask())
        let task = try take(engine)
        try engine.sendTaskFailure(token: task.taskToken, error: "Programmatic Error", cause: Self.input.serialized())
        engine.runUntilFinished(execution)
        #expect(execution.status == .failed)
        #expect(chain(execution.history) == [
            "ExecutionStarted(0)", "TaskStateEntered(0)", "ActivityScheduled(2)", "ActivityStarted(3)", "ActivityFailed(4)", "ExecutionFailed(5)",
        ])
        #expect(execution.history[4].json["activityFailedEventDetails"] == ["error": "Programmatic Error", "cause": .string(Self.input.serialized())])
        #expect((execution.error, execution.cause) == ("Programmatic Error", Self.input.serialized()))
    }

    @Test func anActivityThatDoesNotExistFailsTheExecutionAsAWSRecorded() throws {
        let (execution, history) = try run(single("\"Type\": \"Task\", \"Resource\": \"\(Self.arn)\""), input: Self.input)
        #expect(types(history) == ["ExecutionStarted", "TaskStateEntered", "ExecutionFailed"])
        #expect(execution.error == "States.Runtime")
        #expect(execution.cause == "An error occurred while executing the state 'S' (entered at the event id #2). The activity \(Self.arn) does not exist.")
    }

    @Test func timeoutsAreRecordedOnScheduling() throws {
        let (_, execution) = try waiting(activityTask(", \"TimeoutSeconds\": 60, \"HeartbeatSeconds\": 10"))
        #expect(execution.history[2].json["activityScheduledEventDetails"]?["timeoutInSeconds"] == 60)
        #expect(execution.history[2].json["activityScheduledEventDetails"]?["heartbeatInSeconds"] == 10)
    }

    @Test func noWorkerWithinTimeoutSecondsTimesTheTaskOut() throws {
        let (engine, execution) = try waiting(activityTask(", \"TimeoutSeconds\": 30"))
        #expect(execution.status == .failed)
        #expect(types(execution.history).suffix(2) == ["ActivityTimedOut", "ExecutionFailed"])
        #expect(offsets(execution.history, .activityTimedOut) == [30])
        #expect(execution.error == "States.Timeout")
        // The task is no longer offered.
        #expect(engine.pollActivity(Self.arn, workerName: nil) { _ in Issue.record("a timed-out task was handed out") } != nil)
    }

    @Test func heartbeatsKeepTheTaskAliveUntilTheyStop() throws {
        let (engine, execution) = try waiting(activityTask(", \"HeartbeatSeconds\": 10"))
        #expect(execution.status == .running, "the heartbeat clock starts when a worker takes the task")
        let task = try take(engine)
        for at in [8.0, 16.0] { engine.scheduler.after(at) { try? engine.sendTaskHeartbeat(token: task.taskToken) } }
        engine.runUntilFinished(execution)
        #expect(execution.status == .failed)
        #expect(offsets(execution.history, .activityTimedOut) == [26])
        let timedOut = try #require(events(execution.history, .activityTimedOut).first)
        #expect(timedOut.json["activityTimedOutEventDetails"]?["error"] == "States.HeartbeatTimeout")
        #expect(throws: EngineError.taskDoesNotExist(task.taskToken)) { try engine.sendTaskHeartbeat(token: task.taskToken) }
    }

    @Test func aRetriedActivityIsScheduledAgainWithANewToken() throws {
        let (engine, execution) = try waiting(activityTask(", \"Retry\": [{\"ErrorEquals\": [\"Burnt\"], \"IntervalSeconds\": 1}]"))
        let first = try take(engine)
        try engine.sendTaskFailure(token: first.taskToken, error: "Burnt", cause: "too hot")
        engine.runUntilFinished(execution)
        #expect(types(execution.history).suffix(2) == ["ActivityFailed", "ActivityScheduled"])
        let second = try take(engine)
        #expect(second.taskToken != first.taskToken)
        try engine.sendTaskSuccess(token: second.taskToken, output: ["ok": true])
        engine.runUntilFinished(execution)
        #expect(execution.status == .succeeded)
    }

    @Test func stoppingTheExecutionAbortsTheWaitingTask() throws {
        let (engine, execution) = try waiting(activityTask())
        try engine.stopExecution(execution.arn, error: nil, cause: nil)
        engine.runUntilFinished(execution)
        #expect(types(execution.history).suffix(2) == ["TaskStateAborted", "ExecutionAborted"])
        #expect(engine.pollActivity(Self.arn, workerName: nil) { _ in Issue.record("an aborted task was handed out") } != nil)
    }

    @Test func aRegisteredHandlerIsAnInProcessWorker() throws {
        let engine = makeEngine()
        engine.handlers.registerResource(Self.arn) { $0.succeed(["echo": $0.input]) }
        let (execution, history) = try run(activityTask(), input: ["n": 1], engine: engine)
        #expect(execution.output == ["echo": ["n": 1]])
        #expect(types(history) == [
            "ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivitySucceeded", "TaskStateExited", "ExecutionSucceeded",
        ])
    }

    // MARK: recovery

    @Test func activityEventsReadBackAsTheStoreKeepsThem() throws {
        let engine = makeEngine()
        engine.declareActivity(Self.arn)
        let execution = try start(activityTask(", \"TimeoutSeconds\": 60, \"HeartbeatSeconds\": 10"), input: Self.input, engine: engine)
        engine.scheduler.runDue()  // up to the scheduling, no timer fired
        try engine.sendTaskFailure(token: try take(engine, worker: "oven-9").taskToken, error: "Burnt", cause: "too hot")
        engine.runUntilFinished(execution)
        for event in execution.history { #expect(try HistoryEvent(json: event.storedJSON) == event) }
    }

    @Test func anExecutionWaitingForAWorkerComesBackWaitingWithTheSameToken() throws {
        let definition = activityTask()
        let (before, execution) = try waiting(definition)
        let history = execution.history
        let tokenBefore = try take(before).taskToken
        // Restarted before the worker took it: a worker takes the same task, with the same token.
        let after = makeEngine()
        let resumed = try after.resume(definition: StateMachineDefinition.load(text: definition), stateMachineName: "Machine", name: "test",
                                       input: Self.input, history: history)
        after.runUntilFinished(resumed)
        #expect(resumed.history.count == history.count, "nothing is recorded again")
        let task = try take(after)
        #expect(task.taskToken == tokenBefore)
        #expect(task.input == Self.input)
        try after.sendTaskSuccess(token: task.taskToken, output: ["ok": 1])
        after.runUntilFinished(resumed)
        #expect(resumed.status == .succeeded)
        #expect(types(resumed.history).suffix(4) == ["ActivityStarted", "ActivitySucceeded", "TaskStateExited", "ExecutionSucceeded"])
    }

    @Test func aTaskAWorkerHoldsStillTakesItsAnswerAfterARestart() throws {
        let definition = activityTask(", \"HeartbeatSeconds\": 100")
        let (before, execution) = try waiting(definition)
        let token = try take(before).taskToken
        let history = execution.history
        #expect(history.last?.type == .activityStarted)
        let after = makeEngine()
        let resumed = try after.resume(definition: StateMachineDefinition.load(text: definition), stateMachineName: "Machine", name: "test",
                                       input: Self.input, history: history)
        after.scheduler.after(50) { try? after.sendTaskSuccess(token: token, output: ["baked": true]) }
        after.runUntilFinished(resumed)
        #expect(resumed.status == .succeeded)
        #expect(resumed.output == ["baked": true])
        #expect(after.pollActivity(Self.arn, workerName: nil) { _ in Issue.record("a started task was offered again") } != nil)
    }
}
