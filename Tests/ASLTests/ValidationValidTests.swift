import Testing
@testable import ASL

@Suite("Validation: valid definitions")
struct ValidationValidTests {
    static let validDefinitions: [RuleCase] = [
        RuleCase("Pass", machineText("""
            "A": {"Type": "Pass", "Comment": "c", "InputPath": "$.in", "Parameters": {"x.$": "$.a", "y": [1, {"z.$": "States.Format('{}', $.b)"}]},
                  "Result": {"r": 1}, "ResultPath": "$.out", "OutputPath": null, "Next": "B"},
            "B": {"Type": "Pass", "Parameters": [1, 2], "ResultPath": null, "End": true}
            """), []),
        RuleCase("Task", machineText("""
            "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"Payload.$": "$"},
                  "ResultSelector": {"body.$": "$.Payload"}, "ResultPath": "$.result", "TimeoutSeconds": 60, "HeartbeatSeconds": 10,
                  "Retry": [{"ErrorEquals": ["Oven.Cold"], "IntervalSeconds": 2, "MaxAttempts": 0, "BackoffRate": 1.5, "MaxDelaySeconds": 5, "JitterStrategy": "FULL"},
                            {"ErrorEquals": ["States.ALL"]}],
                  "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "Burnt", "ResultPath": "$.error"}, {"ErrorEquals": ["States.ALL"], "Next": "Burnt"}],
                  "Next": "B"},
            "B": {"Type": "Task", "Resource": "arn:pizzadash:task:bake", "TimeoutSecondsPath": "$.timeout", "HeartbeatSecondsPath": "$.beat", "Next": "Done"},
            "Burnt": {"Type": "Fail", "Error": "Burnt", "Cause": "too hot"},
            "Done": {"Type": "Succeed"}
            """), []),
        RuleCase("Task starting executions of another state machine, in each pattern", machineText("""
            "A": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution", "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:kid", "Input": {"a": 1}, "Name": "n"}, "Next": "B"},
            "B": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync", "Parameters": {"StateMachineArn.$": "$.arn", "Input.$": "$"}, "Next": "C"},
            "C": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:kid"}, "Next": "D"},
            "D": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken", "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:kid", "Input": {"token.$": "$$.Task.Token", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}}, "End": true}
            """), []),
        RuleCase("Choice", machineText("""
            "A": {"Type": "Choice", "Choices": [
                    {"Variable": "$.size", "NumericGreaterThan": 30, "Next": "Big"},
                    {"And": [{"Variable": "$.kind", "StringEquals": "veggie"}, {"Not": {"Variable": "$.cheese", "BooleanEquals": true}}], "Next": "Vegan"},
                    {"Or": [{"Variable": "$.at", "TimestampLessThan": "2024-01-31T18:00:00Z"}, {"Variable": "$.x", "IsPresent": false},
                            {"Variable": "$.a", "NumericEqualsPath": "$.b"}, {"Variable": "$.name", "StringMatches": "*zz*"}], "Next": "Big"}
                  ], "Default": "Small"},
            "Big": {"Type": "Succeed"}, "Vegan": {"Type": "Succeed"}, "Small": {"Type": "Succeed"}
            """), []),
        RuleCase("Wait", machineText("""
            "A": {"Type": "Wait", "Seconds": 5, "Next": "B"},
            "B": {"Type": "Wait", "SecondsPath": "$.wait", "Next": "C"},
            "C": {"Type": "Wait", "Timestamp": "2024-01-31T18:00:00.250+01:00", "Next": "D"},
            "D": {"Type": "Wait", "TimestampPath": "$.until", "End": true}
            """), []),
        RuleCase("Succeed and Fail", machineText("""
            "A": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Yes"}], "Default": "No"},
            "Yes": {"Type": "Succeed", "InputPath": "$.a", "OutputPath": "$.b"},
            "No": {"Type": "Fail", "ErrorPath": "$.error", "CausePath": "States.Format('bad {}', $.why)"}
            """), []),
        RuleCase("Parallel", machineText("""
            "A": {"Type": "Parallel", "Branches": [
                    {"StartAt": "Dough", "States": {"Dough": {"Type": "Pass", "End": true}}},
                    {"StartAt": "Sauce", "States": {"Sauce": {"Type": "Pass", "Next": "Simmer"}, "Simmer": {"Type": "Wait", "Seconds": 1, "End": true}}}
                  ], "ResultSelector": {"dough.$": "$[0]"}, "Next": "B"},
            "B": {"Type": "Succeed"}
            """), []),
        RuleCase("Map", machineText("""
            "A": {"Type": "Map", "ItemsPath": "$.pizzas", "ItemSelector": {"pizza.$": "$$.Map.Item.Value"}, "MaxConcurrency": 2,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Bake", "States": {"Bake": {"Type": "Pass", "End": true}}},
                  "Next": "B"},
            "B": {"Type": "Map", "Parameters": {"p.$": "$"}, "Iterator": {"StartAt": "Box", "States": {"Box": {"Type": "Pass", "End": true}}}, "End": true}
            """), []),
        RuleCase("top-level optional fields", """
            {"Comment": "pizza", "Version": "1.0", "TimeoutSeconds": 3600, "QueryLanguage": "JSONPath",
             "StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}
            """, []),
    ]

    @Test(arguments: validDefinitions)
    func validDefinitionHasNoProblems(_ c: RuleCase) throws {
        #expect(try validationLines(c.definition) == c.expected)
        // And the decoder accepts what the validator accepts.
        #expect(throws: Never.self) { try StateMachineDefinition.load(json: try JSONValue(parsing: c.definition)) }
    }
}
