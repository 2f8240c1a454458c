import Testing
@testable import Engine
import ASL

/// JSONata states where the recorded corpus has no case (it holds no Task or Parallel in
/// JSONata): Arguments, `$states.result`, Catch Output/Assign with `$states.errorOutput`,
/// TimeoutSeconds as an expression, the virtual clock for `$now`, runaway recursion.
@Suite struct JSONataStateTests {
    static let echo = "arn:aws:states:::custom:echo"
    static let boom = "arn:aws:states:::custom:boom"

    func engine() -> Engine {
        let engine = makeEngine()
        engine.handlers.registerResource(Self.echo) { $0.succeed($0.input) }
        engine.handlers.registerResource(Self.boom) { $0.fail(error: "Kitchen.OnFire", cause: "the oven") }
        return engine
    }

    func machine(_ states: String) -> String {
        #"{"QueryLanguage": "JSONata", "StartAt": "S", "States": {\#(states)}}"#
    }

    @Test func aTaskGetsItsArgumentsAndItsOutputAndAssignSeeTheResult() throws {
        let (execution, history) = try run(machine(#"""
            "S": {"Type": "Task", "Resource": "\#(Self.echo)", "Arguments": {"n": "{% $states.input.n * 2 %}", "fixed": "$.n"},
                  "Assign": {"doubled": "{% $states.result.n %}", "input": "{% $states.input.n %}"},
                  "Output": {"r": "{% $states.result %}"}, "Next": "T"},
            "T": {"Type": "Pass", "Output": "{% $doubled + $input %}", "End": true}
            """#), input: ["n": 21], engine: engine())
        #expect(execution.status == .succeeded)
        #expect(execution.output == 63)
        #expect(events(history, .taskScheduled).first?.details.parameters == ["n": 42, "fixed": "$.n"])
        #expect(events(history, .taskStateExited).first?.details.output == ["r": ["n": 42, "fixed": "$.n"]])
        #expect(events(history, .taskStateExited).first?.details.assignedVariables == ["doubled": 42, "input": 21])
    }

    @Test func withoutArgumentsOrOutputATaskPassesItsInputAndReturnsItsResult() throws {
        let (execution, history) = try run(machine(#""S": {"Type": "Task", "Resource": "\#(Self.echo)", "End": true}"#),
                                           input: ["a": 1], engine: engine())
        #expect(execution.output == ["a": 1])
        #expect(events(history, .taskScheduled).first?.details.parameters == ["a": 1])
    }

    @Test func aCatcherOutputAndAssignSeeTheErrorOutput() throws {
        let (execution, history) = try run(machine(#"""
            "S": {"Type": "Task", "Resource": "\#(Self.boom)", "Output": "{% 'never' %}", "Next": "Done",
                  "Catch": [{"ErrorEquals": ["Kitchen.OnFire"], "Next": "Done",
                             "Assign": {"why": "{% $states.errorOutput.Cause %}"},
                             "Output": {"error": "{% $states.errorOutput.Error %}", "order": "{% $states.input.order %}"}}]},
            "Done": {"Type": "Pass", "Output": "{% $merge([$states.input, {'why': $why}]) %}", "End": true}
            """#), input: ["order": 7], engine: engine())
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["error": "Kitchen.OnFire", "order": 7, "why": "the oven"])
        #expect(events(history, .taskStateExited).first?.details.assignedVariables == ["why": "the oven"])
    }

    @Test func aCatcherWithoutOutputHandsOnTheErrorOutput() throws {
        let (execution, _) = try run(machine(#"""
            "S": {"Type": "Task", "Resource": "\#(Self.boom)", "End": true, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}]},
            "Done": {"Type": "Succeed"}
            """#), engine: engine())
        #expect(execution.output == ["Error": "Kitchen.OnFire", "Cause": "the oven"])
    }

    @Test func aFailedExpressionIsCaughtAsQueryEvaluationError() throws {
        let (execution, history) = try run(machine(#"""
            "S": {"Type": "Task", "Resource": "\#(Self.echo)", "Output": "{% $states.result.missing %}", "End": true,
                  "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "Done", "Output": "{% $states.errorOutput.Error %}"}]},
            "Done": {"Type": "Succeed"}
            """#), engine: engine())
        #expect(execution.output == "States.QueryEvaluationError")
        let failed = try #require(events(history, .evaluationFailed).first)
        #expect(failed.details.location == "Output")
        #expect(failed.details.cause == "An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '$states.result.missing' specified for the field 'Output' returned nothing (undefined).")
    }

    @Test func parallelBranchesGetTheArgumentsAndOutputSeesTheResult() throws {
        func branch(_ name: String) -> String { #"{"StartAt": "\#(name)", "States": {"\#(name)": {"Type": "Pass", "Output": "{% $states.input.x + 1 %}", "End": true}}}"# }
        let (execution, _) = try run(machine(#"""
            "S": {"Type": "Parallel", "Branches": [\#(branch("B1")), \#(branch("B2"))], "Arguments": {"x": "{% $states.input.n %}"},
                  "Output": "{% $sum($states.result) %}", "End": true}
            """#), input: ["n": 1], engine: engine())
        #expect(execution.output == 4)
    }

    @Test func timeoutSecondsAsAnExpressionTimesTheTaskOut() throws {
        let engine = engine()
        engine.handlers.registerResource("arn:aws:states:::custom:slow") { _ in }
        let (execution, history) = try run(machine(#"""
            "S": {"Type": "Task", "Resource": "arn:aws:states:::custom:slow", "TimeoutSeconds": "{% $states.input.t %}", "End": true}
            """#), input: ["t": 7], engine: engine)
        #expect(execution.error == "States.Timeout")
        #expect(events(history, .taskScheduled).first?.details.timeoutInSeconds == 7)
        #expect(offsets(history, .taskTimedOut) == [7])
    }

    @Test func nowIsTheEnginesVirtualClock() throws {
        let (execution, _) = try run(machine(#""S": {"Type": "Pass", "Output": {"now": "{% $now() %}", "millis": "{% $millis() %}"}, "End": true}"#),
                                     engine: engine())
        #expect(execution.output == ["now": "2023-11-14T22:13:20.000Z", "millis": .number(testStartTime * 1000)])
    }

    @Test func aRunawayRecursionFailsTheStateInsteadOfTheProcess() throws {
        let (execution, _) = try run(machine(#"""
            "S": {"Type": "Pass", "Output": "{% ($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(1000000)) %}", "End": true}
            """#), engine: engine())
        #expect(execution.error == "States.QueryEvaluationError")
        #expect(execution.cause?.contains("U1001") == true)
    }

    @Test func variablesCrossBetweenTheLanguages() throws {
        let (execution, _) = try run(#"""
            {"StartAt": "A", "States": {
              "A": {"Type": "Pass", "Assign": {"fromPath.$": "$.n"}, "Next": "B"},
              "B": {"Type": "Pass", "QueryLanguage": "JSONata", "Assign": {"fromJSONata": "{% $fromPath * 10 %}"}, "Next": "C"},
              "C": {"Type": "Pass", "Parameters": {"both.$": "States.Array($fromPath, $fromJSONata)"}, "End": true}}}
            """#, input: ["n": 3], engine: engine())
        #expect(execution.output == ["both": [3, 30]])
    }

    @Test func aChoiceRuleOutputWinsOverTheStatesAndAssignsMerge() throws {
        let text = machine(#"""
            "S": {"Type": "Choice", "Output": "state", "Assign": {"a": 1, "b": 1},
                  "Choices": [{"Condition": "{% $states.input.n > 1 %}", "Next": "Done", "Output": "rule", "Assign": {"b": 2}},
                              {"Condition": "{% $states.input.n = 0 %}", "Next": "Done"}],
                  "Default": "Done"},
            "Done": {"Type": "Pass", "Output": {"out": "{% $states.input %}", "a": "{% $a %}", "b": "{% $b %}"}, "End": true}
            """#)
        #expect(try run(text, input: ["n": 5], engine: engine()).execution.output == ["out": "rule", "a": 1, "b": 2])
        #expect(try run(text, input: ["n": 0], engine: engine()).execution.output == ["out": "state", "a": 1, "b": 1])
        #expect(try run(text, input: ["n": 1], engine: engine()).execution.output == ["out": "state", "a": 1, "b": 1])
    }

    @Test func aConditionThatIsNotBooleanFailsTheState() throws {
        let (execution, _) = try run(machine(#"""
            "S": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n %}", "Next": "Done"}]}, "Done": {"Type": "Succeed"}
            """#), input: ["n": 5], engine: engine())
        #expect(execution.cause?.hasSuffix("The JSONata expression '$states.input.n' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was 'number' for value: 5") == true)
    }
}
