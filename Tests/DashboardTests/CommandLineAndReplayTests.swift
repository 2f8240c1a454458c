import ASL
import Engine
import Testing
@testable import Dashboard

/// The `:` command line (history, Tab completion, each command's effect and its mistakes),
/// the replay cursor and the timeline's keys, reduced on plain states.
@Suite("Command line, replay and timeline keys")
struct CommandLineAndReplayTests {
    let saga = try! GoldenFile.definition("order-saga")
    let cache = ViewCache()

    /// Two executions of the saga: #1 runs three events at t=100, 101, 102; #2 two at t=100, 103.
    var state: DashboardState {
        var state = DashboardState(machines: [(machineArn("order-saga"), "order-saga", saga), (machineArn("other"), "other", saga)], speed: .scaled(speed: 2),
                                   now: 110, width: 120, height: 40)
        let first = [event(1, 100, .executionStarted), event(2, 101, .taskStateEntered, "Create New Order (1)"), event(3, 102, .taskScheduled, "Create New Order (1)")]
        let second = [event(1, 100, .executionStarted), event(2, 103, .taskStateEntered, "Create New Order (1)")]
        for (n, events) in [(1, first), (2, second)] {
            let summary = ExecutionSummary(arn: "arn:\(n)", machineArn: machineArn("order-saga"), machineName: "order-saga", label: "#\(n)",
                                           group: ExecutionGroup(id: 7, title: "RUN #7", rank: n, rankLabel: "\(n)"), startDate: 100, events: events,
                                           definitionKey: machineArn("order-saga"))
            _ = reduce(&state, .executionStarted(summary), cache: cache)
        }
        return state
    }

    func event(_ id: Int, _ time: Double, _ type: HistoryEventType, _ name: String? = nil) -> HistoryEvent {
        HistoryEvent(id: id, previousEventId: id - 1, timestamp: time, type: type, details: HistoryEvent.Details(stateName: name))
    }

    @discardableResult
    func press(_ state: inout DashboardState, _ keys: Key...) -> [DashboardEffect] {
        keys.flatMap { reduce(&state, .input(.key($0)), cache: cache) }
    }

    func type(_ state: inout DashboardState, _ text: String) {
        for c in text { press(&state, .character(c)) }
    }

    @Test func commandsBecomeEffectsAndMistakesAreNamed() {
        var s = state
        press(&s, .character(":"))
        type(&s, "speed 5")
        #expect(press(&s, .enter) == [.setSpeed(.scaled(speed: 5))])
        #expect(s.commandLine == nil && s.speed == .scaled(speed: 5))

        press(&s, .character(":")); type(&s, #"start other {"a": 1}"#)
        #expect(press(&s, .enter) == [.startExecution(machineArn: machineArn("other"), input: #"{"a": 1}"#)])
        press(&s, .character(":")); type(&s, "start nope {}")
        #expect(press(&s, .enter).isEmpty)
        #expect(s.message?.contains("no state machine named nope") == true)
        press(&s, .character(":")); type(&s, "start other {oops")
        #expect(press(&s, .enter).isEmpty)
        #expect(s.message?.hasPrefix(":start: the input is not JSON") == true)
        press(&s, .character(":")); type(&s, "export png /tmp/x")
        #expect(press(&s, .enter).isEmpty)
        #expect(s.message?.contains("unknown format png") == true)
        press(&s, .character(":")); type(&s, "export dot /tmp/x.dot")
        #expect(press(&s, .enter) == [.export(format: "dot", path: "/tmp/x.dot", machineArn: machineArn("order-saga"), machineName: "order-saga", arn: "arn:1")])
        press(&s, .character(":")); type(&s, "open ~/flow.asl.json")
        #expect(press(&s, .enter) == [.openDefinition(path: "~/flow.asl.json")])
        press(&s, .character(":")); type(&s, "stop")
        #expect(press(&s, .enter) == [.stop(arn: "arn:1")])
        press(&s, .character(":")); type(&s, "redrive")
        #expect(press(&s, .enter) == [.redrive(arn: "arn:1")])
        press(&s, .character(":")); type(&s, "fly")
        #expect(press(&s, .enter).isEmpty)
        #expect(s.message?.hasPrefix("unknown command :fly") == true)
        #expect(s.commandHistory.count == 10)
    }

    @Test func historyAndCompletion() {
        var s = state
        press(&s, .character(":")); type(&s, "speed 2"); press(&s, .enter)
        press(&s, .character(":")); type(&s, "speed 3"); press(&s, .enter)
        press(&s, .character(":")); type(&s, "sp")
        press(&s, .up)
        #expect(s.commandLine?.text == "speed 3")
        press(&s, .up, .up)
        #expect(s.commandLine?.text == "speed 2")
        press(&s, .down, .down)
        #expect(s.commandLine?.text == "sp")
        press(&s, .tab)
        #expect(s.commandLine?.text == "speed ")
        press(&s, .ctrl("u")); type(&s, "st")
        press(&s, .tab)
        #expect(s.commandLine?.text == "st")
        #expect(s.message == "start  stop")
        type(&s, "art o")
        press(&s, .tab)
        #expect(s.commandLine?.text == "start o")
        #expect(s.message == "order-saga  other")
        press(&s, .ctrl("u")); type(&s, "goto Create")
        press(&s, .tab)
        #expect(s.commandLine?.text == "goto Create New Order (1) ")
        press(&s, .escape)
        #expect(s.commandLine == nil)
    }

    @Test func gotoSelectsAStateOrAnExecution() {
        var s = state
        press(&s, .character(":")); type(&s, "goto Order Failed"); press(&s, .enter)
        #expect(s.selectedState == "Order Failed" && s.focus == .graph)
        press(&s, .character(":")); type(&s, "goto #2"); press(&s, .enter)
        #expect(s.selectedRow == .execution("arn:2"))
        press(&s, .character(":")); type(&s, "goto nowhere"); press(&s, .enter)
        #expect(s.message == ":goto: no state or execution named nowhere")
    }

    /// A run replays in lockstep by time: at 100 both started; → shows #1's 101, then #1's
    /// 102, then #2's 103; [ ] jump over events that change no state.
    @Test func replayMovesTheRunInLockstep() {
        var s = state
        press(&s, .character("r"))
        #expect(s.replay?.arns == ["arn:1", "arn:2"])
        #expect(s.replay?.position == 1 && s.replay?.total == 5)
        #expect(s.asOfReplay.execution("arn:1")?.events.count == 1)
        #expect(s.asOfReplay.execution("arn:2")?.events.isEmpty == true)
        press(&s, .right)
        #expect(s.replay?.shown == ["arn:1": 1, "arn:2": 1] && s.replay?.time == 100)
        press(&s, .right)
        #expect(s.replay?.shown == ["arn:1": 2, "arn:2": 1] && s.asOfReplay.now == 101)
        press(&s, .right)
        #expect(s.replay?.shown == ["arn:1": 3, "arn:2": 1])
        press(&s, .home)
        #expect(s.replay?.position == 1)
        press(&s, .character("]"))
        #expect(s.replay?.position == 2)  // #2's ExecutionStarted
        press(&s, .character("]"))
        #expect(s.replay?.position == 3)  // #1 enters Create New Order
        press(&s, .character("]"))
        #expect(s.replay?.position == 5)  // over TaskScheduled to #2's entry
        press(&s, .end, .right)
        #expect(s.replay?.position == 5)
        press(&s, .character("["))
        #expect(s.replay?.position == 3)
        press(&s, .escape)
        #expect(s.replay == nil)
    }

    /// Space plays at the clock's speed (2x here): half a second of wall time is one engine second.
    @Test func playingFollowsTheClock() {
        var s = state
        press(&s, .character("r"), .character(" "))
        #expect(s.replay?.isPlaying == true && s.needsAnimation)
        _ = reduce(&s, .animate(seconds: 0.5), cache: cache)
        #expect(s.replay?.time == 101 && s.replay?.position == 3)
        _ = reduce(&s, .animate(seconds: 1), cache: cache)
        #expect(s.replay?.time == 103 && s.replay?.position == 5)
        #expect(s.replay?.isPlaying == false)
    }

    /// Every view by mouse: a click on a footer hint presses its key.
    @Test func footerHintsAreClickable() throws {
        var s = state
        func click(_ hint: String) throws {
            let keys = footerKeys(s)
            let at = try #require(keys.range(of: hint)).lowerBound
            _ = reduce(&s, .input(.mouse(MouseEvent(x: 1 + keys.distance(from: keys.startIndex, to: at), y: s.height - 1, kind: .click))), cache: cache)
        }
        try click("t timeline")
        #expect(s.mode == .timeline(arn: "arn:1"))
        try click("e events")
        #expect(s.mode == .events(arn: "arn:1"))
        try click("Esc back")
        #expect(s.mode == .main)
        try click("r replay")
        #expect(s.replay != nil)
    }

    @Test func timelineKeysZoomScrollAndFold() {
        var s = state
        press(&s, .character("t"))
        #expect(s.mode == .timeline(arn: "arn:1") && s.returnMode == .main)
        press(&s, .character("+"), .character("+"))
        #expect(s.timeline.zoom == 4 && s.speed == .scaled(speed: 2))
        press(&s, .character("l"), .character("l"), .character("l"), .character("l"))
        #expect(s.timeline.offset == 0.25)
        press(&s, .character("-"))
        #expect(s.timeline.zoom == 2 && s.timeline.offset == 0.25)
        press(&s, .character("-"))
        #expect(s.timeline.zoom == 1 && s.timeline.offset == 0)
        press(&s, .character("e"))
        #expect(s.mode == .events(arn: "arn:1"))
        press(&s, .escape)
        #expect(s.mode == .main)
    }
}
