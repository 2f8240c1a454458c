import ASL
import History

/// One execution's history as a tree of runs on a time axis, as the console's timeline shows it:
/// a row per state run (a state entered twice by a loop has two rows), a Task's attempts with the
/// backoff between them, and under a Parallel or a Map one row per branch or iteration holding
/// the runs inside it. Built from the events alone (and the definition, which says where each
/// state lives), so a replay's prefix of the history gives the timeline as of that moment.
public struct Timeline: Sendable, Equatable {
    /// Every row, parents before their children.
    public private(set) var rows: [TimelineRow] = []
    /// The top-level rows, in the order they began.
    public private(set) var roots: [Int] = []
    /// Engine time of the first event and of the last.
    public private(set) var start: Double = 0
    public private(set) var lastEventTime: Double = 0
    /// Whether the history ends the execution; until then open rows run on to the present.
    public private(set) var isFinished = false
    /// How many events it was built from.
    public private(set) var eventCount = 0
    /// For each event, the branch or iteration row it happened in (nil: outside every Parallel and Map).
    public private(set) var eventFrames: [Int?] = []

    /// - Parameter events: the history, in order (events that do not name their state are
    ///   attributed through their `previousEventId`, as ``HistoryEvent/attributingStates(_:)`` does).
    public init(events: [HistoryEvent], definition: StateMachineDefinition?) {
        var builder = TimelineBuilder(scopes: StateScopes(definition))
        for event in HistoryEvent.attributingStates(events) { builder.add(event) }
        isFinished = events.last.map { $0.type.isTerminal } ?? false
        start = events.first?.timestamp ?? 0
        lastEventTime = events.last?.timestamp ?? 0
        builder.finish(at: lastEventTime, executionEnded: isFinished, failed: events.last.map { $0.type != .executionSucceeded } ?? false)
        rows = builder.rows
        roots = builder.roots
        eventFrames = builder.eventFrames
        eventCount = events.count
    }

    /// Where the time axis ends: the last event, or `now` while the execution runs.
    public func end(now: Double) -> Double { isFinished ? lastEventTime : max(lastEventTime, now) }

    /// The rows shown when the rows in `unfolded` (by key) show their children, depth first;
    /// with `failedFirst`, a Map's failed iterations come before the others.
    public func visibleRows(unfolded: Set<String>, failedFirst: Bool = false) -> [Int] {
        var shown: [Int] = []
        func visit(_ index: Int) {
            shown.append(index)
            guard unfolded.contains(rows[index].key) else { return }
            var children = rows[index].children
            if failedFirst {
                children = children.filter { rows[$0].status == .failed } + children.filter { rows[$0].status != .failed }
            }
            for child in children { visit(child) }
        }
        for root in roots { visit(root) }
        return shown
    }

    /// The events of one iteration (or branch) on their own, with those outside its Map (or
    /// Parallel) run: the history as the graph shows it when that iteration is opened. The
    /// other iterations' events are left out.
    public func events(_ events: [HistoryEvent], focusedOn frameRow: Int) -> [HistoryEvent] {
        guard rows.indices.contains(frameRow), let run = rows[frameRow].parent else { return events }
        var inFocus: [Int: Bool] = [:]
        func keep(_ row: Int?) -> Bool {
            guard let row else { return true }
            if let known = inFocus[row] { return known }
            // A frame row's parent is its Parallel or Map run; that run's parent, the frame around it.
            let result: Bool
            if row == frameRow { result = true }
            else if rows[row].parent == run { result = false }
            else { result = keep(rows[row].parent.flatMap { rows[$0].parent }) }
            inFocus[row] = result
            return result
        }
        return events.indices.compactMap { index in
            index < eventFrames.count && !keep(eventFrames[index]) ? nil : events[index]
        }
    }

    /// The row with this key.
    public func row(key: String) -> TimelineRow? { rows.first { $0.key == key } }
}

/// A state run, a Parallel branch or a Map iteration on the timeline.
public struct TimelineRow: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A run of the named state (its type from the definition, e.g. `Task`).
        case state(type: String)
        case branch(index: Int)
        case iteration(index: Int)
    }

    /// Stable across rebuilds of a growing history: folds and the selection are kept by key.
    public var key: String
    public var kind: Kind
    /// The state's name, `branch 2` or `iteration 7`.
    public var title: String
    /// The state the row belongs to (for a branch or an iteration, its Parallel or Map).
    public var stateName: String
    public var depth: Int
    public var start: Double
    /// Nil while the run goes on.
    public var end: Double?
    public var status: StateRunStatus
    /// A task's attempts in order; empty for states that run no task.
    public var attempts: [TimelineSpan] = []
    public var children: [Int] = []
    /// The row this one is nested in (a branch's or iteration's Parallel or Map run; a run's
    /// branch or iteration).
    public var parent: Int?
    /// Index of the event that began the row, in the history it was built from.
    public var firstEvent: Int
}

extension TimelineRow {
    /// Whether the row is a Parallel's branch or a Map's iteration (not a state run).
    public var isIterationOrBranch: Bool {
        switch kind {
        case .branch, .iteration: return true
        case .state: return false
        }
    }
}

/// One attempt of a task: from its scheduling to its outcome.
public struct TimelineSpan: Sendable, Equatable {
    public var start: Double
    /// Nil while the attempt runs.
    public var end: Double?
    public var failed: Bool
}
