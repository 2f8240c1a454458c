import ASL
import Engine
import Foundation
import Store

/// A state machine definition read from a file (or shipped), with the name it runs under.
public struct UserDefinition {
    public var name: String
    /// The text as given: what the store keeps, so the machine comes back after a restart.
    public var text: String
    public var definition: StateMachineDefinition

    public init(name: String, text: String, definition: StateMachineDefinition) {
        self.name = name
        self.text = text
        self.definition = definition
    }

    /// Reads and validates a definition file; the machine is named after the file (without
    /// `.asl.json` / `.json`). Every problem is reported, one a line, with the file's name.
    public static func load(file path: String) throws(SetupFailure) -> UserDefinition {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw SetupFailure("cannot read the definition \(path): " + (FileManager.default.fileExists(atPath: path) ? "not UTF-8 text, or not readable" : "no such file"))
        }
        do {
            return UserDefinition(name: machineName(forFile: path), text: text, definition: try StateMachineDefinition.load(text: text))
        } catch {
            throw SetupFailure("\(path) is not a valid state machine definition:\n" + error.description)
        }
    }

    /// The machine name a definition file implies: its name without `.asl.json` / `.json`.
    public static func machineName(forFile path: String) -> String {
        var name = URL(fileURLWithPath: path).lastPathComponent
        for suffix in [".asl.json", ".json"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
            break
        }
        return name
    }
}

/// The state machines a store knows, by name, in the order they were created: kept in the
/// store (definition text), so they come back after a restart with their executions.
public final class StateMachineRegistry {
    private let store: EventStore
    private var machines: [String: StateMachineDefinition] = [:]
    public private(set) var names: [String] = []
    /// Stored machines whose text no longer parses (a newer build's definition), and why.
    public private(set) var problems: [String] = []

    init(store: EventStore, now: Double) throws(StoreError) {
        self.store = store
        for stored in try store.loadStateMachines() {
            do {
                add(stored.name, try StateMachineDefinition.load(text: stored.definition))
                store.register(definition: stored.definition, stateMachineName: stored.name)
            } catch {
                problems.append("the stored state machine \(stored.name) is not valid: \(error)")
            }
        }
    }

    public func definition(_ name: String) -> StateMachineDefinition? { machines[name] }

    /// Every machine by name.
    public var definitions: [String: StateMachineDefinition] { machines }

    /// Creates the machine, or updates its definition (CreateStateMachine / UpdateStateMachine).
    public func put(_ machine: UserDefinition, now: Double) throws(StoreError) {
        try store.putStateMachine(StoredStateMachine(name: machine.name, definition: machine.text, createdDate: now, updatedDate: now))
        add(machine.name, machine.definition)
    }

    private func add(_ name: String, _ definition: StateMachineDefinition) {
        if machines.updateValue(definition, forKey: name) == nil { names.append(name) }
    }
}
