import ASL
import Engine
import Foundation
import GRDB

/// A published version of a state machine, as the store keeps it: an immutable copy of the
/// machine's definition and role when it was published (PublishStateMachineVersion).
public struct StoredStateMachineVersion: Sendable, Equatable {
    public var stateMachineArn: String
    /// 1, 2, ...: never reused, also after a deletion.
    public var number: Int
    public var definition: String
    /// nil: the engine's default role.
    public var roleArn: String?
    /// The machine's revision it was published from (nil: the first revision).
    public var revisionId: String?
    public var description: String?
    public var creationDate: Double

    public init(stateMachineArn: String, number: Int, definition: String, roleArn: String?, revisionId: String?, description: String?,
                creationDate: Double) {
        self.stateMachineArn = stateMachineArn
        self.number = number
        self.definition = definition
        self.roleArn = roleArn
        self.revisionId = revisionId
        self.description = description
        self.creationDate = creationDate
    }
}

/// An alias of a state machine as the store keeps it: a name routing executions to one or two
/// versions (by number) with weights.
public struct StoredStateMachineAlias: Sendable, Equatable {
    public var stateMachineArn: String
    public var name: String
    public var description: String?
    /// Version number and weight (0...100, summing to 100), in the order given.
    public var routing: [(version: Int, weight: Int)]
    public var creationDate: Double
    public var updateDate: Double

    public init(stateMachineArn: String, name: String, description: String?, routing: [(version: Int, weight: Int)], creationDate: Double,
                updateDate: Double) {
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.description = description
        self.routing = routing
        self.creationDate = creationDate
        self.updateDate = updateDate
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.stateMachineArn == rhs.stateMachineArn && lhs.name == rhs.name && lhs.description == rhs.description
            && lhs.routing.elementsEqual(rhs.routing) { $0 == $1 } && lhs.creationDate == rhs.creationDate && lhs.updateDate == rhs.updateDate
    }
}

/// A machine's revision state: its current revision id (nil until its first change) and the last
/// version number it gave.
public struct StoredRevision: Sendable, Equatable {
    public var revisionId: String?
    public var lastVersion: Int

    public init(revisionId: String?, lastVersion: Int) {
        self.revisionId = revisionId
        self.lastVersion = lastVersion
    }
}

extension EventStore {
    /// Sets a machine's current revision and last version number.
    public func putRevision(_ revision: StoredRevision, of machine: String) throws(StoreError) {
        try write(batch: [{ db in try Self.upsert(revision, of: machine, db) }])
    }

    /// Stores a new version and, in the same transaction, its number as the machine's last one.
    public func putVersion(_ version: StoredStateMachineVersion, revision: StoredRevision) throws(StoreError) {
        try write(batch: [{ db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO state_machine_versions (state_machine_arn, number, definition, role_arn, revision_id, description, creation_date)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [version.stateMachineArn, version.number, version.definition, version.roleArn, version.revisionId,
                                 version.description, version.creationDate])
            try Self.upsert(revision, of: version.stateMachineArn, db)
        }])
    }

    public func deleteVersion(of machine: String, number: Int) throws(StoreError) {
        try write(batch: [{ db in
            try db.execute(sql: "DELETE FROM state_machine_versions WHERE state_machine_arn = ? AND number = ?", arguments: [machine, number])
        }])
    }

    /// Creates an alias, or updates it (keeping its creation date and place in the order).
    public func putAlias(_ alias: StoredStateMachineAlias) throws(StoreError) {
        let routing = JSONValue.array(alias.routing.map { ["version": .number(Double($0.version)), "weight": .number(Double($0.weight))] }).serialized()
        try write(batch: [{ db in
            try db.execute(sql: """
                INSERT INTO state_machine_aliases (state_machine_arn, name, description, routing, creation_date, update_date)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(state_machine_arn, name) DO UPDATE SET description = excluded.description, routing = excluded.routing,
                    update_date = excluded.update_date
                """, arguments: [alias.stateMachineArn, alias.name, alias.description, routing, alias.creationDate, alias.updateDate])
        }])
    }

    public func deleteAlias(of machine: String, name: String) throws(StoreError) {
        try write(batch: [{ db in
            try db.execute(sql: "DELETE FROM state_machine_aliases WHERE state_machine_arn = ? AND name = ?", arguments: [machine, name])
        }])
    }

    /// DeleteStateMachine: the machine's versions, aliases and revision go with it, together.
    public func deleteVersionsAndAliases(of machine: String) throws(StoreError) {
        try write(batch: [{ db in
            for table in ["state_machine_versions", "state_machine_aliases", "state_machine_revisions"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE state_machine_arn = ?", arguments: [machine])
            }
        }])
    }

    private static func upsert(_ revision: StoredRevision, of machine: String, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO state_machine_revisions (state_machine_arn, revision_id, last_version) VALUES (?, ?, ?)
            ON CONFLICT(state_machine_arn) DO UPDATE SET revision_id = excluded.revision_id, last_version = excluded.last_version
            """, arguments: [machine, revision.revisionId, revision.lastVersion])
    }

    /// Every machine's revision, by machine ARN.
    public func loadRevisions() throws(StoreError) -> [String: StoredRevision] {
        try read { db in
            guard try db.tableExists("state_machine_revisions") else { return [:] }
            let column = try StoreSchema.machineColumn(db, "state_machine_revisions")
            var revisions: [String: StoredRevision] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM state_machine_revisions") {
                revisions[Self.machineArn(row, column)] = StoredRevision(revisionId: row["revision_id"], lastVersion: row["last_version"])
            }
            return revisions
        }
    }

    /// Every version, each machine's by number.
    public func loadVersions() throws(StoreError) -> [StoredStateMachineVersion] {
        try read { db in
            guard try db.tableExists("state_machine_versions") else { return [] }
            let column = try StoreSchema.machineColumn(db, "state_machine_versions")
            return try Row.fetchAll(db, sql: "SELECT * FROM state_machine_versions ORDER BY \(column.name), number").map { row in
                StoredStateMachineVersion(stateMachineArn: Self.machineArn(row, column), number: row["number"], definition: row["definition"],
                                          roleArn: row["role_arn"], revisionId: row["revision_id"], description: row["description"],
                                          creationDate: row["creation_date"])
            }
        }
    }

    /// Every alias, in the order created.
    public func loadAliases() throws(StoreError) -> [StoredStateMachineAlias] {
        try read { db in
            guard try db.tableExists("state_machine_aliases") else { return [] }
            let column = try StoreSchema.machineColumn(db, "state_machine_aliases")
            return try Row.fetchAll(db, sql: "SELECT * FROM state_machine_aliases ORDER BY rowid").map { row in
                let routing = (try? JSONValue(parsing: row["routing"] as String))?.arrayValue ?? []
                return StoredStateMachineAlias(
                    stateMachineArn: Self.machineArn(row, column), name: row["name"], description: row["description"],
                    routing: routing.compactMap { item in
                        guard let version = item["version"]?.numberValue, let weight = item["weight"]?.numberValue else { return nil }
                        return (Int(version), Int(weight))
                    },
                    creationDate: row["creation_date"], updateDate: row["update_date"])
            }
        }
    }

    /// A row's machine ARN: the column holds it since v10-regions, us-east-1's name before.
    private static func machineArn(_ row: Row, _ column: (name: String, isArn: Bool)) -> String {
        column.isArn ? row[column.name] : LocalARN.stateMachine(row[column.name])
    }
}
