import ASL
import Engine
import Foundation
import LocalStepFunctions
import StepFunctions
import Store
import Testing

/// The local service through the seam's async API, as a front end uses it: the engine's loop
/// runs on a thread of its own in virtual time (it waits for posted work, never sleeps).
@Suite("Local Step Functions service")
struct LocalServiceTests {
    static let passText = #"{"StartAt": "Greet", "States": {"Greet": {"Type": "Pass", "Parameters": {"hello.$": "$.name"}, "End": true}}}"#
    static let waitText = #"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}"#

    /// A service over a fresh in-memory store, its loop running until the test ends.
    final class Running: @unchecked Sendable {
        let engine = Engine(clock: .instant, startTime: 1_800_000_000)
        let service: LocalStepFunctions
        /// Read and set on the loop's thread only.
        private final class Flag: @unchecked Sendable { var stopped = false }
        private let flag = Flag()
        private let thread: Thread

        init() throws {
            let registry = try StateMachineRegistry(store: try EventStore.open(path: EventStore.memoryPath))
            service = LocalStepFunctions(engine: engine, registry: registry)
            let (engine, flag) = (self.engine, self.flag)
            thread = Thread { engine.scheduler.run(until: { flag.stopped }, waitForPosts: true) }
            thread.start()
        }

        func stop() {
            let flag = self.flag
            engine.scheduler.post { flag.stopped = true }
        }
    }

    @Test func stateMachinesAreCreatedDescribedListedUpdatedAndDeleted() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let created = try await service.createStateMachine(name: "greeter", definition: Self.passText)
        #expect(created.stateMachineArn == LocalARN.stateMachine("greeter"))
        #expect(try await service.listStateMachines().map(\.name) == ["greeter"])
        // The same definition again answers the machine; another one is refused.
        #expect(try await service.createStateMachine(name: "greeter", definition: Self.passText) == created)
        await #expect(throws: ServiceError(.stateMachineAlreadyExists, "State Machine Already Exists: '\(created.stateMachineArn)'")) {
            _ = try await service.createStateMachine(name: "greeter", definition: Self.waitText)
        }
        await #expect(throws: ServiceError.self) { _ = try await service.createStateMachine(name: "bad name", definition: Self.passText) }
        do {
            _ = try await service.createStateMachine(name: "broken", definition: #"{"StartAt": "Nowhere", "States": {}}"#)
            Issue.record("a definition without its start state was accepted")
        } catch {
            #expect(error.kind == .invalidDefinition)
        }
        let updated = try await service.updateStateMachine(arn: created.stateMachineArn, definition: Self.waitText)
        #expect(updated.definition == Self.waitText)
        try await service.deleteStateMachine(arn: created.stateMachineArn)
        await #expect(throws: ServiceError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(created.stateMachineArn)'")) {
            _ = try await service.describeStateMachine(arn: created.stateMachineArn)
        }
    }

    /// An EXPRESS machine: its type described and listed, its executions' ARNs `express:` ones;
    /// a type AWS does not know is refused as AWS refuses it.
    @Test func anExpressStateMachine() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let created = try await service.createStateMachine(name: "quick", definition: Self.passText, type: "EXPRESS")
        #expect(created.type == "EXPRESS")
        #expect(try await service.listStateMachines().map(\.type) == ["EXPRESS"])
        #expect(try await service.updateStateMachine(arn: created.stateMachineArn, definition: Self.passText).type == "EXPRESS")
        let started = try await service.startExecution(StartExecutionInput(stateMachineArn: created.stateMachineArn, name: "one", input: ["name": "x"]))
        #expect(started.executionArn.hasPrefix("arn:aws:states:us-east-1:123456789012:express:quick:one:"))
        await #expect(throws: ServiceError(.validation, "1 validation error detected: Value 'FAST' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]")) {
            _ = try await service.createStateMachine(name: "other", definition: Self.passText, type: "FAST")
        }
        // The same name with the other type is another machine: refused.
        await #expect(throws: ServiceError(.stateMachineAlreadyExists, "State Machine Already Exists: '\(created.stateMachineArn)'")) {
            _ = try await service.createStateMachine(name: "quick", definition: Self.passText)
        }
    }

    @Test func executionsRunAndTheirHistoryComesInPages() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let machine = try await service.createStateMachine(name: "greeter", definition: Self.passText)
        // StartSyncExecution runs only EXPRESS machines, as on AWS; `anyType` runs a STANDARD one to its end.
        await #expect(throws: ServiceError(.stateMachineTypeNotSupported, "This operation is not supported by this type of state machine")) {
            _ = try await service.startSyncExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "refused"))
        }
        let done = try await service.startSyncExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "first", input: ["name": "Ada"]),
                                                        anyType: true)
        #expect(done.status == .succeeded)
        #expect(done.output == ["hello": "Ada"])
        #expect(try await service.describeExecution(arn: done.executionArn) == done)
        await #expect(throws: ServiceError.self) {
            _ = try await service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "first"))
        }
        let listed = try await service.listExecutions(stateMachineArn: machine.stateMachineArn, status: .succeeded)
        #expect(listed.map(\.name) == ["first"])
        let first = try await service.getExecutionHistory(arn: done.executionArn, page: HistoryPageRequest(maxResults: 2))
        #expect(first.events.map(\.id) == [1, 2])
        let rest = try await service.getExecutionHistory(arn: done.executionArn, page: HistoryPageRequest(maxResults: 100, nextToken: first.nextToken))
        #expect(rest.events.first?.id == 3)
        #expect(rest.nextToken == nil)
        #expect(rest.events.last?.type == .executionSucceeded)
    }

    @Test func taskTokensAndStopAndTheFeed() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let changes = ChangeLog()
        let subscription = await service.subscribe { changes.append($0) }
        let machine = try await service.createStateMachine(name: "asker", definition: Self.waitText)
        let started = try await service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "one"))
        let page = try await service.getExecutionHistory(arn: started.executionArn, page: HistoryPageRequest())
        let tokens = page.events.compactMap { $0.details.parameters?["MessageBody"]?["token"]?.stringValue }
        let token = try #require(tokens.first)
        try await service.sendTaskHeartbeat(token: token)
        try await service.sendTaskSuccess(token: token, output: ["ok": true])
        #expect(try await service.describeExecution(arn: started.executionArn).status == .succeeded)
        await #expect(throws: ServiceError.self) { try await service.sendTaskSuccess(token: token, output: [:]) }

        let second = try await service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "two"))
        _ = try await service.stopExecution(arn: second.executionArn, error: "Bored", cause: "nobody answers")
        #expect(try await service.describeExecution(arn: second.executionArn).status == .aborted)
        subscription.cancel()

        let seen = changes.all
        #expect(seen.first == .stateMachineCreated(StateMachineListItem(stateMachineArn: machine.stateMachineArn, name: "asker", creationDate: 1_800_000_000)))
        let startedNames = seen.compactMap { change -> String? in if case .executionStarted(let item, _) = change { return item.name } else { return nil } }
        #expect(startedNames == ["one", "two"])
        let terminal = seen.compactMap { change -> HistoryEventType? in
            if case .events(_, let events) = change { return events.last { $0.type.isTerminal }?.type } else { return nil }
        }
        #expect(terminal == [.executionSucceeded, .executionAborted])
    }

    /// DeleteStateMachine while an execution runs, as AWS documents it: the machine is DELETING
    /// (described so; starts and updates refused with StateMachineDeleting), the execution fails at
    /// its next state transition, and then the machine is gone; also across a restart.
    @Test func aMachineWithARunningExecutionIsDeletingUntilItEnds() async throws {
        let askThenGreet = #"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "Next": "Greet"}, "Greet": {"Type": "Pass", "End": true}}}"#
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let machine = try await service.createStateMachine(name: "asker", definition: askThenGreet)
        let started = try await service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "one"))
        try await service.deleteStateMachine(arn: machine.stateMachineArn)
        #expect(try await service.describeStateMachine(arn: machine.stateMachineArn).status == "DELETING")
        let deleting = ServiceError(.stateMachineDeleting, "State Machine is being deleted: '\(machine.stateMachineArn)'")
        await #expect(throws: deleting) { _ = try await service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "two")) }
        await #expect(throws: deleting) { _ = try await service.updateStateMachine(arn: machine.stateMachineArn, definition: Self.passText) }
        await #expect(throws: deleting) { _ = try await service.createStateMachine(name: "asker", definition: askThenGreet) }
        // Deleting again changes nothing.
        try await service.deleteStateMachine(arn: machine.stateMachineArn)
        #expect(try await service.describeExecution(arn: started.executionArn).status == .running)

        // The task's answer ends its state; the transition to Greet fails the execution.
        let page = try await service.getExecutionHistory(arn: started.executionArn, page: HistoryPageRequest())
        let tokens = page.events.compactMap { $0.details.parameters?["MessageBody"]?["token"]?.stringValue }
        let token = try #require(tokens.first)
        try await service.sendTaskSuccess(token: token, output: ["ok": true])
        let ended = try await service.describeExecution(arn: started.executionArn)
        #expect(ended.status == .failed)
        #expect(ended.error == "States.Runtime")
        #expect(ended.cause == "State machine asker has been deleted.")
        let events = try await service.getExecutionHistory(arn: started.executionArn, page: HistoryPageRequest()).events
        #expect(events.suffix(2).map(\.type) == [.taskStateExited, .executionFailed])
        await #expect(throws: ServiceError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(machine.stateMachineArn)'")) {
            _ = try await service.describeStateMachine(arn: machine.stateMachineArn)
        }
        // The name is free again, and a machine without running executions goes at once.
        let again = try await service.createStateMachine(name: "asker", definition: Self.passText)
        _ = try await service.startExecution(StartExecutionInput(stateMachineArn: again.stateMachineArn, name: "three"))
        #expect(try await service.describeStateMachine(arn: again.stateMachineArn).status == "ACTIVE")
        try await service.deleteStateMachine(arn: again.stateMachineArn)
        #expect(try await service.listStateMachines().isEmpty)
    }

    /// DescribeStateMachineForExecution answers the definition the execution started with, also
    /// for an EXPRESS one (which the store does not keep) after the machine was updated.
    @Test func anExpressExecutionKeepsTheDefinitionItRan() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let machine = try await service.createStateMachine(name: "quick", definition: Self.passText, type: "EXPRESS")
        let done = try await service.startSyncExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: ["name": "Ada"]))
        let updated = #"{"StartAt": "Other", "States": {"Other": {"Type": "Pass", "End": true}}}"#
        _ = try await service.updateStateMachine(arn: machine.stateMachineArn, definition: updated)
        #expect(try await service.describeStateMachineForExecution(executionArn: done.executionArn).definition == Self.passText)
        let again = try await service.startSyncExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn))
        #expect(try await service.describeStateMachineForExecution(executionArn: again.executionArn).definition == updated)
    }

    /// A store closed while a machine was DELETING: its execution, resumed, fails at its next
    /// transition and the machine goes; one whose executions had all ended goes at once.
    @Test func deletingSurvivesARestart() throws {
        let askThenGreet = #"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "Next": "Greet"}, "Greet": {"Type": "Pass", "End": true}}}"#
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("deleting-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let store = try EventStore.open(path: path)
            let engine = Engine(clock: .instant, startTime: 1_800_000_000)
            let service = LocalStepFunctions(engine: engine, registry: try StateMachineRegistry(store: store))
            let recorder = store.attach(to: engine)
            let machine = try service.onLoop.createStateMachine(name: "asker", definition: askThenGreet)
            let started = try service.onLoop.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "one"))
            // Instant time: runs until the task waits for its token.
            engine.runUntilFinished(try #require(engine.execution(started.executionArn)))
            try service.onLoop.deleteStateMachine(arn: machine.stateMachineArn)
            recorder.flush()
            store.close()
        }
        let store = try EventStore.open(path: path)
        let registry = try StateMachineRegistry(store: store)
        #expect(registry.deletingArns == [LocalARN.stateMachine("asker")])
        let engine = Engine(clock: .instant, startTime: 1_800_000_100)
        let service = LocalStepFunctions(engine: engine, registry: registry)
        _ = try store.restore(into: engine) { registry.definition($0) }
        service.finishDeletions()
        #expect(try service.onLoop.describeStateMachine(arn: LocalARN.stateMachine("asker")).status == "DELETING")
        let arn = LocalARN.execution(machine: "asker", name: "one")
        let execution = try #require(engine.execution(arn))
        engine.runUntilFinished(execution) // resumed: it waits for its token again
        let tokens = execution.history.compactMap { $0.details.parameters?["MessageBody"]?["token"]?.stringValue }
        let token = try #require(tokens.first)
        try service.onLoop.sendTaskSuccess(token: token, output: [:])
        engine.scheduler.run(until: { execution.status.isFinished })
        #expect(execution.status == .failed)
        #expect(registry.stored(LocalARN.stateMachine("asker")) == nil)
        #expect(try EventStore.open(path: path, access: .readOnly).loadStateMachines().isEmpty)
    }
}

/// Changes the feed delivered (on the loop's thread), read by the test afterwards.
final class ChangeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var changes: [ServiceChange] = []
    func append(_ change: ServiceChange) { lock.withLock { changes.append(change) } }
    var all: [ServiceChange] { lock.withLock { changes } }
}
