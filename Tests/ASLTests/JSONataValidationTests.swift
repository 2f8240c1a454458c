import Testing
@testable import ASL

/// A JSONata state machine's definition, states given as the members of `States` (StartAt `A`).
func jsonataMachineText(_ states: String) -> String {
    "{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"A\", \"States\": {\(states)}}"
}

/// The JSONata query language's rules: which fields each state may have, expressions parsed at
/// validation (a syntax error is reported with its code and position), `$states` fields used
/// only where they exist, and AWS's rule for mixing the two languages.
@Suite("Validation: JSONata")
struct JSONataValidationTests {
    static let cases: [RuleCase] = [
        RuleCase("every JSONata field of a Pass", jsonataMachineText(#""A": {"Type": "Pass", "Output": {"x": "{% $states.input.a %}"}, "Assign": {"v": "{% 1 + 1 %}"}, "End": true}"#), []),
        RuleCase("JSONPath field in a JSONata state", jsonataMachineText(#""A": {"Type": "Pass", "InputPath": "$.a", "Parameters": {}, "End": true}"#),
                 [#"/States/A/InputPath: field "InputPath" is only supported for the JSONPath query language; this state's QueryLanguage is JSONata"#,
                  #"/States/A/Parameters: field "Parameters" is only supported for the JSONPath query language; this state's QueryLanguage is JSONata"#]),
        RuleCase("a JSONPath state in a JSONata machine", jsonataMachineText(#""A": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}"#),
                 [#"/States/A/QueryLanguage: cannot be "JSONPath" in a state machine whose QueryLanguage is "JSONata""#]),
        RuleCase("a JSONata state in a JSONPath machine", machineText(#""A": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% 1 %}", "End": true}"#), []),
        RuleCase("a syntax error in an expression", jsonataMachineText(#""A": {"Type": "Pass", "Output": {"a": ["{% $x + %}"]}, "End": true}"#),
                 ["/States/A/Output/a/0: JSONata syntax error S0207 at position 4: Unexpected end of expression"]),
        RuleCase("not an expression: left as text", jsonataMachineText(#""A": {"Type": "Pass", "Output": " {% $x + %} ", "End": true}"#), []),
        RuleCase("$states.result outside a Task's Output", jsonataMachineText(#""A": {"Type": "Pass", "Output": "{% $states.result %}", "End": true}"#),
                 ["/States/A/Output: $states.result is only available in the Output and Assign of a Task, Parallel or Map state"]),
        RuleCase("$states.result in a Task's Arguments", jsonataMachineText(#""A": {"Type": "Task", "Resource": "arn:aws:states:::x", "Arguments": "{% $states.result %}", "Output": "{% $states.result %}", "End": true}"#),
                 ["/States/A/Arguments: $states.result is only available in the Output and Assign of a Task, Parallel or Map state"]),
        RuleCase("$states.errorOutput outside a Catch", jsonataMachineText(#"""
            "A": {"Type": "Task", "Resource": "arn:aws:states:::x", "Output": "{% $states.errorOutput %}", "End": true,
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "B", "Output": "{% $states.errorOutput %}", "Assign": {"e": "{% $states.errorOutput.Error %}"}}]},
            "B": {"Type": "Succeed"}
            """#), ["/States/A/Output: $states.errorOutput is only available in the Output and Assign of a Catch"]),
        RuleCase("a JSONata catcher with ResultPath", jsonataMachineText(#"""
            "A": {"Type": "Task", "Resource": "arn:aws:states:::x", "End": true, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "B", "ResultPath": "$.e"}]},
            "B": {"Type": "Succeed"}
            """#), [#"/States/A/Catch/0/ResultPath: field "ResultPath" is only supported for the JSONPath query language; a JSONata catcher has Output"#]),
        RuleCase("a JSONata Choice rule", jsonataMachineText(#"""
            "A": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n > 1 %}", "Next": "B", "Output": 1, "Assign": {"r": 2}},
                                                {"Condition": true, "Next": "B"}], "Default": "B", "Output": 3},
            "B": {"Type": "Succeed"}
            """#), []),
        RuleCase("a JSONPath comparison in a JSONata Choice", jsonataMachineText(#"""
            "A": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "B"}]}, "B": {"Type": "Succeed"}
            """#), [#"/States/A/Choices/0/NumericEquals: field "NumericEquals" is only supported for the JSONPath query language; a JSONata rule has a "Condition""#,
                    #"/States/A/Choices/0/Variable: field "Variable" is only supported for the JSONPath query language; a JSONata rule has a "Condition""#,
                    #"/States/A/Choices/0: missing required field "Condition""#]),
        RuleCase("a Condition that is neither boolean nor expression", jsonataMachineText(#"""
            "A": {"Type": "Choice", "Choices": [{"Condition": "yes", "Next": "B"}]}, "B": {"Type": "Succeed"}
            """#), ["/States/A/Choices/0/Condition: must be a boolean, not string"]),
        RuleCase("numbers as literals or expressions", jsonataMachineText(#"""
            "A": {"Type": "Wait", "Seconds": "{% $states.input.s %}", "Next": "B"},
            "B": {"Type": "Wait", "Seconds": "soon", "Next": "C"},
            "C": {"Type": "Map", "Items": "{% [1, 2] %}", "MaxConcurrency": "{% 1 %}", "ItemProcessor": {"StartAt": "D", "States": {"D": {"Type": "Succeed"}}}, "End": true}
            """#), ["/States/B/Seconds: must be a non-negative integer, not string"]),
        RuleCase("a JSONPath Timestamp holding an expression", machineText(#""A": {"Type": "Wait", "Timestamp": "{% '2016-03-14T01:59:00Z' %}", "End": true}"#),
                 [#"/States/A/Timestamp: must be an RFC 3339 timestamp such as "2024-01-31T18:00:00Z", not "{% '2016-03-14T01:59:00Z' %}""#]),
        RuleCase("a JSONata Assign name", jsonataMachineText(#""A": {"Type": "Pass", "Assign": {"x.$": "$.a", "states": 1}, "End": true}"#),
                 [#"/States/A/Assign/states: "states" is reserved ($states); choose another variable name"#,
                  #"/States/A/Assign/x.$: "x.$" is not a valid variable name: it must start with a letter or underscore and hold only letters, digits and underscores"#]),
    ]

    @Test(arguments: cases)
    func jsonataRule(_ c: RuleCase) throws { #expect(try validationLines(c.definition) == c.expected) }

    @Test func aDefinitionLoadsWithItsExpressionsParsed() throws {
        let definition = try StateMachineDefinition.load(text: jsonataMachineText(#""A": {"Type": "Pass", "Output": {"n": "{% $x %}", "k": 1}, "End": true}"#))
        #expect(definition.queryLanguage == .jsonata)
        let state = try #require(definition.states["A"])
        #expect(state.queryLanguage == .jsonata)
        let output = try #require(state.jsonata?.output)
        #expect(output.variables == ["x"])
        #expect(!output.readsContext)
    }
}
