import AppRuntime
import ArgumentParser
import ASL
import Engine
import Foundation
import Pizzeria
import StepFunctions

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
        let session = try CommandIO.setup { () throws(SetupFailure) in try OneShotSession.open(path: db, clock: .instant, mockConfig: nil) }
        try CommandIO.setup { () throws(SetupFailure) in try session.createShippedMachines(resources) }
        Pizzeria.installHandlers(on: session.engine, orders: OrderBook())
        let answer: JSONValue
        do {
            answer = try session.runToEnd(Pizzeria.pineappleCheck(flavour: flavour)).syncExecutionJSON
        } catch {
            throw CommandIO.fail(error.message)
        }
        print(json ? answer.serialized() : answer.serialized(pretty: true))
    }
}
