import ASL
import Engine
import Testing
@testable import Dashboard

/// Marking any executions of one machine and comparing them; filtering the list with `/`.
@Suite("Dashboard marks and filter")
struct MarksAndFilterTests {
    let cache = ViewCache()
    let saga = try! GoldenFile.definition("order-saga")

    func summary(_ n: Int, machine: String = "order-saga", colour: String = "red") -> ExecutionSummary {
        ExecutionSummary(arn: "arn:x:\(machine):run-\(n)", machineArn: machineArn(machine), machineName: machine, label: "#\(n)", labels: [ExecutionLabel("colour", colour)],
                         startDate: 100, events: [HistoryEvent(id: 1, previousEventId: 0, timestamp: 100, type: .executionStarted)],
                         definitionKey: machineArn(machine))
    }

    func state(_ summaries: [ExecutionSummary]) -> DashboardState {
        var state = DashboardState(machines: [(machineArn("order-saga"), "order-saga", saga), (machineArn("other"), "other", saga)], speed: .instant,
                                   now: 100, width: 120, height: 40)
        for summary in summaries { _ = reduce(&state, .executionStarted(summary), cache: cache) }
        return state
    }

    func press(_ state: inout DashboardState, _ keys: Key...) {
        for key in keys { _ = reduce(&state, .input(.key(key)), cache: cache) }
    }

    @Test func spaceMarksAndCComparesTheMarkedExecutionsOfOneMachine() {
        var dashboard = state([summary(1), summary(2), summary(3)])
        press(&dashboard, .character(" "), .down, .down, .character(" "))  // rows newest first: 3, 2, 1
        #expect(dashboard.marked == ["arn:x:order-saga:run-3", "arn:x:order-saga:run-1"])
        press(&dashboard, .character("c"))
        #expect(dashboard.mode == .compare(group: DashboardState.markedGroup))
        #expect(dashboard.compareMembers(DashboardState.markedGroup).map(\.label) == ["#3", "#1"])
        let text = render(dashboard, cache: cache).text
        #expect(text.contains("Compare marked: 2 executions of order-saga"))
        #expect(text.contains("#3 red"))
        press(&dashboard, .escape, .character(" "))  // unmark #1 (still selected)
        #expect(dashboard.marked == ["arn:x:order-saga:run-3"])
    }

    @Test func executionsOfDifferentMachinesAreNotCompared() {
        var dashboard = state([summary(1), summary(2, machine: "other")])
        press(&dashboard, .character(" "), .down, .character(" "), .character("c"))
        #expect(dashboard.mode == .main)
        #expect(dashboard.message == "the marked executions run different state machines: mark those of one machine")
    }

    @Test func slashFiltersByNameMachineStatusOrLabel() {
        var dashboard = state([summary(1), summary(2, machine: "other", colour: "blue"), summary(3, colour: "blue")])
        press(&dashboard, .character("/"))
        for c in "blue" { press(&dashboard, .character(c)) }
        #expect(dashboard.orderRows == [.execution("arn:x:order-saga:run-3"), .execution("arn:x:other:run-2")])
        press(&dashboard, .enter)
        #expect(!dashboard.isEditingFilter)
        press(&dashboard, .down)
        #expect(dashboard.selectedRow == .execution("arn:x:other:run-2"))
        #expect(render(dashboard, cache: cache).text.contains("Executions (3) · /blue"))
        dashboard.filter = "other"
        #expect(dashboard.orderRowCount == 1)
        dashboard.filter = "running"
        #expect(dashboard.orderRowCount == 3)
        press(&dashboard, .character("/"), .escape)
        #expect(dashboard.filter.isEmpty && dashboard.orderRowCount == 3)
    }
}
