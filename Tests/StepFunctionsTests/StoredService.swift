import Engine
import Foundation
import LocalStepFunctions
import Store

/// The local service over a store file in instant time, as a process opens it: what the store
/// holds is restored (running executions resume as the loop runs), and what happens from now on
/// is recorded. ``close()`` flushes and closes it, as a process that stops; opening the same
/// path again is the restart.
struct StoredService {
    let store: EventStore
    let engine: Engine
    let registry: StateMachineRegistry
    let service: LocalStepFunctions
    let restored: RestoreReport
    let recorder: StoreRecorder

    init(path: String, startTime: Double) throws {
        store = try EventStore.open(path: path)
        engine = Engine(clock: .instant, startTime: startTime)
        let registry = try StateMachineRegistry(store: store)
        self.registry = registry
        service = LocalStepFunctions(engine: engine, registry: registry)
        restored = try store.restore(into: engine) { registry.definition($0) }
        recorder = store.attach(to: engine)
    }

    /// A fresh store file's path in the temporary folder (the caller removes it).
    static func temporaryPath(_ prefix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString).sqlite").path
    }

    func close() {
        recorder.flush()
        store.close()
    }
}
