import AppRuntime
import LocalStepFunctions
import ArgumentParser
import ASL
import Engine
import Foundation

/// `--speed N|instant`: the engine clock's pace.
struct SpeedOption: ExpressibleByArgument {
    let mode: ClockMode

    init(_ mode: ClockMode) { self.mode = mode }

    init?(argument: String) {
        guard let mode = ClockMode(argument: argument) else { return nil }
        self.mode = mode
    }

    var defaultValueDescription: String { mode.label }
}

/// A failure the user can fix: printed on stderr as `pizzadash: <message>`, exit 2.
struct UsageFailure: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

enum CommandIO {
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data(("pizzadash: " + message + "\n").utf8))
        return ExitCode(2)
    }

    static func readText(_ path: String, what: String) throws(UsageFailure) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageFailure("cannot read the \(what) \(path): \(FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file")")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw UsageFailure("the \(what) \(path) is not UTF-8 text") }
        return text
    }

    static func parseJSON(_ text: String, what: String) throws(UsageFailure) -> JSONValue {
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw UsageFailure("\(what) is not valid JSON: \(error)")
        }
    }

    /// Reads and validates a definition; every problem is reported, one a line.
    static func loadDefinition(_ path: String) throws(UsageFailure) -> StateMachineDefinition {
        let text = try readText(path, what: "definition")
        do {
            return try StateMachineDefinition.load(text: text)
        } catch {
            throw UsageFailure("\(path) is not a valid state machine definition:\n" + error.description)
        }
    }

    /// The machine name a definition file implies: its name without `.asl.json` / `.json`.
    static func machineName(forFile path: String) -> String { UserDefinition.machineName(forFile: path) }

    /// Reads a MockConfigFile and picks one test case of one state machine.
    static func loadTestCase(_ mockConfig: String, testCase: String, machine: String) throws(UsageFailure) -> MockConfig.TestCase {
        let json = try parseJSON(try readText(mockConfig, what: "mock config"), what: "the mock config \(mockConfig)")
        let config: MockConfig
        do {
            config = try MockConfig(json: json)
        } catch {
            throw UsageFailure("the mock config \(mockConfig) is not valid:\n" + error.description)
        }
        guard let found = config.testCase(machine: machine, name: testCase) else {
            let known = config.testCases[machine].map { $0.keys.sorted().joined(separator: ", ") }
            throw UsageFailure("the mock config \(mockConfig) has no test case \"\(testCase)\" for the state machine \"\(machine)\"" +
                               (known.map { " (it has: \($0))" } ?? " (it has no state machine of that name; use --name)"))
        }
        return found
    }

    static func printJSON(_ value: JSONValue) {
        print(value.serialized(pretty: true))
    }
}

/// `--mock-config FILE --test-case NAME [--name MACHINE]`: mocked task results for commands that
/// run any definition (`run`, `bench`).
struct MockOptions: ParsableArguments {
    @Option(name: .customLong("mock-config"), help: "A Step Functions Local MockConfigFile with mocked task results.")
    var mockConfig: String?

    @Option(name: .customLong("test-case"), help: "The test case of the mock config to run.")
    var testCase: String?

    @Option(help: "The state machine's name (selects the mock test case); default: the file name without .asl.json/.json.")
    var name: String?

    func validate() throws {
        if (mockConfig == nil) != (testCase == nil) { throw ValidationError("--mock-config and --test-case go together") }
    }

    /// The machine name (for ARNs and the test case) and the mocked responses, if any.
    func machineAndMocks(forDefinition definition: String) throws(UsageFailure) -> (String, MockConfig.TestCase?) {
        let machine = name ?? CommandIO.machineName(forFile: definition)
        guard let mockConfig, let testCase else { return (machine, nil) }
        return (machine, try CommandIO.loadTestCase(mockConfig, testCase: testCase, machine: machine))
    }
}
