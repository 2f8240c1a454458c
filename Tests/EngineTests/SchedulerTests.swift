import Testing
@testable import Engine

/// The loop's timers, in virtual time: order, cancellation, and what a cancelled timer holds.
@Suite struct SchedulerTests {
    final class Payload {}

    @Test func timersFireInDeadlineOrderAndTiesInTheOrderSet() {
        let scheduler = Scheduler(mode: .instant, startTime: 1_000)
        var fired: [String] = []
        scheduler.after(5) { fired.append("b") }
        scheduler.after(1) { fired.append("a") }
        scheduler.after(5) { fired.append("c") }
        scheduler.run(until: { false })
        #expect(fired == ["a", "b", "c"])
        #expect(scheduler.now == 1_005)
    }

    /// A heartbeat or machine timeout that is no longer needed must not keep its execution's
    /// objects alive until its deadline (a 900 s saga timeout would, per finished order).
    @Test func cancellingATimerLetsGoOfItsWorkAtOnce() {
        let scheduler = Scheduler(mode: .instant, startTime: 0)
        weak var held: Payload?
        let timer: Scheduler.TimerID
        do {
            let payload = Payload()
            held = payload
            timer = scheduler.after(900) { _ = payload }
        }
        #expect(held != nil)
        scheduler.cancel(timer)
        #expect(held == nil)
        #expect(!scheduler.hasPendingWork)
    }

    final class ManualWallClock: WallClock, @unchecked Sendable {
        var time = 1_000.0
        func now() -> Double { time }
    }

    /// In scaled mode the clock follows the wall clock only when the loop runs; work done
    /// between runs (a key press after an idle wait) catches it up first.
    @Test func catchUpBringsAScaledClockToTheWallClock() {
        let wall = ManualWallClock()
        let scheduler = Scheduler(mode: .scaled(speed: 4), startTime: 0, wallClock: wall)
        wall.time += 0.5
        #expect(scheduler.now == 0, "nothing has run since the wait began")
        scheduler.catchUp()
        #expect(scheduler.now == 2)
        wall.time += 0.25
        scheduler.runDue()
        #expect(scheduler.now == 3)
    }

    @Test func manyCancelledTimersLeaveTheLiveOnesInOrder() {
        let scheduler = Scheduler(mode: .instant, startTime: 0)
        var fired: [Int] = []
        var ids: [Int: Scheduler.TimerID] = [:]
        for i in 0..<5_000 {
            let deadline = Double((i * 7_919) % 5_000)  // a permutation of 0..<5000
            ids[i] = scheduler.at(deadline) { fired.append(Int(deadline)) }
        }
        // Cancel all but every tenth: the heap is rebuilt from the live ones along the way.
        for i in 0..<5_000 where i % 10 != 0 { scheduler.cancel(ids[i]!) }
        scheduler.run(until: { false })
        let expected = (0..<5_000).filter { $0 % 10 == 0 }.map { ($0 * 7_919) % 5_000 }.sorted()
        #expect(fired == expected)
    }
}
