import Testing
@testable import Engine
import ASL

/// Exact event sequences, `Type(previousEventId)`, for representative executions, chained as
/// Step Functions chains them (the first state follows no event; a Parallel's or Map's Succeeded
/// and Exited events both follow the last event of its branches or iterations).
@Suite struct HistorySequenceTests {
    @Test func passChain() throws {
        let definition = """
        {"StartAt": "One", "States": {"One": {"Type": "Pass", "Next": "Two"}, "Two": {"Type": "Pass", "End": true}}}
        """
        let (_, history) = try run(definition)
        #expect(chain(history) == [
            "ExecutionStarted(0)", "PassStateEntered(0)", "PassStateExited(2)", "PassStateEntered(3)", "PassStateExited(4)",
            "ExecutionSucceeded(5)",
        ])
        #expect(history.map(\.id) == Array(1...6))
        #expect(history.first?.details.input == [:])
        #expect(history[1].details.stateName == "One")
        #expect(history.last?.details.output == [:])
    }

    @Test func retriedThenCaughtTask() throws {
        let engine = makeEngine()
        engine.handlers.registerResource("arn:aws:states:::custom:fail") { $0.fail(error: "E", cause: "c") }
        let definition = """
        {"StartAt": "T", "States": {
          "T": {"Type": "Task", "Resource": "arn:aws:states:::custom:fail", "End": true,
                "Retry": [{"ErrorEquals": ["E"], "MaxAttempts": 1, "IntervalSeconds": 2}],
                "Catch": [{"ErrorEquals": ["E"], "Next": "Handled"}]},
          "Handled": {"Type": "Pass", "End": true}}}
        """
        let (_, history) = try run(definition, engine: engine)
        #expect(chain(history) == [
            "ExecutionStarted(0)", "TaskStateEntered(0)", "TaskScheduled(2)", "TaskStarted(3)", "TaskFailed(4)",
            "TaskScheduled(5)", "TaskStarted(6)", "TaskFailed(7)", "TaskStateExited(8)",
            "PassStateEntered(9)", "PassStateExited(10)", "ExecutionSucceeded(11)",
        ])
        #expect(history.map { $0.timestamp - testStartTime } == [0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2])
        #expect(history[8].details.output == ["Error": "E", "Cause": "c"])
    }

    @Test func parallelWithTwoBranches() throws {
        let definition = """
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
          {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}]}}}
        """
        let (_, history) = try run(definition)
        #expect(chain(history) == [
            "ExecutionStarted(0)", "ParallelStateEntered(0)", "ParallelStateStarted(2)",
            "PassStateEntered(3)", "PassStateExited(4)", "PassStateEntered(3)", "PassStateExited(6)",
            "ParallelStateSucceeded(7)", "ParallelStateExited(7)", "ExecutionSucceeded(9)",
        ])
        #expect(history[3].details.stateName == "A")
        #expect(history[5].details.stateName == "B")
    }

    @Test func mapOfTwoItems() throws {
        let definition = """
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
          "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
        """
        let (_, history) = try run(definition, input: ["a", "b"])
        #expect(chain(history) == [
            "ExecutionStarted(0)", "MapStateEntered(0)", "MapStateStarted(2)",
            "MapIterationStarted(3)", "MapIterationStarted(3)",
            "PassStateEntered(4)", "PassStateExited(6)", "MapIterationSucceeded(7)",
            "PassStateEntered(5)", "PassStateExited(9)", "MapIterationSucceeded(10)",
            "MapStateSucceeded(11)", "MapStateExited(11)", "ExecutionSucceeded(13)",
        ])
        #expect(history[5].details.input == "a")
        #expect(history[8].details.input == "b")
    }

    @Test func callbackTask() throws {
        let engine = makeEngine()
        var token = ""
        engine.handlers.registerResource("arn:aws:states:::custom:ask.waitForTaskToken") { invocation in
            token = invocation.taskToken ?? ""
            invocation.succeed(["asked": true])
        }
        let execution = try start(single(#""Type": "Task", "Resource": "arn:aws:states:::custom:ask.waitForTaskToken""#), engine: engine)
        engine.runUntilFinished(execution)
        engine.scheduler.at(testStartTime + 60) { try? engine.sendTaskSuccess(token: token, output: "yes") }
        engine.runUntilFinished(execution)
        #expect(chain(execution.history) == [
            "ExecutionStarted(0)", "TaskStateEntered(0)", "TaskScheduled(2)", "TaskStarted(3)", "TaskSubmitted(4)",
            "TaskSucceeded(5)", "TaskStateExited(6)", "ExecutionSucceeded(7)",
        ])
        #expect(execution.history[4].details.output == ["asked": true])
        #expect(execution.history[5].timestamp == testStartTime + 60)
    }

    @Test func failedParallelBranch() throws {
        let definition = """
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "End": true}}},
          {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}]}}}
        """
        let (_, history) = try run(definition)
        #expect(chain(history) == [
            "ExecutionStarted(0)", "ParallelStateEntered(0)", "ParallelStateStarted(2)",
            "WaitStateEntered(3)", "FailStateEntered(3)", "WaitStateAborted(4)", "ParallelStateFailed(6)", "ExecutionFailed(7)",
        ])
    }

    /// A branch that fails at once does not keep the later branches from starting: they start,
    /// and are then aborted.
    @Test func aBranchThatFailsAtOnceStillLetsTheOthersStart() throws {
        let definition = """
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}},
          {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "End": true}}}]}}}
        """
        let (execution, history) = try run(definition)
        #expect(chain(history) == [
            "ExecutionStarted(0)", "ParallelStateEntered(0)", "ParallelStateStarted(2)",
            "FailStateEntered(3)", "WaitStateEntered(3)", "WaitStateAborted(5)", "ParallelStateFailed(6)", "ExecutionFailed(7)",
        ])
        #expect(execution.error == "E")
        #expect(history.last!.timestamp == history[2].timestamp, "nothing waited the 5 s")
    }

    @Test func observersSeeEveryEventLiveAndInOrder() throws {
        let engine = makeEngine()
        var seen: [HistoryEvent] = []
        var statusWhenSeen: [ExecutionStatus] = []
        engine.observe { execution, event in
            seen.append(event)
            statusWhenSeen.append(execution.status)
        }
        let (execution, history) = try run(single(#""Type": "Wait", "Seconds": 3"#), engine: engine)
        #expect(seen == history)
        #expect(statusWhenSeen.dropLast().allSatisfy { $0 == .running })
        #expect(execution.status == .succeeded)
    }
}
