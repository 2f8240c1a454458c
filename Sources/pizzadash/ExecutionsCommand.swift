import AppRuntime
import ArgumentParser
import ASL
import Engine
import Foundation

struct ExecutionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "executions",
        abstract: "List the stored executions (or, with --endpoint, a Step Functions service's); --wait first resumes those that were running and waits for all to end."
    )

    @OptionGroup var store: StoreOption

    @OptionGroup(title: "Remote endpoint") var remote: RemoteOptions

    @Flag(help: "Resume the executions that were running (after a crash) and wait until every one has ended.")
    var wait = false

    @Option(help: "With --wait: the clock speed (default: the speed the store was last run at).")
    var speed: SpeedOption?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        if wait, remote.isRemote { throw ValidationError("--wait applies to the local store only, not to --endpoint, --region or --profile") }
    }

    func run() throws {
        // Through the service seam: ListStateMachines, ListExecutions, DescribeExecution.
        let rows: [ExecutionDescription]
        let source = try ExecutionSource(remote, store)
        if case .remote = source {
            rows = try source.executions()
        } else if wait {
            let session = try StoreSession.open(store, speed: speed?.mode)
            session.engine.runUntilFinished(session.restored.resumed)
            session.recorder.flush() // the last turn of the loop may have ended with writes pending
            rows = RestoredExecutions.list(session.service.onLoop)
        } else {
            rows = try CommandIO.setup { () throws(SetupFailure) in try StoreView.open(path: store.path) }.executions
        }
        if json {
            CommandIO.printJSON(["executions": .array(rows.map(Self.json))])
            return
        }
        if rows.isEmpty { print("no executions \(remote.isRemote ? "on" : "in") \(source.label)"); return }
        let header = ["NAME", "WORKFLOW", "STATUS", "START", "STOP", "ERRORONSTEP"]
        let table = rows.map { d -> [String] in
            [d.name, Self.machineName(d), d.status.rawValue, Timestamp.format(d.startDate),
             d.stopDate.map(Timestamp.format) ?? "-", d.input["errorOnStep"]?.intValue.map(String.init) ?? "-"]
        }
        // Columns as wide as their widest cell (names are order-N or 36-character UUIDs).
        let widths = header.indices.map { column in ([header] + table).map { $0[column].count }.max() ?? 0 }
        for line in [header] + table {
            print(zip(line, widths).map { pad($0, $1) }.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
    }

    static func json(_ execution: ExecutionDescription) -> JSONValue {
        guard case .object(var object) = execution.json else { return .null }
        object["stateMachineName"] = .string(machineName(execution))
        if let step = execution.input["errorOnStep"] { object["errorOnStep"] = step }
        return .object(object)
    }

    /// The state machine's name: the last part of its ARN.
    static func machineName(_ execution: ExecutionDescription) -> String {
        execution.stateMachineArn.split(separator: ":").last.map(String.init) ?? ""
    }

    private func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
}
