import ASL
import Foundation
import GRDB

/// A state machine as the store keeps it: its name and definition text (as created or last
/// updated), and when.
public struct StoredStateMachine: Sendable, Equatable {
    public var name: String
    public var definition: String
    public var createdDate: Double
    public var updatedDate: Double
    public var type: StateMachineType
    /// The IAM role its executions run as (`$$.Execution.RoleArn`); nil: the engine's default.
    public var roleArn: String?
    /// DeleteStateMachine was asked while executions ran: the machine is DELETING until they end.
    public var deleting: Bool

    public init(name: String, definition: String, createdDate: Double, updatedDate: Double, type: StateMachineType = .standard,
                roleArn: String? = nil, deleting: Bool = false) {
        self.name = name
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
                INSERT INTO state_machines (name, definition, created_date, updated_date, type, role_arn) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET definition = excluded.definition, updated_date = excluded.updated_date, type = excluded.type,
                    role_arn = excluded.role_arn
                """, arguments: [machine.name, machine.definition, machine.createdDate, machine.updatedDate, machine.type.rawValue, machine.roleArn])
        }])
    }

    /// Marks a machine DELETING (DeleteStateMachine while its executions run).
    public func markStateMachineDeleting(named name: String) throws(StoreError) {
        try write(batch: [{ db in try db.execute(sql: "UPDATE state_machines SET deleting = 1 WHERE name = ?", arguments: [name]) }])
    }

    public func deleteStateMachine(named name: String) throws(StoreError) {
        try write(batch: [{ db in try db.execute(sql: "DELETE FROM state_machines WHERE name = ?", arguments: [name]) }])
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
                return StoredStateMachine(name: row["name"], definition: row["definition"], createdDate: row["created_date"],
                                          updatedDate: row["updated_date"], type: type, roleArn: role, deleting: deleting)
            }
        }
    }
}
