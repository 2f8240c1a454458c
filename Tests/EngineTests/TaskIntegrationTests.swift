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
}
