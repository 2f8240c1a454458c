import History
import StepFunctions

/// What a dashboard knows of a Step Functions service, and what it should ask next: a value
/// the loop consults each turn (``due(now:wanted:)``) and tells what came back. It makes no
/// request itself and reads no clock, so tests drive it step by step.
///
/// - The lists (ListStateMachines, then ListExecutions of each machine, newest first, the
///   first ``pageLimit`` kept) every ``ServicePacing/listInterval``.
/// - Each new machine described once (its definition, for the graph).
/// - Histories read incrementally: those of the executions in view (`wanted`); running ones
///   again every ``ServicePacing/historyInterval``, finished ones once (then cached). An
///   execution out of view is read once when the list says it has ended since it was shown.
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
    }

    /// A machine the service listed.
    package struct Machine: Sendable {
        package var name: String
        /// Whether DescribeStateMachine answered (with a definition or a problem).
        package var described = false
        /// The definition's text and role, for TestState.
        package var definitionText: String?
        package var roleArn: String?
    }

    /// An execution the dashboard shows.
    package struct Execution: Sendable {
        package var machineArn: String
        /// What the list said when it was shown (the row shows that until its history is read).
        package var shownStatus: ExecutionStatus
        /// What the list says now.
        package var listedStatus: ExecutionStatus
        /// The id of the newest event read (0: none).
        package var lastEventId = 0
        /// Whether the newest event read ends it: it is not read again unless redriven.
        package var sawEnd = false
        /// When it was last read.
        package var lastRead: Double?
        /// Read at the next turn whatever the pace (after a stop or a redrive from here).
        package var readSoon = false
        /// The service no longer knows it (deleted meanwhile): never asked again.
        package var gone = false
    }

    /// The executions of a machine kept from ListExecutions (its first page).
    package static let pageLimit = 100

    package let pacing: ServicePacing
    package var backoff = ServiceBackoff()
    package private(set) var machines: [String: Machine] = [:]
    package private(set) var executions: [String: Execution] = [:]
    package private(set) var inFlight: Set<Job> = []
    /// When the lists are next due (nil: at once).
    private var nextInventory: Double?

    package init(pacing: ServicePacing) { self.pacing = pacing }

    /// The ARN of the machine named `name`, if listed.
    package func machineArn(named name: String) -> String? {
        machines.first { $0.value.name == name }?.key
    }

    // MARK: what to ask

    /// The requests due at `now`, given the executions in view (most important first), marked
    /// under way: at most ``ServicePacing/maxInFlight`` at once, none while backing off.
    package mutating func due(now: Double, wanted: [String]) -> [Job] {
        guard !backoff.isWaiting(now: now) else { return [] }
        var jobs: [Job] = []
        func offer(_ job: Job) {
            guard inFlight.count + jobs.count < pacing.maxInFlight, !inFlight.contains(job), !jobs.contains(job) else { return }
            jobs.append(job)
        }
        if nextInventory.map({ now >= $0 }) ?? true { offer(.inventory) }
        for (arn, machine) in machines.sorted(by: { $0.key < $1.key }) where !machine.described { offer(.describe(machineArn: arn)) }
        for arn in wanted where isHistoryDue(arn, now: now, inView: true) { offer(.history(arn: arn)) }
        for (arn, _) in executions.sorted(by: { $0.key < $1.key }) where isHistoryDue(arn, now: now, inView: false) { offer(.history(arn: arn)) }
        inFlight.formUnion(jobs)
        return jobs
    }

    private func isHistoryDue(_ arn: String, now: Double, inView: Bool) -> Bool {
        guard let execution = executions[arn], !execution.gone, !execution.sawEnd else { return false }
        if execution.readSoon { return true }
        if let last = execution.lastRead, now < last + pacing.historyInterval { return false }
        if inView { return true }
        // Out of view: only to catch up with an end the row does not show yet.
        return execution.listedStatus.isFinished && (execution.lastEventId > 0 || execution.shownStatus == .running)
    }

    /// A request came back (well or not): another may start.
    package mutating func finished(_ job: Job, now: Double) {
        inFlight.remove(job)
        if job == .inventory { nextInventory = now + pacing.listWait(machines: machines.count) }
    }

    // MARK: what came back

    /// What the lists said: the machines not seen before are to be described; answers the
    /// executions not seen before, oldest first, now known (the loop shows them).
    package mutating func listed(_ lists: [(machine: StateMachineListItem, executions: [ExecutionListItem])]) -> [(machine: String, item: ExecutionListItem)] {
        var fresh: [(machine: String, item: ExecutionListItem)] = []
        for (machine, items) in lists {
            if machines[machine.stateMachineArn] == nil { machines[machine.stateMachineArn] = Machine(name: machine.name) }
            // Oldest first (the list is newest first), so that executions started at the same time keep its order.
            for item in items.prefix(Self.pageLimit).reversed() {
                if var known = executions[item.executionArn] {
                    // Redriven since its end was read: read it again.
                    if known.sawEnd, !item.status.isFinished, known.listedStatus.isFinished { known.sawEnd = false }
                    known.listedStatus = item.status
                    executions[item.executionArn] = known
                } else {
                    executions[item.executionArn] = Execution(machineArn: machine.stateMachineArn, shownStatus: item.status, listedStatus: item.status)
                    fresh.append((machine.name, item))
                }
            }
        }
        // A stable sort: ties keep the order above.
        return fresh.enumerated().sorted { ($0.element.item.startDate, $0.offset) < ($1.element.item.startDate, $1.offset) }.map(\.element)
    }

    /// An execution this dashboard started (shown at once, read as soon as it is in view).
    package mutating func adopt(executionArn: String, machineArn: String) {
        guard executions[executionArn] == nil else { return }
        executions[executionArn] = Execution(machineArn: machineArn, shownStatus: .running, listedStatus: .running)
    }

    /// DescribeStateMachine answered (or said the machine is gone).
    package mutating func described(machineArn: String, text: String?, roleArn: String?) {
        machines[machineArn, default: Machine(name: String(machineArn.split(separator: ":").last ?? ""))].described = true
        machines[machineArn]?.definitionText = text
        machines[machineArn]?.roleArn = roleArn
    }

    /// A machine's definition changed here (`:open`): describe it again.
    package mutating func redescribe(machineArn: String, name: String) {
        machines[machineArn, default: Machine(name: name)].described = false
    }

    /// New events of `arn` were read at `now` (possibly none).
    package mutating func read(_ arn: String, events: [HistoryEvent], now: Double) {
        guard var execution = executions[arn] else { return }
        execution.lastRead = now
        execution.readSoon = false
        if let newest = events.last {
            execution.lastEventId = max(execution.lastEventId, newest.id)
            // The newest event decides: a redrive writes ExecutionRedriven after the end it restarts from.
            execution.sawEnd = newest.type.isTerminal
        }
        executions[arn] = execution
    }

    /// The service no longer knows `arn`.
    package mutating func lost(_ arn: String) {
        executions[arn]?.gone = true
    }

    /// Read `arn` at the next turn (it was stopped or redriven from here).
    package mutating func readSoon(_ arn: String, redriven: Bool = false) {
        executions[arn]?.readSoon = true
        if redriven { executions[arn]?.sawEnd = false }
    }
}
