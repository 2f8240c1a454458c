import ASL
import Engine
import Pizzeria
@testable import Dashboard

/// Dashboard states built from real runs of the engine (virtual time from a fixed start, so
/// every timestamp, id and message is the same on every run).
struct DashboardFixture {
    static let startTime = 1_700_000_000.0
    let engine: Engine
    let pizzeria: Pizzeria
    var state: DashboardState
    private let recorder: Recorder
    let layouts = GraphLayoutCache()

    private final class Recorder {
        var events: [ObservedEvent] = []
        var actions: [DashboardAction] = []
    }

    init(width: Int = 120, height: Int = 40) throws {
        engine = Engine(clock: .instant, startTime: Self.startTime)
        let resources = try WorkflowResources.load()
        pizzeria = Pizzeria(engine: engine, resources: resources)
        state = DashboardState(definitions: [WorkflowResources.orderSagaName: resources.orderSaga,
                                             WorkflowResources.pineappleCheckName: resources.pineappleCheck],
                               speed: .instant, now: Self.startTime, width: width, height: height)
        state.deadLetterQueues = Queues.deadLetterQueues
        let recorder = Recorder()
        self.recorder = recorder
        engine.observe { execution, event in recorder.events.append(ObservedEvent(arn: execution.arn, event: event)) }
        engine.queues.observe { message in
            if Queues.deadLetterQueues.contains(message.queue) { recorder.actions.append(.queueMessage(message)) }
        }
        pizzeria.orders.observe { record in
            recorder.actions.append(.orderNote(OrderNote(orderId: record.orderId, status: record.status.name)))
        }
    }

    /// Places an order as the shell does, and feeds the announcements to the reducer.
    @discardableResult
    mutating func place(_ spec: OrderSpec) throws -> [Execution] {
        let request = try OrderRequest(flavour: spec.flavour, perStepDelaySeconds: spec.perStepDelaySeconds, errorOnStep: spec.errorOnStep)
        var executions: [Execution] = []
        for order in pizzeria.placeOrder(request) {
            let execution = engine.execution(order.executionArn)!
            executions.append(execution)
            send(.executionStarted(ExecutionSummary(arn: order.executionArn, machineName: execution.stateMachineName, workflow: .orderSaga,
                                                    orderId: order.orderId, flavour: order.flavour, errorOnStep: order.errorOnStep.rawValue,
                                                    allGroup: order.allGroup, startDate: execution.startDate)))
        }
        flush()
        return executions
    }

    /// Runs the engine until `done` (or until nothing can happen), then feeds what it reported.
    mutating func run(until done: @escaping () -> Bool = { false }) {
        engine.scheduler.run(until: done)
        flush()
    }

    mutating func flush() {
        if !recorder.events.isEmpty { send(.events(recorder.events)); recorder.events = [] }
        let actions = recorder.actions
        recorder.actions = []
        for action in actions { send(action) }
        send(.tick(now: engine.scheduler.now))
    }

    @discardableResult
    mutating func send(_ action: DashboardAction) -> [DashboardEffect] {
        reduce(&state, action, layouts: layouts)
    }

    mutating func key(_ key: Key) { send(.input(.key(key))) }

    func render() -> Canvas { Dashboard.render(state, layouts: layouts) }
}
