import History

/// Files each event of a history under the row it belongs to.
///
/// Where an event belongs follows its `previousEventId`: an event continues the thread of the
/// event before it (a Map iteration's events chain back to their MapIterationStarted), and the
/// state it names says how far up that thread it sits (the state after a Parallel is outside
/// the branch the previous event was in). A thread is a path of frames: a Parallel run's
/// branch, or a Map run's iteration.
struct TimelineBuilder {
    private struct Frame: Equatable {
        /// The Parallel or Map state, and the row of its run.
        var container: String
        var run: Int
        /// The branch's or the iteration's index.
        var index: Int
        var isIteration: Bool

        func holds(_ scope: StateScopes.Scope) -> Bool {
            switch scope {
            case .root: return false
            case .branch(let parallel, let index): return !isIteration && container == parallel && self.index == index
            case .processor(let map): return isIteration && container == map
            }
        }
    }

    let scopes: StateScopes
    private(set) var rows: [TimelineRow] = []
    private(set) var roots: [Int] = []
    /// For each event added, the branch or iteration row it happened in.
    private(set) var eventFrames: [Int?] = []
    /// The thread of each event seen, by event id.
    private var threads: [Int: [Frame]] = [:]
    /// The latest run of a state within a thread, by thread key and name.
    private var openRuns: [String: Int] = [:]
    /// The branch or iteration row of a frame, by thread key.
    private var frameRows: [String: Int] = [:]
    /// Runs per thread and name so far (for row keys).
    private var runCounts: [String: Int] = [:]
    /// Whether each row's latest task attempt (or Parallel/Map outcome) failed.
    private var lastOutcomeFailed: [Int: Bool] = [:]
    /// When each branch or iteration row last saw an event of its own.
    private var lastSeen: [Int: Double] = [:]
    private var eventIndex = 0

    init(scopes: StateScopes) { self.scopes = scopes }

    mutating func add(_ event: HistoryEvent) {
        defer { eventIndex += 1 }
        let base = threads[event.previousEventId] ?? []
        guard let name = event.details.stateName else {
            threads[event.id] = []
            eventFrames.append(nil)
            return
        }
        let type = event.type
        var thread = self.thread(for: name, base: base)
        switch type {
        case .mapIterationStarted, .mapIterationSucceeded, .mapIterationFailed, .mapIterationAborted:
            let index = event.details.index ?? 0
            guard let run = openRuns[runKey(thread, name)] else { break }
            thread.append(Frame(container: name, run: run, index: index, isIteration: true))
            let row = frameRow(thread, at: event.timestamp)
            if type != .mapIterationStarted {
                rows[row].end = event.timestamp
                rows[row].status = type == .mapIterationSucceeded ? .succeeded : type == .mapIterationFailed ? .failed : .cancelled
            }
        default:
            addStateEvent(event, name: name, thread: thread)
        }
        var innermost: Int?
        for depth in thread.indices {
            if let row = frameRows[threadKey(Array(thread[...depth]))] {
                lastSeen[row] = event.timestamp
                innermost = row
            }
        }
        eventFrames.append(innermost)
        threads[event.id] = thread
    }

    private mutating func addStateEvent(_ event: HistoryEvent, name: String, thread: [Frame]) {
        let type = event.type
        let key = runKey(thread, name)
        if type.isStateEntered {
            let parent = thread.isEmpty ? nil : frameRow(thread, at: event.timestamp)
            let count = runCounts[key, default: 0]
            runCounts[key] = count + 1
            let row = TimelineRow(key: key + "#\(count)", kind: .state(type: scopes.types[name] ?? String(type.rawValue.dropLast("StateEntered".count))),
                                  title: name, stateName: name, depth: thread.count, start: event.timestamp, end: nil,
                                  status: type == .failStateEntered ? .failed : .inProgress, firstEvent: eventIndex)
            rows.append(row)
            let index = rows.count - 1
            rows[index].parent = parent
            if let parent { rows[parent].children.append(index) } else { roots.append(index) }
            openRuns[key] = index
            if type == .failStateEntered { rows[index].end = event.timestamp }
            return
        }
        guard let row = openRuns[key] else { return }
        switch type {
        case _ where type.schedulesTask:
            rows[row].attempts.append(TimelineSpan(start: event.timestamp, end: nil, failed: false))
            rows[row].status = rows[row].attempts.count > 1 ? .retrying(attempt: rows[row].attempts.count) : .inProgress
            lastOutcomeFailed[row] = false
        case .taskSucceeded, .lambdaFunctionSucceeded, .activitySucceeded:
            endAttempt(row, at: event.timestamp, failed: false)
        case .taskFailed, .taskTimedOut, .lambdaFunctionFailed, .lambdaFunctionTimedOut, .activityFailed, .activityTimedOut,
             .activityScheduleFailed, .evaluationFailed:
            endAttempt(row, at: event.timestamp, failed: true)
        case .parallelStateFailed, .mapStateFailed:
            lastOutcomeFailed[row] = true
            rows[row].status = .failed
            closeFrames(of: row)
        case .parallelStateAborted, .mapStateAborted, .taskStateAborted, .waitStateAborted:
            rows[row].end = event.timestamp
            rows[row].status = .cancelled
            closeFrames(of: row)
        case _ where type.isStateExited:
            rows[row].end = event.timestamp
            rows[row].status = lastOutcomeFailed[row] == true ? .caught : .succeeded
            closeFrames(of: row)
        case .parallelStateSucceeded, .mapStateSucceeded:
            closeFrames(of: row)
        default:
            break
        }
    }

    /// A Parallel's branches (or a Map's iterations) still open when the run is over end with
    /// their last event, with the outcome of the runs inside them.
    private mutating func closeFrames(of run: Int) {
        for child in rows[run].children where rows[child].end == nil {
            switch rows[child].kind {
            case .branch, .iteration:
                rows[child].end = lastSeen[child] ?? rows[child].start
                let inner = rows[child].children.map { rows[$0].status }
                rows[child].status = inner.contains(.failed) ? .failed : inner.contains(where: { $0 == .cancelled || $0.isActive }) ? .cancelled : .succeeded
            case .state:
                break
            }
        }
    }

    private mutating func endAttempt(_ row: Int, at time: Double, failed: Bool) {
        lastOutcomeFailed[row] = failed
        if failed { rows[row].status = .failed }
        guard let last = rows[row].attempts.indices.last, rows[row].attempts[last].end == nil else { return }
        rows[row].attempts[last].end = time
        rows[row].attempts[last].failed = failed
    }

    /// Rows still open when the history stops: at the execution's end they were cut short
    /// (failed if their last outcome was a failure, else cancelled); while it runs they go on.
    mutating func finish(at end: Double, executionEnded: Bool, failed: Bool) {
        guard executionEnded else { return }
        for index in rows.indices where rows[index].end == nil {
            rows[index].end = lastSeen[index].map { max($0, rows[index].start) } ?? end
            if rows[index].status.isActive || rows[index].status == .failed {
                rows[index].status = lastOutcomeFailed[index] == true || rows[index].status == .failed ? .failed : (failed ? .cancelled : .succeeded)
            }
            if let last = rows[index].attempts.indices.last, rows[index].attempts[last].end == nil { rows[index].attempts[last].end = end }
        }
    }

    /// The thread an event of `name` belongs to, given the thread of the event before it.
    private func thread(for name: String, base: [Frame]) -> [Frame] {
        let scope = scopes.scope(of: name)
        if scope == .root { return [] }
        var thread = base
        while let last = thread.last, !last.holds(scope) { thread.removeLast() }
        if !thread.isEmpty { return thread }
        // Entering the scope: from the thread its Parallel or Map runs in.
        switch scope {
        case .root:
            return []
        case .branch(let parallel, let index):
            let outer = self.thread(for: parallel, base: base)
            guard let run = openRuns[runKey(outer, parallel)] else { return outer }
            return outer + [Frame(container: parallel, run: run, index: index, isIteration: false)]
        case .processor(let map):
            let outer = self.thread(for: map, base: base)
            guard let run = openRuns[runKey(outer, map)] else { return outer }
            return outer + [Frame(container: map, run: run, index: 0, isIteration: true)]
        }
    }

    /// The branch or iteration row of the thread's innermost frame, made when first needed.
    private mutating func frameRow(_ thread: [Frame], at time: Double) -> Int {
        let key = threadKey(thread)
        if let row = frameRows[key] { return row }
        let frame = thread[thread.count - 1]
        let row = TimelineRow(key: key, kind: frame.isIteration ? .iteration(index: frame.index) : .branch(index: frame.index),
                              title: frame.isIteration ? "iteration \(frame.index)" : "branch \(frame.index + 1)",
                              stateName: frame.container, depth: thread.count, start: time, end: nil, status: .inProgress, firstEvent: eventIndex)
        rows.append(row)
        let index = rows.count - 1
        rows[index].parent = frame.run
        rows[frame.run].children.append(index)
        frameRows[key] = index
        return index
    }

    private func threadKey(_ thread: [Frame]) -> String {
        thread.map { "\(rows[$0.run].key)/\($0.isIteration ? "i" : "b")\($0.index)" }.last ?? ""
    }

    private func runKey(_ thread: [Frame], _ name: String) -> String { threadKey(thread) + "/" + name }
}
