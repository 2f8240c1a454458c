import Foundation
import Testing
@testable import Engine
@testable import ASL

/// `validate` accepts nothing that `run` then refuses: every field the validator allows on every
/// state type has a machine here that uses it, which validates clean and runs to SUCCEEDED. A
/// field added to the validator without a machine here fails `everyAcceptedFieldHasAMachine`.
@Suite struct ValidatedFieldsRunTests {
    static let echo = "arn:aws:states:::custom:echo"
    static let pass = #""P": {"Type": "Pass", "End": true}"#
    static let processor = #"{"StartAt": "Q", "States": {"Q": {"Type": "Pass", "End": true}}}"#

    /// `Type.Field` -> the states of a machine (its StartAt is `S`) that uses the field.
    static let machines: [String: String] = {
        var m: [String: String] = [:]
        let common = ["Type", "Comment", "QueryLanguage", "InputPath", "OutputPath", "Next", "End"]
        for type in ["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"] {
            for field in common { m["\(type).\(field)"] = nil }
        }
        // Fields every state shares, shown on a Pass (and checked on each type below).
        m["Pass.Type"] = #""S": {"Type": "Pass", "End": true}"#
        m["Pass.Comment"] = #""S": {"Type": "Pass", "Comment": "c", "End": true}"#
        m["Pass.QueryLanguage"] = #""S": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}"#
        m["Pass.InputPath"] = #""S": {"Type": "Pass", "InputPath": "$.a", "End": true}"#
        m["Pass.OutputPath"] = #""S": {"Type": "Pass", "OutputPath": "$.a", "End": true}"#
        m["Pass.Next"] = #""S": {"Type": "Pass", "Next": "P"}, \#(pass)"#
        m["Pass.End"] = m["Pass.Type"]
        m["Pass.ResultPath"] = #""S": {"Type": "Pass", "ResultPath": "$.copy", "End": true}"#
        m["Pass.Parameters"] = #""S": {"Type": "Pass", "Parameters": {"x.$": "$.a", "n.$": "States.MathAdd(1, 2)"}, "End": true}"#
        m["Pass.Result"] = #""S": {"Type": "Pass", "Result": {"r": 1}, "End": true}"#
        m["Pass.Assign"] = #""S": {"Type": "Pass", "Assign": {"v.$": "$.a"}, "Next": "Use"}, "Use": {"Type": "Pass", "Parameters": {"v.$": "$v"}, "End": true}"#
        let task = #""Type": "Task", "Resource": "\#(echo)""#
        for field in ["Type", "Resource", "End"] { m["Task.\(field)"] = #""S": {\#(task), "End": true}"# }
        m["Task.Comment"] = #""S": {\#(task), "Comment": "c", "End": true}"#
        m["Task.QueryLanguage"] = #""S": {\#(task), "QueryLanguage": "JSONPath", "End": true}"#
        m["Task.InputPath"] = #""S": {\#(task), "InputPath": "$.a", "End": true}"#
        m["Task.OutputPath"] = #""S": {\#(task), "OutputPath": "$.a", "End": true}"#
        m["Task.Next"] = #""S": {\#(task), "Next": "P"}, \#(pass)"#
        m["Task.ResultPath"] = #""S": {\#(task), "ResultPath": "$.r", "End": true}"#
        m["Task.ResultSelector"] = #""S": {\#(task), "ResultSelector": {"a.$": "$.a"}, "End": true}"#
        m["Task.Retry"] = #""S": {\#(task), "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2, "BackoffRate": 1.5, "MaxDelaySeconds": 3, "JitterStrategy": "FULL", "IntervalSeconds": 1}], "End": true}"#
        m["Task.Catch"] = #""S": {\#(task), "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "P", "ResultPath": "$.e", "Assign": {"failed": true}, "Comment": "c"}], "End": true}, \#(pass)"#
        m["Task.Parameters"] = #""S": {\#(task), "Parameters": {"a.$": "$.a"}, "End": true}"#
        m["Task.TimeoutSeconds"] = #""S": {\#(task), "TimeoutSeconds": 5, "End": true}"#
        m["Task.TimeoutSecondsPath"] = #""S": {\#(task), "TimeoutSecondsPath": "$.five", "End": true}"#
        m["Task.HeartbeatSeconds"] = #""S": {\#(task), "TimeoutSeconds": 5, "HeartbeatSeconds": 2, "End": true}"#
        m["Task.HeartbeatSecondsPath"] = #""S": {\#(task), "TimeoutSeconds": 5, "HeartbeatSecondsPath": "$.two", "End": true}"#
        m["Task.Credentials"] = #""S": {\#(task), "Credentials": {"RoleArn": "arn:aws:iam::123456789012:role/Other"}, "End": true}"#
        m["Task.Assign"] = #""S": {\#(task), "Assign": {"got.$": "$.a"}, "End": true}"#
        let choice = #""Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "P"}]"#
        for field in ["Type", "Choices"] { m["Choice.\(field)"] = #""S": {\#(choice)}, \#(pass)"# }
        m["Choice.Comment"] = #""S": {\#(choice), "Comment": "c"}, \#(pass)"#
        m["Choice.QueryLanguage"] = #""S": {\#(choice), "QueryLanguage": "JSONPath"}, \#(pass)"#
        m["Choice.InputPath"] = #""S": {"Type": "Choice", "InputPath": "$", "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "P"}]}, \#(pass)"#
        m["Choice.OutputPath"] = #""S": {\#(choice), "OutputPath": "$.a"}, \#(pass)"#
        m["Choice.Default"] = #""S": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "S2"}], "Default": "P"}, "S2": {"Type": "Fail"}, \#(pass)"#
        m["Choice.Assign"] = #""S": {"Type": "Choice", "Assign": {"s": 1}, "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "P", "Assign": {"r": 2}}]}, \#(pass)"#
        let wait = #""Type": "Wait", "Seconds": 1"#
        for field in ["Type", "Seconds", "End"] { m["Wait.\(field)"] = #""S": {\#(wait), "End": true}"# }
        m["Wait.Comment"] = #""S": {\#(wait), "Comment": "c", "End": true}"#
        m["Wait.QueryLanguage"] = #""S": {\#(wait), "QueryLanguage": "JSONPath", "End": true}"#
        m["Wait.InputPath"] = #""S": {\#(wait), "InputPath": "$.a", "End": true}"#
        m["Wait.OutputPath"] = #""S": {\#(wait), "OutputPath": "$.a", "End": true}"#
        m["Wait.Next"] = #""S": {\#(wait), "Next": "P"}, \#(pass)"#
        m["Wait.SecondsPath"] = #""S": {"Type": "Wait", "SecondsPath": "$.two", "End": true}"#
        m["Wait.Timestamp"] = #""S": {"Type": "Wait", "Timestamp": "2023-11-14T22:14:00Z", "End": true}"#
        m["Wait.TimestampPath"] = #""S": {"Type": "Wait", "TimestampPath": "$.at", "End": true}"#
        m["Wait.Assign"] = #""S": {\#(wait), "Assign": {"w": 1}, "End": true}"#
        for field in ["Type", "Comment", "QueryLanguage", "InputPath", "OutputPath"] {
            m["Succeed.\(field)"] = [
                "Type": #""S": {"Type": "Succeed"}"#, "Comment": #""S": {"Type": "Succeed", "Comment": "c"}"#,
                "QueryLanguage": #""S": {"Type": "Succeed", "QueryLanguage": "JSONPath"}"#,
                "InputPath": #""S": {"Type": "Succeed", "InputPath": "$.a"}"#, "OutputPath": #""S": {"Type": "Succeed", "OutputPath": "$.a"}"#,
            ][field]
        }
        // A Fail state fails its run: here it is caught by the Parallel around it, so the machine succeeds.
        for (field, value) in [("Type", ""), ("Comment", #", "Comment": "c""#), ("QueryLanguage", #", "QueryLanguage": "JSONPath""#),
                               ("Error", #", "Error": "E""#), ("ErrorPath", #", "ErrorPath": "$.name""#), ("Cause", #", "Cause": "C""#),
                               ("CausePath", #", "CausePath": "States.Format('{}', $.a)""#)] {
            m["Fail.\(field)"] = #""S": {"Type": "Parallel", "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Fail"\#(value)}}}], "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "P"}], "End": true}, \#(pass)"#
        }
        let parallel = #""Type": "Parallel", "Branches": [\#(processor)]"#
        for field in ["Type", "Branches", "End"] { m["Parallel.\(field)"] = #""S": {\#(parallel), "End": true}"# }
        m["Parallel.Comment"] = #""S": {\#(parallel), "Comment": "c", "End": true}"#
        m["Parallel.QueryLanguage"] = #""S": {\#(parallel), "QueryLanguage": "JSONPath", "End": true}"#
        m["Parallel.InputPath"] = #""S": {\#(parallel), "InputPath": "$", "End": true}"#
        m["Parallel.OutputPath"] = #""S": {\#(parallel), "OutputPath": "$[0]", "End": true}"#
        m["Parallel.Next"] = #""S": {\#(parallel), "Next": "P"}, \#(pass)"#
        m["Parallel.ResultPath"] = #""S": {\#(parallel), "ResultPath": "$.r", "End": true}"#
        m["Parallel.ResultSelector"] = #""S": {\#(parallel), "ResultSelector": {"first.$": "$[0]"}, "End": true}"#
        m["Parallel.Retry"] = #""S": {\#(parallel), "Retry": [{"ErrorEquals": ["States.ALL"]}], "End": true}"#
        m["Parallel.Catch"] = #""S": {\#(parallel), "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "P"}], "End": true}, \#(pass)"#
        m["Parallel.Parameters"] = #""S": {\#(parallel), "Parameters": {"a.$": "$.a"}, "End": true}"#
        m["Parallel.Assign"] = #""S": {\#(parallel), "Assign": {"all.$": "$"}, "End": true}"#
        let map = #""Type": "Map", "ItemsPath": "$.items", "ItemProcessor": \#(processor)"#
        for field in ["Type", "ItemsPath", "ItemProcessor", "End"] { m["Map.\(field)"] = #""S": {\#(map), "End": true}"# }
        m["Map.Comment"] = #""S": {\#(map), "Comment": "c", "End": true}"#
        m["Map.QueryLanguage"] = #""S": {\#(map), "QueryLanguage": "JSONPath", "End": true}"#
        m["Map.InputPath"] = #""S": {\#(map), "InputPath": "$", "End": true}"#
        m["Map.OutputPath"] = #""S": {\#(map), "OutputPath": "$[0]", "End": true}"#
        m["Map.Next"] = #""S": {\#(map), "Next": "P"}, \#(pass)"#
        m["Map.ResultPath"] = #""S": {\#(map), "ResultPath": "$.r", "End": true}"#
        m["Map.ResultSelector"] = #""S": {\#(map), "ResultSelector": {"n.$": "States.ArrayLength($)"}, "End": true}"#
        m["Map.Retry"] = #""S": {\#(map), "Retry": [{"ErrorEquals": ["States.ALL"]}], "End": true}"#
        m["Map.Catch"] = #""S": {\#(map), "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "P"}], "End": true}, \#(pass)"#
        m["Map.ItemSelector"] = #""S": {\#(map), "ItemSelector": {"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"}, "End": true}"#
        m["Map.Parameters"] = #""S": {\#(map), "Parameters": {"v.$": "$$.Map.Item.Value"}, "End": true}"#
        m["Map.Iterator"] = #""S": {"Type": "Map", "ItemsPath": "$.items", "Iterator": \#(processor), "End": true}"#
        m["Map.MaxConcurrency"] = #""S": {\#(map), "MaxConcurrency": 1, "End": true}"#
        m["Map.MaxConcurrencyPath"] = #""S": {\#(map), "MaxConcurrencyPath": "$.two", "End": true}"#
        m["Map.Assign"] = #""S": {\#(map), "Assign": {"n.$": "States.ArrayLength($)"}, "End": true}"#
        let distributed = #""Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#
        m["Map.ItemBatcher"] = #""S": {\#(distributed), "ItemBatcher": {"MaxItemsPerBatch": 2, "MaxInputBytesPerBatch": 1000, "BatchInput": {"b": 1}}, "End": true}"#
        m["Map.ToleratedFailureCount"] = #""S": {\#(distributed), "ToleratedFailureCount": 1, "End": true}"#
        m["Map.ToleratedFailureCountPath"] = #""S": {\#(distributed), "ToleratedFailureCountPath": "$.two", "End": true}"#
        m["Map.ToleratedFailurePercentage"] = #""S": {\#(distributed), "ToleratedFailurePercentage": 50, "End": true}"#
        m["Map.ToleratedFailurePercentagePath"] = #""S": {\#(distributed), "ToleratedFailurePercentagePath": "$.two", "End": true}"#
        m["Map.Label"] = #""S": {\#(distributed), "Label": "Each", "End": true}"#
        m["Map.ItemReader"] = #""S": {\#(distributed), "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["n"], "CSVDelimiter": "COMMA", "MaxItemsPath": "$.two"}, "Parameters": {"Bucket": "b", "Key.$": "$.name"}}, "End": true}"#
        // ResultWriter in each form the developer guide lists: S3 with WriterConfig, S3 alone, WriterConfig alone.
        m["Map.ResultWriter"] = #""S": {\#(distributed), "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "runs1"}, "WriterConfig": {"OutputType": "JSONL", "Transformation": "FLATTEN"}}, "End": true}"#
        m["Map.ResultWriter (S3 only)"] = #""S": {\#(distributed), "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket.$": "$$.Execution.Input.bucket", "Prefix.$": "States.Format('runs2/{}', $.name)"}}, "End": true}"#
        m["Map.ResultWriter (WriterConfig only)"] = #""S": {\#(distributed), "ResultWriter": {"WriterConfig": {"OutputType": "JSON", "Transformation": "COMPACT"}}, "End": true}"#
        return m
    }()

    /// The same for JSONata states (`QueryLanguage: JSONata` at the top): `Type.Field` -> the states.
    static let jsonataMachines: [String: String] = {
        var m: [String: String] = [:]
        let out = #""Output": {"a": "{% $states.input.a %}", "k": 1}"#
        let assign = #""Assign": {"v": "{% $states.input.two %}"}"#
        for (type, state) in [("Pass", #""Type": "Pass""#), ("Task", #""Type": "Task", "Resource": "\#(echo)""#),
                              ("Wait", #""Type": "Wait", "Seconds": 0"#), ("Parallel", #""Type": "Parallel", "Branches": [\#(processor)]"#),
                              ("Map", #""Type": "Map", "Items": [1, 2], "ItemProcessor": \#(processor)"#)] {
            m["\(type).Type"] = #""S": {\#(state), "End": true}"#
            m["\(type).End"] = m["\(type).Type"]
            m["\(type).Comment"] = #""S": {\#(state), "Comment": "c", "End": true}"#
            m["\(type).QueryLanguage"] = #""S": {\#(state), "QueryLanguage": "JSONata", "End": true}"#
            m["\(type).Next"] = #""S": {\#(state), "Next": "P"}, \#(pass)"#
            m["\(type).Output"] = #""S": {\#(state), \#(out), "End": true}"#
            m["\(type).Assign"] = #""S": {\#(state), \#(assign), "Next": "Use"}, "Use": {"Type": "Pass", "Output": "{% $v %}", "End": true}"#
        }
        m["Task.Resource"] = m["Task.Type"]
        m["Task.Arguments"] = #""S": {"Type": "Task", "Resource": "\#(echo)", "Arguments": {"x": "{% $states.input.a.x %}"}, "End": true}"#
        m["Task.TimeoutSeconds"] = #""S": {"Type": "Task", "Resource": "\#(echo)", "TimeoutSeconds": "{% $states.input.five %}", "End": true}"#
        m["Task.HeartbeatSeconds"] = #""S": {"Type": "Task", "Resource": "\#(echo)", "TimeoutSeconds": 5, "HeartbeatSeconds": "{% 2 %}", "End": true}"#
        m["Task.Credentials"] = #""S": {"Type": "Task", "Resource": "\#(echo)", "Credentials": {"RoleArn": "arn:aws:iam::123456789012:role/Other"}, "End": true}"#
        m["Task.Retry"] = #""S": {"Type": "Task", "Resource": "\#(echo)", "Retry": [{"ErrorEquals": ["States.ALL"]}], "End": true}"#
        m["Task.Catch"] = #""S": {"Type": "Task", "Resource": "\#(echo)", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "P", "Output": "{% $states.errorOutput %}", "Assign": {"e": "{% $states.errorOutput.Error %}"}}], "End": true}, \#(pass)"#
        m["Wait.Seconds"] = #""S": {"Type": "Wait", "Seconds": "{% $states.input.two %}", "End": true}"#
        m["Wait.Timestamp"] = #""S": {"Type": "Wait", "Timestamp": "{% $states.input.at %}", "End": true}"#
        let choice = #""Type": "Choice", "Choices": [{"Condition": "{% $exists($states.input.a) %}", "Next": "P", "Output": 1, "Assign": {"r": 2}}]"#
        for field in ["Type", "Choices"] { m["Choice.\(field)"] = #""S": {\#(choice)}, \#(pass)"# }
        m["Choice.Comment"] = #""S": {\#(choice), "Comment": "c"}, \#(pass)"#
        m["Choice.QueryLanguage"] = #""S": {\#(choice), "QueryLanguage": "JSONata"}, \#(pass)"#
        m["Choice.Default"] = #""S": {"Type": "Choice", "Choices": [{"Condition": false, "Next": "S2"}], "Default": "P"}, "S2": {"Type": "Fail"}, \#(pass)"#
        m["Choice.Output"] = #""S": {\#(choice), \#(out)}, \#(pass)"#
        m["Choice.Assign"] = #""S": {\#(choice), \#(assign)}, \#(pass)"#
        for field in ["Type", "Comment", "QueryLanguage", "Output"] {
            m["Succeed.\(field)"] = [
                "Type": #""S": {"Type": "Succeed"}"#, "Comment": #""S": {"Type": "Succeed", "Comment": "c"}"#,
                "QueryLanguage": #""S": {"Type": "Succeed", "QueryLanguage": "JSONata"}"#, "Output": #""S": {"Type": "Succeed", \#(out)}"#,
            ][field]
        }
        for (field, value) in [("Type", ""), ("Comment", #", "Comment": "c""#), ("QueryLanguage", #", "QueryLanguage": "JSONata""#),
                               ("Error", #", "Error": "{% $states.input.name %}""#), ("Cause", #", "Cause": "{% 'because ' & $states.input.name %}""#)] {
            m["Fail.\(field)"] = #""S": {"Type": "Parallel", "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Fail"\#(value)}}}], "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "P"}], "End": true}, \#(pass)"#
        }
        m["Parallel.Branches"] = m["Parallel.Type"]
        m["Parallel.Arguments"] = #""S": {"Type": "Parallel", "Branches": [\#(processor)], "Arguments": "{% $states.input.a %}", "End": true}"#
        m["Parallel.Retry"] = #""S": {"Type": "Parallel", "Branches": [\#(processor)], "Retry": [{"ErrorEquals": ["States.ALL"]}], "End": true}"#
        m["Parallel.Catch"] = #""S": {"Type": "Parallel", "Branches": [\#(processor)], "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "P"}], "End": true}, \#(pass)"#
        let map = #""Type": "Map", "Items": "{% $states.input.items %}", "ItemProcessor": \#(processor)"#
        for field in ["Items", "ItemProcessor"] { m["Map.\(field)"] = #""S": {\#(map), "End": true}"# }
        m["Map.Iterator"] = #""S": {"Type": "Map", "Items": [1, 2], "Iterator": \#(processor), "End": true}"#
        m["Map.ItemSelector"] = #""S": {\#(map), "ItemSelector": {"v": "{% $states.context.Map.Item.Value %}", "i": "{% $states.context.Map.Item.Index %}"}, "End": true}"#
        m["Map.MaxConcurrency"] = #""S": {\#(map), "MaxConcurrency": "{% 1 %}", "End": true}"#
        m["Map.Retry"] = #""S": {\#(map), "Retry": [{"ErrorEquals": ["States.ALL"]}], "End": true}"#
        m["Map.Catch"] = #""S": {\#(map), "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "P"}], "End": true}, \#(pass)"#
        let distributed = #""Type": "Map", "Items": "{% $states.input.items %}", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#
        m["Map.ItemBatcher"] = #""S": {\#(distributed), "ItemBatcher": {"MaxItemsPerBatch": "{% 2 %}", "MaxInputBytesPerBatch": 1000, "BatchInput": {"b": "{% $states.input.two %}"}}, "End": true}"#
        m["Map.ToleratedFailureCount"] = #""S": {\#(distributed), "ToleratedFailureCount": "{% 1 %}", "End": true}"#
        m["Map.ToleratedFailurePercentage"] = #""S": {\#(distributed), "ToleratedFailurePercentage": "{% 50 %}", "End": true}"#
        m["Map.Label"] = #""S": {\#(distributed), "Label": "Each", "End": true}"#
        m["Map.ItemReader"] = #""S": {\#(distributed), "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "ReaderConfig": {"MaxItems": "{% 1 %}"}, "Arguments": {"Bucket": "b"}}, "End": true}"#
        m["Map.ResultWriter"] = #""S": {\#(distributed), "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Arguments": {"Bucket": "{% $states.input.bucket %}", "Prefix": "{% 'runs/' & $states.input.name %}"}, "WriterConfig": {"OutputType": "JSON", "Transformation": "NONE"}}, "End": true}"#
        m["Map.ResultWriter (WriterConfig only)"] = #""S": {\#(distributed), "ResultWriter": {"WriterConfig": {"OutputType": "JSON", "Transformation": "FLATTEN"}}, "End": true}"#
        return m
    }()

    /// Fields the validator accepts whose empty object (`{}`) it refuses, each with what it says.
    static let refusedWithAMessage: [String: String] = [
        "Map.ResultWriter": "must have \"WriterConfig\", or \"Resource\" and \"Parameters\" (the S3 bucket and prefix), or all three",
        "Map.ItemReader": "missing required field \"Resource\"",
    ]

    /// S3 on the disk for the ItemReader machines: bucket `b` holds `E` (the input's `name`), a CSV.
    static let s3Root: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pizzadash-fields-s3-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: root.appendingPathComponent("b"), withIntermediateDirectories: true)
        try? Data("1\n2\n3\n".utf8).write(to: root.appendingPathComponent("b/E"))
        return root
    }()

    static let input: JSONValue = ["a": ["x": 1], "name": "E", "bucket": "b", "five": 5, "two": 2, "at": "2023-11-14T22:14:00Z", "items": [1, 2, 3]]

    @Test func everyAcceptedFieldHasAMachine() {
        for type in StateFieldTables.stateTypes {
            for field in StateFieldTables.allowedFields(type) ?? [] {
                let key = "\(type).\(field)"
                #expect(Self.machines[key] != nil || Self.refusedWithAMessage[key] != nil, "no machine uses \(key)")
            }
        }
    }

    @Test func everyAcceptedJSONataFieldHasAMachine() {
        for type in StateFieldTables.stateTypes {
            for field in StateFieldTables.allowedJSONataFields(type) ?? [] {
                let key = "\(type).\(field)"
                #expect(Self.jsonataMachines[key] != nil || Self.refusedWithAMessage[key] != nil, "no JSONata machine uses \(key)")
            }
        }
    }

    @Test(arguments: jsonataMachines.keys.sorted())
    func aValidatedJSONataFieldRuns(_ key: String) throws {
        try validatesCleanAndSucceeds(#"{"QueryLanguage": "JSONata", "StartAt": "S", "States": {\#(Self.jsonataMachines[key]!)}}"#, key)
    }

    @Test(arguments: machines.keys.sorted())
    func aValidatedFieldRuns(_ key: String) throws {
        try validatesCleanAndSucceeds(#"{"StartAt": "S", "States": {\#(Self.machines[key]!)}}"#, key)
    }

    private func validatesCleanAndSucceeds(_ text: String, _ key: String) throws {
        let problems = DefinitionValidator.validate(try JSONValue(parsing: text))
        #expect(problems.isEmpty, "\(key): \(problems)")
        let engine = makeEngine()
        engine.handlers.registerResource(Self.echo) { $0.succeed($0.input) }
        LocalS3(root: Self.s3Root).install(on: engine)
        let (execution, _) = try run(text, input: Self.input, engine: engine)
        #expect(execution.status == .succeeded, "\(key): \(execution.error ?? "") \(execution.cause ?? "")")
    }

    @Test(arguments: refusedWithAMessage.keys.sorted())
    func aFieldTheEngineCannotRunIsRefusedByValidate(_ key: String) {
        let field = String(key.split(separator: ".")[1])
        let text = #"{"StartAt": "S", "States": {"S": {"Type": "Map", "\#(field)": {}, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}"#
        let problems = ((try? JSONValue(parsing: text)).map(DefinitionValidator.validate) ?? []).map(\.description)
        #expect(problems.contains { $0.contains(Self.refusedWithAMessage[key]!) }, "\(key): \(problems)")
    }
}
