import ASL

extension Engine {
    /// Parallel: every branch gets the effective input; the result is the array of branch
    /// outputs in branch order. The first branch to fail fails the state and stops the others.
    func runParallel(_ state: StateDefinition, branches: [StateMachineDefinition], input: JSONValue, run: MachineRun, enteredTime: Double) {
        attemptParallel(state, branches: branches, rawInput: input, run: run, enteredTime: enteredTime, counters: RetryCounters(count: state.retry.count))
    }

    /// `resume` (Recovery.swift): continue an attempt whose ParallelStateStarted is already in the
    /// history, starting each branch where it was instead of at its StartAt.
    /// `retrying`: the error that failed the attempt before this one (kept, for recovery, on
    /// this attempt's ParallelStateStarted, where GetExecutionHistory does not show it).
    func attemptParallel(_ state: StateDefinition, branches: [StateMachineDefinition], rawInput: JSONValue, run: MachineRun,
                         enteredTime: Double, counters: RetryCounters, retrying: StatesError? = nil, resume: ParallelResume? = nil) {
        guard run.isLive else { return }
        var counters = counters
        var failure: StatesError?
        let retry = { [unowned self] in
            self.attemptParallel(state, branches: branches, rawInput: rawInput, run: run, enteredTime: enteredTime, counters: counters, retrying: failure)
        }
        let context = { self.contextObject(state, run: run, enteredTime: enteredTime, retryCount: counters.total) }
        let effective: JSONValue
        do throws(StatesError) {
            if let fields = state.jsonata {
                // JSONata: Arguments is every branch's input (the state input when absent).
                let scope = statesScope(rawInput, run: run, context: context)
                effective = try fields.arguments.map { a throws(StatesError) in try evaluate(a, field: "Arguments", scope: scope, run: run) } ?? rawInput
                note(run, .afterArguments, effective)
            } else {
                let afterInputPath = try applyInputPath(state.inputPath, to: rawInput, context: context(), variables: run.variables)
                note(run, .afterInputPath, afterInputPath)
                effective = try state.parameters.map { p throws(StatesError) in try self.evaluateTemplate(p, input: afterInputPath, context: state.parametersReadContext ? context() : .null, variables: run.variables) } ?? afterInputPath
                note(run, .afterParameters, effective)
            }
        } catch {
            failure = error
            // A JSONata evaluation failure ends the state with ParallelStateFailed, as a Map's does.
            let isEvaluation = error.error == StatesError.Name.queryEvaluationError
            handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, givingUp: isEvaluation ? {
                self.emit(run, .parallelStateFailed, Details(stateName: state.name, error: error.error, cause: error.cause))
            } : nil, retry: retry)
            return
        }
        // A tested Parallel state runs no branch: its mock is what they gave.
        if let inspection = run.inspection {
            return finishTested(inspection.mockOutcome, state: state, rawInput: rawInput, run: run, counters: &counters, context: context)
        }
        let startedId = resume?.startedId
            ?? emit(run, .parallelStateStarted, Details(stateName: state.name, error: retrying?.error, cause: retrying?.cause))
        var outputs = [JSONValue](repeating: .null, count: branches.count)
        var remaining = branches.count
        var settled = false
        var children: [MachineRun] = []
        // Every branch starts, as in Step Functions, even when an earlier one fails at once (its
        // first state a Fail, say): such a failure is acted on once all branches have started.
        var starting = true
        var failedWhileStarting: StatesError?
        // ParallelStateSucceeded, ParallelStateFailed and ParallelStateExited follow the last
        // event the branches wrote, as in Step Functions; a failed attempt that is retried has no
        // ParallelStateFailed (the next ParallelStateStarted follows the branches' last event).
        let fail = { [unowned self] (error: StatesError) in
            settled = true
            for other in children where !other.isCancelled { other.cancel() }
            run.lastEventId = run.execution.history.count
            failure = error
            self.handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, givingUp: {
                self.emit(run, .parallelStateFailed, Details(stateName: state.name, error: error.error, cause: error.cause))
            }, retry: retry)
        }
        for (index, branch) in branches.enumerated() {
            let child = MachineRun(execution: run.execution, definition: branch, lastEventId: startedId, variables: run.variables) { [unowned self] result in
                guard !settled, run.isLive else { return }
                switch result {
                case .success(let output):
                    outputs[index] = output
                    remaining -= 1
                    guard remaining == 0 else { return }
                    settled = true
                    run.lastEventId = run.execution.history.count
                    self.emit(run.execution, .parallelStateSucceeded, previous: run.lastEventId, Details(stateName: state.name))
                    do throws(StatesError) {
                        try self.exit(state, result: .array(outputs), rawInput: rawInput, context: context, run: run)
                    } catch {
                        failure = error
                        self.handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, retry: retry)
                    }
                case .failure(let error):
                    if starting {
                        if failedWhileStarting == nil { failedWhileStarting = error }
                        return
                    }
                    fail(error)
                }
            }
            children.append(child)
        }
        run.cancelCurrent = { [unowned self] in
            guard !settled else { return }
            settled = true
            for child in children { child.cancel() }
            run.lastEventId = run.execution.history.count
            self.emit(run, .parallelStateAborted, Details(stateName: state.name))
        }
        scheduler.enqueue { [unowned self] in
            for (index, child) in children.enumerated() where !settled && run.isLive {
                if let resume {
                    resume.startBranch(index, child, effective)
                } else {
                    self.enter(branches[index].startAt, input: effective, run: child)
                }
            }
            starting = false
            if let error = failedWhileStarting, !settled, run.isLive { fail(error) }
        }
    }
}
