import ASL
import Engine
import Foundation
import StepFunctions
import Store

extension LoopOperations {
    // MARK: versions and aliases

    /// AWS's quotas: versions and aliases of one state machine.
    static let maxVersions = 1000
    static let maxAliases = 100

    private var versions: VersionRegistry { service.registry.versions }
    private var now: Double { service.engine.scheduler.now }

    public func publishStateMachineVersion(arn: String, revisionId: String?, description: String?) throws(ServiceError) -> StateMachineVersionListItem {
        guard case .machine(let machineArn)? = QualifiedARN(arn) else { throw Self.invalidArn(arn) }
        let stored = try existingMachine(machineArn, arn: arn)
        try Self.checkNotDeleting(stored)
        let current = versions.revision(of: machineArn)
        if let revisionId, revisionId != (current ?? "INITIAL") {
            throw ServiceError(.conflict, "Failed to publish the State Machine version: the revision ID '\(revisionId)' is not the current revision ID '\(current ?? "INITIAL")' of '\(arn)'")
        }
        // Idempotent: the current revision's version if it has one.
        if let published = versions.publishedFromCurrentRevision(of: machineArn) { return Self.listItem(published) }
        guard versions.versions(of: machineArn).count < Self.maxVersions else {
            throw ServiceError(.serviceQuotaExceeded, "Service quota exceeded: '\(arn)' has \(Self.maxVersions) versions; delete unused ones with DeleteStateMachineVersion")
        }
        guard let definition = service.registry.definition(machineArn) else { throw Self.noMachine(arn) }
        do {
            return Self.listItem(try versions.publish(stored, definition: definition, description: description, now: now))
        } catch {
            throw ServiceError(.validation, "\(error)")
        }
    }

    /// Newest first; a machine that does not exist has none (AWS's model names no error for it).
    public func listStateMachineVersions(arn: String) throws(ServiceError) -> [StateMachineVersionListItem] {
        guard case .machine(let machineArn)? = QualifiedARN(arn) else { throw Self.invalidArn(arn) }
        return versions.versions(of: machineArn).map(Self.listItem)
    }

    /// Deleting a version that does not exist changes nothing (AWS's model names no error for it).
    public func deleteStateMachineVersion(arn: String) throws(ServiceError) {
        guard case .version(let machineArn, let number)? = QualifiedARN(arn) else { throw Self.invalidArn(arn) }
        let routing = versions.aliases(of: machineArn).filter { $0.routing.contains { $0.version == number } }
        guard routing.isEmpty else {
            let names = routing.map { QualifiedARN.alias(machineArn, $0.name) }.joined(separator: ", ")
            throw ServiceError(.conflict, "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [\(names)]")
        }
        do { try versions.deleteVersion(of: machineArn, number: number) } catch { throw ServiceError(.validation, "\(error)") }
    }

    /// Idempotent: the same name, description and routing answer the existing alias; the same name
    /// with anything else is a `ConflictException`.
    public func createStateMachineAlias(name: String, description: String?, routing: [RoutingConfigurationItem]) throws(ServiceError) -> StateMachineAliasDescription {
        try Self.checkAliasName(name)
        let (machine, resolved) = try resolve(routing, ofMachine: nil)
        if let existing = versions.alias(of: machine, named: name) {
            guard existing.description == description, existing.routing.elementsEqual(resolved, by: { $0 == $1 }) else {
                throw ServiceError(.conflict, "Failed to create alias because an alias with the same name and a different routing configuration or description already exists: '\(QualifiedARN.alias(machine, name))'")
            }
            return Self.aliasDescription(existing)
        }
        guard versions.aliases(of: machine).count < Self.maxAliases else {
            throw ServiceError(.serviceQuotaExceeded, "Service quota exceeded: '\(machine)' has \(Self.maxAliases) aliases")
        }
        let alias = StoredStateMachineAlias(stateMachineArn: machine, name: name, description: description, routing: resolved,
                                            creationDate: now, updateDate: now)
        do { try versions.put(alias) } catch { throw ServiceError(.validation, "\(error)") }
        return Self.aliasDescription(alias)
    }

    public func describeStateMachineAlias(arn: String) throws(ServiceError) -> StateMachineAliasDescription {
        Self.aliasDescription(try alias(arn))
    }

    public func updateStateMachineAlias(arn: String, description: String?, routing: [RoutingConfigurationItem]?) throws(ServiceError) -> StateMachineAliasDescription {
        guard description != nil || routing != nil else {
            throw ServiceError(.validation, "Either the description or the routing configuration must be specified to update an alias")
        }
        var alias = try alias(arn)
        if let routing { alias.routing = try resolve(routing, ofMachine: alias.stateMachineArn).routing }
        if let description { alias.description = description }
        alias.updateDate = now
        do { try versions.put(alias) } catch { throw ServiceError(.validation, "\(error)") }
        return Self.aliasDescription(alias)
    }

    public func deleteStateMachineAlias(arn: String) throws(ServiceError) {
        let alias = try alias(arn)
        do { try versions.deleteAlias(of: alias.stateMachineArn, named: alias.name) } catch { throw ServiceError(.validation, "\(error)") }
    }

    /// Newest first: a machine's aliases, or those routing to a version.
    public func listStateMachineAliases(arn: String) throws(ServiceError) -> [StateMachineAliasListItem] {
        let aliases: [StoredStateMachineAlias]
        switch QualifiedARN(arn) {
        case .machine(let machineArn)?:
            _ = try existingMachine(machineArn, arn: arn)
            aliases = versions.aliases(of: machineArn)
        case .version(let machineArn, let number)?:
            _ = try existingMachine(machineArn, arn: arn)
            guard versions.version(of: machineArn, number: number) != nil else { throw ServiceError(.resourceNotFound, "Resource not found: '\(arn)'") }
            aliases = versions.aliases(of: machineArn).filter { $0.routing.contains { $0.version == number } }
        default:
            throw Self.invalidArn(arn)
        }
        return aliases.reversed().map { StateMachineAliasListItem(stateMachineAliasArn: QualifiedARN.alias($0.stateMachineArn, $0.name), creationDate: $0.creationDate) }
    }

    // MARK: versions and aliases: what the other operations ask

    /// DescribeStateMachine of a version ARN: the version's definition, role, revision and description.
    func describeVersion(of machineArn: String, number: Int) throws(ServiceError) -> StateMachineDescription {
        let arn = QualifiedARN.version(machineArn, number)
        guard let machine = service.registry.stored(machineArn), let version = versions.version(of: machineArn, number: number)?.stored else { throw Self.noMachine(arn) }
        return StateMachineDescription(stateMachineArn: arn, name: machine.name, definition: version.definition, type: machine.type.rawValue,
                                       roleArn: version.roleArn ?? service.engine.executionRoleArn, creationDate: version.creationDate,
                                       revisionId: version.revisionId, description: version.description)
    }

    /// What StartExecution of an ARN runs: the machine's latest revision, a version, or the version
    /// an alias's routing draws.
    struct StartTarget {
        var machine: StoredStateMachine
        var definition: StateMachineDefinition
        /// The definition's text (what DescribeStateMachineForExecution answers).
        var text: String
        var roleArn: String?
        var versionArn: String?
        var aliasArn: String?
    }

    func startTarget(_ arn: String) throws(ServiceError) -> StartTarget {
        guard let qualified = QualifiedARN(arn) else { throw Self.invalidArn(arn) }
        let machine = try existingMachine(qualified.machineArn, arn: arn)
        switch qualified {
        case .machine(let machineArn):
            guard let definition = service.registry.definition(machineArn) else { throw Self.noMachine(arn) }
            return StartTarget(machine: machine, definition: definition, text: machine.definition, roleArn: machine.roleArn)
        case .version(let machineArn, let number):
            guard let version = versions.version(of: machineArn, number: number) else { throw Self.noMachine(arn) }
            return StartTarget(machine: machine, definition: version.definition, text: version.stored.definition, roleArn: version.stored.roleArn,
                               versionArn: QualifiedARN.version(machineArn, number))
        case .alias(let machineArn, let aliasName):
            guard let alias = versions.alias(of: machineArn, named: aliasName) else { throw Self.noMachine(arn) }
            let number = versions.route(alias)
            guard let version = versions.version(of: machineArn, number: number) else { throw Self.noMachine(QualifiedARN.version(machineArn, number)) }
            return StartTarget(machine: machine, definition: version.definition, text: version.stored.definition, roleArn: version.stored.roleArn,
                               versionArn: QualifiedARN.version(machineArn, number), aliasArn: arn)
        }
    }

    /// Which executions ListExecutions of an ARN lists: a machine's all, a version's or an alias's
    /// those started through it (an alias's executions also count as their version's).
    struct ExecutionFilter {
        /// The machine's ARN.
        var machine: String
        var versionArn: String?
        var aliasArn: String?

        func includes(_ execution: Execution) -> Bool {
            execution.stateMachineArn == machine && (versionArn == nil || execution.stateMachineVersionArn == versionArn)
                && (aliasArn == nil || execution.stateMachineAliasArn == aliasArn)
        }
    }

    func executionFilter(_ arn: String) throws(ServiceError) -> ExecutionFilter {
        guard let qualified = QualifiedARN(arn) else { throw Self.invalidArn(arn) }
        _ = try existingMachine(qualified.machineArn, arn: arn)
        switch qualified {
        case .machine(let machineArn): return ExecutionFilter(machine: machineArn)
        case .version(let machineArn, let number):
            guard versions.version(of: machineArn, number: number) != nil else { throw Self.noMachine(arn) }
            return ExecutionFilter(machine: machineArn, versionArn: QualifiedARN.version(machineArn, number))
        case .alias(let machineArn, let aliasName):
            guard versions.alias(of: machineArn, named: aliasName) != nil else { throw ServiceError(.resourceNotFound, "Resource not found: '\(arn)'") }
            return ExecutionFilter(machine: machineArn, aliasArn: arn)
        }
    }

    // MARK: versions and aliases: plumbing

    private func existingMachine(_ machineArn: String, arn: String) throws(ServiceError) -> StoredStateMachine {
        guard let stored = service.registry.stored(machineArn) else { throw Self.noMachine(arn) }
        return stored
    }

    private func alias(_ arn: String) throws(ServiceError) -> StoredStateMachineAlias {
        guard case .alias(let machineArn, let aliasName)? = QualifiedARN(arn) else { throw Self.invalidArn(arn) }
        guard let alias = versions.alias(of: machineArn, named: aliasName) else { throw ServiceError(.resourceNotFound, "Resource not found: '\(arn)'") }
        return alias
    }

    /// A routing configuration checked as AWS checks it: one or two distinct versions of one machine
    /// (`ofMachine`, when given), each existing, weights 0...100 summing to 100. Answers the machine
    /// (its ARN) and the routing by version number.
    private func resolve(_ routing: [RoutingConfigurationItem], ofMachine expected: String?) throws(ServiceError) -> (machine: String, routing: [(version: Int, weight: Int)]) {
        guard (1...2).contains(routing.count) else {
            throw ServiceError(.validation, "A routing configuration has one or two versions, not \(routing.count)")
        }
        var machine = expected
        var resolved: [(version: Int, weight: Int)] = []
        for item in routing {
            guard case .version(let machineArn, let number)? = QualifiedARN(item.stateMachineVersionArn) else { throw Self.invalidArn(item.stateMachineVersionArn) }
            guard machine == nil || machine == machineArn else {
                throw ServiceError(.validation, "The versions of a routing configuration must belong to the same state machine: '\(item.stateMachineVersionArn)' does not belong to '\(machine ?? "")'")
            }
            machine = machineArn
            guard (0...100).contains(item.weight) else { throw ServiceError(.validation, "A routing weight is 0...100, not \(item.weight)") }
            guard !resolved.contains(where: { $0.version == number }) else {
                throw ServiceError(.validation, "A routing configuration names each version once: '\(item.stateMachineVersionArn)' is named twice")
            }
            guard service.registry.stored(machineArn) != nil, versions.version(of: machineArn, number: number) != nil else {
                throw ServiceError(.resourceNotFound, "Resource not found: '\(item.stateMachineVersionArn)'")
            }
            resolved.append((number, item.weight))
        }
        let total = resolved.reduce(0) { $0 + $1.weight }
        guard total == 100 else { throw ServiceError(.validation, "The weights of a routing configuration must sum to 100, not \(total)") }
        return (machine ?? "", resolved)
    }

    /// An alias name: 1...80 letters, digits, `_`, `-` and `.`, not digits only (it would read as a version).
    static func checkAliasName(_ name: String) throws(ServiceError) {
        let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0)) }
        guard (1...80).contains(name.count), allowed, name.unicodeScalars.contains(where: { !("0"..."9").contains($0) }) else {
            throw ServiceError(.invalidName, "Invalid Name: '\(name)' (an alias name is 1...80 letters, digits, '_', '-' or '.', and not digits only)")
        }
    }

    private static func listItem(_ version: StoredStateMachineVersion) -> StateMachineVersionListItem {
        StateMachineVersionListItem(stateMachineVersionArn: QualifiedARN.version(version.stateMachineArn, version.number), creationDate: version.creationDate)
    }

    private static func aliasDescription(_ alias: StoredStateMachineAlias) -> StateMachineAliasDescription {
        StateMachineAliasDescription(
            stateMachineAliasArn: QualifiedARN.alias(alias.stateMachineArn, alias.name), name: alias.name, description: alias.description,
            routingConfiguration: alias.routing.map {
                RoutingConfigurationItem(stateMachineVersionArn: QualifiedARN.version(alias.stateMachineArn, $0.version), weight: $0.weight)
            },
            creationDate: alias.creationDate, updateDate: alias.updateDate)
    }

    private static func invalidArn(_ arn: String) -> ServiceError { ServiceError(.invalidArn, "Invalid Arn: '\(arn)'") }

    private static func noMachine(_ arn: String) -> ServiceError { ServiceError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arn)'") }
}
