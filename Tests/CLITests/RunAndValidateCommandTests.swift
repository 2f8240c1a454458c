import TestSupport
import Foundation
import Testing

@Suite struct RunAndValidateCommandTests {
    static let waitAndChoose = """
    {"StartAt": "Wait", "States": {
      "Wait": {"Type": "Wait", "SecondsPath": "$.seconds", "Next": "Choose"},
      "Choose": {"Type": "Choice", "Choices": [{"Variable": "$.seconds", "NumericGreaterThan": 5, "Next": "Long"}], "Default": "Short"},
      "Long": {"Type": "Pass", "Result": "long", "End": true},
      "Short": {"Type": "Fail", "Error": "TooShort", "Cause": "under 5 s"}}}
    """

    @Test func runPrintsDescribeExecutionAndHistory() throws {
        let path = try PizzadashBinary.temporaryFile(Self.waitAndChoose, name: "timer.asl.json")
        let result = try PizzadashBinary.run(["run", path, "--input", #"{"seconds": 3600}"#, "--speed", "instant", "--history"])
        #expect(result.status == 0, "\(result.stderr)")
        let root = try #require(try result.json() as? [String: Any])
        #expect(root["status"] as? String == "SUCCEEDED")
        #expect(root["output"] as? String == "\"long\"")
        #expect((root["stateMachineArn"] as? String)?.hasSuffix(":stateMachine:timer") == true)
        let start = try #require(root["startDate"] as? Double), stop = try #require(root["stopDate"] as? Double)
        #expect(abs(stop - start - 3600) < 0.001, "an hour of virtual time")
        let types = (root["events"] as? [[String: Any]])?.compactMap { $0["type"] as? String }
        #expect(types == ["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "ChoiceStateEntered", "ChoiceStateExited",
                          "PassStateEntered", "PassStateExited", "ExecutionSucceeded"])
    }

    /// ExecutionStarted names the role (roleArn, as in Step Functions), by default or from --role-arn.
    @Test func theExecutionsRoleIsOnExecutionStartedAndInTheContext() throws {
        let path = try PizzadashBinary.temporaryFile(#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"r.$": "$$.Execution.RoleArn"}, "End": true}}}"#, name: "role.json")
        for (arguments, role) in [([], "arn:aws:iam::123456789012:role/StepFunctionsLocal"),
                                  (["--role-arn", "arn:aws:iam::111111111111:role/Mine"], "arn:aws:iam::111111111111:role/Mine")] {
            let result = try PizzadashBinary.run(["run", path, "--speed", "instant", "--history"] + arguments)
            #expect(result.status == 0, "\(result.stderr)")
            let root = try #require(try result.json() as? [String: Any])
            #expect(root["output"] as? String == #"{"r":"\#(role)"}"#)
            let started = (root["events"] as? [[String: Any]])?.first?["executionStartedEventDetails"] as? [String: Any]
            #expect(started?["roleArn"] as? String == role)
            #expect(started?["resource"] == nil)
        }
        let bad = try PizzadashBinary.run(["run", path, "--role-arn", "Mine"])
        #expect(bad.status == 64 || bad.status == 2)
        #expect(bad.stderr.contains("--role-arn must be an IAM role ARN"))
    }

    /// `--type EXPRESS`: an `express:` ARN (name, then an id), a context without
    /// Execution.RedriveCount, as AWS's recorded Express execution has it.
    @Test func anExpressExecution() throws {
        let path = try PizzadashBinary.temporaryFile(#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"e.$": "$$.Execution"}, "End": true}}}"#, name: "fast.json")
        let result = try PizzadashBinary.run(["run", path, "--speed", "instant", "--type", "EXPRESS", "--name", "quick"])
        #expect(result.status == 0, "\(result.stderr)")
        let root = try #require(try result.json() as? [String: Any])
        let arn = try #require(root["executionArn"] as? String)
        #expect(arn.hasPrefix("arn:aws:states:us-east-1:123456789012:express:quick:\(root["name"] as? String ?? "?"):"))
        let output = try #require((root["output"] as? String).flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        let execution = try #require(output["e"] as? [String: Any])
        #expect(execution["Id"] as? String == arn)
        #expect(execution["RedriveCount"] == nil)
        let bad = try PizzadashBinary.run(["run", path, "--type", "FAST"])
        #expect(bad.status == 64 || bad.status == 2)
        #expect(bad.stderr.contains("--type must be STANDARD or EXPRESS"))
    }

    @Test func aFailedExecutionStillExitsZero() throws {
        let path = try PizzadashBinary.temporaryFile(Self.waitAndChoose, name: "timer.json")
        let result = try PizzadashBinary.run(["run", path, "--input", #"{"seconds": 1}"#, "--speed", "instant"])
        #expect(result.status == 0)
        let root = try #require(try result.json() as? [String: Any])
        #expect(root["status"] as? String == "FAILED")
        #expect(root["error"] as? String == "TooShort")
        #expect(root["cause"] as? String == "under 5 s")
    }

    @Test func mockedTaskResultsRunAnyDefinition() throws {
        let definition = try PizzadashBinary.temporaryFile("""
        {"StartAt": "Charge", "States": {"Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName": "Charge", "Payload.$": "$"}, "OutputPath": "$.Payload",
          "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 2, "MaxAttempts": 2}], "End": true}}}
        """, name: "Billing.asl.json")
        let mocks = try PizzadashBinary.temporaryFile("""
        {"StateMachines": {"Billing": {"TestCases": {"FlakyThenOK": {"Charge": "FlakyCharge"}}}},
         "MockedResponses": {"FlakyCharge": {"0-1": {"Throw": {"Error": "Flaky", "Cause": "try again"}},
                                            "2": {"Return": {"StatusCode": 200, "Payload": {"charged": 42}}}}}}
        """, name: "mocks.json")
        let result = try PizzadashBinary.run(["run", definition, "--mock-config", mocks, "--test-case", "FlakyThenOK", "--speed", "instant"])
        #expect(result.status == 0, "\(result.stderr)")
        let root = try #require(try result.json() as? [String: Any])
        #expect(root["status"] as? String == "SUCCEEDED")
        #expect(root["output"] as? String == #"{"charged":42}"#)
        let start = try #require(root["startDate"] as? Double), stop = try #require(root["stopDate"] as? Double)
        #expect(abs(stop - start - 6) < 0.001, "retries after 2 s and 4 s")
        let unknownCase = try PizzadashBinary.run(["run", definition, "--mock-config", mocks, "--test-case", "Nope", "--speed", "instant"])
        #expect(unknownCase.status == 2)
        #expect(unknownCase.stderr.contains("no test case \"Nope\" for the state machine \"Billing\" (it has: FlakyThenOK)"))
    }

    @Test func theOrderSagaRunsFromAnyDirectoryWithLocalHandlers() throws {
        let saga = PizzadashBinary.packageRoot.appendingPathComponent("Resources/order-saga.asl.json").path
        let result = try PizzadashBinary.run(["run", saga, "--input", #"{"orderId": 7, "flavor": "x", "perStepDelaySeconds": 0, "errorOnStep": 3}"#, "--speed", "instant"])
        let root = try #require(try result.json() as? [String: Any])
        #expect(root["status"] as? String == "SUCCEEDED")
    }

    @Test(arguments: [
        (["run", "/nonexistent/def.json"], "cannot read the definition /nonexistent/def.json: no such file"),
        (["run", "DEF", "--input", "{oops"], "--input is not valid JSON: line 1, column 2"),
        (["run", "DEF", "--input", "{}", "--input-file", "x"], "give --input or --input-file, not both"),
        (["run", "DEF", "--mock-config", "x"], "--mock-config and --test-case go together"),
        (["run", "DEF", "--speed", "-3"], "--speed"),
    ])
    func badRunInputExitsTwo(_ arguments: [String], _ message: String) throws {
        let path = try PizzadashBinary.temporaryFile(Self.waitAndChoose, name: "ok.json")
        let result = try PizzadashBinary.run(arguments.map { $0 == "DEF" ? path : $0 })
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
    }

    @Test func aBadDefinitionIsReportedLineByLineWithItsLocation() throws {
        let path = try PizzadashBinary.temporaryFile("""
        {"StartAt": "Cook", "States": {"Cook": {"Type": "Pass", "Next": "Bake"}, "Lost": {"Type": "Succeed"}}}
        """, name: "bad.json")
        let validation = try PizzadashBinary.run(["validate", path])
        #expect(validation.status == 1)
        let lines = validation.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("/States/Cook/Next: no state named \"Bake\""))
        #expect(lines.contains { $0.hasPrefix("/States/Lost") && $0.contains("not reachable") })
        let run = try PizzadashBinary.run(["run", path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("/States/Cook/Next: no state named \"Bake\""))
        let ok = try PizzadashBinary.run(["validate", PizzadashBinary.packageRoot.appendingPathComponent("Resources/order-saga.asl.json").path])
        #expect(ok.status == 0)
        #expect(ok.stdout == "ok\n")
    }

    /// A JSONata definition: a JSONPath-only field is reported at its location, a syntax error in
    /// a `{% %}` expression with JSONata's code and position; both exit 1 before anything runs.
    @Test func aJSONataDefinitionIsValidatedWithItsExpressions() throws {
        let path = try PizzadashBinary.temporaryFile(#"""
        {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
          "A": {"Type": "Pass", "InputPath": "$.order", "Output": {"total": "{% $states.input.price * %}"}, "End": true}}}
        """#, name: "jsonata-bad.json")
        let validation = try PizzadashBinary.run(["validate", path])
        #expect(validation.status == 1)
        let lines = validation.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains(#"/States/A/InputPath: field "InputPath" is only supported for the JSONPath query language; this state's QueryLanguage is JSONata"#))
        #expect(lines.contains("/States/A/Output/total: JSONata syntax error S0207 at position 21: Unexpected end of expression"), "\(lines)")
        for saga in ["order-saga.jsonata.asl.json", "order-saga.asl.json"] {
            let ok = try PizzadashBinary.run(["validate", PizzadashBinary.packageRoot.appendingPathComponent("Resources/" + saga).path])
            #expect(ok.stdout == "ok\n", "\(saga): \(ok.stdout)")
        }
    }

    /// A distributed Map over a CSV file with no AWS: `--s3-root DIR` stands in for S3
    /// (s3://menu/orders.csv is DIR/menu/orders.csv); without it the reader says what is missing.
    @Test func aDistributedMapReadsACSVFileUnderS3Root() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pizzadash-s3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("menu"), withIntermediateDirectories: true)
        try Data("pizza,size\nmargherita,large\nmarinara,small\n".utf8).write(to: root.appendingPathComponent("menu/orders.csv"))
        let path = try PizzadashBinary.temporaryFile(#"""
        {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
          "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                         "Parameters": {"Bucket": "menu", "Key": "orders.csv"}},
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                            "StartAt": "Cook", "States": {"Cook": {"Type": "Pass", "Parameters": {"cooked.$": "$.pizza"}, "End": true}}}}}}
        """#, name: "reader.json")
        let result = try PizzadashBinary.run(["run", path, "--speed", "instant", "--s3-root", root.path])
        #expect(result.status == 0, "\(result.stderr)")
        let root1 = try #require(try result.json() as? [String: Any])
        #expect(root1["status"] as? String == "SUCCEEDED")
        #expect(root1["output"] as? String == #"[{"cooked":"margherita"},{"cooked":"marinara"}]"#)
        let without = try #require(try PizzadashBinary.run(["run", path, "--speed", "instant"]).json() as? [String: Any])
        #expect(without["error"] as? String == "States.ItemReaderFailed")
        #expect((without["cause"] as? String)?.contains("--s3-root") == true)
    }

    /// A distributed Map's ResultWriter under `--s3-root DIR`: the manifest and the result file
    /// land in DIR/BUCKET/PREFIX/MAP_RUN_ID/, and the state's result says where.
    @Test func aDistributedMapWritesItsResultsUnderS3Root() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pizzadash-s3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("results"), withIntermediateDirectories: true)
        let path = try PizzadashBinary.temporaryFile(#"""
        {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true, "ItemsPath": "$.pizzas",
          "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "results", "Prefix": "bakes"}},
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                            "StartAt": "Cook", "States": {"Cook": {"Type": "Pass", "Parameters": {"cooked.$": "$.pizza"}, "End": true}}}}}}
        """#, name: "writer.json")
        #expect(try PizzadashBinary.run(["validate", path]).stdout == "ok\n")
        let result = try PizzadashBinary.run(["run", path, "--input", #"{"pizzas": [{"pizza": "margherita"}, {"pizza": "marinara"}]}"#,
                                              "--speed", "instant", "--s3-root", root.path])
        #expect(result.status == 0, "\(result.stderr)")
        let description = try #require(try result.json() as? [String: Any])
        #expect(description["status"] as? String == "SUCCEEDED")
        let output = try #require(try JSONSerialization.jsonObject(with: Data(((description["output"] as? String) ?? "").utf8)) as? [String: Any])
        let details = try #require(output["ResultWriterDetails"] as? [String: Any])
        #expect(details["Bucket"] as? String == "results")
        let manifestKey = try #require(details["Key"] as? String)
        let mapRunId = try #require((output["MapRunArn"] as? String)?.split(separator: ":").last.map(String.init))
        #expect(manifestKey == "bakes/\(mapRunId)/manifest.json")
        let manifestData = try #require(FileManager.default.contents(atPath: root.appendingPathComponent("results/" + manifestKey).path))
        let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        #expect(manifest["DestinationBucket"] as? String == "results")
        let files = try #require(manifest["ResultFiles"] as? [String: [[String: Any]]])
        #expect(files["FAILED"]?.isEmpty == true && files["PENDING"]?.isEmpty == true)
        #expect(files["SUCCEEDED"]?.first?["Key"] as? String == "bakes/\(mapRunId)/SUCCEEDED_0.json")
        let resultsData = try #require(FileManager.default.contents(atPath: root.appendingPathComponent("results/bakes/\(mapRunId)/SUCCEEDED_0.json").path))
        #expect(files["SUCCEEDED"]?.first?["Size"] as? Int == resultsData.count)
        let entries = try #require(try JSONSerialization.jsonObject(with: resultsData) as? [[String: Any]])
        #expect(entries.map { $0["Output"] as? String } == [#"{"cooked":"margherita"}"#, #"{"cooked":"marinara"}"#])
        #expect(entries.allSatisfy { $0["Status"] as? String == "SUCCEEDED" })
    }
}
