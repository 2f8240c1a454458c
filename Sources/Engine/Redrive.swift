import ASL

/// RedriveExecution, as AWS's redrive guide describes it ("Restarting state machine executions
/// with redrive"): a STANDARD execution that ended FAILED, TIMED_OUT or ABORTED continues from
/// the state where it stopped, with the same ARN, definition and input. Its history goes on (event
/// ids continue) with `ExecutionRedriven` (`redriveCount`), then the unsuccessful state is entered
/// again with the input it had:
/// - a Task is scheduled again, with its retry counters and TimeoutSeconds reset; a Choice
///   evaluates its rules again; a Wait waits again (a past timestamp: it exits at once); a Fail
///   fails again; the states that had exited are not run again;
/// - a Parallel re-runs only its branches that failed or were aborted, and an inline Map only
///   its iterations that failed or were aborted (each where it stopped): the others keep their
///   recorded outputs. After a `States.DataLimitExceeded` failure both re-run entirely, as AWS does;
/// - a distributed Map redrives its Map Run (MapRunRedriven; MapRunRunner.swift): the succeeded
///   children keep their outputs, the others run again. A Map Run read back from a store (what
///   it ran is not kept) or with a ResultWriter starts anew instead;
/// - the machine's TimeoutSeconds counts from the redrive.
///
/// A run may have been redriven before: each attempt's chain starts at its ExecutionRedriven (the
/// first at 0), and a branch or iteration that an attempt carried over without running it is found
/// in the attempt before.
extension Engine {
    /// AWS: redrivable for 14 days after the execution ended.
    static let redrivablePeriod = 14 * 86_400.0
    /// AWS: an execution stays open at most one year.
    static let maxOpenTime = 365 * 86_400.0
    /// AWS: the history must hold fewer events than this, to leave room for ExecutionRedriven and one more.
    static let redriveHistoryLimit = 24_999

    /// Why RedriveExecution refuses the execution now, in the words of DescribeExecution's
    /// `redriveStatusReason` (nil: it can be redriven).
    public func redriveRefusal(_ execution: Execution) -> String? {
        // AWS: "This API action is not supported by EXPRESS state machines."
        if execution.type == .express { return "This API action is not supported by EXPRESS state machines." }
        switch execution.status {
        case .running, .succeeded: return "Execution is \(execution.status.rawValue) and cannot be redriven"
        case .failed, .timedOut, .aborted: break
        }
        if execution.history.count >= Self.redriveHistoryLimit { return "Execution history event limit exceeded" }
        if scheduler.now - execution.startDate > Self.maxOpenTime { return "Execution has exceeded the max execution time" }
        if let stop = execution.stopDate, scheduler.now - stop > Self.redrivablePeriod { return "Execution redrivable period exceeded" }
        return nil
    }

    /// DescribeExecution: the execution's description with its redrive status as of now.
    public func describe(_ execution: Execution) -> ExecutionDescription {
        var description = execution.description
        guard execution.type == .standard else { return description }
        if let reason = redriveRefusal(execution) {
            description.redriveStatus = .notRedrivable
            description.redriveStatusReason = reason
        } else {
            description.redriveStatus = .redrivable
        }
        return description
    }

    /// RedriveExecution: restarts an execution that ended unsuccessfully from where it stopped; it
    /// runs as the loop runs. Returns the redrive date.
    @discardableResult
    public func redriveExecution(_ arn: String) throws(EngineError) -> Double {
        guard let execution = executions[arn] else { throw EngineError.executionDoesNotExist(arn) }
        return try redrive(execution)
    }

    /// Redrives an execution: a top-level one, or a Map Run's STANDARD child (its Map Run's redrive).
    @discardableResult
    func redrive(_ execution: Execution) throws(EngineError) -> Double {
        if let reason = redriveRefusal(execution) { throw EngineError.executionNotRedrivable(reason) }
        let fullRerun = execution.error == StatesError.Name.dataLimitExceeded
        let starts = attemptStarts(execution.history)
        let replay = HistoryReplay(execution.history)
        let previous = execution.history.last?.id ?? 0
        execution.status = .running
        execution.stopDate = nil
        execution.output = nil
        execution.error = nil
        execution.cause = nil
        execution.redriveCount += 1
        execution.redriveDate = scheduler.now
        execution.contextParts = execution.makeContextParts()
        let redrivenId = emit(execution, .executionRedriven, previous: previous, Details(redriveCount: execution.redriveCount))
        let root = prepareRoot(of: execution)
        root.lastEventId = redrivenId
        let plan = RedrivePlan(replay: replay, fullRerun: fullRerun)
        scheduler.enqueue { [unowned self] in self.redriveRun(root, starts: starts, input: execution.input, plan: plan) }
        return scheduler.now
    }

    /// Where each attempt's top-level chain starts, the latest first: its ExecutionRedriven, and 0
    /// for the first attempt.
    func attemptStarts(_ history: [HistoryEvent]) -> [Int] {
        history.filter { $0.type == .executionRedriven }.map(\.id).reversed() + [0]
    }

    /// Continues `run` from where its latest attempt (the chain from `starts[0]`) stopped; new
    /// events follow `run.lastEventId`. A chain with no event falls back to the attempt before.
    func redriveRun(_ run: MachineRun, starts: [Int], input: JSONValue, plan: RedrivePlan) {
        guard run.isLive, let start = starts.first else { return enter(run.definition.startAt, input: input, run: run) }
        // The variables the run had assigned, attempt after attempt (oldest first).
        for earlier in starts.reversed() {
            for assigned in walk(run, from: earlier, replay: plan.replay).assigned { run.variables.merge(assigned) { _, new in new } }
        }
        let end = walk(run, from: start, replay: plan.replay)
        if end.isEmpty {
            guard starts.count > 1 else { return enter(run.definition.startAt, input: input, run: run) }
            return redriveRun(run, starts: Array(starts.dropFirst()), input: input, plan: plan)
        }
        if let exited = end.exited, let name = exited.details.stateName, let state = run.definition.states[name] {
            // The run had left its last state: it goes on from there (or it had ended).
            let output = exited.details.output ?? .null
            if let target = nextState(after: state, input: end.lastEntered?.details.input ?? output, stateEvents: end.stateEvents, run: run) {
                enter(target, input: output, run: run)
            } else {
                run.completion(.success(output))
            }
            return
        }
        guard let entered = end.entered, let name = entered.details.stateName, let state = run.definition.states[name] else {
            return enter(run.definition.startAt, input: input, run: run)
        }
        let stateInput = entered.details.input ?? .object([:])
        switch state.kind {
        case .parallel(let branches) where !plan.fullRerun:
            redriveParallel(state, branches: branches, input: stateInput, run: run, starts: starts, plan: plan)
        case .map(let map) where !plan.fullRerun && map.distributed == nil:
            redriveMap(state, map, input: stateInput, run: run, starts: starts, plan: plan)
        case .map(let map) where !plan.fullRerun:
            guard let mapRun = redrivableMapRun(of: state, map, run: run, starts: starts, plan: plan) else { fallthrough }
            run.current = (state.name, emit(run, .mapStateEntered, Details(stateName: state.name, input: stateInput)))
            attemptMap(state, map, rawInput: stateInput, run: run, enteredTime: scheduler.now, counters: RetryCounters(count: state.retry.count),
                       redriving: mapRun)
        default:
            enter(name, input: stateInput, run: run)
        }
    }

    /// A Parallel entered again: its branches that succeeded in the attempt that last ran them
    /// keep their output, the others are redriven.
    private func redriveParallel(_ state: StateDefinition, branches: [StateMachineDefinition], input: JSONValue, run: MachineRun,
                                 starts: [Int], plan: RedrivePlan) {
        let branchStarts = startedIds(of: state, run: run, starts: starts, type: .parallelStateStarted, replay: plan.replay)
        run.current = (state.name, emit(run, .parallelStateEntered, Details(stateName: state.name, input: input)))
        let resume = ParallelResume(startedId: nil) { [unowned self] _, child, branchInput in
            self.redriveRun(child, starts: branchStarts, input: branchInput, plan: plan)
        }
        attemptParallel(state, branches: branches, rawInput: input, run: run, enteredTime: scheduler.now,
                        counters: RetryCounters(count: state.retry.count), resume: resume)
    }

    /// An inline Map entered again: its iterations that succeeded in the attempt that last ran
    /// them keep their output, the others (failed, aborted, never started) run again.
    private func redriveMap(_ state: StateDefinition, _ map: MapState, input: JSONValue, run: MachineRun, starts: [Int], plan: RedrivePlan) {
        let scope = Set(map.itemProcessor.stateNames)
        var latest: [Int: (startedId: Int, output: JSONValue?)] = [:]
        // For each recorded MapIterationStarted, the same iteration's starts in earlier attempts.
        var earlierStarts: [Int: [Int]] = [:]
        var startsByIndex: [Int: [Int]] = [:]
        for startedId in startedIds(of: state, run: run, starts: starts, type: .mapStateStarted, replay: plan.replay) {
            guard let started = plan.replay.event(startedId) else { continue }
            for (index, iteration) in recordedIterations(of: started, state: state, scope: scope, replay: plan.replay) {
                if latest[index] == nil { latest[index] = iteration }
                startsByIndex[index, default: []].append(iteration.startedId)
            }
        }
        for (index, iteration) in latest { earlierStarts[iteration.startedId] = startsByIndex[index] }
        run.current = (state.name, emit(run, .mapStateEntered, Details(stateName: state.name, input: input)))
        var resume = MapResume(startedId: nil, iterations: latest) { [unowned self] child, recordedId, iterationInput in
            self.redriveRun(child, starts: earlierStarts[recordedId] ?? [recordedId], input: iterationInput, plan: plan)
        }
        resume.restartsIterations = true
        attemptMap(state, map, rawInput: input, run: run, enteredTime: scheduler.now, counters: RetryCounters(count: state.retry.count), resume: resume)
    }

    /// The Map Run a distributed Map ran last in the attempt being redriven, if it can run again:
    /// it ended unsuccessfully in this process (what it ran is known: one read back from a store
    /// is not, and a new Map Run starts), it has no ResultWriter (whose files a redrive would have
    /// to merge; a new Map Run writes them anew) and fewer than AWS's 1,000 redrives.
    private func redrivableMapRun(of state: StateDefinition, _ map: MapState, run: MachineRun, starts: [Int], plan: RedrivePlan) -> MapRun? {
        // The Map Run event (started or redriven) that follows the state's last MapStateStarted.
        guard let started = startedIds(of: state, run: run, starts: starts, type: .mapStateStarted, replay: plan.replay).first,
              let event = plan.replay.descendants(of: started).first(where: {
                  ($0.type == .mapRunStarted || $0.type == .mapRunRedriven) && $0.details.stateName == state.name
              }) else { return nil }
        guard map.distributed?.resultWriter == nil, let arn = event.details.mapRunArn,
              let record = mapRunBoard.runs[arn], !record.inputs.isEmpty, record.description.redriveCount < Self.maxMapRunRedrives else { return nil }
        switch record.description.status {
        case .failed, .aborted: return record
        case .running, .succeeded: return nil
        }
    }

    /// AWS's hard limit of redrives of one Map Run.
    static let maxMapRunRedrives = 1000

    /// The started event (`type`) of the last attempt of `state` in each attempt of the run, the
    /// latest first, for as long as the attempts stopped in that state.
    private func startedIds(of state: StateDefinition, run: MachineRun, starts: [Int], type: HistoryEventType, replay: HistoryReplay) -> [Int] {
        var found: [Int] = []
        for start in starts {
            let end = walk(run, from: start, replay: replay)
            if end.isEmpty { continue }
            guard end.exited == nil, end.entered?.details.stateName == state.name,
                  let started = end.stateEvents.last(where: { $0.type == type }) else { break }
            found.append(started.id)
        }
        return found
    }

    /// Follows a run's recorded chain from `start` to its end.
    func walk(_ run: MachineRun, from start: Int, replay: HistoryReplay) -> ChainEnd {
        let names = Set(run.definition.stateNames)
        var end = ChainEnd()
        var cursor = start
        while let next = replay.next(after: cursor, scope: names) {
            end.isEmpty = false
            if next.type.isStateEntered {
                end.entered = next
                end.lastEntered = next
                end.stateEvents = []
                end.exited = nil
            } else if next.type.isStateExited {
                end.exited = next
                end.entered = nil
                if let assigned = next.details.assignedVariables { end.assigned.append(assigned) }
            } else {
                end.stateEvents.append(next)
            }
            cursor = next.id
        }
        return end
    }
}

/// What a redrive needs throughout: the history as it was, and whether Parallel and Map states
/// re-run entirely (the execution failed with States.DataLimitExceeded).
struct RedrivePlan {
    let replay: HistoryReplay
    let fullRerun: Bool
}

/// Where a run's recorded chain ended: in a state (entered, not exited) or after one.
struct ChainEnd {
    var isEmpty = true
    var entered: HistoryEvent?
    var lastEntered: HistoryEvent?
    var exited: HistoryEvent?
    /// The events of the last state after its entered event.
    var stateEvents: [HistoryEvent] = []
    /// The variables each exited state assigned, in order.
    var assigned: [[String: JSONValue]] = []
}

/// Recovery (Recovery.swift) of a redriven execution read from a store.
extension Engine {
    /// Its redrive count and date, from its ExecutionRedriven events.
    func restoreRedrives(of execution: Execution) {
        let redrives = execution.history.filter { $0.type == .executionRedriven }
        guard let last = redrives.last else { return }
        execution.redriveCount = last.details.redriveCount ?? redrives.count
        execution.redriveDate = last.timestamp
        execution.contextParts = execution.makeContextParts()
    }

    /// Continues the latest attempt where its history ends; if the process stopped before the
    /// attempt entered any state, the redrive's re-entry is made now.
    func resumeRedriven(_ root: MachineRun, input: JSONValue, replay: HistoryReplay) {
        let starts = attemptStarts(root.execution.history.filter { $0.id <= root.lastEventId })
        guard walk(root, from: root.lastEventId, replay: replay).isEmpty else { return resumeRun(root, input: input, replay: replay) }
        // The error of the attempt that was redriven (its terminal event precedes the ExecutionRedriven).
        let ended = replay.event(root.lastEventId).flatMap { replay.event($0.previousEventId) }
        let plan = RedrivePlan(replay: replay, fullRerun: ended?.details.error == StatesError.Name.dataLimitExceeded)
        redriveRun(root, starts: Array(starts.dropFirst()), input: input, plan: plan)
    }
}
