import ArgumentParser
import ASL
import Dashboard
import Engine
import Foundation

/// `pizzadash graph DEFINITION.json`: prints a definition's graph, optionally with one
/// execution's history overlaid, as plain text (ANSI colours with `--color`).
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a state machine definition as a graph of boxes and arrows."
    )

    @Argument(help: "The ASL definition (JSON file).")
    var definition: String

    @Option(help: "Columns available for the drawing.")
    var width: Int = 120

    @Option(help: "Rows available; the drawing pans to the running state. Default: the whole drawing.")
    var height: Int?

    @Option(help: "A history printed by `pizzadash run --history`, to overlay on the graph.")
    var execution: String?

    @Flag(help: "Colour the output with ANSI escapes.")
    var color = false

    func run() throws {
        let machine: StateMachineDefinition
        do {
            machine = try StateMachineDefinition.load(text: try read(definition))
        } catch let error as DefinitionError {
            fail(error.problems.map { "\(definition): \($0)" })
        }
        var overlay: ExecutionOverlay?
        if let execution {
            overlay = ExecutionOverlay(events: try loadHistory(execution), definition: machine)
        }
        let layout: GraphLayout
        do {
            layout = try GraphLayout(definition: machine, maxWidth: width, maxHeight: height)
        } catch {
            fail(["\(definition): \(error) (try a larger --width)"])
        }
        let canvas = renderGraph(layout, overlay: overlay, viewport: (layout.width, min(height ?? layout.height, layout.height)), focus: nil)
        var lines = color ? canvas.ansiLines : canvas.lines
        if overlay != nil {
            let legend = renderGraphLegend(width: width)
            lines.append("")
            lines += color ? legend.ansiLines : legend.lines
        }
        print(lines.joined(separator: "\n"))
    }

    private func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            fail(["\(path): cannot read the file"])
        }
        return text
    }

    private func loadHistory(_ path: String) throws -> [HistoryEvent] {
        let json: JSONValue
        do { json = try JSONValue(parsing: try read(path)) } catch { fail(["\(path): not valid JSON: \(error)"]) }
        guard let events = (json["events"] ?? json).arrayValue else { fail(["\(path): no \"events\" array"]) }
        var result: [HistoryEvent] = []
        for (index, event) in events.enumerated() {
            do { result.append(try HistoryEvent(json: event)) } catch { fail(["\(path): event \(index + 1): \(error)"]) }
        }
        return HistoryEvent.attributingStates(result)
    }

    private func fail(_ lines: [String]) -> Never {
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        Foundation.exit(2)
    }
}
