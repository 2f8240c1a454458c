import AppRuntime
import ASL
import Engine
import Foundation
import LocalStepFunctions
import Pizzeria
import Testing
@testable import Dashboard

/// The timeline, events and replay views, drawn from the real wiring in virtual time and
/// compared with `Golden/views-CASE.WxH.txt`.
@Suite("Timeline, events and replay golden renders")
struct TimelineGoldenTests {
    static let sizes = [(120, 32), (80, 24)]

    static func machine(_ name: String) throws -> UserDefinition {
        let text = try String(contentsOf: GoldenFile.directory.appendingPathComponent("\(name).asl.json"), encoding: .utf8)
        return UserDefinition(name: name, text: text, definition: try StateMachineDefinition.load(text: text))
    }

    func check(_ name: String, sourceLocation: SourceLocation = #_sourceLocation, _ make: (Int, Int) throws -> DashboardFixture) throws {
        for (width, height) in Self.sizes {
            let fixture = try make(width, height)
            GoldenFile.check(fixture.render().text, against: "views-\(name).\(width)x\(height).txt", sourceLocation: sourceLocation)
        }
    }

    /// Types a command line and runs it.
    static func command(_ fixture: DashboardFixture, _ text: String) {
        fixture.key(.character(":"))
        fixture.type(text)
        fixture.key(.enter)
    }

    /// errorOnStep 1: Create New Order fails three times and is retried with backoff (1 s,
    /// 2 s, 4 s): four attempts, the waits between them shaded.
    @Test func aTimelineWithRetriesAndBackoff() throws {
        try check("timeline-retries") { width, height in
            let fixture = try DashboardFixture(width: width, height: height)
            let execution = fixture.place(try OrderRequest(perStepDelaySeconds: 1, errorOnStep: 1))[0]
            fixture.run(until: { execution.status.isFinished })
            fixture.key(.character("t"))
            guard case .timeline(let arn) = fixture.state.mode else { Issue.record("t opened no timeline"); return fixture }
            let summary = try #require(fixture.state.execution(arn))
            let timeline = Timeline(events: summary.events, definition: fixture.state.definition(of: summary))
            let create = try #require(timeline.rows.first { $0.title == "Create New Order (1)" })
            #expect(create.attempts.count == 4)
            // Every attempt fails (the order's step 1 always does); the Catch then moves on.
            #expect(create.attempts.allSatisfy { $0.failed })
            #expect(create.status == .caught)
            // The backoff between attempts: 1 s, 2 s, 4 s after each failure.
            let gaps: [Double] = zip(create.attempts, create.attempts.dropFirst()).map { pair in pair.1.start - (pair.0.end ?? 0) }
            #expect(gaps == [1, 2, 4])
            return fixture
        }
    }

    /// A Parallel unfolded: its two branches, the first unfolded too.
    @Test func aTimelineWithAParallel() throws {
        try check("timeline-parallel") { width, height in
            let fixture = try DashboardFixture(width: width, height: height, definitions: [try Self.machine("timeline-parallel")])
            Self.command(fixture, "start timeline-parallel {}")
            fixture.run()
            #expect(fixture.state.executions.first?.status == .succeeded)
            fixture.key(.character("t"))
            fixture.key(.down)  // Cook
            fixture.key(.enter)  // unfold: branch 1, branch 2
            fixture.key(.down)
            fixture.key(.character(" "))  // unfold branch 1: Bake Base, Slice (Enter would open it on the graph)
            let timeline = try #require(fixture.state.executions.first.map { Timeline(events: $0.events, definition: fixture.state.definition(of: $0)) })
            let cook = try #require(timeline.rows.first { $0.title == "Cook" })
            #expect(cook.children.map { timeline.rows[$0].title } == ["branch 1", "branch 2"])
            #expect(cook.children.map { timeline.rows[$0].children.map { timeline.rows[$0].title } } == [["Bake Base", "Slice"], ["Make Sauce"]])
            #expect(cook.end.map { $0 - cook.start } == 4)
            return fixture
        }
    }

    /// A Map of three items, two at a time: iterations under the Map, each with its runs.
    @Test func aTimelineWithAMap() throws {
        try check("timeline-map") { width, height in
            let fixture = try DashboardFixture(width: width, height: height, definitions: [try Self.machine("timeline-map")])
            Self.command(fixture, #"start timeline-map {"toppings": [{"seconds": 3}, {"seconds": 1}, {"seconds": 2}]}"#)
            fixture.run()
            #expect(fixture.state.executions.first?.status == .succeeded)
            fixture.key(.character("t"))
            fixture.key(.enter)  // unfold Toppings
            fixture.key(.down)
            fixture.key(.character(" "))  // unfold iteration 0
            fixture.key(.down); fixture.key(.down); fixture.key(.down)
            fixture.key(.character(" "))  // unfold iteration 1
            let timeline = try #require(fixture.state.executions.first.map { Timeline(events: $0.events, definition: fixture.state.definition(of: $0)) })
            let map = try #require(timeline.rows.first { $0.title == "Toppings" })
            let iterations = map.children.map { timeline.rows[$0] }
            #expect(iterations.map(\.title) == ["iteration 0", "iteration 1", "iteration 2"])
            #expect(iterations.map { $0.children.map { timeline.rows[$0].title } } == Array(repeating: ["Add Topping", "Check"], count: 3))
            // Two at a time: the third starts when the second (1 s) is done, and ends at 3 s.
            #expect(iterations.map { $0.start - map.start } == [0, 0, 1])
            #expect(iterations.map { ($0.end ?? 0) - map.start } == [3, 1, 3])
            return fixture
        }
    }

    /// A Map's iterations, failed first on request; Enter opens one on the graph alone, Esc
    /// comes back to the timeline.
    @Test func aMapIterationOpensOnTheGraph() throws {
        try check("map-iteration") { width, height in
            let fixture = try DashboardFixture(width: width, height: height, definitions: [try Self.machine("timeline-map")])
            Self.command(fixture, #"start timeline-map {"toppings": [{"seconds": 3}, {"seconds": "x"}, {"seconds": 2}]}"#)
            fixture.run()
            #expect(fixture.state.executions.first?.status == .failed)
            fixture.key(.character("t"))
            fixture.key(.character(" "))  // unfold Toppings
            fixture.key(.character("f"))  // failed first
            let summary = try #require(fixture.state.executions.first)
            let timeline = fixture.cache.timeline(arn: summary.arn, events: summary.events, definition: fixture.state.definition(of: summary))
            let rows = timeline.visibleRows(unfolded: fixture.state.timeline.unfolded, failedFirst: true).map { timeline.rows[$0].title }
            #expect(rows.prefix(2) == ["Toppings", "iteration 1"])
            fixture.key(.down)
            fixture.key(.enter)
            #expect(fixture.state.iterationFocus?.title == "iteration 1 of Toppings")
            #expect(fixture.state.mode == .main && fixture.state.focus == .graph)
            let shown = fixture.state.focusingIteration(cache: fixture.cache).executions[0].events
            #expect(shown.filter { $0.type == .waitStateEntered }.count == 1)
            #expect(shown.contains { $0.type == .mapIterationFailed })
            #expect(!shown.contains { $0.type == .mapIterationSucceeded })
            return fixture
        }
        let fixture = try DashboardFixture(definitions: [try Self.machine("timeline-map")])
        Self.command(fixture, #"start timeline-map {"toppings": [{"seconds": 1}]}"#)
        fixture.run()
        fixture.key(.character("t")); fixture.key(.character(" ")); fixture.key(.down); fixture.key(.enter)
        fixture.key(.escape)
        #expect(fixture.state.iterationFocus == nil)
        #expect(fixture.state.mode == .timeline(arn: fixture.state.executions[0].arn))
    }

    /// Enter on a Task's run in the timeline: its details with the value after every
    /// processing step, from the service's TestState of that run.
    @Test func aTasksDetailsWithEveryProcessingStep() throws {
        try check("state-details") { width, height in
            let fixture = try DashboardFixture(width: width, height: height, definitions: [try Self.machine("details-task")])
            Self.command(fixture, #"start details-task {"order": {"orderId": 7, "flavour": "plain", "errorOnStep": 0, "perStepDelaySeconds": 0}, "table": 4}"#)
            fixture.run()
            #expect(fixture.state.executions.first?.status == .succeeded)
            fixture.key(.character("t"))
            fixture.key(.enter)
            fixture.run()
            let key = try #require(fixture.state.inspectionsAsked.first)
            let inspection = try #require(fixture.state.inspections[key])
            #expect(inspection.steps.map(\.step) == [.afterInputPath, .afterParameters, .result, .afterResultSelector, .afterResultPath])
            let summary = try #require(fixture.state.executions.first)
            #expect(inspection.output == summary.events.last { $0.type == .taskStateExited }?.details.output)
            #expect(fixture.state.mode == .stateDetails(arn: summary.arn))
            return fixture
        }
    }

    /// The events of errorOnStep 1's order, the first TaskFailed open with its details.
    @Test func theEventsTable() throws {
        try check("events") { width, height in
            let fixture = try DashboardFixture(width: width, height: height)
            let execution = fixture.place(try OrderRequest(perStepDelaySeconds: 1, errorOnStep: 1))[0]
            fixture.run(until: { execution.status.isFinished })
            fixture.key(.character("e"))
            for _ in 0..<4 { fixture.key(.down) }
            fixture.key(.enter)
            #expect(fixture.state.eventsView.expanded.count == 1)
            return fixture
        }
    }

    /// The events filtered with `/`: only the failures.
    @Test func theEventsTableFiltered() throws {
        let fixture = try DashboardFixture()
        let execution = fixture.place(try OrderRequest(perStepDelaySeconds: 1, errorOnStep: 1))[0]
        fixture.run(until: { execution.status.isFinished })
        fixture.key(.character("e"))
        fixture.key(.character("/"))
        fixture.type("taskfailed")
        fixture.key(.enter)
        let summary = try #require(fixture.state.executions.first)
        let lines = EventsWindow(fixture.state, summary, cache: fixture.cache, width: 120, room: 30).lines
        #expect(lines.count == 4)
        #expect(lines.allSatisfy { $0.text.contains("TaskFailed") })
    }

    /// ALL in the compare view, replayed: at the first event, ten events on, and at the end.
    /// Each step moves the cursor one event, and the screen with it.
    @Test func theCompareViewInReplay() throws {
        for (width, height) in Self.sizes {
            let fixture = try DashboardFixture(width: width, height: height)
            // ALL with a second per step, so that the eight paths part in time.
            let executions = fixture.place(try OrderRequest(perStepDelaySeconds: 1, errorOnStep: ErrorStep.all.rawValue))
            fixture.run(until: { executions.allSatisfy { $0.status.isFinished } })
            fixture.key(.enter)
            #expect(fixture.state.mode == .compare(group: 1))
            fixture.key(.character("r"))
            let replay = try #require(fixture.state.replay)
            #expect(replay.arns.count == 8 && replay.position == 1)
            GoldenFile.check(fixture.render().text, against: "views-replay-start.\(width)x\(height).txt")
            let body = { Array(fixture.render().lines.dropFirst().dropLast()) }
            let atStart = body()
            for step in 1...10 {
                fixture.key(.right)
                #expect(fixture.state.replay?.position == 1 + step)
            }
            #expect(body() != atStart, "ten steps changed nothing in the compare view")
            fixture.key(.left)
            #expect(fixture.state.replay?.position == 10)
            fixture.key(.right)
            GoldenFile.check(fixture.render().text, against: "views-replay-ten.\(width)x\(height).txt")
            fixture.key(.end)
            #expect(fixture.state.replay?.position == fixture.state.replay?.total)
            GoldenFile.check(fixture.render().text, against: "views-replay-end.\(width)x\(height).txt")
            // At the end the replay shows what the compare view shows without it.
            var live = fixture.state
            live.replay = nil
            let withoutReplay = render(live, cache: fixture.cache).lines.dropFirst().dropLast()
            #expect(Array(fixture.render().lines.dropFirst().dropLast()) == Array(withoutReplay))
        }
    }
}
