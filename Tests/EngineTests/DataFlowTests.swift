import Testing
@testable import Engine
import ASL

/// Input and output processing in AWS's order (InputPath -> Parameters -> task ->
/// ResultSelector -> ResultPath -> OutputPath) and the context object `$$`.
@Suite struct DataFlowTests {
    private static let hello = "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction"

    /// A Lambda that answers `"Hello, <who>!"`, as in the AWS docs' examples.
    private func helloEngine() -> Engine {
        let engine = makeEngine()
        engine.handlers.registerFunction("HelloFunction", returning: { input in
            .string("Hello, \(input["who"]?.stringValue ?? "?")!")
        })
        return engine
    }

    /// The AWS docs' "Manipulating state data with paths" example.
    @Test func inputPathResultPathOutputPathWorkedExample() throws {
        let definition = single("""
        "Type": "Task", "Resource": "\(Self.hello)",
        "InputPath": "$.lambda", "ResultPath": "$.data.lambdaresult", "OutputPath": "$.data"
        """)
        let input = try json("""
        {"comment": "An input comment.", "data": {"val1": 23, "val2": 17}, "extra": "foo", "lambda": {"who": "AWS Step Functions"}}
        """)
        let (execution, _) = try run(definition, input: input, engine: helloEngine())
        #expect(execution.output == (try json(#"{"val1": 23, "val2": 17, "lambdaresult": "Hello, AWS Step Functions!"}"#)))
    }

    /// The AWS docs' ResultPath examples, one input and four ResultPath settings.
    @Test(arguments: [
        ("\"$\"", #""Hello, AWS Step Functions!""#),
        ("null", #"{"comment": "This is a test of the input and output of a Task state.", "details": "Default example", "who": "AWS Step Functions"}"#),
        ("\"$.taskresult\"", #"{"comment": "This is a test of the input and output of a Task state.", "details": "Default example", "who": "AWS Step Functions", "taskresult": "Hello, AWS Step Functions!"}"#),
        ("\"$.strings.lambdaresult\"", #"{"comment": "This is a test of the input and output of a Task state.", "details": "Default example", "who": "AWS Step Functions", "strings": {"lambdaresult": "Hello, AWS Step Functions!"}}"#),
    ])
    func resultPathExamples(resultPath: String, expected: String) throws {
        let definition = single("\"Type\": \"Task\", \"Resource\": \"\(Self.hello)\", \"ResultPath\": \(resultPath)")
        let input = try json(#"{"comment": "This is a test of the input and output of a Task state.", "details": "Default example", "who": "AWS Step Functions"}"#)
        let (execution, _) = try run(definition, input: input, engine: helloEngine())
        #expect(execution.output == (try json(expected)))
    }

    @Test func resultPathOverwritesAnExistingField() throws {
        let definition = single("\"Type\": \"Pass\", \"Result\": \"new\", \"ResultPath\": \"$.a.b\"")
        let (execution, _) = try run(definition, input: ["a": ["b": "old", "c": 1]])
        #expect(execution.output == ["a": ["b": "new", "c": 1]])
    }

    /// The AWS docs' Parameters example: static values and `.$` paths.
    @Test func parametersDocsExample() throws {
        let definition = single("""
        "Type": "Pass", "Parameters": {"comment": "Selecting what I care about.",
          "MyDetails": {"size.$": "$.product.details.size", "exists.$": "$.product.availability", "StaticValue": "foo"}}
        """)
        let input = try json("""
        {"comment": "Example for Parameters.", "product": {"details": {"color": "blue", "size": "small", "material": "cotton"},
         "availability": "in stock", "sku": "2317", "cost": "$23"}}
        """)
        let (execution, _) = try run(definition, input: input)
        #expect(execution.output == (try json("""
        {"comment": "Selecting what I care about.", "MyDetails": {"size": "small", "exists": "in stock", "StaticValue": "foo"}}
        """)))
    }

    /// A Pass state's Parameters that find nothing fail with States.Runtime, as AWS recorded.
    @Test func passParametersWithAMissingPathFailWithRuntime() throws {
        let (execution, _) = try run(single("\"Type\": \"Pass\", \"Parameters\": {\"x.$\": \"$.missing\"}"), input: ["a": 1])
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Runtime")
        #expect(execution.cause == "An error occurred while executing the state 'S' (entered at the event id #2). The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input '{\"a\":1}'")
    }

    /// The AWS docs' ResultSelector example: pick fields from a service result, then ResultPath.
    @Test func resultSelectorDocsExample() throws {
        let engine = makeEngine()
        engine.handlers.registerResource("arn:aws:states:::elasticmapreduce:createCluster.sync") { invocation in
            invocation.succeed([
                "resourceType": "elasticmapreduce", "resource": "createCluster.sync",
                "output": ["SdkHttpMetadata": ["HttpStatusCode": 200], "SdkResponseMetadata": ["RequestId": "1234-5678-9012"],
                           "ClusterId": "AKIAIOSFODNN7EXAMPLE"],
            ])
        }
        let definition = single("""
        "Type": "Task", "Resource": "arn:aws:states:::elasticmapreduce:createCluster.sync",
        "ResultSelector": {"ClusterId.$": "$.output.ClusterId", "ResourceType.$": "$.resourceType"}, "ResultPath": "$.EMROutput"
        """)
        let (execution, _) = try run(definition, input: ["Name": "MyWorkflowCluster"], engine: engine)
        #expect(execution.output == [
            "Name": "MyWorkflowCluster",
            "EMROutput": ["ClusterId": "AKIAIOSFODNN7EXAMPLE", "ResourceType": "elasticmapreduce"],
        ])
    }

    /// Every step in order: each step only sees what the previous one produced.
    @Test func processingOrder() throws {
        let engine = makeEngine()
        var received: [JSONValue] = []
        engine.handlers.registerResource("arn:aws:states:us-east-1:123456789012:activity:Echo") { invocation in
            received.append(invocation.input)
            invocation.succeed(["echo": invocation.input, "noise": 1])
        }
        let definition = single("""
        "Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:Echo",
        "InputPath": "$.order",
        "Parameters": {"id.$": "$.id", "kind": "pizza"},
        "ResultSelector": {"echoed.$": "$.echo.id"},
        "ResultPath": "$.order.result",
        "OutputPath": "$.order"
        """)
        let (execution, history) = try run(definition, input: ["order": ["id": "o-1", "size": "L"], "other": true], engine: engine)
        #expect(received == [["id": "o-1", "kind": "pizza"]])
        // An activity's handler is an in-process worker: Activity* events, the input as AWS records it.
        #expect(events(history, .activityScheduled).first?.details.input == ["id": "o-1", "kind": "pizza"])
        #expect(events(history, .activitySucceeded).first?.details.output == ["echo": ["id": "o-1", "kind": "pizza"], "noise": 1])
        #expect(execution.output == ["id": "o-1", "size": "L", "result": ["echoed": "o-1"]])
    }

    /// A Pass state's `$$.State` has no RetryCount (only states that can retry have one), as AWS recorded.
    @Test func contextObjectExecutionAndStateFields() throws {
        let definition = """
        {"StartAt": "Later", "States": {
          "Later": {"Type": "Wait", "Seconds": 5, "Next": "Ctx"},
          "Ctx": {"Type": "Pass", "Parameters": {
            "id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name", "input.$": "$$.Execution.Input",
            "start.$": "$$.Execution.StartTime", "entered.$": "$$.State.EnteredTime",
            "state.$": "$$.State", "machine.$": "$$.StateMachine.Id", "machineName.$": "$$.StateMachine.Name"},
            "End": true}}}
        """
        let (execution, _) = try run(definition, input: ["order": 7], machine: "PizzaMachine", name: "order-7")
        #expect(execution.output == [
            "id": "arn:aws:states:us-east-1:123456789012:execution:PizzaMachine:order-7",
            "name": "order-7",
            "input": ["order": 7],
            "start": "2023-11-14T22:13:20.000Z",
            "state": ["Name": "Ctx", "EnteredTime": "2023-11-14T22:13:25.000Z"],
            "entered": "2023-11-14T22:13:25.000Z",
            "machine": "arn:aws:states:us-east-1:123456789012:stateMachine:PizzaMachine",
            "machineName": "PizzaMachine",
        ])
    }

    @Test func retryCountCountsTheAttemptsOfTheState() throws {
        let engine = makeEngine()
        var seen: [JSONValue] = []
        engine.handlers.registerResource("arn:aws:states:::custom:flaky") { invocation in
            seen.append(invocation.input["retry"] ?? .null)
            if seen.count < 3 { invocation.fail(error: "Flaky", cause: "try again") } else { invocation.succeed("ok") }
        }
        let definition = single("""
        "Type": "Task", "Resource": "arn:aws:states:::custom:flaky", "Parameters": {"retry.$": "$$.State.RetryCount"},
        "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1, "MaxAttempts": 5}]
        """)
        let (execution, _) = try run(definition, engine: engine)
        #expect(execution.output == "ok")
        #expect(seen == [0, 1, 2])
    }

    @Test func taskTokenInTheContextObject() throws {
        let engine = makeEngine()
        var tokens: [String] = []
        engine.handlers.registerResource("arn:aws:states:::custom:approve.waitForTaskToken") { invocation in
            tokens.append(invocation.input["token"]?.stringValue ?? "")
            tokens.append(invocation.taskToken ?? "")
            invocation.succeed([:])
        }
        let definition = single("""
        "Type": "Task", "Resource": "arn:aws:states:::custom:approve.waitForTaskToken", "Parameters": {"token.$": "$$.Task.Token"}
        """)
        let execution = try start(definition, engine: engine)
        engine.runUntilFinished(execution)
        #expect(execution.status == .running)
        #expect(tokens.count == 2)
        #expect(!tokens[0].isEmpty)
        #expect(tokens[0] == tokens[1])
        try engine.sendTaskSuccess(token: tokens[0], output: ["approved": true])
        engine.runUntilFinished(execution)
        #expect(execution.output == ["approved": true])
    }
}

/// Step Functions' 256 KiB payload limit on a state's output.
@Suite struct PayloadLimitTests {
    @Test func anOutputOver256KiBFailsTheExecutionWithDataLimitExceeded() throws {
        let big = String(repeating: "a", count: 256 * 1024)
        let (execution, history) = try run(single("\"Type\": \"Pass\", \"Result\": {\"Arg1\": \"\(big)\"}"))
        #expect(execution.error == "States.DataLimitExceeded")
        #expect(execution.cause == "The state/task 'S' returned a result with a size exceeding the maximum number of bytes service limit.")
        #expect(types(history) == ["ExecutionStarted", "PassStateEntered", "ExecutionFailed"])
        let (fits, _) = try run(single("\"Type\": \"Pass\", \"Result\": {\"Arg1\": \"\(big.dropFirst(100))\"}"))
        #expect(fits.status == .succeeded)
    }

    /// Each state measures only what it adds, so data that grows over several states is caught
    /// where it passes the limit.
    @Test func dataThatGrowsStateByStateFailsWhereItPassesTheLimit() throws {
        let chunk = String(repeating: "b", count: 100 * 1024)
        let definition = """
        {"StartAt": "One", "States": {
          "One": {"Type": "Pass", "Result": "\(chunk)", "ResultPath": "$.one", "Next": "Two"},
          "Two": {"Type": "Pass", "Result": "\(chunk)", "ResultPath": "$.two", "Next": "Same"},
          "Same": {"Type": "Pass", "Next": "Three"},
          "Three": {"Type": "Pass", "Result": "\(chunk)", "ResultPath": "$.three", "End": true}}}
        """
        let (execution, history) = try run(definition)
        #expect(execution.error == "States.DataLimitExceeded")
        #expect(execution.cause == "The state/task 'Three' returned a result with a size exceeding the maximum number of bytes service limit.")
        #expect(events(history, .passStateExited).map { $0.details.stateName } == ["One", "Two", "Same"])
    }

    @Test func theSizeEstimateCountsEveryByteOfTheCompactText() {
        let value: JSONValue = ["a": [1, "xy", true, nil], "b": ["c": false]]
        let size = value.serialized().utf8.count
        #expect(!value.serializedSize(exceeds: size))
        #expect(value.serializedSize(exceeds: size - 1))
    }
}
