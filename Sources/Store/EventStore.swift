import ASL
import Engine
import Foundation
import GRDB

/// The SQLite store of every execution, history event, order record and queue message.
///
/// One process owns a store file (``open(path:access:)`` with `.owner` takes `PATH.lock`); others
/// may open it `.readOnly` to list and show. Files that are not pizzadash stores, or come from
/// a newer pizzadash, are refused without being touched. WAL mode with `synchronous = FULL`:
/// every acknowledged write survives a killed process and a power loss.
public final class EventStore {
    /// Who may write.
    public enum Access: Sendable {
        /// Takes ownership (the lock); creates and migrates the file if needed.
        case owner
        /// Reads only; never creates, migrates or locks anything.
        case readOnly
    }

    /// The file, or `:memory:`.
    public let path: String
    public let isReadOnly: Bool
    let writer: any DatabaseWriter
    private var lock: StoreLock?
    private var nextSequence = 0
    /// The batches committed on the store's own thread (the recorder's: see BackgroundCommits).
    private let background: BackgroundCommits
    private let tally = CommitTally()
    /// A state machine's current definition text, by ARN (a machine's, or a version's): stored
    /// with each execution of it that starts (resuming an execution needs the definition it ran).
    /// The registry of state machines answers it; nil keeps no definition.
    public var definitionText: (String) -> String? = { _ in nil }

    public static let memoryPath = ":memory:"

    /// `$XDG_DATA_HOME/pizzadash/pizzadash.sqlite`, else `~/.local/share/pizzadash/pizzadash.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            base = xdg
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = home + "/.local/share"
        }
        return base + "/pizzadash/pizzadash.sqlite"
    }

    private init(path: String, writer: any DatabaseWriter, readOnly: Bool, lock: StoreLock?) throws(StoreError) {
        self.path = path
        self.writer = writer
        self.isReadOnly = readOnly
        self.lock = lock
        background = path == Self.memoryPath ? BackgroundCommits() : BackgroundCommits.shared(for: path)
        nextSequence = try read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM executions") ?? 0 }
    }

    /// Opens (creating if needed) the store at `path`; `:memory:` keeps nothing.
    public static func open(path: String, access: Access = .owner) throws(StoreError) -> EventStore {
        if path == memoryPath {
            return try wrap(path) { () throws -> EventStore in
                let queue = try DatabaseQueue()
                try StoreSchema.migrator.migrate(queue)
                return try EventStore(path: path, writer: queue, readOnly: access == .readOnly, lock: nil)
            }
        }
        // A store of this file opened earlier in this process may still be committing.
        BackgroundCommits.shared(for: path).wait()
        switch StoreSchema.inspect(path: path) {
        case .notSQLite: throw StoreError.notSQLite(path: path)
        case .foreign: throw StoreError.foreignDatabase(path: path)
        case .missingOrEmpty where access == .readOnly:
            // Nothing stored yet: an empty store, and no file is created by a reader.
            return try open(path: memoryPath, access: .readOnly)
        case .missingOrEmpty, .pizzadash: break
        }
        switch access {
        case .readOnly:
            return try wrap(path) { () throws -> EventStore in
                let queue = try readOnlyQueue(path)
                try refuseNewer(queue, path: path)
                return try EventStore(path: path, writer: queue, readOnly: true, lock: nil)
            }
        case .owner:
            // The part before the last `/` (none for a bare name such as `D`: NSString's
            // deletingLastPathComponent traps on that in swift-corelibs-foundation).
            let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
            if !directory.isEmpty {
                try wrap(directory) { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            }
            let lock = try StoreLock.acquire(storePath: path)
            // Checked again under the lock: the file may have been created meanwhile.
            switch StoreSchema.inspect(path: path) {
            case .notSQLite: throw StoreError.notSQLite(path: path)
            case .foreign: throw StoreError.foreignDatabase(path: path)
            case .missingOrEmpty: try wrap(path) { try StoreSchema.create(path: path) }
            case .pizzadash: break
            }
            return try wrap(path) { () throws -> EventStore in
                // Checked through a read-only connection first: opening a pool writes to the
                // file (GRDB makes sure a WAL exists), and a newer store must stay untouched.
                try refuseNewer(try readOnlyQueue(path), path: path)
                var config = Configuration()
                config.busyMode = .timeout(5)
                let pool = try DatabasePool(path: path, configuration: config)
                // FULL: a commit is on disk before it returns (power loss included). Set after
                // opening: GRDB sets NORMAL on the writer when it turns WAL on.
                try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
                try StoreSchema.migrator.migrate(pool)
                return try EventStore(path: path, writer: pool, readOnly: false, lock: lock)
            }
        }
    }

    /// A connection that cannot write (GRDB's read-only pool would still set up WAL files).
    private static func readOnlyQueue(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(5)
        return try DatabaseQueue(path: path, configuration: config)
    }

    private static func refuseNewer(_ pool: any DatabaseReader, path: String) throws {
        let (superseded, unknown) = try pool.read { db -> (Bool, [String]) in
            let migrator = StoreSchema.migrator
            guard try migrator.hasBeenSuperseded(db) else { return (false, []) }
            let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            let known = Set(try migrator.completedMigrations(db))
            return (true, applied.filter { !known.contains($0) })
        }
        if superseded { throw StoreError.newerSchema(path: path, unknownMigrations: unknown) }
    }

    /// Gives up ownership (also done when the store is released, and by the kernel on exit).
    public func close() {
        waitForCommits()
        lock?.release()
        lock = nil
    }

    /// The pid of the process that owns a store file, if one does.
    public static func owner(of path: String) -> Int32? {
        StoreLock.isHeld(storePath: path) ? StoreLock.owner(storePath: path) : nil
    }

    // MARK: - Writing

    /// Appends one history event; the first and last events also write the execution's row.
    public func append(_ event: HistoryEvent, of execution: Execution) throws(StoreError) {
        try write(operation(appending: event, of: execution))
    }

    /// Inserts or updates an order; a nil `placed` or `record` keeps what is stored.
    public func putOrder(_ order: StoredOrder) throws(StoreError) {
        try write(operation(putting: order))
    }

    public func append(_ message: QueueMessage) throws(StoreError) {
        try write(operation(appending: message))
    }

    /// Runs several writes in one transaction: all of them are stored, or none.
    func write(batch: [Operation]) throws(StoreError) {
        try write { db in for operation in batch { try operation(db) } }
    }

    /// Hands a batch of writes to the store's commit thread and returns at once; the batches are
    /// committed in the order they were handed over (see BackgroundCommits). A failed commit is
    /// reported once on stderr and in ``commitCounts``.
    func commitInBackground(_ batch: [Operation]) {
        guard !isReadOnly, background.handOver(batch) else { return }
        // The block keeps the store alive until what was handed over is committed.
        background.queue.async { [self] in
            while let operations = background.takeAll() {
                do throws(StoreError) {
                    try Self.wrap(path) { try writer.write { db in for operation in operations { try operation(db) } } }
                    tally.committed()
                } catch {
                    if tally.failed(error) {
                        FileHandle.standardError.write(Data("pizzadash: cannot write to the store: \(error)\n".utf8))
                    }
                }
            }
        }
    }

    /// Waits until every batch handed to ``commitInBackground(_:)`` is committed (or has failed).
    public func waitForCommits() { background.wait() }

    /// Background transactions committed so far, and the first that failed.
    var commitCounts: (commits: Int, failure: StoreError?) { tally.counts }

    /// One change, ready to run inside a transaction. Everything it needs is captured when it
    /// is made, so a batch written later stores exactly what happened, in order.
    typealias Operation = (Database) throws -> Void

    func operation(appending event: HistoryEvent, of execution: Execution) -> Operation {
        let arn = execution.arn
        if event.type == .executionStarted { nextSequence += 1 }
        let sequence = nextSequence
        // A version's executions keep the version's text (asked for by its ARN), others the machine's.
        let definition = event.type == .executionStarted ? definitionText(execution.stateMachineVersionArn ?? execution.stateMachineArn) : nil
        let qualifiers = (execution.stateMachineVersionArn, execution.stateMachineAliasArn)
        let name = execution.name, machine = execution.stateMachineName, start = execution.startDate
        // Values only, captured now; serialized on the commit thread.
        let input: JSONValue? = event.type == .executionStarted ? execution.input : nil
        var description: ExecutionDescription?
        if event.type.isTerminal {
            description = execution.description
            description?.apply(terminal: event)
        }
        return { db in
            try db.execute(sql: "INSERT OR REPLACE INTO events (execution_arn, id, json) VALUES (?, ?, ?)",
                           arguments: [arn, event.id, event.storedJSON.serialized()])
            if event.type == .executionStarted {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO executions (arn, seq, name, state_machine_name, definition, input, status, start_date,
                        state_machine_version_arn, state_machine_alias_arn)
                    VALUES (?, ?, ?, ?, ?, ?, 'RUNNING', ?, ?, ?)
                    """, arguments: [arn, sequence, name, machine, definition, input?.serialized(), start, qualifiers.0, qualifiers.1])
            } else if event.type == .executionRedriven {
                // A redriven execution runs again: it has no end (yet).
                try db.execute(sql: "UPDATE executions SET status = 'RUNNING', stop_date = NULL, output = NULL, error = NULL, cause = NULL WHERE arn = ?",
                               arguments: [arn])
            } else if let description {
                try db.execute(sql: "UPDATE executions SET status = ?, stop_date = ?, output = ?, error = ?, cause = ? WHERE arn = ?",
                               arguments: [description.status.rawValue, description.stopDate, description.output?.serialized(),
                                           description.error, description.cause, arn])
            }
        }
    }

    func operation(putting order: StoredOrder) -> Operation {
        let placed = order.placed?.serialized(), record = order.record?.serialized()
        return { db in
            try db.execute(sql: """
                INSERT INTO orders (order_id, execution_arn, placed, record) VALUES (?, ?, ?, ?)
                ON CONFLICT(order_id) DO UPDATE SET
                    execution_arn = COALESCE(excluded.execution_arn, execution_arn),
                    placed = COALESCE(excluded.placed, placed),
                    record = COALESCE(excluded.record, record)
                """, arguments: [order.orderId, order.executionArn, placed, record])
        }
    }

    func operation(appending message: QueueMessage) -> Operation {
        let body = message.body.serialized()
        return { db in
            try db.execute(sql: "INSERT INTO queue_messages (queue, message_id, body, sent_at, execution_arn) VALUES (?, ?, ?, ?, ?)",
                           arguments: [message.queue, message.messageId, body, message.sentAt, message.executionArn])
        }
    }

    // MARK: - Reading

    /// Every execution in start order, with its history.
    public func loadExecutions() throws(StoreError) -> [StoredExecution] {
        let histories = try loadAllHistories()
        return try loadExecutionRows().map { row in
            var stored = row
            stored.history = histories[row.description.executionArn] ?? []
            if let last = stored.history.last, last.type.isTerminal { stored.description.apply(terminal: last) }
            return stored
        }
    }

    /// Executions without their histories (for listings); the status still follows the history.
    /// The definition text an execution was stored with (nil: no such row, or none stored).
    public func definition(ofExecution arn: String) throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT definition FROM executions WHERE arn = ?", arguments: [arn]) }
    }

    public func loadExecutionRows() throws(StoreError) -> [StoredExecution] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM executions ORDER BY seq")
            return rows.map { row -> StoredExecution in
                let arn: String = row["arn"]
                let machine: String = row["state_machine_name"]
                let description = ExecutionDescription(
                    executionArn: arn, stateMachineArn: LocalARN.stateMachine(machine, region: LocalARN.region(of: arn) ?? LocalARN.region), name: row["name"],
                    status: ExecutionStatus(rawValue: row["status"]) ?? .running, startDate: row["start_date"],
                    stopDate: row["stop_date"], input: Self.json(row["input"]) ?? .object([:]), output: Self.json(row["output"]),
                    error: row["error"], cause: row["cause"],
                    // A store from before v6-versions-and-aliases (read without migrating) has neither.
                    stateMachineVersionArn: row.hasColumn("state_machine_version_arn") ? row["state_machine_version_arn"] : nil,
                    stateMachineAliasArn: row.hasColumn("state_machine_alias_arn") ? row["state_machine_alias_arn"] : nil)
                return StoredExecution(description: description, stateMachineName: machine, definition: row["definition"], history: [])
            }
        }
    }

    /// One execution's history, in event order (empty if unknown).
    public func loadHistory(executionArn arn: String) throws(StoreError) -> [HistoryEvent] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT json FROM events WHERE execution_arn = ? ORDER BY id", arguments: [arn])
        }.compactMap(Self.event)
    }

    private func loadAllHistories() throws(StoreError) -> [String: [HistoryEvent]] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT execution_arn, json FROM events ORDER BY execution_arn, id").map { ($0[0] as String, $0[1] as String) }
        }
        var histories: [String: [HistoryEvent]] = [:]
        for (arn, text) in rows {
            if let event = Self.event(text) { histories[arn, default: []].append(event) }
        }
        return histories
    }

    public func loadOrders() throws(StoreError) -> [StoredOrder] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM orders ORDER BY order_id").map { row in
                StoredOrder(orderId: row["order_id"], executionArn: row["execution_arn"], placed: Self.json(row["placed"]), record: Self.json(row["record"]))
            }
        }
    }

    /// Every queue message in the order it was sent.
    public func loadQueueMessages() throws(StoreError) -> [QueueMessage] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM queue_messages ORDER BY seq").map { row in
                QueueMessage(queue: row["queue"], messageId: row["message_id"], body: Self.json(row["body"]) ?? .null,
                             sentAt: row["sent_at"], executionArn: row["execution_arn"])
            }
        }
    }

    /// The latest event timestamp stored (a resumed engine's clock starts no earlier).
    public func lastTimestamp() throws(StoreError) -> Double? {
        try read { db in try Double.fetchOne(db, sql: "SELECT MAX(json_extract(json, '$.timestamp')) FROM events") }
    }

    // MARK: - Plumbing

    private static func json(_ text: String?) -> JSONValue? {
        text.flatMap { try? JSONValue(parsing: $0) }
    }

    private static func event(_ text: String) -> HistoryEvent? {
        guard let json = try? JSONValue(parsing: text) else { return nil }
        return try? HistoryEvent(json: json)
    }

    private func write(_ body: Operation) throws(StoreError) {
        guard !isReadOnly else { throw StoreError.io(path: path, message: "the store is open read-only") }
        waitForCommits() // after what was handed over, in order
        try Self.wrap(path) { try writer.write(body) }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        waitForCommits() // a process reads its own writes
        return try Self.wrap(path) { try writer.read(body) }
    }

    private static func wrap<T>(_ path: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.io(path: path, message: "\(error)")
        }
    }
}
