import ASL

/// A recorded history indexed for following each run's chain of events.
final class HistoryReplay {
    private let events: [HistoryEvent]
    private var children: [Int: [HistoryEvent]] = [:]

    init(_ events: [HistoryEvent]) {
        self.events = events
        for event in events { children[event.previousEventId, default: []].append(event) }
    }

    func event(_ id: Int) -> HistoryEvent? {
        guard id >= 1, id <= events.count, events[id - 1].id == id else { return events.first { $0.id == id } }
        return events[id - 1]
    }

    /// The events caused, directly or not, by the event `id` (along `previousEventId` links), in order.
    func descendants(of id: Int) -> [HistoryEvent] {
        var reached: Set<Int> = [id]
        var found: [HistoryEvent] = []
        for event in events where event.id > id && reached.contains(event.previousEventId) {
            reached.insert(event.id)
            found.append(event)
        }
        return found
    }

    /// The event that ends a Parallel/Map attempt: its settling event, or the next attempt's
    /// start when it was retried (Step Functions records no failure for a retried attempt). Its
    /// `previousEventId` points at the last event of a branch or iteration, so it is the first
    /// such event of the same state that descends from the start: state names alone are
    /// ambiguous when Map iterations run the same states side by side.
    func settle(of started: HistoryEvent) -> HistoryEvent? {
        descendants(of: started.id).first {
            $0.details.stateName == started.details.stateName && ($0.type.settlesParallelOrMap || ($0.type == started.type && $0.retriedError != nil))
        }
    }

    /// The output of the last state exited on the chain that starts after `startId` within
    /// `scope` (a finished Map iteration's result).
    func finalOutput(from startId: Int, scope: Set<String>) -> JSONValue? {
        var cursor = startId
        var output: JSONValue?
        while let next = next(after: cursor, scope: scope) {
            if next.type.isStateExited { output = next.details.output }
            cursor = next.id
        }
        return output
    }

    /// The event after the event `id` on a run's chain (0: the start of the top-level run, whose
    /// first state follows no event). After a Parallel/Map start the chain goes on with the end
    /// of that attempt (its `previousEventId` points into a branch or iteration).
    func next(after id: Int, scope: Set<String>) -> HistoryEvent? {
        // (Only for this run's own Parallel/Map: a branch's chain starts at its parent's start event.)
        if let cursor = event(id), cursor.type == .parallelStateStarted || cursor.type == .mapStateStarted,
           let name = cursor.details.stateName, scope.contains(name) {
            return settle(of: cursor)
        }
        // A Parallel's or Map's Succeeded event leaves the chain where it was: the state's exit
        // follows the same event it does (the branches' or iterations' last).
        // (A distributed Map's exit follows its MapRunStarted, one event further back.)
        if let cursor = event(id), cursor.type == .parallelStateSucceeded || cursor.type == .mapStateSucceeded {
            var from = cursor.previousEventId
            for _ in 0..<2 {
                if let exit = children[from]?.first(where: { $0.type.isStateExited && $0.details.stateName == cursor.details.stateName }) { return exit }
                guard let earlier = event(from) else { break }
                from = earlier.previousEventId
            }
            return nil
        }
        return children[id]?.first { event in
            guard let name = event.details.stateName else { return false }
            return scope.contains(name) && !event.type.isIterationEvent
        }
    }
}

extension HistoryEventType {
    var endsTaskAttempt: Bool {
        switch self {
        case .taskSucceeded, .taskFailed, .taskTimedOut, .lambdaFunctionSucceeded, .lambdaFunctionFailed, .lambdaFunctionTimedOut,
             .activitySucceeded, .activityFailed, .activityTimedOut: return true
        default: return false
        }
    }

    var settlesParallelOrMap: Bool {
        switch self {
        case .parallelStateSucceeded, .parallelStateFailed, .parallelStateAborted, .mapStateSucceeded, .mapStateFailed, .mapStateAborted: return true
        default: return false
        }
    }

    var isIterationEvent: Bool {
        switch self {
        case .mapIterationStarted, .mapIterationSucceeded, .mapIterationFailed, .mapIterationAborted: return true
        default: return false
        }
    }

    /// The error a failure event records (nil for other events).
    func failureError(_ event: HistoryEvent) -> StatesError? {
        switch self {
        case .taskFailed, .taskTimedOut, .lambdaFunctionFailed, .lambdaFunctionTimedOut, .parallelStateFailed, .mapStateFailed,
             .activityFailed, .activityTimedOut:
            return StatesError(event.details.error ?? "", event.details.cause ?? "")
        default: return nil
        }
    }
}

extension HistoryEvent {
    /// A Parallel's or Map's attempt that began because the one before it failed: that error
    /// (the engine keeps it on the attempt's start event; Step Functions writes no failure event
    /// for an attempt that is retried).
    var retriedError: StatesError? {
        guard type == .parallelStateStarted || type == .mapStateStarted, let error = details.error else { return nil }
        return StatesError(error, details.cause ?? "")
    }
}
