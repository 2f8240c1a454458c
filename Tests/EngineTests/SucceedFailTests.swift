import Testing
@testable import Engine
import ASL

@Suite struct SucceedFailTests {
    @Test func succeedEndsTheExecutionWithItsInput() throws {
        let (execution, history) = try run(single("\"Type\": \"Succeed\"").replacingOccurrences(of: ", \"End\": true", with: ""), input: ["a": 1])
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["a": 1])
        #expect(types(history) == ["ExecutionStarted", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"])
    }

    @Test func succeedAppliesInputPathAndOutputPath() throws {
        let definition = #"{"StartAt": "S", "States": {"S": {"Type": "Succeed", "InputPath": "$.a", "OutputPath": "$.b"}}}"#
        let (execution, _) = try run(definition, input: ["a": ["b": "B"]])
        #expect(execution.output == "B")
    }

    @Test func failReportsErrorAndCause() throws {
        let definition = #"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "ErrorA", "Cause": "Kaiju attack"}}}"#
        let (execution, history) = try run(definition)
        #expect(execution.status == .failed)
        #expect(execution.error == "ErrorA")
        #expect(execution.cause == "Kaiju attack")
        #expect(types(history) == ["ExecutionStarted", "FailStateEntered", "ExecutionFailed"])
        #expect(history.last?.details.error == "ErrorA")
        #expect(history.last?.details.cause == "Kaiju attack")
    }

    @Test func failWithoutErrorOrCause() throws {
        let definition = #"{"StartAt": "F", "States": {"F": {"Type": "Fail"}}}"#
        let (execution, history) = try run(definition)
        #expect(execution.status == .failed)
        #expect(execution.error == nil)
        #expect(execution.cause == nil)
        #expect(types(history) == ["ExecutionStarted", "FailStateEntered", "ExecutionFailed"])
    }

    @Test func errorPathAndCausePathReadTheInput() throws {
        let definition = #"{"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "$.c"}}}"#
        let (execution, _) = try run(definition, input: ["e": "CustomError", "c": "because"])
        #expect(execution.error == "CustomError")
        #expect(execution.cause == "because")
    }

    @Test func causePathMayUseAnIntrinsic() throws {
        let definition = #"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "CausePath": "States.Format('order {} failed', $.id)"}}}"#
        let (execution, _) = try run(definition, input: ["id": "42"])
        #expect(execution.cause == "order 42 failed")
    }

    @Test func errorPathToANonStringIsARuntimeError() throws {
        let definition = #"{"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.e"}}}"#
        let (execution, _) = try run(definition, input: ["e": 5])
        #expect(execution.error == "States.Runtime")
    }
}
