import ASL
import Engine
import LocalStepFunctions
import StepFunctions
import Testing
@testable import Dashboard

/// Each execution draws the definition it ran, not its machine's latest; machines are known by
/// ARN (the same name may exist in two regions); executions are listed by start date, newest
/// first, a page of older ones landing below.
@Suite("Dashboard: each execution's definition, machines by ARN, the list by start date")
struct ExecutionDefinitionTests {
    static let asking = #"{"StartAt": "Ask", "States": {"Ask": {"Type": "Pass", "Next": "Answer"}, "Answer": {"Type": "Succeed"}}}"#
    static let querying = #"{"StartAt": "Query", "States": {"Query": {"Type": "Pass", "Next": "Reply"}, "Reply": {"Type": "Succeed"}}}"#
    let cache = ViewCache()

    /// The local dashboard (the real wiring): an execution started before an UpdateStateMachine
    /// keeps the graph it ran; the next one draws the new definition; both are kept once.
    @Test func theLocalDashboardDrawsTheDefinitionTheEngineRan() throws {
        let machine = UserDefinition(name: "asker", text: Self.asking, definition: try StateMachineDefinition.load(text: Self.asking))
        let fixture = try DashboardFixture(definitions: [machine])
        let operations = fixture.session.service.onLoop
        let arn = try #require(operations.listStateMachines().first { $0.name == "asker" }?.stateMachineArn)
        let before = try operations.startExecution(StartExecutionInput(stateMachineArn: arn, name: "before"))
        fixture.run()
        _ = try operations.updateStateMachine(arn: arn, definition: Self.querying)
        let after = try operations.startExecution(StartExecutionInput(stateMachineArn: arn, name: "after"))
        fixture.run()

        let old = try #require(fixture.state.execution(before.executionArn))
        let new = try #require(fixture.state.execution(after.executionArn))
        #expect(fixture.state.definition(of: old)?.stateNames == ["Ask", "Answer"])
        #expect(fixture.state.definition(of: new)?.stateNames == ["Query", "Reply"])
        #expect(old.machineArn == arn && new.machineArn == arn)
        #expect(old.definitionKey == arn)
        #expect(new.definitionKey == arn + "#2")

        // The newest is selected: its graph is the new definition; the older one's is the old.
        var screen = fixture.render().text
        #expect(screen.contains("✓ Query") && !screen.contains("Ask"), "\(screen)")
        fixture.key(.down)
        screen = fixture.render().text
        #expect(screen.contains("✓ Ask") && screen.contains("✓ Answer") && !screen.contains("Query"), "\(screen)")
    }

    /// Comparing executions that ran two versions of one machine: the columns are the states of
    /// both definitions (the first's in reading order, then the other's), each row read against
    /// the definition it ran.
    @Test func aCompareAcrossVersionsShowsEveryDefinitionsStates() throws {
        let machine = UserDefinition(name: "asker", text: Self.asking, definition: try StateMachineDefinition.load(text: Self.asking))
        let fixture = try DashboardFixture(definitions: [machine])
        let operations = fixture.session.service.onLoop
        let arn = try #require(operations.listStateMachines().first { $0.name == "asker" }?.stateMachineArn)
        _ = try operations.startExecution(StartExecutionInput(stateMachineArn: arn, name: "before"))
        fixture.run()
        _ = try operations.updateStateMachine(arn: arn, definition: Self.querying)
        _ = try operations.startExecution(StartExecutionInput(stateMachineArn: arn, name: "after"))
        fixture.run()
        // Mark both (the newest is selected first), then compare.
        fixture.key(.character(" "))
        fixture.key(.down)
        fixture.key(.character(" "))
        fixture.key(.character("c"))
        #expect(fixture.state.mode == .compare(group: DashboardState.markedGroup))
        let screen = fixture.render().text
        for name in ["Query", "Reply", "Ask", "Answer"] { #expect(screen.contains(name), "no column for \(name):\n\(screen)") }
    }

    /// An UpdateStateMachine by another client (the API, a second dashboard) reaches the local
    /// dashboard through the feed: the machine's definition is the new one before any execution
    /// of it runs (what the form starts, what `:export` draws with nothing selected).
    @Test func anUpdateByAnotherClientIsTheMachinesDefinitionAtOnce() throws {
        let machine = UserDefinition(name: "asker", text: Self.asking, definition: try StateMachineDefinition.load(text: Self.asking))
        let fixture = try DashboardFixture(definitions: [machine])
        let operations = fixture.session.service.onLoop
        let arn = try #require(operations.listStateMachines().first { $0.name == "asker" }?.stateMachineArn)
        #expect(fixture.state.machine(arn).flatMap { fixture.state.definitions[$0.definitionKey] }?.stateNames == ["Ask", "Answer"])
        _ = try operations.updateStateMachine(arn: arn, definition: Self.querying)
        fixture.run()
        #expect(fixture.state.machine(arn).flatMap { fixture.state.definitions[$0.definitionKey] }?.stateNames == ["Query", "Reply"])
    }

    /// Two machines of one name (two regions): both offered by the form (with their region),
    /// `:start` by name asks for the ARN, by ARN starts that one; a compare needs one machine.
    @Test func machinesOfOneNameAreTwoMachines() throws {
        let saga = try GoldenFile.definition("order-saga")
        let east = machineArn("orders"), west = machineArn("orders", region: "eu-west-1")
        var state = DashboardState(machines: [(east, "orders", saga), (west, "orders", saga)], speed: .instant, now: 100, width: 120, height: 40)
        #expect(state.machines.map(\.arn) == [east, west])
        #expect(state.machines(named: "orders").count == 2)

        for (n, machine) in [(1, east), (2, west)] {
            _ = reduce(&state, .executionStarted(ExecutionSummary(arn: "arn:run-\(n)", machineArn: machine, machineName: "orders", label: "run-\(n)",
                                                                  startDate: 100, definitionKey: machine)), cache: cache)
        }
        _ = reduce(&state, .input(.key(.character("n"))), cache: cache)
        #expect(state.form?.machineTitle == "orders (eu-west-1 123456789012)")
        #expect(state.form?.request.machineArn == west)
        _ = reduce(&state, .input(.key(.escape)), cache: cache)

        func command(_ text: String) -> [DashboardEffect] {
            _ = reduce(&state, .input(.key(.character(":"))), cache: cache)
            for c in text { _ = reduce(&state, .input(.key(.character(c))), cache: cache) }
            return reduce(&state, .input(.key(.enter)), cache: cache)
        }
        #expect(command("start orders {}").isEmpty)
        #expect(state.message == ":start: 2 state machines are named orders: give the ARN of one (\(east), \(west))")
        #expect(command("start \(west) {}") == [.startExecution(machineArn: west, input: "{}")])

        // Marked executions of the two machines are not compared: they are not one machine.
        _ = reduce(&state, .input(.key(.character(" "))), cache: cache)
        _ = reduce(&state, .input(.key(.down)), cache: cache)
        _ = reduce(&state, .input(.key(.character(" "))), cache: cache)
        _ = reduce(&state, .input(.key(.character("c"))), cache: cache)
        #expect(state.message == "the marked executions run different state machines: mark those of one machine")
    }

    /// A definition the dashboard is told an execution ran is kept once per machine: the same
    /// one again gets the same key; a machine's update does not change what older executions draw.
    @Test func definitionsAreKeptOncePerMachineAndExecutionsKeepTheirs() throws {
        let asking = try StateMachineDefinition.load(text: Self.asking), querying = try StateMachineDefinition.load(text: Self.querying)
        let arn = machineArn("asker")
        var state = DashboardState(machines: [(arn, "asker", asking)], speed: .instant, now: 100, width: 120, height: 40)
        for n in 1...3 {
            _ = reduce(&state, .executionStarted(ExecutionSummary(arn: "arn:run-\(n)", machineArn: arn, machineName: "asker", startDate: 100)), cache: cache)
        }
        #expect(state.execution("arn:run-1")?.definitionKey == nil)
        #expect(render(state, cache: cache).text.contains("Reading the definition of asker this execution ran…"))
        _ = reduce(&state, .executionDefinition(arn: "arn:run-1", asking), cache: cache)
        _ = reduce(&state, .executionDefinition(arn: "arn:run-2", querying), cache: cache)
        _ = reduce(&state, .executionDefinition(arn: "arn:run-3", querying), cache: cache)
        #expect(state.executions.map(\.definitionKey) == [arn, arn + "#2", arn + "#2"])
        #expect(state.definitions.count == 2)

        _ = reduce(&state, .machineAdded(arn: arn, name: "asker", querying), cache: cache)
        #expect(state.machine(arn)?.definitionKey == arn + "#2")
        #expect(state.definition(of: state.execution("arn:run-1")!)?.stateNames == ["Ask", "Answer"])
        #expect(state.machines.count == 1)

        _ = reduce(&state, .executionDefinition(arn: "arn:run-3", nil), cache: cache)
        #expect(state.execution("arn:run-3")?.definitionKey == ExecutionSummary.noDefinition)
        #expect(render(state, cache: cache).text.contains("No definition for asker."))
    }

    /// Executions take their place by start date whatever order they arrive in: the list shows
    /// the newest first; a new newest one is selected, an older one (or a page of them) is not.
    @Test func executionsAreInsertedByStartDate() {
        let arn = machineArn("asker")
        var state = DashboardState(speed: .instant, now: 100, width: 120, height: 40)
        func summary(_ name: String, _ start: Double) -> ExecutionSummary {
            ExecutionSummary(arn: "arn:\(name)", machineArn: arn, machineName: "asker", label: name, startDate: start)
        }
        _ = reduce(&state, .executionStarted(summary("b", 20)), cache: cache)
        _ = reduce(&state, .executionStarted(summary("d", 40)), cache: cache)
        #expect(state.selectedRow == .execution("arn:d"))
        _ = reduce(&state, .executionStarted(summary("c", 30)), cache: cache)
        _ = reduce(&state, .executionStarted(summary("d", 40)), cache: cache)  // known: left as it is
        #expect(state.selectedRow == .execution("arn:d"))
        // A page of older ones, newest first, one of them started with the oldest shown.
        for (name, start) in [("a2", 20.0), ("a1", 10.0)] { _ = reduce(&state, .olderExecutionListed(summary(name, start)), cache: cache) }
        #expect(state.executions.map(\.label) == ["a1", "a2", "b", "c", "d"])
        #expect(state.orderRows == ["d", "c", "b", "a2", "a1"].map { .execution("arn:\($0)") })
        #expect(state.selectedRow == .execution("arn:d"))
        #expect(state.position(of: "arn:b") == 2)
        _ = reduce(&state, .executionStarted(summary("e", 40)), cache: cache)
        #expect(state.orderRows.first == .execution("arn:e"))
        #expect(state.selectedRow == .execution("arn:e"))
    }

    /// The list's title says how many are loaded and whether older ones are coming; a service's
    /// list (no label columns) shows execution names whole, or cut in the middle.
    @Test func theListSaysWhatIsLoadedAndShowsNames() {
        let arn = machineArn("asker")
        var state = DashboardState(speed: .instant, now: 100, width: 120, height: 40)
        for (n, name) in ["nightly-bake-2026-12-03-0001", "nightly-bake-2026-12-03-0002", "3f2a1c9e-5b7d-4e21-9c3a-8d6f0b1e2a47"].enumerated() {
            _ = reduce(&state, .executionStarted(ExecutionSummary(arn: "arn:\(n)", machineArn: arn, machineName: "asker", label: name,
                                                                  startDate: 100 + Double(n))), cache: cache)
        }
        var screen = render(state, cache: cache).text
        #expect(screen.contains("Executions (3)"))
        // 120 columns: a 16-cell id, both ends of each name.
        #expect(screen.contains("nightly-…03-0001 asker"), "\(screen)")
        #expect(screen.contains("nightly-…03-0002 asker"))
        #expect(screen.contains("3f2a1c9e…b1e2a47 asker"))
        _ = reduce(&state, .olderExecutions(.more), cache: cache)
        #expect(render(state, cache: cache).text.contains("Executions (3 loaded, more below)"))
        _ = reduce(&state, .olderExecutions(.loading), cache: cache)
        #expect(render(state, cache: cache).text.contains("Executions (3 loaded, loading more…)"))
        // 80 columns: whole names, a UUID too.
        _ = reduce(&state, .input(.resize(width: 80, height: 24)), cache: cache)
        screen = render(state, cache: cache).text
        #expect(screen.contains("3f2a1c9e-5b7d-4e21-9c3a-8d6f0b1e2a47 asker"))
        #expect(screen.contains("nightly-bake-2026-12-03-0002"))
    }
}
