import ASL
import Engine
import LocalStepFunctions
import StepFunctions
import Testing

/// TestState through the seam, as the API and a screen ask it: the answer per inspection level,
/// and AWS's refusals before anything runs.
@Suite struct TestStateServiceTests {
    typealias Running = LocalServiceTests.Running

    @Test func answersPerInspectionLevel() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let definition = #"{"Type": "Pass", "Parameters": {"who.$": "$.name"}, "ResultPath": "$.greeting", "Next": "Done"}"#
        let info = try await service.testState(TestStateInput(definition: definition, input: #"{"name": "Ada"}"#))
        #expect(info.status == .succeeded && info.nextState == "Done" && info.inspection == nil)
        #expect(info.output == ["name": "Ada", "greeting": ["who": "Ada"]])
        let debug = try await service.testState(TestStateInput(definition: definition, input: #"{"name": "Ada"}"#, inspectionLevel: .debug))
        #expect(debug.inspection?.value(after: .afterParameters) == ["who": "Ada"])
        #expect(debug.inspection?.steps.map(\.step) == [.afterInputPath, .afterParameters, .afterResultSelector, .afterResultPath])
        // Nothing of a test is an execution.
        #expect(running.engine.executions.isEmpty)
    }

    @Test func refusesAsAWSDoes() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let task = #"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "End": true}"#
        let parallel = #"{"Type": "Parallel", "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}], "End": true}"#
        let refusals: [(TestStateInput, ServiceError.Kind)] = [
            (TestStateInput(definition: "{"), .invalidDefinition),
            (TestStateInput(definition: #"{"Type": "Pass", "End": true}"#, mock: .init(result: "1")), .validation),
            (TestStateInput(definition: parallel), .invalidDefinition),
            (TestStateInput(definition: parallel, mock: .init(result: "[1, 2]")), .validation),
            (TestStateInput(definition: parallel, mock: .init(result: "[1]"), stateConfiguration: .init(errorCausedByState: "Nope")), .validation),
            (TestStateInput(definition: task), .validation),
            (TestStateInput(definition: task, roleArn: "not-a-role", mock: .init(result: "{}")), .invalidArn),
            (TestStateInput(definition: task, mock: .init(error: nil, hasErrorOutput: true)), .validation),
            (TestStateInput(definition: #"{"Type": "Succeed"}"#, input: "{nope"), .invalidExecutionInput),
            (TestStateInput(definition: #"{"Type": "Succeed"}"#, variables: "[1]"), .validation),
        ]
        for (input, kind) in refusals {
            do {
                _ = try await service.testState(input)
                Issue.record("\(input.definition) was not refused")
            } catch {
                #expect(error.kind == kind, "\(input.definition): \(error)")
            }
        }
        let mocked = try await service.testState(TestStateInput(definition: task, mock: .init(error: "E", cause: "C")))
        #expect(mocked.status == .failed && mocked.error == "E" && mocked.cause == "C")
    }
}
