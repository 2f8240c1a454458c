import ASL
import Engine
import Testing
@testable import Dashboard

/// For each action: exactly how the state changes, and which effects the shell is asked for.
@Suite("Dashboard reducer")
struct DashboardReducerTests {
    let saga = try! GoldenFile.definition("order-saga")
    let layouts = GraphLayoutCache()

    var empty: DashboardState {
        DashboardState(definitions: ["order-saga": saga], speed: .realTime, flavour: "plain", delay: 0, now: 100, width: 120, height: 40)
    }

    func summary(_ n: Int, group: Int? = nil, step: Int = 0, events: [HistoryEvent] = []) -> ExecutionSummary {
        ExecutionSummary(arn: "arn:\(n)", machineName: "order-saga", workflow: .orderSaga, orderId: n, flavour: "plain",
                         errorOnStep: step, allGroup: group, startDate: 100, events: events)
    }

    func started(_ n: Int) -> HistoryEvent { HistoryEvent(id: 1, previousEventId: 0, timestamp: 100, type: .executionStarted) }
    func ended(_ type: HistoryEventType) -> HistoryEvent { HistoryEvent(id: 9, previousEventId: 8, timestamp: 107, type: type) }

    /// Runs one action and checks the whole resulting state against `change` applied to the old one.
    func expect(_ state: DashboardState, _ action: DashboardAction, effects expected: [DashboardEffect] = [],
                sourceLocation: SourceLocation = #_sourceLocation, _ change: (inout DashboardState) -> Void) {
        var actual = state
        let effects = reduce(&actual, action, layouts: layouts)
        var wanted = state
        change(&wanted)
        #expect(actual == wanted, sourceLocation: sourceLocation)
        #expect(effects == expected, sourceLocation: sourceLocation)
    }

    func key(_ k: Key) -> DashboardAction { .input(.key(k)) }

    func withOrders(_ n: Int) -> DashboardState {
        var state = empty
        for i in 1...n { _ = reduce(&state, .executionStarted(summary(i, events: [started(i)])), layouts: layouts) }
        return state
    }

    // MARK: engine news

    @Test func executionStartedSelectsItAndAttachesEarlyEvents() {
        var state = empty
        state.earlyEvents["arn:1"] = [started(1)]
        state.selectedState = "X"
        state.detailScroll = 4
        expect(state, .executionStarted(summary(1))) {
            $0.executions = [summary(1, events: [started(1)])]
            $0.earlyEvents = [:]
            $0.selectedRow = .execution("arn:1")
            $0.selectedState = nil
            $0.detailScroll = 0
        }
    }

    @Test func allRunStartOpensCompareWhenAwaited() {
        var state = empty
        state.awaitingAllRun = true
        expect(state, .executionStarted(summary(5, group: 5))) {
            $0.executions = [summary(5, group: 5)]
            $0.selectedRow = .group(5)
            $0.awaitingAllRun = false
            $0.mode = .compare(group: 5)
        }
    }

    @Test func eventsAppendToTheirExecutionOrWaitForIt() {
        let state = withOrders(1)
        let event = HistoryEvent(id: 2, previousEventId: 1, timestamp: 101, type: .taskStateEntered, details: .init(stateName: "A"))
        expect(state, .events([ObservedEvent(arn: "arn:1", event: event), ObservedEvent(arn: "arn:9", event: event)])) {
            $0.executions[0].events.append(event)
            $0.earlyEvents["arn:9"] = [event]
        }
    }

    @Test func queueMessageOrderNoteTickFailedResize() {
        let message = QueueMessage(queue: "AddLoyaltyPointsDLQ", messageId: "m1", body: ["a": 1], sentAt: 101, executionArn: "arn:1")
        expect(empty, .queueMessage(message)) { $0.deadLetters = [message] }
        expect(empty, .orderNote(OrderNote(orderId: 3, status: "Cancelled"))) { $0.orderNotes[3] = OrderNote(orderId: 3, status: "Cancelled") }
        expect(empty, .tick(now: 123)) { $0.now = 123 }
        var awaiting = empty
        awaiting.awaitingAllRun = true
        expect(awaiting, .failed("nope")) { $0.message = "nope"; $0.awaitingAllRun = false }
        expect(empty, .input(.resize(width: 200, height: 60))) { $0.width = 200; $0.height = 60 }
        expect(empty, .input(.resize(width: -3, height: 0))) { $0.width = 0; $0.height = 0 }
    }

    // MARK: keys

    @Test func quitKeys() {
        expect(empty, key(.character("q")), effects: [.quit]) { _ in }
        expect(empty, key(.ctrl("c")), effects: [.quit]) { _ in }
    }

    @Test func helpOpensAndAnyKeyClosesIt() {
        expect(empty, key(.character("?"))) { $0.showHelp = true }
        var help = empty
        help.showHelp = true
        expect(help, key(.character("x"))) { $0.showHelp = false }
        expect(help, key(.escape)) { $0.showHelp = false }
        expect(help, key(.character("q")), effects: [.quit]) { _ in }
    }

    @Test func newOrderOpensTheFormWithTheLastValues() {
        var state = empty
        state.lastFlavour = "hawaiian"
        state.lastDelay = 2.5
        state.message = "old"
        expect(state, key(.character("n"))) { $0.form = OrderForm(flavour: "hawaiian", delay: "2.5"); $0.message = nil }
    }

    @Test func allPlacesEightOrdersAndAwaitsThem() {
        var state = empty
        state.lastFlavour = "pepperoni"
        state.lastDelay = 1
        expect(state, key(.character("a")), effects: [.placeOrder(OrderSpec(flavour: "pepperoni", perStepDelaySeconds: 1, errorOnStep: 100))]) {
            $0.awaitingAllRun = true
            $0.message = "placing ALL: eight orders, errorOnStep 0…7"
        }
    }

    @Test func queuesViewToggles() {
        expect(empty, key(.character("d"))) { $0.mode = .queues }
        var queues = empty
        queues.mode = .queues
        expect(queues, key(.character("d"))) { $0.mode = .main }
        expect(queues, key(.escape)) { $0.mode = .main }
    }

    @Test func stopAsksTheShellOnlyForARunningExecution() {
        let state = withOrders(1)
        expect(state, key(.character("s")), effects: [.stop(arn: "arn:1")]) { $0.message = "stopping #1" }
        var done = state
        done.executions[0].events.append(ended(.executionSucceeded))
        expect(done, key(.character("s"))) { $0.message = "nothing running is selected" }
    }

    @Test func speedStepsUpToInstantAndBack() {
        expect(empty, key(.character("+")), effects: [.setSpeed(.scaled(speed: 2))]) { $0.speed = .scaled(speed: 2); $0.message = "clock speed 2x" }
        expect(empty, key(.character("-")), effects: [.setSpeed(.scaled(speed: 0.5))]) { $0.speed = .scaled(speed: 0.5); $0.message = "clock speed 0.5x" }
        var fastest = empty
        fastest.speed = .scaled(speed: 100)
        expect(fastest, key(.character("+")), effects: [.setSpeed(.instant)]) { $0.speed = .instant; $0.message = "clock speed instant" }
        var instant = empty
        instant.speed = .instant
        expect(instant, key(.character("+"))) { _ in }
        expect(instant, key(.character("-")), effects: [.setSpeed(.scaled(speed: 100))]) { $0.speed = .scaled(speed: 100); $0.message = "clock speed 100x" }
        var slowest = empty
        slowest.speed = .scaled(speed: 0.25)
        expect(slowest, key(.character("-"))) { _ in }
    }

    @Test func tabCyclesThePanes() {
        expect(empty, key(.tab)) { $0.focus = .graph }
        expect(empty, key(.backTab)) { $0.focus = .detail }
        var detail = empty
        detail.focus = .detail
        expect(detail, key(.tab)) { $0.focus = .orders }
    }

    @Test func upDownMoveTheOrderSelection() {
        let state = withOrders(3)  // rows newest first: 3, 2, 1; 3 selected
        expect(state, key(.down)) { $0.selectedRow = .execution("arn:2") }
        expect(state, key(.character("j"))) { $0.selectedRow = .execution("arn:2") }
        expect(state, key(.up)) { _ in }
        expect(state, key(.pageDown)) { $0.selectedRow = .execution("arn:1") }
    }

    /// The list is kept as executions arrive; it must read exactly as its definition: newest first,
    /// an ALL run where it was placed (its first execution), as its header over its members by
    /// errorOnStep, whatever order they arrived in.
    @Test func orderRowsFollowTheirDefinitionAtEveryPosition() {
        var state = empty
        var arrivals: [ExecutionSummary] = [summary(1), summary(2)]
        arrivals += [5, 0, 7, 2, 1, 6, 3, 4].map { step in summary(10 + step, group: 1, step: step) }
        arrivals.insert(summary(3), at: 5)  // a single order placed while the ALL run's executions arrive
        arrivals += [summary(4)] + (0...7).map { summary(30 + $0, group: 2, step: $0) } + [summary(5)]
        for arrival in arrivals { _ = reduce(&state, .executionStarted(arrival), layouts: layouts) }

        var blocks: [[OrderRow]] = []
        var seen: Set<Int> = []
        for summary in arrivals {
            guard let group = summary.allGroup else { blocks.append([.execution(summary.arn)]); continue }
            guard seen.insert(group).inserted else { continue }
            blocks.append([.group(group)] + arrivals.filter { $0.allGroup == group }
                .sorted { $0.errorOnStep! < $1.errorOnStep! }.map { .execution($0.arn) })
        }
        let expected = Array(blocks.reversed().joined())
        #expect(state.orderRowCount == expected.count)
        #expect(state.orderRows == expected)
        for (index, row) in expected.enumerated() {
            #expect(state.orderRow(at: index) == row)
            #expect(state.orderRowIndex(of: row) == index)
            #expect(state.orderRows(from: index, count: 4) == Array(expected[index..<min(index + 4, expected.count)]))
        }
        #expect(state.orderRow(at: expected.count) == nil)
        #expect(state.orderRowIndex(of: .group(9)) == nil)
    }

    @Test func upDownInTheGraphPickStatesInReadingOrder() {
        var state = withOrders(1)
        state.focus = .graph
        expect(state, key(.down)) { $0.selectedState = "Create New Order (1)" }
        state.selectedState = "Create New Order (1)"
        expect(state, key(.character("j"))) { $0.selectedState = "Process Payment (2)" }
    }

    @Test func upDownInTheDetailScroll() {
        var state = withOrders(1)
        state.focus = .detail
        expect(state, key(.down)) { $0.detailScroll = 1 }
        expect(state, key(.up)) { _ in }
    }

    @Test func enterDrillsInAndEscGoesBack() {
        let state = withOrders(1)
        expect(state, key(.enter)) { $0.focus = .graph }
        var graph = state
        graph.focus = .graph
        graph.selectedState = "Order Failed"
        expect(graph, key(.enter)) { $0.focus = .detail }
        expect(graph, key(.escape)) { $0.focus = .orders; $0.selectedState = nil }
        var detail = graph
        detail.focus = .detail
        expect(detail, key(.escape)) { $0.focus = .graph }
    }

    @Test func enterOnAnAllRunOpensCompareAndEnterThereOpensTheRow() {
        var state = empty
        for step in 0...7 { _ = reduce(&state, .executionStarted(summary(10 + step, group: 10, step: step)), layouts: layouts) }
        #expect(state.selectedRow == .group(10))
        expect(state, key(.enter)) { $0.mode = .compare(group: 10) }
        var compare = state
        compare.mode = .compare(group: 10)
        expect(compare, key(.down)) { $0.compareRow = 1 }
        expect(compare, key(.up)) { _ in }
        compare.compareRow = 4
        expect(compare, key(.enter)) { $0.mode = .main; $0.selectedRow = .execution("arn:14"); $0.focus = .graph }
        expect(compare, key(.escape)) { $0.mode = .main }
    }

    // MARK: the form

    var formOpen: DashboardState {
        var state = empty
        state.form = OrderForm()
        return state
    }

    @Test func formTypingAndFields() {
        expect(formOpen, key(.character("!"))) { $0.form?.flavour = "plain!" }
        expect(formOpen, key(.backspace)) { $0.form?.flavour = "plai" }
        expect(formOpen, key(.ctrl("u"))) { $0.form?.flavour = "" }
        expect(formOpen, key(.tab)) { $0.form?.focus = .delay }
        expect(formOpen, key(.backTab)) { $0.form?.focus = .workflow }
        var picker = formOpen
        picker.form?.focus = .errorOnStep
        expect(picker, key(.right)) { $0.form?.errorChoice = 1 }
        expect(picker, key(.left)) { $0.form?.errorChoice = 8 }
        expect(picker, key(.character("5"))) { $0.form?.errorChoice = 5 }
        expect(picker, key(.character("a"))) { $0.form?.errorChoice = 8 }
        picker.form?.focus = .workflow
        expect(picker, key(.character(" "))) { $0.form?.workflow = .pineappleCheck }
    }

    @Test func formEscCancels() {
        expect(formOpen, key(.escape)) { $0.form = nil; $0.message = "order cancelled" }
    }

    @Test func formBadValueIsShownAndNothingPlaced() {
        var state = formOpen
        state.form?.delay = "soon"
        expect(state, key(.enter)) {
            $0.form?.error = FormError(field: .delay, message: "a number of seconds >= 0")
            $0.form?.focus = .delay
        }
        state.form?.delay = "61"
        expect(state, key(.enter)) {
            $0.form?.error = FormError(field: .delay, message: "at most 60 seconds")
            $0.form?.focus = .delay
        }
        state.form?.delay = "0"
        state.form?.flavour = "  "
        expect(state, key(.enter)) {
            $0.form?.error = FormError(field: .flavour, message: "must not be empty")
        }
        state.form?.flavour = String(repeating: "x", count: 65)
        expect(state, key(.enter)) {
            $0.form?.error = FormError(field: .flavour, message: "at most 64 characters, not 65")
        }
    }

    @Test func editingAFieldClearsItsError() {
        var state = formOpen
        state.form?.error = FormError(field: .flavour, message: "must not be empty")
        expect(state, key(.character("x"))) { $0.form?.flavour = "plainx"; $0.form?.error = nil }
    }

    @Test func formEnterPlacesTheOrder() {
        var state = formOpen
        state.form = OrderForm(flavour: " hawaiian ", delay: "2", errorChoice: 4)
        expect(state, key(.enter), effects: [.placeOrder(OrderSpec(flavour: "hawaiian", perStepDelaySeconds: 2, errorOnStep: 4))]) {
            $0.form = nil
            $0.lastFlavour = "hawaiian"
            $0.lastDelay = 2
            $0.message = "placing order saga: hawaiian"
        }
        state.form = OrderForm(errorChoice: 8)
        expect(state, key(.enter), effects: [.placeOrder(OrderSpec(errorOnStep: 100))]) {
            $0.form = nil
            $0.awaitingAllRun = true
            $0.message = "placing order saga: plain"
        }
    }

    // MARK: the mouse

    @Test func clickSelectsAnOrderRowAndFocusesItsPane() {
        var state = withOrders(3)
        state.focus = .detail
        // Orders pane: border at y 1, column titles at y 2, rows from y 3 (newest first).
        expect(state, .input(.mouse(MouseEvent(x: 5, y: 4, kind: .click)))) { $0.focus = .orders; $0.selectedRow = .execution("arn:2") }
        // The graph pane (x 55...119) draws the saga panned to its top; (100, 10) is inside "Payment Processed".
        expect(state, .input(.mouse(MouseEvent(x: 100, y: 10, kind: .click)))) { $0.focus = .graph; $0.selectedState = "Payment Processed" }
        expect(state, .input(.mouse(MouseEvent(x: 10, y: 30, kind: .scrollDown)))) { $0.detailScroll = 3 }
    }

    @Test func clickInCompareSelectsTheRow() {
        var state = empty
        for step in 0...7 { _ = reduce(&state, .executionStarted(summary(10 + step, group: 10, step: step)), layouts: layouts) }
        state.mode = .compare(group: 10)
        expect(state, .input(.mouse(MouseEvent(x: 3, y: CompareLayout.firstRowY + 6, kind: .click)))) { $0.compareRow = 6 }
    }

    @Test func anyClickClosesHelp() {
        var help = empty
        help.showHelp = true
        expect(help, .input(.mouse(MouseEvent(x: 0, y: 0, kind: .click)))) { $0.showHelp = false }
    }
}
