import ASL
import Engine
import Testing
@testable import Dashboard

@Suite("Execution overlay")
struct ExecutionOverlayTests {
    let saga = try! GoldenFile.definition("order-saga")
    let pineapple = try! GoldenFile.definition("pineapple-check")

    @Test func successPath() {
        let overlay = ExecutionOverlay(events: HistoryFixture.pineappleSuccess, definition: pineapple)
        #expect(overlay.status(of: "Order Pizza Job") == .succeeded)
        #expect(overlay.status(of: "With Pineapple?") == .succeeded)
        #expect(overlay.status(of: "Lets make your pizza") == .succeeded)
        #expect(overlay.status(of: "Sorry, We Dont add Pineapple") == .notStarted)
        #expect(overlay.takenEdges == [
            TakenEdge(from: "Order Pizza Job", to: "With Pineapple?", caught: false),
            TakenEdge(from: "With Pineapple?", to: "Lets make your pizza", caught: false),
        ])
        #expect(overlay.activeStates.isEmpty)
    }

    @Test func caughtFailure() {
        let overlay = ExecutionOverlay(events: HistoryFixture.sagaPaymentCaught, definition: saga)
        #expect(overlay.status(of: "Process Payment (2)") == .caught)
        #expect(overlay.status(of: "Order Failed") == .succeeded)
        #expect(overlay.status(of: "Sorry, We Couldn't complete your order") == .failed)
        #expect(overlay.status(of: "Payment Processed") == .notStarted)
        #expect(overlay.takenEdges.contains(TakenEdge(from: "Process Payment (2)", to: "Order Failed", caught: true)))
        #expect(!overlay.takenEdges.contains { $0.from == "Create New Order (1)" && $0.caught })
    }

    /// A JSONata state whose expression failed (EvaluationFailed) reads failed, not cancelled.
    @Test func aFailedJSONataExpressionMarksItsState() throws {
        let definition = try StateMachineDefinition.load(text: #"""
            {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
              "B": {"Type": "Pass", "Output": "{% $nothing %}", "End": true}}}
            """#)
        let engine = Engine(clock: .instant, startTime: 1_800_000_000)
        let execution = try engine.startExecution(definition: definition, stateMachineName: "M")
        engine.runUntilFinished(execution)
        #expect(execution.history.contains { $0.type == .evaluationFailed })
        let overlay = ExecutionOverlay(events: execution.history, definition: definition)
        #expect(overlay.status(of: "A") == .succeeded)
        #expect(overlay.status(of: "B") == .failed)
    }

    /// The engine, like AWS, emits TaskStateExited after a Catch: the state still reads caught.
    @Test func exitAfterACaughtFailureStaysCaught() {
        var h = HistoryFixture()
        h.add(.executionStarted)
        h.task("Create New Order (1)")
        h.add(.taskStateEntered, "Process Payment (2)"); h.add(.taskScheduled, "Process Payment (2)")
        h.add(.taskFailed, "Process Payment (2)", error: "Error")
        h.add(.taskStateExited, "Process Payment (2)")
        h.pass("Order Failed")
        let overlay = ExecutionOverlay(events: h.events, definition: saga)
        #expect(overlay.status(of: "Process Payment (2)") == .caught)
        #expect(overlay.takenEdges.contains(TakenEdge(from: "Process Payment (2)", to: "Order Failed", caught: true)))
        #expect(!overlay.takenEdges.contains(TakenEdge(from: "Process Payment (2)", to: "Payment Processed", caught: false)))
        // Without the definition too.
        #expect(ExecutionOverlay(events: h.events).status(of: "Process Payment (2)") == .caught)
    }

    /// A retried task that then succeeds exits as succeeded, not caught.
    @Test func exitAfterASuccessfulRetryIsSucceeded() {
        var h = HistoryFixture()
        h.add(.taskStateEntered, "Create New Order (1)"); h.add(.taskScheduled, "Create New Order (1)")
        h.add(.taskFailed, "Create New Order (1)", error: "Error")
        h.add(.taskScheduled, "Create New Order (1)"); h.add(.taskSucceeded, "Create New Order (1)")
        h.add(.taskStateExited, "Create New Order (1)")
        #expect(ExecutionOverlay(events: h.events, definition: saga).status(of: "Create New Order (1)") == .succeeded)
    }

    @Test func retryingCountsAttempts() {
        let overlay = ExecutionOverlay(events: HistoryFixture.sagaRetrying, definition: saga)
        #expect(overlay.status(of: "Create New Order (1)") == .retrying(attempt: 3))
        #expect(overlay.attempts(of: "Create New Order (1)") == 3)
        #expect(overlay.activeStates == ["Create New Order (1)"])
    }

    @Test func failedWithNothingAfterStaysFailed() {
        var h = HistoryFixture()
        h.add(.taskStateEntered, "Cook"); h.add(.taskScheduled, "Cook"); h.add(.taskFailed, "Cook", error: "Burnt")
        h.add(.executionFailed)
        #expect(ExecutionOverlay(events: h.events).status(of: "Cook") == .failed)
    }

    @Test func siblingBranchStoppedIsCancelled() {
        let overlay = ExecutionOverlay(events: HistoryFixture.sagaBranchCancelled, definition: saga)
        #expect(overlay.status(of: "Add Loyalty Points To Customer Record (3)") == .cancelled)
        #expect(overlay.status(of: "Begin Order Preparation (4)") == .failed)
        #expect(overlay.status(of: "Payment Processed") == .caught)
        #expect(overlay.status(of: "Begin Refund Process") == .succeeded)
        #expect(overlay.status(of: "Refund Payment (6)") == .inProgress)
        #expect(overlay.takenEdges.contains(TakenEdge(from: "Payment Processed", to: "Begin Refund Process", caught: true)))
        #expect(overlay.takenEdges.contains(TakenEdge(from: "Payment Processed", to: "Begin Order Preparation (4)", caught: false)))
    }

    @Test func abortedExecutionCancelsRunningStates() {
        var h = HistoryFixture()
        h.add(.waitStateEntered, "Rest")
        h.add(.executionAborted)
        #expect(ExecutionOverlay(events: h.events).status(of: "Rest") == .cancelled)
    }

    @Test func timedOutExecutionFailsRunningStates() {
        var h = HistoryFixture()
        h.add(.taskStateEntered, "Cook"); h.add(.taskScheduled, "Cook")
        h.add(.executionTimedOut)
        #expect(ExecutionOverlay(events: h.events).status(of: "Cook") == .failed)
    }

    @Test func withoutDefinitionAFailureFollowedByAStateReadsAsCaught() {
        var h = HistoryFixture()
        h.add(.taskStateEntered, "Cook"); h.add(.taskScheduled, "Cook"); h.add(.taskFailed, "Cook", error: "Burnt")
        h.pass("Apologise")
        let overlay = ExecutionOverlay(events: h.events)
        #expect(overlay.status(of: "Cook") == .caught)
        #expect(overlay.takenEdges == [TakenEdge(from: "Cook", to: "Apologise", caught: true)])
    }

    @Test func loopShowsLatestRun() throws {
        let loop = try GoldenFile.definition("loop")
        var h = HistoryFixture()
        h.task("Check Oven")
        h.add(.choiceStateEntered, "Hot Enough?"); h.add(.choiceStateExited, "Hot Enough?")
        h.add(.waitStateEntered, "Wait A Bit"); h.add(.waitStateExited, "Wait A Bit")
        h.add(.taskStateEntered, "Check Oven")
        let overlay = ExecutionOverlay(events: h.events, definition: loop)
        #expect(overlay.status(of: "Check Oven") == .inProgress)
        #expect(overlay.status(of: "Wait A Bit") == .succeeded)
        #expect(overlay.takenEdges.contains(TakenEdge(from: "Wait A Bit", to: "Check Oven", caught: false)))
    }

    @Test func everyStatusHasGlyphWordAndColour() {
        let labels = StateRunStatus.legendOrder.map(\.label)
        #expect(labels == ["· not started", "▶ running", "✓ ok", "✗ failed", "↯ caught", "⊘ cancelled", "↻ retry 2"])
        #expect(Set(StateRunStatus.legendOrder.map(\.glyph)).count == StateRunStatus.legendOrder.count)
    }
}

@Suite("Overlay drawings (golden)")
struct OverlayGoldenTests {
    let saga = try! GoldenFile.definition("order-saga")

    @Test func pineappleSuccess() throws {
        let definition = try GoldenFile.definition("pineapple-check")
        let layout = try GraphLayout(definition: definition, maxWidth: 80, maxHeight: 24)
        let overlay = ExecutionOverlay(events: HistoryFixture.pineappleSuccess, definition: definition)
        GoldenFile.check(drawing(layout, overlay: overlay), against: "overlay-pineapple-success.w80.txt")
    }

    static let sagaHistories = [
        "caught": HistoryFixture.sagaPaymentCaught,
        "retrying": HistoryFixture.sagaRetrying,
        "branch-cancelled": HistoryFixture.sagaBranchCancelled,
    ]

    // Named by the history only, so the test log does not print every event.
    @Test(arguments: ["caught", "retrying", "branch-cancelled"])
    func saga(_ name: String) throws {
        let events = try #require(Self.sagaHistories[name])
        let layout = try GraphLayout(definition: saga, maxWidth: 120, maxHeight: 40)
        let overlay = ExecutionOverlay(events: events, definition: saga)
        GoldenFile.check(drawing(layout, overlay: overlay), against: "overlay-saga-\(name).w120.txt")
    }

    @Test func runningStateIsBoldAndNotStartedIsDim() throws {
        let layout = try GraphLayout(definition: saga, maxWidth: 120, maxHeight: 40)
        let overlay = ExecutionOverlay(events: HistoryFixture.sagaRetrying, definition: saga)
        let canvas = renderGraph(layout, overlay: overlay, viewport: (layout.width, layout.height), focus: nil)
        let running = try #require(layout.box(named: "Create New Order (1)"))
        let waiting = try #require(layout.box(named: "Order Failed"))
        #expect(canvas[running.x + 1, running.y].character == "↻")
        #expect(canvas[running.x + 1, running.y].style.bold)
        #expect(canvas[waiting.x + 1, waiting.y].character == "·")
        #expect(canvas[waiting.x + 1, waiting.y].style.dim)
    }

    @Test func viewportFollowsTheRunningState() throws {
        let layout = try GraphLayout(definition: saga, maxWidth: 120, maxHeight: 40)
        let overlay = ExecutionOverlay(events: HistoryFixture.sagaBranchCancelled, definition: saga)
        let canvas = renderGraph(layout, overlay: overlay, viewport: (60, 12), focus: nil)
        #expect(canvas.width == 60 && canvas.height == 12)
        #expect(canvas.text.contains("▶ Refund Payment"))
        let focused = renderGraph(layout, overlay: overlay, viewport: (60, 12), focus: "Notify Customer - Order Failed")
        #expect(focused.text.contains("Notify Customer"))
        #expect(!focused.text.contains("Refund Payment (6)"))
    }
}
