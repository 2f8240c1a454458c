import ArgumentParser
import ASL
import Dashboard
import Engine
import Foundation

/// `pizzadash graph DEFINITION.json [--format text|svg|dot|mermaid]`: a definition's graph,
/// optionally coloured by one execution's history, printed or written to `--output`; or
/// `pizzadash graph --execution-arn ARN [--endpoint URL | --db PATH]`: the graph of the machine
/// that execution runs (DescribeStateMachineForExecution) coloured by its history. The
/// documents themselves are made by ``GraphExport`` (Dashboard); this parses and wires.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a state machine definition as a graph: text, SVG, Graphviz dot or Mermaid."
    )

    @Argument(help: "The ASL definition (JSON file); not with --execution-arn.")
    var definition: String?

    @Option(name: .customLong("execution-arn"), help: "Draw this execution's state machine coloured by its history, from --endpoint (or the store at --db).")
    var executionArn: String?

    @OptionGroup var store: StoreOption

    @OptionGroup(title: "Remote endpoint") var remote: RemoteOptions

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
        switch (definition, executionArn) {
        case (nil, nil): throw ValidationError("give a definition file, or --execution-arn ARN")
        case (.some, .some): throw ValidationError("give a definition file or --execution-arn, not both")
        case (.some, nil) where remote.isRemote: throw ValidationError("--endpoint, --region and --profile go with --execution-arn")
        case (nil, .some) where execution != nil: throw ValidationError("--execution (a history file) and --execution-arn exclude each other")
        default: break
        }
        if let height, height < 1 { throw ValidationError("--height must be at least 1") }
    }

    func run() throws {
        do {
            let format = try GraphExportFormat(parsing: self.format)
            let (machine, overlay, name) = try drawn()
            let document: String
            do {
                document = try GraphExport.render(machine, as: format, overlay: overlay,
                                                  text: GraphTextOptions(width: width ?? 120, height: height, color: color))
            } catch {
                throw UsageFailure("cannot draw \(name): \(error) (try a larger --width)")
            }
            try write(document)
        } catch let failure as UsageFailure {
            throw CommandIO.fail(failure.message)
        }
    }

    /// The definition, the overlay of its execution (if any) and what to call it in messages.
    private func drawn() throws -> (StateMachineDefinition, ExecutionOverlay?, String) {
        guard let arn = executionArn else {
            let path = definition ?? ""
            let machine = try CommandIO.loadDefinition(path)
            let overlay = try execution.map { path throws(UsageFailure) in ExecutionOverlay(events: try HistoryFile.load(path), definition: machine) }
            return (machine, overlay, path)
        }
        let source = try ExecutionSource(remote, store)
        let described = try source.machine(forExecution: arn)
        let machine: StateMachineDefinition
        do { machine = try StateMachineDefinition.load(text: described.definition) } catch {
            throw UsageFailure("the definition of \(described.stateMachineArn) is not valid:\n" + error.description)
        }
        let events = HistoryEvent.attributingStates(try source.history(arn))
        return (machine, ExecutionOverlay(events: events, definition: machine), described.stateMachineArn)
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
