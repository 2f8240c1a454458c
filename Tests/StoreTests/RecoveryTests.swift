import ASL
import Engine
import Foundation
import Pizzeria
import Testing
@testable import Store

/// Recovery in-process: a process "dies" after its K-th write to the store (later changes are
/// never stored), a fresh engine resumes from the store, and the order must end as an
/// uninterrupted run does, with no task whose success was stored run again.
@Suite struct RecoveryTests {
    struct Run {
        var result: OrderResult
        var counts: [String: Int]
        var writes: Int
    }

    /// An uninterrupted run of one order.
    static func baseline(_ step: Int, delay: Double) throws -> Run {
        let store = try EventStore.open(path: EventStore.memoryPath)
        let session = try TestSession.open(store)
        let counter = RunCounter()
        counter.install(on: session.engine)
        let order = try session.pizzeria.placeOrder(try OrderRequest(perStepDelaySeconds: delay, errorOnStep: step))[0]
        session.engine.runUntilFinished(session.engine.execution(order.executionArn)!)
        return Run(result: OrderResult(session.pizzeria, order), counts: counter.counts, writes: session.recorder.writeCount)
    }

    /// A run that dies after `cut` writes and is resumed from the store.
    static func interrupted(_ step: Int, delay: Double, cut: Int, store: EventStore) throws -> Run {
        let counter = RunCounter()
        do {
            let session = try TestSession.open(store)
            let recorder = session.recorder
            recorder.afterWrite = { count in if count >= cut { recorder.detach() } }
            counter.install(on: session.engine, counting: { recorder.isRecording })
            let order = try session.pizzeria.placeOrder(try OrderRequest(perStepDelaySeconds: delay, errorOnStep: step))[0]
            session.engine.runUntilFinished(session.engine.execution(order.executionArn)!)
        }
        let resumed = try TestSession.open(store)
        counter.install(on: resumed.engine)
        resumed.engine.runUntilFinished(resumed.restored.resumed)
        resumed.recorder.flush()
        let order = try #require(resumed.pizzeria.placed.first)
        return Run(result: OrderResult(resumed.pizzeria, order), counts: counter.counts, writes: resumed.recorder.writeCount)
    }

    /// Every cut point of every outcome (0...7), with a per-step delay so that tasks, retry
    /// intervals, the Parallel and the callback task are all interrupted while in progress.
    @Test(arguments: 0...7)
    func everyCutPointEndsAsAnUninterruptedRun(step: Int) throws {
        let expected = try Self.baseline(step, delay: 1)
        #expect(expected.writes > 10)
        for cut in 1..<expected.writes {
            let store = try EventStore.open(path: EventStore.memoryPath)
            let run = try Self.interrupted(step, delay: 1, cut: cut, store: store)
            #expect(run.result == expected.result, "errorOnStep \(step), cut after write \(cut):\n got      \(run.result)\n expected \(expected.result)")
            // At most the tasks in flight (one per active branch) run again.
            var extra = 0
            for name in RunCounter.functions {
                let got = run.counts[name, default: 0], want = expected.counts[name, default: 0]
                #expect(got >= want && got <= want + 1, "errorOnStep \(step), cut \(cut): \(name) ran \(got) times, uninterrupted \(want)")
                extra += max(0, got - want)
            }
            #expect(extra <= 2, "errorOnStep \(step), cut \(cut): \(extra) extra task runs")
        }
    }

    /// Nothing recorded as succeeded runs again: a cut right after each TaskSucceeded event.
    @Test func recordedSuccessesAreNotRunAgain() throws {
        let expected = try Self.baseline(0, delay: 0)
        let store = try EventStore.open(path: EventStore.memoryPath)
        // Find the writes that are TaskSucceeded events in an uninterrupted recording.
        let probe = try TestSession.open(store)
        var successWrites: [Int] = []
        probe.engine.observe { _, event in
            if event.type == .taskSucceeded { successWrites.append(probe.recorder.writeCount) }
        }
        let order = try probe.pizzeria.placeOrder(try OrderRequest(errorOnStep: 0))[0]
        probe.engine.runUntilFinished(probe.engine.execution(order.executionArn)!)
        #expect(successWrites.count >= 4)
        for cut in successWrites {
            let run = try Self.interrupted(0, delay: 0, cut: cut, store: try EventStore.open(path: EventStore.memoryPath))
            #expect(run.result == expected.result)
            // The cut falls after a success and before the next task starts: nothing in flight.
            #expect(run.counts == expected.counts, "cut after write \(cut): \(run.counts) vs \(expected.counts)")
        }
    }

    /// A Wait/retry interval counts the time already spent: resuming in the middle of a retry
    /// interval ends at the same engine time as the uninterrupted run.
    @Test func retryIntervalCountsTimeAlreadySpent() throws {
        let store = try EventStore.open(path: EventStore.memoryPath)
        let session = try TestSession.open(store)
        let order = try session.pizzeria.placeOrder(try OrderRequest(errorOnStep: 1))[0]
        let execution = session.engine.execution(order.executionArn)!
        // Die while waiting the 2 s before the second retry of Create New Order.
        session.engine.observe { execution, _ in
            if execution.history.filter({ $0.type == .taskFailed }).count >= 2 { session.recorder.detach() }
        }
        session.engine.runUntilFinished(execution)
        let stored = try #require(try store.loadExecutions().first)
        let failedAt = try #require(stored.history.last { $0.type == .taskFailed }).timestamp
        let resumed = try TestSession.open(store, startTime: failedAt + 1.5)
        let again = try #require(resumed.restored.resumed.first)
        resumed.engine.runUntilFinished(again)
        let retried = try #require(again.history.first { $0.type == .taskScheduled && $0.timestamp > failedAt })
        #expect(retried.timestamp == failedAt + 2)
        #expect(again.status == .failed)
    }

    /// A callback task whose heartbeat ran out while the process was down times out, as it would have.
    @Test func heartbeatCountsTimeAlreadySpent() throws {
        let store = try EventStore.open(path: EventStore.memoryPath)
        let session = try TestSession.open(store)
        let order = try session.pizzeria.placeOrder(try OrderRequest(errorOnStep: 0))[0]
        let execution = session.engine.execution(order.executionArn)!
        session.engine.observe { _, event in
            if event.type == .taskSubmitted { session.recorder.detach() }
        }
        session.engine.runUntilFinished(execution)
        let stored = try #require(try store.loadExecutions().first)
        let submitted = try #require(stored.history.last { $0.type == .taskSubmitted }).timestamp
        let resumed = try TestSession.open(store, startTime: submitted + 30)
        let again = try #require(resumed.restored.resumed.first)
        resumed.engine.runUntilFinished(again)
        #expect(again.history.contains { $0.type == .taskTimedOut && $0.details.error == StatesError.Name.heartbeatTimeout })
        #expect(again.status == .failed)
        #expect(resumed.pizzeria.orders.record(order.orderId)?.status == .cancelled)
    }

    /// Event ids continue after a restart, and the histories stay gap-free.
    @Test func eventIdsContinue() throws {
        let store = try EventStore.open(path: EventStore.memoryPath)
        _ = try Self.interrupted(4, delay: 1, cut: 20, store: store)
        for execution in try store.loadExecutions() {
            #expect(execution.history.map(\.id) == Array(1...execution.history.count))
            #expect(execution.history.last?.type.isTerminal == true)
        }
    }
}
