import ASL
import Engine
import Foundation

/// Writes an engine's changes into a store as they happen: every history event (and with it
/// the execution rows), every queue message, and the orders the layer above hands it.
///
/// Changes made in one turn of the engine's loop are handed over together, in order, at the
/// end of that turn, to the store's commit thread, which commits them (with any other turns
/// handed over meanwhile) in one transaction: the loop never waits for the disk, what is stored
/// is always a prefix of what happened, so recovery sees a consistent past, and a crash loses
/// at most the turns not yet committed. (Durable commits cost a few milliseconds each: one per
/// change, or even one per turn on the loop, held every execution up.)
public final class StoreRecorder {
    public let store: EventStore
    public private(set) var isRecording = true
    /// Changes recorded so far.
    public private(set) var writeCount = 0
    /// Transactions committed so far (each holds one turn's changes or more).
    public var commitCount: Int { store.commitCounts.commits }
    /// The first commit that failed (the engine goes on; the message went to stderr).
    public var firstError: StoreError? { store.commitCounts.failure }
    /// Called after each change is recorded with the new ``writeCount`` (tests ``detach()``
    /// there to simulate a crash at an exact point).
    public var afterWrite: ((Int) -> Void)?

    private let scheduler: Scheduler
    private var pending: [EventStore.Operation] = []

    init(store: EventStore, scheduler: Scheduler) {
        self.store = store
        self.scheduler = scheduler
    }

    /// Stores what is pending and stops recording: later changes are not stored (as if the
    /// process had died right here).
    public func detach() {
        flush()
        isRecording = false
    }

    public func record(_ event: HistoryEvent, of execution: Execution) {
        add(store.operation(appending: event, of: execution))
    }

    public func record(_ message: QueueMessage) {
        add(store.operation(appending: message))
    }

    /// A Map Run's record or one of its children's descriptions, as it is now.
    public func record(_ change: MapRunChange) {
        add(store.operation(putting: change))
    }

    public func record(_ order: StoredOrder) {
        add(store.operation(putting: order))
    }

    /// Writes what is pending now and waits until everything recorded is committed (at the end
    /// of a run, before the process exits, and where a test needs the store to be current).
    public func flush() {
        handOver()
        store.waitForCommits()
    }

    /// Hands what is pending to the store's commit thread (done at the end of every loop turn).
    private func handOver() {
        guard isRecording, !pending.isEmpty else { return }
        let batch = pending
        pending = []
        store.commitInBackground(batch)
    }

    private func add(_ operation: @escaping EventStore.Operation) {
        guard isRecording else { return }
        if pending.isEmpty {
            // Runs after the work already queued: the end of this turn of the loop.
            scheduler.enqueue { [weak self] in self?.handOver() }
        }
        pending.append(operation)
        writeCount += 1
        afterWrite?(writeCount)
    }
}

extension EventStore {
    /// Records every history event and queue message of `engine` from now on. Orders are the
    /// caller's to record (``StoreRecorder/record(_:)-(StoredOrder)``): the store knows no pizzas.
    public func attach(to engine: Engine) -> StoreRecorder {
        let recorder = StoreRecorder(store: self, scheduler: engine.scheduler)
        // Express executions are not durable on AWS (no history to describe or list, nothing to
        // resume): they run and show live, but are not stored.
        engine.observe { execution, event in
            guard execution.type == .standard else { return }
            recorder.record(event, of: execution)
        }
        engine.queues.observe { message in recorder.record(message) }
        // Map Runs of STANDARD executions (and their children), as the executions themselves.
        var storedMapRuns: Set<String> = []
        engine.observeMapRuns { change in
            switch change {
            case .mapRun(let mapRun):
                guard !LocalARN.isExpressExecution(mapRun.executionArn) else { return }
                storedMapRuns.insert(mapRun.mapRunArn)
            case .child(let child):
                guard let mapRunArn = child.mapRunArn, storedMapRuns.contains(mapRunArn) else { return }
            }
            recorder.record(change)
        }
        return recorder
    }
}
