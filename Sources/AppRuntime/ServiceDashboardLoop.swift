import ASL
import Dashboard
import Foundation
import History
import StepFunctions

/// The dashboard of any Step Functions service (``StepFunctionsService``: the local one, or a
/// client of AWS, LocalStack, another `pizzadash serve`), through the seam's async operations
/// alone: the same pure dashboard (`DashboardState`, `reduce`, `render`), screens and keys as
/// ``DashboardLoop``, which drives the local engine itself.
///
/// The state belongs to the thread that runs the loop. Each request to the service runs in a
/// task and posts its answer to a locked inbox that the loop drains at its next turn, where
/// it is fed to `reduce`. What is asked, and when, is ``ServicePoller``'s: the lists every few
/// seconds, the histories of the executions in view (only the new events, through
/// `IncrementalHistoryReader`; running ones about once a second, finished ones once), backing off with jitter when the service throttles or
/// fails, while the header says the view is behind and why.
///
/// Starting (the form, `:start`), stopping (`s`), redriving (`:redrive`) and `:open` ask for a
/// confirmation (y/n) when `confirmsActions`, and are refused with a line when `readOnly`.
/// Tests drive the same object headless, in their own time: ``send(_:)``, ``settle()``,
/// ``frame(width:height:now:)``, the clock and the jitter injected.
package final class ServiceDashboardLoop {
    let service: any StepFunctionsService
    let readOnly: Bool
    let confirmsActions: Bool
    let clock: () -> Double
    package let cache = ViewCache()
    package internal(set) var state: DashboardState
    package internal(set) var poller: ServicePoller
    private let inbox = ServiceInbox()
    /// What to do with each request's answer, by ticket (run on the loop's thread).
    private var handlers: [Int: (any Sendable) -> Void] = [:]
    private var tasks: [Int: Task<Void, Never>] = [:]
    private var lastTicket = 0
    /// Each job's start time, so that only an answer to a request made after the last failure
    /// ends the backoff.
    private var started: [ServicePoller.Job: Double] = [:]
    private var lastFailure = -Double.infinity
    /// An action waiting for y/n, and its question (kept in the footer until answered).
    var confirmation: (question: String, yes: () -> Void, no: () -> Void)?
    /// Definitions parsed, by their text (many executions ran the same one), or the one line
    /// that says why one does not parse.
    private var parsed: [String: Result<StateMachineDefinition, DefinitionProblem>] = [:]
    var quit = false
    weak var screen: DashboardScreen?
    /// What `y` copied, in order (the screen, if any, also got it).
    package internal(set) var copied: [String] = []

    private static let animationInterval = 0.25
    private static let idleTickInterval = 1.0

    /// - Parameters:
    ///   - service: where the executions are; only its async operations are used.
    ///   - title: the header's name for it, e.g. `PizzaDash — http://127.0.0.1:8080 (us-east-1)`.
    ///   - readOnly: refuse to start, stop, redrive or create anything (`--read-only`).
    ///   - confirmsActions: ask y/n before each of those (a remote service: true).
    ///   - pacing: how often to ask, and the backoff's jitter.
    ///   - clock: seconds since 1970 (the wall clock; tests step their own).
    package init(service: any StepFunctionsService, title: String, readOnly: Bool, confirmsActions: Bool = true,
                 pacing: ServicePacing = ServicePacing(), clock: @escaping () -> Double = { Date().timeIntervalSince1970 }) {
        self.service = service
        self.readOnly = readOnly
        self.confirmsActions = confirmsActions
        self.clock = clock
        poller = ServicePoller(pacing: pacing)
        state = DashboardState(speed: .scaled(speed: 1), now: clock())
        state.title = title
    }

    // MARK: the loop

    /// Draws on `screen` and reads its keys until quit; `wake` (the screen's waker) is called
    /// from the tasks when an answer arrives, so that the wait for keys ends at once.
    package func run(on screen: DashboardScreen, wake: (@Sendable () -> Void)? = nil) {
        self.screen = screen
        inbox.setWake(wake)
        let size = screen.size
        dispatch(.input(.resize(width: size.width, height: size.height)))
        var shown: Canvas?
        var lastTick = -Double.infinity
        while !quit, screen.terminationSignal == nil {
            turn()
            let now = clock()
            if now - lastTick >= (state.needsAnimation ? Self.animationInterval : Self.idleTickInterval) {
                if state.replay?.isPlaying == true { dispatch(.animate(seconds: lastTick.isFinite ? now - lastTick : Self.animationInterval)) }
                lastTick = now
                dispatch(.tick(now: now))
            }
            let canvas = render(state, cache: cache)
            if canvas != shown {
                screen.present(canvas)
                shown = canvas
            }
            if let input = screen.nextInput(timeoutMilliseconds: Int32(Self.animationInterval * 1000)) {
                handle(input)
                while !quit, let more = screen.nextInput(timeoutMilliseconds: 0) { handle(more) }
            }
        }
        inbox.setWake(nil)
        for task in tasks.values { task.cancel() }
    }

    /// One turn: feed what the service answered to the dashboard, ask what is due, and say
    /// in the header whether the view is behind.
    private func turn() {
        drainAnswers()
        let now = clock()
        for job in poller.due(now: now, wanted: executionsInView(), wantedDefinitions: executionsDrawn(), wantsOlder: wantsOlderExecutions()) {
            started[job] = now
            request(job)
        }
        let older = poller.olderExecutions
        if older != state.olderExecutions { dispatch(.olderExecutions(older)) }
        let status = poller.backoff.status(now: now)
        if status != state.statusLine { dispatch(.status(status)) }
        if let question = confirmation?.question, state.message != question { dispatch(.message(question)) }
    }

    /// A test's turn: ask what is due at the clock's time, wait for every answer (no sleeping:
    /// the requests' tasks are awaited), feed them, and go on until nothing more is due now.
    package func settle() async {
        while true {
            turn()
            guard !tasks.isEmpty else { return }
            for task in Array(tasks.values) { await task.value }
        }
    }

    /// Hands the dashboard an action as the loop would (a key waits for y/n if one is asked).
    package func send(_ action: DashboardAction) {
        if case .input(let input) = action { handle(input) } else { dispatch(action) }
        drainAnswers()
    }

    /// One frame as the loop would draw it at time `now` at the given size.
    package func frame(width: Int, height: Int, now: Double) -> Canvas {
        if state.width != width || state.height != height { dispatch(.input(.resize(width: width, height: height))) }
        dispatch(.tick(now: now))
        return render(state, cache: cache)
    }

    private func handle(_ input: InputEvent) {
        if let pending = confirmation, case .key(let key) = input, key != .ctrl("c") {
            confirmation = nil
            if key == .character("y") || key == .character("Y") { pending.yes() } else { pending.no() }
            return
        }
        if confirmation != nil, case .mouse = input { return }
        dispatch(.input(input))
    }

    func dispatch(_ action: DashboardAction) {
        for effect in reduce(&state, action, cache: cache) { perform(effect) }
    }

    /// The executions whose histories the screen shows: the one in focus, a compared run,
    /// the marked ones and the rows of the list in view.
    private func executionsInView() -> [String] {
        var arns = executionsDrawn() + state.marked
        let geometry = PaneGeometry(width: state.width, height: state.height)
        let first = geometry.ordersScroll(selected: state.selectedRow.flatMap(state.orderRowIndex(of:)))
        for row in state.orderRows(from: first, count: geometry.visibleOrderRows) {
            if case .execution(let arn) = row { arns.append(arn) }
        }
        var seen = Set<String>()
        return arns.filter { seen.insert($0).inserted }
    }

    /// The executions whose graphs (or timelines, compare rows, state details) the screen
    /// draws: the definition each ran is read for these alone.
    private func executionsDrawn() -> [String] {
        var arns: [String] = []
        switch state.mode {
        case .timeline(let arn), .events(let arn), .stateDetails(let arn): arns.append(arn)
        case .compare(let group): arns += state.compareMembers(group).map(\.arn)
        case .main, .queues: break
        }
        if let selected = state.selectedExecution?.arn, !arns.contains(selected) { arns.append(selected) }
        return arns
    }

    /// Whether the selection is within a screenful of rows of the list's end (or the list does
    /// not fill the pane): then older executions are loaded, a page at a time.
    private func wantsOlderExecutions() -> Bool {
        let rows = PaneGeometry(width: state.width, height: state.height).visibleOrderRows
        let selected = state.selectedRow.flatMap(state.orderRowIndex(of:)) ?? 0
        return state.orderRowCount - selected <= max(1, rows)
    }

    // MARK: requests

    /// Runs `operation` in a task; `handle` gets its answer on the loop's thread.
    func launch<T: Sendable>(_ operation: @escaping @Sendable () async throws(ServiceError) -> T,
                                     then handle: @escaping (Result<T, ServiceError>) -> Void) {
        lastTicket += 1
        let ticket = lastTicket
        handlers[ticket] = { answer in
            if let result = answer as? Result<T, ServiceError> { handle(result) }
        }
        let inbox = self.inbox
        tasks[ticket] = Task {
            let result: Result<T, ServiceError>
            do throws(ServiceError) { result = .success(try await operation()) } catch { result = .failure(error) }
            inbox.post(ticket: ticket, answer: result)
        }
    }

    private func drainAnswers() {
        for (ticket, answer) in inbox.drain() {
            tasks[ticket] = nil
            handlers.removeValue(forKey: ticket)?(answer)
        }
    }

    private func request(_ job: ServicePoller.Job) {
        let service = self.service
        switch job {
        case .inventory:
            launch({ () async throws(ServiceError) -> [MachineListing] in try await Self.inventory(service) }) { [unowned self] result in
                poller.finished(job, now: clock())
                switch result {
                case .success(let listings):
                    succeeded(job)
                    announce(poller.listed(listings.map { ($0.machine, $0.executions, $0.nextToken) }))
                case .failure(let error):
                    failed(error)
                }
            }
        case .describe(let machineArn):
            launch({ () async throws(ServiceError) -> StateMachineDescription in try await service.describeStateMachine(arn: machineArn) }) { [unowned self] result in
                poller.finished(job, now: clock())
                switch result {
                case .success(let description):
                    succeeded(job)
                    poller.described(machineArn: machineArn, text: description.definition, roleArn: description.roleArn)
                    let name = poller.machines[machineArn]?.name ?? description.name
                    if let definition = parse(description.definition, of: name) {
                        dispatch(.machineAdded(arn: machineArn, name: name, definition))
                    }
                case .failure(let error) where error.kind == .stateMachineDoesNotExist:
                    poller.described(machineArn: machineArn, text: nil, roleArn: nil)
                case .failure(let error):
                    failed(error)
                }
            }
        case .executionDefinition(let arn):
            launch({ () async throws(ServiceError) -> StateMachineDescription in
                try await service.describeStateMachineForExecution(executionArn: arn)
            }) { [unowned self] result in
                poller.finished(job, now: clock())
                switch result {
                case .success(let description):
                    succeeded(job)
                    poller.definitionRead(arn, text: description.definition, roleArn: description.roleArn)
                    let definition = parse(description.definition, of: state.execution(arn)?.machineName ?? description.name)
                    dispatch(.executionDefinition(arn: arn, definition))
                    if definition == nil, case .failure(let problem)? = parsed[description.definition] { dispatch(.note(arn: arn, text: problem.line)) }
                case .failure(let error) where error.kind == .executionDoesNotExist:
                    poller.definitionRead(arn, text: nil, roleArn: nil)
                    poller.lost(arn)
                    dispatch(.executionDefinition(arn: arn, nil))
                    dispatch(.note(arn: arn, text: "no longer on the service (\(ServiceBackoff.oneLine(error)))"))
                case .failure(let error):
                    failed(error)
                }
            }
        case .olderExecutions(let machineArn, let token):
            launch({ () async throws(ServiceError) -> ExecutionPage in try await Self.page(service, of: machineArn, after: token) }) { [unowned self] result in
                poller.finished(job, now: clock())
                switch result {
                case .success(let page):
                    succeeded(job)
                    announce(poller.listedOlder(page.items, of: machineArn, nextToken: page.nextToken), older: true)
                case .failure(let error) where error.kind == .stateMachineDoesNotExist:
                    _ = poller.listedOlder([], of: machineArn, nextToken: nil)
                case .failure(let error):
                    failed(error)
                }
            }
        case .history(let arn):
            guard let reader = poller.executions[arn]?.reader else {
                poller.finished(job, now: clock())
                return
            }
            // One read of an execution at a time (the poller's), so the reader comes back to it.
            launch({ () async throws(ServiceError) -> HistoryRead in
                var copy = reader
                let events = try await copy.readNew(from: service)
                return HistoryRead(events: events, reader: copy)
            }) { [unowned self] result in
                poller.finished(job, now: clock())
                switch result {
                case .success(let read):
                    succeeded(job)
                    poller.read(arn, events: read.events, reader: read.reader, now: clock())
                    if !read.events.isEmpty { dispatch(.events(read.events.map { ObservedEvent(arn: arn, event: $0) })) }
                case .failure(let error) where error.kind == .executionDoesNotExist:
                    poller.lost(arn)
                    dispatch(.note(arn: arn, text: "no longer on the service (\(ServiceBackoff.oneLine(error)))"))
                case .failure(let error):
                    failed(error)
                }
            }
        }
    }

    /// ListStateMachines, then the first page of ListExecutions of each (the newest first);
    /// a machine deleted in between is left out. An EXPRESS machine is listed with no
    /// executions: AWS lists none of them (StateMachineTypeNotSupported).
    private static func inventory(_ service: any StepFunctionsService) async throws(ServiceError) -> [MachineListing] {
        var listings: [MachineListing] = []
        for machine in try await service.listStateMachines() {
            guard machine.listsExecutions else {
                listings.append(MachineListing(machine: machine, executions: [], nextToken: nil))
                continue
            }
            do throws(ServiceError) {
                let first = try await page(service, of: machine.stateMachineArn, after: nil)
                listings.append(MachineListing(machine: machine, executions: first.items, nextToken: first.nextToken))
            } catch where error.kind == .stateMachineDoesNotExist {
                continue
            }
        }
        return listings
    }

    /// A page of ListExecutions of a machine (``ServicePoller/pageLimit``, newest first), the one
    /// after `token`. Only that page is asked for when the service answers pages; a service that
    /// answers the whole list at once is paged here (the token is where the page starts).
    private static func page(_ service: any StepFunctionsService, of machineArn: String, after token: String?) async throws(ServiceError) -> ExecutionPage {
        let limit = ServicePoller.pageLimit
        if let paged = service as? any ExecutionPageListing {
            let answer = try await paged.listExecutionsPage(stateMachineArn: machineArn, maxResults: limit, nextToken: token)
            return ExecutionPage(items: answer.items, nextToken: answer.nextToken)
        }
        let all = try await service.listExecutions(stateMachineArn: machineArn, status: nil)
        let start = min(all.count, token.flatMap(Int.init) ?? 0)
        let end = min(all.count, start + limit)
        return ExecutionPage(items: Array(all[start..<end]), nextToken: end < all.count ? String(end) : nil)
    }

    private func succeeded(_ job: ServicePoller.Job) {
        if let at = started.removeValue(forKey: job), at > lastFailure { poller.backoff.succeeded() }
    }

    private func failed(_ error: ServiceError) {
        let now = clock()
        lastFailure = now
        let before = poller.backoff.reason
        poller.backoff.failed(error, now: now, pacing: poller.pacing)
        // A new kind of trouble: its whole line in the footer once (the header may have to cut it).
        if case .failed(let why) = poller.backoff.reason, poller.backoff.reason != before { dispatch(.failed(why)) }
    }

    /// New executions, oldest first, as rows (by start date: a page of older ones lands below):
    /// their names as ids (the list tells nothing of an order), the list's status until the
    /// history is read.
    private func announce(_ fresh: [ServicePoller.Listed], older: Bool = false) {
        // Older ones go in newest first, each before those already in that started at the same time.
        for listed in older ? fresh.reversed() : fresh {
            let item = listed.item
            var summary = ExecutionSummary(arn: item.executionArn, machineArn: listed.machineArn, machineName: listed.machineName, label: item.name,
                                           startDate: item.startDate)
            summary.listedStatus = item.status
            summary.listedStopDate = item.stopDate
            dispatch(older ? .olderExecutionListed(summary) : .executionStarted(summary))
        }
    }

    /// A definition's text parsed (once per text), or nil: then the one line that says why is
    /// in the footer, once.
    private func parse(_ text: String, of name: String) -> StateMachineDefinition? {
        if let known = parsed[text] { return try? known.get() }
        do {
            let definition = try StateMachineDefinition.load(text: text)
            parsed[text] = .success(definition)
            return definition
        } catch {
            let more = error.problems.count > 1 ? " (and \(error.problems.count - 1) more)" : ""
            let problem = DefinitionProblem(line: "no graph: the definition of \(name) does not parse: \(error.problems.first?.description ?? "\(error)")\(more)")
            parsed[text] = .failure(problem)
            dispatch(.failed(problem.line))
            return nil
        }
    }
}

/// Why a definition cannot be drawn, on one line.
struct DefinitionProblem: Error {
    var line: String
}

/// One machine and the first page of its executions, as a task hands them back.
struct MachineListing: Sendable {
    var machine: StateMachineListItem
    var executions: [ExecutionListItem]
    /// The next page's token (nil: no more).
    var nextToken: String?
}

/// A page of ListExecutions.
struct ExecutionPage: Sendable {
    var items: [ExecutionListItem]
    var nextToken: String?
}

/// The new events of one execution, and its reader after them.
struct HistoryRead: Sendable {
    var events: [HistoryEvent]
    var reader: IncrementalHistoryReader
}

/// The answers of the service's tasks, posted from any thread, drained by the loop's.
final class ServiceInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [(ticket: Int, answer: any Sendable)] = []
    private var wake: (@Sendable () -> Void)?

    func post(ticket: Int, answer: any Sendable) {
        let wake = lock.withLock {
            answers.append((ticket, answer))
            return self.wake
        }
        wake?()
    }

    func drain() -> [(ticket: Int, answer: any Sendable)] {
        lock.withLock {
            defer { answers = [] }
            return answers
        }
    }

    func setWake(_ wake: (@Sendable () -> Void)?) {
        lock.withLock { self.wake = wake }
    }
}
