import Engine
import Pizzeria

/// Runs work on the engine's loop from async code and hands the result back.
///
/// The engine (and the pizzeria on top of it) is single-threaded: only the thread that runs
/// `engine.scheduler` may touch it. Request handlers run on Hummingbird's event loops, so every
/// read or change goes through ``run(_:)`` or ``runUntilDone(_:)``, which post to the scheduler
/// and suspend until the loop has answered. Whoever owns the engine must keep its loop running
/// (e.g. `scheduler.run(until:waitForPosts: true)` on a thread of its own, or the dashboard's UI loop).
public final class EngineBridge: @unchecked Sendable {
    // Touched only inside closures posted to the scheduler (the loop's thread).
    private let pizzeria: Pizzeria
    private let scheduler: Scheduler

    public init(pizzeria: Pizzeria) {
        self.pizzeria = pizzeria
        self.scheduler = pizzeria.engine.scheduler
    }

    /// Runs `work` on the loop and returns what it returns.
    public func run<T: Sendable>(_ work: @escaping (Pizzeria) -> T) async -> T {
        await runUntilDone { pizzeria, done in done(work(pizzeria)) }
    }

    /// Runs `work` on the loop; it answers by calling `done` exactly once, later if need be
    /// (e.g. when an execution finishes), on the loop.
    public func runUntilDone<T: Sendable>(_ work: @escaping (Pizzeria, _ done: @escaping (T) -> Void) -> Void) async -> T {
        let pizzeria = self.pizzeria
        let job = UncheckedBox(work)
        return await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            scheduler.post {
                job.value(pizzeria) { continuation.resume(returning: $0) }
            }
        }
    }
}

/// Carries a loop-confined closure to the loop's thread (it is only ever called there).
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
