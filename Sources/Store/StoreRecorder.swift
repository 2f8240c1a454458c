import ASL
import Engine
import Foundation

/// Writes an engine's changes into a store as they happen: every history event (and with it
/// the execution rows), every queue message, and the orders the layer above hands it.
///
/// Each change is its own transaction, written on the engine's loop before the loop goes on,
/// so what the engine has done is on disk before anything that follows from it can happen.
public final class StoreRecorder {
    public let store: EventStore
    public private(set) var isRecording = true
    /// Changes written so far.
    public private(set) var writeCount = 0
    /// The first write that failed (the engine goes on; the message went to stderr).
    public private(set) var firstError: StoreError?
    /// Called after each write with the new ``writeCount`` (tests cut the recording there to
    /// simulate a crash at an exact point).
    public var afterWrite: ((Int) -> Void)?

    init(store: EventStore) { self.store = store }

    /// Stops recording: later changes are not stored (as if the process had died here).
    public func detach() { isRecording = false }

    public func record(_ event: HistoryEvent, of execution: Execution) {
        perform { () throws(StoreError) in try store.append(event, of: execution) }
    }

    public func record(_ message: QueueMessage) {
        perform { () throws(StoreError) in try store.append(message) }
    }

    public func record(_ order: StoredOrder) {
        perform { () throws(StoreError) in try store.putOrder(order) }
    }

    private func perform(_ write: () throws(StoreError) -> Void) {
        guard isRecording else { return }
        do {
            try write()
            writeCount += 1
            afterWrite?(writeCount)
        } catch {
            if firstError == nil {
                firstError = error
                FileHandle.standardError.write(Data("pizzadash: cannot write to the store: \(error)\n".utf8))
            }
        }
    }
}

extension EventStore {
    /// Records every history event and queue message of `engine` from now on. Orders are the
    /// caller's to record (``StoreRecorder/record(_:)-(StoredOrder)``): the store knows no pizzas.
    public func attach(to engine: Engine) -> StoreRecorder {
        let recorder = StoreRecorder(store: self)
        engine.observe { execution, event in recorder.record(event, of: execution) }
        engine.queues.observe { message in recorder.record(message) }
        return recorder
    }
}
