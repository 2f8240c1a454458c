import AppRuntime
import ArgumentParser
import ASL
import Engine
import Pizzeria
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

    @Flag(help: "Also print the history events (GetExecutionHistory shape) under \"events\".")
    var history = false

    // Unlike `order`, `run` stores only when asked: it is the engine's test bench, run often
    // and in parallel, and must not contend for (or fill) the default store.
    @Option(name: .customLong("db"), help: "Store the execution in this SQLite store (default: keep nothing).")
    var db: String?

    func validate() throws {
        if input != nil && inputFile != nil { throw ValidationError("give --input or --input-file, not both") }
    }

    func run() throws {
        let setup: (StateMachineDefinition, JSONValue, MockConfig.TestCase?, String)
        do {
            setup = try prepare()
        } catch {
            throw CommandIO.fail(error.message)
        }
        let (definition, inputValue, mocks, machine) = setup
        var recorder: StoreRecorder?
        var engine = Engine(clock: speed.mode)
        if let db {
            let text = (try? CommandIO.readText(self.definition, what: "definition")) ?? ""
            (engine, recorder) = try CommandIO.setup { () throws(SetupFailure) in try StoreSession.recording(path: db, clock: speed.mode, definition: text, stateMachineName: machine) }
        }
        // Any definition may call the pizza functions; other resources need mocks or fail clearly.
        Pizzeria.installHandlers(on: engine, orders: OrderBook())
        let execution: Execution
        do {
            execution = try engine.startExecution(definition: definition, stateMachineName: machine, input: inputValue, mocks: mocks)
        } catch {
            throw CommandIO.fail(error.description)
        }
        engine.runUntilFinished(execution)
        recorder?.flush()
        if execution.status == .running {
            throw CommandIO.fail("the execution cannot go on: a task waits for a callback that nothing will send (\(execution.history.last?.type.rawValue ?? "no events"))")
        }
        var output = execution.description.json
        if history, case .object(var object) = output {
            object["events"] = .array(execution.history.map(\.json))
            output = .object(object)
        }
        CommandIO.printJSON(output)
    }

    private func prepare() throws(UsageFailure) -> (StateMachineDefinition, JSONValue, MockConfig.TestCase?, String) {
        let loaded = try CommandIO.loadDefinition(definition)
        var inputValue: JSONValue = .object([:])
        if let input { inputValue = try CommandIO.parseJSON(input, what: "--input") }
        if let inputFile { inputValue = try CommandIO.parseJSON(try CommandIO.readText(inputFile, what: "input file"), what: "the input file \(inputFile)") }
        let (machine, mocks) = try mocking.machineAndMocks(forDefinition: definition)
        return (loaded, inputValue, mocks, machine)
    }
}

