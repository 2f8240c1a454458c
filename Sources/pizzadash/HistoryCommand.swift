import AppRuntime
import ArgumentParser
import Engine
import Foundation

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print one stored execution's history (its ARN or name)."
    )

    @Argument(help: "The execution's ARN or name (e.g. order-3).")
    var execution: String

    @OptionGroup var store: StoreOption

    @Flag(help: "Print GetExecutionHistory JSON ({\"events\": [...]}, which `pizzadash graph --execution` reads).")
    var json = false

    func run() throws {
        // Through the service seam: the executions as listed, then GetExecutionHistory.
        let view = try CommandIO.setup { () throws(SetupFailure) in try StoreView.open(path: store.path) }
        let rows = view.executions
        guard let found = rows.first(where: { $0.executionArn == execution }) ?? rows.last(where: { $0.name == execution }) else {
            throw CommandIO.fail("no execution \(execution) in \(store.path) (`pizzadash executions` lists them)")
        }
        let history = view.history(of: found.executionArn)
        if json {
            CommandIO.printJSON(["events": .array(history.map(\.json))])
            return
        }
        print("\(found.executionArn)  \(found.status.rawValue)")
        for event in history {
            let offset = String(format: "+%.3fs", event.timestamp - found.startDate)
            print("\(String(event.id).padding(toLength: 4, withPad: " ", startingAt: 0)) \(offset)  \(event.type.rawValue.padding(toLength: 26, withPad: " ", startingAt: 0)) \(event.details.stateName ?? "")")
        }
    }
}
