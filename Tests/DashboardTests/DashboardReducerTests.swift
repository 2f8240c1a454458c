import ASL
import Engine
import Testing
@testable import Dashboard

/// For each action: exactly how the state changes, and which effects the shell is asked for.
@Suite("Dashboard reducer")
struct DashboardReducerTests {
    let saga = try! GoldenFile.definition("order-saga")
    let cache = ViewCache()

    /// A form of each kind of field, for the machine `order-saga`; `other` gets the generic form.
    static let sagaForm = FormDescription(fields: [
        FormFieldDescription(key: "colour", initial: "plain"),
        FormFieldDescription(key: "delay", initial: "0"),
        FormFieldDescription(key: "step", kind: .choice(["0 none", "1 one", "2 two", "RUN"]), initial: "0 none"),
    ])
    static let quick = QuickStart(key: "a", machineName: "order-saga", values: ["step": "RUN"], help: "run all", footer: "RUN", message: "starting RUN")

    var empty: DashboardState {
        var state = DashboardState(machines: [(machineArn("order-saga"), "order-saga", saga), (machineArn("other"), "other", saga)], speed: .realTime,
                                   now: 100, width: 120, height: 40)
        state.forms = ["order-saga": Self.sagaForm]
        state.quickStart = Self.quick
        return state
    }

    func summary(_ n: Int, group: Int? = nil, step: Int = 0, events: [HistoryEvent] = []) -> ExecutionSummary {
        ExecutionSummary(arn: "arn:\(n)", machineArn: machineArn("order-saga"), machineName: "order-saga", label: "#\(n)", labels: [ExecutionLabel("step", "\(step)")],
                         group: group.map { ExecutionGroup(id: $0, title: "RUN #\($0)", rank: step, rankLabel: "\(step)") },
                         startDate: 100, events: events, definitionKey: machineArn("order-saga"))
    }

    func started(_ n: Int) -> HistoryEvent { HistoryEvent(id: 1, previousEventId: 0, timestamp: 100, type: .executionStarted) }
    func ended(_ type: HistoryEventType) -> HistoryEvent { HistoryEvent(id: 9, previousEventId: 8, timestamp: 107, type: type) }

    /// Runs one action and checks the whole resulting state against `change` applied to the old one.
    func expect(_ state: DashboardState, _ action: DashboardAction, effects expected: [DashboardEffect] = [],
                sourceLocation: SourceLocation = #_sourceLocation, _ change: (inout DashboardState) -> Void) {
        var actual = state
        let effects = reduce(&actual, action, cache: cache)
        var wanted = state
        change(&wanted)
        #expect(actual == wanted, sourceLocation: sourceLocation)
        #expect(effects == expected, sourceLocation: sourceLocation)
    }

    func key(_ k: Key) -> DashboardAction { .input(.key(k)) }

    func withOrders(_ n: Int) -> DashboardState {
        var state = empty
        for i in 1...n { _ = reduce(&state, .executionStarted(summary(i, events: [started(i)])), cache: cache) }
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
        state.awaitingGroup = true
        expect(state, .executionStarted(summary(5, group: 5))) {
            $0.executions = [summary(5, group: 5)]
            $0.selectedRow = .group(5)
            $0.awaitingGroup = false
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
        expect(empty, .note(arn: "arn:3", text: "Cancelled")) { $0.notes["arn:3"] = "Cancelled" }
        expect(empty, .tick(now: 123)) { $0.now = 123 }
        var awaiting = empty
        awaiting.awaitingGroup = true
        expect(awaiting, .failed("nope")) { $0.message = "nope"; $0.awaitingGroup = false }
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

    @Test func newOpensTheFormOfTheSelectedMachineWithItsLastValues() {
        var state = withOrders(1)
        state.lastValues["order-saga"] = ["colour": "green", "delay": "2.5"]
        state.message = "old"
        expect(state, key(.character("n"))) {
            $0.form = StartForm(machines: ["order-saga", "other"], machineArns: [machineArn("order-saga"), machineArn("other")], machineIndex: 0, description: Self.sagaForm, values: ["colour": "green", "delay": "2.5"])
            $0.message = nil
        }
    }

    @Test func theQuickStartKeyStartsARunWithTheLastValuesAndAwaitsIt() {
        var state = empty
        state.lastValues["order-saga"] = ["colour": "green", "delay": "1", "step": "1 one"]
        expect(state, key(.character("a")), effects: [.start(StartRequest(machineArn: machineArn("order-saga"), machineName: "order-saga", values: ["colour": "green", "delay": "1", "step": "RUN"]))]) {
            $0.awaitingGroup = true
            $0.message = "starting RUN"
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
    /// a run where it was placed (its first execution), as its header over its members by
    /// rank, whatever order they arrived in.
    @Test func orderRowsFollowTheirDefinitionAtEveryPosition() {
        var state = empty
        var arrivals: [ExecutionSummary] = [summary(1), summary(2)]
        arrivals += [5, 0, 7, 2, 1, 6, 3, 4].map { step in summary(10 + step, group: 1, step: step) }
        arrivals.insert(summary(3), at: 5)  // a single order placed while the ALL run's executions arrive
        arrivals += [summary(4)] + (0...7).map { summary(30 + $0, group: 2, step: $0) } + [summary(5)]
        for arrival in arrivals { _ = reduce(&state, .executionStarted(arrival), cache: cache) }

        var blocks: [[OrderRow]] = []
        var seen: Set<Int> = []
        for summary in arrivals {
            guard let group = summary.group?.id else { blocks.append([.execution(summary.arn)]); continue }
            guard seen.insert(group).inserted else { continue }
            blocks.append([.group(group)] + arrivals.filter { $0.group?.id == group }
                .sorted { $0.group!.rank < $1.group!.rank }.map { .execution($0.arn) })
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
        for step in 0...7 { _ = reduce(&state, .executionStarted(summary(10 + step, group: 10, step: step)), cache: cache) }
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
        state.form = state.startForm(machineIndex: 0)
        return state
    }

    @Test func formTypingAndFields() {
        expect(formOpen, key(.character("!"))) { $0.form?.values[0] = "plain!" }
        expect(formOpen, key(.backspace)) { $0.form?.values[0] = "plai" }
        expect(formOpen, key(.ctrl("u"))) { $0.form?.values[0] = "" }
        expect(formOpen, key(.tab)) { $0.form?.focus = 2 }
        expect(formOpen, key(.backTab)) { $0.form?.focus = 0 }
        var picker = formOpen
        picker.form?.focus = 3
        expect(picker, key(.right)) { $0.form?.values[2] = "1 one" }
        expect(picker, key(.left)) { $0.form?.values[2] = "RUN" }
        expect(picker, key(.character("2"))) { $0.form?.values[2] = "2 two" }
        expect(picker, key(.character("R"))) { $0.form?.values[2] = "RUN" }
    }

    @Test func choosingAnotherMachineSwapsInItsFields() {
        var state = formOpen
        state.form?.focus = 0
        expect(state, key(.right)) { $0.form = $0.startForm(machineIndex: 1, focus: 0) }
        #expect(state.startForm(machineIndex: 1).description == .generic())
    }

    @Test func formEscCancels() {
        expect(formOpen, key(.escape)) { $0.form = nil; $0.message = "start cancelled" }
    }

    /// The shell checks a machine's own form; what it refuses is shown under its field.
    @Test func aRefusedStartIsShownUnderItsFieldAndTheFormStays() {
        var state = formOpen
        state.form?.values[1] = "soon"
        let request = StartRequest(machineArn: machineArn("order-saga"), machineName: "order-saga", values: ["colour": "plain", "delay": "soon", "step": "0 none"])
        expect(state, key(.enter), effects: [.start(request)]) { _ in }
        expect(state, .startRefused(FieldError(key: "delay", message: "must be a number"))) {
            $0.form?.error = FieldError(key: "delay", message: "must be a number")
            $0.form?.focus = 2
        }
    }

    @Test func editingAFieldClearsItsError() {
        var state = formOpen
        state.form?.error = FieldError(key: "colour", message: "must not be empty")
        expect(state, key(.character("x"))) { $0.form?.values[0] = "plainx"; $0.form?.error = nil }
    }

    @Test func anAcceptedStartClosesTheFormAndRemembersItsValues() {
        let state = formOpen
        expect(state, .startAccepted(message: "started")) {
            $0.form = nil
            $0.lastValues["order-saga"] = ["colour": "plain", "delay": "0", "step": "0 none"]
            $0.message = "started"
        }
    }

    /// JSON input is checked as it is typed: the parser's message, with line and column, stays
    /// under the field, and Enter starts nothing while it is there.
    @Test func jsonInputIsCheckedAsTyped() {
        var state = empty
        state.form = state.startForm(machineIndex: 1)
        state.form?.focus = 2
        state.form?.values[1] = ""
        for c in #"{"a":"# { _ = reduce(&state, key(.character(c)), cache: cache) }
        #expect(state.form?.error?.key == StartRequest.inputKey)
        #expect(state.form?.error?.message.hasPrefix("line 1, column 6") == true, "\(String(describing: state.form?.error))")
        expect(state, key(.enter)) { $0.form?.focus = 2 }
        for c in "1}" { _ = reduce(&state, key(.character(c)), cache: cache) }
        #expect(state.form?.error == nil)
        let effects = reduce(&state, key(.enter), cache: cache)
        #expect(effects == [.start(StartRequest(machineArn: machineArn("other"), machineName: "other", values: ["name": "", "input": #"{"a":1}"#]))])
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
        for step in 0...7 { _ = reduce(&state, .executionStarted(summary(10 + step, group: 10, step: step)), cache: cache) }
        state.mode = .compare(group: 10)
        expect(state, .input(.mouse(MouseEvent(x: 3, y: CompareLayout.firstRowY + 6, kind: .click)))) { $0.compareRow = 6 }
    }

    @Test func anyClickClosesHelp() {
        var help = empty
        help.showHelp = true
        expect(help, .input(.mouse(MouseEvent(x: 0, y: 0, kind: .click)))) { $0.showHelp = false }
    }
}
