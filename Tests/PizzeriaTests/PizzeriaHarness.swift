import AppRuntime
import ASL
import Engine
import Foundation
@testable import Pizzeria

/// A pizzeria on an engine in virtual time, with the real Resources/ definitions.
struct PizzeriaHarness {
    static let startTime = 1_800_000_000.0
    let engine: Engine
    let pizzeria: Pizzeria

    init() throws {
        engine = Engine(clock: .instant, startTime: Self.startTime)
        pizzeria = try Pizzeria.unrecorded(engine: engine, resources: try WorkflowResources.load()).pizzeria
    }

    /// Places an order and runs virtual time until its executions end.
    func run(_ request: OrderRequest) -> [OrderOutcome] {
        let placed = try! pizzeria.placeOrder(request)
        engine.runUntilFinished(placed.compactMap { engine.execution($0.executionArn) })
        return placed.compactMap { pizzeria.outcome(of: $0) }
    }

    /// Runs the pineapple check to its end.
    func pineapple(_ flavour: String) -> ExecutionDescription {
        let execution = engine.execution(try! pizzeria.startPineappleCheck(flavour: flavour).executionArn)!
        engine.runUntilFinished(execution)
        return execution.description
    }
}

extension OrderOutcome {
    /// Seconds on the virtual clock from start to stop.
    var duration: Double { (execution.stopDate ?? .nan) - execution.startDate }
}
