import Foundation
import Testing
@testable import Engine
import ASL

/// A distributed Map reading its items through an ItemReader from S3 on the local disk
/// (``LocalS3``, `--s3-root`): JSON, JSON lines and CSV objects, a listing, MaxItems, and the
/// failures (`States.ItemReaderFailed`).
@Suite struct ItemReaderTests {
    /// A bucket folder `menu/` with the objects the tests read.
    static let root: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pizzadash-s3-\(UUID().uuidString)")
        let objects = [
            "menu/pizzas.json": #"[{"pizza": "margherita"}, {"pizza": "hawaiian"}, {"pizza": "diavola"}]"#,
            "menu/pizzas.jsonl": "{\"pizza\": \"margherita\"}\n\n{\"pizza\": \"hawaiian\"}\n",
            "menu/pizzas.csv": "pizza,size\r\nmargherita,large\r\n\"quattro, \"\"formaggi\"\"\",small\r\n",
            "menu/bare.csv": "margherita;large\nmarinara;\n",
            "menu/notes/a.txt": "a",
            "menu/notes/b.txt": "bb",
        ]
        for (key, text) in objects {
            let file = root.appendingPathComponent(key)
            try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(text.utf8).write(to: file)
        }
        return root
    }()

    func run(reader: String, jsonata: Bool = false, input: JSONValue = [:]) throws -> (Execution, [HistoryEvent]) {
        let engine = makeEngine()
        LocalS3(root: Self.root).install(on: engine)
        let language = jsonata ? #""QueryLanguage": "JSONata","# : ""
        return try EngineTests.run(#"""
            {\#(language) "StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemReader": \#(reader),
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
            """#, input: input, engine: engine)
    }

    @Test func aJSONArrayObjectWithMaxItems() throws {
        let (execution, history) = try run(reader: #"""
            {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "MaxItems": 2},
             "Parameters": {"Bucket": "menu", "Key.$": "$.key"}}
            """#, input: ["key": "pizzas.json"])
        #expect(execution.output == [["pizza": "margherita"], ["pizza": "hawaiian"]])
        #expect(events(history, .mapStateStarted).first?.details.length == 2)
    }

    @Test func jsonLinesSkipBlankLines() throws {
        let (execution, _) = try run(reader: #"""
            {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"}, "Parameters": {"Bucket": "menu", "Key": "pizzas.jsonl"}}
            """#)
        #expect(execution.output == [["pizza": "margherita"], ["pizza": "hawaiian"]])
    }

    @Test func csvRowsBecomeObjectsOfTheirHeaders() throws {
        let (execution, _) = try run(reader: #"""
            {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
             "Parameters": {"Bucket": "menu", "Key": "pizzas.csv"}}
            """#)
        #expect(execution.output == [["pizza": "margherita", "size": "large"], ["pizza": #"quattro, "formaggi""#, "size": "small"]])
        let (given, _) = try run(reader: #"""
            {"Resource": "arn:aws:states:::s3:getObject", "Arguments": {"Bucket": "menu", "Key": "{% 'bare' & '.csv' %}"},
             "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["pizza", "size"], "CSVDelimiter": "SEMICOLON"}}
            """#, jsonata: true)
        #expect(given.output == [["pizza": "margherita", "size": "large"], ["pizza": "marinara", "size": ""]])
    }

    @Test func aListingGivesTheObjectsUnderThePrefix() throws {
        let (execution, _) = try run(reader: #"""
            {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "menu", "Prefix": "notes/"}}
            """#)
        let listed = try #require(execution.output?.arrayValue)
        #expect(listed.map { $0["Key"] } == ["notes/a.txt", "notes/b.txt"])
        #expect(listed.map { $0["Size"] } == [1, 2])
        #expect(listed.first?["ETag"] == "\"0cc175b9c0f1b6a831c399e269772661\"")  // MD5 of "a"
    }

    @Test(arguments: [
        (#"{"Bucket": "menu", "Key": "nothing.json"}"#, "S3.NoSuchKeyException: The specified key does not exist: s3://menu/nothing.json"),
        (#"{"Bucket": "menu", "Key": "../../outside"}"#, "S3.InvalidRequest: The key \"../../outside\" leaves the bucket"),
        (#"{"Bucket": "menu", "Key": "pizzas.csv"}"#, "The S3 object is not a JSON array"),
    ])
    func aReadThatFailsFailsTheState(_ parameters: String, _ cause: String) throws {
        let (execution, history) = try run(reader: #"""
            {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"}, "Parameters": \#(parameters)}
            """#)
        #expect(execution.error == "States.ItemReaderFailed")
        #expect(execution.cause?.hasPrefix(cause) == true, "\(execution.cause ?? "")")
        #expect(types(history).suffix(2) == ["MapStateFailed", "ExecutionFailed"])
    }

    @Test func withoutAnS3HandlerTheReaderSaysWhatIsMissing() throws {
        let (execution, _) = try EngineTests.run(#"""
            {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
              "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"}, "Parameters": {"Bucket": "b", "Key": "k"}},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
            """#)
        #expect(execution.error == "States.ItemReaderFailed")
        #expect(execution.cause?.contains("--s3-root") == true)
    }

    @Test func csvQuotingAndLineEnds() {
        #expect(CSV.rows("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n", delimiter: ",") == [["a", "b"], ["x,y", #"say "hi""#]])
        #expect(CSV.rows("a\tb\r\nc\t", delimiter: "\t") == [["a", "b"], ["c", ""]])
        #expect(CSV.rows("\"multi\nline\",z", delimiter: ",") == [["multi\nline", "z"]])
        #expect(CSV.rows("", delimiter: ",").isEmpty)
    }
}
