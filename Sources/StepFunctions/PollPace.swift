import Foundation

/// How often a poller asks a service, and how it backs off when the service throttles it.
///
/// AWS throttles GetExecutionHistory, ListExecutions and DescribeExecution with token buckets of a
/// few requests a second per account: a poller waits ``interval`` between rounds and, after a
/// `ThrottlingException` (or a service that did not answer), waits longer each time: exponential
/// from ``interval`` up to ``maxBackoff``, with full jitter (a random delay between the interval
/// and the bound) so that several pollers do not retry in step. A good round resets it.
public struct PollPace: Sendable {
    /// The wait between rounds while all is well, in seconds.
    public var interval: Double
    /// The longest wait after repeated throttling, in seconds.
    public var maxBackoff: Double
    /// Rounds throttled (or failed) in a row.
    public private(set) var failuresInARow = 0

    public init(interval: Double = 1, maxBackoff: Double = 30) {
        self.interval = interval
        self.maxBackoff = max(maxBackoff, interval)
    }

    /// Whether the last rounds were throttled, so what a screen shows is behind the service.
    public var isBehind: Bool { failuresInARow > 0 }

    /// The wait before the next round after a good one.
    public mutating func succeeded() -> Double {
        failuresInARow = 0
        return interval
    }

    /// The wait before the next round after a throttled or failed one: a random delay between
    /// the interval and `interval × 2^n` (capped at ``maxBackoff``).
    public mutating func throttled() -> Double {
        failuresInARow += 1
        let bound = min(maxBackoff, max(interval, 0.1) * pow(2, Double(min(failuresInARow, 16))))
        return Double.random(in: min(interval, bound)...bound)
    }

    /// Sleeps `seconds` (returns early, without an error, when the task is cancelled).
    public static func sleep(_ seconds: Double) async {
        guard seconds > 0 else { return }
        try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
    }
}
