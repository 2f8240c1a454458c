import AppRuntime
import ASL
import Engine
import Foundation
import Pizzeria
import TestSupport
import Store

/// A temporary directory removed when the value goes away.
final class TempDir {
    let url: URL
    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("pizzadash-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// How many times each Lambda function of the saga ran (shared by a crashed engine and the one
/// that resumes after it, so the counts add up across the "restart").
final class RunCounter {
    var counts: [String: Int] = [:]
    static let functions = ["OrderInsert", "PaymentProcessor", "LoyaltyInsert", "OrderPrepare", "PaymentRefund", "LoyaltyReclaim", "CustomerNotification"]

    /// Wraps the engine's pizza handlers; `counting()` false: the run is not counted (the
    /// simulated process is already dead).
    func install(on engine: Engine, counting: @escaping () -> Bool = { true }) {
        for name in Self.functions {
            guard let handler = engine.handlers.function(named: name) else { continue }
            engine.handlers.registerFunction(name) { [unowned self] call in
                if counting() { self.counts[name, default: 0] += 1 }
                handler(call)
            }
        }
    }
}

/// The binary's own wiring (AppRuntime's ``StoreSession``) on a test's store, in virtual time
/// from a fixed start unless told otherwise.
enum TestSession {
    static func open(_ store: EventStore, clock: ClockMode = .instant, startTime: Double = 1_800_000_000) throws -> StoreSession {
        try StoreSession.open(store: store, speed: clock, startTime: startTime)
    }
}

/// What an order came to, in the terms recovery must preserve.
struct OrderResult: Equatable, CustomStringConvertible {
    var status: ExecutionStatus
    var error: String?
    /// The states entered, in order (a task run again after a crash records a new attempt, not
    /// a new entry, so this is what an uninterrupted run and a resumed one share).
    var path: [String]
    /// Failed attempts per state (retries that really happened).
    var failures: [String: Int]
    var orderStatus: OrderStatus?
    /// Dead-letter messages, each distinct body once (at-least-once may send one twice).
    var deadLetters: Set<String>

    init(_ pizzeria: Pizzeria, _ order: PlacedOrder) {
        let outcome = pizzeria.outcome(of: order)!
        status = outcome.execution.status
        error = outcome.execution.error
        let history = pizzeria.engine.execution(order.executionArn)!.history
        path = history.filter { $0.type.isStateEntered }.compactMap(\.details.stateName)
        failures = history.filter { $0.type == .taskFailed }.reduce(into: [:]) { $0[$1.details.stateName ?? "", default: 0] += 1 }
        orderStatus = outcome.record?.status
        deadLetters = Set(outcome.queueMessages.map { "\($0.queue) \($0.body.serialized())" })
    }

    var description: String { "\(status.rawValue) \(error ?? "-") order \(orderStatus?.name ?? "none") path \(path.joined(separator: " > ")) failures \(failures.sorted { $0.key < $1.key }) dlq \(deadLetters.sorted())" }
}
