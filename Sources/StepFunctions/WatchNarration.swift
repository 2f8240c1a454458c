import Engine
import Foundation

/// The plain text `pizzadash watch` prints while it follows an execution: a line when a state is
/// entered, a line when it is left with how long it ran (and how it ended, when not well), then
/// the execution's end with its status and, for a failure, its error and cause. Times are
/// offsets from the execution's start.
///
///     +0.000s  entered  Validate
///     +0.004s  left     Validate  0.004s
///     +0.004s  entered  Charge
///     +0.010s  left     Charge  0.006s  failed
///     +0.010s  FAILED  Payment.Declined: card expired
///
/// A state entered several times at once (Map iterations, Parallel branches) is paired with
/// its exits first in, first out.
public struct WatchNarration {
    private let startDate: Double
    /// When each state still running was entered, oldest first.
    private var open: [String: [Double]] = [:]
    /// Open states in the order they were entered (to close them in order at the end).
    private var openOrder: [String] = []
    /// The state that failed last (its task, Map or Parallel), closed as failed at the end.
    private var lastFailed: String?

    public init(startDate: Double) { self.startDate = startDate }

    /// The lines an event adds (none for most events).
    public mutating func lines(for event: HistoryEvent) -> [String] {
        let at = String(format: "+%.3fs", event.timestamp - startDate)
        let name = event.details.stateName ?? ""
        switch event.type {
        case let type where type.isStateEntered:
            open[name, default: []].append(event.timestamp)
            openOrder.append(name)
            return ["\(at)  entered  \(name)"]
        case let type where type.isStateExited:
            return [close(name, at: event.timestamp, how: nil)].compactMap { $0 }
        case .taskFailed, .lambdaFunctionFailed, .activityFailed, .taskTimedOut, .lambdaFunctionTimedOut, .activityTimedOut,
             .mapStateFailed, .parallelStateFailed:
            lastFailed = name.isEmpty ? lastFailed : name
            return []
        case .executionRedriven:
            return ["\(at)  redriven"]
        case let type where type.isTerminal:
            let status = type.executionStatus?.rawValue ?? type.rawValue
            let how = status == ExecutionStatus.failed.rawValue ? "failed" : status.lowercased().replacingOccurrences(of: "_", with: " ")
            var lines: [String] = []
            for state in openOrder.reversed() where open[state]?.isEmpty == false {
                lines.append(close(state, at: event.timestamp, how: state == lastFailed || lastFailed == nil ? how : "cancelled") ?? "")
            }
            let why = HistoryNarration.describe(event.details)
            lines.append("\(at)  \(status)\(why.isEmpty ? "" : "  " + why)")
            return lines
        default:
            return []
        }
    }

    /// The line leaving `name`, with how long it ran since the oldest open entry.
    private mutating func close(_ name: String, at timestamp: Double, how: String?) -> String? {
        guard var entries = open[name], !entries.isEmpty else { return nil }
        let entered = entries.removeFirst()
        open[name] = entries
        if let index = openOrder.firstIndex(of: name) { openOrder.remove(at: index) }
        let offset = String(format: "+%.3fs", timestamp - startDate)
        let duration = String(format: "%.3fs", max(0, timestamp - entered))
        return "\(offset)  left     \(name)  \(duration)\(how.map { "  " + $0 } ?? "")"
    }
}
