import Engine
import StepFunctions
import Testing

/// What `pizzadash watch` prints for the shapes of history that need care: a Fail state in a
/// Parallel branch that is caught, a Task retried then caught, an aborted Wait, a failed end.
struct WatchNarrationTests {
    /// Events at the given times (seconds after the start at 100), numbered in order.
    func history(_ events: [(Double, HistoryEventType, String?)]) -> [HistoryEvent] {
        events.enumerated().map { index, event in
            HistoryEvent(id: index + 1, previousEventId: index, timestamp: 100 + event.0, type: event.1, details: .init(stateName: event.2))
        }
    }

    func narrate(_ events: [HistoryEvent]) -> [String] {
        var narration = WatchNarration(startDate: 100)
        return events.flatMap { narration.lines(for: $0) }
    }

    @Test func aCaughtBranchFailure() {
        let lines = narrate(history([
            (0, .executionStarted, nil), (0, .parallelStateEntered, "Par"), (0.5, .passStateEntered, "A"), (0.5, .failStateEntered, "B"),
            (0.75, .passStateExited, "A"), (1, .parallelStateFailed, "Par"), (1, .parallelStateExited, "Par"),
            (1, .passStateEntered, "Recover"), (1.25, .passStateExited, "Recover"), (1.25, .executionSucceeded, nil),
        ]))
        #expect(lines == [
            "+0.000s  entered  Par", "+0.500s  entered  A", "+0.500s  entered  B", "+0.500s  left     B  0.000s  failed",
            "+0.750s  left     A  0.250s", "+1.000s  left     Par  1.000s  caught", "+1.000s  entered  Recover",
            "+1.250s  left     Recover  0.250s", "+1.250s  SUCCEEDED",
        ])
    }

    @Test func aRetriedTaskIsNotFailedUntilItsLastAttempt() {
        let retried = narrate(history([
            (0, .taskStateEntered, "Bake"), (0, .taskScheduled, "Bake"), (1, .taskFailed, "Bake"), (2, .taskScheduled, "Bake"),
            (3, .taskSucceeded, "Bake"), (3, .taskStateExited, "Bake"),
        ]))
        #expect(retried.last == "+3.000s  left     Bake  3.000s")
        var failing = history([(0, .taskStateEntered, "Bake"), (0, .taskScheduled, "Bake"), (1, .taskFailed, "Bake"), (1, .executionFailed, nil)])
        failing[3].details.error = "Oven.Cold"
        failing[3].details.cause = "no heat"
        #expect(narrate(failing).suffix(2) == ["+1.000s  left     Bake  1.000s  failed", "+1.000s  FAILED  Oven.Cold: no heat"])
    }

    @Test func anAbortLeavesWhatWasRunning() {
        let lines = narrate(history([(0, .waitStateEntered, "Nap"), (5, .waitStateAborted, "Nap"), (5, .executionAborted, nil)]))
        #expect(lines == ["+0.000s  entered  Nap", "+5.000s  left     Nap  5.000s  cancelled", "+5.000s  ABORTED"])
        let unexited = narrate(history([(0, .waitStateEntered, "Nap"), (7, .executionTimedOut, nil)]))
        #expect(unexited.suffix(2) == ["+7.000s  left     Nap  7.000s  timed out", "+7.000s  TIMED_OUT"])
    }
}
