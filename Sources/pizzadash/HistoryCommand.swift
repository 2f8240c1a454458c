import ArgumentParser
import Engine
import Foundation

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print one stored execution's history (its ARN or name), or with --endpoint a Step Functions service's (its ARN)."
    )

    @Argument(help: "The execution's ARN or name (e.g. order-3; on an endpoint, its ARN).")
    var execution: String

    @OptionGroup var store: StoreOption

    @OptionGroup(title: "Remote endpoint") var remote: RemoteOptions

    @Flag(help: "Print GetExecutionHistory JSON ({\"events\": [...]}, which `pizzadash graph --execution` reads).")
    var json = false

    func run() throws {
        // Through the service seam: the execution (as listed, or DescribeExecution), then GetExecutionHistory.
        let source = try ExecutionSource(remote, store)
        let found = try source.describe(execution)
        let history = try source.history(found.executionArn)
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
