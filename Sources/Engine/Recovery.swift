import ASL

/// How a resumed Parallel attempt starts its branches (see ``Engine/attemptParallel``).
struct ParallelResume {
    /// The recorded ParallelStateStarted event of the attempt (nil: a redrive, which records a new one).
    let startedId: Int?
    /// Starts branch `index` in `child` where it was; the last argument is the branch input.
    let startBranch: (Int, MachineRun, JSONValue) -> Void
}

/// How a resumed Map attempt treats its recorded iterations (see ``Engine/attemptMap``).
struct MapResume {
    /// The recorded MapStateStarted event of the attempt (nil: a redrive, which records a new one).
    let startedId: Int?
    /// Iterations recorded as started, by index: their MapIterationStarted id, and their
    /// output if they succeeded.
    let iterations: [Int: (startedId: Int, output: JSONValue?)]
    /// A redrive: unfinished recorded iterations start again with a new MapIterationStarted.
    var restartsIterations = false
    /// Continues a started iteration in `child` where it was; the arguments: the recorded
    /// MapIterationStarted id and the iteration's input.
    let resumeIteration: (MachineRun, Int, JSONValue) -> Void
}

/// Crash recovery: recreating executions from their recorded histories.
///
/// The history is the truth. For a running execution, each active run (the top level, every
/// branch of a running Parallel) is followed along its `previousEventId` chain to the state it
/// was in, and that state is re-entered without recording its entry again:
/// - a Task whose last attempt is recorded as succeeded applies that result (it is not run again);
///   one that failed waits only what is left of its retry interval, or is caught;
///   one in flight runs again (at-least-once, as AWS documents), keeping its retry counters,
///   unless its TimeoutSeconds / HeartbeatSeconds ran out meanwhile (then it times out);
/// - a Wait waits only what is left; a Parallel resumes each branch; a Map keeps its finished
///   iterations' outputs, resumes the started ones and starts the rest;
/// - a state that exited moves on to its next state.
extension Engine {
    /// Recreates an execution read from a store. A finished one is only listed; a running one
    /// continues where its history ends (event ids continue). Call it before running the loop.
    @discardableResult
    /// - Parameter arn: the execution's ARN as stored (an Express execution's holds an id the
    ///   name does not give); by default the STANDARD ARN of `name`.
    public func resume(definition: StateMachineDefinition, stateMachineName: String, name: String, arn storedArn: String? = nil, input: JSONValue,
                       history: [HistoryEvent], mocks: MockConfig.TestCase? = nil,
                       versionArn: String? = nil, aliasArn: String? = nil) throws(EngineError) -> Execution {
        let arn = storedArn ?? LocalARN.execution(machine: stateMachineName, name: name)
        guard executions[arn] == nil else { throw EngineError.executionAlreadyExists(arn) }
        let execution = Execution(arn: arn, name: name, stateMachineName: stateMachineName, region: LocalARN.region(of: arn) ?? LocalARN.region,
                                  definition: definition, input: input, startDate: history.first?.timestamp ?? scheduler.now, mocks: mocks,
                                  roleArn: history.first?.details.roleArn ?? executionRoleArn,
                                  type: LocalARN.isExpressExecution(arn) ? .express : .standard, versionArn: versionArn, aliasArn: aliasArn)
        execution.history = history
        executions[arn] = execution
        executionArns.append(arn)
        restoreRedrives(of: execution)
        if let last = history.last, last.type.isTerminal {
            finishRestored(execution, with: last)
            return execution
        }
        // Mock responses already consumed: one per finished attempt (an attempt in flight runs again).
        for event in history where event.type.endsTaskAttempt {
            if let state = event.details.stateName { execution.mockInvocations[state, default: 0] += 1 }
        }
        let root = prepareRoot(of: execution)
        let replay = HistoryReplay(history)
        if execution.redriveCount > 0 {
            // A redriven execution goes on in its latest attempt, whose chain starts at its ExecutionRedriven.
            root.lastEventId = history.last { $0.type == .executionRedriven }?.id ?? 0
            scheduler.enqueue { [unowned self] in self.resumeRedriven(root, input: input, replay: replay) }
            return execution
        }
        scheduler.enqueue { [unowned self] in self.resumeRun(root, input: input, replay: replay) }
        return execution
    }

    private func finishRestored(_ execution: Execution, with last: HistoryEvent) {
        execution.status = last.type.executionStatus ?? .aborted
        execution.stopDate = last.timestamp
        execution.output = last.details.output
        execution.error = last.details.error
        execution.cause = last.details.cause
    }

    /// Continues `run` from the end of its recorded chain.
    func resumeRun(_ run: MachineRun, input: JSONValue, replay: HistoryReplay) {
        guard run.isLive else { return }
        let names = Set(run.definition.stateNames)
        var cursor = run.lastEventId
        var entered: HistoryEvent?
        var lastEntered: HistoryEvent?
        var stateEvents: [HistoryEvent] = []
        var exited: HistoryEvent?
        while let next = replay.next(after: cursor, scope: names) {
            if next.type.isStateEntered {
                entered = next
                lastEntered = next
                stateEvents = []
                exited = nil
            } else if next.type.isStateExited {
                exited = next
                entered = nil
            } else {
                stateEvents.append(next)
            }
            cursor = next.id
        }
        run.lastEventId = cursor
        if let exited, let name = exited.details.stateName, let state = run.definition.states[name] {
            let output = exited.details.output ?? .null
            let target = nextState(after: state, input: lastEntered?.details.input ?? output, stateEvents: stateEvents, run: run)
            if let target {
                scheduler.enqueue { [unowned self] in self.enter(target, input: output, run: run) }
            } else {
                run.completion(.success(output))
            }
        } else if let entered, let name = entered.details.stateName, let state = run.definition.states[name] {
            run.current = (name, entered.id)
            resumeState(state, input: entered.details.input ?? .object([:]), enteredTime: entered.timestamp, events: stateEvents, run: run, replay: replay)
        } else {
            enter(run.definition.startAt, input: input, run: run)
        }
    }

    /// Where a state that exited went: a Choice's matching rule (chosen again from its recorded
    /// input: the rules are pure), a catcher's Next after a recorded failure, else `Next`
    /// (nil: the run ended).
    func nextState(after state: StateDefinition, input: JSONValue, stateEvents: [HistoryEvent], run: MachineRun) -> String? {
        if case .choice(let choice) = state.kind {
            let context = { self.contextObject(state, run: run, enteredTime: self.scheduler.now) }
            guard let effective = try? applyInputPath(state.inputPath, to: input, context: context(), variables: run.variables) else { return choice.defaultNext }
            for rule in choice.rules where (try? ChoiceEvaluator.matches(rule.condition, input: effective, context: context, variables: run.variables)) == true {
                return rule.next
            }
            return choice.defaultNext
        }
        if let failure = stateEvents.last, let error = failure.type.failureError(failure) {
            if let catcher = state.catchers.first(where: { ErrorMatching.matches($0.errorEquals, error) }) { return catcher.next }
        }
        return state.next
    }

    private func resumeState(_ state: StateDefinition, input: JSONValue, enteredTime: Double, events: [HistoryEvent], run: MachineRun, replay: HistoryReplay) {
        switch state.kind {
        case .pass(let result): runPass(state, result: result, input: input, run: run, enteredTime: enteredTime)
        case .choice(let choice): runChoice(state, choice, input: input, run: run, enteredTime: enteredTime)
        case .succeed: runSucceed(state, input: input, run: run, enteredTime: enteredTime)
        case .fail(let fail): runFail(state, fail, input: input, run: run, enteredTime: enteredTime)
        case .wait(let wait): resumeWait(state, wait, input: input, enteredTime: enteredTime, run: run)
        case .task(let task): resumeTask(state, task, input: input, enteredTime: enteredTime, events: events, run: run)
        case .parallel(let branches): resumeParallel(state, branches: branches, input: input, enteredTime: enteredTime, events: events, run: run, replay: replay)
        case .map: resumeMap(state, input: input, enteredTime: enteredTime, events: events, run: run, replay: replay)
        }
    }

    /// Retry counters as they stood after the recorded failures that were retried.
    private func counters(for state: StateDefinition, failures: [StatesError]) -> RetryCounters {
        var counters = RetryCounters(count: state.retry.count)
        for error in failures where !ErrorMatching.isTerminal(error) {
            if let index = state.retry.firstIndex(where: { ErrorMatching.matches($0.errorEquals, error) }) { counters.used[index] += 1 }
        }
        return counters
    }

    /// A recorded failure at `failedAt`: retry when what is left of the interval has passed,
    /// else hand it to the catchers as the engine would have.
    private func resumeFailure(_ error: StatesError, failedAt: Double, state: StateDefinition, rawInput: JSONValue, run: MachineRun,
                               counters: RetryCounters, retry: @escaping (RetryCounters) -> Void) {
        var counters = counters
        if !ErrorMatching.isTerminal(error), let index = state.retry.firstIndex(where: { ErrorMatching.matches($0.errorEquals, error) }),
           counters.used[index] < state.retry[index].maxAttempts {
            let wait = ErrorMatching.delay(for: state.retry[index], retriesDone: counters.used[index], random: &random)
            counters.used[index] += 1
            let next = counters
            let timer = scheduler.at(max(scheduler.now, failedAt + wait)) { retry(next) }
            run.cancelCurrent = { [unowned self] in self.scheduler.cancel(timer) }
            return
        }
        handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, retry: { retry(counters) })
    }

    private func resumeTask(_ state: StateDefinition, _ task: TaskState, input: JSONValue, enteredTime: Double, events: [HistoryEvent], run: MachineRun) {
        let scheduled = events.filter { $0.type.schedulesTask }
        // Failures before the last attempt were retried: they set the counters.
        let lastScheduled = events.lastIndex(where: { $0.type.schedulesTask }) ?? events.endIndex
        let retried = events[..<lastScheduled].compactMap { $0.type.failureError($0) }
        let counters = counters(for: state, failures: retried)
        let retry: (RetryCounters) -> Void = { [unowned self] counters in
            self.attemptTask(state, task, rawInput: input, run: run, enteredTime: enteredTime, counters: counters)
        }
        guard let last = events.last, !scheduled.isEmpty else { return retry(counters) }
        if last.type == .taskSucceeded || last.type == .lambdaFunctionSucceeded || last.type == .activitySucceeded {
            var current = counters
            do throws(StatesError) {
                let context = contextObject(state, run: run, enteredTime: enteredTime, retryCount: counters.total)
                try exit(state, result: last.details.output ?? .null, rawInput: input, context: { context }, run: run)
            } catch {
                handleStateError(error, state: state, rawInput: input, run: run, counters: &current, retry: { retry(current) })
            }
            return
        }
        if let error = last.type.failureError(last) {
            return resumeFailure(error, failedAt: last.timestamp, state: state, rawInput: input, run: run, counters: counters, retry: retry)
        }
        // An activity task in flight waits again for its worker, with the same token (Activities.swift).
        if let scheduledEvent = scheduled.last, scheduledEvent.type == .activityScheduled {
            let started = events.last { $0.type == .activityStarted && $0.id > scheduledEvent.id }
            return resumeActivity(state, task, scheduled: scheduledEvent, started: started, rawInput: input, run: run, enteredTime: enteredTime,
                                  counters: counters)
        }
        // In flight. Time already spent counts: a timeout or heartbeat that ran out while the
        // process was down ends the attempt as it would have; otherwise it runs again.
        let started = scheduled.last?.timestamp ?? last.timestamp
        let direct = last.type.rawValue.hasPrefix("LambdaFunction")
        var expired: (StatesError, Double)?
        if let timeout = scheduled.last?.details.timeoutInSeconds, started + timeout <= scheduler.now {
            expired = (StatesError(StatesError.Name.timeout, "The task timed out after \(JSONValue.format(number: timeout)) seconds."), started + timeout)
        } else if let heartbeat = scheduled.last?.details.heartbeatInSeconds, last.timestamp + heartbeat <= scheduler.now {
            expired = (StatesError(StatesError.Name.heartbeatTimeout, "No heartbeat was received within \(JSONValue.format(number: heartbeat)) seconds."), last.timestamp + heartbeat)
        }
        if let (error, at) = expired {
            emit(run, direct ? .lambdaFunctionTimedOut : .taskTimedOut,
                 Details(stateName: state.name, error: error.error, cause: error.cause, resourceType: last.details.resourceType, resource: last.details.resource))
            return resumeFailure(error, failedAt: at, state: state, rawInput: input, run: run, counters: counters, retry: retry)
        }
        // A `.sync` child started (its TaskSubmitted names it, and it was restored too): the task
        // waits for it again. Another attempt would start a second child, one more than AWS runs.
        if case .startExecution(let pattern) = taskBinding(for: task.resource).integration, pattern == .sync || pattern == .sync2,
           let lastScheduled = scheduled.last,
           let submitted = events.last(where: { $0.type == .taskSubmitted && $0.id > lastScheduled.id }),
           let childArn = submitted.details.output?["ExecutionArn"]?.stringValue, let child = executions[childArn] {
            return attemptTask(state, task, rawInput: input, run: run, enteredTime: enteredTime, counters: counters, submittedChild: child)
        }
        retry(counters)
    }

    private func resumeWait(_ state: StateDefinition, _ wait: WaitState, input: JSONValue, enteredTime: Double, run: MachineRun) {
        if let fields = state.jsonata {
            return runJSONataWait(state, wait, fields, input: input, run: run, enteredTime: enteredTime, waited: max(0, scheduler.now - enteredTime))
        }
        switch wait.duration {
        case .secondsExpression, .timestampExpression:
            runWait(state, wait, input: input, run: run, enteredTime: enteredTime)
        case .timestamp, .timestampPath:
            // An absolute deadline does not depend on when the state was entered.
            runWait(state, wait, input: input, run: run, enteredTime: enteredTime)
        case .seconds, .secondsPath:
            // Run it as if entered at `enteredTime`: shift the relative duration by the time already spent.
            let spent = max(0, scheduler.now - enteredTime)
            let shifted: WaitState
            switch wait.duration {
            case .seconds(let s): shifted = WaitState(duration: .seconds(max(0, s - spent)))
            default:
                do throws(StatesError) {
                    let context = contextObject(state, run: run, enteredTime: enteredTime)
                    let effective = try applyInputPath(state.inputPath, to: input, context: context, variables: run.variables)
                    guard case .secondsPath(let path) = wait.duration,
                          let s = try PathEvaluator.value(at: path, input: effective, context: context, variables: run.variables).numberValue else {
                        return runWait(state, wait, input: input, run: run, enteredTime: enteredTime)
                    }
                    shifted = WaitState(duration: .seconds(max(0, s - spent)))
                } catch {
                    return runWait(state, wait, input: input, run: run, enteredTime: enteredTime)
                }
            }
            runWait(state, shifted, input: input, run: run, enteredTime: enteredTime)
        }
    }

    private func resumeParallel(_ state: StateDefinition, branches: [StateMachineDefinition], input: JSONValue, enteredTime: Double,
                                events: [HistoryEvent], run: MachineRun, replay: HistoryReplay) {
        let lastStarted = events.lastIndex(where: { $0.type == .parallelStateStarted })
        let retried = events[..<(lastStarted.map { $0 + 1 } ?? events.endIndex)].compactMap { $0.type.failureError($0) ?? $0.retriedError }
        let counters = counters(for: state, failures: retried)
        let retry: (RetryCounters) -> Void = { [unowned self] counters in
            self.attemptParallel(state, branches: branches, rawInput: input, run: run, enteredTime: enteredTime, counters: counters)
        }
        guard let last = events.last else { return retry(counters) }
        if let error = last.type.failureError(last) {
            return resumeFailure(error, failedAt: last.timestamp, state: state, rawInput: input, run: run, counters: counters, retry: retry)
        }
        guard let lastStarted else { return retry(counters) }
        // Running (or settled as succeeded without its exit recorded: each branch then ends at once).
        let resume = ParallelResume(startedId: events[lastStarted].id) { [unowned self] _, child, branchInput in
            self.resumeRun(child, input: branchInput, replay: replay)
        }
        attemptParallel(state, branches: branches, rawInput: input, run: run, enteredTime: enteredTime, counters: counters, resume: resume)
    }

    private func resumeMap(_ state: StateDefinition, input: JSONValue, enteredTime: Double, events: [HistoryEvent], run: MachineRun, replay: HistoryReplay) {
        guard case .map(let map) = state.kind else { return }
        let lastStarted = events.lastIndex(where: { $0.type == .mapStateStarted })
        let retried = events[..<(lastStarted.map { $0 + 1 } ?? events.endIndex)].compactMap { $0.type.failureError($0) ?? $0.retriedError }
        let counters = counters(for: state, failures: retried)
        let retry: (RetryCounters) -> Void = { [unowned self] counters in
            self.attemptMap(state, map, rawInput: input, run: run, enteredTime: enteredTime, counters: counters)
        }
        guard let last = events.last else { return retry(counters) }
        if let error = last.type.failureError(last) {
            return resumeFailure(error, failedAt: last.timestamp, state: state, rawInput: input, run: run, counters: counters, retry: retry)
        }
        guard let lastStarted else { return retry(counters) }
        let startedId = events[lastStarted].id
        let scope = Set(map.itemProcessor.stateNames)
        let iterations = recordedIterations(of: events[lastStarted], state: state, scope: scope, replay: replay)
        let resume = MapResume(startedId: startedId, iterations: iterations) { [unowned self] child, _, iterationInput in
            self.resumeRun(child, input: iterationInput, replay: replay)
        }
        attemptMap(state, map, rawInput: input, run: run, enteredTime: enteredTime, counters: counters, resume: resume)
    }
}

extension Engine {
    /// The iterations a Map attempt recorded, by index: their MapIterationStarted id, and their
    /// output if they succeeded.
    func recordedIterations(of started: HistoryEvent, state: StateDefinition, scope: Set<String>,
                            replay: HistoryReplay) -> [Int: (startedId: Int, output: JSONValue?)] {
        var iterations: [Int: (startedId: Int, output: JSONValue?)] = [:]
        // Only this attempt's own iteration events (a nested Map may share the state's name).
        let settled = replay.settle(of: started)?.id ?? Int.max
        for event in replay.descendants(of: started.id) where event.details.stateName == state.name && event.id < settled {
            guard let index = event.details.index else { continue }
            switch event.type {
            case .mapIterationStarted:
                iterations[index] = (event.id, nil)
            case .mapIterationSucceeded:
                if let begun = iterations[index] { iterations[index] = (begun.startedId, replay.finalOutput(from: begun.startedId, scope: scope) ?? .null) }
            default: break
            }
        }
        return iterations
    }
}
