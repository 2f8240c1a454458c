import Testing
@testable import Engine
import ASL

/// Distributed Map over inline items: child executions, batches, tolerated failures, the Map Run events.
@Suite struct DistributedMapTests {
    static func machine(_ extra: String, processor: String = #""StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}"#) -> String {
        """
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, \(extra)
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, \(processor)}}}}
        """
    }

    @Test func itemsRunAsChildExecutionsAndOnlyTheMapRunIsInTheHistory() throws {
        let engine = makeEngine()
        var observed: Set<String> = []
        engine.observe { execution, _ in observed.insert(execution.arn) }
        let (execution, history) = try run(Self.machine(#""Label": "Each","#), input: [1, 2, 3], engine: engine)
        #expect(execution.status == .succeeded)
        #expect(execution.output == [1, 2, 3])
        #expect(chain(history) == [
            "ExecutionStarted(0)", "MapStateEntered(0)", "MapStateStarted(2)", "MapRunStarted(3)", "MapRunSucceeded(4)",
            "MapStateSucceeded(5)", "MapStateExited(4)", "ExecutionSucceeded(7)",
        ])
        let arn = try #require(events(history, .mapRunStarted).first?.details.mapRunArn)
        #expect(arn.hasPrefix("arn:aws:states:us-east-1:123456789012:mapRun:Machine/Each:"))
        #expect(observed == [execution.arn], "child executions are not announced as executions of their own")
    }

    @Test func anItemBatcherSendsBatchesWithTheBatchInput() throws {
        let engine = makeEngine()
        var inputs: [JSONValue] = []
        engine.handlers.registerResource("arn:aws:states:::custom:take") { call in
            inputs.append(call.input)
            call.succeed(.number(Double(call.input["Items"]?.arrayValue?.count ?? 0)))
        }
        let definition = Self.machine(#""ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"run.$": "$.run"}}, "ItemsPath": "$.items","#,
                                      processor: #""StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::custom:take", "End": true}}"#)
        let (execution, _) = try run(definition, input: ["run": "r1", "items": [1, 2, 3, 4, 5]], engine: engine)
        #expect(execution.output == [2, 2, 1])
        #expect(inputs == [["run": "r1", "Items": [1, 2]], ["run": "r1", "Items": [3, 4]], ["run": "r1", "Items": [5]]])
    }

    @Test func aFailedChildFailsTheMapRunUnlessTolerated() throws {
        let failing = #""StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "F"}], "Default": "OK"}, "F": {"Type": "Fail", "Error": "Bad"}, "OK": {"Type": "Pass", "End": true}}"#
        let (failed, history) = try run(Self.machine("", processor: failing), input: [1, 2, 3])
        #expect(failed.status == .failed)
        #expect(failed.error == "States.ExceedToleratedFailureThreshold")
        #expect(types(history).suffix(3) == ["MapRunFailed", "MapStateFailed", "ExecutionFailed"])

        let (tolerated, _) = try run(Self.machine(#""ToleratedFailureCount": 1,"#, processor: failing), input: [1, 2, 3])
        #expect(tolerated.status == .succeeded)
        #expect(tolerated.output == [1, ["Error": "Bad", "Cause": ""], 3])

        let (byPercentage, _) = try run(Self.machine(#""ToleratedFailurePercentage": 20,"#, processor: failing), input: [1, 2, 3])
        #expect(byPercentage.error == "States.ExceedToleratedFailureThreshold", "one of three is 33%, over 20%")
    }

    @Test(arguments: [
        (#"{"n": -1}"#, "ToleratedFailureCount cannot be negative."),
        (#"{"n": "many"}"#, "The ToleratedFailureCountPath field refers to value \"many\" which is not a valid integer: $.n"),
    ])
    func aBadToleratedFailureCountFailsTheStateAfterItStarted(_ input: String, _ cause: String) throws {
        let (execution, history) = try run(Self.machine(#""ToleratedFailureCountPath": "$.n", "ItemsPath": "$.items","#),
                                           input: try json(input).objectValue.map { var o = $0; o["items"] = [1]; return .object(o) }!)
        #expect(execution.error == "States.Runtime")
        #expect(execution.cause == "An error occurred while executing the state 'M' (entered at the event id #2). " + cause)
        #expect(types(history) == ["ExecutionStarted", "MapStateEntered", "MapStateStarted", "ExecutionFailed"])
    }
}
