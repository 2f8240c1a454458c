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
        guard let execution = executions[arn], !execution.gone else { return false }
        if execution.readSoon { return true }
        if let last = execution.lastRead, now < last + pacing.historyInterval { return false }
        // Its row does not show what the list says (it has ended, or been redriven, since).
        if execution.listedStatus != execution.rowStatus { return true }
        // In view: read once, then again while it runs.
        return inView && (execution.lastEventId == 0 || execution.rowStatus == .running)
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
                    known.listedStatus = item.status
                    executions[item.executionArn] = known
                } else {
                    executions[item.executionArn] = Execution(machineArn: machine.stateMachineArn, rowStatus: item.status, listedStatus: item.status,
                                                              reader: IncrementalHistoryReader(executionArn: item.executionArn, pageSize: pacing.historyPageSize))
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
        executions[executionArn] = Execution(machineArn: machineArn, rowStatus: .running, listedStatus: .running,
                                             reader: IncrementalHistoryReader(executionArn: executionArn, pageSize: pacing.historyPageSize))
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
