import ASL
import Engine
import Foundation
import GRDB
import Pizzeria
import Testing
@testable import Store

@Suite struct StoreRoundTripTests {
    /// Runs all eight outcomes into a store file, then reads everything back in a new process-like open.
    @Test func everythingComesBackAfterReopening() throws {
        let dir = TempDir()
        let path = dir.path("store.sqlite")
        var expected: [String: [HistoryEvent]] = [:]
        var placed: [PlacedOrder] = []
        var records: [Int: OrderRecord] = [:]
        var messages: [QueueMessage] = []
        do {
            let store = try EventStore.open(path: path)
            let session = try TestSession.open(store)
            placed = try session.pizzeria.placeOrder(try OrderRequest(flavour: "hawaiian", perStepDelaySeconds: 1, errorOnStep: 100))
            session.engine.runUntilFinished(placed.compactMap { session.engine.execution($0.executionArn) })
            session.recorder.flush()
            #expect(session.recorder.commitCount < session.recorder.writeCount / 2) // one commit per loop turn
            for arn in session.engine.executionArns { expected[arn] = session.engine.execution(arn)!.history }
            records = session.pizzeria.orders.records
            messages = session.engine.queues.messages
            #expect(session.recorder.firstError == nil)
            store.close()
        }
        let store = try EventStore.open(path: path)
        let stored = try store.loadExecutions()
        #expect(stored.map(\.description.executionArn) == placed.map(\.executionArn))
        for execution in stored {
            #expect(execution.history == expected[execution.description.executionArn])
            #expect(execution.description.status.isFinished)
            #expect(execution.definition != nil)
        }
        #expect(try store.loadQueueMessages() == messages)
        let orders = try store.loadOrders()
        #expect(orders.compactMap { $0.record.flatMap(OrderRecord.init(storageJSON:)) } == records.values.sorted { $0.orderId < $1.orderId })
        #expect(orders.compactMap { $0.placed.flatMap(PlacedOrder.init(storageJSON:)) } == placed)

        // A restored pizzeria shows the same outcomes, and order ids continue.
        let session = try TestSession.open(store)
        #expect(session.restored.finished.count == 8 && session.restored.resumed.isEmpty)
        #expect(session.pizzeria.placed == placed)
        #expect(session.pizzeria.orders.nextOrderId() == 9)
        #expect(session.engine.queues.messages == messages)
    }

    @Test func memoryStoreKeepsNothingAndTakesNoLock() throws {
        let a = try EventStore.open(path: EventStore.memoryPath)
        let b = try EventStore.open(path: EventStore.memoryPath)
        #expect(try a.loadExecutions().isEmpty && b.loadExecutions().isEmpty)
    }

    @Test func defaultPathFollowsXDG() {
        #expect(EventStore.defaultPath(environment: ["XDG_DATA_HOME": "/x", "HOME": "/h"]) == "/x/pizzadash/pizzadash.sqlite")
        #expect(EventStore.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/share/pizzadash/pizzadash.sqlite")
    }

    @Test func schemaIsMigratedAndMarked() throws {
        let dir = TempDir()
        let path = dir.path("s.sqlite")
        let store = try EventStore.open(path: path)
        let (appId, migrations, format) = try store.read { db in
            (try Int32.fetchOne(db, sql: "PRAGMA application_id"), try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"),
             try String.fetchOne(db, sql: "SELECT value FROM pizzadash_meta WHERE key = 'format'"))
        }
        let (journal, synchronous) = try store.writer.write { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(journal == "wal" && synchronous == 2) // 2: FULL
        #expect(appId == StoreSchema.applicationId)
        #expect(migrations == ["v1", "v2-state-machines", "v3-state-machine-type", "v4-state-machine-role", "v5-tags", "v6-versions-and-aliases", "v7-activities", "v8-state-machine-deleting", "v9-map-runs", "v10-regions"])
        #expect(format == "pizzadash")
        #expect(StoreSchema.inspect(path: path) == .pizzadash)
    }

    @Test func newerSchemaIsRefusedUntouched() throws {
        let dir = TempDir()
        let path = dir.path("s.sqlite")
        do {
            let store = try EventStore.open(path: path)
            try store.writer.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
            store.close()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: StoreError.newerSchema(path: path, unknownMigrations: ["v99-future"])) { try EventStore.open(path: path) }
        #expect(throws: StoreError.newerSchema(path: path, unknownMigrations: ["v99-future"])) { try EventStore.open(path: path, access: .readOnly) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func foreignSQLiteFileIsRefusedUntouched() throws {
        let dir = TempDir()
        let path = dir.path("other.db")
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine')") }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try EventStore.open(path: path) }
        #expect(error == .foreignDatabase(path: path))
        #expect(error?.description.contains("another application") == true)
        #expect(throws: StoreError.foreignDatabase(path: path)) { try EventStore.open(path: path, access: .readOnly) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + ".lock"))
    }

    @Test func corruptFileIsRefusedUntouched() throws {
        let dir = TempDir()
        for (name, bytes) in [("text.sqlite", Data("these are my notes\n".utf8)), ("garbage.sqlite", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) })),
                              ("truncated.sqlite", Data("SQLite format 3\0".utf8) + Data(repeating: 1, count: 20))] {
            let path = dir.path(name)
            try bytes.write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: StoreError.self) { try EventStore.open(path: path) }
            #expect(error == .notSQLite(path: path))
            #expect(error?.description.contains("left untouched") == true)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        }
    }

    @Test func secondOwnerIsRefusedNamingThePid() throws {
        let dir = TempDir()
        let path = dir.path("s.sqlite")
        let first = try EventStore.open(path: path)
        let error = #expect(throws: StoreError.self) { try EventStore.open(path: path) }
        #expect(error == .locked(path: path, ownerPid: getpid()))
        #expect(error?.description.contains("process \(getpid())") == true)
        #expect(EventStore.owner(of: path) == getpid())
        // Readers may still watch.
        let reader = try EventStore.open(path: path, access: .readOnly)
        #expect(try reader.loadExecutions().isEmpty)
        first.close()
        #expect(EventStore.owner(of: path) == nil)
        _ = try EventStore.open(path: path)
    }

    @Test func readerOfMissingFileCreatesNothing() throws {
        let dir = TempDir()
        let path = dir.path("none.sqlite")
        let reader = try EventStore.open(path: path, access: .readOnly)
        #expect(try reader.loadExecutions().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
