import AppRuntime
import Dashboard
import Engine
import Foundation
import RemoteStepFunctions
import StepFunctions
import Testing

/// The dashboard of a remote service (``ServiceDashboardLoop`` over the remote client, unchanged)
/// against the real API server (`pizzadash serve --auth`, a process of its own): headless, each
/// turn awaiting the HTTP answers (never sleeping), the clock moved by hand.
@Suite(.serialized) struct RemoteDashboardTests {
    static let naps = #"{"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 100000, "End": true}}}"#

    @Test func anExecutionStartedThereLightsUpAndIsStoppedAfterConfirmation() async throws {
        // Real time, so that the Wait waits.
        let server = try ServeProcess.start(speed: "1")
        defer { server.stop() }
        let remote = server.client()
        let machine = try await remote.createStateMachine(name: "remote-naps", definition: Self.naps, type: "STANDARD",
                                                          roleArn: "arn:aws:iam::123456789012:role/RemoteTests")
        let started = try await remote.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "sleeper"))
        var now = Date().timeIntervalSince1970
        let title = ServiceDashboardApp.title(endpoint: server.url.absoluteString, region: "eu-west-1")
        let loop = ServiceDashboardLoop(service: remote, title: title, readOnly: false, confirmsActions: true, clock: { now })
        loop.send(.input(.resize(width: 120, height: 40)))
        await loop.settle()
        #expect(loop.state.execution(started.executionArn)?.status == .running)
        var screen = loop.frame(width: 120, height: 40, now: now).text
        #expect(screen.hasPrefix(" PizzaDash — \(server.url.absoluteString) (eu-west-1) "))
        #expect(screen.contains("Graph: sleeper remote-naps"))
        #expect(screen.contains("▶ Nap"), "the waiting state is not lit:\n\(screen)")

        loop.send(.input(.key(.character("s"))))
        #expect(loop.state.message == "Stop sleeper on the service? y: yes, any other key: no")
        loop.send(.input(.key(.character("y"))))
        await loop.settle()
        now += 1
        await loop.settle()
        #expect(try await remote.describeExecution(arn: started.executionArn).status == .aborted)
        #expect(loop.state.execution(started.executionArn)?.status == .aborted)
        screen = loop.frame(width: 120, height: 40, now: now).text
        #expect(screen.contains("⊘ ABORTED"))
        #expect(loop.state.statusLine == nil)
    }

    /// Over the real server, paged as the binary pages it (ListExecutions with maxResults and
    /// nextToken): the newest 100 first, the next page when the selection nears the end; each
    /// execution drawn with the definition it ran (DescribeStateMachineForExecution), also after
    /// an UpdateStateMachine; the id column shows the names.
    @Test func olderPagesAsYouScrollAndEachExecutionsOwnDefinition() async throws {
        let server = try ServeProcess.start()
        defer { server.stop() }
        let remote = server.client()
        let asking = #"{"StartAt": "Ask", "States": {"Ask": {"Type": "Pass", "End": true}}}"#
        let machine = try await remote.createStateMachine(name: "remote-pages", definition: asking, type: "STANDARD",
                                                          roleArn: "arn:aws:iam::123456789012:role/RemoteTests")
        let first = try await remote.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "first-of-many-executions-0000"))
        _ = try await remote.updateStateMachine(arn: machine.stateMachineArn, definition: asking.replacingOccurrences(of: "Ask", with: "Query"), roleArn: nil)
        for n in 1..<120 {
            _ = try await remote.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "run-\(n)"))
        }
        let now = 1_800_000_000.0
        let loop = ServiceDashboardLoop(service: remote, title: "PizzaDash — remote", readOnly: true, clock: { now })
        loop.send(.input(.resize(width: 120, height: 40)))
        await loop.settle()
        #expect(loop.state.executions.count == 100)
        #expect(loop.state.olderExecutions == .more)
        var screen = loop.frame(width: 120, height: 40, now: now).text
        #expect(screen.contains("Executions (100 loaded, more below)"))
        #expect(screen.contains("✓ Query"), "\(screen)")

        for _ in 0..<10 { loop.send(.input(.key(.pageDown))) }
        await loop.settle()
        #expect(loop.state.executions.count == 120)
        #expect(loop.state.olderExecutions == .none)
        for _ in 0..<3 { loop.send(.input(.key(.pageDown))) }
        await loop.settle()
        #expect(loop.state.selectedExecution?.arn == first.executionArn)
        screen = loop.frame(width: 120, height: 40, now: now).text
        #expect(screen.contains("Executions (120)"))
        #expect(screen.contains("Graph: first-of-m…ions-0000 remote-pages"))
        #expect(screen.contains("✓ Ask") && !screen.contains("Query"), "\(screen)")
        #expect(screen.contains("▸ first-of…ns-0000 remote-pa… ✓ SUCCEEDED"), "\(screen)")
    }

    /// A wrong secret: one line in the header (AWS's error), the dashboard goes on.
    @Test func aWrongSecretIsOneLine() async throws {
        let server = try ServeProcess.start()
        defer { server.stop() }
        let loop = ServiceDashboardLoop(service: server.client(secret: "wrong"), title: "PizzaDash — remote", readOnly: true,
                                        clock: { 1_800_000_000 })
        loop.send(.input(.resize(width: 120, height: 40)))
        await loop.settle()
        let status = try #require(loop.state.statusLine)
        #expect(status.hasPrefix("InvalidSignatureException: ") || status.hasPrefix("UnrecognizedClientException: "), "\(status)")
        #expect(status.hasSuffix("; retrying in 2 s") || status.contains("retrying in"))
        #expect(!status.contains("wrong"))
    }
}

/// The remote client answers ListExecutions a page at a time: the dashboard asks for one page
/// at a time, as in the binary (`Sources/pizzadash/RemotePaging.swift`).
extension RemoteStepFunctions: ExecutionPageListing {}
