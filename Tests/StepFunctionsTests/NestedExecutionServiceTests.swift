import ASL
import Engine
import Foundation
import LocalStepFunctions
import StepFunctions
import Testing

/// Task states on `arn:aws:states:::states:startExecution` through the seam: the child is a real
/// execution of a registered machine (listed, described, with its own `$$.Execution.Id`), in the
/// four patterns, with AWS's results, errors and history events (virtual time, never sleeping).
@Suite("Nested executions (states:startExecution)")
struct NestedExecutionServiceTests {
    typealias Running = LocalServiceTests.Running

    /// The child: says who it is and who started it.
    static let childText = #"{"StartAt": "Who", "States": {"Who": {"Type": "Pass", "Parameters": {"me.$": "$$.Execution.Id", "by.$": "$.AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID", "name.$": "$.name"}, "End": true}}}"#
    static let failingText = #"{"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Kitchen.Fire", "Cause": "the oven"}}}"#
    static let slowText = #"{"TimeoutSeconds": 5, "StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 60, "End": true}}}"#
    /// A child that waits for a callback nobody sends.
    static let waitingText = #"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}"#

    /// A parent whose one Task starts `child` with `suffix`'s pattern.
    static func parent(_ suffix: String, child: String, name: String? = nil, extra: String = "") -> String {
        let nameField = name.map { #", "Name": "\#($0)""# } ?? ""
        return #"{"StartAt": "Nest", "States": {"Nest": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution\#(suffix)", "Parameters": {"StateMachineArn": "\#(LocalARN.stateMachine(child))", "Input": {"name.$": "$.name", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"\#(extra)}\#(nameField)}, "End": true}}}"#
    }

    static func history(_ service: any StepFunctionsService, _ arn: String) async throws -> [HistoryEvent] {
        try await service.getExecutionHistory(arn: arn, page: HistoryPageRequest(maxResults: 1000)).events
    }

    @Test func requestResponseStartsTheChildAndAnswersAtOnce() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let child = try await service.createStateMachine(name: "child", definition: Self.childText)
        let parent = try await service.createStateMachine(name: "parent", definition: Self.parent("", child: "child", name: "kid"))
        let done = try await service.startSyncExecution(StartExecutionInput(stateMachineArn: parent.stateMachineArn, name: "p1", input: ["name": "Ada"]), anyType: true)
        #expect(done.status == .succeeded)
        let childArn = LocalARN.execution(machine: "child", name: "kid")
        let output = try #require(done.output)
        #expect(output["ExecutionArn"] == .string(childArn))
        #expect(output["StartDate"] == .number(1_800_000_000_000))
        #expect(output["SdkHttpMetadata"]?["HttpStatusCode"] == 200)
        #expect(output["SdkHttpMetadata"]?["HttpHeaders"]?["Content-Type"] == "application/x-amz-json-1.0")
        #expect(output["SdkResponseMetadata"]?["RequestId"]?.stringValue != nil)
        // The child is a real execution: listed, described, its own $$.Execution.Id; the parent's id passed through.
        #expect(try await service.listExecutions(stateMachineArn: child.stateMachineArn, status: nil).map(\.executionArn) == [childArn])
        let described = try await service.describeExecution(arn: childArn)
        #expect(described.status == .succeeded)
        #expect(described.input == ["name": "Ada", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID": .string(done.executionArn)])
        #expect(described.output == ["me": .string(childArn), "by": .string(done.executionArn), "name": "Ada"])
        let events = try await Self.history(service, done.executionArn)
        #expect(events.map(\.type) == [.executionStarted, .taskStateEntered, .taskScheduled, .taskStarted, .taskSucceeded, .taskStateExited, .executionSucceeded])
        #expect(events[2].details.resourceType == "states")
        #expect(events[2].details.resource == "startExecution")
        #expect(events[2].details.parameters?["Name"] == "kid")
        #expect(events[4].details.resource == "startExecution")
    }

    @Test func syncWaitsAndGivesTheDescriptionWithJSONText() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let child = try await service.createStateMachine(name: "child", definition: Self.childText)
        let parent = try await service.createStateMachine(name: "parent", definition: Self.parent(".sync", child: "child"))
        let done = try await service.startSyncExecution(StartExecutionInput(stateMachineArn: parent.stateMachineArn, input: ["name": "Bo"]), anyType: true)
        #expect(done.status == .succeeded)
        let output = try #require(done.output)
        let childArn = try #require(output["ExecutionArn"]?.stringValue)
        #expect(try await service.listExecutions(stateMachineArn: child.stateMachineArn, status: .succeeded).map(\.executionArn) == [childArn])
        let childOutput: JSONValue = ["me": .string(childArn), "by": .string(done.executionArn), "name": "Bo"]
        #expect(output["Output"] == .string(childOutput.serialized()))
        #expect(output["Input"] == .string((["name": "Bo", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID": .string(done.executionArn)] as JSONValue).serialized()))
        #expect(output["InputDetails"] == ["Included": true])
        #expect(output["OutputDetails"] == ["Included": true])
        #expect(output["Status"] == "SUCCEEDED")
        #expect(output["StateMachineArn"] == .string(child.stateMachineArn))
        #expect(output["StartDate"] == .number(1_800_000_000_000))
        #expect(output["StopDate"] == .number(1_800_000_000_000))
        #expect(output["RedriveStatus"] == "NOT_REDRIVABLE")
        let events = try await Self.history(service, done.executionArn)
        #expect(events.map(\.type) == [.executionStarted, .taskStateEntered, .taskScheduled, .taskStarted, .taskSubmitted, .taskSucceeded,
                                       .taskStateExited, .executionSucceeded])
        #expect(events.filter { $0.details.resourceType != nil }.allSatisfy { $0.details.resourceType == "states" && $0.details.resource == "startExecution.sync" })
        // TaskSubmitted carries StartExecution's answer.
        #expect(events[4].details.output?["ExecutionArn"] == .string(childArn))
    }

    /// `.sync:2` in JSONata: the description with Input and Output as JSON.
    @Test func sync2GivesParsedJSON() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        _ = try await service.createStateMachine(name: "child", definition: Self.childText)
        let text = #"{"QueryLanguage": "JSONata", "StartAt": "Nest", "States": {"Nest": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "Arguments": {"StateMachineArn": "\#(LocalARN.stateMachine("child"))", "Input": {"name": "{% $states.input.name %}", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID": "{% $states.context.Execution.Id %}"}}, "Output": "{% $states.result.Output %}", "End": true}}}"#
        let parent = try await service.createStateMachine(name: "parent", definition: text)
        let done = try await service.startSyncExecution(StartExecutionInput(stateMachineArn: parent.stateMachineArn, input: ["name": "Cy"]), anyType: true)
        #expect(done.status == .succeeded)
        #expect(done.output?["name"] == "Cy")
        #expect(done.output?["by"] == .string(done.executionArn))
        let events = try await Self.history(service, done.executionArn)
        let succeeded = try #require(events.first { $0.type == .taskSucceeded })
        #expect(succeeded.details.resource == "startExecution.sync:2")
        #expect(succeeded.details.output?["Input"]?["name"] == "Cy")
        #expect(succeeded.details.output?["Output"]?["name"] == "Cy")
    }

    @Test func aFailedOrTimedOutChildFailsTheTaskWithItsDescription() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        _ = try await service.createStateMachine(name: "failing", definition: Self.failingText)
        _ = try await service.createStateMachine(name: "slow", definition: Self.slowText)
        for (child, suffix, status) in [("failing", ".sync", "FAILED"), ("slow", ".sync:2", "TIMED_OUT")] {
            let parent = try await service.createStateMachine(name: "parent-\(child)", definition: Self.parent(suffix, child: child))
            let done = try await service.startSyncExecution(StartExecutionInput(stateMachineArn: parent.stateMachineArn, input: ["name": "Di"]), anyType: true)
            #expect(done.status == .failed)
            #expect(done.error == "States.TaskFailed")
            let cause = try JSONValue(parsing: try #require(done.cause))
            #expect(cause["Status"] == .string(status))
            #expect(cause["ExecutionArn"]?.stringValue?.hasPrefix(LocalARN.execution(machine: child, name: "")) == true)
            if child == "failing" {
                #expect(cause["Error"] == "Kitchen.Fire")
                #expect(cause["Cause"] == "the oven")
                #expect(cause["Input"]?.stringValue != nil)
            } else {
                #expect(cause["Input"]?["name"] == "Di")
                #expect(cause["StopDate"] == .number(1_800_000_005_000))
            }
            let events = try await Self.history(service, done.executionArn)
            #expect(events.map(\.type).suffix(3) == [.taskSubmitted, .taskFailed, .executionFailed])
        }
    }

    /// The task token goes into the child's input; SendTaskSuccess ends the parent's task.
    @Test func waitForTaskTokenWaitsForTheToken() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let child = try await service.createStateMachine(name: "child", definition: #"{"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": true}}}"#)
        let parent = try await service.createStateMachine(name: "parent", definition: Self.parent(".waitForTaskToken", child: "child", extra: #", "token.$": "$$.Task.Token""#))
        let started = try await service.startExecution(StartExecutionInput(stateMachineArn: parent.stateMachineArn, input: ["name": "Ed"]))
        let childArn = try #require(try await service.listExecutions(stateMachineArn: child.stateMachineArn, status: .succeeded).first?.executionArn)
        let token = try #require(try await service.describeExecution(arn: childArn).input["token"]?.stringValue)
        #expect(try await service.describeExecution(arn: started.executionArn).status == .running)
        try await service.sendTaskSuccess(token: token, output: ["answer": 42])
        let done = try await service.describeExecution(arn: started.executionArn)
        #expect(done.status == .succeeded)
        #expect(done.output == ["answer": 42])
        let events = try await Self.history(service, started.executionArn)
        let submitted = try #require(events.first { $0.type == .taskSubmitted })
        #expect(submitted.details.resource == "startExecution.waitForTaskToken")
        #expect(submitted.details.output?["ExecutionArn"] == .string(childArn))
    }

    @Test func anUnknownMachineFailsTheTaskAsStartExecutionRefusesIt() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let text = #"{"StartAt": "Nest", "States": {"Nest": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "Parameters": {"StateMachineArn": "\#(LocalARN.stateMachine("ghost"))"}, "Catch": [{"ErrorEquals": ["StepFunctions.StateMachineDoesNotExistException"], "Next": "Caught"}], "End": true}, "Caught": {"Type": "Pass", "End": true}}}"#
        let parent = try await service.createStateMachine(name: "parent", definition: text)
        let done = try await service.startSyncExecution(StartExecutionInput(stateMachineArn: parent.stateMachineArn), anyType: true)
        #expect(done.status == .succeeded)
        #expect(done.output?["Error"] == "StepFunctions.StateMachineDoesNotExistException")
        let cause = try #require(done.output?["Cause"]?.stringValue)
        #expect(cause.hasPrefix("State Machine Does Not Exist: '\(LocalARN.stateMachine("ghost"))' (Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist; Request ID: "))
        #expect(cause.hasSuffix("; Proxy: null)"))
        let events = try await Self.history(service, done.executionArn)
        #expect(Array(events.map(\.type).prefix(5)) == [.executionStarted, .taskStateEntered, .taskScheduled, .taskStarted, .taskFailed])
        // Input that is not JSON text is StartExecution's InvalidExecutionInput.
        let badInput = try await service.createStateMachine(name: "bad-input", definition: #"{"StartAt": "Nest", "States": {"Nest": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution", "Parameters": {"StateMachineArn": "\#(LocalARN.stateMachine("parent"))", "Input": "{not json"}, "End": true}}}"#)
        let refused = try await service.startSyncExecution(StartExecutionInput(stateMachineArn: badInput.stateMachineArn), anyType: true)
        #expect(refused.error == "StepFunctions.InvalidExecutionInputException")
    }

    /// Stopping the parent stops a `.sync` child (AWS's Run a Job pattern); a child started
    /// with another pattern runs on.
    @Test func stoppingTheParentStopsASyncChildOnly() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let child = try await service.createStateMachine(name: "waiting", definition: Self.waitingText)
        let syncParent = try await service.createStateMachine(name: "sync-parent", definition: Self.parent(".sync:2", child: "waiting", name: "owned"))
        let tokenParent = try await service.createStateMachine(name: "token-parent", definition: Self.parent(".waitForTaskToken", child: "waiting", name: "free",
                                                                                                            extra: #", "token.$": "$$.Task.Token""#))
        let first = try await service.startExecution(StartExecutionInput(stateMachineArn: syncParent.stateMachineArn, input: ["name": "F"]))
        let second = try await service.startExecution(StartExecutionInput(stateMachineArn: tokenParent.stateMachineArn, input: ["name": "G"]))
        let owned = LocalARN.execution(machine: "waiting", name: "owned"), free = LocalARN.execution(machine: "waiting", name: "free")
        #expect(try await service.listExecutions(stateMachineArn: child.stateMachineArn, status: .running).map(\.executionArn).sorted() == [free, owned])
        _ = try await service.stopExecution(arn: first.executionArn, error: nil, cause: nil)
        _ = try await service.stopExecution(arn: second.executionArn, error: nil, cause: nil)
        #expect(try await service.describeExecution(arn: owned).status == .aborted)
        #expect(try await service.describeExecution(arn: free).status == .running)
        let events = try await Self.history(service, first.executionArn)
        #expect(events.map(\.type).suffix(3) == [.taskSubmitted, .taskStateAborted, .executionAborted])
    }

    /// A process that stops while a `.sync` task waits for its child (started with no Name, so
    /// a new start would make a second one): after the restart the parent waits for the same
    /// child, which is the only one, and the child's end ends the parent's task.
    @Test func aResumedParentWaitsForTheSameSyncChild() throws {
        let path = StoredService.temporaryPath("nested")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var parentArn = "", childArn = ""
        do {
            let first = try StoredService(path: path, startTime: 1_800_000_000)
            let service = first.service
            _ = try service.onLoop.createStateMachine(name: "waiter", definition: Self.waitingText)
            let parent = try service.onLoop.createStateMachine(name: "sync-parent", definition: Self.parent(".sync", child: "waiter"))
            parentArn = try service.onLoop.startExecution(StartExecutionInput(stateMachineArn: parent.stateMachineArn, input: ["name": "Ada"])).executionArn
            first.engine.scheduler.run(until: { false })
            let children = try service.onLoop.listExecutions(stateMachineArn: LocalARN.stateMachine("waiter"), status: nil)
            #expect(children.count == 1)
            childArn = try #require(children.first?.executionArn)
            first.close()
        }
        let again = try StoredService(path: path, startTime: 1_800_000_100)
        defer { again.close() }
        let (engine, service) = (again.engine, again.service)
        #expect(again.restored.resumed.count == 2)
        engine.scheduler.run(until: { false })
        #expect(try service.onLoop.listExecutions(stateMachineArn: LocalARN.stateMachine("waiter"), status: nil).map(\.executionArn) == [childArn])
        // The parent's history holds one attempt: nothing scheduled or submitted again.
        let parentEvents = try #require(engine.execution(parentArn)).history
        #expect(parentEvents.filter { $0.type == .taskSubmitted }.count == 1)
        #expect(parentEvents.filter { $0.type == .taskScheduled }.count == 1)
        let child = try #require(engine.execution(childArn))
        let tokens = child.history.compactMap { $0.details.parameters?["MessageBody"]?["token"]?.stringValue }
        let token = try #require(tokens.last)
        try service.onLoop.sendTaskSuccess(token: token, output: ["served": true])
        engine.scheduler.run(until: { false })
        #expect(child.status == .succeeded)
        let parent = try #require(engine.execution(parentArn))
        #expect(parent.status == .succeeded)
        #expect(parent.output?["ExecutionArn"] == .string(childArn))
        #expect(parent.output?["Output"] == .string(#"{"served":true}"#))
    }
}
