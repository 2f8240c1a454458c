import ASL
import Dashboard
import Engine
import Foundation
import LocalStepFunctions
import Pizzeria
import StepFunctions
import Terminal

/// What the loop draws on and reads keys from: the terminal (``TerminalScreen``), or a test's stand-in.
package protocol DashboardScreen: AnyObject {
    var size: (width: Int, height: Int) { get }
    var terminationSignal: Int32? { get }
    func present(_ canvas: Canvas)
    func nextInput(timeoutMilliseconds: Int32?) -> InputEvent?
    func copyToClipboard(_ text: String)
}

extension TerminalScreen: DashboardScreen {}

/// Wiring between the engine, the pure dashboard and the terminal, all on the main thread:
/// run what the engine has due, feed what it reported to `reduce`, draw when something
/// changed (at most 60 frames a second), then wait for a key, a timer or an animation tick.
/// Tests drive the same object headless (``send(_:)``, ``runEngine(until:)``, ``frame(width:height:now:)``).
package final class DashboardLoop {
    private let service: LocalStepFunctions
    private let engine: Engine
    private let pizzeria: Pizzeria
    private let presentation: PizzaPresentation
    package let cache = ViewCache()
    package private(set) var state: DashboardState
    /// What the engine's observers saw since the last frame.
    private var observed: [ObservedEvent] = []
    private var pending: [DashboardAction] = []
    /// New executions, shown before their events (which then attach at once).
    private var announcements: [DashboardAction] = []
    private var quit = false
    /// The screen `run` draws on (nil when driven headless by a test).
    private weak var screen: DashboardScreen?
    /// What `y` copied, in order (the screen, if any, also got it).
    package private(set) var copied: [String] = []

    /// While something runs, elapsed times move on this often even without events.
    private static let animationInterval = 0.25
    private static let frameInterval = 1.0 / 60

    /// - Parameters:
    ///   - service: the seam: starts the form's executions, and its feed brings every execution
    ///     and event; `engine` is its engine, whose clock this loop runs.
    ///   - engine, pizzeria: already restored from the store; what they hold is shown at once.
    ///   - flavour, delay: what the order form and ALL start with.
    ///   - mockConfig: mocked task results; its test cases are offered by the form.
    package init(service: LocalStepFunctions, engine: Engine, pizzeria: Pizzeria, flavour: String, delay: Double, mockConfig: MockConfig? = nil) {
        self.service = service
        self.engine = engine
        self.pizzeria = pizzeria
        presentation = PizzaPresentation(pizzeria: pizzeria)
        // Every state machine the service holds, in the order they were created: what the form offers.
        let machines = service.onLoop.listStateMachines().compactMap { item in
            service.onLoop.definition(item.stateMachineArn).map { (arn: item.stateMachineArn, name: item.name, definition: $0) }
        }
        state = DashboardState(machines: machines, speed: engine.scheduler.mode, now: engine.scheduler.now)
        state.title = "PizzaDash"
        state.forms = PizzaPresentation.forms(flavour: flavour.trimmingCharacters(in: .whitespaces), delay: delay)
        state.quickStart = PizzaPresentation.allAtOnce
        state.labelColumns = PizzaPresentation.labelColumns
        state.testCases = (mockConfig?.testCases ?? [:]).mapValues { $0.keys.sorted() }
        state.deadLetterQueues = Queues.deadLetterQueues
        announceRestored()
        _ = service.onLoop.subscribe { [unowned self] change in
            switch change {
            case .executionStarted(let item, _):
                // Orders announce themselves through observePlaced (with their labels); any other
                // execution (from the form, the HTTP API, a client) is announced here.
                guard !PizzaPresentation.announcesItself(item.stateMachineArn.split(separator: ":").last.map(String.init) ?? ""),
                      let execution = try? service.onLoop.describeExecution(arn: item.executionArn) else { return }
                self.announcements.append(.executionStarted(PizzaPresentation.summary(of: execution)))
                self.announcements.append(self.definitionRan(item.executionArn))
            case .events(let arn, let events):
                self.observed += events.map { ObservedEvent(arn: arn, event: $0) }
            case .stateMachineCreated(let item), .stateMachineUpdated(let item):
                // An update (from any client) is the machine's definition from now on: the form
                // starts it and `:export` with nothing selected draws it.
                if let definition = service.onLoop.definition(item.stateMachineArn) {
                    self.pending.append(.machineAdded(arn: item.stateMachineArn, name: item.name, definition))
                }
            case .stateMachineDeleted:
                break
            }
        }
        pizzeria.observePlaced { [unowned self] order in
            guard let execution = try? service.onLoop.describeExecution(arn: order.executionArn) else { return }
            self.announcements.append(.executionStarted(self.presentation.summary(of: order, execution: execution)))
            self.announcements.append(self.definitionRan(order.executionArn))
        }
        pizzeria.observeDeadLetters { [unowned self] message in self.pending.append(.queueMessage(message)) }
        pizzeria.orders.observe { [unowned self] record in
            if let note = self.presentation.note(record) { self.pending.append(.note(arn: note.arn, text: note.text)) }
        }
    }

    /// Shows what the store gave back, as the service lists it: past and resumed executions
    /// with their histories; then the pizzeria's order records and dead-letter messages.
    private func announceRestored() {
        let orders = Dictionary(pizzeria.placed.map { ($0.executionArn, $0) }, uniquingKeysWith: { first, _ in first })
        for execution in RestoredExecutions.list(service.onLoop) {
            let summary = orders[execution.executionArn].map { presentation.summary(of: $0, execution: execution) } ?? PizzaPresentation.summary(of: execution)
            dispatch(.executionStarted(summary))
            dispatch(definitionRan(execution.executionArn))
            dispatch(.events(RestoredExecutions.history(of: execution.executionArn, service.onLoop).map { ObservedEvent(arn: execution.executionArn, event: $0) }))
        }
        for record in pizzeria.orders.records.values.sorted(by: { $0.orderId < $1.orderId }) {
            if let note = presentation.note(record) { dispatch(.note(arn: note.arn, text: note.text)) }
        }
        for message in pizzeria.deadLetters { dispatch(.queueMessage(message)) }
    }

    /// The definition the engine ran the execution `arn` with (an execution started before an
    /// UpdateStateMachine runs the older one), else the one stored with it.
    private func definitionRan(_ arn: String) -> DashboardAction {
        if let definition = engine.execution(arn)?.definition { return .executionDefinition(arn: arn, definition) }
        let text = try? service.onLoop.describeStateMachineForExecution(executionArn: arn).definition
        return .executionDefinition(arn: arn, text.flatMap { try? StateMachineDefinition.load(text: $0) })
    }

    package func run(on screen: DashboardScreen) {
        self.screen = screen
        let size = screen.size
        dispatch(.input(.resize(width: size.width, height: size.height)))
        var shown: Canvas?
        var lastFrame = 0.0
        var lastTick = 0.0
        while !quit, screen.terminationSignal == nil {
            advanceEngine()
            flushEngineNews()
            let wall = Date().timeIntervalSince1970
            if state.needsAnimation || state.now != engine.scheduler.now, wall - lastTick >= Self.animationInterval || !observed.isEmpty {
                if state.replay?.isPlaying == true { dispatch(.animate(seconds: lastTick == 0 ? Self.animationInterval : wall - lastTick)) }
                lastTick = wall
                dispatch(.tick(now: engine.scheduler.now))
            }
            var waitSeconds: Double?
            if wall - lastFrame >= Self.frameInterval {
                let canvas = render(state, cache: cache)
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
    package func frame(width: Int, height: Int, now: Double) -> Canvas {
        if state.width != width || state.height != height { dispatch(.input(.resize(width: width, height: height))) }
        dispatch(.tick(now: now))
        return render(state, cache: cache)
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
        if state.needsAnimation { wait = earliest(wait, max(0, lastTick + Self.animationInterval - now)) }
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

    /// Runs the engine until `done` (or until nothing can happen), then feeds what it reported
    /// to the dashboard and moves its clock: a test's turn of the loop, in virtual time.
    package func runEngine(until done: @escaping () -> Bool = { false }) {
        engine.scheduler.run(until: done)
        flushEngineNews()
        dispatch(.tick(now: engine.scheduler.now))
    }

    /// Hands the dashboard an action (a key, a resize) as the loop would, news included.
    package func send(_ action: DashboardAction) {
        dispatch(action)
        flushEngineNews()
    }

    private func dispatch(_ action: DashboardAction) {
        for effect in reduce(&state, action, cache: cache) { perform(effect) }
    }

    private func perform(_ effect: DashboardEffect) {
        switch effect {
        case .quit:
            quit = true
        case .stop(let arn):
            _ = try? service.onLoop.stopExecution(arn: arn, error: "Stopped", cause: "stopped from the dashboard")
        case .setSpeed(let mode):
            engine.scheduler.setMode(mode)
        case .start(let request):
            start(request)
        case .startExecution(let machineArn, let input):
            let name = state.machine(machineArn)?.name ?? String(machineArn.split(separator: ":").last ?? "")
            switch startExecution(StartRequest(machineArn: machineArn, machineName: name, values: [StartRequest.inputKey: input])) {
            case .success(let message): dispatch(.startAccepted(message: message))
            case .failure(let error): dispatch(.failed(":start: \(error.message)"))
            }
            flushEngineNews()
        case .redrive(let arn):
            do {
                _ = try service.onLoop.redriveExecution(arn: arn, clientToken: nil)
                dispatch(.message("redriven \(arn.split(separator: ":").last ?? "")"))
            } catch {
                dispatch(.failed(":redrive: \(error.message)"))
            }
        case .openDefinition(let path):
            let opened = DashboardFiles.open(path, service: service.onLoop)
            if let (name, definition) = opened.machine { dispatch(.machineAdded(arn: LocalARN.stateMachine(name), name: name, definition)) }
            dispatch(.message(opened.message))
            flushEngineNews()
        case .export(let format, let path, let machineArn, let machineName, let arn):
            let execution = arn.flatMap(state.execution)
            let definition = execution.flatMap(state.definition(of:)) ?? state.definition(ofMachine: machineArn)
            dispatch(.message(DashboardFiles.export(format: format, path: path, machineName: machineName, definition: definition, events: execution?.events)))
        case .copyToClipboard(let text):
            copied.append(text)
            screen?.copyToClipboard(text)
        case .inspectState(let request):
            inspect(request)
        }
    }

    /// Starts what the form asks: a pizza order through Pizzeria (its checks), any other machine
    /// with the form's name, input and mock test case. The executions announce themselves.
    private func start(_ request: StartRequest) {
        let result = presentation.start(request) ?? startExecution(request)
        switch result {
        case .success(let message): dispatch(.startAccepted(message: message))
        case .failure(let error): dispatch(.startRefused(error))
        }
        flushEngineNews()
    }

    private func startExecution(_ request: StartRequest) -> Result<String, FieldError> {
        let input: JSONValue
        do {
            input = try JSONValue(parsing: request.values[StartRequest.inputKey] ?? "{}")
        } catch {
            return .failure(FieldError(key: StartRequest.inputKey, message: "\(error)"))
        }
        let name = (request.values[StartRequest.nameKey] ?? "").trimmingCharacters(in: .whitespaces)
        let testCase = request.values[StartRequest.testCaseKey].flatMap { $0 == FormDescription.noTestCase ? nil : $0 }
        do {
            let started = try service.onLoop.startExecution(StartExecutionInput(stateMachineArn: request.machineArn,
                                                                                name: name.isEmpty ? nil : name, input: input, testCase: testCase))
            return .success("started \(started.executionArn.split(separator: ":").last ?? "") of \(request.machineName)")
        } catch {
            let key = error.kind == .validation ? StartRequest.testCaseKey : StartRequest.nameKey
            return .failure(FieldError(key: key, message: error.message))
        }
    }
}

extension DashboardLoop {
    /// Runs the state again on its own through the service's TestState, from the run's input
    /// and its recorded result (or error), and hands the dashboard the value after each step.
    fileprivate func inspect(_ request: StateInspectionRequest) {
        let key = request.key
        // The definition the execution ran, not the machine's latest.
        guard let text = try? service.onLoop.describeStateMachineForExecution(executionArn: request.executionArn).definition else {
            dispatch(.stateInspected(key: key, nil))
            return
        }
        var mock: TestStateInput.Mock?
        if let error = request.error {
            mock = TestStateInput.Mock(error: error, cause: request.cause ?? "", hasErrorOutput: true)
        } else if let result = request.result {
            mock = TestStateInput.Mock(result: result.serialized())
        }
        let input = TestStateInput(definition: text, input: request.input.serialized(), inspectionLevel: .debug,
                                   variables: request.variables.isEmpty ? nil : JSONValue.object(request.variables).serialized(),
                                   stateName: request.stateName, mock: mock, context: request.context.serialized(),
                                   stateConfiguration: request.retryCount > 0 ? TestStateInput.StateConfiguration(retrierRetryCount: request.retryCount) : nil)
        do {
            try service.onLoop.testState(input) { [weak self] output in
                self?.pending.append(.stateInspected(key: key, output.inspection))
            }
        } catch {
            dispatch(.stateInspected(key: key, nil))
        }
    }
}
