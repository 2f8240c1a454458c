import Foundation

/// The engine's single-threaded event loop: a FIFO of ready work, a heap of timers on the
/// engine clock, and an inbox that other threads post to.
///
/// All engine state is touched only from the thread that runs the loop. That makes the
/// interpreter deterministic (the same input gives the same history, event for event) and lets
/// virtual time jump: when nothing is ready, the clock moves straight to the next timer.
public final class Scheduler: @unchecked Sendable {
    /// The current time on the engine clock, in seconds since 1970.
    public private(set) var now: Double
    public private(set) var mode: ClockMode

    private var ready: [() -> Void] = []
    private var readyHead = 0
    /// Deadlines in order; a timer's work is in `timerWork` until it fires or is cancelled, so a
    /// cancelled timer (a heartbeat or a machine timeout that was not needed) lets go of what its
    /// work holds at once, not at its deadline.
    private var timers = TimerHeap()
    private var timerWork: [UInt64: () -> Void] = [:]
    private var nextTimerSequence: UInt64 = 0

    // Cross-thread inbox; everything else is loop-confined.
    private let inboxLock = NSCondition()
    private var inbox: [() -> Void] = []
    private var postHook: (@Sendable () -> Void)?

    /// Called (on the posting thread) after each ``post(_:)``: a loop that waits on something
    /// else than this scheduler, such as a terminal's input, wakes itself up with it.
    public func onPost(_ hook: @escaping @Sendable () -> Void) {
        inboxLock.lock()
        postHook = hook
        inboxLock.unlock()
    }

    // Scaled mode maps engine time to wall time from an anchor, re-anchored on speed changes.
    private let wall: WallClock
    private var anchorWall: Double
    private var anchorEngine: Double

    public init(mode: ClockMode, startTime: Double? = nil, wallClock: WallClock = SystemWallClock()) {
        self.mode = mode
        self.wall = wallClock
        let wallNow = wallClock.now()
        self.now = startTime ?? wallNow
        self.anchorWall = wallNow
        self.anchorEngine = self.now
    }

    /// A handle to cancel a timer.
    public struct TimerID: Hashable, Sendable { let sequence: UInt64 }

    /// Runs `work` on the loop after the work already queued (loop thread only).
    public func enqueue(_ work: @escaping () -> Void) {
        ready.append(work)
    }

    /// Runs `work` once `seconds` have passed on the engine clock (loop thread only).
    @discardableResult
    public func after(_ seconds: Double, _ work: @escaping () -> Void) -> TimerID {
        at(now + max(0, seconds), work)
    }

    /// Runs `work` at the engine time `deadline` (loop thread only).
    @discardableResult
    public func at(_ deadline: Double, _ work: @escaping () -> Void) -> TimerID {
        nextTimerSequence += 1
        timers.push(ScheduledTimer(deadline: deadline, sequence: nextTimerSequence))
        timerWork[nextTimerSequence] = work
        return TimerID(sequence: nextTimerSequence)
    }

    public func cancel(_ timer: TimerID) {
        guard timerWork.removeValue(forKey: timer.sequence) != nil else { return }
        // Cancelled deadlines stay in the heap until they reach its top; when they are most of
        // it, the heap is rebuilt from the live ones.
        if timers.count > 1024, timerWork.count * 2 < timers.count {
            timers.keepOnly { timerWork[$0.sequence] != nil }
        }
    }

    /// Changes the clock's pace from now on (loop thread only).
    public func setMode(_ newMode: ClockMode) {
        syncScaledTime()
        mode = newMode
        anchorWall = wall.now()
        anchorEngine = now
    }

    /// Brings the clock up to the wall clock (scaled mode) before loop-thread code acts outside a
    /// run of due work: a key press read after an idle wait happens now, not when the wait began.
    public func catchUp() {
        syncScaledTime()
    }

    /// Hands work to the loop from any thread and wakes it.
    public func post(_ work: @escaping () -> Void) {
        inboxLock.lock()
        inbox.append(work)
        inboxLock.signal()
        let hook = postHook
        inboxLock.unlock()
        hook?()
    }

    /// Whether anything is ready or timed.
    public var hasPendingWork: Bool { readyHead < ready.count || !timerWork.isEmpty }

    /// Runs the loop until `done()` is true. In instant mode it also returns when nothing is
    /// ready, no timer is set and nothing was posted: nothing could ever change then.
    /// `waitForPosts`: in instant mode, whether to wait for other threads' posts instead of
    /// returning when idle (the dashboard and server do; a headless run does not).
    public func run(until done: () -> Bool, waitForPosts: Bool = false) {
        while !done() {
            drainInbox()
            // Work that arrives after a wait happens "now", not at the time the wait began.
            syncScaledTime()
            if runReady() { continue }
            if done() { return }
            guard let next = nextLiveTimer() else {
                if case .instant = mode, !waitForPosts { return }
                waitForPost(until: nil)
                continue
            }
            switch mode {
            case .instant:
                // Other threads' posts come first: they happened "now".
                if drainInbox() { continue }
                fire(next)
            case .scaled:
                syncScaledTime()
                if next.deadline <= now {
                    fire(next)
                } else {
                    waitForPost(until: wallTime(forEngineTime: next.deadline))
                }
            }
        }
    }

    /// Runs ready work and due timers without waiting (for callers that drive the loop themselves).
    public func runDue() {
        drainInbox()
        syncScaledTime()
        _ = runReady()
        syncScaledTime()
        while let next = nextLiveTimer(), next.deadline <= now, mode != .instant {
            fire(next)
            _ = runReady()
        }
    }

    /// The wall-clock time at which the next timer falls due (nil: none; for UI loops).
    public var nextDeadlineWallTime: Double? {
        guard let next = nextLiveTimer() else { return nil }
        return wallTime(forEngineTime: next.deadline)
    }

    private func fire(_ timer: ScheduledTimer) {
        _ = timers.pop()
        guard let work = timerWork.removeValue(forKey: timer.sequence) else { return }
        if timer.deadline > now { now = timer.deadline }
        work()
    }

    private func nextLiveTimer() -> ScheduledTimer? {
        while let top = timers.peek() {
            if timerWork[top.sequence] == nil { _ = timers.pop(); continue }
            return top
        }
        return nil
    }

    /// Returns whether any work ran.
    private func runReady() -> Bool {
        guard readyHead < ready.count else { return false }
        while readyHead < ready.count {
            let work = ready[readyHead]
            readyHead += 1
            work()
            if readyHead > 1024, readyHead * 2 > ready.count {
                ready.removeFirst(readyHead)
                readyHead = 0
            }
        }
        ready.removeAll(keepingCapacity: true)
        readyHead = 0
        return true
    }

    @discardableResult
    private func drainInbox() -> Bool {
        inboxLock.lock()
        let posted = inbox
        inbox.removeAll()
        inboxLock.unlock()
        ready.append(contentsOf: posted)
        return !posted.isEmpty
    }

    private func waitForPost(until wallDeadline: Double?) {
        inboxLock.lock()
        defer { inboxLock.unlock() }
        guard inbox.isEmpty else { return }
        if let wallDeadline {
            let seconds = wallDeadline - wall.now()
            if seconds > 0 { _ = inboxLock.wait(until: Date(timeIntervalSinceNow: seconds)) }
        } else {
            inboxLock.wait()
        }
    }

    private func syncScaledTime() {
        guard case .scaled(let speed) = mode else { return }
        let t = anchorEngine + (wall.now() - anchorWall) * speed
        if t > now { now = t }
    }

    private func wallTime(forEngineTime t: Double) -> Double {
        switch mode {
        case .instant: return wall.now()
        case .scaled(let speed): return anchorWall + (t - anchorEngine) / speed
        }
    }
}

private struct ScheduledTimer {
    let deadline: Double
    let sequence: UInt64

    /// Earlier deadline first; equal deadlines in the order they were set.
    func precedes(_ other: ScheduledTimer) -> Bool {
        deadline < other.deadline || (deadline == other.deadline && sequence < other.sequence)
    }
}

/// A binary min-heap of timers.
private struct TimerHeap {
    private var items: [ScheduledTimer] = []

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }
    func peek() -> ScheduledTimer? { items.first }

    /// Drops the timers `keep` refuses and restores the heap order.
    mutating func keepOnly(_ keep: (ScheduledTimer) -> Bool) {
        items.removeAll { !keep($0) }
        for index in stride(from: items.count / 2 - 1, through: 0, by: -1) { siftDown(from: index) }
    }

    mutating func push(_ timer: ScheduledTimer) {
        items.append(timer)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].precedes(items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> ScheduledTimer? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        siftDown(from: 0)
        return top
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count, items[left].precedes(items[smallest]) { smallest = left }
            if right < items.count, items[right].precedes(items[smallest]) { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
