import AppRuntime
import ASL
import Engine
import Pizzeria
import Testing
@testable import Dashboard

/// The two pizza workflows drawn with the overlay of each of their real outcomes: the 8 of the
/// order saga (one execution per errorOnStep) and the pineapple check's two.
@Suite("Outcome overlays (golden)")
struct OutcomeOverlayGoldenTests {
    static func finishedHistory(_ start: (Pizzeria) -> Execution) throws -> (StateMachineDefinition, [HistoryEvent]) {
        let engine = Engine(clock: .instant, startTime: 1_700_000_000)
        let pizzeria = try Pizzeria.unrecorded(engine: engine, resources: try WorkflowResources.load()).pizzeria
        let execution = start(pizzeria)
        engine.runUntilFinished(execution)
        return (execution.definition, execution.history)
    }

    @Test(arguments: Array(0...7))
    func orderSagaOutcome(_ step: Int) throws {
        let (definition, history) = try Self.finishedHistory { pizzeria in
            let order = try! pizzeria.placeOrder(try! OrderRequest(errorOnStep: step))[0]
            return pizzeria.engine.execution(order.executionArn)!
        }
        let overlay = ExecutionOverlay(events: history, definition: definition)
        let layout = try GraphLayout(definition: definition, maxWidth: 160)
        // The last state is the outcome: delivered, or the Fail state after a rollback.
        let last = try #require(HistoryPath.statesEntered(history).last)
        #expect(overlay.status(of: last) == ([0, 3].contains(step) ? .succeeded : .failed))
        GoldenFile.check(drawing(layout, overlay: overlay), against: "order-saga.errorOnStep\(step).w160.txt")
    }

    @Test(arguments: ["pepperoni", "pineapple"])
    func pineappleCheckOutcome(_ flavour: String) throws {
        let (definition, history) = try Self.finishedHistory { $0.engine.execution(try! $0.startPineappleCheck(flavour: flavour).executionArn)! }
        let overlay = ExecutionOverlay(events: history, definition: definition)
        let layout = try GraphLayout(definition: definition, maxWidth: 80, maxHeight: 24)
        let refused = flavour == "pineapple"
        #expect(overlay.status(of: "Sorry, We Dont add Pineapple") == (refused ? .failed : .notStarted))
        #expect(overlay.status(of: "Lets make your pizza") == (refused ? .notStarted : .succeeded))
        GoldenFile.check(drawing(layout, overlay: overlay), against: "pineapple-check.\(flavour).w80.txt")
    }
}
