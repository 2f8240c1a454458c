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
    /// The region it is created in (state is kept per region, as on AWS).
    public var region: String
    /// Its ARN: the registry's key.
    public var arn: String { LocalARN.stateMachine(name, region: region) }

    public init(name: String, text: String, definition: StateMachineDefinition, type: StateMachineType = .standard, roleArn: String? = nil,
                region: String = LocalARN.region) {
        self.name = name
        self.region = region
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

/// The state machines a store knows, by ARN (the same name may be a machine in two regions), in
/// the order they were created: kept in the store (definition text and dates), so they come back
/// after a restart with their executions.
public final class StateMachineRegistry {
    private let store: EventStore
    private var machines: [String: (stored: StoredStateMachine, definition: StateMachineDefinition)] = [:]
    /// The machines' ARNs, in the order they were created.
    public private(set) var arns: [String] = []
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
                problems.append("the stored state machine \(stored.arn) is not valid: \(error)")
            }
        }
        // The store keeps each new execution's definition: the one this registry holds.
        // (A version's executions keep the version's: asked for by the version's ARN.)
        store.definitionText = { [weak self] arn in
            self?.machines[arn]?.stored.definition ?? self?.versions.definitionText(ofVersion: arn)
        }
    }

    /// A machine's parsed definition, by ARN.
    public func definition(_ arn: String) -> StateMachineDefinition? { machines[arn]?.definition }

    /// The definition text an execution started with, as stored with it (nil: not stored yet).
    public func definitionText(forExecution arn: String) -> String? { try? store.definition(ofExecution: arn) }

    /// The machine as stored (by ARN): its text and dates.
    public func stored(_ arn: String) -> StoredStateMachine? { machines[arn]?.stored }

    /// Creates the machine, or updates its definition (CreateStateMachine / UpdateStateMachine);
    /// an update keeps the creation date.
    public func put(_ machine: UserDefinition, now: Double) throws(StoreError) {
        let previous = machines[machine.arn]?.stored
        let created = previous?.createdDate ?? now
        let stored = StoredStateMachine(arn: machine.arn, definition: machine.text, createdDate: created, updatedDate: now, type: machine.type,
                                        roleArn: machine.roleArn)
        try store.putStateMachine(stored)
        add(stored, machine.definition)
        // A changed definition or role is a new revision (what versions are published from).
        if let previous, previous.definition != stored.definition || previous.roleArn != stored.roleArn { try versions.revise(machine.arn) }
    }

    /// The machines being deleted (DeleteStateMachine while executions ran), by ARN.
    public var deletingArns: [String] { arns.filter { machines[$0]?.stored.deleting == true } }

    /// DeleteStateMachine of a machine whose executions still run: DELETING, in the store too,
    /// until ``delete(_:)`` once they have ended.
    public func markDeleting(_ arn: String) throws(StoreError) {
        guard var entry = machines[arn], !entry.stored.deleting else { return }
        try store.markStateMachineDeleting(arn: arn)
        entry.stored.deleting = true
        machines[arn] = entry
    }

    /// DeleteStateMachine: gone from the registry and the store with its tags, versions and aliases
    /// (its executions stay listed).
    public func delete(_ arn: String) throws(StoreError) {
        guard machines.removeValue(forKey: arn) != nil else { return }
        arns.removeAll { $0 == arn }
        try store.deleteStateMachine(arn: arn)
        try untag(arn, keys: tags(of: arn).map(\.key))
        try versions.removeAll(of: arn)
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

    /// An activity by ARN.
    public func activity(_ arn: String) -> StoredActivity? { activities.first { $0.arn == arn } }

    /// CreateActivity of a new ARN.
    public func putActivity(_ activity: StoredActivity) throws(StoreError) {
        guard self.activity(activity.arn) == nil else { return }
        try store.putActivity(activity)
        activities.append(activity)
    }

    /// DeleteActivity: gone from the registry and the store with its tags.
    public func deleteActivity(_ arn: String) throws(StoreError) {
        guard self.activity(arn) != nil else { return }
        try store.deleteActivity(arn: arn)
        activities.removeAll { $0.arn == arn }
        try untag(arn, keys: tags(of: arn).map(\.key))
    }

    private func add(_ stored: StoredStateMachine, _ definition: StateMachineDefinition) {
        if machines.updateValue((stored, definition), forKey: stored.arn) == nil { arns.append(stored.arn) }
    }
}
