import AppRuntime
import ArgumentParser
import ASL
import Engine
import Foundation
import Pizzeria
import StepFunctions
import Store

struct OrderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Place a pizza order and follow its workflow live (errorOnStep 100 = ALL eight outcomes)."
    )

    @Option(help: "The pizza (pineapple and hawaiian earn 20% off).")
    var flavour = "plain"

    @Option(help: "Seconds each task sleeps after each order-status change (0...60).")
    var delay = 0.0

    @Option(name: .customLong("error-on-step"), help: "Force step N (1...7) to fail; 0 none; 100 ALL.")
    var errorOnStep = 0

    @Option(help: "Which saga runs the order: `jsonpath` (order-saga) or `jsonata` (order-saga-jsonata, the same saga in JSONata).")
    var workflow = "jsonpath"

    @Option(help: "Clock speed: a factor of real time, or `instant` for virtual time.")
    var speed = SpeedOption(.realTime)

    @Flag(help: "Print one JSON object with every order's outcome instead of following live.")
    var json = false

    @OptionGroup var store: StoreOption

    func run() throws {
        guard let saga = OrderSaga(rawValue: workflow.lowercased()) else {
            throw CommandIO.fail("bad order: --workflow must be jsonpath or jsonata, not \"\(workflow)\"")
        }
        let request: OrderRequest
        do {
            request = try OrderRequest(flavour: flavour, perStepDelaySeconds: delay, errorOnStep: errorOnStep, saga: saga)
        } catch {
            throw CommandIO.fail("bad order: \(optionName(error.field)) \(error.message)")
        }
        // Orders are stored as they run; executions a crash interrupted resume alongside.
        let session = try StoreSession.open(store, speed: speed.mode)
        let engine = session.engine
        let pizzeria = session.pizzeria
        let operations = session.service.onLoop
        var narrations: [String: (orderId: Int, startDate: Double, narration: HistoryNarration)] = [:]
        if !json {
            // The service's feed: every new history event, as it happens.
            _ = operations.subscribe { change in
                guard case .events(let arn, let events) = change else { return }
                for event in events {
                    guard var entry = narrations[arn] else { return }
                    let line = entry.narration.line(for: event, startDate: entry.startDate)
                    narrations[arn] = entry
                    guard let line else { continue }
                    print("order \(entry.orderId)  \(line)")
                    fflush(stdout)
                }
            }
        }
        let placed: [PlacedOrder]
        do { placed = try pizzeria.placeOrder(request) } catch { throw CommandIO.fail("cannot place the order: \(error.message)") }
        for order in placed {
            let startDate = (try? operations.describeExecution(arn: order.executionArn).startDate) ?? engine.scheduler.now
            narrations[order.executionArn] = (order.orderId, startDate, HistoryNarration())
            if !json { print("order \(order.orderId)  placed: \(order.flavour), errorOnStep \(order.errorOnStep.rawValue) (\(order.errorOnStep.name)), execution \(order.executionArn)") }
        }
        // The loop runs until the service says every order (and every resumed execution) has ended.
        let waited = placed.map(\.executionArn) + session.restored.resumed.map(\.arn)
        engine.scheduler.run(until: { waited.allSatisfy { (try? operations.describeExecution(arn: $0).status.isFinished) ?? true } })
        session.recorder.flush() // the last turn of the loop may have ended with writes pending
        let outcomes = placed.compactMap { pizzeria.outcome(of: $0) }
        if json {
            CommandIO.printJSON(["orders": .array(outcomes.map(\.json))])
        } else {
            print("")
            for outcome in outcomes { print(outcome.summaryText) }
        }
    }

    private func optionName(_ field: String) -> String {
        switch field {
        case "perStepDelaySeconds": return "--delay (perStepDelaySeconds)"
        case "errorOnStep": return "--error-on-step (errorOnStep)"
        case "flavour": return "--flavour"
        default: return field
        }
    }
}
