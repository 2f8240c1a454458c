import Testing
@testable import Engine
import ASL

/// Task TimeoutSeconds / HeartbeatSeconds, the machine's TimeoutSeconds and StopExecution.
@Suite struct TimeoutTests {
    private static let slow = "arn:aws:states:::custom:slow"
    private static let callback = "arn:aws:states:::custom:approve.waitForTaskToken"

    /// An engine whose `custom:slow` task succeeds after `seconds`; `cancelled` records stops.
    private final class SlowTask {
        var cancelled = 0
        var tokens: [String] = []
    }

    private func engine(slowSeconds: Double = 100, record: SlowTask = SlowTask()) -> Engine {
        let engine = makeEngine()
        engine.handlers.registerResource(Self.slow) { invocation in
            invocation.onCancel { record.cancelled += 1 }
            invocation.after(slowSeconds) { invocation.succeed("slow result") }
        }
        engine.handlers.registerResource(Self.callback) { invocation in
            record.tokens.append(invocation.taskToken ?? "")
            invocation.succeed(["submitted": true])
        }
        return engine
    }

    @Test func taskTimeoutSecondsFailsWithStatesTimeout() throws {
        let definition = single("\"Type\": \"Task\", \"Resource\": \"\(Self.slow)\", \"TimeoutSeconds\": 5")
        let record = SlowTask()
        let (execution, history) = try run(definition, engine: engine(record: record))
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Timeout")
        #expect(offsets(history, .taskTimedOut) == [5])
        #expect(events(history, .taskTimedOut).first?.details.error == "States.Timeout")
        #expect(types(history).suffix(2) == ["TaskTimedOut", "ExecutionFailed"])
        #expect(record.cancelled == 1, "the timed-out invocation is cancelled")
    }

    @Test func aTaskWithinItsTimeoutSucceeds() throws {
        let definition = single("\"Type\": \"Task\", \"Resource\": \"\(Self.slow)\", \"TimeoutSeconds\": 5")
        let (execution, _) = try run(definition, engine: engine(slowSeconds: 4))
        #expect(execution.output == "slow result")
        #expect(execution.stopDate == testStartTime + 4)
    }

    @Test func timeoutSecondsPathReadsTheInput() throws {
        let definition = single("\"Type\": \"Task\", \"Resource\": \"\(Self.slow)\", \"TimeoutSecondsPath\": \"$.limit\"")
        let (execution, history) = try run(definition, input: ["limit": 12], engine: engine())
        #expect(execution.error == "States.Timeout")
        #expect(offsets(history, .taskTimedOut) == [12])
        #expect(events(history, .taskScheduled).first?.details.timeoutInSeconds == 12)
    }

    @Test func heartbeatTimeoutWithoutHeartbeats() throws {
        let definition = single("\"Type\": \"Task\", \"Resource\": \"\(Self.callback)\", \"TimeoutSeconds\": 100, \"HeartbeatSeconds\": 10")
        let (execution, history) = try run(definition, engine: engine())
        #expect(execution.status == .failed)
        #expect(execution.error == "States.HeartbeatTimeout")
        #expect(offsets(history, .taskTimedOut) == [10])
    }

    @Test func heartbeatsKeepACallbackTaskAlive() throws {
        let record = SlowTask()
        let engine = engine(record: record)
        let definition = single("\"Type\": \"Task\", \"Resource\": \"\(Self.callback)\", \"TimeoutSeconds\": 100, \"HeartbeatSeconds\": 10")
        let execution = try start(definition, engine: engine)
        for t in [8.0, 16, 24] {
            engine.scheduler.at(testStartTime + t) { try? engine.sendTaskHeartbeat(token: record.tokens[0]) }
        }
        engine.scheduler.at(testStartTime + 30) { try? engine.sendTaskSuccess(token: record.tokens[0], output: "approved") }
        engine.runUntilFinished(execution)
        #expect(execution.status == .succeeded)
        #expect(execution.output == "approved")
        #expect(execution.stopDate == testStartTime + 30)
    }

    @Test func heartbeatsStopSoTheTaskTimesOutTenSecondsAfterTheLast() throws {
        let record = SlowTask()
        let engine = engine(record: record)
        let definition = single("\"Type\": \"Task\", \"Resource\": \"\(Self.callback)\", \"HeartbeatSeconds\": 10")
        let execution = try start(definition, engine: engine)
        engine.scheduler.at(testStartTime + 7) { try? engine.sendTaskHeartbeat(token: record.tokens[0]) }
        engine.runUntilFinished(execution)
        #expect(execution.error == "States.HeartbeatTimeout")
        #expect(offsets(execution.history, .taskTimedOut) == [17])
    }

    @Test func taskTimeoutStillAppliesDespiteHeartbeats() throws {
        let record = SlowTask()
        let engine = engine(record: record)
        let definition = single("\"Type\": \"Task\", \"Resource\": \"\(Self.callback)\", \"TimeoutSeconds\": 20, \"HeartbeatSeconds\": 10")
        let execution = try start(definition, engine: engine)
        for t in [5.0, 10, 15, 20, 25] {
            engine.scheduler.at(testStartTime + t) { try? engine.sendTaskHeartbeat(token: record.tokens[0]) }
        }
        engine.runUntilFinished(execution)
        #expect(execution.error == "States.Timeout")
        #expect(offsets(execution.history, .taskTimedOut) == [20])
    }

    @Test func machineTimeoutSecondsEndsTheExecutionTimedOut() throws {
        let definition = """
        {"TimeoutSeconds": 30, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}
        """
        let (execution, history) = try run(definition)
        #expect(execution.status == .timedOut)
        #expect(execution.stopDate == testStartTime + 30)
        #expect(history.last?.type == .executionTimedOut)
        #expect(history.last?.timestamp == testStartTime + 30)
        #expect(events(history, .waitStateExited).isEmpty)
    }

    @Test func machineTimeoutStopsARunningTask() throws {
        let record = SlowTask()
        let definition = """
        {"TimeoutSeconds": 30, "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\(Self.slow)", "End": true}}}
        """
        let (execution, history) = try run(definition, engine: engine(record: record))
        #expect(execution.status == .timedOut)
        #expect(record.cancelled == 1)
        #expect(events(history, .taskSucceeded).isEmpty)
    }

    @Test func aMachineThatFinishesInTimeSucceeds() throws {
        let definition = """
        {"TimeoutSeconds": 30, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 29, "End": true}}}
        """
        let (execution, _) = try run(definition)
        #expect(execution.status == .succeeded)
    }

    @Test func stopExecutionAbortsTheRunningTask() throws {
        let record = SlowTask()
        let engine = engine(record: record)
        let definition = single("\"Type\": \"Task\", \"Resource\": \"\(Self.slow)\"")
        let execution = try start(definition, engine: engine)
        engine.scheduler.at(testStartTime + 10) { try? engine.stopExecution(execution.arn, error: "Stopped", cause: "by a test") }
        engine.runUntilFinished(execution)
        #expect(execution.status == .aborted)
        #expect(execution.stopDate == testStartTime + 10)
        #expect(execution.error == "Stopped")
        #expect(execution.cause == "by a test")
        #expect(types(execution.history) == [
            "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskStateAborted", "ExecutionAborted",
        ])
        #expect(record.cancelled == 1)
        #expect(execution.description.status == .aborted)
    }

    @Test func stopExecutionAbortsAWait() throws {
        let engine = makeEngine()
        let execution = try start(single("\"Type\": \"Wait\", \"Seconds\": 60"), engine: engine)
        engine.scheduler.at(testStartTime + 1) { try? engine.stopExecution(execution.arn) }
        engine.runUntilFinished(execution)
        #expect(execution.status == .aborted)
        #expect(types(execution.history) == ["ExecutionStarted", "WaitStateEntered", "WaitStateAborted", "ExecutionAborted"])
    }

    @Test func stoppingAFinishedExecutionChangesNothing() throws {
        let engine = makeEngine()
        let (execution, history) = try run(single("\"Type\": \"Pass\""), engine: engine)
        try engine.stopExecution(execution.arn)
        #expect(execution.status == .succeeded)
        #expect(execution.history == history)
    }

    @Test func stoppingAnUnknownExecutionThrows() {
        let engine = makeEngine()
        #expect(throws: EngineError.executionDoesNotExist("arn:nope")) { try engine.stopExecution("arn:nope") }
    }

    @Test func stopExecutionAbortsAParallelAndItsBranches() throws {
        let engine = makeEngine()
        let definition = """
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "W1", "States": {"W1": {"Type": "Wait", "Seconds": 60, "End": true}}},
          {"StartAt": "W2", "States": {"W2": {"Type": "Wait", "Seconds": 60, "End": true}}}]}}}
        """
        let execution = try start(definition, engine: engine)
        engine.scheduler.at(testStartTime + 5) { try? engine.stopExecution(execution.arn) }
        engine.runUntilFinished(execution)
        #expect(execution.status == .aborted)
        #expect(types(execution.history).suffix(4) == ["WaitStateAborted", "WaitStateAborted", "ParallelStateAborted", "ExecutionAborted"])
        #expect(execution.history.last?.timestamp == testStartTime + 5)
    }

    @Test func stopExecutionAbortsAMapAndItsIterations() throws {
        let engine = makeEngine()
        let definition = """
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "MaxConcurrency": 1,
          "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}}}}}
        """
        let execution = try start(definition, input: [1, 2, 3], engine: engine)
        engine.scheduler.at(testStartTime + 15) { try? engine.stopExecution(execution.arn) }
        engine.runUntilFinished(execution)
        #expect(execution.status == .aborted)
        #expect(events(execution.history, .mapIterationSucceeded).map(\.details.index) == [0])
        #expect(events(execution.history, .mapIterationAborted).map(\.details.index) == [1])
        #expect(types(execution.history).suffix(4) == ["WaitStateAborted", "MapIterationAborted", "MapStateAborted", "ExecutionAborted"])
    }
}
