import Testing
@testable import Engine
import ASL

@Suite struct ParallelStateTests {
    private static let slow = "arn:aws:states:::custom:slow"

    private final class Record { var cancelled = 0 }

    private func engine(_ record: Record = Record()) -> Engine {
        let engine = makeEngine()
        engine.handlers.registerResource(Self.slow) { invocation in
            invocation.onCancel { record.cancelled += 1 }
            invocation.after(100) { invocation.succeed("slow") }
        }
        return engine
    }

    @Test func outputIsTheArrayOfBranchOutputsInBranchOrder() throws {
        // The first branch finishes last; the output keeps branch order.
        let definition = """
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "Slow", "States": {"Slow": {"Type": "Wait", "Seconds": 10, "Next": "A"},
                                         "A": {"Type": "Pass", "Parameters": {"branch": "a", "n.$": "$.n"}, "End": true}}},
          {"StartAt": "B", "States": {"B": {"Type": "Pass", "Parameters": {"branch": "b", "n.$": "$.n"}, "End": true}}}]}}}
        """
        let (execution, history) = try run(definition, input: ["n": 1])
        #expect(execution.status == .succeeded)
        #expect(execution.output == [["branch": "a", "n": 1], ["branch": "b", "n": 1]])
        #expect(offsets(history, .parallelStateSucceeded) == [10])
    }

    @Test func branchesRunAtTheSameTime() throws {
        let definition = """
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "W1", "States": {"W1": {"Type": "Wait", "Seconds": 10, "End": true}}},
          {"StartAt": "W2", "States": {"W2": {"Type": "Wait", "Seconds": 20, "End": true}}}]}}}
        """
        let (execution, _) = try run(definition)
        #expect(execution.stopDate == testStartTime + 20)
    }

    @Test func inputPathParametersResultSelectorResultPath() throws {
        let definition = """
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
          "InputPath": "$.in", "Parameters": {"v.$": "$.v"},
          "ResultSelector": {"first.$": "$[0].v", "count.$": "States.ArrayLength($)"}, "ResultPath": "$.out",
          "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}]}}}
        """
        let (execution, _) = try run(definition, input: ["in": ["v": 5, "x": 0]])
        #expect(execution.output == ["in": ["v": 5, "x": 0], "out": ["first": 5, "count": 2]])
    }

    @Test func aFailingBranchAbortsTheTaskOfTheOtherBranch() throws {
        let record = Record()
        let definition = """
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "\(Self.slow)", "End": true}}},
          {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 3, "Next": "Boom"},
                                         "Boom": {"Type": "Fail", "Error": "BranchError", "Cause": "branch two failed"}}}]}}}
        """
        let (execution, history) = try run(definition, engine: engine(record))
        #expect(execution.status == .failed)
        #expect(execution.error == "BranchError")
        #expect(execution.cause == "branch two failed")
        #expect(execution.stopDate == testStartTime + 3)
        #expect(record.cancelled == 1)
        #expect(events(history, .taskStateAborted).map(\.details.stateName) == ["Work"])
        #expect(events(history, .taskSucceeded).isEmpty)
        let failed = try #require(events(history, .parallelStateFailed).first)
        #expect(failed.details.error == "BranchError")
        #expect(types(history).suffix(4) == ["FailStateEntered", "TaskStateAborted", "ParallelStateFailed", "ExecutionFailed"])
    }

    @Test func aFailingBranchAbortsTheWaitOfTheOtherBranch() throws {
        let definition = """
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "Long", "States": {"Long": {"Type": "Wait", "Seconds": 60, "End": true}}},
          {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "E"}}}]}}}
        """
        let (execution, history) = try run(definition)
        #expect(execution.error == "E")
        #expect(execution.stopDate == testStartTime)
        #expect(events(history, .waitStateAborted).map(\.details.stateName) == ["Long"])
        #expect(events(history, .waitStateExited).isEmpty)
    }

    @Test func catchOnParallel() throws {
        let definition = """
        {"StartAt": "P", "States": {
          "P": {"Type": "Parallel", "Next": "Done",
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled", "ResultPath": "$.error"}],
                "Branches": [
                  {"StartAt": "Ok", "States": {"Ok": {"Type": "Wait", "Seconds": 60, "End": true}}},
                  {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "E", "Cause": "c"}}}]},
          "Handled": {"Type": "Pass", "End": true},
          "Done": {"Type": "Pass", "End": true}}}
        """
        let (execution, history) = try run(definition, input: ["order": 1])
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["order": 1, "error": ["Error": "E", "Cause": "c"]])
        #expect(events(history, .passStateEntered).map(\.details.stateName) == ["Handled"])
    }

    @Test func retryOnParallelRunsEveryBranchAgain() throws {
        let engine = makeEngine()
        var calls = 0
        engine.handlers.registerResource("arn:aws:states:::custom:flaky") { invocation in
            calls += 1
            let attempt = calls
            invocation.after(0.5) {
                if attempt == 1 { invocation.fail(error: "Flaky", cause: "") } else { invocation.succeed(.number(Double(attempt))) }
            }
        }
        let definition = """
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
          "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 4}],
          "Branches": [
            {"StartAt": "F", "States": {"F": {"Type": "Task", "Resource": "arn:aws:states:::custom:flaky", "End": true}}},
            {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "End": true}}}]}}}
        """
        let (execution, history) = try run(definition, input: ["x": 1], engine: engine)
        #expect(execution.output == [2, ["x": 1]])
        // The first attempt fails at 0.5 s; the retry starts both branches again 4 s later.
        #expect(offsets(history, .parallelStateStarted) == [0, 4.5])
        #expect(offsets(history, .waitStateEntered) == [0, 4.5])
        #expect(events(history, .waitStateAborted).count == 1)
        #expect(execution.stopDate == testStartTime + 5.5)
    }

    @Test func aRuntimeErrorInABranchIsNotCaught() throws {
        let definition = """
        {"StartAt": "P", "States": {
          "P": {"Type": "Parallel", "End": true, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled"}],
                "Branches": [{"StartAt": "Bad", "States": {"Bad": {"Type": "Pass", "InputPath": "$.missing", "End": true}}}]},
          "Handled": {"Type": "Pass", "End": true}}}
        """
        let (execution, _) = try run(definition)
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Runtime")
    }
}
