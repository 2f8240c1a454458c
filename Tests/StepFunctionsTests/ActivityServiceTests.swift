import ASL
import Engine
import Foundation
import LocalStepFunctions
import StepFunctions
import Store
import Testing

/// Activities through the seam's async API: created, described, listed, tagged, deleted and
/// kept by the store; GetActivityTask's long poll suspends its caller, never the loop.
@Suite("Activities through the local service")
struct ActivityServiceTests {
    static let arn = LocalARN.activity("oven")

    /// Poll limits that pass only when the test says so: no test waits on the wall clock.
    final class PollLimits: @unchecked Sendable {
        private let lock = NSLock()
        private var waiting: [@Sendable () -> Void] = []

        var limit: PollLimit {
            PollLimit { [self] expire in lock.withLock { waiting.append(expire) } }
        }

        /// Every poll limit started so far passes now.
        func pass() {
            let expired = lock.withLock { defer { waiting.removeAll() }; return waiting }
            for expire in expired { expire() }
        }
    }

    /// A service over an in-memory store whose poll limits the test ends, its loop on a thread of its own.
    final class Running: @unchecked Sendable {
        let engine = Engine(clock: .instant, startTime: 1_800_000_000)
        let store: EventStore
        let service: LocalStepFunctions
        private final class Flag: @unchecked Sendable { var stopped = false }
        private let flag = Flag()

        let pollLimits = PollLimits()

        init() throws {
            store = try EventStore.open(path: EventStore.memoryPath)
            service = LocalStepFunctions(engine: engine, registry: try StateMachineRegistry(store: store), activityPollLimit: pollLimits.limit)
            let (engine, flag) = (self.engine, self.flag)
            Thread { engine.scheduler.run(until: { flag.stopped }, waitForPosts: true) }.start()
        }

        /// Workers waiting on an activity (asked on the loop).
        func pollCount(_ arn: String) async -> Int {
            let engine = self.engine
            return await withCheckedContinuation { continuation in
                engine.scheduler.post { continuation.resume(returning: engine.activityPollCount(arn)) }
            }
        }

        func stop() {
            let flag = self.flag
            engine.scheduler.post { flag.stopped = true }
        }
    }

    @Test func activitiesAreCreatedDescribedListedTaggedAndDeleted() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let created = try await service.createActivity(name: "oven", tags: [ResourceTag(key: "team", value: "kitchen")])
        #expect(created.activityArn == "arn:aws:states:us-east-1:123456789012:activity:oven")
        // The same name again is the same activity, its tags as they were (AWS's idempotency).
        #expect(try await service.createActivity(name: "oven", tags: [ResourceTag(key: "team", value: "other")]) == created)
        #expect(try await service.listTagsForResource(arn: created.activityArn) == [ResourceTag(key: "team", value: "kitchen")])
        try await service.tagResource(arn: created.activityArn, tags: [ResourceTag(key: "shift", value: "night")])
        try await service.untagResource(arn: created.activityArn, keys: ["team"])
        #expect(try await service.listTagsForResource(arn: created.activityArn) == [ResourceTag(key: "shift", value: "night")])
        _ = try await service.createActivity(name: "fridge", tags: [])
        #expect(try await service.listActivities().map(\.name) == ["oven", "fridge"])
        #expect(try await service.describeActivity(arn: created.activityArn) == created)
        // Kept by the store: a registry over it lists them.
        #expect(try StateMachineRegistry(store: running.store).activities.map(\.name) == ["oven", "fridge"])
        try await service.deleteActivity(arn: created.activityArn)
        try await service.deleteActivity(arn: created.activityArn)
        await #expect(throws: ServiceError(.activityDoesNotExist, "Activity Does Not Exist: '\(created.activityArn)'")) {
            _ = try await service.describeActivity(arn: created.activityArn)
        }
        await #expect(throws: ServiceError.self) { _ = try await service.listTagsForResource(arn: created.activityArn) }
        #expect(try StateMachineRegistry(store: running.store).activities.map(\.name) == ["fridge"])
    }

    @Test func badNamesAndARNsAreRefusedAsAWSRefusesThem() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        await #expect(throws: ServiceError.self) { _ = try await service.createActivity(name: "no spaces", tags: []) }
        for bad in ["oven", "arn:aws:states:us-east-1:123456789012:stateMachine:oven"] {
            do {
                _ = try await service.describeActivity(arn: bad)
                Issue.record("\(bad) was accepted")
            } catch {
                #expect(error.kind == .invalidArn)
            }
        }
        do {
            _ = try await service.getActivityTask(activityArn: Self.arn, workerName: nil)
            Issue.record("a poll of an activity that does not exist was accepted")
        } catch {
            #expect(error.kind == .activityDoesNotExist)
        }
    }

    @Test func aLongPollWithoutATaskAnswersNothingAfterItsLimit() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        _ = try await service.createActivity(name: "oven", tags: [])
        async let idle = service.getActivityTask(activityArn: Self.arn, workerName: "idle")
        while await running.pollCount(Self.arn) == 0 { await Task.yield() }
        running.pollLimits.pass()
        #expect(try await idle == nil)
        #expect(await running.pollCount(Self.arn) == 0)
        // The poll that ended takes nothing: a task scheduled now waits for the next worker.
        let machine = try await service.createStateMachine(
            name: "bake", definition: #"{"StartAt": "Bake", "States": {"Bake": {"Type": "Task", "Resource": "\#(Self.arn)", "End": true}}}"#)
        let started = try await service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: ["pizza": 1]))
        let task = try #require(try await service.getActivityTask(activityArn: Self.arn, workerName: "late"))
        #expect(task.input == ["pizza": 1])
        try await service.sendTaskSuccess(token: task.taskToken, output: ["baked": true])
        let described = try await service.describeExecution(arn: started.executionArn)
        #expect(described.status == .succeeded)
        #expect(described.output == ["baked": true])
    }

    @Test func aWaitingPollIsAnsweredWhenATaskIsScheduled() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        _ = try await service.createActivity(name: "oven", tags: [])
        let machine = try await service.createStateMachine(
            name: "bake", definition: #"{"StartAt": "Bake", "States": {"Bake": {"Type": "Task", "Resource": "\#(Self.arn)", "End": true}}}"#)
        async let polled = service.getActivityTask(activityArn: Self.arn, workerName: "eager")
        // The poll is waiting on the loop (the loop itself goes on answering).
        while await running.pollCount(Self.arn) == 0 { await Task.yield() }
        let started = try await service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: ["pizza": 3]))
        let task = try #require(try await polled)
        #expect(task.input == ["pizza": 3])
        try await service.sendTaskFailure(token: task.taskToken, error: "Burnt", cause: "too hot")
        let page = try await service.getExecutionHistory(arn: started.executionArn, page: HistoryPageRequest())
        #expect(page.events.map(\.type.rawValue).contains("ActivityFailed"))
        #expect(page.events.first { $0.type == .activityStarted }?.details.workerName == "eager")
    }
}
