import ASL
import Engine
import LocalStepFunctions
import Pizzeria
import Testing
@testable import Dashboard

/// Whole-screen renders compared, as text, with `Golden/dashboard-CASE.WxH.txt`.
@Suite("Dashboard golden renders")
struct DashboardGoldenTests {
    static let sizes = [(80, 24), (120, 40), (200, 60)]

    func check(_ name: String, sourceLocation: SourceLocation = #_sourceLocation, _ make: (Int, Int) throws -> DashboardFixture) throws {
        for (width, height) in Self.sizes {
            let fixture = try make(width, height)
            GoldenFile.check(fixture.render().text, against: "dashboard-\(name).\(width)x\(height).txt", sourceLocation: sourceLocation)
        }
    }

    @Test func empty() throws {
        try check("empty") { try DashboardFixture(width: $0, height: $1) }
    }

    @Test func formWithAnError() throws {
        try check("form-error") { width, height in
            let fixture = try DashboardFixture(width: width, height: height)
            fixture.key(.character("n"))
            fixture.key(.tab)
            for _ in 0..<2 { fixture.key(.backspace) }  // delay "0" -> ""
            for c in "99" { fixture.key(.character(c)) }
            fixture.key(.tab)
            fixture.key(.right); fixture.key(.right); fixture.key(.right)
            fixture.key(.enter)
            #expect(fixture.state.form?.error?.key == PizzaPresentation.delayKey)
            #expect(fixture.engine.executions.isEmpty)
            return fixture
        }
    }

    @Test func anOrderRunning() throws {
        try check("running") { width, height in
            let fixture = try DashboardFixture(width: width, height: height)
            let execution = fixture.place(try OrderRequest(flavour: "hawaiian", perStepDelaySeconds: 1, errorOnStep: 4))[0]
            fixture.run(until: { execution.history.contains { $0.type == .taskStateEntered && $0.details.stateName == "Begin Order Preparation (4)" } })
            #expect(fixture.state.selectedExecution?.status == .running)
            return fixture
        }
    }

    @Test func allEightOutcomesInTheCompareView() throws {
        try check("compare-all") { width, height in
            let fixture = try DashboardFixture(width: width, height: height)
            fixture.key(.character("a"))
            let executions = fixture.engine.executionArns.compactMap(fixture.engine.execution)
            fixture.run(until: { executions.allSatisfy { $0.status.isFinished } })
            #expect(fixture.state.mode == .compare(group: 1))
            #expect(fixture.state.executions.map(\.status) == [.succeeded, .failed, .failed, .succeeded, .failed, .failed, .failed, .failed])
            return fixture
        }
    }

    /// A JSONata machine's state in the detail pane: its input, output and the variables its
    /// Assign set.
    @Test func aJSONataStatesAssignedVariables() throws {
        let text = try String(contentsOf: GoldenFile.directory.appendingPathComponent("jsonata-assign.asl.json"), encoding: .utf8)
        let machine = UserDefinition(name: "jsonata-assign", text: text, definition: try StateMachineDefinition.load(text: text))
        for (width, height) in Self.sizes {
            let fixture = try DashboardFixture(width: width, height: height, definitions: [machine])
            fixture.key(.character("n"))
            fixture.key(.backTab)
            fixture.key(.left)  // the machine choice wraps: the last machine is the file's
            fixture.key(.tab); fixture.key(.tab); fixture.key(.ctrl("u"))
            fixture.type(#"{"size": "large"}"#)
            fixture.key(.enter)
            fixture.run()
            #expect(fixture.state.executions.first?.status == .succeeded)
            var state = fixture.state
            state.selectedState = "Total"
            let summary = try #require(state.selectedExecution)
            let lines = detailLines(state, summary, width: 60, cache: fixture.cache).map(\.text)
            #expect(lines.contains(#"assigned variables: {"total":15}"#))
            #expect(lines.contains(#"output: {"size":"large","total":15}"#))
            GoldenFile.check(render(state, cache: fixture.cache).text, against: "dashboard-jsonata-assign.\(width)x\(height).txt")
        }
    }

    /// A machine from a file: the generic form with a malformed input (its position under the
    /// field), then the finished run in the list and the graph, drawn from the real wiring.
    @Test func aMachineFromAFile() throws {
        let text = try String(contentsOf: GoldenFile.directory.appendingPathComponent("choice-fanout.asl.json"), encoding: .utf8)
        let machine = UserDefinition(name: "choice-fanout", text: text, definition: try StateMachineDefinition.load(text: text))
        try check("generic-form-error") { width, height in
            let fixture = try DashboardFixture(width: width, height: height, definitions: [machine])
            fixture.key(.character("n"))
            fixture.key(.backTab)
            fixture.key(.left)  // the machine choice wraps: the last machine is the file's
            fixture.key(.tab); fixture.key(.tab); fixture.key(.ctrl("u"))
            fixture.type(#"{"a":"#)
            fixture.key(.enter)
            #expect(fixture.state.form?.error?.key == StartRequest.inputKey)
            #expect(fixture.engine.executions.isEmpty)
            return fixture
        }
        try check("generic-run") { width, height in
            let fixture = try DashboardFixture(width: width, height: height, definitions: [machine])
            fixture.key(.character("n"))
            fixture.key(.backTab)
            fixture.key(.left)  // the machine choice wraps: the last machine is the file's
            fixture.key(.tab)
            fixture.type("first")
            fixture.key(.tab); fixture.key(.ctrl("u"))
            fixture.type(#"{"size": "large"}"#)
            fixture.key(.enter)
            fixture.run()
            #expect(fixture.state.executions.map(\.machineName) == ["choice-fanout"])
            #expect(fixture.state.executions.first?.status.isFinished == true)
            return fixture
        }
    }

    @Test func helpOverlay() throws {
        try check("help") { width, height in
            let fixture = try DashboardFixture(width: width, height: height)
            fixture.key(.character("?"))
            return fixture
        }
    }

    @Test func queuesAfterAll() throws {
        try check("queues") { width, height in
            let fixture = try DashboardFixture(width: width, height: height)
            let executions = fixture.place(try OrderRequest(errorOnStep: 100))
            fixture.run(until: { executions.allSatisfy { $0.status.isFinished } })
            fixture.key(.character("d"))
            #expect(fixture.state.deadLetters.count == 3)
            return fixture
        }
    }

    @Test func tooSmall() throws {
        for (width, height) in [(59, 24), (80, 15), (30, 8)] {
            let fixture = try DashboardFixture(width: width, height: height)
            GoldenFile.check(fixture.render().text, against: "dashboard-too-small.\(width)x\(height).txt")
        }
    }

    /// Every view at many sizes, tiny and odd ones included (with the help, the form, a replay
    /// and the command line over them): no crash, exactly the asked size.
    @Test func rendersAtEverySize() throws {
        let fixture = try DashboardFixture()
        let executions = fixture.place(try OrderRequest(errorOnStep: 100))
        fixture.run(until: { executions.allSatisfy { $0.status.isFinished } })
        let arn = try #require(fixture.state.executions.first?.arn)
        let modes: [DashboardMode] = [.main, .compare(group: 1), .queues, .timeline(arn: arn), .events(arn: arn), .stateDetails(arn: arn)]
        var replaying = fixture.state
        replaying.mode = .compare(group: 1)
        _ = reduce(&replaying, .input(.key(.character("r"))), cache: fixture.cache)
        _ = reduce(&replaying, .input(.key(.right)), cache: fixture.cache)
        let replay = try #require(replaying.replay)
        for width in [0, 1, 2, 7, 30, 59, 60, 61, 79, 109, 110, 111, 163, 250] {
            for height in [0, 1, 3, 15, 16, 17, 23, 41, 70] {
                for mode in modes {
                    for overlay in 0..<5 {
                        var state = fixture.state
                        state.width = width
                        state.height = height
                        state.mode = mode
                        state.focus = .graph
                        state.selectedState = "Payment Processed"
                        state.showHelp = overlay == 1
                        if overlay == 2 {
                            state.form = state.startForm(machineIndex: 0)
                            state.form?.error = FieldError(key: PizzaPresentation.flavourKey, message: "must not be empty")
                        } else {
                            state.form = nil
                        }
                        state.replay = overlay == 3 ? replay : nil
                        state.commandLine = overlay == 4 ? CommandLineState(text: "export svg /tmp/x.svg") : nil
                        state.eventsView.expanded = overlay == 3 ? [1, 2] : []
                        state.timeline.unfolded = overlay == 3 ? Set(Timeline(events: fixture.state.executions[0].events, definition: nil).rows.map(\.key)) : []
                        let canvas = render(state, cache: fixture.cache)
                        #expect(canvas.width == width && canvas.height == height)
                    }
                }
            }
        }
    }
}
