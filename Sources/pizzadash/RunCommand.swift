import AppRuntime
import ArgumentParser
import ASL
import Engine
import Foundation
import Pizzeria
import StepFunctions
import Store

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one execution of any ASL definition to its end and print DescribeExecution JSON."
    )

    @Argument(help: "The ASL definition (JSON).")
    var definition: String

    @Option(help: "The execution input, as JSON text.")
    var input: String?

    @Option(name: .customLong("input-file"), help: "Read the execution input from this file.")
    var inputFile: String?

    @OptionGroup var mocking: MockOptions

    @Option(help: "Clock speed: a factor of real time, or `instant` for virtual time.")
    var speed = SpeedOption(.realTime)

    @Option(name: .customLong("role-arn"), help: "The IAM role the execution runs as (ExecutionStarted's roleArn, $$.Execution.RoleArn).")
    var roleArn: String?

    @Option(help: "The state machine's type: STANDARD, or EXPRESS (an express: ARN, at most five minutes, no $$.Execution.RedriveCount).")
    var type = "STANDARD"

    @OptionGroup var s3: S3RootOption

    @Flag(help: "Also print the history events (GetExecutionHistory shape) under \"events\".")
    var history = false

    // Unlike `order`, `run` stores only when asked: it is the engine's test bench, run often
    // and in parallel, and must not contend for (or fill) the default store.
    @Option(name: .customLong("db"), help: "Store the execution in this SQLite store (default: keep nothing); states:startExecution tasks start the machines stored there.")
    var db: String?

    func validate() throws {
        if input != nil && inputFile != nil { throw ValidationError("give --input or --input-file, not both") }
        if StateMachineType(rawValue: type.uppercased()) == nil { throw ValidationError("--type must be STANDARD or EXPRESS, not \"\(type)\"") }
        if let roleArn, !(roleArn.hasPrefix("arn:") && roleArn.contains(":role/")) {
            throw ValidationError("--role-arn must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), not \"\(roleArn)\"")
        }
    }

    func run() throws {
        let setup: (String, JSONValue, MockConfig?, String)
        do {
            setup = try prepare()
        } catch {
            throw CommandIO.fail(error.message)
        }
        let (text, inputValue, mockConfig, machine) = setup
        let session = try CommandIO.setup { () throws(SetupFailure) in try OneShotSession.open(path: db, clock: speed.mode, mockConfig: mockConfig) }
        // Any definition may call the pizza functions; other resources need mocks or fail clearly.
        Pizzeria.installHandlers(on: session.engine, orders: OrderBook())
        if let roleArn { session.engine.executionRoleArn = roleArn }
        if let s3Root = s3.s3Root { LocalS3(root: URL(fileURLWithPath: s3Root)).install(on: session.engine) }
        let (description, events): (ExecutionDescription, [HistoryEvent])
        do {
            (description, events) = try session.runToEnd(machine: machine, definition: text, input: inputValue, testCase: mocking.testCase,
                                                         type: StateMachineType(rawValue: type.uppercased()) ?? .standard)
        } catch {
            throw CommandIO.fail(error.message)
        }
        for note in Self.unregisteredMachineNotes(events, machine: machine) {
            FileHandle.standardError.write(Data(("pizzadash: note: " + note + "\n").utf8))
        }
        if description.status == .running {
            throw CommandIO.fail("the execution cannot go on: a task waits for a callback that nothing will send (\(events.last?.type.rawValue ?? "no events"))")
        }
        var output = description.json
        if history, case .object(var object) = output {
            object["events"] = .array(events.map(\.json))
            output = .object(object)
        }
        CommandIO.printJSON(output)
    }

    /// What to tell about each `states:startExecution` task that found no state machine: `run`
    /// registers only the machine it runs, so a child exists only in the store `--db` names.
    static func unregisteredMachineNotes(_ events: [HistoryEvent], machine: String) -> [String] {
        events.compactMap { event in
            guard event.type == .taskFailed, event.details.error == "StepFunctions.StateMachineDoesNotExistException" else { return nil }
            let cause = event.details.cause ?? ""
            let child = cause.split(separator: "'", omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? "its state machine"
            return "the state \"\(event.details.stateName ?? "?")\" could not start an execution of \(child): no such state machine here. "
                + "`run` registers only the machine it runs (\(machine)); a nested execution's machine must already be in the store: "
                + "create it there (e.g. with CreateStateMachine against `pizzadash serve --db FILE`) and run with --db FILE"
        }
    }

    /// The definition's text (checked first, every problem reported), the input, the mock config
    /// (its test case checked) and the machine's name.
    private func prepare() throws(UsageFailure) -> (String, JSONValue, MockConfig?, String) {
        _ = try CommandIO.loadDefinition(definition)
        let text = try CommandIO.readText(definition, what: "definition")
        var inputValue: JSONValue = .object([:])
        if let input { inputValue = try CommandIO.parseJSON(input, what: "--input") }
        if let inputFile { inputValue = try CommandIO.parseJSON(try CommandIO.readText(inputFile, what: "input file"), what: "the input file \(inputFile)") }
        let (machine, _) = try mocking.machineAndMocks(forDefinition: definition)
        let config = try mocking.mockConfig.map { file throws(UsageFailure) in
            do { return try MockConfigFile.load(file) } catch { throw UsageFailure("\(error)") }
        }
        return (text, inputValue, config, machine)
    }
}
