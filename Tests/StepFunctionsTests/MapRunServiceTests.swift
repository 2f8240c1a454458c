import ASL
import Engine
import Foundation
import LocalStepFunctions
import StepFunctions
import Store
import Testing

/// Distributed Maps' Map Runs through the seam: DescribeMapRun, ListMapRuns, UpdateMapRun (live
/// concurrency and thresholds), the children listed by ListExecutions with `mapRunArn` and
/// described with their `mapRunArn`, AWS's errors, and the records kept across a restart.
/// In virtual time: children wait for task tokens the test sends, nothing sleeps.
@Suite("Map Runs through the service")
struct MapRunServiceTests {
    /// A distributed Map labelled `Each` whose children each wait for a task token.
    static func definition(_ settings: String) -> String {
        #"""
        {"StartAt": "M", "States": {"M": {"Type": "Map", "Label": "Each", \#(settings) "End": true,
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Ask",
            "States": {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
              "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token", "item.$": "$"}}, "End": true}}}}}}
        """#
    }

    /// A service over `store`, its loop on a thread of its own until ``stop()`` (which waits for it to end).
    final class Running: @unchecked Sendable {
        let engine: Engine
        let service: LocalStepFunctions
        let recorder: StoreRecorder
        let restored: RestoreReport
        private final class Flag: @unchecked Sendable { var stopped = false }
        private let flag = Flag()
        private let ended = DispatchSemaphore(value: 0)

        init(store: EventStore, startTime: Double = 1_800_000_000) throws {
            engine = Engine(clock: .instant, startTime: startTime)
            let registry = try StateMachineRegistry(store: store)
            restored = try store.restore(into: engine, definitionFallback: { registry.definition($0) })
            recorder = store.attach(to: engine)
            service = LocalStepFunctions(engine: engine, registry: registry)
            let (engine, flag, ended) = (self.engine, self.flag, self.ended)
            Thread {
                engine.scheduler.run(until: { flag.stopped }, waitForPosts: true)
                ended.signal()
            }.start()
        }

        func stop() {
            let (flag, recorder) = (self.flag, self.recorder)
            engine.scheduler.post {
                recorder.flush()
                flag.stopped = true
            }
            ended.wait()
        }
    }

    /// The task tokens the running children of a Map Run wait with, oldest child first.
    static func tokens(_ service: any StepFunctionsService, mapRunArn: String) async throws -> [String] {
        var tokens: [String] = []
        for child in try await service.listExecutions(mapRunArn: mapRunArn, status: .running, redriveFilter: nil).reversed() {
            let events = try await service.getExecutionHistory(arn: child.executionArn, page: HistoryPageRequest(maxResults: 1000)).events
            tokens += events.compactMap { $0.details.parameters?["MessageBody"]?["token"]?.stringValue }
        }
        return tokens
    }

    @Test func aMapRunIsDescribedListedAndUpdatedWhileItRuns() async throws {
        let running = try Running(store: try EventStore.open(path: EventStore.memoryPath))
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let machine = try await service.createStateMachine(name: "mapper", definition: Self.definition(#""MaxConcurrency": 1, "ToleratedFailureCount": 1,"#))
        let started = try await service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "one", input: [1, 2, 3]))

        let listed = try await service.listMapRuns(executionArn: started.executionArn)
        #expect(listed.count == 1)
        let mapRunArn = try #require(listed.first?.mapRunArn)
        #expect(mapRunArn.hasPrefix("arn:aws:states:us-east-1:123456789012:mapRun:mapper/Each:"))
        let history = try await service.getExecutionHistory(arn: started.executionArn, page: HistoryPageRequest()).events
        #expect(history.first { $0.type == .mapRunStarted }?.details.mapRunArn == mapRunArn)

        var described = try await service.describeMapRun(arn: mapRunArn)
        #expect(described.executionArn == started.executionArn)
        #expect(described.stateMachineArn == "arn:aws:states:us-east-1:123456789012:stateMachine:mapper/Each")
        #expect(described.status == .running)
        #expect(described.startDate == 1_800_000_000)
        #expect(described.stopDate == nil)
        #expect(described.maxConcurrency == 1)
        #expect(described.toleratedFailureCount == 1)
        #expect(described.toleratedFailurePercentage == 0)
        #expect(described.itemCounts == MapRunCounts(pending: 2, running: 1, total: 3))
        #expect(described.executionCounts == MapRunCounts(running: 1, total: 1))
        #expect(described.redriveCount == 0 && described.redriveDate == nil)

        // The children: listed by their Map Run only, described with it.
        var children = try await service.listExecutions(mapRunArn: mapRunArn, status: nil, redriveFilter: nil)
        #expect(children.count == 1)
        let child = try #require(children.first)
        #expect(child.executionArn.hasPrefix("arn:aws:states:us-east-1:123456789012:execution:mapper/Each:"))
        #expect(child.mapRunArn == mapRunArn)
        #expect(try await service.listExecutions(stateMachineArn: machine.stateMachineArn, status: nil).map(\.executionArn) == [started.executionArn])
        let childDescription = try await service.describeExecution(arn: child.executionArn)
        #expect(childDescription.mapRunArn == mapRunArn)
        #expect(childDescription.stateMachineArn == "arn:aws:states:us-east-1:123456789012:stateMachine:mapper/Each")
        #expect(childDescription.status == .running)
        #expect(childDescription.input == 1)
        #expect(try await service.describeExecution(arn: started.executionArn).mapRunArn == nil)
        // Its machine: the Map state's ItemProcessor, with the Map Run and the label.
        let childMachine = try await service.describeStateMachineForExecution(executionArn: child.executionArn)
        #expect(childMachine.stateMachineArn == childDescription.stateMachineArn)
        #expect(childMachine.name == "mapper/Each")
        #expect(childMachine.label == "Each")
        #expect(childMachine.mapRunArn == mapRunArn)
        let processor = try JSONValue(parsing: Self.definition(""))["States"]?["M"]?["ItemProcessor"]
        #expect(try JSONValue(parsing: childMachine.definition) == processor)
        #expect(try await service.describeStateMachineForExecution(executionArn: started.executionArn).mapRunArn == nil)

        // A wider concurrency starts the pending items at once.
        try await service.updateMapRun(arn: mapRunArn, maxConcurrency: 3, toleratedFailurePercentage: nil, toleratedFailureCount: nil)
        described = try await service.describeMapRun(arn: mapRunArn)
        #expect(described.maxConcurrency == 3)
        #expect(described.itemCounts == MapRunCounts(running: 3, total: 3))
        #expect(described.executionCounts == MapRunCounts(running: 3, total: 3))
        children = try await service.listExecutions(mapRunArn: mapRunArn, status: nil, redriveFilter: nil)
        #expect(children.count == 3)
        #expect(children.last?.executionArn == child.executionArn, "newest first")

        // One failure is tolerated.
        let tokens = try await Self.tokens(service, mapRunArn: mapRunArn)
        #expect(tokens.count == 3)
        try await service.sendTaskFailure(token: tokens[1], error: "Burnt", cause: "too hot")
        try await service.sendTaskSuccess(token: tokens[0], output: "a")
        try await service.sendTaskSuccess(token: tokens[2], output: "c")
        described = try await service.describeMapRun(arn: mapRunArn)
        #expect(described.status == .succeeded)
        #expect(described.stopDate != nil)
        #expect(described.itemCounts == MapRunCounts(succeeded: 2, failed: 1, total: 3))
        #expect(described.executionCounts == MapRunCounts(succeeded: 2, failed: 1, total: 3))
        #expect(try await service.listMapRuns(executionArn: started.executionArn).first?.stopDate == described.stopDate)
        #expect(try await service.describeExecution(arn: started.executionArn).status == .succeeded)
        #expect(try await service.listExecutions(mapRunArn: mapRunArn, status: .failed, redriveFilter: nil).count == 1)
        let failedChild = try #require(try await service.listExecutions(mapRunArn: mapRunArn, status: .failed, redriveFilter: nil).first)
        let failedDescription = try await service.describeExecution(arn: failedChild.executionArn)
        #expect(failedDescription.error == "Burnt")
        #expect(failedDescription.redriveStatus == .redrivableByMapRun)
        await #expect(throws: ServiceError.self) { _ = try await service.redriveExecution(arn: failedChild.executionArn, clientToken: nil) }

        // An ended Map Run cannot be updated.
        await #expect(throws: ServiceError(.validation, "Map Run is not in RUNNING status and cannot be updated: '\(mapRunArn)' is SUCCEEDED")) {
            try await service.updateMapRun(arn: mapRunArn, maxConcurrency: 5, toleratedFailurePercentage: nil, toleratedFailureCount: nil)
        }
    }

    @Test func loweringTheToleratedFailuresFailsTheRunningMapRun() async throws {
        let running = try Running(store: try EventStore.open(path: EventStore.memoryPath))
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let machine = try await service.createStateMachine(name: "mapper", definition: Self.definition(#""ToleratedFailurePercentage": 50,"#))
        let started = try await service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: [1, 2, 3]))
        let mapRunArn = try #require(try await service.listMapRuns(executionArn: started.executionArn).first?.mapRunArn)
        #expect(try await service.describeMapRun(arn: mapRunArn).toleratedFailurePercentage == 50)
        let tokens = try await Self.tokens(service, mapRunArn: mapRunArn)
        try await service.sendTaskFailure(token: tokens[0], error: "Burnt", cause: "")
        #expect(try await service.describeMapRun(arn: mapRunArn).status == .running, "one of three is 33%, under 50%")

        try await service.updateMapRun(arn: mapRunArn, maxConcurrency: nil, toleratedFailurePercentage: 10, toleratedFailureCount: nil)
        let described = try await service.describeMapRun(arn: mapRunArn)
        #expect(described.status == .failed)
        #expect(described.toleratedFailurePercentage == 10)
        #expect(described.itemCounts == MapRunCounts(failed: 1, aborted: 2, total: 3))
        #expect(described.executionCounts == MapRunCounts(failed: 1, aborted: 2, total: 3))
        let parent = try await service.describeExecution(arn: started.executionArn)
        #expect(parent.status == .failed)
        #expect(parent.error == "States.ExceedToleratedFailureThreshold")
    }

    @Test func stoppingTheParentAbortsTheMapRun() async throws {
        let running = try Running(store: try EventStore.open(path: EventStore.memoryPath))
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let machine = try await service.createStateMachine(name: "mapper", definition: Self.definition(#""MaxConcurrency": 2,"#))
        let started = try await service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: [1, 2, 3]))
        let mapRunArn = try #require(try await service.listMapRuns(executionArn: started.executionArn).first?.mapRunArn)
        _ = try await service.stopExecution(arn: started.executionArn, error: nil, cause: nil)
        let described = try await service.describeMapRun(arn: mapRunArn)
        #expect(described.status == .aborted)
        #expect(described.itemCounts == MapRunCounts(pending: 1, aborted: 2, total: 3))
        #expect(described.executionCounts == MapRunCounts(aborted: 2, total: 2))
    }

    @Test func errorsAreAWSs() async throws {
        let running = try Running(store: try EventStore.open(path: EventStore.memoryPath))
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let machine = try await service.createStateMachine(name: "mapper", definition: Self.definition(""))
        let started = try await service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: [1]))
        let mapRunArn = try #require(try await service.listMapRuns(executionArn: started.executionArn).first?.mapRunArn)

        let unknown = LocalARN.mapRun("mapper/Each", id: "00000000-0000-4000-8000-000000000000")
        await #expect(throws: ServiceError(.resourceNotFound, "Resource not found: '\(unknown)'")) { _ = try await service.describeMapRun(arn: unknown) }
        await #expect(throws: ServiceError(.resourceNotFound, "Resource not found: '\(unknown)'")) {
            _ = try await service.listExecutions(mapRunArn: unknown, status: nil, redriveFilter: nil)
        }
        await #expect(throws: ServiceError(.resourceNotFound, "Resource not found: '\(unknown)'")) {
            try await service.updateMapRun(arn: unknown, maxConcurrency: 1, toleratedFailurePercentage: nil, toleratedFailureCount: nil)
        }
        for malformed in ["nonsense", started.executionArn, machine.stateMachineArn] {
            await #expect(throws: ServiceError.self) { _ = try await service.describeMapRun(arn: malformed) }
            do { _ = try await service.describeMapRun(arn: malformed) } catch { #expect(error.kind == .invalidArn) }
        }
        do {
            try await service.updateMapRun(arn: mapRunArn, maxConcurrency: nil, toleratedFailurePercentage: 101, toleratedFailureCount: nil)
            Issue.record("a percentage over 100 was accepted")
        } catch {
            #expect(error == ServiceError(.validation, "1 validation error detected: Value '101.0' at 'toleratedFailurePercentage' failed to satisfy constraint: Member must have value less than or equal to 100"))
        }
        await #expect(throws: ServiceError.self) {
            try await service.updateMapRun(arn: mapRunArn, maxConcurrency: nil, toleratedFailurePercentage: nil, toleratedFailureCount: nil)
        }
        let missing = LocalARN.execution(machine: "mapper", name: "missing")
        await #expect(throws: ServiceError(.executionDoesNotExist, "Execution Does Not Exist: '\(missing)'")) {
            _ = try await service.listMapRuns(executionArn: missing)
        }
        do { _ = try await service.listMapRuns(executionArn: "nonsense") } catch { #expect(error.kind == .invalidArn) }
        // Nothing changed by the refused calls.
        let described = try await service.describeMapRun(arn: mapRunArn)
        #expect(described.maxConcurrency == 0 && described.toleratedFailurePercentage == 0 && described.toleratedFailureCount == 0)
    }

    @Test func mapRunsAndTheirChildrenAreKeptAcrossARestart() async throws {
        let store = try EventStore.open(path: EventStore.memoryPath)
        let first = try Running(store: store)
        var service: any StepFunctionsService = first.service
        let machine = try await service.createStateMachine(name: "mapper", definition: Self.definition(""))
        let done = try await service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "done", input: [1, 2]))
        let doneRun = try #require(try await service.listMapRuns(executionArn: done.executionArn).first?.mapRunArn)
        for token in try await Self.tokens(service, mapRunArn: doneRun) { try await service.sendTaskSuccess(token: token, output: "ok") }
        let waiting = try await service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "waiting", input: [1]))
        let waitingRun = try #require(try await service.listMapRuns(executionArn: waiting.executionArn).first?.mapRunArn)
        let before = try await service.describeMapRun(arn: doneRun)
        let childrenBefore = try await service.listExecutions(mapRunArn: doneRun, status: nil, redriveFilter: nil)
        let childBefore = try await service.describeExecution(arn: try #require(childrenBefore.first?.executionArn))
        first.stop()

        let second = try Running(store: store, startTime: 1_800_000_100)
        defer { second.stop() }
        service = second.service
        let after = try await service.describeMapRun(arn: doneRun)
        #expect(after == before, "\(after) is not \(before)")
        let childrenAfter = try await service.listExecutions(mapRunArn: doneRun, status: nil, redriveFilter: nil)
        #expect(childrenAfter == childrenBefore, "\(childrenAfter) is not \(childrenBefore)")
        #expect(try await service.describeExecution(arn: childBefore.executionArn) == childBefore)
        #expect(try await service.describeStateMachineForExecution(executionArn: childBefore.executionArn).label == "Each")
        // The Map Run that was running ended with the process; the resumed parent starts a new one.
        let ended = try await service.describeMapRun(arn: waitingRun)
        #expect(ended.status == .aborted)
        #expect(ended.executionCounts == MapRunCounts(aborted: 1, total: 1))
        let runs = try await service.listMapRuns(executionArn: waiting.executionArn)
        #expect(runs.count == 2)
        #expect(runs.last?.mapRunArn == waitingRun)
        #expect(try await service.describeMapRun(arn: try #require(runs.first?.mapRunArn)).status == .running)
    }

    /// The token each running child of a Map Run waits with now (its latest task's), by child ARN.
    static func latestTokens(_ service: any StepFunctionsService, mapRunArn: String) async throws -> [String: String] {
        var tokens: [String: String] = [:]
        for child in try await service.listExecutions(mapRunArn: mapRunArn, status: .running, redriveFilter: nil) {
            let events = try await service.getExecutionHistory(arn: child.executionArn, page: HistoryPageRequest(maxResults: 1000)).events
            tokens[child.executionArn] = events.compactMap { $0.details.parameters?["MessageBody"]?["token"]?.stringValue }.last
        }
        return tokens
    }

    /// AWS's "Redriving Map Runs": the parent's redrive runs its failed Map Run again, the same Map
    /// Run: the succeeded child keeps its output, the failed and the aborted STANDARD children are
    /// redriven in place (same ARNs, ExecutionRedriven in their histories), no child is added.
    @Test func redrivingTheParentRedrivesItsFailedMapRun() async throws {
        let running = try Running(store: try EventStore.open(path: EventStore.memoryPath))
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let machine = try await service.createStateMachine(name: "mapper", definition: Self.definition(""))
        let started = try await service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "one", input: [1, 2, 3]))
        let mapRunArn = try #require(try await service.listMapRuns(executionArn: started.executionArn).first?.mapRunArn)
        let children = try await service.listExecutions(mapRunArn: mapRunArn, status: nil, redriveFilter: nil).reversed().map(\.executionArn)
        #expect(children.count == 3)
        let tokens = try await Self.latestTokens(service, mapRunArn: mapRunArn)
        // The first child succeeds, the second fails (nothing tolerated: the run fails and the third is aborted).
        try await service.sendTaskSuccess(token: try #require(tokens[children[0]]), output: ["done": 1])
        try await service.sendTaskFailure(token: try #require(tokens[children[1]]), error: "Oven.Cold", cause: "not hot yet")
        var parent = try await service.describeExecution(arn: started.executionArn)
        #expect(parent.status == .failed)
        #expect(try await service.describeMapRun(arn: mapRunArn).status == .failed)
        #expect(try await service.describeExecution(arn: children[2]).status == .aborted)

        _ = try await service.redriveExecution(arn: started.executionArn, clientToken: nil)
        let redriven = try await service.describeMapRun(arn: mapRunArn)
        #expect(redriven.status == .running)
        #expect(redriven.redriveCount == 1)
        #expect(redriven.redriveDate != nil)
        let history = try await service.getExecutionHistory(arn: started.executionArn, page: HistoryPageRequest(maxResults: 1000)).events
        let redrivenEvent = try #require(history.first { $0.type == .mapRunRedriven })
        #expect(redrivenEvent.details.mapRunArn == mapRunArn)
        #expect(redrivenEvent.details.redriveCount == 1)
        #expect(history.filter { $0.type == .mapRunStarted }.count == 1)
        #expect(history.filter { $0.type == .mapStateStarted }.map(\.details.length) == [3, 3])
        #expect(try await service.listMapRuns(executionArn: started.executionArn).count == 1)

        let again = try await Self.latestTokens(service, mapRunArn: mapRunArn)
        #expect(Set(again.keys) == [children[1], children[2]])
        try await service.sendTaskSuccess(token: try #require(again[children[1]]), output: ["done": 2])
        try await service.sendTaskSuccess(token: try #require(again[children[2]]), output: ["done": 3])
        parent = try await service.describeExecution(arn: started.executionArn)
        #expect(parent.status == .succeeded)
        #expect(parent.output == [["done": 1], ["done": 2], ["done": 3]])
        #expect(try await service.listExecutions(mapRunArn: mapRunArn, status: nil, redriveFilter: nil).count == 3)
        let child = try await service.getExecutionHistory(arn: children[1], page: HistoryPageRequest(maxResults: 1000)).events
        #expect(child.filter { $0.type == .executionRedriven }.count == 1)
        #expect(try await service.describeExecution(arn: children[1]).redriveCount == 1)
        let first = try await service.getExecutionHistory(arn: children[0], page: HistoryPageRequest(maxResults: 1000)).events
        #expect(!first.contains { $0.type == .executionRedriven })
        let ended = try await service.describeMapRun(arn: mapRunArn)
        #expect(ended.status == .succeeded)
        #expect(ended.itemCounts.succeeded == 3)
        #expect(ended.itemCounts.total == 3)
        #expect(ended.executionCounts.succeeded == 3)
        #expect(ended.executionCounts.failed == 0)
        #expect(ended.executionCounts.total == 3)
    }

    /// EXPRESS children are not redriven: the Map Run's redrive starts the unsuccessful ones anew
    /// (AWS reruns them with StartExecution), beside the ones that failed.
    @Test func aRedrivenMapRunStartsItsUnsuccessfulExpressChildrenAnew() async throws {
        let running = try Running(store: try EventStore.open(path: EventStore.memoryPath))
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let express = Self.definition("").replacingOccurrences(of: #""ExecutionType": "STANDARD""#, with: #""ExecutionType": "EXPRESS""#)
        let machine = try await service.createStateMachine(name: "quick-mapper", definition: express)
        let started = try await service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "one", input: [1, 2]))
        let mapRunArn = try #require(try await service.listMapRuns(executionArn: started.executionArn).first?.mapRunArn)
        let children = try await service.listExecutions(mapRunArn: mapRunArn, status: nil, redriveFilter: nil).reversed().map(\.executionArn)
        let tokens = try await Self.latestTokens(service, mapRunArn: mapRunArn)
        try await service.sendTaskSuccess(token: try #require(tokens[children[0]]), output: "a")
        try await service.sendTaskFailure(token: try #require(tokens[children[1]]), error: "Flaky", cause: "once")
        #expect(try await service.describeExecution(arn: started.executionArn).status == .failed)

        _ = try await service.redriveExecution(arn: started.executionArn, clientToken: nil)
        let again = try await Self.latestTokens(service, mapRunArn: mapRunArn)
        let rerun = try #require(again.keys.first)
        #expect(again.count == 1)
        #expect(!children.contains(rerun))
        try await service.sendTaskSuccess(token: try #require(again[rerun]), output: "b")
        let parent = try await service.describeExecution(arn: started.executionArn)
        #expect(parent.status == .succeeded)
        #expect(parent.output == ["a", "b"])
        #expect(try await service.describeExecution(arn: children[1]).status == .failed)
        let ended = try await service.describeMapRun(arn: mapRunArn)
        #expect(ended.redriveCount == 1)
        #expect(ended.itemCounts.succeeded == 2)
        #expect(ended.executionCounts.total == 3)
        #expect(ended.executionCounts.failed == 1)
    }
}
