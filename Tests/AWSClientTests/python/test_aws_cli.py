"""The Step Functions API of `pizzadash serve` through the `aws` command line, as a person types it."""
import json
import os
import subprocess
import unittest

from server import ROLE, Server

WAITER = json.dumps({"StartAt": "Ask", "States": {"Ask": {
    "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/asks", "MessageBody": {"token.$": "$$.Task.Token"}},
    "End": True}}})


class AWSCLI(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(os.environ["PIZZADASH_BINARY"])

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def aws(self, *arguments, **variables):
        environment = dict(os.environ, AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="y", AWS_DEFAULT_REGION="us-east-1",
                           AWS_PAGER="", AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null", **variables)
        done = subprocess.run(["aws", "--endpoint-url", self.server.url, "stepfunctions", *arguments],
                              capture_output=True, text=True, env=environment, timeout=120)
        self.assertEqual(done.returncode, 0, f"aws {' '.join(arguments)} failed: {done.stderr}")
        return json.loads(done.stdout) if done.stdout.strip() else {}

    def test_list_state_machines_as_the_issue_types_it(self):
        names = [m["name"] for m in self.aws("list-state-machines")["stateMachines"]]
        self.assertIn("order-saga", names)
        self.assertIn("pineapple-check", names)

    def test_create_start_describe_history_stop_and_send_task_success(self):
        machine = self.aws("create-state-machine", "--name", "cli-waiter", "--definition", WAITER, "--role-arn", ROLE)["stateMachineArn"]
        started = self.aws("start-execution", "--state-machine-arn", machine, "--name", "cli-1", "--input", '{"who": "cli"}')
        arn = started["executionArn"]
        self.assertEqual(self.aws("describe-execution", "--execution-arn", arn)["status"], "RUNNING")
        events = self.aws("get-execution-history", "--execution-arn", arn)["events"]
        scheduled = [e for e in events if e["type"] == "TaskScheduled"][0]
        token = json.loads(scheduled["taskScheduledEventDetails"]["parameters"])["MessageBody"]["token"]
        self.aws("send-task-success", "--task-token", token, "--task-output", '{"done": true}')
        described = Server.wait_for_end(self.server.client(), arn)
        self.assertEqual((described["status"], json.loads(described["output"])), ("SUCCEEDED", {"done": True}))
        second = self.aws("start-execution", "--state-machine-arn", machine)["executionArn"]
        self.assertIn("stopDate", self.aws("stop-execution", "--execution-arn", second, "--error", "Halt"))
        self.assertEqual(self.aws("describe-execution", "--execution-arn", second)["status"], "ABORTED")

    def test_start_sync_execution_without_the_host_prefix(self):
        machine = self.aws("create-state-machine", "--name", "cli-express", "--type", "EXPRESS", "--role-arn", ROLE,
                           "--definition", json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}))["stateMachineArn"]
        answer = self.aws("start-sync-execution", "--state-machine-arn", machine, "--input", '{"fast": true}',
                          AWS_DISABLE_HOST_PREFIX_INJECTION="true")
        self.assertEqual((answer["status"], json.loads(answer["output"])), ("SUCCEEDED", {"fast": True}))


if __name__ == "__main__":
    unittest.main()
