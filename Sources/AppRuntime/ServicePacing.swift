import Foundation
import StepFunctions

/// How often a dashboard of a Step Functions service asks it, within AWS's limits.
///
/// AWS throttles GetExecutionHistory, ListExecutions and the other read operations with token
/// buckets of a few requests a second per account. So a running execution in view is read at
/// most every ``historyInterval``, the lists every ``listInterval``, at most ``maxInFlight``
/// requests at once; after a failed request every request waits (``ServiceBackoff``).
package struct ServicePacing: Sendable {
    /// Seconds between two GetExecutionHistory of one running execution.
    package var historyInterval: Double
    /// Seconds between two rounds of ListStateMachines and ListExecutions (at least: a round
    /// lists every machine, and rounds are spaced so that ListExecutions averages at most
    /// ``listRate`` a second).
    package var listInterval: Double
    /// ListExecutions a second, on average, at most.
    package var listRate: Double
    /// Requests under way at once, at most.
    package var maxInFlight: Int
    /// The first wait after a failure, and the least one, in seconds.
    package var backoffBase: Double
    /// The longest wait after failures in a row, in seconds.
    package var maxBackoff: Double
    /// Events a poll of a running execution asks for at once (newest first).
    package var historyPageSize: Int
    /// The jitter: a number in the range (the real one random; tests pass a fixed choice).
    package var jitter: @Sendable (ClosedRange<Double>) -> Double

    package init(historyInterval: Double = 1, listInterval: Double = 5, listRate: Double = 1, maxInFlight: Int = 4, backoffBase: Double = 1,
                 maxBackoff: Double = 60, historyPageSize: Int = 25, jitter: @escaping @Sendable (ClosedRange<Double>) -> Double = { Double.random(in: $0) }) {
        self.historyInterval = historyInterval
        self.listInterval = listInterval
        self.listRate = max(0.01, listRate)
        self.maxInFlight = max(1, maxInFlight)
        self.backoffBase = max(0.1, backoffBase)
        self.maxBackoff = max(maxBackoff, backoffBase)
        self.historyPageSize = max(1, historyPageSize)
        self.jitter = jitter
    }
}

extension ServicePacing {
    /// The wait after a round of the lists that listed `machines` machines.
    func listWait(machines: Int) -> Double { max(listInterval, Double(machines) / listRate) }
}

/// The wait after failed requests: exponential with full jitter (a random time between the
/// base and `base × 2^n`, capped), so that pollers do not retry in step; while it lasts no
/// request is made, and the screen says why and for how long. A request that succeeds ends it.
package struct ServiceBackoff: Sendable {
    /// Why the view is behind.
    package enum Reason: Sendable, Equatable {
        /// `ThrottlingException`: the service asks us to slow down.
        case throttled
        /// Anything else that is not about one execution or machine: unreachable, refused, expired.
        case failed(String)
    }

    /// Failures in a row (0: all is well).
    package private(set) var failuresInARow = 0
    /// When requests may be made again (nil: now).
    package private(set) var retryAt: Double?
    package private(set) var reason: Reason?

    package init() {}

    /// Whether requests must wait at `now`.
    package func isWaiting(now: Double) -> Bool { retryAt.map { now < $0 } ?? false }

    /// Records a failure at `now`; answers the wait chosen.
    @discardableResult
    package mutating func failed(_ error: ServiceError, now: Double, pacing: ServicePacing) -> Double {
        failuresInARow += 1
        let bound = min(pacing.maxBackoff, pacing.backoffBase * pow(2, Double(min(failuresInARow, 20))))
        let wait = min(bound, max(pacing.backoffBase, pacing.jitter(pacing.backoffBase...bound)))
        retryAt = max(retryAt ?? now, now + wait)
        reason = error.kind == .throttling ? .throttled : .failed(Self.oneLine(error))
        return wait
    }

    /// A request succeeded: the view catches up.
    package mutating func succeeded() {
        failuresInARow = 0
        retryAt = nil
        reason = nil
    }

    /// The header's words at `now`: `throttled, retrying in 4 s`; nil when all is well.
    package func status(now: Double) -> String? {
        guard let reason else { return nil }
        let left = retryAt.map { Int(($0 - now).rounded(.up)) } ?? 0
        let when = left > 0 ? "retrying in \(left) s" : "retrying now"
        switch reason {
        case .throttled: return "throttled, \(when)"
        case .failed(let why): return "\(why); \(when)"
        }
    }

    /// The error on one line, as AWS names it: `AccessDeniedException: User ... is not authorized`.
    static func oneLine(_ error: ServiceError) -> String {
        "\(error)".split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
