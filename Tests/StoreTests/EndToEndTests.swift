import ASL
import Engine
import Foundation
import Pizzeria
import TestSupport
import Testing
@testable import Store

/// The real binary, killed with SIGKILL mid-run, and two processes on one store. These use real
/// time (a few seconds) and need `.build/debug/pizzadash`, which `swift test` builds.
@Suite(.serialized) struct EndToEndTests {
    static let expected: [Int: ExecutionStatus] = [0: .succeeded, 1: .failed, 2: .failed, 3: .succeeded, 4: .failed, 5: .failed, 6: .failed, 7: .failed]

    @Test func killedMidRunResumesAndAllEightEndAsExpected() throws {
        let dir = TempDir()
        let db = dir.path("store.sqlite")
        let process = try PizzadashBinary.start(["order", "--error-on-step", "100", "--delay", "1", "--speed", "5", "--db", db, "--json"])
        Thread.sleep(forTimeInterval: 1.5)
        #expect(process.isRunning, "the order run ended before it could be killed")
        process.send(SIGKILL)
        #expect(process.finish(timeout: 10).signal == SIGKILL)

        // What the dead process left: eight executions, some still running.
        let before = try EventStore.open(path: db, access: .readOnly).loadExecutionRows()
        #expect(before.count == 8)
        #expect(before.contains { $0.description.status == .running })

        let run = try PizzadashBinary.run(["executions", "--db", db, "--wait", "--json"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let listed = try JSONValue(parsing: run.stdout)["executions"]?.arrayValue ?? []
        #expect(listed.count == 8)
        for execution in listed {
            let step = try #require(execution["errorOnStep"]?.intValue)
            #expect(execution["status"]?.stringValue == Self.expected[step]?.rawValue, "errorOnStep \(step): \(execution.serialized())")
        }
        // Every order ended where an uninterrupted run ends it.
        let store = try EventStore.open(path: db, access: .readOnly)
        let records = try store.loadOrders().compactMap { $0.record.flatMap(OrderRecord.init(storageJSON:)) }
        #expect(records.count == 8)
        for record in records {
            let step = record.orderId - 1
            #expect(record.status == (Self.expected[step] == .succeeded ? .deliveryConfirmed : .cancelled), "order \(record.orderId): \(record.status.name)")
        }
        for execution in try store.loadExecutions() {
            #expect(execution.history.map(\.id) == Array(1...execution.history.count))
        }
    }

    @Test func secondProcessIsRefusedNamingTheOwnerAndReadersStillWatch() throws {
        let dir = TempDir()
        let db = dir.path("store.sqlite")
        let owner = try PizzadashBinary.start(["order", "--delay", "1", "--speed", "1", "--db", db, "--json"])
        defer { owner.send(SIGKILL); _ = owner.finish(timeout: 10) }
        let deadline = Date().addingTimeInterval(30)
        while EventStore.owner(of: db) == nil, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(EventStore.owner(of: db) == owner.pid)
        while (try? EventStore.open(path: db, access: .readOnly).loadExecutionRows().count) != 1, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }

        for arguments in [["order", "--speed", "instant", "--db", db], ["executions", "--wait", "--db", db]] {
            let refused = try PizzadashBinary.run(arguments)
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("in use by process \(owner.pid)"), "stderr: \(refused.stderr)")
        }
        let listed = try PizzadashBinary.run(["executions", "--db", db, "--json"])
        #expect(listed.status == 0, "stderr: \(listed.stderr)")
        #expect(try JSONValue(parsing: listed.stdout)["executions"]?.arrayValue?.first?["status"]?.stringValue == "RUNNING")
        let history = try PizzadashBinary.run(["history", "order-1", "--db", db, "--json"])
        #expect(history.status == 0)
        #expect(try JSONValue(parsing: history.stdout)["events"]?.arrayValue?.first?["type"]?.stringValue == "ExecutionStarted")
    }

    @Test func foreignFileIsRefusedByTheCommandsAndLeftUntouched() throws {
        let dir = TempDir()
        let path = dir.path("notes.txt")
        let bytes = Data("not a database\n".utf8)
        try bytes.write(to: URL(fileURLWithPath: path))
        for arguments in [["executions", "--db", path], ["order", "--speed", "instant", "--db", path], ["history", "x", "--db", path]] {
            let run = try PizzadashBinary.run(arguments)
            #expect(run.status == 2)
            #expect(run.stderr.contains("is not a pizzadash store"), "stderr: \(run.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }
}
