import ASL

/// Retry's backoff (the matching rules are History's ``ErrorMatching``).
extension ErrorMatching {
    /// The wait before retry number `retriesDone + 1` of a retrier, in seconds.
    static func delay(for policy: RetryPolicy, retriesDone: Int, random: inout SplitMix64) -> Double {
        var delay = policy.intervalSeconds * pow(policy.backoffRate, Double(retriesDone))
        if let cap = policy.maxDelaySeconds { delay = min(delay, cap) }
        if policy.jitter == .full { delay = Double.random(in: 0...delay, using: &random) }
        return delay
    }

    private static func pow(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        var i = 0.0
        while i < exponent { result *= base; i += 1 }
        return result
    }
}

extension Engine {
    /// What a failed Task, Parallel or Map state does with an error: retry after a delay
    /// (`retry` is called then), go to a catcher's state, or fail its run. `givingUp` runs when
    /// the state will not be retried, before the catcher or the failure (a Parallel's or Map's
    /// failed event: Step Functions writes none for an attempt that is retried).
    func handleStateError(_ error: StatesError, state: StateDefinition, rawInput: JSONValue, run: MachineRun,
                          counters: inout RetryCounters, givingUp: (() -> Void)? = nil, retry: @escaping () -> Void) {
        guard run.isLive else { return }
        if !ErrorMatching.isTerminal(error) {
            // A tested state: the retrier that matches has made as many retries as the test says.
            run.inspection?.prepareRetry(for: error, policies: state.retry, counters: &counters)
            if let index = counters.takeRetry(for: error, policies: state.retry) {
                let wait = ErrorMatching.delay(for: state.retry[index], retriesDone: counters.used[index] - 1, random: &random)
                // A tested state is not run again: the test says it would be, and after how long.
                if let inspection = run.inspection { return inspection.retriable(error, retryIndex: index, backoff: wait) }
                let timer = scheduler.after(wait) { retry() }
                run.cancelCurrent = { [unowned self] in self.scheduler.cancel(timer) }
                return
            }
        }
        givingUp?()
        if !ErrorMatching.isTerminal(error) {
            for (index, catcher) in state.catchers.enumerated() where ErrorMatching.matches(catcher.errorEquals, error) {
                run.inspection?.caught(error, catchIndex: index)
                let errorOutput: JSONValue = ["Error": .string(error.error), "Cause": .string(error.cause)]
                do throws(StatesError) {
                    if let fields = catcher.jsonata {
                        // JSONata: the catcher's Assign and Output see `$states.errorOutput`, the
                        // output being the error output by default.
                        let scope = statesScope(rawInput, run: run) { [unowned self] in self.currentContext(state, run: run) }
                        scope.errorOutput = errorOutput
                        let (output, assigned) = try jsonataOutput(fields, fallback: errorOutput, scope: scope, run: run)
                        exit(state, output: output, run: run, next: catcher.next, assigned: assigned, added: output)
                        return
                    }
                    let assigned = try assignments(catcher.assign, input: errorOutput, context: { .null }, run: run)
                    let output = try applyResultPath(catcher.resultPath, result: errorOutput, rawInput: rawInput)
                    exit(state, output: output, run: run, next: catcher.next, assigned: assigned, added: errorOutput)
                } catch {
                    failRun(run, error)
                }
                return
            }
        }
        failRun(run, error)
    }
}
