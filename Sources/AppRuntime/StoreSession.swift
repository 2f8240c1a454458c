import ASL
import Engine
import Foundation
import LocalStepFunctions
import Pizzeria
import Store

/// A failure to set up what a command asked for, with a message for the person (no prefix).
package struct SetupFailure: Error, CustomStringConvertible {
    package let message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}

/// The engine, the pizzeria, the store and the registry of state machines wired together:
/// everything the store holds is restored (running executions resume), and every change from
/// now on is recorded.
package struct StoreSession {
    package let store: EventStore
    package let engine: Engine
    package let pizzeria: Pizzeria
    package let recorder: StoreRecorder
    package let restored: RestoreReport
    package let registry: StateMachineRegistry
    /// The service seam over this engine, store and registry.
    package let service: LocalStepFunctions

    /// - Parameters:
    ///   - speed: the clock; nil: the speed the store was last run at (else real time).
    ///   - startTime: the engine clock's start (tests pass a fixed one); default: now, or the
    ///     last stored time if later.
    ///   - definitions: state machines to create (or update) beside the stored ones.
    ///   - mockConfig: mocked task results the service's starts may pick a test case of.
    package static func open(path: String, speed: ClockMode?, startTime: Double? = nil, definitions: [UserDefinition] = [],
                            mockConfig: MockConfig? = nil) throws(SetupFailure) -> StoreSession {
        let resources: WorkflowResources
        do { resources = try WorkflowResources.load() } catch { throw SetupFailure(error.description) }
        do { return try make(path: path, speed: speed, startTime: startTime, resources: resources, definitions: definitions, mockConfig: mockConfig) } catch {
            throw SetupFailure(error.description)
        }
    }

    /// The same, on a store already open (tests reopen one in-memory store to simulate restarts).
    package static func open(store: EventStore, speed: ClockMode?, startTime: Double? = nil, definitions: [UserDefinition] = []) throws(SetupFailure) -> StoreSession {
        let resources: WorkflowResources
        do { resources = try WorkflowResources.load() } catch { throw SetupFailure(error.description) }
        do { return try make(store: store, speed: speed, startTime: startTime, resources: resources, definitions: definitions, mockConfig: nil) } catch {
            throw SetupFailure(error.description)
        }
    }

    private static func make(path: String, speed: ClockMode?, startTime: Double?, resources: WorkflowResources,
                             definitions: [UserDefinition], mockConfig: MockConfig?) throws(StoreError) -> StoreSession {
        try make(store: try EventStore.open(path: path, access: .owner), speed: speed, startTime: startTime, resources: resources,
                 definitions: definitions, mockConfig: mockConfig)
    }

    private static func make(store: EventStore, speed: ClockMode?, startTime: Double?, resources: WorkflowResources,
                             definitions: [UserDefinition], mockConfig: MockConfig?) throws(StoreError) -> StoreSession {
        let storedSpeed = try store.meta("speed").flatMap(ClockMode.init(argument:))
        let mode = speed ?? storedSpeed ?? .realTime
        try store.setMeta("speed", mode.label.replacingOccurrences(of: "x", with: ""))
        // Recorded times must lie in the new clock's past (a scaled clock runs ahead of the wall).
        let start = max(startTime ?? Date().timeIntervalSince1970, try store.lastTimestamp() ?? 0)
        let engine = Engine(clock: mode, startTime: start, seed: 0x5EED &+ UInt64(try store.loadExecutionRows().count))
        let registry = try StateMachineRegistry(store: store)
        try registerShippedMachines(resources, in: registry, now: start)
        for definition in definitions { try registry.put(definition, now: start) }
        let service = LocalStepFunctions(engine: engine, registry: registry, mockConfig: mockConfig)
        let pizzeria = Pizzeria(engine: engine, resources: resources, service: service)
        let restored = try store.restore(into: engine) { machine in registry.definition(machine) }
        // A machine left DELETING whose executions all ended while the store was closed goes now.
        service.finishDeletions()
        pizzeria.restore(stored: try store.loadOrders().map { ($0.placed, $0.record) })
        for problem in restored.problems { FileHandle.standardError.write(Data("pizzadash: \(problem)\n".utf8)) }
        let recorder = store.attach(to: engine)
        pizzeria.orders.observe { record in
            recorder.record(StoredOrder(orderId: record.orderId, executionArn: nil, placed: nil, record: record.storageJSON))
        }
        pizzeria.observePlaced { order in
            recorder.record(StoredOrder(orderId: order.orderId, executionArn: order.executionArn, placed: order.storageJSON, record: nil))
        }
        return StoreSession(store: store, engine: engine, pizzeria: pizzeria, recorder: recorder, restored: restored, registry: registry,
                            service: service)
    }
}

/// Creates (or updates) the pizza workflows in the registry, which holds their definitions from then on.
func registerShippedMachines(_ resources: WorkflowResources, in registry: StateMachineRegistry, now: Double) throws(StoreError) {
    for machine in resources.machines {
        // Checked when the resources were loaded.
        guard let definition = try? StateMachineDefinition.load(text: machine.text) else { continue }
        try registry.put(UserDefinition(name: machine.name, text: machine.text, definition: definition), now: now)
    }
}
