import ASL
import Dashboard
import Engine
import Foundation
import Pizzeria
import Terminal

/// Wiring between the engine, the pure dashboard and the terminal, all on the main thread:
/// run what the engine has due, feed what it reported to `reduce`, draw when something
/// changed (at most 60 frames a second), then wait for a key, a timer or an animation tick.
final class DashboardLoop {
    private let engine: Engine
    private let pizzeria: Pizzeria
    private let layouts = GraphLayoutCache()
    private var state: DashboardState
    /// What the engine's observers saw since the last frame.
    private var observed: [ObservedEvent] = []
    private var pending: [DashboardAction] = []
    private var quit = false

    /// While something runs, elapsed times move on this often even without events.
    private static let animationInterval = 0.25
    private static let frameInterval = 1.0 / 60

    init(resources: WorkflowResources, speed: ClockMode, flavour: String, delay: Double) {
        engine = Engine(clock: speed)
        pizzeria = Pizzeria(engine: engine, resources: resources)
        state = DashboardState(definitions: [WorkflowResources.orderSagaName: resources.orderSaga,
                                             WorkflowResources.pineappleCheckName: resources.pineappleCheck],
                               speed: speed, flavour: flavour.trimmingCharacters(in: .whitespaces), delay: delay, now: engine.scheduler.now)
        state.deadLetterQueues = Queues.deadLetterQueues
        engine.observe { [unowned self] execution, event in
            self.observed.append(ObservedEvent(arn: execution.arn, event: event))
        }
        engine.queues.observe { [unowned self] message in
            if Queues.deadLetterQueues.contains(message.queue) { self.pending.append(.queueMessage(message)) }
        }
        pizzeria.orders.observe { [unowned self] record in
            let discount = record.discountApplied > 0 ? "\(Int((record.discountApplied * 100).rounded()))%" : nil
            self.pending.append(.orderNote(OrderNote(orderId: record.orderId, status: record.status.name, discount: discount)))
        }
    }

    func run(on screen: TerminalScreen) {
        let size = screen.size
        dispatch(.input(.resize(width: size.width, height: size.height)))
        var shown: Canvas?
        var lastFrame = 0.0
        var lastTick = 0.0
        while !quit, screen.terminationSignal == nil {
            advanceEngine()
            flushEngineNews()
            let wall = Date().timeIntervalSince1970
            if state.isAnythingRunning || state.now != engine.scheduler.now, wall - lastTick >= Self.animationInterval || !observed.isEmpty {
                lastTick = wall
                dispatch(.tick(now: engine.scheduler.now))
            }
            var waitSeconds: Double?
            if wall - lastFrame >= Self.frameInterval {
                let canvas = render(state, layouts: layouts)
                if canvas != shown {
                    screen.present(canvas)
                    shown = canvas
                    lastFrame = wall
                }
            } else {
                waitSeconds = Self.frameInterval - (wall - lastFrame)
            }
            waitSeconds = earliest(waitSeconds, untilNextWork(lastTick: lastTick))
            let timeout = waitSeconds.map { Int32(clamping: Int(($0 * 1000).rounded(.up))) }
            if let input = screen.nextInput(timeoutMilliseconds: timeout) {
                dispatch(.input(input))
                // Drain what else is ready (typing, a burst of wheel events) before drawing.
                while !quit, let more = screen.nextInput(timeoutMilliseconds: 0) { dispatch(.input(more)) }
            }
        }
    }

    /// Runs what is due. In instant mode virtual time jumps, but only for a few milliseconds of
    /// work per frame, so that keys are still read while a long run plays out.
    private func advanceEngine() {
        let scheduler = engine.scheduler
        if case .instant = scheduler.mode {
            let budgetEnd = Date().timeIntervalSince1970 + 0.02
            scheduler.run(until: { Date().timeIntervalSince1970 >= budgetEnd })
        } else {
            scheduler.runDue()
        }
    }

    /// Seconds until the engine's next timer or animation tick; nil (wait for input) when idle.
    private func untilNextWork(lastTick: Double) -> Double? {
        let scheduler = engine.scheduler
        let now = Date().timeIntervalSince1970
        if case .instant = scheduler.mode, scheduler.hasPendingWork { return 0 }
        var wait = scheduler.nextDeadlineWallTime.map { max(0, $0 - now) }
        if state.isAnythingRunning { wait = earliest(wait, max(0, lastTick + Self.animationInterval - now)) }
        return wait
    }

    private func earliest(_ a: Double?, _ b: Double?) -> Double? {
        switch (a, b) {
        case (nil, _): return b
        case (_, nil): return a
        case (let a?, let b?): return min(a, b)
        }
    }

    private func flushEngineNews() {
        if !observed.isEmpty {
            let batch = observed
            observed = []
            dispatch(.events(batch))
        }
        while !pending.isEmpty {
            let actions = pending
            pending = []
            for action in actions { dispatch(action) }
        }
    }

    private func dispatch(_ action: DashboardAction) {
        for effect in reduce(&state, action, layouts: layouts) { perform(effect) }
    }

    private func perform(_ effect: DashboardEffect) {
        switch effect {
        case .quit:
            quit = true
        case .stop(let arn):
            try? engine.stopExecution(arn, error: "Stopped", cause: "stopped from the dashboard")
        case .setSpeed(let mode):
            engine.scheduler.setMode(mode)
        case .placeOrder(let spec):
            place(spec)
        }
    }

    /// Translates the dashboard's order into Pizzeria's and announces the executions.
    private func place(_ spec: OrderSpec) {
        switch spec.workflow {
        case .pineappleCheck:
            let execution = pizzeria.startPineappleCheck(flavour: spec.flavour)
            pending.append(.executionStarted(ExecutionSummary(
                arn: execution.arn, machineName: execution.stateMachineName, workflow: .pineappleCheck, orderId: nil,
                flavour: spec.flavour, errorOnStep: nil, allGroup: nil, startDate: execution.startDate)))
        case .orderSaga:
            let request: OrderRequest
            do {
                request = try OrderRequest(flavour: spec.flavour, perStepDelaySeconds: spec.perStepDelaySeconds, errorOnStep: spec.errorOnStep)
            } catch {
                pending.append(.failed("order not placed: \(error)"))
                return
            }
            for order in pizzeria.placeOrder(request) {
                guard let execution = engine.execution(order.executionArn) else { continue }
                pending.append(.executionStarted(ExecutionSummary(
                    arn: order.executionArn, machineName: execution.stateMachineName, workflow: .orderSaga, orderId: order.orderId,
                    flavour: order.flavour, errorOnStep: order.errorOnStep.rawValue, allGroup: order.allGroup, startDate: execution.startDate)))
            }
        }
        // Announce before the events the starts emitted, so they attach at once.
        let announcements = pending
        pending = []
        for action in announcements { dispatch(action) }
    }
}
