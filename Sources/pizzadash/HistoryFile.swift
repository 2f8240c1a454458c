import ASL
import Engine

/// An execution's history as a file: `{"events": [...]}` (what `pizzadash run --history` and
/// `pizzadash history NAME --json` print) or the bare array of GetExecutionHistory events.
enum HistoryFile {
    /// The events of the file at `path`, each attributed to its state; every problem names the file.
    static func load(_ path: String) throws(UsageFailure) -> [HistoryEvent] {
        let json = try CommandIO.parseJSON(try CommandIO.readText(path, what: "history"), what: "the history \(path)")
        guard let events = (json["events"] ?? json).arrayValue else {
            throw UsageFailure("the history \(path) has no \"events\" array")
        }
        var result: [HistoryEvent] = []
        for (index, event) in events.enumerated() {
            do {
                result.append(try HistoryEvent(json: event))
            } catch {
                throw UsageFailure("the history \(path): event \(index + 1) is not a history event: \(error)")
            }
        }
        return HistoryEvent.attributingStates(result)
    }
}
