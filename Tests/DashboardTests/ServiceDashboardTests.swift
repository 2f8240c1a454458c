import AppRuntime
import ASL
import Engine
import Foundation
import LocalStepFunctions
import StepFunctions
import Testing
@testable import Dashboard

/// The dashboard of a service through the seam's async operations alone (as it will run over
/// a remote client), against the local service on its own thread: headless, in the test's own
/// time (a clock moved by hand, the backoff's jitter fixed), never sleeping.
@Suite("Dashboard of a service")
struct ServiceDashboardTests {
    static let waitText = #"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}"#
    static let title = "PizzaDash — http://127.0.0.1:8080 (us-east-1)"
    static let start = 1_800_000_000.0

    /// The service's loop, the instrumented seam over it, and a dashboard of that seam.
    struct Setup {
        let local: LocalServiceThread
        let service: InstrumentedService
        let clock = ManualClock(ServiceDashboardTests.start)
        let loop: ServiceDashboardLoop

        init(readOnly: Bool = false, confirms: Bool = false, pageSize: Int = 25, paged: Bool = false) throws {
            local = try LocalServiceThread()
            service = paged ? PagedInstrumentedService(local.service) : InstrumentedService(local.service)
            let clock = self.clock
            // The jitter picks the longest wait, so the header's numbers are known.
            let pacing = ServicePacing(historyInterval: 1, listInterval: 5, backoffBase: 1, maxBackoff: 60, historyPageSize: pageSize,
                                       jitter: { $0.upperBound })
            loop = ServiceDashboardLoop(service: service, title: ServiceDashboardTests.title, readOnly: readOnly, confirmsActions: confirms,
                                        pacing: pacing, clock: { clock.now })
            loop.send(.input(.resize(width: 120, height: 40)))
        }

        /// A machine that waits for its task token, and an execution of it (RUNNING in `Ask`).
        func startWaiting(_ name: String = "one") async throws -> (machine: String, execution: String) {
            let machine = try await local.service.createStateMachine(name: "asker", definition: ServiceDashboardTests.waitText)
            let started = try await local.service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: name))
            return (machine.stateMachineArn, started.executionArn)
        }

        /// Answers the execution's task token: it succeeds.
        func finish(_ arn: String) async throws {
            let page = try await local.service.getExecutionHistory(arn: arn, page: HistoryPageRequest())
            let tokens = page.events.compactMap { $0.details.parameters?["MessageBody"]?["token"]?.stringValue }
            let token = try #require(tokens.first)
            try await local.service.sendTaskSuccess(token: token, output: ["ok": true])
        }

        /// Moves the clock on, then lets the loop ask what is due and take the answers.
        func advance(_ seconds: Double) async {
            clock.now += seconds
            await loop.settle()
        }

        func screen() -> String { loop.frame(width: 120, height: 40, now: clock.now).text }

        func key(_ character: Character) { loop.send(.input(.key(.character(character)))) }

        func stop() { local.stop() }
    }

    @Test func anExecutionStartedThroughTheServiceAppearsAndLightsUpOnTheGraph() async throws {
        let setup = try Setup()
        defer { setup.stop() }
        await setup.loop.settle()
        #expect(setup.screen().contains("No executions yet"))
        #expect(setup.screen().hasPrefix(" " + Self.title + " "))

        let (machine, arn) = try await setup.startWaiting()
        await setup.advance(5)
        let summary = try #require(setup.loop.state.execution(arn))
        #expect(summary.machineName == "asker")
        #expect(summary.machineArn == machine)
        #expect(summary.status == .running)
        #expect(setup.loop.state.selectedExecution?.arn == arn)
        #expect(setup.loop.state.machine(machine)?.name == "asker")
        #expect(setup.loop.state.definition(of: summary) != nil)
        var screen = setup.screen()
        #expect(screen.contains("Graph: one asker"))
        #expect(screen.contains("▶ Ask"), "the running state is not lit:\n\(screen)")
        #expect(screen.contains("▶ 1 run "))

        try await setup.finish(arn)
        await setup.advance(1)
        #expect(setup.loop.state.execution(arn)?.status == .succeeded)
        screen = setup.screen()
        #expect(screen.contains("✓ Ask"), "the finished state is not lit:\n\(screen)")
        #expect(screen.contains("✓ 1 ok "))
    }

    /// An EXPRESS machine beside: its executions are not listed (AWS refuses ListExecutions for
    /// it), and the listing of the others goes on instead of failing.
    @Test func anExpressMachineIsListedWithoutExecutions() async throws {
        let setup = try Setup()
        defer { setup.stop() }
        let quick = try await setup.local.service.createStateMachine(name: "quick", definition: Self.waitText, type: "EXPRESS")
        let (_, arn) = try await setup.startWaiting()
        await setup.advance(5)
        #expect(setup.loop.state.execution(arn)?.status == .running)
        #expect(setup.loop.state.machine(quick.stateMachineArn)?.name == "quick")
        #expect(!setup.screen().contains("StateMachineTypeNotSupported"))
    }

    /// Only the new events are asked for: the first read takes the history, later reads ask for
    /// the newest (newest first, a page of two) until they reach what was read; a finished
    /// execution is not asked again.
    @Test func historyIsReadIncrementallyAndFinishedOnesOnce() async throws {
        let setup = try Setup(pageSize: 2)
        defer { setup.stop() }
        let (_, arn) = try await setup.startWaiting()
        await setup.loop.settle()
        let firstRead = setup.service.historyRequests
        #expect(firstRead == [HistoryPageRequest(maxResults: 1000)])
        let seen = try #require(setup.loop.state.execution(arn)?.events.count)
        #expect(seen > 1)

        // Nothing new: one small request, newest first.
        await setup.advance(1)
        #expect(Array(setup.service.historyRequests.dropFirst(firstRead.count)) == [HistoryPageRequest(maxResults: 2, reverseOrder: true)])
        #expect(setup.loop.state.execution(arn)?.events.count == seen)

        // Three new events: two pages back, to the first one already read; each event once.
        try await setup.finish(arn)
        let before = setup.service.count("GetExecutionHistory")
        await setup.advance(1)
        #expect(setup.service.count("GetExecutionHistory") == before + 2)
        let events = try #require(setup.loop.state.execution(arn)?.events)
        #expect(events.map(\.id) == Array(1...events.count))
        #expect(events.count == seen + 3)
        #expect(events.last?.type == .executionSucceeded)

        // Finished: cached, never asked again; the lists go on every few seconds.
        let reads = setup.service.count("GetExecutionHistory")
        let lists = setup.service.count("ListExecutions")
        await setup.advance(1)
        await setup.advance(5)
        await setup.advance(5)
        #expect(setup.service.count("GetExecutionHistory") == reads)
        #expect(setup.service.count("ListExecutions") == lists + 2)
    }

    /// Two ThrottlingExceptions: the header says the view is behind and when it retries (the
    /// waits grow: 2 s, then 4 s), nothing is asked meanwhile; then it catches up.
    @Test func throttlingBacksOffSaysSoAndCatchesUp() async throws {
        let setup = try Setup()
        defer { setup.stop() }
        let (_, arn) = try await setup.startWaiting()
        let throttled = ServiceError(awsType: "ThrottlingException", message: "Rate exceeded")
        #expect(throttled.kind == .throttling)
        setup.service.fail("GetExecutionHistory", with: [throttled, throttled])
        await setup.loop.settle()
        #expect(setup.loop.state.execution(arn) != nil)
        #expect(setup.loop.state.execution(arn)?.events.isEmpty == true)
        #expect(setup.loop.state.statusLine == "throttled, retrying in 2 s")
        #expect(setup.screen().split(separator: "\n").first?.hasSuffix("⚠ throttled, retrying in 2 s") == true)

        // Still waiting: nothing asked.
        let asked = setup.service.calls.count
        await setup.advance(1)
        #expect(setup.service.calls.count == asked)
        #expect(setup.loop.state.statusLine == "throttled, retrying in 1 s")

        await setup.advance(1)
        #expect(setup.service.count("GetExecutionHistory") == 2)
        #expect(setup.loop.state.statusLine == "throttled, retrying in 4 s")
        #expect(setup.screen().contains("throttled, retrying in 4 s"))

        await setup.advance(4)
        #expect(setup.loop.state.statusLine == nil)
        #expect(!setup.screen().contains("throttled"))
        #expect(setup.loop.state.execution(arn)?.events.isEmpty == false)
        #expect(setup.screen().contains("▶ Ask"))
    }

    /// Any other failure (a missing permission, an unreachable endpoint): one line in the
    /// header, the dashboard goes on, and the next good answer clears it.
    @Test func otherFailuresShowOneLineAndReconnect() async throws {
        let setup = try Setup()
        defer { setup.stop() }
        let (_, arn) = try await setup.startWaiting()
        setup.service.fail("ListStateMachines", with: [
            ServiceError(awsType: "AccessDeniedException", message: "User: arn:aws:iam::123456789012:user/dev is not authorized\nto perform: states:ListStateMachines"),
            ServiceError(.unreachable, "could not connect to http://127.0.0.1:8080: Connection refused"),
        ])
        await setup.loop.settle()
        #expect(setup.loop.state.statusLine == "AccessDeniedException: User: arn:aws:iam::123456789012:user/dev is not authorized to perform: states:ListStateMachines; retrying in 2 s")
        #expect(setup.loop.state.message == "AccessDeniedException: User: arn:aws:iam::123456789012:user/dev is not authorized to perform: states:ListStateMachines")
        await setup.advance(5)
        #expect(setup.loop.state.message == "EndpointUnreachable: could not connect to http://127.0.0.1:8080: Connection refused")
        #expect(setup.loop.state.statusLine == "EndpointUnreachable: could not connect to http://127.0.0.1:8080: Connection refused; retrying in 4 s")
        #expect(setup.loop.state.executions.isEmpty)
        await setup.advance(5)
        #expect(setup.loop.state.statusLine == nil)
        #expect(setup.loop.state.execution(arn) != nil)
    }

    @Test func readOnlyRefusesToStopStartOrRedrive() async throws {
        let setup = try Setup(readOnly: true, confirms: true)
        defer { setup.stop() }
        let (_, arn) = try await setup.startWaiting()
        await setup.loop.settle()
        setup.key("s")
        #expect(setup.loop.state.message == "read-only: StopExecution is turned off (--read-only)")
        setup.key("y")
        await setup.advance(1)
        #expect(setup.service.count("StopExecution") == 0)
        #expect(setup.loop.state.execution(arn)?.status == .running)

        // The form opens, but nothing starts.
        setup.key("n")
        setup.loop.send(.input(.key(.enter)))
        #expect(setup.loop.state.form?.error?.message == "read-only: StartExecution is turned off (--read-only)")
        setup.loop.send(.input(.key(.escape)))
        setup.key(":")
        for c in "redrive" { setup.key(c) }
        setup.loop.send(.input(.key(.enter)))
        await setup.loop.settle()
        #expect(setup.service.count("StartExecution") == 0)
        #expect(setup.service.count("RedriveExecution") == 0)
    }

    /// `s` asks first: any key but `y` keeps it running; `y` stops it on the service, and the
    /// dashboard reads its end.
    @Test func aStopAfterConfirmationStopsIt() async throws {
        let setup = try Setup(confirms: true)
        defer { setup.stop() }
        let (_, arn) = try await setup.startWaiting()
        await setup.loop.settle()
        setup.key("s")
        #expect(setup.loop.state.message == "Stop one on the service? y: yes, any other key: no")
        setup.key("n")
        #expect(setup.loop.state.message == "not stopped: one")
        #expect(setup.loop.state.form == nil)
        await setup.loop.settle()
        #expect(setup.service.count("StopExecution") == 0)

        setup.key("s")
        setup.key("y")
        await setup.loop.settle()
        #expect(setup.service.count("StopExecution") == 1)
        #expect(setup.loop.state.message == "stopped one")
        #expect(setup.loop.state.execution(arn)?.status == .aborted)
        #expect(try await setup.local.service.describeExecution(arn: arn).status == .aborted)
    }

    /// The form starts through StartExecution once confirmed; the new execution is shown and read.
    @Test func theFormStartsAnExecutionAfterConfirmation() async throws {
        let setup = try Setup(confirms: true)
        defer { setup.stop() }
        let (machine, _) = try await setup.startWaiting()
        await setup.loop.settle()
        setup.key("n")
        for c in "two" { setup.key(c) }
        setup.loop.send(.input(.key(.enter)))
        #expect(setup.loop.state.message == "Start an execution of asker on the service? y: yes, any other key: no")
        setup.key("y")
        await setup.loop.settle()
        #expect(setup.service.count("StartExecution") == 1)
        #expect(setup.loop.state.form == nil)
        let listed = try await setup.local.service.listExecutions(stateMachineArn: machine, status: nil)
        #expect(listed.map(\.name) == ["two", "one"])
        let two = try #require(setup.loop.state.execution(listed[0].executionArn))
        #expect(setup.loop.state.selectedExecution?.arn == two.arn)
        #expect(two.events.first?.type == .executionStarted)
        // The next list does not show it twice.
        await setup.advance(5)
        #expect(setup.loop.state.executions.count == 2)
    }

    /// A definition that does not parse: one line on the screen and under the execution, no graph, no crash.
    @Test func aDefinitionThatDoesNotParseIsOneLine() async throws {
        let setup = try Setup()
        defer { setup.stop() }
        let (machine, arn) = try await setup.startWaiting()
        setup.service.answerDefinition(#"{"StartAt": "Nowhere", "States": {}}"#, for: machine)
        await setup.loop.settle()
        #expect(setup.loop.state.machine(machine) == nil)
        #expect(setup.loop.state.execution(arn)?.definitionKey == ExecutionSummary.noDefinition)
        let message = try #require(setup.loop.state.message)
        #expect(message.hasPrefix("no graph: the definition of asker does not parse: "))
        #expect(!message.contains("\n"))
        #expect(setup.loop.state.notes[arn] == message)
        #expect(setup.screen().contains("No definition for asker."))
        #expect(setup.loop.state.execution(arn)?.status == .running)
    }

    /// Finished executions listed before they are read show the list's status; out of view,
    /// they are not read at all.
    @Test func rowsOutOfViewShowTheListsStatusUnread() async throws {
        let setup = try Setup()
        defer { setup.stop() }
        let machine = try await setup.local.service.createStateMachine(name: "asker", definition: Self.waitText)
        var arns: [String] = []
        for n in 0..<40 {
            let started = try await setup.local.service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "run-\(n)"))
            _ = try await setup.local.service.stopExecution(arn: started.executionArn, error: nil, cause: nil)
            arns.append(started.executionArn)
        }
        await setup.loop.settle()
        #expect(setup.loop.state.executions.count == 40)
        #expect(setup.loop.state.executions.allSatisfy { $0.status == .aborted })
        let read = setup.service.count("GetExecutionHistory")
        #expect(read > 0 && read < 40, "read \(read) histories of 40, only those in view should be")
        #expect(setup.loop.state.execution(arns[0])?.events.isEmpty == true)
        #expect(setup.loop.state.execution(arns[39])?.events.last?.type == .executionAborted)
        #expect(setup.loop.state.statusCounts[.aborted] == 40)
        // Only the selected execution is drawn: only its definition is read.
        #expect(setup.service.count("DescribeStateMachineForExecution") == 1)
        #expect(setup.screen().contains("⊘ 40 abrt"))
    }

    /// An execution out of view is not polled while it runs; when the list says it has
    /// ended, it is read once, so its row shows the end.
    @Test func anEndOutOfViewIsReadOnce() async throws {
        let setup = try Setup()
        defer { setup.stop() }
        let machine = try await setup.local.service.createStateMachine(name: "asker", definition: Self.waitText)
        var arns: [String] = []
        for n in 0..<30 {
            arns.append(try await setup.local.service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "run-\(n)")).executionArn)
        }
        await setup.loop.settle()
        await setup.advance(1)
        let oldest = arns[0]
        #expect(setup.service.historyReads(of: oldest) == 0)
        #expect(setup.service.historyReads(of: arns[29]) == 2)
        #expect(setup.loop.state.execution(oldest)?.status == .running)

        _ = try await setup.local.service.stopExecution(arn: oldest, error: nil, cause: nil)
        await setup.advance(4)
        #expect(setup.service.historyReads(of: oldest) == 1)
        #expect(setup.loop.state.execution(oldest)?.status == .aborted)
        await setup.advance(1)
        await setup.advance(5)
        #expect(setup.service.historyReads(of: oldest) == 1)
    }

    /// The newest 100 executions of a machine first (only that page is asked for when the
    /// service answers pages); the next page when the selection comes within a screenful of
    /// rows of the list's end, below the others, the selection staying; the list's title says
    /// how many are loaded and whether more are to come.
    @Test(arguments: [false, true]) func olderExecutionsArePagedInAsTheSelectionNearsTheEnd(paged: Bool) async throws {
        let setup = try Setup(paged: paged)
        defer { setup.stop() }
        let machine = try await setup.local.service.createStateMachine(name: "asker", definition: Self.waitText)
        for n in 0..<230 {
            let started = try await setup.local.service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "run-\(n)"))
            _ = try await setup.local.service.stopExecution(arn: started.executionArn, error: nil, cause: nil)
        }
        let listings = paged ? "ListExecutionsPage" : "ListExecutions"
        await setup.loop.settle()
        #expect(setup.loop.state.executions.count == 100)
        #expect(setup.loop.state.executions.first?.arn.hasSuffix(":run-130") == true)
        #expect(setup.loop.state.selectedExecution?.arn.hasSuffix(":run-229") == true)
        #expect(setup.service.count("ListExecutionsPage") == (paged ? 1 : 0))
        #expect(setup.service.count("ListExecutions") == (paged ? 0 : 1))
        #expect(setup.loop.state.olderExecutions == .more)
        #expect(setup.screen().contains("Executions (100 loaded, more below)"))

        // 14 rows in view at 120x40: nothing more while the selection is further from the end.
        for _ in 0..<8 { setup.loop.send(.input(.key(.pageDown))) }
        await setup.loop.settle()
        #expect(setup.loop.state.selectedExecution?.arn.hasSuffix(":run-149") == true)
        #expect(setup.service.count(listings) == 1)

        // Ten rows from the end: the next page, below; the selection stays on its execution.
        setup.loop.send(.input(.key(.pageDown)))
        await setup.loop.settle()
        #expect(setup.service.count(listings) == 2)
        #expect(setup.loop.state.executions.count == 200)
        #expect(setup.loop.state.selectedExecution?.arn.hasSuffix(":run-139") == true)
        let names = setup.loop.state.orderRows.compactMap { row -> String? in
            guard case .execution(let arn) = row else { return nil }
            return arn.split(separator: ":").last.map(String.init)
        }
        #expect(names == (30..<230).reversed().map { "run-\($0)" })
        #expect(setup.screen().contains("Executions (200 loaded, more below)"))

        // The last page: everything is loaded, the title is the plain count again.
        for _ in 0..<10 { setup.loop.send(.input(.key(.pageDown))) }
        await setup.loop.settle()
        #expect(setup.service.count(listings) == 3)
        #expect(setup.loop.state.executions.count == 230)
        #expect(setup.loop.state.executions.first?.arn.hasSuffix(":run-0") == true)
        #expect(setup.loop.state.olderExecutions == .none)
        #expect(setup.screen().contains("Executions (230)"))
        // The newest page is still listed every few seconds; nothing older is asked for again.
        await setup.advance(5)
        #expect(setup.service.count(listings) == 4)
        #expect(setup.loop.state.executions.count == 230)
    }

    /// Loading older executions and the definitions of those drawn keep to the pace: throttled,
    /// nothing is asked until the backoff's time and the header says so; then both are loaded.
    @Test func olderPagesAndDefinitionsBackOffWhenThrottled() async throws {
        let setup = try Setup(paged: true)
        defer { setup.stop() }
        let machine = try await setup.local.service.createStateMachine(name: "asker", definition: Self.waitText)
        for n in 0..<110 {
            let started = try await setup.local.service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "run-\(n)"))
            _ = try await setup.local.service.stopExecution(arn: started.executionArn, error: nil, cause: nil)
        }
        let throttled = ServiceError(awsType: "ThrottlingException", message: "Rate exceeded")
        setup.service.fail("DescribeStateMachineForExecution", with: [throttled])
        await setup.loop.settle()
        #expect(setup.loop.state.statusLine == "throttled, retrying in 2 s")
        #expect(setup.loop.state.selectedExecution?.definitionKey == nil)
        #expect(setup.screen().contains("Reading the definition of asker this execution ran…"))
        await setup.advance(2)
        #expect(setup.loop.state.statusLine == nil)
        #expect(setup.loop.state.selectedExecution?.definitionKey != nil)
        #expect(setup.service.count("DescribeStateMachineForExecution") == 2)

        setup.service.fail("ListExecutionsPage", with: [throttled])
        for _ in 0..<9 { setup.loop.send(.input(.key(.pageDown))) }
        await setup.loop.settle()
        #expect(setup.service.count("ListExecutionsPage") == 2)
        #expect(setup.loop.state.statusLine == "throttled, retrying in 2 s")
        #expect(setup.loop.state.executions.count == 100)
        #expect(setup.loop.state.olderExecutions == .more)
        await setup.advance(1)
        #expect(setup.service.count("ListExecutionsPage") == 2)
        await setup.advance(1)
        #expect(setup.service.count("ListExecutionsPage") == 3)
        #expect(setup.loop.state.statusLine == nil)
        #expect(setup.loop.state.executions.count == 110)
        #expect(setup.loop.state.olderExecutions == .none)
    }

    /// More executions started between two lists than a page holds: the first page has none of
    /// those loaded, so the older pages are walked again from it, and the gap fills as one scrolls.
    @Test func aGapAboveTheLoadedExecutionsIsFilledFromTheNewestPage() async throws {
        let setup = try Setup(paged: true)
        defer { setup.stop() }
        let machine = try await setup.local.service.createStateMachine(name: "asker", definition: Self.waitText)
        func start(_ range: Range<Int>) async throws {
            for n in range {
                let started = try await setup.local.service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "run-\(n)"))
                _ = try await setup.local.service.stopExecution(arn: started.executionArn, error: nil, cause: nil)
            }
        }
        try await start(0..<150)
        await setup.loop.settle()
        for _ in 0..<10 { setup.loop.send(.input(.key(.pageDown))) }
        await setup.loop.settle()
        #expect(setup.loop.state.executions.count == 150)
        #expect(setup.loop.state.olderExecutions == .none)

        try await start(150..<400)
        await setup.advance(5)
        // The newest 100 (300-399) above; 150-299 not loaded yet, but more is said to be below.
        #expect(setup.loop.state.executions.count == 250)
        #expect(setup.loop.state.olderExecutions == .more)
        // Pages 2, 3 and 4 from the newest (the last one all known), one each time the end nears.
        for _ in 0..<3 {
            for _ in 0..<40 { setup.loop.send(.input(.key(.pageDown))) }
            await setup.loop.settle()
        }
        #expect(setup.service.count("ListExecutionsPage") == 3 + 3)
        #expect(setup.loop.state.executions.count == 400)
        #expect(setup.loop.state.olderExecutions == .none)
        let names = setup.loop.state.executions.map { $0.arn.split(separator: ":").last.map(String.init) ?? "" }
        #expect(Set(names) == Set((0..<400).map { "run-\($0)" }))
        // (The virtual clock started them all at one time: their order among equals is the
        // arrival's; by start date, the list holds.)
        #expect(zip(setup.loop.state.executions, setup.loop.state.executions.dropFirst()).allSatisfy { $0.startDate <= $1.startDate })
    }

    /// `:open FILE` creates the machine named after the file on the service, and a second
    /// `:open` updates it: the machine's next execution runs the new definition, and the one
    /// before keeps the graph it ran.
    @Test func openCreatesThenUpdatesAndOlderExecutionsKeepTheirGraph() async throws {
        let setup = try Setup()
        defer { setup.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pizzadash-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("opened.asl.json")
        func open() async {
            setup.key(":")
            for c in "open \(file.path)" { setup.key(c) }
            setup.loop.send(.input(.key(.enter)))
            await setup.loop.settle()
        }
        try Data(Self.waitText.utf8).write(to: file)
        await open()
        #expect(setup.loop.state.message == "opened opened from \(file.path): n starts it")
        await setup.advance(5)
        let machine = try #require(setup.loop.state.machines.first { $0.name == "opened" })
        let first = try await setup.local.service.startExecution(StartExecutionInput(stateMachineArn: machine.arn, name: "first"))

        try Data(Self.waitText.replacingOccurrences(of: "Ask", with: "Query").utf8).write(to: file)
        await open()
        #expect(setup.service.count("UpdateStateMachine") == 1)
        #expect(setup.service.count("CreateStateMachine") == 1)
        await setup.advance(5)
        #expect(setup.loop.state.definition(ofMachine: machine.arn)?.stateNames == ["Query"])
        let second = try await setup.local.service.startExecution(StartExecutionInput(stateMachineArn: machine.arn, name: "second"))
        await setup.advance(5)
        #expect(setup.loop.state.selectedExecution?.arn == second.executionArn)
        #expect(setup.screen().contains("▶ Query"))
        setup.loop.send(.input(.key(.down)))
        await setup.loop.settle()
        #expect(setup.loop.state.selectedExecution?.arn == first.executionArn)
        #expect(setup.screen().contains("▶ Ask"))
    }

    /// Each execution's graph is the definition it ran (DescribeStateMachineForExecution), not
    /// its machine's latest: one started before an UpdateStateMachine keeps its graph. It is
    /// asked once per execution drawn, never for rows merely listed, and never again.
    @Test func eachExecutionDrawsTheDefinitionItRanAskedOnceWhenDrawn() async throws {
        let setup = try Setup()
        defer { setup.stop() }
        let (machine, old) = try await setup.startWaiting("old")
        let queryText = Self.waitText.replacingOccurrences(of: "Ask", with: "Query")
        _ = try await setup.local.service.updateStateMachine(arn: machine, definition: queryText, roleArn: nil)
        var arns = [old]
        for n in 0..<20 {
            arns.append(try await setup.local.service.startExecution(StartExecutionInput(stateMachineArn: machine, name: "new-\(n)")).executionArn)
        }
        await setup.loop.settle()
        // The newest is selected and drawn: the machine's new definition, the only one asked for.
        var screen = setup.screen()
        #expect(screen.contains("Graph: new-19 asker"))
        #expect(screen.contains("▶ Query") && !screen.contains("Ask"), "\(screen)")
        #expect(setup.service.count("DescribeStateMachineForExecution") == 1)

        // The oldest, at the list's end: the definition it ran.
        for _ in 0..<3 { setup.loop.send(.input(.key(.pageDown))) }
        await setup.loop.settle()
        #expect(setup.loop.state.selectedExecution?.arn == old)
        screen = setup.screen()
        #expect(screen.contains("Graph: old asker"))
        #expect(screen.contains("▶ Ask") && !screen.contains("Query"), "\(screen)")
        #expect(setup.service.count("DescribeStateMachineForExecution") == 2)
        let oldKey = try #require(setup.loop.state.execution(old)?.definitionKey)
        let newKey = try #require(setup.loop.state.execution(arns[20])?.definitionKey)
        #expect(oldKey != newKey)
        #expect(setup.loop.state.definitions.count == 2)

        // Back to the newest and down again, time passing, it ending: never asked again.
        for _ in 0..<3 { setup.loop.send(.input(.key(.pageUp))) }
        await setup.loop.settle()
        try await setup.finish(old)
        await setup.advance(1)
        await setup.advance(5)
        for _ in 0..<3 { setup.loop.send(.input(.key(.pageDown))) }
        await setup.advance(1)
        #expect(setup.loop.state.execution(old)?.status == .succeeded)
        #expect(setup.service.count("DescribeStateMachineForExecution") == 2)
        #expect(setup.screen().contains("✓ Ask"))
    }

    /// The terminal loop itself (`run(on:)`, as ``ServiceDashboardApp`` runs it) on a thread of
    /// its own, the requests' answers arriving from other threads: a scripted screen presses
    /// keys when what it waits for is drawn (`s`, then `y` to the question, then `q`).
    @Test func theTerminalLoopDrawsAnswersAsTheyArriveAndDrivesTheService() async throws {
        let local = try LocalServiceThread()
        defer { local.stop() }
        let machine = try await local.service.createStateMachine(name: "asker", definition: Self.waitText)
        let started = try await local.service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "one"))
        let loop = ServiceDashboardLoop(service: local.service, title: Self.title, readOnly: false, confirmsActions: true)
        let screen = ScriptedScreen(script: [
            ("▶ Ask", .key(.character("s"))),
            ("Stop one on the service? y: yes", .key(.character("y"))),
            ("⊘ ABORTED", .key(.character("q"))),
        ])
        let box = LoopAndScreen(loop: loop, screen: screen)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread {
                box.loop.run(on: box.screen, wake: { box.screen.wake() })
                done.resume()
            }.start()
        }
        #expect(screen.script.isEmpty, "the screen still waited for \(screen.script.first?.0 ?? ""):\n\(screen.last)")
        #expect(screen.terminationSignal == nil)
        #expect(try await local.service.describeExecution(arn: started.executionArn).status == .aborted)
        #expect(screen.last.hasPrefix(" " + Self.title))
    }
}

/// A screen that presses each key of its script once the drawing shows the text it waits for;
/// it gives up (as a SIGTERM would end the loop) when a step is not drawn within 60 s. Like a
/// terminal, it waits for input until the loop's timeout or until the loop is woken (an answer
/// arrived), rather than spinning: a spinning loop thread starves the answers' tasks on a
/// loaded machine.
private final class ScriptedScreen: DashboardScreen, @unchecked Sendable {
    var script: [(String, InputEvent)]
    private(set) var last = ""
    private(set) var terminationSignal: Int32?
    private var deadline = Date().addingTimeInterval(60)
    private let woken = DispatchSemaphore(value: 0)

    /// Ends a wait for input (called from the threads that answer the loop's requests).
    func wake() { woken.signal() }

    init(script: [(String, InputEvent)]) { self.script = script }

    var size: (width: Int, height: Int) { (120, 40) }

    func present(_ canvas: Canvas) { last = canvas.text }

    func nextInput(timeoutMilliseconds: Int32?) -> InputEvent? {
        guard let (text, input) = script.first, last.contains(text) else {
            if Date() > deadline {
                terminationSignal = SIGTERM
            } else if let milliseconds = timeoutMilliseconds, milliseconds > 0 {
                _ = woken.wait(timeout: .now() + .milliseconds(Int(milliseconds)))
            }
            return nil
        }
        script.removeFirst()
        deadline = Date().addingTimeInterval(60)
        return input
    }

    func copyToClipboard(_ text: String) {}
}

/// The loop and its screen, handed to the loop's thread (used there alone until it ends).
private final class LoopAndScreen: @unchecked Sendable {
    let loop: ServiceDashboardLoop
    let screen: ScriptedScreen
    init(loop: ServiceDashboardLoop, screen: ScriptedScreen) {
        self.loop = loop
        self.screen = screen
    }
}
