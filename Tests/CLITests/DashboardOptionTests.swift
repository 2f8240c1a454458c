import TestSupport
import Foundation
import Testing

/// The dashboard's options are checked before it needs a terminal: a bad `--definition` or
/// `--mock-config` exits 2 with a message naming the file and what is wrong.
@Suite struct DashboardOptionTests {
    @Test func aMissingDefinitionFileIsNamed() throws {
        let result = try PizzadashBinary.run(["--db", ":memory:", "--definition", "/nonexistent/x.asl.json"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("pizzadash: cannot read the definition /nonexistent/x.asl.json: no such file"), "\(result.stderr)")
    }

    @Test func anInvalidDefinitionSaysWhereItIsWrong() throws {
        let path = try PizzadashBinary.temporaryFile(#"{"StartAt": "Nowhere", "States": {"A": {"Type": "Pass", "End": true}}}"#, name: "broken.asl.json")
        let result = try PizzadashBinary.run(["--db", ":memory:", "--definition", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(path) is not a valid state machine definition"), "\(result.stderr)")
        #expect(result.stderr.contains("Nowhere"), "\(result.stderr)")
    }

    @Test func aMissingMockConfigIsNamed() throws {
        let result = try PizzadashBinary.run(["--db", ":memory:", "--mock-config", "/nonexistent/mocks.json"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot read the mock config /nonexistent/mocks.json"), "\(result.stderr)")
    }

    /// `--db D`, a bare name in the working directory, opens (it once trapped in Foundation's
    /// path handling), and the machine run there is registered in that store.
    @Test func aStoreNamedWithoutADirectoryOpens() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pizzadash-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let definition = try PizzadashBinary.temporaryFile(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#, name: "bare.asl.json")
        let result = try PizzadashBinary.run(["run", definition, "--db", "D", "--speed", "instant"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("D").path))
    }
}
