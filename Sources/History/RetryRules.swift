import ASL

/// Retry and Catch: AWS's rules for which retrier or catcher takes an error. Pure functions of
/// a definition's policies, shared by the engine (which runs them) and the views that replay a
/// history (which tell a failed state from one waiting for its next attempt).
public enum ErrorMatching {
    /// Errors that no Retry or Catch handles, not even `States.ALL`: they always fail the execution.
    public static func isTerminal(_ error: StatesError) -> Bool {
        error.error == StatesError.Name.runtime || error.error == StatesError.Name.dataLimitExceeded
    }

    /// Whether an `ErrorEquals` list matches the error. `States.ALL` matches any error;
    /// `States.TaskFailed` matches any error except `States.Timeout`.
    public static func matches(_ errorEquals: [String], _ error: StatesError) -> Bool {
        if isTerminal(error) { return false }
        for name in errorEquals {
            if name == error.error || name == StatesError.Name.all { return true }
            if name == StatesError.Name.taskFailed, error.error != StatesError.Name.timeout { return true }
        }
        return false
    }
}

extension RetryPolicy {
    /// Whether a state's run retries after its attempts failed with `errors` (error names, in
    /// order), decided as the engine decides it. For views that replay a history.
    public static func retriesAfter(_ errors: [String], policies: [RetryPolicy]) -> Bool {
        var counters = RetryCounters(count: policies.count)
        var retried = false
        for name in errors { retried = counters.takeRetry(for: StatesError(name, ""), policies: policies) != nil }
        return retried
    }
}

/// How many retries each retrier of a state has used in the current entry of the state.
public struct RetryCounters {
    public var used: [Int]

    public init(count: Int) { used = Array(repeating: 0, count: count) }

    public var total: Int { used.reduce(0, +) }

    /// Counts a retry of `error` against the first retrier whose ErrorEquals matches it and
    /// returns that retrier's index; nil when none matches or the first match is spent (then the
    /// catchers decide: later retriers are not tried).
    public mutating func takeRetry(for error: StatesError, policies: [RetryPolicy]) -> Int? {
        guard !ErrorMatching.isTerminal(error),
              let index = policies.firstIndex(where: { ErrorMatching.matches($0.errorEquals, error) }),
              used[index] < policies[index].maxAttempts else { return nil }
        used[index] += 1
        return index
    }
}
