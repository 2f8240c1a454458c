import ASL
import History

/// The panes of the main view, in Tab order.
public enum Pane: Int, Sendable, Hashable, CaseIterable {
    case orders, graph, detail

    public var title: String {
        switch self {
        case .orders: return "Orders"
        case .graph: return "Graph"
        case .detail: return "Detail"
        }
    }
}

/// What fills the screen under the header.
public enum DashboardMode: Sendable, Hashable {
    case main
    /// The executions of the run (group) with this id, side by side.
    case compare(group: Int)
    /// The messages in the dead-letter queues.
    case queues
    /// One execution's state runs on a time axis.
    case timeline(arn: String)
    /// One execution's history as a table.
    case events(arn: String)
    /// The selected state's run, full screen: input, each processing step, output, error,
    /// attempts, variables and definition.
    case stateDetails(arn: String)
}

/// Everything the dashboard shows, as one value. `reduce` changes it, `render` draws it.
public struct DashboardState: Sendable, Equatable {
    /// Definitions by key (``DashboardMachine/definitionKey``, ``ExecutionSummary/definitionKey``):
    /// each machine's current one and every other one its executions ran (an execution started
    /// before an UpdateStateMachine ran the older definition), each kept once.
    public private(set) var definitions: [String: StateMachineDefinition] = [:]
    /// The keys of each machine's definitions, by machine ARN, oldest first.
    private var definitionKeysByMachine: [String: [String]] = [:]
    /// The state machines in the order the form offers them (by ARN: names need not be unique).
    public private(set) var machines: [DashboardMachine] = []
    private var machineIndexByArn: [String: Int] = [:]
    /// The form's fields per machine; a machine without one gets ``FormDescription/generic(testCases:)``.
    public var forms: [String: FormDescription] = [:]
    /// Mock test cases per machine (offered by the generic form).
    public var testCases: [String: [String]] = [:]
    /// The values last started per machine: the form opens with them, a quick start reuses them.
    public var lastValues: [String: [String: String]] = [:]
    /// The key that starts a whole run at once (none if nil).
    public var quickStart: QuickStart?
    /// The executions list's label columns, in order.
    public var labelColumns: [LabelColumn] = []
    /// The name in the header.
    public var title = "Step Functions"
    /// Whether older executions than those listed can be loaded (a service answering pages).
    public var olderExecutions = OlderExecutions.none
    /// Executions in start order (the list shows them newest first).
    public var executions: [ExecutionSummary] = [] {
        // Lookups by ARN and by group are per frame and per event, and the list may hold
        // tens of thousands: keep indexes, rebuilt when executions are added or replaced (an
        // event only changes an element, which leaves them valid). No `oldValue` here, so that
        // an element's update stays in place instead of copying the array.
        didSet {
            guard executions.count != indexedCount || executions.last?.arn != indexedLastArn else { return }
            let appendedOne = executions.count == indexedCount + 1 && (indexedCount == 0 || executions[indexedCount - 1].arn == indexedLastArn)
            if appendedOne { indexAppended() } else { rebuildIndexes() }
        }
    }
    /// Position in `executions` by ARN.
    private var positionByArn: [String: Int] = [:]
    /// Positions of a run's members, by rank.
    private var positionsByGroup: [Int: [Int]] = [:]
    private var indexedCount = 0
    private var indexedLastArn: String?
    /// The orders list as entries, oldest first: an execution alone, or a run (header and
    /// members); kept as executions arrive, so that a frame reads only the rows it shows.
    private var orderEntries: [OrderEntry] = []
    /// For each position in `executions`, the index of its entry in `orderEntries`.
    private var entryIndexByPosition: [Int] = []
    private var entryIndexByGroup: [Int: Int] = [:]
    /// How many rows the orders list has unfiltered (headers included).
    private var indexedRowCount = 0
    /// Executions marked (space) for comparing, by ARN, in the order they were marked.
    public var marked: [String] = []
    /// What the list is filtered by (`/`): a piece of a name, machine, status or label; empty: all.
    public var filter = ""
    /// Whether keys go to the filter (after `/`, until Enter or Esc).
    public var isEditingFilter = false
    /// Events that arrived before their execution was announced, by ARN.
    public var earlyEvents: [String: [HistoryEvent]] = [:]
    /// The selected row of the orders list (a run's header or an execution).
    public var selectedRow: OrderRow?
    /// The state selected in the graph pane (nil: follow the running state).
    public var selectedState: String?
    public var focus: Pane = .orders
    public var mode: DashboardMode = .main
    /// Where Esc goes back to from a view opened over another (the timeline from compare).
    public var returnMode: DashboardMode?
    public var showHelp = false
    /// The first line of the help overlay shown (it scrolls when the terminal is short).
    public var helpScroll = 0
    public var form: StartForm?
    /// Set by a start that makes a run, until its executions are announced; then the compare view opens.
    public var awaitingGroup = false
    /// The selected row of the compare view.
    public var compareRow = 0
    public var detailScroll = 0
    public var queueScroll = 0
    public var speed: ClockMode
    /// Engine time, injected by `.tick`.
    public var now: Double
    public var width: Int
    public var height: Int
    /// The dead-letter queues' names, shown even while empty.
    public var deadLetterQueues: [String] = []
    /// Messages in the dead-letter queues, in the order they were sent.
    public var deadLetters: [QueueMessage] = []
    /// A line of news per execution (by ARN) from whoever started it, shown in the detail pane.
    public var notes: [String: String] = [:]
    /// A one-line message in the footer (what just happened, or what went wrong).
    public var message: String?
    /// How the source of the executions is doing, at the header's right while set (see
    /// ``DashboardAction/status(_:)``): unlike `message`, no key clears it.
    public var statusLine: String?
    /// The timeline view's selection, folds, zoom and scroll.
    public var timeline = TimelineViewState()
    /// The events view's selection, filter and expanded events.
    public var eventsView = EventsViewState()
    /// A cursor over the history of the selected execution (or of a run's executions in
    /// lockstep): while set, every view shows the executions as of the cursor.
    public var replay: Replay?
    /// A Map iteration or Parallel branch the graph shows on its own.
    public var iterationFocus: IterationFocus?
    /// The run of the selected state the detail pane shows (its timeline row's key; nil: the latest).
    public var detailRunKey: String?
    /// Runs of states inspected by the service (TestState): the value after each processing
    /// step, by ``inspectionKey(_:_:)``.
    public var inspections: [String: StateInspection] = [:]
    /// Inspections asked for (answered or not), so that each run is asked about once.
    public var inspectionsAsked: Set<String> = []
    /// The `:` command line while it is open, and the commands entered before.
    public var commandLine: CommandLineState?
    public var commandHistory: [String] = []

    /// - Parameter machines: the state machines the form offers, in this order, with their
    ///   current definitions.
    public init(machines: [(arn: String, name: String, definition: StateMachineDefinition)] = [], speed: ClockMode,
                now: Double = 0, width: Int = 80, height: Int = 24) {
        self.speed = speed
        self.now = now
        self.width = width
        self.height = height
        for machine in machines { addMachine(arn: machine.arn, name: machine.name, definition: machine.definition) }
    }

    /// The state machine with this ARN.
    public func machine(_ arn: String) -> DashboardMachine? { machineIndexByArn[arn].map { machines[$0] } }

    /// The state machines called `name` (more than one when the same name exists in two regions).
    public func machines(named name: String) -> [DashboardMachine] { machines.filter { $0.name == name } }

    /// The current definition of the machine with this ARN.
    public func definition(ofMachine arn: String) -> StateMachineDefinition? { machine(arn).flatMap { definitions[$0.definitionKey] } }

    /// The definition `summary` ran (nil while not known, or when there is none to be had).
    public func definition(of summary: ExecutionSummary) -> StateMachineDefinition? { summary.definitionKey.flatMap { definitions[$0] } }

    /// Adds a state machine, or gives a known one (same ARN) its new current definition; the
    /// executions that ran the older one keep drawing it.
    mutating func addMachine(arn: String, name: String, definition: StateMachineDefinition) {
        let key = intern(definition, machineArn: arn)
        if let index = machineIndexByArn[arn] {
            machines[index].name = name
            machines[index].definitionKey = key
        } else {
            machineIndexByArn[arn] = machines.count
            machines.append(DashboardMachine(arn: arn, name: name, definitionKey: key))
        }
    }

    /// The key of `definition` among the machine's definitions, kept under a new key if it is
    /// new: the machine's ARN for its first, `ARN#2`, `ARN#3`, … for the next ones.
    mutating func intern(_ definition: StateMachineDefinition, machineArn: String) -> String {
        let keys = definitionKeysByMachine[machineArn] ?? []
        // The newest first: an execution most likely ran the machine's latest definition.
        if let known = keys.reversed().first(where: { definitions[$0] == definition }) { return known }
        let key = keys.isEmpty ? machineArn : "\(machineArn)#\(keys.count + 1)"
        definitions[key] = definition
        definitionKeysByMachine[machineArn, default: []].append(key)
        return key
    }

    /// Puts `summary` among the executions by its start date, after those that started at the
    /// same time (before them when `beforeTies`: it is known to be older); answers whether it is
    /// the newest (then it was appended). An execution already known is left as it is (false).
    @discardableResult
    mutating func insertByStart(_ summary: ExecutionSummary, beforeTies: Bool) -> Bool {
        guard position(of: summary.arn) == nil else { return false }
        func later(_ other: ExecutionSummary) -> Bool { beforeTies ? other.startDate >= summary.startDate : other.startDate > summary.startDate }
        guard let last = executions.last, later(last) else {
            executions.append(summary)
            return true
        }
        // Binary search for the first execution that goes after it.
        var low = 0, high = executions.count
        while low < high {
            let middle = (low + high) / 2
            if later(executions[middle]) { high = middle } else { low = middle + 1 }
        }
        executions.insert(summary, at: low)
        return false
    }

    /// The execution with this ARN.
    public func execution(_ arn: String) -> ExecutionSummary? { position(of: arn).map { executions[$0] } }

    /// Where the execution with this ARN is in `executions`.
    public func position(of arn: String) -> Int? { positionByArn[arn] }

    /// The usual change: one execution started.
    private mutating func indexAppended() {
        let position = executions.count - 1
        let summary = executions[position]
        positionByArn[summary.arn] = position
        if let group = summary.group?.id {
            var members = positionsByGroup[group, default: []]
            let rank = summary.group?.rank ?? 0
            members.insert(position, at: members.firstIndex { (executions[$0].group?.rank ?? 0) > rank } ?? members.count)
            positionsByGroup[group] = members
        }
        indexEntry(of: position)
        indexedCount = executions.count
        indexedLastArn = summary.arn
    }

    private mutating func rebuildIndexes() {
        positionByArn = [:]
        positionsByGroup = [:]
        orderEntries = []
        entryIndexByPosition = []
        entryIndexByGroup = [:]
        indexedRowCount = 0
        for (position, summary) in executions.enumerated() {
            positionByArn[summary.arn] = position
            if let group = summary.group?.id { positionsByGroup[group, default: []].append(position) }
            indexEntry(of: position)
        }
        for group in positionsByGroup.keys {
            positionsByGroup[group]!.sort { (executions[$0].group?.rank ?? 0) < (executions[$1].group?.rank ?? 0) }
        }
        indexedCount = executions.count
        indexedLastArn = executions.last?.arn
    }

    /// Files the execution at `position` (the next one) under its orders-list entry.
    private mutating func indexEntry(of position: Int) {
        if let group = executions[position].group?.id {
            if let entry = entryIndexByGroup[group] {
                entryIndexByPosition.append(entry)
                indexedRowCount += 1
                return
            }
            entryIndexByGroup[group] = orderEntries.count
            orderEntries.append(.group(group))
            indexedRowCount += 2
        } else {
            orderEntries.append(.single(position))
            indexedRowCount += 1
        }
        entryIndexByPosition.append(orderEntries.count - 1)
    }

    /// The execution the graph and detail panes show: the selected one, or a group's first.
    public var selectedExecution: ExecutionSummary? {
        switch selectedRow {
        case .execution(let arn): return execution(arn)
        case .group(let id): return groupMembers(id).first
        case nil: return nil
        }
    }

    /// The executions of a run, by rank.
    public func groupMembers(_ group: Int) -> [ExecutionSummary] {
        (positionsByGroup[group] ?? []).map { executions[$0] }
    }

    /// Every status's count in one pass (the header shows all five on every frame).
    public var statusCounts: [ExecutionStatus: Int] {
        // Counted in an array, not the dictionary: no hashing per execution.
        var tally = [Int](repeating: 0, count: ExecutionStatus.allCases.count)
        for summary in executions {
            switch summary.status {
            case .running: tally[0] += 1
            case .succeeded: tally[1] += 1
            case .failed: tally[2] += 1
            case .timedOut: tally[3] += 1
            case .aborted: tally[4] += 1
            }
        }
        return Dictionary(uniqueKeysWithValues: zip([.running, .succeeded, .failed, .timedOut, .aborted], tally))
    }

    /// Whether anything runs (then the loop ticks to animate elapsed times).
    public var isAnythingRunning: Bool { executions.contains { $0.status == .running } }

    /// Whether the loop should send ticks: something runs, or a replay plays.
    public var needsAnimation: Bool { replay?.isPlaying == true || isAnythingRunning }

    /// The rows of the orders list, newest first; a run is a header row and its members.
    public var orderRows: [OrderRow] { orderRows(from: 0, count: orderRowCount) }

    /// How many rows the orders list has (headers included; filtered: the matching executions).
    public var orderRowCount: Int { filter.isEmpty ? indexedRowCount : filteredPositions().count }

    /// `count` rows of the orders list from row `first` on (what a frame shows), without building
    /// the others.
    public func orderRows(from first: Int, count: Int) -> [OrderRow] {
        if !filter.isEmpty {
            let matching = filteredPositions()
            let start = max(0, first)
            guard start < matching.count, count > 0 else { return [] }
            return matching[start..<min(matching.count, start + count)].map { .execution(executions[$0].arn) }
        }
        var rows: [OrderRow] = []
        rows.reserveCapacity(max(0, min(count, orderRowCount - first)))
        var skip = max(0, first)
        for entry in orderEntries.reversed() {
            guard rows.count < count else { break }
            let size = rowCount(of: entry)
            if skip >= size { skip -= size; continue }
            for offset in skip..<size where rows.count < count { rows.append(row(offset, of: entry)) }
            skip = 0
        }
        return rows
    }

    /// The row at `index` of the orders list.
    public func orderRow(at index: Int) -> OrderRow? {
        guard index >= 0, index < orderRowCount else { return nil }
        return orderRows(from: index, count: 1).first
    }

    /// Where `row` is in the orders list.
    public func orderRowIndex(of row: OrderRow) -> Int? {
        if !filter.isEmpty {
            guard case .execution(let arn) = row, let position = positionByArn[arn] else { return nil }
            return filteredPositions().firstIndex(of: position)
        }
        let entry: Int, offset: Int
        switch row {
        case .group(let group):
            guard let index = entryIndexByGroup[group] else { return nil }
            (entry, offset) = (index, 0)
        case .execution(let arn):
            guard let position = positionByArn[arn] else { return nil }
            entry = entryIndexByPosition[position]
            if let group = executions[position].group?.id {
                offset = 1 + (positionsByGroup[group]?.firstIndex(of: position) ?? 0)
            } else {
                offset = 0
            }
        }
        var newer = 0
        for later in orderEntries[(entry + 1)...] { newer += rowCount(of: later) }
        return newer + offset
    }

    private func rowCount(of entry: OrderEntry) -> Int {
        switch entry {
        case .single: return 1
        case .group(let group): return 1 + (positionsByGroup[group]?.count ?? 0)
        }
    }

    private func row(_ offset: Int, of entry: OrderEntry) -> OrderRow {
        switch entry {
        case .single(let position): return .execution(executions[position].arn)
        case .group(let group):
            return offset == 0 ? .group(group) : .execution(executions[positionsByGroup[group]![offset - 1]].arn)
        }
    }
}

/// A state machine the dashboard knows. The ARN is its identity: the same name may exist in
/// two regions (or accounts), so names are only what the screen shows.
public struct DashboardMachine: Sendable, Equatable {
    public var arn: String
    public var name: String
    /// The key of its current definition (what its next execution runs) in ``DashboardState/definitions``.
    public var definitionKey: String
}

/// An entry of the orders list: an execution on its own row (by position), or a run.
private enum OrderEntry: Sendable, Equatable {
    case single(Int)
    case group(Int)
}

/// A row of the orders list.
public enum OrderRow: Sendable, Hashable {
    /// The header of a run (its group id).
    case group(Int)
    case execution(String)
}
