import Testing
@testable import ASL

/// One definition per rule, each with exactly one mistake, and the exact lines it must produce.
@Suite("Validation: one mistake, one report")
struct ValidationRuleTests {
    static let topLevel: [RuleCase] = [
        RuleCase("definition not an object", "[1]", ["/: a definition must be a JSON object, not array"]),
        RuleCase("StartAt missing", #"{"States": {"A": {"Type": "Succeed"}}}"#, ["/: missing required field \"StartAt\""]),
        RuleCase("StartAt not a string", #"{"StartAt": 1, "States": {"A": {"Type": "Succeed"}}}"#, ["/StartAt: must be a string, not number"]),
        RuleCase("StartAt names no state", machineText(#""A": {"Type": "Succeed"}"#, startAt: "Cook"), ["/StartAt: no state named \"Cook\""]),
        RuleCase("States missing", #"{"StartAt": "A"}"#, ["/: missing required field \"States\""]),
        RuleCase("States not an object", #"{"StartAt": "A", "States": []}"#, ["/States: must be an object, not array"]),
        RuleCase("States empty", #"{"StartAt": "A", "States": {}}"#, ["/States: must contain at least one state"]),
        RuleCase("Comment not a string", #"{"Comment": 3, "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#, ["/Comment: must be a string, not number"]),
        RuleCase("Version not a string", #"{"Version": 1.0, "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#, ["/Version: must be a string, not number"]),
        RuleCase("TimeoutSeconds not positive", #"{"TimeoutSeconds": 0, "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#, ["/TimeoutSeconds: must be a positive integer, not 0"]),
        RuleCase("TimeoutSeconds fractional", #"{"TimeoutSeconds": 1.5, "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#, ["/TimeoutSeconds: must be a positive integer, not 1.5"]),
        RuleCase("QueryLanguage JSONata", #"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#, []),
        RuleCase("QueryLanguage unknown", #"{"QueryLanguage": "XPath", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#,
                 ["/QueryLanguage: must be \"JSONPath\" or \"JSONata\", not \"XPath\""]),
        RuleCase("unknown top-level field", #"{"Pizza": true, "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#, ["/Pizza: unknown field \"Pizza\""]),
    ]

    static let states: [RuleCase] = [
        RuleCase("state not an object", machineText(#""A": "Pass""#), ["/States/A: a state must be an object, not string"]),
        RuleCase("Type missing", machineText(#""A": {"End": true}"#), ["/States/A: missing required field \"Type\""]),
        RuleCase("Type unknown", machineText(#""A": {"Type": "Bake", "End": true}"#),
                 ["/States/A/Type: unknown state type \"Bake\"; expected one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map"]),
        RuleCase("state name too long", machineText(#""\#(String(repeating: "p", count: 81))": {"Type": "Succeed"}"#, startAt: String(repeating: "p", count: 81)),
                 ["/States/\(String(repeating: "p", count: 81)): state name must be at most 80 characters, not 81"]),
        RuleCase("Resource in a Pass state", machineText(#""A": {"Type": "Pass", "Resource": "arn:x:y", "End": true}"#),
                 ["/States/A/Resource: field \"Resource\" is not allowed in a Pass state"]),
        RuleCase("Retry in a Pass state", machineText(#""A": {"Type": "Pass", "Retry": [], "End": true}"#),
                 ["/States/A/Retry: field \"Retry\" is not allowed in a Pass state"]),
        RuleCase("Next in a Succeed state", machineText(#""A": {"Type": "Succeed", "Next": "A"}"#),
                 ["/States/A/Next: field \"Next\" is not allowed in a Succeed state"]),
        RuleCase("End in a Fail state", machineText(#""A": {"Type": "Fail", "End": true}"#),
                 ["/States/A/End: field \"End\" is not allowed in a Fail state"]),
        RuleCase("ResultPath in a Fail state", machineText(#""A": {"Type": "Fail", "ResultPath": "$.x"}"#),
                 ["/States/A/ResultPath: field \"ResultPath\" is not allowed in a Fail state"]),
        RuleCase("JSONata-only field", machineText(#""A": {"Type": "Pass", "Output": {}, "End": true}"#),
                 [#"/States/A/Output: field "Output" is only supported for the JSONata query language; this state's QueryLanguage is JSONPath (set "QueryLanguage": "JSONata")"#]),
        RuleCase("Comment not a string", machineText(#""A": {"Type": "Pass", "Comment": [], "End": true}"#), ["/States/A/Comment: must be a string, not array"]),
        RuleCase("End not a boolean", machineText(#""A": {"Type": "Pass", "End": "yes"}"#),
                 ["/States/A/End: must be a boolean, not string", "/States/A: needs either \"Next\" or \"End\": true"]),
        RuleCase("both Next and End", machineText(#""A": {"Type": "Pass", "Next": "B", "End": true}, "B": {"Type": "Succeed"}"#),
                 ["/States/A: cannot have both \"Next\" and \"End\""]),
        RuleCase("neither Next nor End", machineText(#""A": {"Type": "Wait", "Seconds": 1}"#), ["/States/A: needs either \"Next\" or \"End\": true"]),
        RuleCase("Next names no state", machineText(#""A": {"Type": "Pass", "Next": "Bake"}"#), ["/States/A/Next: no state named \"Bake\""]),
        RuleCase("InputPath not a path", machineText(#""A": {"Type": "Pass", "InputPath": "in", "End": true}"#),
                 ["/States/A/InputPath: must be a path starting with \"$\", not \"in\""]),
        RuleCase("OutputPath not a string", machineText(#""A": {"Type": "Pass", "OutputPath": 1, "End": true}"#),
                 ["/States/A/OutputPath: must be a path string or null, not number"]),
        RuleCase("ResultPath with a wildcard", machineText(#""A": {"Type": "Pass", "ResultPath": "$.a[*]", "End": true}"#),
                 ["/States/A/ResultPath: must be a reference path (no wildcards, filters or slices), not \"$.a[*]\""]),
        RuleCase("ResultSelector not an object", machineText(#""A": {"Type": "Task", "Resource": "arn:x:y", "ResultSelector": [1], "End": true}"#),
                 ["/States/A/ResultSelector: must be an object, not array"]),
        RuleCase(".$ key with a non-path value", machineText(#""A": {"Type": "Pass", "Parameters": {"n": {"size.$": "size"}}, "End": true}"#),
                 ["/States/A/Parameters/n/size.$: must be a path starting with \"$\", not \"size\""]),
        RuleCase(".$ key with a number", machineText(#""A": {"Type": "Pass", "Parameters": {"size.$": 3}, "End": true}"#),
                 ["/States/A/Parameters/size.$: must be a path or intrinsic function string, not number"]),
        RuleCase(".$ key with an unknown intrinsic", machineText(#""A": {"Type": "Pass", "Parameters": {"s.$": "States.Bake($.x)"}, "End": true}"#),
                 ["/States/A/Parameters/s.$: unknown intrinsic function \"States.Bake\""]),
        RuleCase("x.$ beside x", machineText(#""A": {"Type": "Pass", "Parameters": {"s.$": "$.a", "s": 1}, "End": true}"#),
                 ["/States/A/Parameters/s.$: field \"s.$\" conflicts with \"s\""]),
        RuleCase("state QueryLanguage JSONata", machineText(#""A": {"Type": "Pass", "QueryLanguage": "JSONata", "End": true}"#), []),
    ]

    static let stateTypes: [RuleCase] = [
        RuleCase("Task without Resource", machineText(#""A": {"Type": "Task", "End": true}"#), ["/States/A: missing required field \"Resource\""]),
        RuleCase("Task Resource not a URI", machineText(#""A": {"Type": "Task", "Resource": "bake", "End": true}"#),
                 ["/States/A/Resource: must be a URI or ARN, not \"bake\""]),
        RuleCase("Task on a Step Functions action other than startExecution", machineText(#""A": {"Type": "Task", "Resource": "arn:aws:states:::states:describeExecution", "End": true}"#),
                 ["/States/A/Resource: The resource provided arn:aws:states:::states:describeExecution is not recognized: Step Functions' own integration is startExecution (\"arn:aws:states:::states:startExecution\", \"arn:aws:states:::states:startExecution.sync\", \"arn:aws:states:::states:startExecution.sync:2\", \"arn:aws:states:::states:startExecution.waitForTaskToken\")"]),
        RuleCase("startExecution with a parameter StartExecution does not take", machineText(#""A": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:x", "Input.$": "$", "TraceHeader": "t"}, "End": true}"#),
                 ["/States/A/Parameters/TraceHeader: The field \"TraceHeader\" is not supported by Step Functions (startExecution takes \"StateMachineArn\", \"Input\" and \"Name\")"]),
        RuleCase("Task TimeoutSeconds and TimeoutSecondsPath", machineText(#""A": {"Type": "Task", "Resource": "arn:x:y", "TimeoutSeconds": 5, "TimeoutSecondsPath": "$.t", "End": true}"#),
                 ["/States/A: cannot have both \"TimeoutSeconds\" and \"TimeoutSecondsPath\""]),
        RuleCase("Task HeartbeatSeconds and HeartbeatSecondsPath", machineText(#""A": {"Type": "Task", "Resource": "arn:x:y", "HeartbeatSeconds": 5, "HeartbeatSecondsPath": "$.t", "End": true}"#),
                 ["/States/A: cannot have both \"HeartbeatSeconds\" and \"HeartbeatSecondsPath\""]),
        RuleCase("Task heartbeat not below timeout", machineText(#""A": {"Type": "Task", "Resource": "arn:x:y", "TimeoutSeconds": 10, "HeartbeatSeconds": 10, "End": true}"#),
                 ["/States/A/HeartbeatSeconds: must be less than TimeoutSeconds (10)"]),
        RuleCase("Task TimeoutSeconds negative", machineText(#""A": {"Type": "Task", "Resource": "arn:x:y", "TimeoutSeconds": -3, "End": true}"#),
                 ["/States/A/TimeoutSeconds: must be a positive integer, not -3"]),
        RuleCase("Task TimeoutSecondsPath not a path", machineText(#""A": {"Type": "Task", "Resource": "arn:x:y", "TimeoutSecondsPath": "t", "End": true}"#),
                 ["/States/A/TimeoutSecondsPath: must be a path starting with \"$\", not \"t\""]),
        RuleCase("Wait without duration", machineText(#""A": {"Type": "Wait", "End": true}"#),
                 ["/States/A: must have exactly one of \"Seconds\", \"SecondsPath\", \"Timestamp\", \"TimestampPath\""]),
        RuleCase("Wait with two durations", machineText(#""A": {"Type": "Wait", "Seconds": 1, "Timestamp": "2024-01-31T18:00:00Z", "End": true}"#),
                 ["/States/A: must have exactly one of \"Seconds\", \"SecondsPath\", \"Timestamp\", \"TimestampPath\", found \"Seconds\", \"Timestamp\""]),
        RuleCase("Wait Timestamp not RFC 3339", machineText(#""A": {"Type": "Wait", "Timestamp": "2024-01-31 18:00", "End": true}"#),
                 ["/States/A/Timestamp: must be an RFC 3339 timestamp such as \"2024-01-31T18:00:00Z\", not \"2024-01-31 18:00\""]),
        RuleCase("Wait Seconds negative", machineText(#""A": {"Type": "Wait", "Seconds": -1, "End": true}"#),
                 ["/States/A/Seconds: must be a non-negative integer, not -1"]),
        RuleCase("Fail Error and ErrorPath", machineText(#""A": {"Type": "Fail", "Error": "E", "ErrorPath": "$.e"}"#),
                 ["/States/A: cannot have both \"Error\" and \"ErrorPath\""]),
        RuleCase("Fail Cause and CausePath", machineText(#""A": {"Type": "Fail", "Cause": "C", "CausePath": "$.c"}"#),
                 ["/States/A: cannot have both \"Cause\" and \"CausePath\""]),
        RuleCase("Parallel without Branches", machineText(#""A": {"Type": "Parallel", "End": true}"#), ["/States/A: missing required field \"Branches\""]),
        RuleCase("Parallel with empty Branches", machineText(#""A": {"Type": "Parallel", "Branches": [], "End": true}"#), ["/States/A/Branches: must be a non-empty array"]),
        RuleCase("Parallel branch without StartAt", machineText(#""A": {"Type": "Parallel", "Branches": [{"States": {"B": {"Type": "Succeed"}}}], "End": true}"#),
                 ["/States/A/Branches/0: missing required field \"StartAt\""]),
        RuleCase("Parallel branch state problem", machineText(#""A": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass"}}}], "End": true}"#),
                 ["/States/A/Branches/0/States/B: needs either \"Next\" or \"End\": true"]),
        RuleCase("branch Next leaves its branch", machineText(#""A": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "Next": "Z"}}}], "Next": "Z"}, "Z": {"Type": "Succeed"}"#),
                 ["/States/A/Branches/0/States/B/Next: no state named \"Z\""]),
        RuleCase("Map without ItemProcessor", machineText(#""A": {"Type": "Map", "End": true}"#), ["/States/A: missing required field \"ItemProcessor\""]),
        RuleCase("Map with ItemProcessor and Iterator", machineText(#"""
            "A": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}},
                  "Iterator": {"StartAt": "C", "States": {"C": {"Type": "Succeed"}}}}
            """#), ["/States/A: cannot have both \"ItemProcessor\" and \"Iterator\""]),
        RuleCase("Map with ItemSelector and Parameters", machineText(#"""
            "A": {"Type": "Map", "End": true, "ItemSelector": {}, "Parameters": {}, "ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}
            """#), ["/States/A: cannot have both \"ItemSelector\" and \"Parameters\""]),
        RuleCase("Map DISTRIBUTED mode with a batcher", machineText(#"""
            "A": {"Type": "Map", "End": true, "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {}}, "ToleratedFailureCount": 1, "Label": "L",
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}
            """#), []),
        RuleCase("Map DISTRIBUTED bad ExecutionType and batcher field", machineText(#"""
            "A": {"Type": "Map", "End": true, "ItemBatcher": {"MaxItems": 2},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "FAST"}, "StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}
            """#), ["/States/A/ItemProcessor/ProcessorConfig/ExecutionType: must be \"STANDARD\" or \"EXPRESS\", not \"FAST\"",
                    "/States/A/ItemBatcher/MaxItems: unknown field \"MaxItems\""]),
        RuleCase("Map INLINE with distributed-only fields", machineText(#"""
            "A": {"Type": "Map", "End": true, "ItemBatcher": {}, "Label": "L", "ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}
            """#), ["/States/A/ItemBatcher: field \"ItemBatcher\" is only allowed in a distributed Map (ProcessorConfig Mode \"DISTRIBUTED\")",
                    "/States/A/Label: field \"Label\" is only allowed in a distributed Map (ProcessorConfig Mode \"DISTRIBUTED\")"]),
        // AWS accepts the tolerated-failure thresholds on an inline Map (recorded in the corpus), where they do nothing.
        RuleCase("Map INLINE with failure thresholds", machineText(#"""
            "A": {"Type": "Map", "End": true, "ToleratedFailureCount": 1, "ToleratedFailurePercentage": 5, "ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}
            """#), []),
        RuleCase("intrinsic string literal with an escape AWS refuses", machineText(#"""
            "A": {"Type": "Pass", "End": true, "Parameters": {"p.$": "States.Format('said \\\"hi\\\" {}', 'x')"}}
            """#), [#"/States/A/Parameters/p.$: Invalid intrinsic function call 'States.Format('said \"hi\" {}', 'x')': illegal escape "\"" in a string literal (only \', \{, \} and \\ are allowed) at position 22"#]),
        RuleCase("Assign with names AWS refuses", machineText(#"""
            "A": {"Type": "Pass", "End": true, "Assign": {"1x": 1, "states": 2, "ok.$": "$.a", "ünïcode_1": 3}}
            """#), [#"/States/A/Assign/1x: "1x" is not a valid variable name: it must start with a letter or underscore and hold only letters, digits and underscores"#,
                    #"/States/A/Assign/states: "states" is reserved ($states); choose another variable name"#]),
        RuleCase("Map ItemReader on an inline Map", machineText(#"""
            "A": {"Type": "Map", "End": true, "ItemReader": {}, "ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}
            """#), ["/States/A/ItemReader: field \"ItemReader\" is only allowed in a distributed Map (ProcessorConfig Mode \"DISTRIBUTED\")"]),
        RuleCase("Map ItemReader mistakes", machineText(#"""
            "A": {"Type": "Map", "End": true, "ItemReader": {"Resource": "arn:aws:states:::s3:putObject", "ReaderConfig": {"InputType": "PARQUET", "CSVHeaderLocation": "GIVEN", "MaxItems": -1}, "Extra": 1},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}
            """#), ["/States/A/ItemReader/Extra: unknown field \"Extra\" of an ItemReader",
                    "/States/A/ItemReader/ReaderConfig/InputType: InputType \"PARQUET\" is not supported by the local engine; use JSON, JSONL or CSV",
                    "/States/A/ItemReader/ReaderConfig/MaxItems: must be a non-negative integer, not -1",
                    "/States/A/ItemReader/ReaderConfig: \"CSVHeaderLocation\": \"GIVEN\" needs \"CSVHeaders\"",
                    "/States/A/ItemReader/Resource: must be \"arn:aws:states:::s3:getObject\" or \"arn:aws:states:::s3:listObjectsV2\", not \"arn:aws:states:::s3:putObject\""]),
        RuleCase("Map ResultWriter empty", machineText(#"""
            "A": {"Type": "Map", "End": true, "ResultWriter": {}, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}
            """#), ["/States/A/ResultWriter: must have \"WriterConfig\", or \"Resource\" and \"Parameters\" (the S3 bucket and prefix), or all three"]),
        RuleCase("Map ResultWriter on an inline Map", machineText(#"""
            "A": {"Type": "Map", "End": true, "ResultWriter": {"WriterConfig": {"OutputType": "JSON", "Transformation": "NONE"}}, "ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}
            """#), ["/States/A/ResultWriter: field \"ResultWriter\" is only allowed in a distributed Map (ProcessorConfig Mode \"DISTRIBUTED\")"]),
        RuleCase("Map ResultWriter mistakes", machineText(#"""
            "A": {"Type": "Map", "End": true, "ResultWriter": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Prefix": 1, "Key": "k"}, "WriterConfig": {"OutputType": "CSV", "Extra": 1}, "Arguments": {}},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}
            """#), ["/States/A/ResultWriter/Arguments: field \"Arguments\" of a ResultWriter is for the JSONata query language; this state's is JSONPath (use \"Parameters\")",
                    "/States/A/ResultWriter/Parameters/Key: unknown field \"Key\"; a ResultWriter takes \"Bucket\" and \"Prefix\"",
                    "/States/A/ResultWriter/Parameters/Prefix: must be a string, not number",
                    "/States/A/ResultWriter/Parameters: missing required field \"Bucket\"",
                    "/States/A/ResultWriter/Resource: must be \"arn:aws:states:::s3:putObject\", not \"arn:aws:states:::s3:getObject\"",
                    "/States/A/ResultWriter/WriterConfig/Extra: unknown field \"Extra\" of a WriterConfig",
                    "/States/A/ResultWriter/WriterConfig/OutputType: must be one of \"JSON\", \"JSONL\", not \"CSV\"",
                    "/States/A/ResultWriter/WriterConfig: missing required field \"Transformation\""]),
        RuleCase("Map ResultWriter JSON lines without S3", machineText(#"""
            "A": {"Type": "Map", "End": true, "ResultWriter": {"WriterConfig": {"OutputType": "JSONL", "Transformation": "COMPACT"}},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}
            """#), ["/States/A/ResultWriter/WriterConfig/OutputType: \"JSONL\" formats the files written to S3; without \"Resource\" the results are the state's result, use \"JSON\""]),
        RuleCase("Map ResultWriter Resource without a bucket", machineText(#"""
            "A": {"Type": "Map", "End": true, "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject"},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}
            """#), ["/States/A/ResultWriter: \"Resource\" needs \"Parameters\" with the \"Bucket\" (and \"Prefix\") to write to"]),
        RuleCase("Map ResultWriter in every form", machineText(#"""
            "A": {"Type": "Map", "Next": "C", "ResultWriter": {"WriterConfig": {"OutputType": "JSON", "Transformation": "FLATTEN"}},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "B1", "States": {"B1": {"Type": "Succeed"}}}},
            "C": {"Type": "Map", "Next": "D", "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket.$": "$.b", "Prefix": "p"}},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "B2", "States": {"B2": {"Type": "Succeed"}}}},
            "D": {"Type": "Map", "End": true, "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b"}, "WriterConfig": {"OutputType": "JSONL", "Transformation": "NONE"}},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "B3", "States": {"B3": {"Type": "Succeed"}}}}
            """#), []),
        RuleCase("Map MaxConcurrency negative", machineText(#"""
            "A": {"Type": "Map", "End": true, "MaxConcurrency": -1, "ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}
            """#), ["/States/A/MaxConcurrency: must be a non-negative integer, not -1"]),
        RuleCase("Map ItemsPath with a filter", machineText(#"""
            "A": {"Type": "Map", "End": true, "ItemsPath": "$.a[?(@.x)]", "ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}
            """#), ["/States/A/ItemsPath: must be a reference path (no wildcards, filters or slices), not \"$.a[?(@.x)]\""]),
        RuleCase("Map processor reaches outside", machineText(#"""
            "A": {"Type": "Map", "Next": "Z", "ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Pass", "Next": "Z"}}}}, "Z": {"Type": "Succeed"}
            """#), ["/States/A/ItemProcessor/States/B/Next: no state named \"Z\""]),
    ]

    @Test(arguments: topLevel)
    func topLevelRule(_ c: RuleCase) throws { #expect(try validationLines(c.definition) == c.expected) }

    @Test(arguments: states)
    func stateRule(_ c: RuleCase) throws { #expect(try validationLines(c.definition) == c.expected) }

    @Test(arguments: stateTypes)
    func stateTypeRule(_ c: RuleCase) throws { #expect(try validationLines(c.definition) == c.expected) }
}
