import ASL
import Engine
import Foundation
import LocalStepFunctions
import StepFunctions
import Testing

/// The seam's values written as the API server answers (`awsJSON`) read back the same
/// (`init(awsJSON:)`), and the leaner shapes other services send read as well as they can.
struct AWSJSONRoundTripTests {
    let machineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:m"
    let executionArn = "arn:aws:states:us-east-1:123456789012:execution:m:e"

    @Test func stateMachinesRoundTrip() throws {
        let machine = StateMachineDescription(stateMachineArn: machineArn, name: "m", definition: #"{"StartAt": "A"}"#, type: "EXPRESS",
                                              roleArn: "arn:aws:iam::123456789012:role/R", creationDate: 1_700_000_000.25,
                                              revisionId: "rev-2", description: "v2")
        #expect(try StateMachineDescription(awsJSON: machine.awsJSON) == machine)
        let item = StateMachineListItem(stateMachineArn: machineArn, name: "m", type: "EXPRESS", creationDate: 1_700_000_000.5)
        #expect(try StateMachineListItem(awsJSON: item.awsJSON) == item)
    }

    @Test func executionsRoundTrip() throws {
        var described = ExecutionDescription(executionArn: executionArn, stateMachineArn: machineArn, name: "e", status: .failed,
                                             startDate: 1_700_000_000.125, stopDate: 1_700_000_001.5, input: ["a": [1, 2]],
                                             error: "Oven.Cold", cause: "no heat")
        described.redriveCount = 1
        described.redriveDate = 1_700_000_002
        described.redriveStatus = .redrivable
        #expect(try ExecutionDescription(awsJSON: described.json) == described)
        let item = ExecutionListItem(described)
        #expect(try ExecutionListItem(awsJSON: item.awsJSON) == item)
        let started = StartExecutionOutput(executionArn: executionArn, startDate: 1_700_000_000.125)
        #expect(try StartExecutionOutput(awsJSON: started.awsJSON) == started)
    }

    @Test func historyPagesRoundTripAndSkipUnknownTypes() throws {
        let events = [
            HistoryEvent(id: 1, previousEventId: 0, timestamp: 10.5, type: .executionStarted,
                         details: .init(input: ["x": 1], roleArn: "arn:aws:iam::123456789012:role/R")),
            HistoryEvent(id: 2, previousEventId: 1, timestamp: 10.75, type: .passStateEntered, details: .init(stateName: "A", input: ["x": 1])),
            HistoryEvent(id: 3, previousEventId: 2, timestamp: 11, type: .passStateExited, details: .init(stateName: "A", output: ["x": 2])),
        ]
        let page = HistoryPage(events: events, nextToken: "next")
        #expect(try HistoryPage(awsJSON: page.awsJSON) == page)
        guard case .object(var object) = page.awsJSON, case .array(var items) = object["events"] else { Issue.record("no events"); return }
        items.insert(["id": 4, "previousEventId": 3, "timestamp": 12, "type": "SomeFutureEvent"], at: 1)
        object["events"] = .array(items)
        #expect(try HistoryPage(awsJSON: .object(object)).events.map(\.id) == [1, 2, 3])
        #expect(throws: AWSShapeError.self) { try HistoryPage(awsJSON: ["events": [["type": "PassStateEntered"]]]) }
    }

    /// moto 5.2.1's answers, as it sent them: no execution name, no machine type, and
    /// DescribeStateMachineForExecution without dates.
    @Test func motosLeanerShapesRead() throws {
        let listed = try ExecutionListItem(awsJSON: ["executionArn": .string(executionArn), "stateMachineArn": .string(machineArn),
                                                     "status": "FAILED", "startDate": 1796284605.094, "stopDate": 1796284605.204])
        #expect(listed.name == "e" && listed.stopDate == 1796284605.204)
        let described = try ExecutionDescription(awsJSON: ["executionArn": .string(executionArn), "stateMachineArn": .string(machineArn),
                                                           "status": "FAILED", "startDate": 1796284605.094, "input": "{}", "error": "Boom"])
        #expect(described.name == "e" && described.input == .object([:]) && described.error == "Boom")
        let machine = try StateMachineListItem(awsJSON: ["stateMachineArn": .string(machineArn), "name": "m", "creationDate": 1796284604.787])
        #expect(machine.type == "STANDARD")
        let forExecution = try StateMachineDescription(awsJSON: ["stateMachineArn": .string(machineArn), "name": "m", "definition": "{}",
                                                                 "roleArn": "arn:aws:iam::123456789012:role/R"])
        #expect(forExecution.creationDate == 0 && forExecution.type == "STANDARD" && forExecution.definition == "{}")
        #expect(throws: AWSShapeError(shape: "DescribeStateMachine's answer", member: "definition")) {
            try StateMachineDescription(awsJSON: ["stateMachineArn": .string(machineArn), "creationDate": 1])
        }
    }

    @Test func datesAreEpochSecondsOrISOText() {
        #expect(AWSJSON.date(1_700_000_000.5) == 1_700_000_000.5)
        #expect(AWSJSON.date("2023-11-14T22:13:20.500Z") == 1_700_000_000.5)
        #expect(AWSJSON.date("2023-11-14T22:13:20Z") == 1_700_000_000)
        #expect(AWSJSON.date("yesterday") == nil)
    }

    /// The local service's TestState answers, written as the API server answers and read back as
    /// the remote client reads them, are the same answers.
    @Test func testStateAnswersRoundTrip() async throws {
        let running = try LocalServiceTests.Running()
        defer { running.stop() }
        let pass = #"{"Type": "Pass", "Parameters": {"who.$": "$.name"}, "ResultPath": "$.greeting", "Assign": {"seen": true}, "Next": "Done"}"#
        let task = #"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["Oven.Cold"], "MaxAttempts": 2}], "#
            + #""Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recover"}], "End": true}"#
        let jsonata = #"{"QueryLanguage": "JSONata", "StartAt": "Greet", "States": {"Greet": {"Type": "Pass", "Output": "{% 'hi ' & $states.input.name %}", "End": true}}}"#
        let inputs = [
            TestStateInput(definition: pass, input: #"{"name": "Ada"}"#),
            TestStateInput(definition: pass, input: #"{"name": "Ada"}"#, inspectionLevel: .debug, variables: #"{"x": 1}"#),
            TestStateInput(definition: task, roleArn: "arn:aws:iam::123456789012:role/R", inspectionLevel: .debug,
                           mock: .init(error: "Oven.Cold", cause: "no heat")),
            TestStateInput(definition: task, roleArn: "arn:aws:iam::123456789012:role/R", inspectionLevel: .debug,
                           mock: .init(error: "Oven.Cold", cause: "no heat"), stateConfiguration: .init(retrierRetryCount: 2)),
            TestStateInput(definition: jsonata, input: #"{"name": "Ada"}"#, inspectionLevel: .trace, stateName: "Greet"),
        ]
        for input in inputs {
            let answer = try await running.service.testState(input)
            #expect(try TestStateOutput(awsJSON: answer.awsJSON, for: input) == answer, "\(input.definition)")
        }
    }
}
