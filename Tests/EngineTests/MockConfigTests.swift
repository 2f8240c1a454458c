import Testing
@testable import Engine
import ASL

/// Mocked task results in Step Functions Local's MockConfigFile format, from the AWS docs'
/// LambdaSQSIntegration example.
@Suite struct MockConfigTests {
    private static let machine = """
    {"StartAt": "LambdaState", "States": {
      "LambdaState": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"Payload.$": "$", "FunctionName": "HelloWorldFunction"},
        "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2}],
        "Next": "SQSState"},
      "SQSState": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
        "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/myQueue", "MessageBody.$": "$"},
        "End": true}}}
    """

    private static let mockConfig = """
    {"StateMachines": {"LambdaSQSIntegration": {"TestCases": {
        "HappyPath": {"LambdaState": "MockedLambdaSuccess", "SQSState": "MockedSQSSuccess"},
        "RetryPath": {"LambdaState": "MockedLambdaRetry", "SQSState": "MockedSQSSuccess"},
        "HybridPath": {"LambdaState": "MockedLambdaSuccess"},
        "FailPath": {"LambdaState": "MockedLambdaAlwaysFails"}}}},
     "MockedResponses": {
        "MockedLambdaSuccess": {"0": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}}},
        "MockedLambdaAlwaysFails": {"0-3": {"Throw": {"Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready."}}},
        "MockedSQSSuccess": {"0": {"Return": {"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51",
                                              "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}}},
        "MockedLambdaRetry": {
          "0": {"Throw": {"Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready."}},
          "1-2": {"Throw": {"Error": "Lambda.TimeoutException", "Cause": "Lambda timed out."}},
          "3": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}}}}}
    """

    private func testCase(_ name: String) throws -> MockConfig.TestCase {
        let config = try MockConfig(json: try json(Self.mockConfig))
        return try #require(config.testCase(machine: "LambdaSQSIntegration", name: name))
    }

    private final class Calls { var lambda = 0 }

    /// An engine with a real handler for the Lambda, to show which one answers.
    private func engine(_ calls: Calls) -> Engine {
        let engine = makeEngine()
        engine.handlers.registerFunction("HelloWorldFunction", returning: { _ in
            calls.lambda += 1
            return "from the handler"
        })
        return engine
    }

    @Test func happyPathReturnsTheMockedResponses() throws {
        let calls = Calls()
        let engine = engine(calls)
        let (execution, history) = try run(Self.machine, input: ["x": 1], engine: engine, machine: "LambdaSQSIntegration",
                                           mocks: try testCase("HappyPath"))
        #expect(execution.status == .succeeded)
        #expect(execution.output == [
            "MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51", "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51",
        ])
        #expect(events(history, .taskSucceeded).first?.details.output == (try json(
            #"{"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}"#)))
        #expect(calls.lambda == 0, "a mocked state wins over its handler")
        #expect(engine.queues.messages.isEmpty, "a mocked SQS task sends nothing")
    }

    @Test func retriesConsumeSuccessiveResponsesIncludingRanges() throws {
        let (execution, history) = try run(Self.machine, engine: makeEngine(), machine: "LambdaSQSIntegration",
                                           mocks: try testCase("RetryPath"))
        #expect(execution.status == .succeeded)
        #expect(events(history, .taskFailed).map(\.details.error) == [
            "Lambda.ResourceNotReadyException", "Lambda.TimeoutException", "Lambda.TimeoutException",
        ])
        // Retries after 2, 4 and 8 seconds; the fourth invocation (response "3") returns.
        #expect(offsets(history, .taskScheduled) == [0, 2, 6, 14, 14])
        #expect(events(history, .taskSucceeded).first?.details.stateName == "LambdaState")
    }

    @Test func unmockedStatesUseTheirHandlers() throws {
        let calls = Calls()
        let engine = engine(calls)
        let (execution, _) = try run(Self.machine, input: ["x": 1], engine: engine, machine: "LambdaSQSIntegration",
                                     mocks: try testCase("HybridPath"))
        #expect(execution.status == .succeeded)
        #expect(calls.lambda == 0)
        // SQSState is not mocked in this test case: the local queue receives the Lambda's mocked result.
        #expect(engine.queues.messages(in: "myQueue").map(\.body) == [
            (try json(#"{"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}"#)),
        ])
    }

    @Test func thrownErrorsExhaustTheRetrier() throws {
        let (execution, history) = try run(Self.machine, engine: makeEngine(), machine: "LambdaSQSIntegration",
                                           mocks: try testCase("FailPath"))
        #expect(execution.status == .failed)
        #expect(execution.error == "Lambda.ResourceNotReadyException")
        #expect(execution.cause == "Lambda resource is not ready.")
        #expect(events(history, .taskFailed).count == 4)
    }

    @Test func withoutATestCaseTheHandlersRun() throws {
        let calls = Calls()
        let engine = engine(calls)
        let (execution, _) = try run(Self.machine, engine: engine, machine: "LambdaSQSIntegration")
        #expect(execution.status == .succeeded)
        #expect(calls.lambda == 1)
    }

    @Test func rangesAndNumbersAreParsed() throws {
        let responses = try testCase("RetryPath").responses["LambdaState"] ?? []
        #expect(responses.map(\.0) == [0...0, 1...2, 3...3])
        #expect(MockConfig.range("7") == 7...7)
        #expect(MockConfig.range("1-2") == 1...2)
        #expect(MockConfig.range("2-1") == nil)
        #expect(MockConfig.range("x") == nil)
    }

    @Test func problemsNameTheirLocation() throws {
        let bad = try json("""
        {"StateMachines": {"M": {"TestCases": {"T": {"S": "Nowhere"}}}},
         "MockedResponses": {"R": {"zero": {"Return": 1}}}}
        """)
        #expect(throws: DefinitionError.self) { try MockConfig(json: bad) }
        do {
            _ = try MockConfig(json: bad)
        } catch {
            let text = error.problems.map(\.location)
            #expect(text.contains("/MockedResponses/R/zero"))
            #expect(text.contains("/StateMachines/M/TestCases/T/S"))
        }
    }
}
