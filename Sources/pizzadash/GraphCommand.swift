import ArgumentParser
import ASL
import Dashboard
import Foundation

/// `pizzadash graph DEFINITION.json [--format text|svg|dot|mermaid]`: a definition's graph,
/// optionally coloured by one execution's history, printed or written to `--output`. The
/// documents themselves are made by ``GraphExport`` (Dashboard); this parses and wires.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a state machine definition as a graph: text, SVG, Graphviz dot or Mermaid."
    )

    @Argument(help: "The ASL definition (JSON file).")
    var definition: String

    @Option(help: "text (boxes and arrows), svg, dot (Graphviz) or mermaid.")
    var format: String = GraphExportFormat.text.rawValue

    @Option(help: "Columns available for the text drawing (default 120).")
    var width: Int?

    @Option(help: "Rows available for the text drawing; it pans to the running state. Default: the whole drawing.")
    var height: Int?

    @Option(help: "A history printed by `pizzadash run --history` or `pizzadash history NAME --json`, to colour the graph by.")
    var execution: String?

    @Option(name: [.short, .long], help: "Write the graph to this file instead of standard output.")
    var output: String?

    @Flag(help: "Colour the text drawing with ANSI escapes.")
    var color = false

    func validate() throws {
        let format: GraphExportFormat
        do { format = try GraphExportFormat(parsing: self.format) } catch { throw ValidationError(error.description) }
        if format != .text, color || width != nil || height != nil {
            throw ValidationError("--color, --width and --height apply to --format text only")
        }
        if let width, width < 1 { throw ValidationError("--width must be at least 1") }
        if let height, height < 1 { throw ValidationError("--height must be at least 1") }
    }

    func run() throws {
        do {
            let format = try GraphExportFormat(parsing: self.format)
            let machine = try CommandIO.loadDefinition(definition)
            let overlay = try execution.map { path throws(UsageFailure) in ExecutionOverlay(events: try HistoryFile.load(path), definition: machine) }
            let document: String
            do {
                document = try GraphExport.render(machine, as: format, overlay: overlay,
                                                  text: GraphTextOptions(width: width ?? 120, height: height, color: color))
            } catch {
                throw UsageFailure("cannot draw \(definition): \(error) (try a larger --width)")
            }
            try write(document)
        } catch let failure as UsageFailure {
            throw CommandIO.fail(failure.message)
        }
    }

    private func write(_ document: String) throws(UsageFailure) {
        guard let output else {
            print(document, terminator: "")
            return
        }
        do {
            try Data(document.utf8).write(to: URL(fileURLWithPath: output))
        } catch {
            throw UsageFailure("cannot write \(output): \((error as NSError).localizedDescription)")
        }
    }
}
