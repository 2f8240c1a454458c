import AppRuntime
import ASL
import Engine
import LocalStepFunctions
import Pizzeria
@testable import Dashboard

/// The dashboard as the binary wires it (``StoreSession`` and ``DashboardLoop`` from AppRuntime,
/// an in-memory store), driven headless in virtual time from a fixed start, so every timestamp,
/// id and message is the same on every run.
struct DashboardFixture {
    static let startTime = 1_700_000_000.0
    let session: StoreSession
    let loop: DashboardLoop

    var engine: Engine { session.engine }
    var pizzeria: Pizzeria { session.pizzeria }
    var state: DashboardState { loop.state }
    var cache: ViewCache { loop.cache }

    init(width: Int = 120, height: Int = 40, definitions: [UserDefinition] = []) throws {
        session = try StoreSession.open(path: ":memory:", speed: .instant, startTime: Self.startTime, definitions: definitions)
        loop = DashboardLoop(service: session.service, engine: session.engine, pizzeria: session.pizzeria, flavour: "plain", delay: 0)
        loop.send(.input(.resize(width: width, height: height)))
        loop.send(.tick(now: Self.startTime))
    }

    /// Places an order as a person would through the API (the executions announce themselves).
    @discardableResult
    func place(_ request: OrderRequest) -> [Execution] {
        let executions = try! pizzeria.placeOrder(request).map { engine.execution($0.executionArn)! }
        loop.runEngine(until: { true })
        return executions
    }

    /// Runs the engine until `done` (or until nothing can happen), then feeds what it reported.
    func run(until done: @escaping () -> Bool = { false }) {
        loop.runEngine(until: done)
    }

    func send(_ action: DashboardAction) { loop.send(action) }

    func key(_ key: Key) { send(.input(.key(key))) }

    func type(_ text: String) { for c in text { key(.character(c)) } }

    func render() -> Canvas { Dashboard.render(state, cache: cache) }
}
