import Testing
@testable import Engine
import ASL

/// Starting, describing, determinism, and many executions at once.
@Suite struct ExecutionTests {
    @Test func describeExecution() throws {
        let (execution, _) = try run(single(#""Type": "Wait", "Seconds": 2"#), input: ["a": 1], machine: "M", name: "n1")
        let description = execution.description
        #expect(description.executionArn == "arn:aws:states:us-east-1:123456789012:execution:M:n1")
        #expect(description.stateMachineArn == "arn:aws:states:us-east-1:123456789012:stateMachine:M")
        #expect(description.status == .succeeded)
        #expect(description.startDate == testStartTime)
        #expect(description.stopDate == testStartTime + 2)
        #expect(description.input == ["a": 1])
        #expect(description.output == ["a": 1])
    }

    @Test func aNameCanBeUsedOnlyOnce() throws {
        let engine = makeEngine()
        _ = try start(single(#""Type": "Pass""#), engine: engine, name: "same")
        #expect(throws: EngineError.executionAlreadyExists("arn:aws:states:us-east-1:123456789012:execution:Machine:same")) {
            _ = try start(single(#""Type": "Pass""#), engine: engine, name: "same")
        }
    }

    private static let busyMachine = """
    {"StartAt": "Split", "States": {
      "Split": {"Type": "Parallel", "Next": "Each", "ResultPath": "$.split", "Branches": [
        {"StartAt": "Id", "States": {"Id": {"Type": "Pass", "Parameters": {"id.$": "States.UUID()"}, "End": true}}},
        {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 3, "End": true}}}]},
      "Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2, "End": true,
        "ItemProcessor": {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "arn:aws:states:::custom:work",
          "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 5, "JitterStrategy": "FULL"}], "End": true}}}}}}
    """

    private func busyRun(seed: UInt64) throws -> Execution {
        let engine = makeEngine(seed: seed)
        var calls = 0
        engine.handlers.registerResource("arn:aws:states:::custom:work") { invocation in
            calls += 1
            let fails = calls % 3 == 0
            invocation.after(Double(calls % 4)) {
                if fails { invocation.fail(error: "E", cause: "") } else { invocation.succeed(invocation.input) }
            }
        }
        let parsed = try StateMachineDefinition.load(text: Self.busyMachine)
        let execution = try engine.startExecution(definition: parsed, stateMachineName: "Busy", input: ["items": [1, 2, 3, 4, 5]])
        engine.runUntilFinished(execution)
        return execution
    }

    @Test func theSameSeedGivesTheSameHistory() throws {
        let first = try busyRun(seed: 42)
        let second = try busyRun(seed: 42)
        #expect(first.status == .succeeded)
        #expect(first.history.count > 40)
        #expect(first.name == second.name)
        #expect(first.history == second.history)
        #expect(first.output == second.output)
        let other = try busyRun(seed: 43)
        #expect(other.name != first.name, "the seed drives generated names")
        #expect(other.history != first.history, "the seed drives States.UUID and jitter")
    }

    @Test func twoThousandExecutionsAtOnce() throws {
        let engine = makeEngine()
        let definition = try StateMachineDefinition.load(text: """
        {"StartAt": "Wait", "States": {
          "Wait": {"Type": "Wait", "SecondsPath": "$.delay", "Next": "Done"},
          "Done": {"Type": "Pass", "Parameters": {"n.$": "$.n"}, "End": true}}}
        """)
        var executions: [Execution] = []
        for n in 0..<2000 {
            executions.append(try engine.startExecution(definition: definition, stateMachineName: "Many", name: "run-\(n)",
                                                        input: ["n": .number(Double(n)), "delay": .number(Double(n % 7))]))
        }
        engine.runUntilFinished(executions)
        #expect(engine.executionArns.count == 2000)
        #expect(executions.allSatisfy { $0.status == .succeeded })
        #expect(executions.enumerated().allSatisfy { n, execution in execution.output == ["n": .number(Double(n))] })
        #expect(executions.enumerated().allSatisfy { n, execution in execution.stopDate == testStartTime + Double(n % 7) })
        #expect(executions.allSatisfy { $0.history.count == 6 })
    }

    /// AWS's history quota: a Choice looping for ever fails at event 25,000, which is the
    /// ExecutionFailed itself (States.Runtime, AWS's cause), right after the 24,999th.
    @Test func anExecutionFailsWhenItsHistoryReaches25000Events() throws {
        let (execution, history) = try run(#"""
            {"StartAt": "Loop", "States": {
              "Loop": {"Type": "Choice", "Choices": [{"Variable": "$.spin", "BooleanEquals": true, "Next": "Loop"}], "Default": "Done"},
              "Done": {"Type": "Succeed"}}}
            """#, input: ["spin": true])
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Runtime")
        #expect(execution.cause == "The execution reached the maximum number of history events (25000).")
        #expect(history.count == 25_000)
        #expect(history.last?.type == .executionFailed)
        #expect(history.last?.previousEventId == 24_999)
        #expect(history[24_998].type == .choiceStateExited)
    }

    /// An Express execution: an `express:` ARN, no Execution.RedriveCount in its context, and at
    /// most five minutes whatever TimeoutSeconds says.
    @Test func anExpressExecutionRunsFiveMinutesAtMost() throws {
        let engine = makeEngine()
        let definition = try StateMachineDefinition.load(text: #"""
            {"TimeoutSeconds": 3600, "StartAt": "Look", "States": {
              "Look": {"Type": "Pass", "Parameters": {"e.$": "$$.Execution"}, "Next": "Nap"},
              "Nap": {"Type": "Wait", "Seconds": 600, "End": true}}}
            """#)
        let execution = try engine.startExecution(definition: definition, stateMachineName: "Quick", name: "q", type: .express)
        engine.runUntilFinished(execution)
        #expect(execution.arn.hasPrefix("arn:aws:states:us-east-1:123456789012:express:Quick:q:"))
        #expect(execution.status == .timedOut)
        #expect(execution.stopDate == testStartTime + 300)
        let looked = events(execution.history, .passStateExited).first?.details.output
        #expect(looked?["e"]?["Id"] == .string(execution.arn))
        #expect(looked?["e"]?["RedriveCount"] == nil)
    }
}
