import Engine
import Foundation
import History
import LocalStepFunctions
import Store

/// A store seen through the service seam without owning it (another process may be running
/// it): its state machines and executions are restored into an engine whose loop never runs,
/// so nothing resumes and nothing is written. What `pizzadash executions` and `history` read.
package struct StoreView {
    package let service: LocalStepFunctions

    package static func open(path: String) throws(SetupFailure) -> StoreView {
        do {
            let store = try EventStore.open(path: path, access: .readOnly)
            let registry = try StateMachineRegistry(store: store)
            let engine = Engine(clock: .instant, startTime: max(Date().timeIntervalSince1970, try store.lastTimestamp() ?? 0))
            _ = try store.restore(into: engine) { machine in registry.definition(machine) }
            return StoreView(service: LocalStepFunctions(engine: engine, registry: registry))
        } catch {
            throw SetupFailure(error.description)
        }
    }

    /// Every execution of every state machine, oldest first.
    package var executions: [ExecutionDescription] { RestoredExecutions.list(service.onLoop) }

    /// An execution's whole history.
    package func history(of arn: String) -> [HistoryEvent] { RestoredExecutions.history(of: arn, service.onLoop) }
}
