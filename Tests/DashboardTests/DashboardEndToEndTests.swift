import Foundation
import TestSupport
import Testing

/// Runs the real `pizzadash` binary in tmux as a person would: types keys, reads the screen.
/// Needs `swift build` first (the binary at .build/debug/pizzadash) and tmux (`.ci/run` installs it).
@Suite("Dashboard end to end (tmux)", .serialized)
struct DashboardEndToEndTests {
    static let binary = PizzadashBinary.path

    @Test func placeAnOrderRunAllReadTheOutcomesQuit() throws {
        let tmux = try Tmux(width: 120, height: 40, command: "\(Self.binary) --speed instant --db :memory:")
        defer { tmux.kill() }
        try tmux.waitFor("PizzaDash")
        try tmux.waitFor("No executions yet")

        // An order through the form: hawaiian, errorOnStep 2 (processPayment).
        tmux.send("n")
        try tmux.waitFor("Start an execution")
        tmux.send("C-u")
        tmux.type("hawaiian")
        tmux.send("Tab", "Tab", "Right", "Right", "Enter")
        try tmux.waitFor("2 processPayment")
        try tmux.waitFor("✗ FAILED")
        var screen = try tmux.capture()
        #expect(screen.contains("hawaiian"))
        #expect(screen.contains("✗ 1 failed"))

        // A bad value stays in the form, and nothing is placed.
        tmux.send("n", "Tab", "BSpace")
        tmux.type("x")
        tmux.send("Enter")
        try tmux.waitFor("delay (s/step): must be a number of seconds")
        tmux.send("Escape")
        try tmux.waitFor("start cancelled")

        // ALL: the compare view with eight finished rows.
        tmux.send("a")
        try tmux.waitFor("Compare ALL")
        screen = try tmux.waitFor { text in Self.outcomes(in: text).count == 8 }
        #expect(Self.outcomes(in: screen) == ["SUCCEEDED", "FAILED", "FAILED", "SUCCEEDED", "FAILED", "FAILED", "FAILED", "FAILED"])

        // The dead-letter queues hold the three messages of steps 3, 6 and 7.
        tmux.send("d")
        try tmux.waitFor("Dead-letter queues (3 messages)")
        // tmux can capture the pane mid-draw, its title there before its messages: wait for the first
        screen = try tmux.waitFor("AddLoyaltyPointsFailed")
        #expect(screen.contains("Dead-letter queues (3 messages)"))
        tmux.send("Escape", "q")
        try tmux.waitForExit()
    }

    /// #17's checks: ALL replayed in the compare view (each → moves the cells), errorOnStep 1's
    /// timeline with Create New Order's four attempts, and `:export svg` as valid XML.
    @Test func replayTimelineAndExportFromTheKeyboard() throws {
        let tmux = try Tmux(width: 140, height: 40, command: "\(Self.binary) --speed instant --delay 1 --db :memory:")
        defer { tmux.kill() }
        try tmux.waitFor("No executions yet")
        tmux.send("a")
        try tmux.waitFor("Compare ALL")
        _ = try tmux.waitFor { text in Self.outcomes(in: text).count == 8 }
        tmux.send("r")
        var screen = try tmux.waitFor("REPLAY 1/")
        var seen = [Self.body(screen)]
        for step in 2...11 {
            tmux.send("Right")
            screen = try tmux.waitFor("REPLAY \(step)/")
            seen.append(Self.body(screen))
        }
        #expect(Set(seen).count > 1, "ten steps of the replay changed no cell of the compare view")
        #expect(Self.outcomes(in: screen).allSatisfy { $0 == "RUNNING" })

        // The end of the replay, then errorOnStep 1's timeline.
        tmux.send("Escape")
        _ = try tmux.waitFor { !$0.contains("REPLAY") }
        tmux.send("Down", "t")
        // The whole view, not just its title: under load tmux can be captured mid-redraw (the
        // new title over the compare view's rows).
        screen = try tmux.waitFor(what: "the timeline's rows") { $0.contains("Timeline:") && $0.contains("Create New Order (1) ×") }
        #expect(screen.contains("Create New Order (1) ×4"))
        let createRow = try #require(screen.split(separator: "\n").first { $0.contains("Create New Order (1) ×4") })
        // Four attempts: solid segments, the backoff between them shaded.
        #expect(createRow.split(separator: "░", omittingEmptySubsequences: true).filter { $0.contains("█") }.count == 4)

        // The command line exports the graph, coloured by this execution.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pizzadash-e2e-\(getpid()).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        tmux.send(":")
        tmux.type("export svg \(path)")
        tmux.send("Enter")
        try tmux.waitFor("exported svg")
        if let xmllint = ["/usr/bin/xmllint", "/usr/local/bin/xmllint"].first(where: FileManager.default.isExecutableFile(atPath:)) {
            let checked = try ChildProcess.run(xmllint, ["--noout", path], timeout: 30)
            #expect(checked.status == 0, "xmllint: \(checked.stderr)")
        } else {
            Issue.record("xmllint is missing (scripts/install-missing test installs libxml2-utils)")
        }
        tmux.send("Escape", "q")
        try tmux.waitForExit()
    }

    /// NO_COLOR (no-color.org) turns colour off: ALL's outcomes still read from glyphs and
    /// words, and no cell is drawn in a colour.
    @Test func noColorDrawsWithoutColour() throws {
        let tmux = try Tmux(width: 120, height: 40, command: "\(Self.binary) --speed instant --db :memory:", environment: ["NO_COLOR": "1"])
        defer { tmux.kill() }
        try tmux.waitFor("No executions yet")
        tmux.send("a")
        _ = try tmux.waitFor { text in Self.outcomes(in: text).count == 8 }
        let coloured = try tmux.captureWithEscapes()
        let colourCodes = try Regex(#"\x1B\[[0-9;]*(3[0-7]|9[0-7]|38;5;[0-9]+)m"#)
        #expect(coloured.firstMatch(of: colourCodes) == nil, "a colour was drawn with NO_COLOR set")
        #expect(coloured.contains("✓ SUCCEEDED") && coloured.contains("✗ FAILED"))
        tmux.send("q")
        try tmux.waitForExit()
    }

    /// The screen without its header and footer rows.
    static func body(_ screen: String) -> String {
        screen.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().dropLast(2).joined(separator: "\n")
    }

    @Test func tooSmallSaysHowBigResizeRelaysOut() throws {
        let tmux = try Tmux(width: 50, height: 12, command: "\(Self.binary) --speed instant --db :memory:")
        defer { tmux.kill() }
        try tmux.waitFor("Terminal too small")
        try tmux.waitFor("60x16")
        tmux.resize(width: 100, height: 30)
        try tmux.waitFor("PizzaDash")
        tmux.send("q")
        try tmux.waitForExit()
    }

    /// An order placed with curl shows up live; the store brings it back after a restart;
    /// Ctrl-C leaves with the shell's usual 130 and the normal screen.
    @Test func ordersFromHTTPAppearLiveAndSurviveARestart() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pizzadash-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("store.sqlite").path
        let port = Int.random(in: 20_000...60_000)
        let first = try Tmux(width: 120, height: 40, command: "\(Self.binary) --speed instant --db \(db) --http \(port); echo EXITED $?")
        defer { first.kill() }
        try first.waitFor("No executions yet")
        let answer = try Self.curl(["-s", "-X", "POST", "http://127.0.0.1:\(port)/orders", "-d", #"{"flavour": "margherita", "errorOnStep": 3}"#])
        #expect(answer.contains(#""orderId":1"#), "\(answer)")
        var screen = try first.waitFor("margherita")
        screen = try first.waitFor("✓ 1 succeeded")
        #expect(screen.contains("3 addLoyaltyPoi"))
        first.send("C-c")
        try first.waitFor("EXITED 130")
        #expect(!(try first.capture()).contains("PizzaDash"), "the dashboard's screen is gone")

        let second = try Tmux(width: 120, height: 40, command: "\(Self.binary) --speed instant --db \(db)")
        defer { second.kill() }
        screen = try second.waitFor("margherita")
        #expect(screen.contains("✓ 1 succeeded"))
        #expect(screen.contains("✉ 1 DLQ"))
        second.send("q")
        try second.waitForExit()
    }

    /// Any state machine from a file: `n`, choose it, type an input (a malformed one is refused
    /// with its position, and nothing starts), Enter: it runs, its status shows in the list and
    /// its states in the graph pane; after a restart without `--definition` both come back.
    @Test func aStateMachineFromAFileStartsFromTheFormAndComesBackAfterARestart() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pizzadash-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("store.sqlite").path
        let file = directory.appendingPathComponent("number-check.asl.json")
        try Data(#"""
            {"StartAt": "Is It One", "States": {
              "Is It One": {"Type": "Choice", "Choices": [{"Variable": "$.a", "NumericEquals": 1, "Next": "Say Yes"}], "Default": "Not One"},
              "Say Yes": {"Type": "Pass", "Result": "yes", "Next": "All Done"},
              "Not One": {"Type": "Fail", "Error": "NotOne"},
              "All Done": {"Type": "Succeed"}}}
            """#.utf8).write(to: file)
        let first = try Tmux(width: 160, height: 50, command: "\(Self.binary) --speed instant --db \(db) --definition \(file.path)")
        defer { first.kill() }
        try first.waitFor("No executions yet")
        first.send("n")
        try first.waitFor("Start an execution")
        first.send("BTab", "Left")  // the machine choice wraps: the last machine is the file's
        try first.waitFor("◂ number-check ▸")
        first.send("Tab", "Tab", "C-u")
        first.type(#"{"a":"#)
        try first.waitFor("input (JSON): line 1, column 6")
        first.send("Enter")
        var screen = try first.capture()
        #expect(screen.contains("Executions (0)"), "a malformed input starts nothing")
        first.type("1}")
        first.send("Enter")
        screen = try first.waitFor("✓ SUCCEEDED")
        #expect(screen.contains("number-check"))
        #expect(screen.contains("✓ 1 succeeded"))
        for state in ["Is It One", "Say Yes", "All Done"] { #expect(screen.contains(state), "the graph pane draws \(state)") }
        first.send("q")
        try first.waitForExit()

        let second = try Tmux(width: 160, height: 50, command: "\(Self.binary) --speed instant --db \(db)")
        defer { second.kill() }
        screen = try second.waitFor("✓ SUCCEEDED")
        #expect(screen.contains("number-check") && screen.contains("Say Yes"))
        second.send("n")  // the form opens on the selected execution's machine
        try second.waitFor("◂ number-check ▸")
        second.send("Escape", "q")
        try second.waitForExit()
    }

    /// A state machine created and started with boto3 against the dashboard's `--http` port shows
    /// in the executions list, and the graph pane draws its states as the run coloured them.
    @Test func anExecutionStartedWithBoto3ShowsLiveOnTheGraph() throws {
        let port = Int.random(in: 20_000...60_000)
        let tmux = try Tmux(width: 160, height: 50, command: "\(Self.binary) --speed instant --db :memory: --http \(port)")
        defer { tmux.kill() }
        try tmux.waitFor("No executions yet")
        let script = #"""
            import json, sys, boto3
            from botocore.config import Config
            sfn = boto3.client("stepfunctions", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="x",
                               aws_secret_access_key="y", config=Config(inject_host_prefix=False, retries={"max_attempts": 1}))
            definition = {"StartAt": "Weigh Dough", "States": {
                "Weigh Dough": {"Type": "Pass", "Result": 250, "ResultPath": "$.grams", "Next": "Heavy Enough"},
                "Heavy Enough": {"Type": "Choice", "Choices": [{"Variable": "$.grams", "NumericGreaterThan": 200, "Next": "Knead"}], "Default": "Too Light"},
                "Knead": {"Type": "Succeed"},
                "Too Light": {"Type": "Fail", "Error": "TooLight"}}}
            machine = sfn.create_state_machine(name="dough-check", definition=json.dumps(definition),
                                               roleArn="arn:aws:iam::123456789012:role/Baker")["stateMachineArn"]
            print(sfn.start_execution(stateMachineArn=machine, name="from-boto3", input="{}")["executionArn"])
            """#
        let result = try ChildProcess.run("/usr/bin/env", ["python3", "-c", script, "http://127.0.0.1:\(port)"], timeout: 60)
        #expect(result.status == 0, "boto3 failed: \(result.stderr)")
        #expect(result.stdout.contains("execution:dough-check:from-boto3"))
        let screen = try tmux.waitFor("✓ SUCCEEDED")
        // The list's id column shows a name's first six characters.
        #expect(screen.contains("▸ from-b dough-check"))
        #expect(screen.contains("Graph: from-b dough-check"))
        for state in ["Weigh Dough", "Heavy Enough", "Knead", "Too Light"] { #expect(screen.contains(state), "the graph pane draws \(state)") }
        // Coloured by the run: the states it went through in the succeeded colour, the one it
        // did not reach in the default one.
        let coloured = try tmux.captureWithEscapes()
        #expect(Tmux.attributes(of: "✓ Knead · Succeed", in: coloured) == "32", "Knead in green")
        #expect(Tmux.attributes(of: "✓ Weigh Dough · Pass", in: coloured) == "32", "Weigh Dough in green")
        #expect(Tmux.attributes(of: "· Too Light · Fail", in: coloured) == "90", "Too Light, not reached, in grey")
        tmux.send("q")
        try tmux.waitForExit()
    }

    static func curl(_ arguments: [String]) throws -> String {
        try ChildProcess.run("/usr/bin/curl", arguments, timeout: 30).stdout
    }

    /// The status words at the end of the compare view's rows, top to bottom.
    static func outcomes(in screen: String) -> [String] {
        screen.split(separator: "\n").compactMap { line -> String? in
            guard line.contains(" errorOnStep") == false, line.hasPrefix(" #") || line.hasPrefix("▸#") else { return nil }
            for word in ["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"] where line.contains("✓ \(word)") || line.contains("✗ \(word)")
                || line.contains("⧖ \(word)") || line.contains("⊘ \(word)") { return word }
            return nil
        }
    }
}
