import ASL
import Engine
import Foundation
import GRDB

/// A state machine as the store keeps it: its ARN (which names its region) and definition text
/// (as created or last updated), and when.
public struct StoredStateMachine: Sendable, Equatable {
    public var arn: String
    /// The name its ARN ends with.
    public var name: String { LocalARN.name(of: arn) }
    /// The region its ARN names.
    public var region: String { LocalARN.region(of: arn) ?? LocalARN.region }
    public var definition: String
    public var createdDate: Double
    public var updatedDate: Double
    public var type: StateMachineType
    /// The IAM role its executions run as (`$$.Execution.RoleArn`); nil: the engine's default.
    public var roleArn: String?
    /// DeleteStateMachine was asked while executions ran: the machine is DELETING until they end.
    public var deleting: Bool

    public init(arn: String, definition: String, createdDate: Double, updatedDate: Double, type: StateMachineType = .standard,
                roleArn: String? = nil, deleting: Bool = false) {
        self.arn = arn
        self.definition = definition
        self.createdDate = createdDate
        self.updatedDate = updatedDate
        self.type = type
        self.roleArn = roleArn
        self.deleting = deleting
    }
}

extension EventStore {
    /// Creates or replaces a state machine (its creation date stays the first one).
    public func putStateMachine(_ machine: StoredStateMachine) throws(StoreError) {
        try write(batch: [{ db in
            try db.execute(sql: """
                INSERT INTO state_machines (arn, definition, created_date, updated_date, type, role_arn) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(arn) DO UPDATE SET definition = excluded.definition, updated_date = excluded.updated_date, type = excluded.type,
                    role_arn = excluded.role_arn
                """, arguments: [machine.arn, machine.definition, machine.createdDate, machine.updatedDate, machine.type.rawValue, machine.roleArn])
        }])
    }

    /// Marks a machine DELETING (DeleteStateMachine while its executions run).
    public func markStateMachineDeleting(arn: String) throws(StoreError) {
        try write(batch: [{ db in try db.execute(sql: "UPDATE state_machines SET deleting = 1 WHERE arn = ?", arguments: [arn]) }])
    }

    public func deleteStateMachine(arn: String) throws(StoreError) {
        try write(batch: [{ db in try db.execute(sql: "DELETE FROM state_machines WHERE arn = ?", arguments: [arn]) }])
    }

    /// Every stored state machine, in the order they were first created (an update keeps the row).
    public func loadStateMachines() throws(StoreError) -> [StoredStateMachine] {
        try read { db in
            // A reader may look at a store made before the registry existed (it never migrates).
            guard try db.tableExists("state_machines") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM state_machines ORDER BY rowid").map { row in
                // A store from before v3-state-machine-type (read without migrating) has no type: STANDARD.
                let type = (row["type"] as String?).flatMap(StateMachineType.init(rawValue:)) ?? .standard
                // Nor, before v4-state-machine-role, a role.
                let role = row.hasColumn("role_arn") ? row["role_arn"] as String? : nil
                // Nor, before v8-state-machine-deleting, a deletion under way.
                let deleting = row.hasColumn("deleting") ? row["deleting"] as Bool : false
                // Nor, before v10-regions, an ARN: its name was us-east-1's.
                let arn = row.hasColumn("arn") ? row["arn"] as String : LocalARN.stateMachine(row["name"])
                return StoredStateMachine(arn: arn, definition: row["definition"], createdDate: row["created_date"],
                                          updatedDate: row["updated_date"], type: type, roleArn: role, deleting: deleting)
            }
        }
    }
}
