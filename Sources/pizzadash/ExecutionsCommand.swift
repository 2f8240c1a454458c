import AppRuntime
import ArgumentParser
import ASL
import Engine
import Foundation
import Store

struct ExecutionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "executions",
        abstract: "List the stored executions; --wait first resumes those that were running and waits for all to end."
    )

    @OptionGroup var store: StoreOption

    @Flag(help: "Resume the executions that were running (after a crash) and wait until every one has ended.")
    var wait = false

    @Option(help: "With --wait: the clock speed (default: the speed the store was last run at).")
    var speed: SpeedOption?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let rows: [StoredExecution]
        if wait {
            let session = try StoreSession.open(store, speed: speed?.mode)
            session.engine.runUntilFinished(session.restored.resumed)
            session.recorder.flush() // the last turn of the loop may have ended with writes pending
            rows = try load { () throws(StoreError) in try session.store.loadExecutionRows() }
        } else {
            let reader = try store.openForReading()
            rows = try load { () throws(StoreError) in try reader.loadExecutionRows() }
        }
        if json {
            CommandIO.printJSON(["executions": .array(rows.map(Self.json))])
            return
        }
        if rows.isEmpty { print("no executions in \(store.path)"); return }
        let header = ["NAME", "WORKFLOW", "STATUS", "START", "STOP", "ERRORONSTEP"]
        let table = rows.map { row -> [String] in
            let d = row.description
            return [d.name, row.stateMachineName, d.status.rawValue, Timestamp.format(d.startDate),
                    d.stopDate.map(Timestamp.format) ?? "-", d.input["errorOnStep"]?.intValue.map(String.init) ?? "-"]
        }
        // Columns as wide as their widest cell (names are order-N or 36-character UUIDs).
        let widths = header.indices.map { column in ([header] + table).map { $0[column].count }.max() ?? 0 }
        for line in [header] + table {
            print(zip(line, widths).map { pad($0, $1) }.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
    }

    static func json(_ row: StoredExecution) -> JSONValue {
        guard case .object(var object) = row.description.json else { return .null }
        object["stateMachineName"] = .string(row.stateMachineName)
        if let step = row.description.input["errorOnStep"] { object["errorOnStep"] = step }
        return .object(object)
    }

    private func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }

    private func load<T>(_ body: () throws(StoreError) -> T) throws -> T {
        do { return try body() } catch { throw CommandIO.fail(error.description) }
    }
}

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
        let reader = try store.openForReading()
        let found: StoredExecution
        let history: [HistoryEvent]
        do {
            let rows = try reader.loadExecutionRows()
            guard let row = rows.first(where: { $0.description.executionArn == execution }) ?? rows.last(where: { $0.description.name == execution }) else {
                throw CommandIO.fail("no execution \(execution) in \(store.path) (`pizzadash executions` lists them)")
            }
            found = row
            history = try reader.loadHistory(executionArn: row.description.executionArn)
        } catch let error as StoreError {
            throw CommandIO.fail(error.description)
        }
        if json {
            CommandIO.printJSON(["events": .array(history.map(\.json))])
            return
        }
        print("\(found.description.executionArn)  \(found.description.status.rawValue)")
        for event in history {
            let offset = String(format: "+%.3fs", event.timestamp - found.description.startDate)
            print("\(String(event.id).padding(toLength: 4, withPad: " ", startingAt: 0)) \(offset)  \(event.type.rawValue.padding(toLength: 26, withPad: " ", startingAt: 0)) \(event.details.stateName ?? "")")
        }
    }
}
