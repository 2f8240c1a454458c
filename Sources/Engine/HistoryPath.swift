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
            } else if event.type == .taskScheduled || event.type == .lambdaFunctionScheduled {
                if awaitingFirstSchedule.remove(name) == nil { path.append(name) }
            }
        }
        return path
    }
}
