import AppRuntime
import ASL
import Engine
import Pizzeria
import Testing
@testable import Dashboard

/// A state that failed and waits for its retry is still running (↻ with the attempt that comes
/// next), not failed; a retry that can no longer happen reads as cancelled.
@Suite("Overlay while retrying")
struct RetryOverlayTests {
    /// errorOnStep 1 in virtual time, stopped after each failure of Create New Order (1): its
    /// Retry (States.ALL, MaxAttempts 3) waits 1, 2 and 4 s before attempts 2, 3 and 4.
    @Test func aFailedAttemptWaitingForItsRetryReadsAsRetrying() throws {
        let engine = Engine(clock: .instant, startTime: 1_800_000_000)
        let resources = try WorkflowResources.load()
        let pizzeria = try Pizzeria.unrecorded(engine: engine, resources: resources).pizzeria
        let placed = try pizzeria.placeOrder(try OrderRequest(errorOnStep: 1))
        let execution = try #require(engine.execution(placed[0].executionArn))
        let state = "Create New Order (1)"
        func failures() -> Int { execution.history.filter { $0.type == .taskFailed && $0.details.stateName == state }.count }

        for failed in 1...3 {
            engine.scheduler.run(until: { failures() == failed })
            let overlay = ExecutionOverlay(events: execution.history, definition: execution.definition)
            #expect(overlay.status(of: state) == .retrying(attempt: failed + 1), "after failure \(failed)")
            #expect(overlay.activeStates == [state])
        }
        // The fourth failure spends the retrier: the Catch takes the order to Order Failed.
        engine.runUntilFinished(execution)
        let overlay = ExecutionOverlay(events: execution.history, definition: execution.definition)
        #expect(overlay.status(of: state) == .caught)
        #expect(overlay.attempts(of: state) == 4)
    }

    /// A failure no retrier takes (MaxAttempts 0) ends the state's run at once: failed.
    @Test func aFailureWithoutRetriesStaysFailed() throws {
        let orderSaga = try #require(try Pizzeria.unrecorded(engine: Engine(clock: .instant), resources: try WorkflowResources.load())
            .service.onLoop.definition(LocalARN.stateMachine(WorkflowResources.orderSagaName)))
        var h = HistoryFixture()
        h.add(.executionStarted)
        h.add(.taskStateEntered, "Process Payment (2)"); h.add(.taskScheduled, "Process Payment (2)")
        h.add(.taskFailed, "Process Payment (2)", error: "Error")
        #expect(ExecutionOverlay(events: h.events, definition: orderSaga).status(of: "Process Payment (2)") == .failed)
    }

    static let parallel = try! StateMachineDefinition.load(text: """
    {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
      {"StartAt": "Flaky", "States": {"Flaky": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
        "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 30}]}}},
      {"StartAt": "Boom", "States": {"Boom": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}]}}}
    """)

    /// A sibling branch fails the Parallel while a retry waits: that retry never comes.
    @Test func aRetryCutShortByTheParallelReadsAsCancelled() {
        var h = HistoryFixture()
        h.add(.executionStarted)
        h.add(.parallelStateEntered, "P"); h.add(.parallelStateStarted, "P")
        h.add(.taskStateEntered, "Flaky"); h.add(.taskScheduled, "Flaky")
        h.add(.taskStateEntered, "Boom"); h.add(.taskScheduled, "Boom")
        h.add(.taskFailed, "Flaky", error: "Error")
        #expect(ExecutionOverlay(events: h.events, definition: Self.parallel).status(of: "Flaky") == .retrying(attempt: 2))
        h.add(.taskFailed, "Boom", error: "Error")
        h.add(.parallelStateFailed, "P", error: "Error")
        let overlay = ExecutionOverlay(events: h.events, definition: Self.parallel)
        #expect(overlay.status(of: "Flaky") == .cancelled)
        #expect(overlay.status(of: "Boom") == .failed)
        #expect(overlay.status(of: "P") == .failed)
    }

    @Test func aRetryWaitingWhenTheExecutionIsStoppedReadsAsCancelled() {
        var h = HistoryFixture()
        h.add(.executionStarted)
        h.add(.parallelStateEntered, "P"); h.add(.parallelStateStarted, "P")
        h.add(.taskStateEntered, "Flaky"); h.add(.taskScheduled, "Flaky")
        h.add(.taskFailed, "Flaky", error: "Error")
        h.add(.executionAborted)
        #expect(ExecutionOverlay(events: h.events, definition: Self.parallel).status(of: "Flaky") == .cancelled)
    }
}
