import Testing
@testable import Engine
import ASL

/// The virtual start time of every test execution: 2023-11-14T22:13:20Z.
let testStartTime: Double = 1_700_000_000

/// An engine on virtual time, with a fixed start time and seed.
func makeEngine(seed: UInt64 = 0x5EED) -> Engine {
    Engine(clock: .instant, startTime: testStartTime, seed: seed)
}

/// JSON text as a value (test literals read best as the JSON the AWS docs show).
func json(_ text: String) throws -> JSONValue {
    try JSONValue(parsing: text)
}

/// Starts `definition` (ASL JSON text) on `engine` and runs it to its end in virtual time.
@discardableResult
func run(_ definition: String, input: JSONValue = [:], engine: Engine = makeEngine(), machine: String = "Machine",
         name: String = "test", mocks: MockConfig.TestCase? = nil) throws -> (execution: Execution, history: [HistoryEvent]) {
    let execution = try start(definition, input: input, engine: engine, machine: machine, name: name, mocks: mocks)
    engine.runUntilFinished(execution)
    return (execution, execution.history)
}

/// Starts `definition` without running the loop (for tests that act on a running execution).
func start(_ definition: String, input: JSONValue = [:], engine: Engine, machine: String = "Machine",
           name: String = "test", mocks: MockConfig.TestCase? = nil) throws -> Execution {
    let parsed = try StateMachineDefinition.load(text: definition)
    return try engine.startExecution(definition: parsed, stateMachineName: machine, name: name, input: input, mocks: mocks)
}

/// The event type names of a history, in order.
func types(_ history: [HistoryEvent]) -> [String] {
    history.map(\.type.rawValue)
}

/// `type(previousEventId)` for each event: the shape of the event graph, compactly.
func chain(_ history: [HistoryEvent]) -> [String] {
    history.map { "\($0.type.rawValue)(\($0.previousEventId))" }
}

/// The events of one type, in order.
func events(_ history: [HistoryEvent], _ type: HistoryEventType) -> [HistoryEvent] {
    history.filter { $0.type == type }
}

/// Seconds since the execution started, for each event of `type`.
func offsets(_ history: [HistoryEvent], _ type: HistoryEventType) -> [Double] {
    events(history, type).map { $0.timestamp - testStartTime }
}

/// A one-state machine around `state` (JSON members of the state, without its name), named `S`.
func single(_ state: String) -> String {
    "{\"StartAt\": \"S\", \"States\": {\"S\": {\(state), \"End\": true}}}"
}
