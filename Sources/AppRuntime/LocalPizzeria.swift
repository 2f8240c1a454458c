import Engine
import LocalStepFunctions
import Pizzeria
import StepFunctions
import Store

extension Pizzeria {
    /// A pizzeria whose executions start through the local seam `service`, on its loop (the
    /// shipped machines must be in the service's registry: ``registerShippedMachines``).
    package convenience init(engine: Engine, resources: WorkflowResources, orders: OrderBook = OrderBook(), service: LocalStepFunctions) {
        let operations = service.onLoop
        self.init(engine: engine, resources: resources, orders: orders) { (input: StartExecutionInput) throws(ServiceError) in
            try operations.startExecution(input)
        }
    }

    /// A pizzeria over `engine` behind a local seam whose registry is kept in memory, the shipped
    /// machines created in it; no execution is recorded (tests, the render benchmark).
    package static func unrecorded(engine: Engine, resources: WorkflowResources) throws(SetupFailure) -> (pizzeria: Pizzeria, service: LocalStepFunctions) {
        do {
            let registry = try StateMachineRegistry(store: try EventStore.open(path: EventStore.memoryPath))
            try registerShippedMachines(resources, in: registry, now: engine.scheduler.now)
            let service = LocalStepFunctions(engine: engine, registry: registry)
            return (Pizzeria(engine: engine, resources: resources, service: service), service)
        } catch {
            throw SetupFailure(error.description)
        }
    }
}
