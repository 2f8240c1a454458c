import ASL
import Engine
import Foundation
import Store

/// Why a definition file could not be read, with the file's name.
public struct DefinitionFileError: Error, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A state machine definition read from a file (or shipped), with the name it runs under.
public struct UserDefinition {
    public var name: String
    /// The text as given: what the store keeps, so the machine comes back after a restart.
    public var text: String
    public var definition: StateMachineDefinition
    public var type: StateMachineType
    /// The role its executions run as; nil: the engine's default.
    public var roleArn: String?

    public init(name: String, text: String, definition: StateMachineDefinition, type: StateMachineType = .standard, roleArn: String? = nil) {
        self.name = name
        self.text = text
        self.definition = definition
        self.type = type
        self.roleArn = roleArn
    }

    /// Reads and validates a definition file; the machine is named after the file (without
    /// `.asl.json` / `.json`). Every problem is reported, one a line, with the file's name.
    public static func load(file path: String) throws(DefinitionFileError) -> UserDefinition {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw DefinitionFileError("cannot read the definition \(path): " + (FileManager.default.fileExists(atPath: path) ? "not UTF-8 text, or not readable" : "no such file"))
        }
        do {
            return UserDefinition(name: machineName(forFile: path), text: text, definition: try StateMachineDefinition.load(text: text))
        } catch {
            throw DefinitionFileError("\(path) is not a valid state machine definition:\n" + error.description)
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
/// store (definition text and dates), so they come back after a restart with their executions.
public final class StateMachineRegistry {
    private let store: EventStore
    private var machines: [String: (stored: StoredStateMachine, definition: StateMachineDefinition)] = [:]
    public private(set) var names: [String] = []
    /// Stored machines whose text no longer parses (a newer build's definition), and why.
    public private(set) var problems: [String] = []
    /// Tags by resource ARN, each resource's in the order first set.
    private var tags: [String: [(key: String, value: String)]]
    /// The machines' revisions, versions and aliases.
    public let versions: VersionRegistry
    /// Activities (CreateActivity), in the order they were created.
    public private(set) var activities: [StoredActivity]

    public init(store: EventStore) throws(StoreError) {
        self.store = store
        tags = try store.loadTags()
        versions = try VersionRegistry(store: store)
        activities = try store.loadActivities()
        for stored in try store.loadStateMachines() {
            do {
                add(stored, try StateMachineDefinition.load(text: stored.definition))
            } catch {
                problems.append("the stored state machine \(stored.name) is not valid: \(error)")
            }
        }
        // The store keeps each new execution's definition: the one this registry holds.
        // (A version's executions keep the version's: asked for by the version's ARN.)
        store.definitionText = { [weak self] key in
            key.contains(":") ? self?.versions.definitionText(ofVersion: key) : self?.machines[key]?.stored.definition
        }
    }

    public func definition(_ name: String) -> StateMachineDefinition? { machines[name]?.definition }

    /// The definition text an execution started with, as stored with it (nil: not stored yet).
    public func definitionText(forExecution arn: String) -> String? { try? store.definition(ofExecution: arn) }

    /// The machine as stored: its text and dates.
    public func stored(_ name: String) -> StoredStateMachine? { machines[name]?.stored }

    /// Creates the machine, or updates its definition (CreateStateMachine / UpdateStateMachine);
    /// an update keeps the creation date.
    public func put(_ machine: UserDefinition, now: Double) throws(StoreError) {
        let previous = machines[machine.name]?.stored
        let created = previous?.createdDate ?? now
        let stored = StoredStateMachine(name: machine.name, definition: machine.text, createdDate: created, updatedDate: now, type: machine.type,
                                        roleArn: machine.roleArn)
        try store.putStateMachine(stored)
        add(stored, machine.definition)
        // A changed definition or role is a new revision (what versions are published from).
        if let previous, previous.definition != stored.definition || previous.roleArn != stored.roleArn { try versions.revise(machine.name) }
    }

    /// The machines being deleted (DeleteStateMachine while executions ran), by name.
    public var deletingNames: [String] { names.filter { machines[$0]?.stored.deleting == true } }

    /// DeleteStateMachine of a machine whose executions still run: DELETING, in the store too,
    /// until ``delete(_:)`` once they have ended.
    public func markDeleting(_ name: String) throws(StoreError) {
        guard var entry = machines[name], !entry.stored.deleting else { return }
        try store.markStateMachineDeleting(named: name)
        entry.stored.deleting = true
        machines[name] = entry
    }

    /// DeleteStateMachine: gone from the registry and the store with its tags, versions and aliases
    /// (its executions stay listed).
    public func delete(_ name: String) throws(StoreError) {
        guard machines.removeValue(forKey: name) != nil else { return }
        names.removeAll { $0 == name }
        try store.deleteStateMachine(named: name)
        try untag(LocalARN.stateMachine(name), keys: tags(of: LocalARN.stateMachine(name)).map(\.key))
        try versions.removeAll(of: name)
    }

    // MARK: tags

    /// A resource's tags, in the order first set.
    public func tags(of arn: String) -> [(key: String, value: String)] { tags[arn] ?? [] }

    /// TagResource: sets each tag (an existing key takes the new value).
    public func tag(_ arn: String, with newTags: [(key: String, value: String)]) throws(StoreError) {
        try store.putTags(newTags, on: arn)
        var current = tags[arn] ?? []
        for tag in newTags {
            if let index = current.firstIndex(where: { $0.key == tag.key }) { current[index].value = tag.value } else { current.append(tag) }
        }
        tags[arn] = current
    }

    /// UntagResource: removes the tags with these keys.
    public func untag(_ arn: String, keys: [String]) throws(StoreError) {
        guard !keys.isEmpty else { return }
        try store.removeTags(keys, from: arn)
        tags[arn]?.removeAll { keys.contains($0.key) }
        if tags[arn]?.isEmpty == true { tags[arn] = nil }
    }

    // MARK: activities

    /// An activity by name.
    public func activity(_ name: String) -> StoredActivity? { activities.first { $0.name == name } }

    /// CreateActivity of a new name.
    public func putActivity(_ activity: StoredActivity) throws(StoreError) {
        guard self.activity(activity.name) == nil else { return }
        try store.putActivity(activity)
        activities.append(activity)
    }

    /// DeleteActivity: gone from the registry and the store with its tags.
    public func deleteActivity(_ name: String) throws(StoreError) {
        guard self.activity(name) != nil else { return }
        try store.deleteActivity(named: name)
        activities.removeAll { $0.name == name }
        try untag(LocalARN.activity(name), keys: tags(of: LocalARN.activity(name)).map(\.key))
    }

    private func add(_ stored: StoredStateMachine, _ definition: StateMachineDefinition) {
        if machines.updateValue((stored, definition), forKey: stored.name) == nil { names.append(stored.name) }
    }
}
