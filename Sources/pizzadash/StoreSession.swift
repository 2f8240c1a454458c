import ArgumentParser
import ASL
import Engine
import Foundation
import Pizzeria
import Store

/// `--db PATH`: the store file (default `$XDG_DATA_HOME/pizzadash/pizzadash.sqlite`);
/// `--db :memory:` keeps nothing.
struct StoreOption: ParsableArguments {
    @Option(name: .customLong("db"), help: "The SQLite store (default: $XDG_DATA_HOME/pizzadash/pizzadash.sqlite, else ~/.local/share/pizzadash/pizzadash.sqlite; :memory: keeps nothing).")
    var db: String?

    var path: String { db ?? EventStore.defaultPath() }

    /// Opens the store read-only (listing commands: they may watch a store another process owns).
    func openForReading() throws -> EventStore {
        do { return try EventStore.open(path: path, access: .readOnly) } catch { throw CommandIO.fail(error.description) }
    }
}

/// The engine, the pizzeria and the store wired together: everything the store holds is
/// restored (running executions resume), and every change from now on is recorded.
struct StoreSession {
    let store: EventStore
    let engine: Engine
    let pizzeria: Pizzeria
    let recorder: StoreRecorder
    let restored: RestoreReport

    /// - Parameter speed: the clock; nil: the speed the store was last run at (else real time).
    static func open(_ option: StoreOption, speed: ClockMode?) throws -> StoreSession {
        let resources: WorkflowResources
        do { resources = try WorkflowResources.load() } catch { throw CommandIO.fail(error.description) }
        do { return try make(path: option.path, speed: speed, resources: resources) } catch { throw CommandIO.fail(error.description) }
    }

    private static func make(path: String, speed: ClockMode?, resources: WorkflowResources) throws(StoreError) -> StoreSession {
        let store = try EventStore.open(path: path, access: .owner)
        let storedSpeed = try store.meta("speed").flatMap(ClockMode.init(argument:))
        let mode = speed ?? storedSpeed ?? .realTime
        try store.setMeta("speed", mode.label.replacingOccurrences(of: "x", with: ""))
        for (file, machine) in [(WorkflowResources.orderSagaFile, WorkflowResources.orderSagaName),
                                (WorkflowResources.pineappleCheckFile, WorkflowResources.pineappleCheckName)] {
            if let text = try? String(contentsOf: resources.directory.appendingPathComponent(file), encoding: .utf8) {
                store.register(definition: text, stateMachineName: machine)
            }
        }
        // Recorded times must lie in the new clock's past (a scaled clock runs ahead of the wall).
        let start = max(Date().timeIntervalSince1970, try store.lastTimestamp() ?? 0)
        let engine = Engine(clock: mode, startTime: start, seed: 0x5EED &+ UInt64(try store.loadExecutionRows().count))
        let pizzeria = Pizzeria(engine: engine, resources: resources)
        let restored = try store.restore(into: engine) { machine in
            machine == WorkflowResources.orderSagaName ? resources.orderSaga : machine == WorkflowResources.pineappleCheckName ? resources.pineappleCheck : nil
        }
        pizzeria.restore(stored: try store.loadOrders().map { ($0.placed, $0.record) })
        for problem in restored.problems { FileHandle.standardError.write(Data("pizzadash: \(problem)\n".utf8)) }
        let recorder = store.attach(to: engine)
        pizzeria.orders.observe { record in
            recorder.record(StoredOrder(orderId: record.orderId, executionArn: nil, placed: nil, record: record.storageJSON))
        }
        pizzeria.observePlaced { order in
            recorder.record(StoredOrder(orderId: order.orderId, executionArn: order.executionArn, placed: order.storageJSON, record: nil))
        }
        return StoreSession(store: store, engine: engine, pizzeria: pizzeria, recorder: recorder, restored: restored)
    }

    /// For `run --db`: an engine whose new executions are stored (stored ones are not resumed:
    /// `pizzadash executions --wait` does that). The seed follows the number of stored
    /// executions, so generated execution names never repeat a stored one.
    static func recording(path: String, clock: ClockMode, definition: String, stateMachineName: String) throws -> (Engine, StoreRecorder) {
        do { return try makeRecording(path: path, clock: clock, definition: definition, stateMachineName: stateMachineName) } catch {
            throw CommandIO.fail(error.description)
        }
    }

    private static func makeRecording(path: String, clock: ClockMode, definition: String, stateMachineName: String) throws(StoreError) -> (Engine, StoreRecorder) {
        let store = try EventStore.open(path: path, access: .owner)
        store.register(definition: definition, stateMachineName: stateMachineName)
        let start = max(Date().timeIntervalSince1970, try store.lastTimestamp() ?? 0)
        let engine = Engine(clock: clock, startTime: start, seed: 0x5EED &+ UInt64(try store.loadExecutionRows().count))
        return (engine, store.attach(to: engine))
    }
}
