import Dashboard
import History
import StepFunctions

/// What a dashboard knows of a Step Functions service, and what it should ask next: a value
/// the loop consults each turn (``due(now:wanted:)``) and tells what came back. It makes no
/// request itself and reads no clock, so tests drive it step by step.
///
/// - The lists (ListStateMachines, then ListExecutions of each machine, newest first, the
///   first page of ``pageLimit``) every ``ServicePacing/listInterval``; older pages one at a
///   time when the loop wants more (the selection nears the end of the list), from the machine
///   whose loaded executions reach least far back.
/// - Each new machine described once (its current definition: what the form starts).
/// - The definition each execution ran (DescribeStateMachineForExecution), once, for those the
///   screen draws (`wantedDefinitions`): its graph.
/// - Histories read incrementally: those of the executions in view (`wanted`); running ones
///   again every ``ServicePacing/historyInterval``, finished ones once (then cached). An
///   execution whose row does not show what the list says (it ended, or was redriven, since)
///   is read, in view or not.
/// - After a failure nothing is asked until the backoff's time (``ServiceBackoff``).
package struct ServicePoller {
    /// One request (or a short series of them) the loop runs in a task.
    package enum Job: Hashable, Sendable {
        /// ListStateMachines, then ListExecutions of each machine.
        case inventory
        /// DescribeStateMachine.
        case describe(machineArn: String)
        /// GetExecutionHistory after the events already read.
        case history(arn: String)
        /// DescribeStateMachineForExecution: the definition the execution ran.
        case executionDefinition(arn: String)
        /// The next page of ListExecutions of a machine, after those loaded.
        case olderExecutions(machineArn: String, nextToken: String)
    }

    /// A machine the service listed.
    package struct Machine: Sendable {
        package var name: String
        /// Whether DescribeStateMachine answered (with a definition or a problem).
        package var described = false
        /// The definition's text and role, for TestState.
        package var definitionText: String?
        package var roleArn: String?
        /// The next page of its executions after those loaded (nil: none, or not listed yet).
        package var olderToken: String?
        /// Pages loaded after the first.
        package var olderPagesLoaded = 0
    }

    /// An execution the dashboard shows.
    package struct Execution: Sendable {
        package var machineArn: String
        package var startDate: Double
        /// Whether the definition it ran has been read (well, or it does not parse).
        package var definitionRead = false
        /// The definition it ran, as text, and its role: what TestState runs its states with.
        package var definitionText: String?
        package var roleArn: String?
        /// The status its row shows: the list's until its history is read, then the history's.
        package var rowStatus: ExecutionStatus
        /// What the list says now.
        package var listedStatus: ExecutionStatus
        /// Reads only the events after those already read (newest first, back to the last one read).
        package var reader: IncrementalHistoryReader
        /// The id of the newest event read (0: none).
        package var lastEventId: Int { reader.lastEventId }
        /// Whether the newest event read ends it: then it is read again only if the list says
        /// otherwise (redriven).
        package var sawEnd: Bool { lastEventId > 0 && rowStatus.isFinished }
        /// When it was last read.
        package var lastRead: Double?
        /// Read at the next turn whatever the pace (after a stop or a redrive from here).
        package var readSoon = false
        /// The service no longer knows it (deleted meanwhile): never asked again.
        package var gone = false
    }

    /// An execution listed for the first time, and its machine.
    package struct Listed: Sendable {
        package var machineArn: String
        package var machineName: String
        package var item: ExecutionListItem
    }

    /// The executions of a page of ListExecutions.
    package static let pageLimit = 100

    package let pacing: ServicePacing
    package var backoff = ServiceBackoff()
    package private(set) var machines: [String: Machine] = [:]
    package private(set) var executions: [String: Execution] = [:]
    package private(set) var inFlight: Set<Job> = []
    /// When the lists are next due (nil: at once).
    private var nextInventory: Double?

    package init(pacing: ServicePacing) { self.pacing = pacing }

    /// The ARNs of the machines named `name` (more than one when the service lists the same
    /// name in several regions or accounts).
    package func machineArns(named name: String) -> [String] {
        machines.filter { $0.value.name == name }.map(\.key).sorted()
    }

    // MARK: what to ask

    /// The requests due at `now`, given the executions in view (most important first), those
    /// whose graphs are drawn, and whether older executions are wanted; marked under way: at
    /// most ``ServicePacing/maxInFlight`` at once, none while backing off.
    package mutating func due(now: Double, wanted: [String], wantedDefinitions: [String] = [], wantsOlder: Bool = false) -> [Job] {
        guard !backoff.isWaiting(now: now) else { return [] }
        var jobs: [Job] = []
        func offer(_ job: Job) {
            guard inFlight.count + jobs.count < pacing.maxInFlight, !inFlight.contains(job), !jobs.contains(job) else { return }
            jobs.append(job)
        }
        if nextInventory.map({ now >= $0 }) ?? true { offer(.inventory) }
        for (arn, machine) in machines.sorted(by: { $0.key < $1.key }) where !machine.described { offer(.describe(machineArn: arn)) }
        for arn in wantedDefinitions where executions[arn].map({ !$0.definitionRead && !$0.gone }) == true { offer(.executionDefinition(arn: arn)) }
        if wantsOlder, !isLoadingOlder, let next = nextOlderPage { offer(next) }
        for arn in wanted where isHistoryDue(arn, now: now, inView: true) { offer(.history(arn: arn)) }
        for (arn, _) in executions.sorted(by: { $0.key < $1.key }) where isHistoryDue(arn, now: now, inView: false) { offer(.history(arn: arn)) }
        inFlight.formUnion(jobs)
        return jobs
    }

    private func isHistoryDue(_ arn: String, now: Double, inView: Bool) -> Bool {
        guard let execution = executions[arn], !execution.gone else { return false }
        if execution.readSoon { return true }
        if let last = execution.lastRead, now < last + pacing.historyInterval { return false }
        // Its row does not show what the list says (it has ended, or been redriven, since).
        if execution.listedStatus != execution.rowStatus { return true }
        // In view: read once, then again while it runs.
        return inView && (execution.lastEventId == 0 || execution.rowStatus == .running)
    }

    /// Whether a page of older executions is being loaded.
    package var isLoadingOlder: Bool {
        inFlight.contains { if case .olderExecutions = $0 { return true } else { return false } }
    }

    /// What the list can say of older executions.
    package var olderExecutions: OlderExecutions {
        if isLoadingOlder { return .loading }
        return machines.values.contains { $0.olderToken != nil } ? .more : .none
    }

    /// The next page to load: of the machine with more pages whose loaded executions reach
    /// least far back (its older ones come next in the list, newest first).
    private var nextOlderPage: Job? {
        var reach: [String: Double] = [:]
        for execution in executions.values { reach[execution.machineArn] = min(reach[execution.machineArn] ?? .infinity, execution.startDate) }
        let candidates = machines.compactMap { arn, machine in machine.olderToken.map { (arn: arn, token: $0, reach: reach[arn] ?? .infinity) } }
        guard let next = candidates.max(by: { ($0.reach, $1.arn) < ($1.reach, $0.arn) }) else { return nil }
        return .olderExecutions(machineArn: next.arn, nextToken: next.token)
    }

    /// A request came back (well or not): another may start.
    package mutating func finished(_ job: Job, now: Double) {
        inFlight.remove(job)
        if job == .inventory { nextInventory = now + pacing.listWait(machines: machines.count) }
    }

    // MARK: what came back

    /// What the lists said (each machine's first page, and the token of its next): the machines
    /// not seen before are to be described; answers the executions not seen before, oldest
    /// first, now known (the loop shows them).
    package mutating func listed(_ lists: [(machine: StateMachineListItem, executions: [ExecutionListItem], nextToken: String?)]) -> [Listed] {
        var fresh: [Listed] = []
        for (machine, items, nextToken) in lists {
            if machines[machine.stateMachineArn] == nil { machines[machine.stateMachineArn] = Machine(name: machine.name) }
            // Until an older page is loaded, the first page's token leads to the next. A full first
            // page of executions all new (more started since the last list than a page holds) may
            // leave a gap above those loaded: the older pages are walked again from this one.
            let gap = nextToken != nil && !items.contains { executions[$0.executionArn] != nil }
            if machines[machine.stateMachineArn]?.olderPagesLoaded == 0 || gap {
                machines[machine.stateMachineArn]?.olderToken = nextToken
                machines[machine.stateMachineArn]?.olderPagesLoaded = 0
            }
            fresh += known(items, of: machine.stateMachineArn)
        }
        // A stable sort: ties keep the order above.
        return fresh.enumerated().sorted { ($0.element.item.startDate, $0.offset) < ($1.element.item.startDate, $1.offset) }.map(\.element)
    }

    /// A page of older executions of `machine` came back, with the token of the page after it:
    /// answers those not seen before, oldest first.
    package mutating func listedOlder(_ items: [ExecutionListItem], of machineArn: String, nextToken: String?) -> [Listed] {
        guard machines[machineArn] != nil else { return [] }
        machines[machineArn]?.olderPagesLoaded += 1
        machines[machineArn]?.olderToken = nextToken
        return known(items, of: machineArn).sorted { $0.item.startDate < $1.item.startDate }
    }

    /// Takes in a page of executions (newest first): the list's status of those known, the
    /// others answered, oldest first.
    private mutating func known(_ items: [ExecutionListItem], of machineArn: String) -> [Listed] {
        let name = machines[machineArn]?.name ?? String(machineArn.split(separator: ":").last ?? "")
        var fresh: [Listed] = []
        // Oldest first (the list is newest first), so that executions started at the same time keep its order.
        for item in items.prefix(Self.pageLimit).reversed() {
            if var known = executions[item.executionArn] {
                known.listedStatus = item.status
                executions[item.executionArn] = known
            } else {
                executions[item.executionArn] = Execution(machineArn: machineArn, startDate: item.startDate, rowStatus: item.status,
                                                          listedStatus: item.status,
                                                          reader: IncrementalHistoryReader(executionArn: item.executionArn, pageSize: pacing.historyPageSize))
                fresh.append(Listed(machineArn: machineArn, machineName: name, item: item))
            }
        }
        return fresh
    }

    /// An execution this dashboard started (shown at once, read as soon as it is in view).
    package mutating func adopt(executionArn: String, machineArn: String, startDate: Double) {
        guard executions[executionArn] == nil else { return }
        executions[executionArn] = Execution(machineArn: machineArn, startDate: startDate, rowStatus: .running, listedStatus: .running,
                                             reader: IncrementalHistoryReader(executionArn: executionArn, pageSize: pacing.historyPageSize))
    }

    /// DescribeStateMachine answered (or said the machine is gone).
    package mutating func described(machineArn: String, text: String?, roleArn: String?) {
        machines[machineArn, default: Machine(name: String(machineArn.split(separator: ":").last ?? ""))].described = true
        machines[machineArn]?.definitionText = text
        machines[machineArn]?.roleArn = roleArn
    }

    /// DescribeStateMachineForExecution answered (`text` nil: the execution is gone): never asked again.
    package mutating func definitionRead(_ arn: String, text: String?, roleArn: String?) {
        executions[arn]?.definitionRead = true
        executions[arn]?.definitionText = text
        executions[arn]?.roleArn = roleArn
    }

    /// A machine's definition changed here (`:open`): describe it again.
    package mutating func redescribe(machineArn: String, name: String) {
        machines[machineArn, default: Machine(name: name)].described = false
    }

    /// New events of `arn` were read at `now` (possibly none) by `reader`.
    package mutating func read(_ arn: String, events: [HistoryEvent], reader: IncrementalHistoryReader, now: Double) {
        guard var execution = executions[arn] else { return }
        execution.lastRead = now
        execution.readSoon = false
        execution.reader = reader
        if let newest = events.last {
            // The newest event decides: a redrive writes ExecutionRedriven after the end it restarts from.
            execution.rowStatus = newest.type.executionStatus ?? .running
            // Newer than the last list.
            execution.listedStatus = execution.rowStatus
        }
        executions[arn] = execution
    }

    /// The service no longer knows `arn`.
    package mutating func lost(_ arn: String) {
        executions[arn]?.gone = true
    }

    /// Read `arn` at the next turn (it was stopped or redriven from here).
    package mutating func readSoon(_ arn: String) {
        executions[arn]?.readSoon = true
    }
}
