import Engine
import LocalStepFunctions
import Pizzeria
import Store

extension DashboardLoop {
    /// A loop over an engine whose changes are kept nowhere (the render benchmark): the pizza
    /// machines are registered in an in-memory store that records no executions.
    package static func unrecorded(engine: Engine, pizzeria: Pizzeria) throws(SetupFailure) -> DashboardLoop {
        do {
            let registry = try StateMachineRegistry(store: try EventStore.open(path: EventStore.memoryPath))
            try registerShippedMachines(pizzeria.resources, in: registry, now: engine.scheduler.now)
            return DashboardLoop(service: LocalStepFunctions(engine: engine, registry: registry), engine: engine, pizzeria: pizzeria,
                                 machines: registry.names.compactMap { name in registry.definition(name).map { (name, $0) } },
                                 flavour: "plain", delay: 0)
        } catch {
            throw SetupFailure(error.description)
        }
    }
}
