import ASL
import Dashboard
import Engine
import Foundation
import LocalStepFunctions
import StepFunctions

/// What the dashboard's command line does with files: `:open` reads a definition into a state
/// machine, `:export` writes a graph or a history. Each answer is the footer's one-line message.
enum DashboardFiles {
    /// Creates the state machine named after the file (`order.asl.json` → `order`), or updates
    /// it if one of that name exists. Returns the footer message and, on success, the machine.
    static func open(_ path: String, service: LoopOperations) -> (message: String, machine: (String, StateMachineDefinition)?) {
        let expanded = NSString(string: path).expandingTildeInPath
        guard let data = FileManager.default.contents(atPath: expanded), let text = String(data: data, encoding: .utf8) else {
            return (":open: cannot read \(path)", nil)
        }
        let name = machineName(forFile: expanded)
        guard !name.isEmpty else { return (":open: \(path): the file name gives no state machine name", nil) }
        let arn = LocalARN.stateMachine(name)
        do {
            if service.definition(arn) != nil {
                _ = try service.updateStateMachine(arn: arn, definition: text)
            } else {
                _ = try service.createStateMachine(name: name, definition: text)
            }
        } catch {
            return (":open: \(path): \(error.message)", nil)
        }
        guard let definition = service.definition(arn) else { return (":open: \(path): not kept", nil) }
        return ("opened \(name) from \(path): n starts it", (name, definition))
    }

    /// The file's name without `.asl.json`/`.json`, with what a state machine name cannot hold
    /// replaced by `-` (AWS: letters, digits, `-` and `_`, at most 80).
    static func machineName(forFile path: String) -> String {
        var base = (path as NSString).lastPathComponent
        for suffix in [".asl.json", ".json", ".asl.yaml", ".yaml"] where base.hasSuffix(suffix) {
            base = String(base.dropLast(suffix.count))
            break
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        return String(String(base.map { allowed.contains($0) ? $0 : "-" }).prefix(80))
    }

    /// Writes `machineName`'s graph in `format`, coloured by `events` when given; `json` writes
    /// the execution's history (`{"events": [...]}`, what `graph --execution` reads).
    static func export(format: String, path: String, machineName: String, definition: StateMachineDefinition?, events: [HistoryEvent]?) -> String {
        guard let definition else { return ":export: no definition for \(machineName)" }
        let text: String
        switch format {
        case "json":
            guard let events else { return ":export json: select an execution: json is its history" }
            text = JSONValue.object(["events": .array(events.map(\.json))]).serialized(pretty: true)
        default:
            let overlay = events.map { ExecutionOverlay(events: HistoryEvent.attributingStates($0), definition: definition) }
            do {
                text = try GraphExport.render(definition, as: try GraphExportFormat(parsing: format), overlay: overlay)
            } catch {
                return ":export: \(error)"
            }
        }
        let expanded = NSString(string: path).expandingTildeInPath
        do {
            try Data((text.hasSuffix("\n") ? text : text + "\n").utf8).write(to: URL(fileURLWithPath: expanded), options: .atomic)
        } catch {
            return ":export: cannot write \(path): \(error.localizedDescription)"
        }
        return "exported \(format) of \(machineName) to \(path)"
    }
}
