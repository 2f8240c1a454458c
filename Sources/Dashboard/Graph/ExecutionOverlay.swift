import ASL
import History

/// One transition of an execution: `from` ended and `to` was entered next. A Parallel or Map
/// state's name stands for its fork (as `from`, to a branch's first state) and its join (as
/// `to`, from a branch's last state).
public struct TakenEdge: Sendable, Hashable {
    public var from: String
    public var to: String
    /// Whether the transition went through a Catch.
    public var caught: Bool
    public init(from: String, to: String, caught: Bool) { self.from = from; self.to = to; self.caught = caught }
}

/// The state of every step of one execution, recomputed from its history: what each state
/// is doing (its latest run when a loop entered it several times), how many attempts it took,
/// and which transitions were taken.
public struct ExecutionOverlay: Sendable, Equatable {
    private var statuses: [String: StateRunStatus] = [:]
    private var attemptCounts: [String: Int] = [:]
    public private(set) var takenEdges: Set<TakenEdge> = []

    /// Replays `events`. With the definition, transitions are matched against its edges
    /// (so a failure followed by its Catch target reads as caught); without it, each state
    /// entered is linked to the state that ended just before.
    public init(events: [HistoryEvent], definition: StateMachineDefinition? = nil) {
        let links = definition.map(TransitionIndex.init)
        var open: [String: Int] = [:]
        var endedAt: [String: (index: Int, failed: Bool)] = [:]
        var lastEnded: String?
        // Whether a state's latest task/parallel/map outcome was a failure: the engine (like AWS)
        // still emits a ...StateExited after a Catch, and that exit must read as caught.
        var lastOutcomeFailed: [String: Bool] = [:]
        // The errors of each state's failed attempts in its latest run, to tell (with the
        // definition's Retry) a failure that waits for its retry from one that ends the run.
        var failures: [String: [String]] = [:]
        for (index, event) in events.enumerated() {
            let type = event.type
            if type == .executionAborted || type == .executionTimedOut {
                // Aborted: stopped from outside. Timed out: the running states are what failed.
                let outcome: StateRunStatus = type == .executionAborted ? .cancelled : .failed
                for (name, status) in statuses where status.isActive { statuses[name] = outcome }
                continue
            }
            if type == .executionSucceeded || type == .executionFailed {
                // A state still waiting for a retry when the execution ended was stopped.
                for (name, status) in statuses where status.isActive { statuses[name] = .cancelled }
                continue
            }
            guard let name = event.details.stateName else { continue }
            func end(failed: Bool) {
                open[name] = max(0, (open[name] ?? 1) - 1)
                endedAt[name] = (index, failed)
                lastEnded = name
            }
            if type.isStateEntered {
                open[name, default: 0] += 1
                attemptCounts[name] = 0
                lastOutcomeFailed[name] = false
                failures[name] = []
                statuses[name] = type == .failStateEntered ? .failed : .inProgress
                if let links {
                    if let container = links.branchStart[name] { takenEdges.insert(TakenEdge(from: container, to: name, caught: false)) }
                    let candidates = (links.predecessors[name] ?? []).compactMap { p -> (String, Int, Bool, Bool)? in
                        guard let e = endedAt[p.from], p.caught == e.failed else { return nil }
                        return (p.from, e.index, e.failed, p.caught)
                    }
                    if let latest = candidates.max(by: { $0.1 < $1.1 }) {
                        takenEdges.insert(TakenEdge(from: latest.0, to: name, caught: latest.3))
                        if latest.2 { statuses[latest.0] = .caught }
                        endedAt[latest.0] = nil
                    }
                } else if let previous = lastEnded {
                    let failed = endedAt[previous]?.failed ?? false
                    takenEdges.insert(TakenEdge(from: previous, to: name, caught: failed))
                    if failed { statuses[previous] = .caught }
                    lastEnded = nil
                }
            } else if type.isStateExited {
                let caught = lastOutcomeFailed[name] ?? false
                end(failed: caught)
                if open[name] == 0 { statuses[name] = caught ? .caught : .succeeded }
                if let container = links?.branchEnd[name] { takenEdges.insert(TakenEdge(from: name, to: container, caught: false)) }
            } else {
                switch type {
                case .taskScheduled, .lambdaFunctionScheduled, .activityScheduled:
                    let attempt = (attemptCounts[name] ?? 0) + 1
                    attemptCounts[name] = attempt
                    statuses[name] = attempt > 1 ? .retrying(attempt: attempt) : .inProgress
                case .taskFailed, .taskTimedOut, .lambdaFunctionFailed, .lambdaFunctionTimedOut, .parallelStateFailed, .mapStateFailed,
                     .activityFailed, .activityTimedOut,
                     .evaluationFailed:  // a JSONata expression of the state failed
                    statuses[name] = .failed
                    lastOutcomeFailed[name] = true
                    end(failed: true)
                    failures[name, default: []].append(event.details.error ?? "")
                    if type == .parallelStateFailed || type == .mapStateFailed, let links {
                        // Whatever still ran inside was stopped with it.
                        for (inner, status) in statuses where status.isActive && links.isInside(inner, name) { statuses[inner] = .cancelled }
                    }
                    // Waiting for its next attempt: still running, as the console shows it.
                    if let policies = links?.retriers[name], RetryPolicy.retriesAfter(failures[name] ?? [], policies: policies) {
                        statuses[name] = .retrying(attempt: max(attemptCounts[name] ?? 0, failures[name]?.count ?? 0) + 1)
                    }
                case .taskSucceeded, .lambdaFunctionSucceeded, .parallelStateSucceeded, .mapStateSucceeded:
                    lastOutcomeFailed[name] = false
                case .taskStateAborted, .waitStateAborted, .parallelStateAborted, .mapStateAborted:
                    statuses[name] = .cancelled
                    open[name] = max(0, (open[name] ?? 1) - 1)
                    if type == .parallelStateAborted || type == .mapStateAborted, let links {
                        for (inner, status) in statuses where status.isActive && links.isInside(inner, name) { statuses[inner] = .cancelled }
                    }
                default:
                    break
                }
            }
        }
    }

    /// The status of a state's latest run.
    public func status(of state: String) -> StateRunStatus { statuses[state] ?? .notStarted }

    /// How many times the state's task was scheduled in its latest run (0 for states without a task).
    public func attempts(of state: String) -> Int { attemptCounts[state] ?? 0 }

    /// The states running now.
    public var activeStates: [String] { statuses.filter { $0.value.isActive }.map(\.key).sorted() }
}

/// For each state, the states that can lead to it (and whether through a Catch), plus the
/// first and last states of every Parallel branch and Map processor.
private struct TransitionIndex {
    var predecessors: [String: [(from: String, caught: Bool)]] = [:]
    var branchStart: [String: String] = [:]
    var branchEnd: [String: String] = [:]
    /// The Parallel or Map state each state is directly inside.
    var container: [String: String] = [:]
    /// Each state's Retry policies (states without any are left out).
    var retriers: [String: [RetryPolicy]] = [:]

    /// Whether `state` is inside `outer`, at any depth.
    func isInside(_ state: String, _ outer: String) -> Bool {
        var current = container[state]
        while let parent = current {
            if parent == outer { return true }
            current = container[parent]
        }
        return false
    }

    init(_ definition: StateMachineDefinition) { add(definition, container: nil) }

    private mutating func add(_ machine: StateMachineDefinition, container: String?) {
        if let container { branchStart[machine.startAt] = container }
        for (name, state) in machine.states {
            var plain = [state.next].compactMap { $0 }
            if case .choice(let choice) = state.kind {
                plain += choice.rules.map(\.next) + [choice.defaultNext].compactMap { $0 }
            }
            for target in Set(plain) { predecessors[target, default: []].append((name, false)) }
            for target in Set(state.catchers.map(\.next)) { predecessors[target, default: []].append((name, true)) }
            if let container, state.end || state.kind == .succeed { branchEnd[name] = container }
            if let container { self.container[name] = container }
            if !state.retry.isEmpty { retriers[name] = state.retry }
            switch state.kind {
            case .parallel(let branches): for b in branches { add(b, container: name) }
            case .map(let map): add(map.itemProcessor, container: name)
            default: break
            }
        }
    }
}
