import Engine
import Foundation
import RemoteStepFunctions
import StepFunctions
import Testing

/// The remote client against the real API server (`pizzadash serve --auth`): every read, start, stop and redrive through
/// HTTP, SigV4 and AWS JSON, and back into the seam's values.
@Suite(.serialized) struct RemoteClientTests {
    static let role = "arn:aws:iam::123456789012:role/RemoteTests"
    static let passes = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}}}"#
    static let fails = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Boom"}, "Boom": {"Type": "Fail", "Error": "Oven.Cold", "Cause": "no heat"}}}"#
    static let waits = #"{"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 100000, "End": true}}}"#
    static let naps = #"{"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 2, "Next": "Up"}, "Up": {"Type": "Pass", "End": true}}}"#

    /// Polls `condition` until it holds or 30 seconds have passed (the server runs in virtual time).
    func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(30)
        while try await !condition() {
            guard Date() < deadline else { Issue.record("timed out waiting for \(what)"); return }
            await Task.yield()
            try await Task.sleep(nanoseconds: 5_000_000)
        }
    }

    @Test func readsWhatItStartedThere() async throws {
        let server = try ServeProcess.start()
        defer { server.stop() }
        let remote = server.client()
        let machine = try await remote.createStateMachine(name: "remote-passes", definition: Self.passes, type: "STANDARD", roleArn: Self.role)
        #expect(machine.name == "remote-passes" && machine.definition == Self.passes && machine.roleArn == Self.role)
        let started = try await remote.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "first", input: ["n": 1]))
        var ended = try await remote.describeExecution(arn: started.executionArn)
        try await eventually("the execution's end") {
            ended = try await remote.describeExecution(arn: started.executionArn)
            return ended.status.isFinished
        }
        #expect(ended.status == .succeeded && ended.name == "first" && ended.input == ["n": 1] && ended.output == ["n": 1])
        #expect(try await remote.listStateMachines().contains { $0.stateMachineArn == machine.stateMachineArn })
        let listed = try await remote.listExecutions(stateMachineArn: machine.stateMachineArn, status: nil)
        #expect(listed.map(\.executionArn) == [started.executionArn])
        let forExecution = try await remote.describeStateMachineForExecution(executionArn: started.executionArn)
        #expect(forExecution.definition == Self.passes)
        let history = try await remote.wholeHistory(of: started.executionArn)
        #expect(history.first?.type == .executionStarted && history.last?.type == .executionSucceeded)
        #expect(history.map(\.id) == Array(1...history.count))
        #expect(try await remote.describeAllExecutions().map(\.executionArn).contains(started.executionArn))
    }

    @Test func pagesThroughListsAndHistory() async throws {
        let server = try ServeProcess.start()
        defer { server.stop() }
        let remote = server.client()
        let machine = try await remote.createStateMachine(name: "paged", definition: Self.passes, type: "STANDARD", roleArn: Self.role)
        for index in 0..<3 {
            _ = try await remote.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "run-\(index)"))
        }
        let first = try await remote.listExecutionsPage(stateMachineArn: machine.stateMachineArn, maxResults: 2)
        #expect(first.items.count == 2 && first.nextToken != nil)
        let rest = try await remote.listExecutionsPage(stateMachineArn: machine.stateMachineArn, maxResults: 2, nextToken: first.nextToken)
        #expect(rest.items.count == 1 && rest.nextToken == nil)
        let arn = first.items[0].executionArn
        try await eventually("the end") { try await remote.describeExecution(arn: arn).status.isFinished }
        let page = try await remote.getExecutionHistory(arn: arn, page: HistoryPageRequest(maxResults: 2))
        #expect(page.events.map(\.id) == [1, 2] && page.nextToken != nil)
        let newest = try await remote.getExecutionHistory(arn: arn, page: HistoryPageRequest(maxResults: 1, reverseOrder: true))
        #expect(newest.events.first?.type == .executionSucceeded)
    }

    @Test func theIncrementalReaderFetchesOnlyNewEvents() async throws {
        // Real time: the Wait state really waits, so the execution runs while it is read.
        let server = try ServeProcess.start(speed: "1")
        defer { server.stop() }
        let remote = server.client()
        let machine = try await remote.createStateMachine(name: "napping", definition: Self.waits, type: "STANDARD", roleArn: Self.role)
        let started = try await remote.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "nap"))
        var reader = IncrementalHistoryReader(executionArn: started.executionArn, pageSize: 1)
        var read: [HistoryEvent] = []
        try await eventually("the Wait state entered") {
            read += try await reader.readNew(from: remote)
            return read.contains { $0.type == .waitStateEntered }
        }
        #expect(try await reader.readNew(from: remote).isEmpty)
        _ = try await remote.stopExecution(arn: started.executionArn, error: "Napped.Too.Long", cause: "test")
        try await eventually("the abort read") {
            read += try await reader.readNew(from: remote)
            return reader.sawEnd
        }
        // Every event exactly once, in order, although each poll asked for one event at a time.
        #expect(read.map(\.id) == Array(1...read.count))
        #expect(read.last?.type == .executionAborted && read.last?.details.error == "Napped.Too.Long")
        // Aborted: redrivable, and the redrive answers its date.
        let redriven = try await remote.redriveExecution(arn: started.executionArn, clientToken: nil)
        #expect(redriven > 0)
    }

    @Test func watchTellsEachStateAndTheEnd() async throws {
        let server = try ServeProcess.start()
        defer { server.stop() }
        let remote = server.client()
        let machine = try await remote.createStateMachine(name: "failing", definition: Self.fails, type: "STANDARD", roleArn: Self.role)
        let started = try await remote.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "doomed"))
        let lines = LineLog()
        let ended = try await ExecutionWatch.follow(
            executionArn: started.executionArn, pace: PollPace(interval: 0.01),
            describe: { () async throws(ServiceError) in try await remote.describeExecution(arn: started.executionArn) },
            fetch: { page async throws(ServiceError) in try await remote.getExecutionHistory(arn: started.executionArn, page: page) },
            emit: lines.append)
        #expect(ended.status == .failed)
        let words = lines.all.map { $0.split(separator: " ").dropFirst().joined(separator: " ") }
        #expect(words.count == 5, "\(lines.all)")
        #expect(words.first == "entered A")
        #expect(words.dropFirst().first?.hasPrefix("left A ") == true)
        #expect(words.last == "FAILED Oven.Cold: no heat")
    }

    @Test func watchFollowsARunningExecutionLive() async throws {
        // Twenty times real time: the two-second Wait lasts a tenth of a second, read while it runs.
        let server = try ServeProcess.start(speed: "20")
        defer { server.stop() }
        let remote = server.client()
        let machine = try await remote.createStateMachine(name: "naps", definition: Self.naps, type: "STANDARD", roleArn: Self.role)
        let started = try await remote.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "nap"))
        let lines = LineLog()
        let ended = try await ExecutionWatch.follow(
            executionArn: started.executionArn, pace: PollPace(interval: 0.01),
            describe: { () async throws(ServiceError) in try await remote.describeExecution(arn: started.executionArn) },
            fetch: { page async throws(ServiceError) in try await remote.getExecutionHistory(arn: started.executionArn, page: page) },
            emit: lines.append)
        #expect(ended.status == .succeeded)
        let words = lines.all.map { $0.split(separator: " ").dropFirst().map(String.init) }
        #expect(words.map { $0.prefix(2).joined(separator: " ") } == ["entered Nap", "left Nap", "entered Up", "left Up", "SUCCEEDED"], "\(lines.all)")
        // The Wait's duration in the execution's time: at least its two seconds. The server's clock
        // runs at twenty times real time, so a millisecond late on the wall is 20 ms here.
        #expect(words[1].count == 3 && Double(words[1][2].dropLast()).map { $0 >= 2 && $0 < 3 } == true, "\(lines.all)")
    }

    @Test func testStateRunsOneStateThere() async throws {
        let server = try ServeProcess.start()
        defer { server.stop() }
        let definition = #"{"Type": "Pass", "Parameters": {"who.$": "$.name"}, "ResultPath": "$.greeting", "Next": "Done"}"#
        let answer = try await server.client().testState(TestStateInput(definition: definition, input: #"{"name": "Ada"}"#, inspectionLevel: .debug))
        #expect(answer.status == .succeeded && answer.nextState == "Done" && answer.output == ["name": "Ada", "greeting": ["who": "Ada"]])
        #expect(answer.inspection?.stateType == "Pass" && answer.inspection?.value(after: .afterParameters) == ["who": "Ada"])
        do throws(ServiceError) {
            _ = try await server.client().testState(TestStateInput(definition: "{"))
            Issue.record("a broken definition was tested")
        } catch {
            #expect(error.kind == .invalidDefinition)
        }
    }

    @Test func theFeedReportsWhatStartsAfterSubscribing() async throws {
        let server = try ServeProcess.start()
        defer { server.stop() }
        let remote = server.client()
        let before = try await remote.createStateMachine(name: "before", definition: Self.passes, type: "STANDARD", roleArn: Self.role)
        _ = try await remote.startExecution(StartExecutionInput(stateMachineArn: before.stateMachineArn, name: "old"))
        let changes = ChangeLog()
        let statuses = StatusLog()
        let subscription = await remote.subscribe({ changes.append($0) }, status: { statuses.append($0) })
        defer { subscription.cancel() }
        try await eventually("the baseline round") { statuses.all.contains(.current) }
        let after = try await remote.createStateMachine(name: "after", definition: Self.passes, type: "STANDARD", roleArn: Self.role)
        let started = try await remote.startExecution(StartExecutionInput(stateMachineArn: after.stateMachineArn, name: "new", input: ["x": true]))
        try await eventually("the new execution's end in the feed") {
            changes.all.contains { if case .events(let arn, let events) = $0 { arn == started.executionArn && events.contains { $0.type == .executionSucceeded } } else { false } }
        }
        let all = changes.all
        #expect(all.contains(.stateMachineCreated(StateMachineListItem(stateMachineArn: after.stateMachineArn, name: "after", creationDate: after.creationDate))))
        #expect(all.contains { if case .executionStarted(let item, let input) = $0 { item.executionArn == started.executionArn && input == ["x": true] } else { false } })
        // What existed at subscription is no news.
        #expect(!all.contains { if case .stateMachineCreated(let item) = $0 { item.name == "before" } else { false } })
        #expect(!all.contains { if case .executionStarted(let item, _) = $0 { item.name == "old" } else { false } })
    }
}

/// Thread-safe logs of what callbacks were given.
final class LineLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

final class ChangeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var changes: [ServiceChange] = []
    func append(_ change: ServiceChange) { lock.withLock { changes.append(change) } }
    var all: [ServiceChange] { lock.withLock { changes } }
}

final class StatusLog: @unchecked Sendable {
    private let lock = NSLock()
    private var statuses: [RemoteFeedStatus] = []
    func append(_ status: RemoteFeedStatus) { lock.withLock { statuses.append(status) } }
    var all: [RemoteFeedStatus] { lock.withLock { statuses } }
}
