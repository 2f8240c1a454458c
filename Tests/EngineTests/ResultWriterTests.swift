import Foundation
import Testing
@testable import Engine
import ASL

/// A distributed Map's ResultWriter: the children's results written to S3 on the local disk
/// (``LocalS3``, `--s3-root`) as `PREFIX/MAP_RUN_ID/manifest.json` and `SUCCEEDED_0.json` /
/// `FAILED_0.json` in AWS's shapes, WriterConfig's transformations and output types (also without
/// S3), the writes through a handler or a mock, and a failed write (`States.ResultWriterFailed`).
@Suite struct ResultWriterTests {
    /// A fresh S3 root with an empty bucket `out`.
    static func s3Root() -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pizzadash-writer-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: root.appendingPathComponent("out"), withIntermediateDirectories: true)
        return root
    }

    /// Three pizzas; the second is burnt (its child fails), tolerated.
    static let input: JSONValue = ["pizzas": [["n": 1, "burnt": false], ["n": 2, "burnt": true], ["n": 3, "burnt": false]]]

    static func machine(writer: String, jsonata: Bool = false, processor: String? = nil, settings: String = #""ToleratedFailureCount": 1"#) -> String {
        let items = jsonata ? #""QueryLanguage": "JSONata", "Items": "{% $states.input.pizzas %}""# : #""ItemsPath": "$.pizzas""#
        let bake = processor ?? #"""
            {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Check",
             "States": {"Check": {"Type": "Choice", "QueryLanguage": "JSONPath", "Choices": [{"Variable": "$.burnt", "BooleanEquals": true, "Next": "Burnt"}], "Default": "Bake"},
                        "Burnt": {"Type": "Fail", "Error": "Oven.Burnt", "Cause": "too hot"},
                        "Bake": {"Type": "Pass", "QueryLanguage": "JSONPath", "Parameters": {"baked.$": "$.n"}, "End": true}}}
            """#
        return #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map", \#(items), "Label": "Bake", \#(settings), "End": true,
              "ResultWriter": \#(writer), "ItemProcessor": \#(bake)}}}
            """#
    }

    func run(_ definition: String, root: URL? = nil, input: JSONValue = Self.input, mocks: MockConfig.TestCase? = nil,
             configure: (Engine) -> Void = { _ in }) throws -> (Execution, [HistoryEvent]) {
        let engine = makeEngine()
        if let root { LocalS3(root: root).install(on: engine) }
        configure(engine)
        return try EngineTests.run(definition, input: input, engine: engine, mocks: mocks)
    }

    func object(_ root: URL, _ key: String) throws -> String {
        let data = try #require(FileManager.default.contents(atPath: root.appendingPathComponent("out").appendingPathComponent(key).path), "no object \(key)")
        return String(decoding: data, as: UTF8.self)
    }

    @Test func resultsGoToS3AsAWSWritesThem() throws {
        let root = Self.s3Root()
        let (execution, history) = try run(Self.machine(writer: #"""
            {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix.$": "$.prefix"}}
            """#), root: root, input: Self.input.merging(["prefix": "bakes"]))
        #expect(execution.status == .succeeded, "\(execution.cause ?? "")")
        let mapRunArn = try #require(events(history, .mapRunStarted).first?.details.mapRunArn)
        let id = String(mapRunArn.split(separator: ":").last!)
        #expect(execution.output == ["MapRunArn": .string(mapRunArn),
                                     "ResultWriterDetails": ["Bucket": "out", "Key": .string("bakes/\(id)/manifest.json")]])

        let succeeded = try JSONValue(parsing: try object(root, "bakes/\(id)/SUCCEEDED_0.json"))
        let failed = try JSONValue(parsing: try object(root, "bakes/\(id)/FAILED_0.json"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out/bakes/\(id)/PENDING_0.json").path))
        let entries = try #require(succeeded.arrayValue)
        #expect(entries.count == 2)
        let first = try #require(entries.first?.objectValue)
        #expect(Set(first.keys) == ["ExecutionArn", "Input", "InputDetails", "Name", "Output", "OutputDetails", "RedriveCount", "RedriveStatus",
                                    "RedriveStatusReason", "StartDate", "StateMachineArn", "Status", "StopDate"])
        #expect(first["Input"] == #"{"burnt":false,"n":1}"#)
        #expect(first["Output"] == #"{"baked":1}"#)
        #expect(first["InputDetails"] == ["Included": true] && first["OutputDetails"] == ["Included": true])
        #expect(first["Status"] == "SUCCEEDED" && first["RedriveCount"] == 0 && first["RedriveStatus"] == "NOT_REDRIVABLE")
        #expect(first["RedriveStatusReason"] == "Execution is SUCCEEDED and cannot be redriven")
        #expect(first["StateMachineArn"] == "arn:aws:states:us-east-1:123456789012:stateMachine:Machine/Bake")
        let name = try #require(first["Name"]?.stringValue)
        #expect(first["ExecutionArn"] == .string("arn:aws:states:us-east-1:123456789012:execution:Machine/Bake:\(name)"))
        #expect(first["StartDate"] == "2023-11-14T22:13:20.000Z")
        #expect(entries.last?["Output"] == #"{"baked":3}"#)

        let burnt = try #require(failed.arrayValue?.first?.objectValue)
        #expect(failed.arrayValue?.count == 1)
        #expect(Set(burnt.keys) == ["Cause", "Error", "ExecutionArn", "Input", "InputDetails", "Name", "OutputDetails", "RedriveCount",
                                    "RedriveStatus", "StartDate", "StateMachineArn", "Status", "StopDate"])
        #expect(burnt["Error"] == "Oven.Burnt" && burnt["Cause"] == "too hot" && burnt["Status"] == "FAILED")
        #expect(burnt["RedriveStatus"] == "REDRIVABLE_BY_MAP_RUN")

        let manifestText = try object(root, "bakes/\(id)/manifest.json")
        let succeededSize = try object(root, "bakes/\(id)/SUCCEEDED_0.json").utf8.count
        let failedSize = try object(root, "bakes/\(id)/FAILED_0.json").utf8.count
        #expect(try JSONValue(parsing: manifestText) == [
            "DestinationBucket": "out", "MapRunArn": .string(mapRunArn),
            "ResultFiles": ["FAILED": [["Key": .string("bakes/\(id)/FAILED_0.json"), "Size": .number(Double(failedSize))]],
                            "PENDING": [],
                            "SUCCEEDED": [["Key": .string("bakes/\(id)/SUCCEEDED_0.json"), "Size": .number(Double(succeededSize))]]],
        ])
        // The writes add no events: the Map Run ends as it does without a ResultWriter.
        #expect(types(history).filter { $0.hasPrefix("MapRun") } == ["MapRunStarted", "MapRunSucceeded"])
        #expect(events(history, .mapRunFailed).isEmpty)
    }

    @Test func jsonLinesWithCompactOutputs() throws {
        let root = Self.s3Root()
        let (execution, history) = try run(Self.machine(writer: #"""
            {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out"}, "WriterConfig": {"OutputType": "JSONL", "Transformation": "COMPACT"}}
            """#), root: root)
        #expect(execution.status == .succeeded)
        let id = String(try #require(events(history, .mapRunStarted).first?.details.mapRunArn).split(separator: ":").last!)
        #expect(execution.output?["ResultWriterDetails"]?["Key"] == .string("\(id)/manifest.json"))
        #expect(try object(root, "\(id)/SUCCEEDED_0.jsonl") == "{\"baked\":1}\n{\"baked\":3}\n")
        // A failed child is written unchanged, as with NONE.
        let failedLines = try object(root, "\(id)/FAILED_0.jsonl").split(separator: "\n")
        #expect(failedLines.count == 1)
        #expect(try JSONValue(parsing: String(failedLines[0]))["Error"] == "Oven.Burnt")
        let manifest = try JSONValue(parsing: try object(root, "\(id)/manifest.json"))
        #expect(manifest["ResultFiles"]?["SUCCEEDED"]?.arrayValue?.first?["Key"] == .string("\(id)/SUCCEEDED_0.jsonl"))
    }

    /// Each child outputs `[n, n]`.
    static let pairs = #"""
        {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "Pair",
         "States": {"Pair": {"Type": "Pass", "QueryLanguage": "JSONPath", "Parameters": {"v.$": "States.Array($.n, $.n)"}, "OutputPath": "$.v", "End": true}}}
        """#

    @Test(arguments: [
        ("FLATTEN", #"[1, 1, 2, 2, 3, 3]"#),
        ("COMPACT", #"[[1, 1], [2, 2], [3, 3]]"#),
    ])
    func writerConfigAloneTransformsTheStateResult(_ transformation: String, _ expected: String) throws {
        let writer = #"{"WriterConfig": {"OutputType": "JSON", "Transformation": "\#(transformation)"}}"#
        let (execution, _) = try run(Self.machine(writer: writer, processor: Self.pairs))
        #expect(execution.output == (try json(expected)))
        let (jsonata, _) = try run(Self.machine(writer: writer, jsonata: true, processor: Self.pairs))
        #expect(jsonata.output == (try json(expected)))
    }

    @Test func writerConfigNoneGivesEachChildsMetadata() throws {
        let (execution, _) = try run(Self.machine(writer: #"{"WriterConfig": {"OutputType": "JSON", "Transformation": "NONE"}}"#))
        let results = try #require(execution.output?.arrayValue)
        #expect(results.map { $0["Status"] } == ["SUCCEEDED", "FAILED", "SUCCEEDED"])
        #expect(results.map { $0["Output"] } == [#"{"baked":1}"#, nil, #"{"baked":3}"#])
        #expect(results[1]["Error"] == "Oven.Burnt")
    }

    @Test func jsonataArgumentsNameTheBucketAndPrefix() throws {
        let root = Self.s3Root()
        let (execution, _) = try run(Self.machine(writer: #"""
            {"Resource": "arn:aws:states:::s3:putObject", "Arguments": {"Bucket": "{% 'o' & 'ut' %}", "Prefix": "{% 'runs/' & $count($states.input.pizzas) %}"},
             "WriterConfig": {"OutputType": "JSON", "Transformation": "FLATTEN"}}
            """#, jsonata: true, processor: Self.pairs), root: root)
        let key = try #require(execution.output?["ResultWriterDetails"]?["Key"]?.stringValue)
        #expect(key.hasPrefix("runs/3/") && key.hasSuffix("/manifest.json"))
        let directory = String(key.dropLast("manifest.json".count))
        #expect(try JSONValue(parsing: try object(root, directory + "SUCCEEDED_0.json")) == [1, 1, 2, 2, 3, 3])
    }

    @Test func aRegisteredHandlerGetsEachPutObjectTheManifestLast() throws {
        final class Puts { var keys: [String] = [] }
        let puts = Puts()
        let (execution, _) = try run(Self.machine(writer: #"""
            {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "anywhere", "Prefix": "p/"}}
            """#)) { engine in
            engine.handlers.registerResource(ResultWriter.putObject) { invocation in
                puts.keys.append("\(invocation.input["Bucket"]?.stringValue ?? "")/\(invocation.input["Key"]?.stringValue ?? "")")
                #expect(invocation.input["Body"]?.stringValue != nil)
                invocation.succeed(["ETag": "\"e\""])
            }
        }
        #expect(execution.status == .succeeded)
        #expect(puts.keys.count == 3)
        #expect(puts.keys.map { String($0.split(separator: "/").last!) } == ["SUCCEEDED_0.json", "FAILED_0.json", "manifest.json"])
        #expect(puts.keys.allSatisfy { $0.hasPrefix("anywhere/p/") && !$0.contains("//") })
    }

    @Test func aFailedWriteFailsTheStateWithResultWriterFailed() throws {
        let root = Self.s3Root()
        let (execution, history) = try run(Self.machine(writer: #"""
            {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "no-such-bucket"}}
            """#), root: root)
        #expect(execution.status == .failed)
        #expect(execution.error == "States.ResultWriterFailed")
        #expect(execution.cause?.hasPrefix("S3.NoSuchBucketException: The specified bucket does not exist: no-such-bucket") == true, "\(execution.cause ?? "")")
        #expect(types(history).suffix(3) == ["MapRunFailed", "MapStateFailed", "ExecutionFailed"])
        #expect(events(history, .mapRunFailed).first?.details.error == "States.ResultWriterFailed")
        #expect(events(history, .mapRunSucceeded).isEmpty)
    }

    @Test func aFailedWriteCanBeCaught() throws {
        let definition = Self.machine(writer: #"""
            {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "no-such-bucket"}}
            """#).replacingOccurrences(of: #""End": true,"#, with: #""Catch": [{"ErrorEquals": ["States.ResultWriterFailed"], "Next": "Done"}], "End": true,"#)
            .replacingOccurrences(of: #"{"StartAt": "M", "States": {"#, with: #"{"StartAt": "M", "States": {"Done": {"Type": "Succeed"}, "#)
        let (execution, _) = try run(definition, root: Self.s3Root())
        #expect(execution.status == .succeeded)
        #expect(execution.output?["Error"] == "States.ResultWriterFailed")
    }

    @Test func aPrefixCannotLeaveTheS3Root() throws {
        let root = Self.s3Root()
        let (execution, history) = try run(Self.machine(writer: #"""
            {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "../.."}}
            """#), root: root)
        #expect(execution.error == "States.ResultWriterFailed")
        #expect(execution.cause?.hasPrefix("S3.InvalidRequest") == true, "\(execution.cause ?? "")")
        // out/../../MAP_RUN_ID would be beside the S3 root: nothing is written there.
        let id = String(try #require(events(history, .mapRunStarted).first?.details.mapRunArn).split(separator: ":").last!)
        #expect(!FileManager.default.fileExists(atPath: root.deletingLastPathComponent().appendingPathComponent(id).path))
    }

    @Test func withoutAnS3HandlerTheWriterSaysWhatIsMissing() throws {
        let (execution, history) = try run(Self.machine(writer: #"""
            {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out"}}
            """#))
        #expect(execution.error == "States.ResultWriterFailed")
        #expect(execution.cause?.contains("--s3-root") == true)
        #expect(types(history).suffix(3) == ["MapRunFailed", "MapStateFailed", "ExecutionFailed"])
    }

    @Test func aMockedResponseStandsInForTheWrites() throws {
        let config = try MockConfig(json: try json(#"""
            {"StateMachines": {"Machine": {"TestCases": {"Written": {"M": "Put"}, "Denied": {"M": "Denied"}}}},
             "MockedResponses": {"Put": {"0": {"Return": {"ETag": "\"x\""}}},
                                 "Denied": {"0": {"Throw": {"Error": "S3.AccessDenied", "Cause": "no"}}}}}
            """#))
        let definition = Self.machine(writer: #"{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "m"}}"#)
        let root = Self.s3Root()
        let (written, _) = try run(definition, root: root, mocks: config.testCase(machine: "Machine", name: "Written"))
        #expect(written.status == .succeeded)
        #expect(written.output?["ResultWriterDetails"]?["Bucket"] == "out")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out/m").path))
        let (denied, _) = try run(definition, root: root, mocks: config.testCase(machine: "Machine", name: "Denied"))
        #expect(denied.error == "States.ResultWriterFailed")
        #expect(denied.cause == "S3.AccessDenied: no")
    }

    /// Past its tolerated failures the Map Run still writes what ran: the running children are
    /// stopped (FAILED, ABORTED), the items never started are PENDING; the state fails as before.
    @Test func aFailedMapRunWritesItsPendingItems() throws {
        let root = Self.s3Root()
        let input: JSONValue = ["pizzas": [["n": 1, "burnt": false], ["n": 2, "burnt": true], ["n": 3, "burnt": false], ["n": 4, "burnt": false]]]
        let (execution, history) = try run(Self.machine(writer: #"{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "f"}}"#,
                                                        settings: #""MaxConcurrency": 1"#), root: root, input: input)
        #expect(execution.error == "States.ExceedToleratedFailureThreshold")
        #expect(types(history).suffix(3) == ["MapRunFailed", "MapStateFailed", "ExecutionFailed"])
        let id = String(try #require(events(history, .mapRunStarted).first?.details.mapRunArn).split(separator: ":").last!)
        #expect(try JSONValue(parsing: try object(root, "f/\(id)/SUCCEEDED_0.json")).arrayValue?.map { $0["Output"] } == [#"{"baked":1}"#])
        #expect(try JSONValue(parsing: try object(root, "f/\(id)/FAILED_0.json")).arrayValue?.map { $0["Error"] } == ["Oven.Burnt"])
        #expect(try JSONValue(parsing: try object(root, "f/\(id)/PENDING_0.json")) == [
            ["Input": #"{"burnt":false,"n":3}"#, "InputDetails": ["Included": true], "Status": "PENDING"],
            ["Input": #"{"burnt":false,"n":4}"#, "InputDetails": ["Included": true], "Status": "PENDING"],
        ])
        let manifest = try JSONValue(parsing: try object(root, "f/\(id)/manifest.json"))
        #expect(manifest["ResultFiles"]?["PENDING"]?.arrayValue?.first?["Key"] == .string("f/\(id)/PENDING_0.json"))
    }

    @Test func stoppedChildrenAreWrittenAsAborted() throws {
        let root = Self.s3Root()
        // Item 0 fails at once; item 1 waits and is running when the Map Run fails.
        let processor = #"""
            {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "Check",
             "States": {"Check": {"Type": "Choice", "Choices": [{"Variable": "$.burnt", "BooleanEquals": true, "Next": "Burnt"}], "Default": "Slow"},
                        "Burnt": {"Type": "Fail", "Error": "Oven.Burnt"}, "Slow": {"Type": "Wait", "Seconds": 60, "End": true}}}
            """#
        let input: JSONValue = ["pizzas": [["n": 1, "burnt": true], ["n": 2, "burnt": false]]]
        let (execution, history) = try run(Self.machine(writer: #"{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out"}}"#,
                                                        processor: processor, settings: #""MaxConcurrency": 2"#), root: root, input: input)
        #expect(execution.error == "States.ExceedToleratedFailureThreshold")
        let id = String(try #require(events(history, .mapRunStarted).first?.details.mapRunArn).split(separator: ":").last!)
        let failed = try #require(try JSONValue(parsing: try object(root, "\(id)/FAILED_0.json")).arrayValue)
        #expect(failed.map { $0["Status"] } == ["FAILED", "ABORTED"])
        #expect(failed[1]["Error"] == nil && failed[1]["RedriveStatus"] == "REDRIVABLE_BY_MAP_RUN")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out/\(id)/PENDING_0.json").path))
    }

    @Test func anEmptyMapRunWritesOnlyItsManifest() throws {
        let root = Self.s3Root()
        let (execution, _) = try run(Self.machine(writer: #"{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out"}}"#),
                                     root: root, input: ["pizzas": []])
        let key = try #require(execution.output?["ResultWriterDetails"]?["Key"]?.stringValue)
        let manifest = try JSONValue(parsing: try object(root, key))
        #expect(manifest["ResultFiles"] == ["FAILED": [], "PENDING": [], "SUCCEEDED": []])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("out").appendingPathComponent(key).deletingLastPathComponent().path) == ["manifest.json"])
    }
}

private extension JSONValue {
    func merging(_ other: [String: JSONValue]) -> JSONValue {
        .object((objectValue ?? [:]).merging(other) { $1 })
    }
}
