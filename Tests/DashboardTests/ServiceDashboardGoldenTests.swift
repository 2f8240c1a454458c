import ASL
import Engine
import Testing
@testable import Dashboard

/// What the dashboard draws for a service that is not the local engine, compared with
/// `Golden/dashboard-service-behind.WxH.txt`: the header names the endpoint and region and,
/// while the view is behind, says why at its right (`.status`); rows whose history is not read
/// yet show the list's status and duration (`listedStatus`, `listedStopDate`).
@Suite("Dashboard golden renders of a service")
struct ServiceDashboardGoldenTests {
    static let start = 1_700_000_000.0

    static func summary(_ name: String, startedAfter seconds: Double, listed status: ExecutionStatus?, stoppedAfter stop: Double? = nil) -> ExecutionSummary {
        // The service dashboard's id is the execution's name (its list has room: no label columns).
        var summary = ExecutionSummary(arn: "arn:aws:states:us-east-1:123456789012:execution:chain:\(name)", machineArn: machineArn("chain"),
                                       machineName: "chain", label: name, startDate: start + seconds, definitionKey: machineArn("chain"))
        summary.listedStatus = status
        summary.listedStopDate = stop.map { start + seconds + $0 }
        return summary
    }

    @Test func behindWithRowsNotReadYet() throws {
        for (width, height) in [(80, 24), (120, 40)] {
            let cache = ViewCache()
            var state = DashboardState(machines: [(machineArn("chain"), "chain", try GoldenFile.definition("chain"))], speed: .scaled(speed: 1),
                                       now: Self.start + 100, width: width, height: height)
            state.title = "PizzaDash — http://127.0.0.1:8080 (us-east-1)"
            // Long names that differ at their end, and a UUID: the id column shows both ends.
            for summary in [Self.summary("nightly-bake-2026-12-03-0001", startedAfter: 0, listed: .succeeded, stoppedAfter: 42),
                            Self.summary("nightly-bake-2026-12-03-0002", startedAfter: 10, listed: .failed, stoppedAfter: 7),
                            Self.summary("3f2a1c9e-5b7d-4e21-9c3a-8d6f0b1e2a47", startedAfter: 60, listed: .running)] {
                _ = reduce(&state, .executionStarted(summary), cache: cache)
            }
            _ = reduce(&state, .status("throttled, retrying in 4 s"), cache: cache)
            #expect(state.executions.map(\.status) == [.succeeded, .failed, .running])
            #expect(state.executions.map { $0.elapsed(now: state.now) } == [42, 7, 40])
            GoldenFile.check(render(state, cache: cache).text, against: "dashboard-service-behind.\(width)x\(height).txt")

            // Caught up: the help hint is back where there is room for it.
            _ = reduce(&state, .status(nil), cache: cache)
            let header = render(state, cache: cache).text.split(separator: "\n").first.map(String.init) ?? ""
            #expect(!header.contains("throttled"))
            if width >= 120 { #expect(header.hasSuffix(" ? help")) }
        }
    }

    /// Events, once read, decide over what the list said.
    @Test func theHistoryDecidesOnceRead() {
        var summary = Self.summary("redone", startedAfter: 0, listed: .failed, stoppedAfter: 5)
        summary.events = [HistoryEvent(id: 1, previousEventId: 0, timestamp: Self.start, type: .executionStarted)]
        #expect(summary.status == .running)
        #expect(summary.stopDate == nil)
    }
}
