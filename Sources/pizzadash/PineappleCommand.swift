import AppRuntime
import ArgumentParser
import Engine
import Foundation
import Pizzeria
import Store

/// `pizzadash pineapple`: the synchronous pineapple check, in StartSyncExecution's shape.
struct PineappleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pineapple",
        abstract: "Run the pineapple check synchronously and print StartSyncExecution's answer."
    )

    @Option(help: "The pizza to check.")
    var flavour: String

    @Flag(help: "Print compact JSON on one line.")
    var json = false

    // Like `run`, an express workflow's synchronous check is stored only when asked.
    @Option(name: .customLong("db"), help: "Store the execution in this SQLite store (default: keep nothing).")
    var db: String?

    func run() throws {
        let resources: WorkflowResources
        do {
            resources = try WorkflowResources.load()
        } catch {
            throw CommandIO.fail(error.description)
        }
        var engine = Engine(clock: .instant)
        var recorder: StoreRecorder?
        if let db {
            let text = (try? String(contentsOf: resources.directory.appendingPathComponent(WorkflowResources.pineappleCheckFile), encoding: .utf8)) ?? ""
            (engine, recorder) = try CommandIO.setup { () throws(SetupFailure) in try StoreSession.recording(path: db, clock: .instant, definition: text, stateMachineName: WorkflowResources.pineappleCheckName) }
        }
        let pizzeria = Pizzeria(engine: engine, resources: resources)
        let execution = pizzeria.startPineappleCheck(flavour: flavour)
        engine.runUntilFinished(execution)
        recorder?.flush()
        let answer = execution.description.syncExecutionJSON
        print(json ? answer.serialized() : answer.serialized(pretty: true))
    }
}
