"""A user's Step Functions Local test suite, moved over unchanged: a MockConfigFile given to the
server, and executions started on `STATE_MACHINE_ARN#TestCase` (AWS's own example, LambdaSQSIntegration)."""
import json
import os
import tempfile
import unittest

from server import ROLE, Server

DEFINITION = {
    "Comment": "Calls a Lambda function with retries, then sends its result to SQS",
    "StartAt": "LambdaState",
    "States": {
        "LambdaState": {
            "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"Payload.$": "$", "FunctionName": "HelloWorldFunction"},
            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2}],
            "Next": "SQSState"},
        "SQSState": {
            "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
            "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/myQueue", "MessageBody.$": "$"},
            "End": True},
    },
}
MOCKS = {
    "StateMachines": {"LambdaSQSIntegration": {"TestCases": {
        "HappyPath": {"LambdaState": "MockedLambdaSuccess", "SQSState": "MockedSQSSuccess"},
        "RetryPath": {"LambdaState": "MockedLambdaRetry", "SQSState": "MockedSQSSuccess"},
        "HybridPath": {"LambdaState": "MockedLambdaSuccess"},
    }}},
    "MockedResponses": {
        "MockedLambdaSuccess": {"0": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}}},
        "MockedSQSSuccess": {"0": {"Return": {"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51", "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}}},
        "MockedLambdaRetry": {
            "0": {"Throw": {"Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready."}},
            "1-2": {"Throw": {"Error": "Lambda.TimeoutException", "Cause": "Lambda timed out."}},
            "3": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}},
        },
    },
}


class StepFunctionsLocalSuite(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mocks = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump(MOCKS, cls.mocks)
        cls.mocks.close()
        cls.server = Server(os.environ["PIZZADASH_BINARY"], "--mock-config", cls.mocks.name)
        cls.sfn = cls.server.client()
        cls.machine = cls.sfn.create_state_machine(name="LambdaSQSIntegration", definition=json.dumps(DEFINITION), roleArn=ROLE)["stateMachineArn"]

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        os.unlink(cls.mocks.name)

    def run_case(self, case):
        arn = self.sfn.start_execution(stateMachineArn=f"{self.machine}#{case}", name=case, input=json.dumps({"name": "test"}))["executionArn"]
        self.assertEqual(arn, f"arn:aws:states:us-east-1:123456789012:execution:LambdaSQSIntegration:{case}")
        return Server.wait_for_end(self.sfn, arn), self.sfn.get_execution_history(executionArn=arn)["events"]

    def test_happy_path(self):
        described, events = self.run_case("HappyPath")
        self.assertEqual(described["status"], "SUCCEEDED")
        self.assertEqual(json.loads(described["output"])["MessageId"], "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51")
        succeeded = [e for e in events if e["type"] == "TaskSucceeded"]
        self.assertEqual(json.loads(succeeded[0]["taskSucceededEventDetails"]["output"])["Payload"]["body"], "Hello from Lambda!")

    def test_retry_path(self):
        described, events = self.run_case("RetryPath")
        self.assertEqual(described["status"], "SUCCEEDED")
        failures = [e["taskFailedEventDetails"]["error"] for e in events if e["type"] == "TaskFailed"]
        self.assertEqual(failures, ["Lambda.ResourceNotReadyException", "Lambda.TimeoutException", "Lambda.TimeoutException"])

    def test_an_unknown_test_case_is_refused(self):
        with self.assertRaises(Exception) as refused:
            self.sfn.start_execution(stateMachineArn=f"{self.machine}#NoSuchCase")
        self.assertIn("NoSuchCase", str(refused.exception))


if __name__ == "__main__":
    unittest.main()
