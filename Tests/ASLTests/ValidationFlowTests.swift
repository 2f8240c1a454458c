import Testing
@testable import ASL

/// Choice rules, Retry / Catch, the transition graph, and reporting several problems at once.
@Suite("Validation: choice rules, retry and catch, graph")
struct ValidationFlowTests {
    /// A Choice state `A` whose single rule is `rule`, defaulting to `Z`.
    static func choice(_ rule: String) -> String {
        machineText(#""A": {"Type": "Choice", "Choices": [\#(rule)], "Default": "Z"}, "Z": {"Type": "Succeed"}"#)
    }

    /// A Task state `A` with the given Retry / Catch members, next `Z`, plus a Fail state `F`.
    static func task(_ members: String) -> String {
        machineText(#""A": {"Type": "Task", "Resource": "arn:x:y", \#(members), "Next": "Z"}, "Z": {"Type": "Succeed"}"#)
    }

    static let choiceRules: [RuleCase] = [
        RuleCase("Choices missing", machineText(#""A": {"Type": "Choice", "Default": "Z"}, "Z": {"Type": "Succeed"}"#),
                 ["/States/A: missing required field \"Choices\""]),
        RuleCase("Choices empty", machineText(#""A": {"Type": "Choice", "Choices": [], "Default": "Z"}, "Z": {"Type": "Succeed"}"#),
                 ["/States/A/Choices: must be a non-empty array"]),
        RuleCase("Default names no state", machineText(#""A": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "Z"}], "Default": "Nope"}, "Z": {"Type": "Succeed"}"#),
                 ["/States/A/Default: no state named \"Nope\""]),
        RuleCase("Choice with Next", machineText(#""A": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "Z"}], "Next": "Z"}, "Z": {"Type": "Succeed"}"#),
                 ["/States/A/Next: field \"Next\" is not allowed in a Choice state"]),
        RuleCase("top-level rule without Next", choice(#"{"Variable": "$.a", "IsNull": true}"#), ["/States/A/Choices/0: missing required field \"Next\""]),
        RuleCase("rule Next names no state", choice(#"{"Variable": "$.a", "IsNull": true, "Next": "Oven"}"#), ["/States/A/Choices/0/Next: no state named \"Oven\""]),
        RuleCase("nested rule with Next", choice(#"{"Not": {"Variable": "$.a", "IsNull": true, "Next": "Z"}, "Next": "Z"}"#),
                 ["/States/A/Choices/0/Not/Next: a nested rule cannot have \"Next\""]),
        RuleCase("rule without operator", choice(#"{"Variable": "$.a", "Next": "Z"}"#),
                 ["/States/A/Choices/0: needs a comparison operator with \"Variable\", or one of \"And\", \"Or\", \"Not\""]),
        RuleCase("rule with two operators", choice(#"{"Variable": "$.a", "IsNull": true, "StringEquals": "x", "Next": "Z"}"#),
                 ["/States/A/Choices/0: must have exactly one operator, found \"IsNull\", \"StringEquals\""]),
        RuleCase("comparison without Variable", choice(#"{"StringEquals": "x", "Next": "Z"}"#), ["/States/A/Choices/0: missing required field \"Variable\""]),
        RuleCase("Variable not a path", choice(#"{"Variable": "a", "StringEquals": "x", "Next": "Z"}"#),
                 ["/States/A/Choices/0/Variable: must be a path starting with \"$\", not \"a\""]),
        RuleCase("StringEquals with a number", choice(#"{"Variable": "$.a", "StringEquals": 1, "Next": "Z"}"#),
                 ["/States/A/Choices/0/StringEquals: must be a string, not number"]),
        RuleCase("NumericEquals with a string", choice(#"{"Variable": "$.a", "NumericEquals": "1", "Next": "Z"}"#),
                 ["/States/A/Choices/0/NumericEquals: must be a number, not string"]),
        RuleCase("BooleanEquals with a string", choice(#"{"Variable": "$.a", "BooleanEquals": "true", "Next": "Z"}"#),
                 ["/States/A/Choices/0/BooleanEquals: must be a boolean, not string"]),
        RuleCase("IsPresent with a number", choice(#"{"Variable": "$.a", "IsPresent": 1, "Next": "Z"}"#),
                 ["/States/A/Choices/0/IsPresent: must be a boolean, not number"]),
        RuleCase("TimestampEquals with a bad timestamp", choice(#"{"Variable": "$.a", "TimestampEquals": "tomorrow", "Next": "Z"}"#),
                 ["/States/A/Choices/0/TimestampEquals: must be an RFC 3339 timestamp such as \"2024-01-31T18:00:00Z\", not \"tomorrow\""]),
        RuleCase("...Path operand not a path", choice(#"{"Variable": "$.a", "NumericLessThanPath": "b", "Next": "Z"}"#),
                 ["/States/A/Choices/0/NumericLessThanPath: must be a path starting with \"$\", not \"b\""]),
        RuleCase("StringMatches has no Path form", choice(#"{"Variable": "$.a", "StringMatchesPath": "$.b", "Next": "Z"}"#),
                 ["/States/A/Choices/0/StringMatchesPath: field \"StringMatchesPath\" is not allowed in a choice rule",
                  "/States/A/Choices/0: needs a comparison operator with \"Variable\", or one of \"And\", \"Or\", \"Not\""]),
        RuleCase("And empty", choice(#"{"And": [], "Next": "Z"}"#), ["/States/A/Choices/0/And: must be a non-empty array"]),
        RuleCase("Or not an array", choice(#"{"Or": {"Variable": "$.a", "IsNull": true}, "Next": "Z"}"#), ["/States/A/Choices/0/Or: must be an array, not object"]),
        RuleCase("Not not an object", choice(#"{"Not": [], "Next": "Z"}"#), ["/States/A/Choices/0/Not: must be an object, not array"]),
        RuleCase("Variable beside And", choice(#"{"Variable": "$.a", "And": [{"Variable": "$.a", "IsNull": true}], "Next": "Z"}"#),
                 ["/States/A/Choices/0/Variable: field \"Variable\" is not allowed with \"And\""]),
        RuleCase("nested rule problem", choice(#"{"And": [{"Variable": "$.a", "IsNull": true}, {"Variable": "$.b", "NumericEquals": true}], "Next": "Z"}"#),
                 ["/States/A/Choices/0/And/1/NumericEquals: must be a number, not boolean"]),
    ]

    static let retryCatch: [RuleCase] = [
        RuleCase("Retry not an array", task(#""Retry": {}"#), ["/States/A/Retry: must be an array, not object"]),
        RuleCase("retrier not an object", task(#""Retry": ["States.ALL"]"#), ["/States/A/Retry/0: a retrier must be an object, not string"]),
        RuleCase("ErrorEquals missing", task(#""Retry": [{"MaxAttempts": 2}]"#), ["/States/A/Retry/0: missing required field \"ErrorEquals\""]),
        RuleCase("ErrorEquals empty", task(#""Retry": [{"ErrorEquals": []}]"#), ["/States/A/Retry/0/ErrorEquals: must be a non-empty array"]),
        RuleCase("ErrorEquals with a number", task(#""Retry": [{"ErrorEquals": ["E", 7]}]"#), ["/States/A/Retry/0/ErrorEquals/1: must be a string, not number"]),
        RuleCase("States.ALL not alone", task(#""Retry": [{"ErrorEquals": ["E", "States.ALL"]}]"#),
                 ["/States/A/Retry/0/ErrorEquals: \"States.ALL\" must be the only error name"]),
        RuleCase("States.ALL retrier not last", task(#""Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["E"]}]"#),
                 ["/States/A/Retry/0: a retrier with \"States.ALL\" must be the last one"]),
        RuleCase("IntervalSeconds zero", task(#""Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 0}]"#),
                 ["/States/A/Retry/0/IntervalSeconds: must be a positive integer, not 0"]),
        RuleCase("MaxAttempts negative", task(#""Retry": [{"ErrorEquals": ["E"], "MaxAttempts": -1}]"#),
                 ["/States/A/Retry/0/MaxAttempts: must be a non-negative integer, not -1"]),
        RuleCase("BackoffRate below 1", task(#""Retry": [{"ErrorEquals": ["E"], "BackoffRate": 0.5}]"#),
                 ["/States/A/Retry/0/BackoffRate: must be a number >= 1, not 0.5"]),
        RuleCase("MaxDelaySeconds zero", task(#""Retry": [{"ErrorEquals": ["E"], "MaxDelaySeconds": 0}]"#),
                 ["/States/A/Retry/0/MaxDelaySeconds: must be a positive integer, not 0"]),
        RuleCase("JitterStrategy unknown", task(#""Retry": [{"ErrorEquals": ["E"], "JitterStrategy": "SOME"}]"#),
                 ["/States/A/Retry/0/JitterStrategy: must be \"FULL\" or \"NONE\", not \"SOME\""]),
        RuleCase("unknown retrier field", task(#""Retry": [{"ErrorEquals": ["E"], "Delay": 3}]"#),
                 ["/States/A/Retry/0/Delay: field \"Delay\" is not allowed in a retrier"]),
        RuleCase("catcher without Next", task(#""Catch": [{"ErrorEquals": ["E"]}]"#), ["/States/A/Catch/0: missing required field \"Next\""]),
        RuleCase("catcher Next names no state", task(#""Catch": [{"ErrorEquals": ["E"], "Next": "Oops"}]"#), ["/States/A/Catch/0/Next: no state named \"Oops\""]),
        RuleCase("catcher ResultPath not a reference path", task(#""Catch": [{"ErrorEquals": ["E"], "Next": "Z", "ResultPath": "$..e"}]"#),
                 ["/States/A/Catch/0/ResultPath: must be a reference path (no wildcards, filters or slices), not \"$..e\""]),
        RuleCase("States.ALL catcher not last", task(#""Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Z"}, {"ErrorEquals": ["E"], "Next": "Z"}]"#),
                 ["/States/A/Catch/0: a catcher with \"States.ALL\" must be the last one"]),
        RuleCase("unknown catcher field", task(#""Catch": [{"ErrorEquals": ["E"], "Next": "Z", "Retry": 1}]"#),
                 ["/States/A/Catch/0/Retry: field \"Retry\" is not allowed in a catcher"]),
    ]

    static let graph: [RuleCase] = [
        RuleCase("unreachable state", machineText(#""A": {"Type": "Succeed"}, "Lost": {"Type": "Succeed"}"#),
                 ["/States/Lost: state \"Lost\" is not reachable from StartAt"]),
        RuleCase("loop with no way out", machineText(#""A": {"Type": "Pass", "Next": "Loop"}, "Loop": {"Type": "Wait", "Seconds": 1, "Next": "A"}"#),
                 ["/States/A: state \"A\" has no path to an end state", "/States/Loop: state \"Loop\" has no path to an end state"]),
        RuleCase("loop with a Choice exit is fine", machineText(#"""
            "A": {"Type": "Wait", "Seconds": 1, "Next": "Check"},
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$.done", "BooleanEquals": false, "Next": "A"}], "Default": "Z"},
            "Z": {"Type": "Succeed"}
            """#), []),
        RuleCase("state reached only through Catch is reachable", machineText(#"""
            "A": {"Type": "Task", "Resource": "arn:x:y", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Oops"}], "End": true},
            "Oops": {"Type": "Fail"}
            """#), []),
        RuleCase("duplicate name across branches", machineText(#"""
            "A": {"Type": "Parallel", "Branches": [{"StartAt": "Bake", "States": {"Bake": {"Type": "Succeed"}}},
                                                   {"StartAt": "Bake", "States": {"Bake": {"Type": "Succeed"}}}], "End": true}
            """#), ["/States/A/Branches/1/States/Bake: state name \"Bake\" is already used at /States/A/Branches/0/States/Bake"]),
        RuleCase("duplicate name between machine and Map processor", machineText(#"""
            "A": {"Type": "Map", "ItemProcessor": {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}, "End": true}
            """#), ["/States/A/ItemProcessor/States/A: state name \"A\" is already used at /States/A"]),
        RuleCase("unreachable state inside a branch", machineText(#"""
            "A": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}, "C": {"Type": "Succeed"}}}], "End": true}
            """#), ["/States/A/Branches/0/States/C: state \"C\" is not reachable from StartAt"]),
        RuleCase("name with a slash is escaped in locations", machineText(#""A": {"Type": "Pass", "Next": "Cheese/Tomato"}, "Cheese/Tomato": {"Type": "Pass", "Next": "Nowhere"}"#),
                 ["/States/Cheese~1Tomato/Next: no state named \"Nowhere\""]),
    ]

    @Test(arguments: choiceRules)
    func choiceRule(_ c: RuleCase) throws { #expect(try validationLines(c.definition) == c.expected) }

    @Test(arguments: retryCatch)
    func retryCatchRule(_ c: RuleCase) throws { #expect(try validationLines(c.definition) == c.expected) }

    @Test(arguments: graph)
    func graphRule(_ c: RuleCase) throws { #expect(try validationLines(c.definition) == c.expected) }

    @Test func everyProblemIsReported() throws {
        let lines = try validationLines(#"""
            {"StartAt": "Cook", "Pizza": 1, "States": {
              "Cook": {"Type": "Task", "Resource": "arn:pizzadash:cook", "TimeoutSeconds": 0, "Next": "Bake"},
              "Box": {"Type": "Pass", "Resource": "arn:x:y", "End": true},
              "Deliver": {"Type": "Succeed", "Next": "Cook"},
              "Decide": {"Type": "Choice", "Choices": [{"Variable": "$.x", "StringEquals": 1, "Next": "Box"}]}
            }}
            """#)
        #expect(Set(lines) == [
            "/Pizza: unknown field \"Pizza\"",
            "/States/Cook/TimeoutSeconds: must be a positive integer, not 0",
            "/States/Cook/Next: no state named \"Bake\"",
            "/States/Box/Resource: field \"Resource\" is not allowed in a Pass state",
            "/States/Deliver/Next: field \"Next\" is not allowed in a Succeed state",
            "/States/Decide/Choices/0/StringEquals: must be a string, not number",
            "/States/Box: state \"Box\" is not reachable from StartAt",
            "/States/Deliver: state \"Deliver\" is not reachable from StartAt",
            "/States/Decide: state \"Decide\" is not reachable from StartAt",
        ])
        #expect(lines.count == 9)
    }

    @Test func loadReportsEveryProblemAsADefinitionError() throws {
        let json = try JSONValue(parsing: machineText(#""A": {"Type": "Pass", "Next": "B"}, "C": {"Type": "Bake"}"#))
        #expect(throws: DefinitionError(problems: [
            ValidationProblem(location: "/States/A/Next", message: "no state named \"B\""),
            ValidationProblem(location: "/States/C/Type", message: "unknown state type \"Bake\"; expected one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map"),
            ValidationProblem(location: "/States/C", message: "state \"C\" is not reachable from StartAt"),
        ])) { try StateMachineDefinition.load(json: json) }
    }
}
