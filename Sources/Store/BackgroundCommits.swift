import Foundation

/// The batches a store commits on a thread of its own (``EventStore/commitInBackground(_:)``):
/// handed over in order, committed in that order, all that have queued up while the previous
/// commit was on its way to the disk in one transaction (a group commit).
///
/// Why: a durable commit waits for the disk (`synchronous = FULL`: a few milliseconds). Done on
/// the engine's loop, that wait held up every execution and every API request behind it; on
/// this thread the loop hands each turn's writes over and goes on. What is stored is still
/// always a prefix of what happened; a killed process loses what was handed over and not yet
/// committed (at most a commit's time of work). Everything else the store does first waits for
/// what was handed over (``EventStore/waitForCommits()``), so a process reads its own writes.
final class BackgroundCommits: @unchecked Sendable {
    let queue = DispatchQueue(label: "pizzadash.store.commits")

    /// One per store file in this process, shared by every EventStore opened on it: a store
    /// opened again (after a session without a final flush) waits for the earlier one's commits.
    static func shared(for path: String) -> BackgroundCommits {
        registryLock.withLock {
            if let existing = byPath[path] { return existing }
            let made = BackgroundCommits()
            byPath[path] = made
            return made
        }
    }
    private static let registryLock = NSLock()
    nonisolated(unsafe) private static var byPath: [String: BackgroundCommits] = [:]

    /// Waits until what was handed over is committed (or has failed), and the drain that
    /// committed it has let go of its store. Not on `queue` itself.
    func wait() { queue.sync {} }
    private let lock = NSLock()
    // Guarded by `lock`.
    private var handedOver: [[EventStore.Operation]] = []
    private var draining = false

    /// Queues a batch; true when no drain runs and the caller must start one.
    func handOver(_ batch: [EventStore.Operation]) -> Bool {
        lock.withLock {
            handedOver.append(batch)
            guard !draining else { return false }
            draining = true
            return true
        }
    }

    /// Everything handed over so far, in order; nil (and the drain ends) when there is nothing.
    func takeAll() -> [EventStore.Operation]? {
        lock.withLock {
            guard !handedOver.isEmpty else {
                draining = false
                return nil
            }
            let batches = handedOver
            handedOver = []
            return Array(batches.joined())
        }
    }

}

/// One store's background transactions: how many were committed, and the first that failed
/// (kept per EventStore, while the queue is shared by every store of the same file).
final class CommitTally: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var commits = 0
    private var failure: StoreError?

    func committed() { lock.withLock { commits += 1 } }

    /// Records a failed commit; true for the first (the one to report).
    func failed(_ error: StoreError) -> Bool {
        lock.withLock {
            guard failure == nil else { return false }
            failure = error
            return true
        }
    }

    /// Transactions committed so far, and the first commit that failed.
    var counts: (commits: Int, failure: StoreError?) { lock.withLock { (commits, failure) } }
}
