import Testing
@testable import Engine
import ASL

/// Retry and Catch, with the exact virtual-time gaps between attempts.
@Suite struct RetryCatchTests {
    private static let resource = "arn:aws:states:::custom:work"

    /// An engine whose `custom:work` task fails with the given errors in turn, then succeeds
    /// with `"ok"`; `calls` counts the attempts.
    private final class Script {
        var errors: [String]
        var calls = 0
        init(_ errors: [String]) { self.errors = errors }
    }

    private func engine(failing script: Script, seed: UInt64 = 0x5EED) -> Engine {
        let engine = makeEngine(seed: seed)
        engine.handlers.registerResource(Self.resource) { invocation in
            script.calls += 1
            if script.errors.isEmpty {
                invocation.succeed("ok")
            } else {
                let error = script.errors.removeFirst()
                invocation.fail(error: error, cause: "\(error) happened")
            }
        }
        return engine
    }

    /// A Task `T` with `fields`; when a catcher names it, the state `Recovered` follows it.
    private func task(_ fields: String) -> String {
        let recovered = fields.contains("\"Recovered\"") ? #", "Recovered": {"Type": "Pass", "End": true}"# : ""
        return """
        {"StartAt": "T", "States": {
          "T": {"Type": "Task", "Resource": "\(Self.resource)", \(fields), "End": true}\(recovered)}}
        """
    }

    /// The AWS docs' retrier: 3 s, then 3 x 1.5 = 4.5 s.
    @Test func intervalAndBackoffRate() throws {
        let script = Script(Array(repeating: "States.TaskFailed", count: 10))
        let definition = task(#""Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 3, "MaxAttempts": 2, "BackoffRate": 1.5}]"#)
        let (execution, history) = try run(definition, engine: engine(failing: script))
        #expect(offsets(history, .taskScheduled) == [0, 3, 7.5])
        #expect(script.calls == 3)
        #expect(execution.status == .failed)
        #expect(execution.error == "States.TaskFailed")
        #expect(execution.stopDate == testStartTime + 7.5)
    }

    @Test func defaultsAreOneSecondThreeAttemptsBackoffTwo() throws {
        let script = Script(Array(repeating: "E", count: 10))
        let (_, history) = try run(task(#""Retry": [{"ErrorEquals": ["E"]}]"#), engine: engine(failing: script))
        #expect(offsets(history, .taskScheduled) == [0, 1, 3, 7])
    }

    @Test func maxAttemptsZeroNeverRetries() throws {
        let script = Script(["E"])
        let (execution, history) = try run(task(#""Retry": [{"ErrorEquals": ["E"], "MaxAttempts": 0}]"#), engine: engine(failing: script))
        #expect(events(history, .taskScheduled).count == 1)
        #expect(execution.error == "E")
    }

    @Test func retrySucceedsWhenALaterAttemptSucceeds() throws {
        let script = Script(["E", "E"])
        let (execution, history) = try run(task(#""Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 2}]"#), engine: engine(failing: script))
        #expect(execution.status == .succeeded)
        #expect(execution.output == "ok")
        #expect(offsets(history, .taskScheduled) == [0, 2, 6])
    }

    @Test func maxDelaySecondsCapsTheBackoff() throws {
        let script = Script(Array(repeating: "E", count: 10))
        let definition = task(#""Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 2, "BackoffRate": 3, "MaxAttempts": 4, "MaxDelaySeconds": 10}]"#)
        let (_, history) = try run(definition, engine: engine(failing: script))
        // 2, 6, then 18 and 54 capped at 10.
        #expect(offsets(history, .taskScheduled) == [0, 2, 8, 18, 28])
    }

    @Test func fullJitterStaysWithinTheBackoffAndRepeatsForASeed() throws {
        let definition = task(#""Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 10, "BackoffRate": 2, "MaxAttempts": 3, "JitterStrategy": "FULL"}]"#)
        func gaps(seed: UInt64) throws -> [Double] {
            let (_, history) = try run(definition, engine: engine(failing: Script(Array(repeating: "E", count: 10)), seed: seed))
            let times = offsets(history, .taskScheduled)
            return zip(times.dropFirst(), times).map { $0 - $1 }
        }
        let first = try gaps(seed: 1)
        #expect(first.count == 3)
        for (gap, cap) in zip(first, [10.0, 20, 40]) {
            #expect(gap >= 0 && gap <= cap)
        }
        #expect(first != [10, 20, 40], "FULL jitter must randomize the delays")
        #expect(try gaps(seed: 1) == first)
    }

    @Test func separateRetriersCountSeparately() throws {
        // One retry for A and one for B: A, B, then success needs both.
        let script = Script(["A", "B"])
        let definition = task("""
        "Retry": [{"ErrorEquals": ["A"], "IntervalSeconds": 1, "MaxAttempts": 1},
                  {"ErrorEquals": ["B"], "IntervalSeconds": 5, "MaxAttempts": 1}]
        """)
        let (execution, history) = try run(definition, engine: engine(failing: script))
        #expect(execution.status == .succeeded)
        #expect(offsets(history, .taskScheduled) == [0, 1, 6])
    }

    @Test func eachRetrierBacksOffFromItsOwnCount() throws {
        let script = Script(["A", "B", "A"])
        let definition = task("""
        "Retry": [{"ErrorEquals": ["A"], "IntervalSeconds": 1, "BackoffRate": 10, "MaxAttempts": 2},
                  {"ErrorEquals": ["B"], "IntervalSeconds": 2, "MaxAttempts": 1}]
        """)
        let (execution, history) = try run(definition, engine: engine(failing: script))
        #expect(execution.status == .succeeded)
        // A: 1 s; B: 2 s; A again: its second retry, 1 x 10 = 10 s.
        #expect(offsets(history, .taskScheduled) == [0, 1, 3, 13])
    }

    @Test func anExhaustedRetrierGoesToCatchNotToLaterRetriers() throws {
        let script = Script(Array(repeating: "A", count: 10))
        let definition = task("""
        "Retry": [{"ErrorEquals": ["A"], "IntervalSeconds": 1, "MaxAttempts": 1},
                  {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 5}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recovered", "ResultPath": "$.error"}]
        """)
        let (execution, history) = try run(definition, input: ["order": 1], engine: engine(failing: script))
        #expect(script.calls == 2)
        #expect(events(history, .taskScheduled).count == 2)
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["order": 1, "error": ["Error": "A", "Cause": "A happened"]])
    }

    @Test func onlyTheFirstMatchingRetrierApplies() throws {
        let script = Script(Array(repeating: "A", count: 10))
        let definition = task("""
        "Retry": [{"ErrorEquals": ["B", "A"], "IntervalSeconds": 1, "MaxAttempts": 1},
                  {"ErrorEquals": ["A"], "IntervalSeconds": 1, "MaxAttempts": 5}]
        """)
        let (execution, _) = try run(definition, engine: engine(failing: script))
        #expect(script.calls == 2)
        #expect(execution.error == "A")
    }

    /// The AWS docs' Catch example: the error output `{"Error", "Cause"}` at ResultPath.
    @Test func catchResultPathKeepsTheInput() throws {
        let script = Script(["CustomError"])
        let definition = task(#""Catch": [{"ErrorEquals": ["CustomError"], "Next": "Recovered", "ResultPath": "$.error"}]"#)
        let (execution, history) = try run(definition, input: ["foo": "bar"], engine: engine(failing: script))
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["foo": "bar", "error": ["Error": "CustomError", "Cause": "CustomError happened"]])
        #expect(events(history, .passStateEntered).first?.details.stateName == "Recovered")
    }

    @Test func catchWithoutResultPathReplacesTheInputWithTheError() throws {
        let script = Script(["CustomError"])
        let definition = task(#""Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recovered"}]"#)
        let (execution, _) = try run(definition, input: ["foo": "bar"], engine: engine(failing: script))
        #expect(execution.output == ["Error": "CustomError", "Cause": "CustomError happened"])
    }

    @Test func catchResultPathNullKeepsOnlyTheInput() throws {
        let script = Script(["CustomError"])
        let definition = task(#""Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recovered", "ResultPath": null}]"#)
        let (execution, _) = try run(definition, input: ["foo": "bar"], engine: engine(failing: script))
        #expect(execution.output == ["foo": "bar"])
    }

    @Test func theFirstMatchingCatcherWins() throws {
        let script = Script(["B"])
        let definition = """
        {"StartAt": "T", "States": {
          "T": {"Type": "Task", "Resource": "\(Self.resource)", "End": true, "Catch": [
            {"ErrorEquals": ["A"], "Next": "CaughtA"},
            {"ErrorEquals": ["B", "C"], "Next": "CaughtB"},
            {"ErrorEquals": ["States.ALL"], "Next": "CaughtAll"}]},
          "CaughtA": {"Type": "Pass", "Result": "A", "End": true},
          "CaughtB": {"Type": "Pass", "Result": "B", "End": true},
          "CaughtAll": {"Type": "Pass", "Result": "ALL", "End": true}}}
        """
        let (execution, _) = try run(definition, engine: engine(failing: script))
        #expect(execution.output == "B")
    }

    @Test func errorNamesMatchExactly() throws {
        let script = Script(["Lambda.ServiceException"])
        let definition = task(#""Catch": [{"ErrorEquals": ["Lambda", "Lambda.Service", "lambda.serviceexception"], "Next": "Recovered"}]"#)
        let (execution, _) = try run(definition, engine: engine(failing: script))
        #expect(execution.status == .failed)
        #expect(execution.error == "Lambda.ServiceException")
    }

    @Test func retryThenCatch() throws {
        let script = Script(Array(repeating: "E", count: 10))
        let definition = task("""
        "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 1, "MaxAttempts": 2}],
        "Catch": [{"ErrorEquals": ["E"], "Next": "Recovered"}]
        """)
        let (execution, history) = try run(definition, engine: engine(failing: script))
        #expect(script.calls == 3)
        #expect(execution.status == .succeeded)
        #expect(offsets(history, .passStateEntered) == [3])
    }

    @Test func statesAllDoesNotCatchOrRetryStatesRuntime() throws {
        let script = Script([])
        // The result has no field `missing`: OutputPath fails with States.Runtime.
        let definition = task("""
        "OutputPath": "$.missing",
        "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recovered"}]
        """)
        let (execution, history) = try run(definition, engine: engine(failing: script))
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Runtime")
        #expect(script.calls == 1)
        #expect(events(history, .passStateEntered).isEmpty)
    }

    @Test func statesTaskFailedCatchesATaskError() throws {
        let script = Script(["AnyError"])
        let definition = task(#""Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Recovered"}]"#)
        let (execution, _) = try run(definition, engine: engine(failing: script))
        #expect(execution.status == .succeeded)
    }

    @Test func statesTaskFailedDoesNotMatchStatesTimeout() throws {
        let engine = makeEngine()
        engine.handlers.registerResource(Self.resource) { invocation in
            invocation.after(100) { invocation.succeed("late") }
        }
        let definition = task("""
        "TimeoutSeconds": 5,
        "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 3}],
        "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Recovered"}]
        """)
        let (execution, history) = try run(definition, engine: engine)
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Timeout")
        #expect(events(history, .taskScheduled).count == 1)
        #expect(execution.stopDate == testStartTime + 5)
    }

    @Test func statesTimeoutCanBeRetriedByName() throws {
        let engine = makeEngine()
        var calls = 0
        engine.handlers.registerResource(Self.resource) { invocation in
            calls += 1
            let delay: Double = calls == 1 ? 100 : 1
            invocation.after(delay) { invocation.succeed("done") }
        }
        let definition = task(#""TimeoutSeconds": 5, "Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 2}]"#)
        let (execution, history) = try run(definition, engine: engine)
        #expect(execution.output == "done")
        #expect(offsets(history, .taskTimedOut) == [5])
        #expect(offsets(history, .taskScheduled) == [0, 7])
        #expect(execution.stopDate == testStartTime + 8)
    }

    @Test func statesAllCatchesStatesTimeout() throws {
        let engine = makeEngine()
        engine.handlers.registerResource(Self.resource) { invocation in invocation.after(100) { invocation.succeed("late") } }
        let definition = task(#""TimeoutSeconds": 5, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recovered"}]"#)
        let (execution, _) = try run(definition, engine: engine)
        #expect(execution.status == .succeeded)
        #expect(execution.output?["Error"] == "States.Timeout")
    }

    @Test func statesTaskFailedMatchesStatesHeartbeatTimeout() throws {
        let engine = makeEngine()
        engine.handlers.registerResource("arn:aws:states:::custom:work.waitForTaskToken") { invocation in invocation.succeed([:]) }
        let definition = """
        {"StartAt": "T", "States": {
          "T": {"Type": "Task", "Resource": "arn:aws:states:::custom:work.waitForTaskToken", "HeartbeatSeconds": 5, "End": true,
                "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Recovered"}]},
          "Recovered": {"Type": "Pass", "End": true}}}
        """
        let (execution, _) = try run(definition, engine: engine)
        #expect(execution.status == .succeeded)
        #expect(execution.output?["Error"] == "States.HeartbeatTimeout")
        #expect(execution.stopDate == testStartTime + 5)
    }
}
