import Testing
@testable import Engine
import ASL

/// Task resources bound to local handlers: lambda:invoke, function ARNs, sqs:sendMessage,
/// callbacks with task tokens, and resources nobody handles.
@Suite struct TaskIntegrationTests {
    private static let queueURL = "https://sqs.us-east-1.amazonaws.com/123456789012/myQueue"

    @Test func lambdaInvokeWrapsThePayloadInItsEnvelope() throws {
        let engine = makeEngine()
        var received: [JSONValue] = []
        engine.handlers.registerFunction("HelloWorldFunction", returning: { input in
            received.append(input)
            return ["body": "Hello from Lambda!"]
        })
        let definition = single("""
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:HelloWorldFunction:$LATEST", "Payload.$": "$"}
        """)
        let (execution, history) = try run(definition, input: ["who": "me"], engine: engine)
        #expect(received == [["who": "me"]])
        let output = try #require(execution.output)
        #expect(output["Payload"] == ["body": "Hello from Lambda!"])
        #expect(output["StatusCode"] == 200)
        #expect(output["ExecutedVersion"] == "$LATEST")
        #expect(types(history) == [
            "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded",
        ])
        let scheduled = try #require(events(history, .taskScheduled).first)
        #expect(scheduled.details.resourceType == "lambda")
        #expect(scheduled.details.resource == "invoke")
    }

    @Test func lambdaInvokeByPlainFunctionNameWithPayloadSelection() throws {
        let engine = makeEngine()
        engine.handlers.registerFunction("Echo", returning: { $0 })
        let definition = single("""
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "Echo", "Payload": {"x.$": "$.x"}}, "OutputPath": "$.Payload"
        """)
        let (execution, _) = try run(definition, input: ["x": 3, "y": 4], engine: engine)
        #expect(execution.output == ["x": 3])
    }

    @Test func aLambdaErrorHasTheLambdaCauseShape() throws {
        let engine = makeEngine()
        engine.handlers.registerFunction("Oven", returning: { _ in throw LambdaError(type: "OvenTooHot", message: "450 degrees") })
        let definition = single("""
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "Oven", "Payload": {}}
        """)
        let (execution, history) = try run(definition, engine: engine)
        #expect(execution.status == .failed)
        #expect(execution.error == "OvenTooHot")
        let cause = try json(try #require(execution.cause))
        #expect(cause["errorType"] == "OvenTooHot")
        #expect(cause["errorMessage"] == "450 degrees")
        let failed = try #require(events(history, .taskFailed).first)
        #expect(failed.details.error == "OvenTooHot")
        #expect(failed.details.cause == execution.cause)
    }

    @Test func aCaughtLambdaErrorCarriesTheJSONCause() throws {
        let engine = makeEngine()
        engine.handlers.registerFunction("Oven", returning: { _ in throw LambdaError(type: "OvenTooHot", message: "450 degrees") })
        let definition = """
        {"StartAt": "T", "States": {
          "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "Oven"}, "End": true,
                "Catch": [{"ErrorEquals": ["OvenTooHot"], "ResultPath": "$.error", "Next": "Cool"}]},
          "Cool": {"Type": "Pass", "End": true}}}
        """
        let (execution, _) = try run(definition, input: ["pizza": 1], engine: engine)
        let error = try #require(execution.output?["error"])
        #expect(error["Error"] == "OvenTooHot")
        let cause = try json(try #require(error["Cause"]?.stringValue))
        #expect(cause["errorMessage"] == "450 degrees")
    }

    @Test func aDirectFunctionArnGivesTheRawResultAndLambdaEvents() throws {
        let engine = makeEngine()
        engine.handlers.registerFunction("HelloFunction", returning: { input in .string("Hello, \(input["who"]?.stringValue ?? "")!") })
        let definition = single("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:HelloFunction\"")
        let (execution, history) = try run(definition, input: ["who": "AWS Step Functions"], engine: engine)
        #expect(execution.output == "Hello, AWS Step Functions!")
        #expect(types(history) == [
            "ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
            "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded",
        ])
        #expect(events(history, .lambdaFunctionSucceeded).first?.details.output == "Hello, AWS Step Functions!")
    }

    @Test func aDirectFunctionErrorIsLambdaFunctionFailed() throws {
        let engine = makeEngine()
        engine.handlers.registerFunction("Bad", returning: { _ in throw LambdaError(type: "BadThing", message: "no") })
        let definition = single("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:Bad\"")
        let (execution, history) = try run(definition, engine: engine)
        #expect(execution.error == "BadThing")
        #expect(events(history, .lambdaFunctionFailed).count == 1)
    }

    @Test func sqsSendMessageKeepsTheMessageAndReturnsItsIdAndMD5() throws {
        let engine = makeEngine()
        let definition = single("""
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "Parameters": {"QueueUrl": "\(Self.queueURL)", "MessageBody": "hello"}
        """)
        let (execution, history) = try run(definition, engine: engine)
        let messages = engine.queues.messages(in: "myQueue")
        #expect(messages.count == 1)
        #expect(messages.first?.body == "hello")
        #expect(messages.first?.executionArn == execution.arn)
        #expect(execution.output == [
            "MessageId": .string(messages.first?.messageId ?? "?"),
            "MD5OfMessageBody": "5d41402abc4b2a76b9719d911017c592",
        ])
        #expect(events(history, .taskScheduled).first?.details.resourceType == "sqs")
        #expect(events(history, .taskScheduled).first?.details.resource == "sendMessage")
    }

    @Test func sqsSendMessageWithAJSONBody() throws {
        let engine = makeEngine()
        let definition = single("""
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "Parameters": {"QueueUrl": "\(Self.queueURL)", "MessageBody.$": "$"}
        """)
        try run(definition, input: ["order": 7], engine: engine)
        #expect(engine.queues.messages(in: "myQueue").map(\.body) == [["order": 7]])
    }

    @Test func waitForTaskTokenThenSendTaskSuccess() throws {
        let engine = makeEngine()
        let definition = single("""
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "\(Self.queueURL)", "MessageBody": {"order.$": "$.order", "token.$": "$$.Task.Token"}}
        """)
        let execution = try start(definition, input: ["order": 7], engine: engine)
        engine.runUntilFinished(execution)
        #expect(execution.status == .running, "the task waits for its token")
        #expect(types(execution.history).last == "TaskSubmitted")
        let token = try #require(engine.queues.messages(in: "myQueue").first?.body["token"]?.stringValue)
        try engine.sendTaskSuccess(token: token, output: ["approved": true])
        engine.runUntilFinished(execution)
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["approved": true])
        #expect(types(execution.history) == [
            "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted",
            "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded",
        ])
        #expect(events(execution.history, .taskScheduled).first?.details.resource == "sendMessage.waitForTaskToken")
        // The token is spent.
        #expect(throws: EngineError.taskDoesNotExist(token)) { try engine.sendTaskSuccess(token: token, output: [:]) }
    }

    @Test func waitForTaskTokenThenSendTaskFailure() throws {
        let engine = makeEngine()
        let definition = single("""
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "\(Self.queueURL)", "MessageBody": {"token.$": "$$.Task.Token"}}
        """)
        let execution = try start(definition, engine: engine)
        engine.runUntilFinished(execution)
        let token = try #require(engine.queues.messages(in: "myQueue").first?.body["token"]?.stringValue)
        try engine.sendTaskFailure(token: token, error: "Rejected", cause: "the customer said no")
        engine.runUntilFinished(execution)
        #expect(execution.status == .failed)
        #expect(execution.error == "Rejected")
        #expect(execution.cause == "the customer said no")
        let failed = try #require(events(execution.history, .taskFailed).first)
        #expect(failed.details.error == "Rejected")
    }

    @Test func anUnknownTokenIsRejected() {
        let engine = makeEngine()
        #expect(throws: EngineError.taskDoesNotExist("nope")) { try engine.sendTaskSuccess(token: "nope", output: [:]) }
        #expect(throws: EngineError.taskDoesNotExist("nope")) { try engine.sendTaskFailure(token: "nope", error: "E", cause: "") }
        #expect(throws: EngineError.taskDoesNotExist("nope")) { try engine.sendTaskHeartbeat(token: "nope") }
    }

    @Test func anUnknownResourceFailsTheExecutionWithAClearCause() throws {
        let definition = single("\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::dynamodb:putItem\"")
        let (execution, _) = try run(definition)
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Runtime")
        let cause = try #require(execution.cause)
        #expect(cause.contains("arn:aws:states:::dynamodb:putItem"))
        #expect(cause.contains("\"S\""))
    }

    @Test func anUnknownLambdaFunctionIsResourceNotFound() throws {
        let definition = single("""
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "Missing"}
        """)
        let (execution, _) = try run(definition)
        #expect(execution.error == "Lambda.ResourceNotFoundException")
        #expect(execution.cause?.contains("Missing") == true)
    }

    @Test func handlersSeeTheAttemptNumber() throws {
        let engine = makeEngine()
        var attempts: [Int] = []
        engine.handlers.registerResource("arn:aws:states:::custom:x") { invocation in
            attempts.append(invocation.attempt)
            if attempts.count < 3 { invocation.fail(error: "E", cause: "") } else { invocation.succeed(1) }
        }
        let definition = single(#""Type": "Task", "Resource": "arn:aws:states:::custom:x", "Retry": [{"ErrorEquals": ["E"]}]"#)
        try run(definition, engine: engine)
        #expect(attempts == [0, 1, 2])
    }

    /// Without a registry to start from (no ``Engine/nestedExecutionStarter``), a
    /// `states:startExecution` task fails and says why.
    @Test func startExecutionWithoutARegistryFailsClearly() throws {
        let definition = single(#""Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync", "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:kid"}"#)
        let (execution, history) = try run(definition)
        #expect(execution.error == "States.Runtime")
        #expect(execution.cause?.contains("no registry of state machines") == true)
        #expect(events(history, .taskScheduled).first?.details.resource == "startExecution.sync")
    }

    /// The hook starts the child; `.sync` waits for it and answers its description, dates in
    /// epoch milliseconds; a refusal is StartExecution's error as `StepFunctions.<Code>Exception`.
    @Test func startExecutionThroughTheStarterHook() throws {
        let engine = makeEngine()
        let child = try StateMachineDefinition.load(text: #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3, "End": true}}}"#)
        var requests: [NestedExecutionRequest] = []
        engine.nestedExecutionStarter = { request in
            requests.append(request)
            guard request.stateMachineArn == LocalARN.stateMachine("kid") else {
                return .failure(NestedExecutionRefusal(code: "StateMachineDoesNotExist", message: "State Machine Does Not Exist: '\(request.stateMachineArn)'"))
            }
            return Result { try engine.startExecution(definition: child, stateMachineName: "kid", name: request.name, input: request.input) }
                .mapError { NestedExecutionRefusal(code: "ExecutionAlreadyExists", message: "\($0)") }
        }
        let definition = single(#""Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "Parameters": {"StateMachineArn.$": "$.arn", "Input": "{\"a\": 1}", "Name": "k1"}"#)
        let (execution, history) = try run(definition, input: ["arn": .string(LocalARN.stateMachine("kid"))], engine: engine)
        #expect(requests == [NestedExecutionRequest(stateMachineArn: LocalARN.stateMachine("kid"), name: "k1", input: ["a": 1], parentExecutionArn: execution.arn)])
        #expect(execution.status == .succeeded)
        #expect(execution.output?["Output"] == ["a": 1])
        #expect(execution.output?["StartDate"] == .number(testStartTime * 1000))
        #expect(execution.output?["StopDate"] == .number((testStartTime + 3) * 1000))
        #expect(types(history) == ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded",
                                   "TaskStateExited", "ExecutionSucceeded"])
        let (refused, _) = try run(definition, input: ["arn": .string(LocalARN.stateMachine("nobody"))], engine: engine, name: "second")
        #expect(refused.error == "StepFunctions.StateMachineDoesNotExistException")
        #expect(refused.cause?.hasPrefix("State Machine Does Not Exist: '\(LocalARN.stateMachine("nobody"))' (Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist; Request ID: ") == true)
        let missing = single(#""Type": "Task", "Resource": "arn:aws:states:::states:startExecution", "Parameters": {"Input": {}}"#)
        let (invalid, _) = try run(missing, engine: engine, name: "third")
        #expect(invalid.error == "StepFunctions.ValidationException")
        #expect(invalid.cause?.hasPrefix("1 validation error detected: Value 'null' at 'stateMachineArn' failed to satisfy constraint: Member must not be null") == true)
    }

    /// Task events keep the integration pattern in `resource`, as AWS writes them.
    @Test func taskEventsNameTheIntegrationPattern() throws {
        let engine = makeEngine()
        engine.handlers.registerResource("arn:aws:states:::glue:startJobRun.sync") { $0.succeed(["JobRunState": "SUCCEEDED"]) }
        let (_, history) = try run(single(#""Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync""#), engine: engine)
        #expect(events(history, .taskScheduled).first?.details.resourceType == "glue")
        #expect(events(history, .taskSucceeded).first?.details.resource == "startJobRun.sync")
    }
}
