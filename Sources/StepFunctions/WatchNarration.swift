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
/// How a state ended, after its duration: nothing when it succeeded, `caught` when it failed
/// and a Catch took over, `failed` (a Fail state, or an error nothing caught), `cancelled` (a
/// Parallel branch or Map iteration stopped because another failed, or an aborted execution).
/// A Fail state is left as it is entered. A state entered several times at once (Map
/// iterations, Parallel branches) is paired with its exits first in, first out; states still
/// open when the execution ends are left with it.
public struct WatchNarration {
    private struct Entry {
        var name: String
        var entered: Double
        /// It failed (a Fail state, or its task's last attempt so far failed).
        var failed = false
    }

    private let startDate: Double
    /// The states entered and not yet left, in the order they were entered.
    private var open: [Entry] = []

    public init(startDate: Double) { self.startDate = startDate }

    /// The lines an event adds (none for most events).
    public mutating func lines(for event: HistoryEvent) -> [String] {
        let name = event.details.stateName ?? ""
        switch event.type {
        case .failStateEntered:
            let entry = Entry(name: name, entered: event.timestamp, failed: true)
            return ["\(offset(event.timestamp))  entered  \(name)", line(entry, at: event.timestamp, ending: "failed")]
        case let type where type.isStateEntered:
            open.append(Entry(name: name, entered: event.timestamp))
            return ["\(offset(event.timestamp))  entered  \(name)"]
        case let type where type.isStateExited:
            guard let index = open.firstIndex(where: { $0.name == name }) else { return [] }
            let entry = open.remove(at: index)
            return [line(entry, at: event.timestamp, ending: entry.failed ? "caught" : nil)]
        case .taskStateAborted, .waitStateAborted, .parallelStateAborted, .mapStateAborted:
            guard let index = open.firstIndex(where: { $0.name == name }) else { return [] }
            return [line(open.remove(at: index), at: event.timestamp, ending: "cancelled")]
        case .taskFailed, .lambdaFunctionFailed, .activityFailed, .taskTimedOut, .lambdaFunctionTimedOut, .activityTimedOut,
             .mapStateFailed, .parallelStateFailed, .activityScheduleFailed:
            if let index = open.lastIndex(where: { $0.name == name }) { open[index].failed = true }
            return []
        case .taskScheduled, .lambdaFunctionScheduled, .activityScheduled:
            // Another attempt: the last failure was retried, not final.
            if let index = open.lastIndex(where: { $0.name == name }) { open[index].failed = false }
            return []
        case .executionRedriven:
            return ["\(offset(event.timestamp))  redriven"]
        case let type where type.isTerminal:
            let status = type.executionStatus?.rawValue ?? type.rawValue
            let ending = status == ExecutionStatus.failed.rawValue ? "failed" : status.lowercased().replacingOccurrences(of: "_", with: " ")
            // Inner states first: the last entered is left first.
            var lines = open.reversed().map { line($0, at: event.timestamp, ending: $0.failed ? "failed" : ending) }
            open.removeAll()
            let why = HistoryNarration.describe(event.details)
            lines.append("\(offset(event.timestamp))  \(status)\(why.isEmpty ? "" : "  " + why)")
            return lines
        default:
            return []
        }
    }

    private func line(_ entry: Entry, at timestamp: Double, ending: String?) -> String {
        let duration = String(format: "%.3fs", max(0, timestamp - entry.entered))
        return "\(offset(timestamp))  left     \(entry.name)  \(duration)\(ending.map { "  " + $0 } ?? "")"
    }

    private func offset(_ timestamp: Double) -> String { String(format: "+%.3fs", timestamp - startDate) }
}
