/// Projections of a history that several screens need.
public enum HistoryPath {
    /// State names in the order they were entered, a retried task once per attempt
    /// (each TaskScheduled after the first within one entry adds the name again).
    public static func statesEntered(_ events: [HistoryEvent]) -> [String] {
        var path: [String] = []
        var awaitingFirstSchedule: Set<String> = []
        for event in events {
            guard let name = event.details.stateName else { continue }
            if event.type.isStateEntered {
                path.append(name)
                if event.type == .taskStateEntered { awaitingFirstSchedule.insert(name) }
            } else if event.type.schedulesTask {
                if awaitingFirstSchedule.remove(name) == nil { path.append(name) }
            }
        }
        return path
    }
}

extension HistoryEvent {
    /// A history as Step Functions writes it names the state only on its entered, exited and
    /// Map iteration events; this gives every other event the state it belongs to, as the
    /// engine's own events have it: a task's events, a Wait's abort and the like follow their
    /// `previousEventId` to an event that names the state, and a Parallel's or Map's own
    /// lifecycle events (Succeeded, Failed, Aborted, MapRun...) belong to the innermost such
    /// state still open. Events that already name their state keep it.
    public static func attributingStates(_ events: [HistoryEvent]) -> [HistoryEvent] {
        var result = events
        var index: [Int: Int] = [:]
        var open: [(name: String, isMap: Bool)] = []
        for i in result.indices {
            index[result[i].id] = i
            let type = result[i].type
            if result[i].details.stateName == nil {
                switch type {
                case .parallelStateStarted, .parallelStateSucceeded, .parallelStateFailed, .parallelStateAborted:
                    result[i].details.stateName = open.last(where: { !$0.isMap })?.name
                case .mapStateStarted, .mapStateSucceeded, .mapStateFailed, .mapStateAborted,
                     .mapRunStarted, .mapRunSucceeded, .mapRunFailed, .mapRunAborted, .mapRunRedriven:
                    result[i].details.stateName = open.last(where: { $0.isMap })?.name
                default:
                    if let p = index[result[i].previousEventId] { result[i].details.stateName = result[p].details.stateName }
                }
            }
            guard let name = result[i].details.stateName else { continue }
            switch type {
            case .parallelStateEntered: open.append((name, false))
            case .mapStateEntered: open.append((name, true))
            case .parallelStateExited, .mapStateExited:
                if let k = open.lastIndex(where: { $0.name == name }) { open.remove(at: k) }
            default: break
            }
        }
        return result
    }
}
