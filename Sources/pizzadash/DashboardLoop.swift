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
    /// New executions, shown before their events (which then attach at once).
    private var announcements: [DashboardAction] = []
    private var quit = false

    /// While something runs, elapsed times move on this often even without events.
    private static let animationInterval = 0.25
    private static let frameInterval = 1.0 / 60

    /// - Parameters:
    ///   - engine, pizzeria: already restored from the store; what they hold is shown at once.
    init(engine: Engine, pizzeria: Pizzeria, flavour: String, delay: Double) {
        self.engine = engine
        self.pizzeria = pizzeria
        let resources = pizzeria.resources
        state = DashboardState(definitions: [WorkflowResources.orderSagaName: resources.orderSaga,
                                             WorkflowResources.pineappleCheckName: resources.pineappleCheck],
                               speed: engine.scheduler.mode, flavour: flavour.trimmingCharacters(in: .whitespaces), delay: delay,
                               now: engine.scheduler.now)
        state.deadLetterQueues = Queues.deadLetterQueues
        announceRestored()
        engine.observe { [unowned self] execution, event in
            // Orders announce themselves through observePlaced; a pineapple check (from the
            // form or from the HTTP API) is announced by its first event.
            if event.type == .executionStarted, execution.stateMachineName == WorkflowResources.pineappleCheckName {
                self.announcements.append(.executionStarted(Self.summary(ofPineappleCheck: execution)))
            }
            self.observed.append(ObservedEvent(arn: execution.arn, event: event))
        }
        pizzeria.observePlaced { [unowned self] order in
            guard let summary = self.summary(of: order) else { return }
            self.announcements.append(.executionStarted(summary))
        }
        engine.queues.observe { [unowned self] message in
            if Queues.deadLetterQueues.contains(message.queue) { self.pending.append(.queueMessage(message)) }
        }
        pizzeria.orders.observe { [unowned self] record in
            self.pending.append(.orderNote(Self.note(record)))
        }
    }

    /// Shows what the store gave back: past and resumed executions with their histories,
    /// order records and dead-letter messages.
    private func announceRestored() {
        let orders = Dictionary(pizzeria.placed.map { ($0.executionArn, $0) }, uniquingKeysWith: { first, _ in first })
        for arn in engine.executionArns {
            guard let execution = engine.execution(arn) else { continue }
            let summary = orders[arn].flatMap(summary(of:)) ?? Self.summary(ofPineappleCheck: execution)
            dispatch(.executionStarted(summary))
            dispatch(.events(execution.history.map { ObservedEvent(arn: arn, event: $0) }))
        }
        for record in pizzeria.orders.records.values.sorted(by: { $0.orderId < $1.orderId }) { dispatch(.orderNote(Self.note(record))) }
        for message in engine.queues.messages where Queues.deadLetterQueues.contains(message.queue) { dispatch(.queueMessage(message)) }
    }

    private func summary(of order: PlacedOrder) -> ExecutionSummary? {
        guard let execution = engine.execution(order.executionArn) else { return nil }
        return ExecutionSummary(arn: order.executionArn, machineName: execution.stateMachineName, workflow: .orderSaga, orderId: order.orderId,
                                flavour: order.flavour, errorOnStep: order.errorOnStep.rawValue, allGroup: order.allGroup, startDate: execution.startDate)
    }

    private static func summary(ofPineappleCheck execution: Execution) -> ExecutionSummary {
        ExecutionSummary(arn: execution.arn, machineName: execution.stateMachineName, workflow: .pineappleCheck, orderId: nil,
                         flavour: execution.input["flavour"]?.stringValue ?? "?", errorOnStep: nil, allGroup: nil, startDate: execution.startDate)
    }

    private static func note(_ record: OrderRecord) -> OrderNote {
        let discount = record.discountApplied > 0 ? "\(Int((record.discountApplied * 100).rounded()))%" : nil
        return OrderNote(orderId: record.orderId, status: record.status.name, discount: discount)
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
                // An order placed by this key starts now on the engine clock, not when the wait began.
                engine.scheduler.catchUp()
                dispatch(.input(input))
                // Drain what else is ready (typing, a burst of wheel events) before drawing.
                while !quit, let more = screen.nextInput(timeoutMilliseconds: 0) { dispatch(.input(more)) }
            }
        }
    }

    /// One frame as the loop would draw it at engine time `now` at the given size, for the
    /// render benchmark (`pizzadash render-bench`).
    func frame(width: Int, height: Int, now: Double) -> Canvas {
        if state.width != width || state.height != height { dispatch(.input(.resize(width: width, height: height))) }
        dispatch(.tick(now: now))
        return render(state, layouts: layouts)
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
        if !announcements.isEmpty {
            let batch = announcements
            announcements = []
            for action in batch { dispatch(action) }
        }
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

    /// Translates the dashboard's order into Pizzeria's; the executions announce themselves.
    private func place(_ spec: OrderSpec) {
        switch spec.workflow {
        case .pineappleCheck:
            _ = pizzeria.startPineappleCheck(flavour: spec.flavour)
        case .orderSaga:
            do {
                pizzeria.placeOrder(try OrderRequest(flavour: spec.flavour, perStepDelaySeconds: spec.perStepDelaySeconds, errorOnStep: spec.errorOnStep))
            } catch {
                pending.append(.failed("order not placed: \(error)"))
            }
        }
        flushEngineNews()
    }
}
