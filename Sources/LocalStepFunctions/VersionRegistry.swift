import ASL
import Engine
import Foundation
import Store

/// The versions and aliases of the registry's state machines, and each machine's current
/// revision, kept in the store so that they come back after a restart.
///
/// A revision is a machine's definition and role as created or last changed: its id is nil
/// until the first change (as AWS answers), then a fresh UUID on every change. A version is an
/// immutable copy of one revision, numbered from 1 (numbers are never reused); an alias routes
/// executions to one or two versions by weight.
public final class VersionRegistry {
    /// A published version and its parsed definition.
    struct Version {
        var stored: StoredStateMachineVersion
        var definition: StateMachineDefinition
    }

    private let store: EventStore
    private var revisions: [String: StoredRevision]
    /// By machine ARN (every `machine` here is one), then number.
    private var versions: [String: [Int: Version]] = [:]
    /// By machine ARN, in the order created.
    private var aliases: [String: [StoredStateMachineAlias]] = [:]
    /// Stored versions whose text no longer parses, and why.
    public private(set) var problems: [String] = []

    init(store: EventStore) throws(StoreError) {
        self.store = store
        revisions = try store.loadRevisions()
        for stored in try store.loadVersions() {
            let arn = QualifiedARN.version(stored.stateMachineArn, stored.number)
            do {
                versions[stored.stateMachineArn, default: [:]][stored.number] = Version(stored: stored, definition: try StateMachineDefinition.load(text: stored.definition))
            } catch {
                problems.append("the stored version \(arn) is not valid: \(error)")
            }
        }
        for alias in try store.loadAliases() { aliases[alias.stateMachineArn, default: []].append(alias) }
    }

    // MARK: revisions

    /// The machine's current revision id (nil: its first revision).
    func revision(of machine: String) -> String? { revisions[machine]?.revisionId }

    /// The machine's definition or role changed: a new revision.
    func revise(_ machine: String) throws(StoreError) {
        var revision = revisions[machine] ?? StoredRevision(revisionId: nil, lastVersion: 0)
        revision.revisionId = UUID().uuidString.lowercased()
        try store.putRevision(revision, of: machine)
        revisions[machine] = revision
    }

    // MARK: versions

    func version(of machine: String, number: Int) -> Version? { versions[machine]?[number] }

    /// A version's definition text, by its ARN (what the store keeps with the version's executions).
    func definitionText(ofVersion arn: String) -> String? {
        guard case .version(let machine, let number)? = QualifiedARN(arn) else { return nil }
        return version(of: machine, number: number)?.stored.definition
    }

    /// The machine's versions, newest first.
    func versions(of machine: String) -> [StoredStateMachineVersion] {
        (versions[machine] ?? [:]).values.map(\.stored).sorted { $0.number > $1.number }
    }

    /// The version already published from the machine's current revision, if any.
    func publishedFromCurrentRevision(of machine: String) -> StoredStateMachineVersion? {
        let current = revision(of: machine)
        return versions[machine]?.values.first { $0.stored.revisionId == current }?.stored
    }

    /// Publishes the machine's current revision as its next version number.
    func publish(_ machine: StoredStateMachine, definition: StateMachineDefinition, description: String?, now: Double) throws(StoreError) -> StoredStateMachineVersion {
        var revision = revisions[machine.arn] ?? StoredRevision(revisionId: nil, lastVersion: 0)
        revision.lastVersion += 1
        let version = StoredStateMachineVersion(stateMachineArn: machine.arn, number: revision.lastVersion, definition: machine.definition,
                                                roleArn: machine.roleArn, revisionId: revision.revisionId, description: description, creationDate: now)
        try store.putVersion(version, revision: revision)
        revisions[machine.arn] = revision
        versions[machine.arn, default: [:]][version.number] = Version(stored: version, definition: definition)
        return version
    }

    func deleteVersion(of machine: String, number: Int) throws(StoreError) {
        guard versions[machine]?[number] != nil else { return }
        try store.deleteVersion(of: machine, number: number)
        versions[machine]?[number] = nil
    }

    // MARK: aliases

    /// The machine's aliases, in the order created.
    func aliases(of machine: String) -> [StoredStateMachineAlias] { aliases[machine] ?? [] }

    func alias(of machine: String, named name: String) -> StoredStateMachineAlias? { aliases[machine]?.first { $0.name == name } }

    /// Creates or updates an alias.
    func put(_ alias: StoredStateMachineAlias) throws(StoreError) {
        try store.putAlias(alias)
        if let index = aliases[alias.stateMachineArn]?.firstIndex(where: { $0.name == alias.name }) {
            aliases[alias.stateMachineArn]?[index] = alias
        } else {
            aliases[alias.stateMachineArn, default: []].append(alias)
        }
    }

    func deleteAlias(of machine: String, named name: String) throws(StoreError) {
        try store.deleteAlias(of: machine, name: name)
        aliases[machine]?.removeAll { $0.name == name }
    }

    /// The version an execution through the alias runs: drawn by the routing's weights.
    func route(_ alias: StoredStateMachineAlias) -> Int {
        var draw = Int.random(in: 0..<100)
        for (version, weight) in alias.routing {
            if draw < weight { return version }
            draw -= weight
        }
        return alias.routing.last { $0.weight > 0 }?.version ?? alias.routing[0].version
    }

    // MARK: the machine's end

    /// DeleteStateMachine: its versions, aliases and revision go with it.
    func removeAll(of machine: String) throws(StoreError) {
        try store.deleteVersionsAndAliases(of: machine)
        versions[machine] = nil
        aliases[machine] = nil
        revisions[machine] = nil
    }
}
