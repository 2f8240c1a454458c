import Foundation
import GRDB

/// The store's file format: how a pizzadash store is recognised, and its migrations.
enum StoreSchema {
    /// `PRAGMA application_id` of every pizzadash store ("PZDS"): lets us tell our files from
    /// any other SQLite database before touching them.
    static let applicationId: Int32 = 0x505A_4453

    /// Schema changes, in order. Add a migration for every change; never edit a shipped one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE pizzadash_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                INSERT INTO pizzadash_meta (key, value) VALUES ('format', 'pizzadash'), ('schema_version', '1');
                -- One row per execution: a projection of its history, kept for fast listing.
                CREATE TABLE executions (
                    arn TEXT PRIMARY KEY NOT NULL,
                    seq INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    state_machine_name TEXT NOT NULL,
                    definition TEXT,
                    input TEXT NOT NULL,
                    status TEXT NOT NULL,
                    start_date REAL NOT NULL,
                    stop_date REAL,
                    output TEXT,
                    error TEXT,
                    cause TEXT
                );
                -- The truth: every history event, in GetExecutionHistory's JSON shape.
                CREATE TABLE events (
                    execution_arn TEXT NOT NULL,
                    id INTEGER NOT NULL,
                    json TEXT NOT NULL,
                    PRIMARY KEY (execution_arn, id)
                ) WITHOUT ROWID;
                -- Application records (orders), opaque JSON owned by the layer above.
                CREATE TABLE orders (
                    order_id INTEGER PRIMARY KEY NOT NULL,
                    execution_arn TEXT,
                    placed TEXT,
                    record TEXT
                );
                CREATE TABLE queue_messages (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    queue TEXT NOT NULL,
                    message_id TEXT NOT NULL,
                    body TEXT NOT NULL,
                    sent_at REAL NOT NULL,
                    execution_arn TEXT
                );
                """)
        }
        // The registry of state machines (CreateStateMachine), so that machines come back after a
        // restart with their executions, also those that never ran.
        migrator.registerMigration("v2-state-machines") { db in
            try db.execute(sql: """
                CREATE TABLE state_machines (
                    name TEXT PRIMARY KEY NOT NULL,
                    definition TEXT NOT NULL,
                    created_date REAL NOT NULL,
                    updated_date REAL NOT NULL
                );
                """)
        }
        // A state machine's type (STANDARD or EXPRESS), as CreateStateMachine gives it.
        migrator.registerMigration("v3-state-machine-type") { db in
            try db.execute(sql: "ALTER TABLE state_machines ADD COLUMN type TEXT NOT NULL DEFAULT 'STANDARD'")
        }
        // The role a state machine's executions run as (CreateStateMachine's roleArn); NULL: the default.
        migrator.registerMigration("v4-state-machine-role") { db in
            try db.execute(sql: "ALTER TABLE state_machines ADD COLUMN role_arn TEXT")
        }
        // Tags of state machines and activities (TagResource).
        migrator.registerMigration("v5-tags") { db in
            try db.execute(sql: """
                CREATE TABLE tags (
                    resource_arn TEXT NOT NULL,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (resource_arn, key)
                );
                """)
        }
        // State machine versions and aliases (PublishStateMachineVersion, CreateStateMachineAlias), each
        // machine's current revision and the last version number it gave (numbers are never reused),
        // and the version or alias an execution was started through.
        migrator.registerMigration("v6-versions-and-aliases") { db in
            try db.execute(sql: """
                CREATE TABLE state_machine_revisions (
                    state_machine_name TEXT PRIMARY KEY NOT NULL,
                    revision_id TEXT,
                    last_version INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE state_machine_versions (
                    state_machine_name TEXT NOT NULL,
                    number INTEGER NOT NULL,
                    definition TEXT NOT NULL,
                    role_arn TEXT,
                    revision_id TEXT,
                    description TEXT,
                    creation_date REAL NOT NULL,
                    PRIMARY KEY (state_machine_name, number)
                );
                CREATE TABLE state_machine_aliases (
                    state_machine_name TEXT NOT NULL,
                    name TEXT NOT NULL,
                    description TEXT,
                    routing TEXT NOT NULL,
                    creation_date REAL NOT NULL,
                    update_date REAL NOT NULL,
                    PRIMARY KEY (state_machine_name, name)
                );
                ALTER TABLE executions ADD COLUMN state_machine_version_arn TEXT;
                ALTER TABLE executions ADD COLUMN state_machine_alias_arn TEXT;
                """)
        }
        // Activities (CreateActivity): name and creation date, so they come back after a restart.
        migrator.registerMigration("v7-activities") { db in
            try db.execute(sql: """
                CREATE TABLE activities (
                    name TEXT PRIMARY KEY NOT NULL,
                    created_date REAL NOT NULL
                );
                """)
        }
        // DeleteStateMachine of a machine with running executions: DELETING until they have ended,
        // also across a restart.
        migrator.registerMigration("v8-state-machine-deleting") { db in
            try db.execute(sql: "ALTER TABLE state_machines ADD COLUMN deleting INTEGER NOT NULL DEFAULT 0")
        }
        // Distributed Maps' Map Runs (DescribeMapRun's record, as JSON) and their child executions'
        // descriptions (their histories are not stored), so that both are listed after a restart.
        migrator.registerMigration("v9-map-runs") { db in
            try db.execute(sql: """
                CREATE TABLE map_runs (
                    arn TEXT PRIMARY KEY NOT NULL,
                    execution_arn TEXT NOT NULL,
                    json TEXT NOT NULL
                );
                CREATE TABLE map_run_executions (
                    arn TEXT PRIMARY KEY NOT NULL,
                    map_run_arn TEXT NOT NULL,
                    json TEXT NOT NULL
                );
                CREATE INDEX map_run_executions_by_map_run ON map_run_executions (map_run_arn);
                """)
        }
        // State is kept per region, as on AWS: the same name may be a state machine (or an
        // activity) in two regions. Their rows are keyed by ARN, which names the region; what was
        // stored before was us-east-1's.
        migrator.registerMigration("v10-regions") { db in
            let states = "'arn:aws:states:us-east-1:123456789012:"
            try db.execute(sql: """
                ALTER TABLE state_machines RENAME COLUMN name TO arn;
                UPDATE state_machines SET arn = \(states)stateMachine:' || arn;
                ALTER TABLE state_machine_revisions RENAME COLUMN state_machine_name TO state_machine_arn;
                UPDATE state_machine_revisions SET state_machine_arn = \(states)stateMachine:' || state_machine_arn;
                ALTER TABLE state_machine_versions RENAME COLUMN state_machine_name TO state_machine_arn;
                UPDATE state_machine_versions SET state_machine_arn = \(states)stateMachine:' || state_machine_arn;
                ALTER TABLE state_machine_aliases RENAME COLUMN state_machine_name TO state_machine_arn;
                UPDATE state_machine_aliases SET state_machine_arn = \(states)stateMachine:' || state_machine_arn;
                ALTER TABLE activities RENAME COLUMN name TO arn;
                UPDATE activities SET arn = \(states)activity:' || arn;
                """)
        }
        return migrator
    }

    /// The column that names a row's state machine in `table`: its ARN since v10-regions, its
    /// name (us-east-1's) in a store from before, which a reader looks at without migrating.
    static func machineColumn(_ db: Database, _ table: String, new: String = "state_machine_arn", old: String = "state_machine_name") throws -> (name: String, isArn: Bool) {
        try db.columns(in: table).contains { $0.name == new } ? (new, true) : (old, false)
    }

    /// What the first bytes of an existing file say about it.
    enum FileKind: Equatable {
        case missingOrEmpty
        case notSQLite
        case foreign
        case pizzadash
    }

    /// Reads only the 100-byte SQLite header, so a foreign file is recognised without opening
    /// it with SQLite (which could create journals or change it).
    static func inspect(path: String) -> FileKind {
        guard let handle = FileHandle(forReadingAtPath: path) else { return .missingOrEmpty }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        if header.isEmpty { return .missingOrEmpty }
        guard header.count == 100, header.prefix(16) == Data("SQLite format 3\0".utf8) else { return .notSQLite }
        // Offset 68: application id, big-endian.
        let id = header[68..<72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return Int32(bitPattern: id) == applicationId ? .pizzadash : .foreign
    }

    /// Creates a new store file in rollback-journal mode with the application id set, so the id
    /// is in the main file's header (not only in a WAL) from the first moment.
    static func create(path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationId)")
        }
        try queue.close()
    }
}
