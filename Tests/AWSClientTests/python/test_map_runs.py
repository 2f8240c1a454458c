"""Distributed Maps' Map Runs through boto3, as AWS documents them: ListMapRuns, DescribeMapRun
(every field), UpdateMapRun (a running Map Run's concurrency and tolerated failures), ListExecutions
with `mapRunArn` (the children, never listed with a state machine's executions), DescribeExecution of
a child (its `mapRunArn`), AWS's errors; kept across a restart.

Run by AWSClientTests (swift test) as: python3 -m unittest test_map_runs, with PIZZADASH_BINARY set."""
import datetime
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest

from botocore.exceptions import ClientError

from server import ACCOUNT, REGION, ROLE, Server, ServerTestCase

PREFIX = f"arn:aws:states:{REGION}:{ACCOUNT}:"
COUNT_FIELDS = {"pending", "running", "succeeded", "failed", "timedOut", "aborted", "total", "resultsWritten",
                "failuresNotRedrivable", "pendingRedrive"}


def machine(**settings):
    """A distributed Map labelled `Each` whose child executions each wait for a task token."""
    state = {
        "Type": "Map", "Label": "Each", "End": True, **settings,
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Ask",
            "States": {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                               "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token", "item.$": "$"}},
                               "End": True}},
        },
    }
    return json.dumps({"StartAt": "M", "States": {"M": state}})


def counts(**nonzero):
    return {field: nonzero.get(field, 0) for field in COUNT_FIELDS}


def error_code(context):
    return context.exception.response["Error"]["Code"]


def eventually(check, seconds=30):
    """Polls until `check()` answers something true (the server runs in virtual time: a few polls
    at most), as Server.wait_for_end does."""
    deadline = time.monotonic() + seconds
    while True:
        answer = check()
        if answer or time.monotonic() > deadline:
            return answer
        time.sleep(0.01)


class MapRunsTestCase(ServerTestCase):
    def refused(self, code, call, **arguments):
        with self.assertRaises(ClientError) as refusal:
            call(**arguments)
        self.assertEqual(error_code(refusal), code, refusal.exception.response["Error"].get("Message"))
        return refusal.exception.response["Error"].get("Message")

    def start(self, name, items, **settings):
        arn = self.sfn.create_state_machine(name=name, definition=machine(**settings), roleArn=ROLE)["stateMachineArn"]
        execution = self.sfn.start_execution(stateMachineArn=arn, input=json.dumps(items))["executionArn"]
        runs = eventually(lambda: self.sfn.list_map_runs(executionArn=execution)["mapRuns"])
        self.assertEqual(len(runs), 1)
        return arn, execution, runs[0]["mapRunArn"]

    def token(self, execution):
        events = self.sfn.get_execution_history(executionArn=execution)["events"]
        for event in events:
            if event["type"] == "TaskScheduled":
                return json.loads(event["taskScheduledEventDetails"]["parameters"])["MessageBody"]["token"]
        return None

    def tokens(self, map_run, expected):
        """The task tokens of the Map Run's running children, oldest child first, once `expected` wait."""
        def ready():
            children = self.sfn.list_executions(mapRunArn=map_run, statusFilter="RUNNING")["executions"]
            found = [self.token(child["executionArn"]) for child in reversed(children)]
            return found if len(found) == expected and all(found) else None
        return eventually(ready)


class MapRuns(MapRunsTestCase):
    def latest_token(self, execution):
        events = self.sfn.get_execution_history(executionArn=execution, reverseOrder=True)["events"]
        for event in events:
            if event["type"] == "TaskScheduled":
                return json.loads(event["taskScheduledEventDetails"]["parameters"])["MessageBody"]["token"]
        return None

    def test_redriving_the_parent_redrives_its_failed_map_run(self):
        _, execution, map_run = self.start("redriven-mapper", [1, 2])
        first, second = self.tokens(map_run, 2)
        self.sfn.send_task_success(taskToken=first, output=json.dumps({"done": 1}))
        self.sfn.send_task_failure(taskToken=second, error="Oven.Cold", cause="not hot yet")
        self.assertEqual(Server.wait_for_end(self.sfn, execution)["status"], "FAILED")
        children = [c["executionArn"] for c in reversed(self.sfn.list_executions(mapRunArn=map_run)["executions"])]
        failed = next(c for c in children if self.sfn.describe_execution(executionArn=c)["status"] == "FAILED")
        self.assertEqual(self.sfn.describe_execution(executionArn=failed)["redriveStatus"], "REDRIVABLE_BY_MAP_RUN")

        self.sfn.redrive_execution(executionArn=execution)
        described = self.sfn.describe_map_run(mapRunArn=map_run)
        self.assertEqual((described["status"], described["redriveCount"]), ("RUNNING", 1))
        self.assertIsInstance(described["redriveDate"], datetime.datetime)
        history = self.sfn.get_execution_history(executionArn=execution)["events"]
        redriven = [e for e in history if e["type"] == "MapRunRedriven"]
        self.assertEqual([e["mapRunRedrivenEventDetails"] for e in redriven], [{"mapRunArn": map_run, "redriveCount": 1}])
        token = eventually(lambda: self.sfn.describe_execution(executionArn=failed)["status"] == "RUNNING" and self.latest_token(failed))
        self.sfn.send_task_success(taskToken=token, output=json.dumps({"done": 2}))
        ended = Server.wait_for_end(self.sfn, execution)
        self.assertEqual(ended["status"], "SUCCEEDED")
        self.assertEqual(sorted(json.loads(ended["output"]), key=json.dumps), [{"done": 1}, {"done": 2}])
        self.assertEqual(len(self.sfn.list_executions(mapRunArn=map_run)["executions"]), 2)
        self.assertEqual(self.sfn.describe_execution(executionArn=failed)["redriveCount"], 1)
        self.assertEqual(self.sfn.describe_map_run(mapRunArn=map_run)["itemCounts"], counts(succeeded=2, total=2))

    def test_a_map_run_is_listed_described_and_updated(self):
        machine_arn, execution, map_run = self.start("mapper", [1, 2, 3], MaxConcurrency=1, ToleratedFailureCount=1)
        self.assertTrue(map_run.startswith(PREFIX + "mapRun:mapper/Each:"), map_run)
        listed = self.sfn.list_map_runs(executionArn=execution)["mapRuns"][0]
        self.assertEqual(set(listed), {"executionArn", "mapRunArn", "stateMachineArn", "startDate"})
        self.assertEqual(listed["executionArn"], execution)
        self.assertEqual(listed["stateMachineArn"], PREFIX + "stateMachine:mapper/Each")
        self.assertIsInstance(listed["startDate"], datetime.datetime)
        history = self.sfn.get_execution_history(executionArn=execution)["events"]
        started = [e for e in history if e["type"] == "MapRunStarted"]
        self.assertEqual(started[0]["mapRunStartedEventDetails"]["mapRunArn"], map_run)

        self.tokens(map_run, 1)
        described = self.sfn.describe_map_run(mapRunArn=map_run)
        del described["ResponseMetadata"]
        self.assertEqual(set(described), {"mapRunArn", "executionArn", "status", "startDate", "maxConcurrency",
                                          "toleratedFailurePercentage", "toleratedFailureCount", "itemCounts",
                                          "executionCounts", "redriveCount"})
        self.assertEqual(described["mapRunArn"], map_run)
        self.assertEqual(described["executionArn"], execution)
        self.assertEqual(described["status"], "RUNNING")
        self.assertEqual(described["startDate"], listed["startDate"])
        self.assertEqual(described["maxConcurrency"], 1)
        self.assertEqual(described["toleratedFailurePercentage"], 0.0)
        self.assertEqual(described["toleratedFailureCount"], 1)
        self.assertEqual(described["itemCounts"], counts(pending=2, running=1, total=3))
        self.assertEqual(described["executionCounts"], counts(running=1, total=1))
        self.assertEqual(described["redriveCount"], 0)

        # The children: listed by their Map Run, with it; never with the state machine's executions.
        children = self.sfn.list_executions(mapRunArn=map_run)["executions"]
        self.assertEqual(len(children), 1)
        child = children[0]
        self.assertTrue(child["executionArn"].startswith(PREFIX + "execution:mapper/Each:"), child["executionArn"])
        self.assertEqual(child["mapRunArn"], map_run)
        self.assertEqual(child["stateMachineArn"], PREFIX + "stateMachine:mapper/Each")
        self.assertEqual(child["status"], "RUNNING")
        listed_executions = self.sfn.list_executions(stateMachineArn=machine_arn)["executions"]
        self.assertEqual([e["executionArn"] for e in listed_executions], [execution])
        self.assertNotIn("mapRunArn", listed_executions[0])
        described_child = self.sfn.describe_execution(executionArn=child["executionArn"])
        self.assertEqual(described_child["mapRunArn"], map_run)
        self.assertEqual(described_child["stateMachineArn"], PREFIX + "stateMachine:mapper/Each")
        self.assertEqual(json.loads(described_child["input"]), 1)
        self.assertNotIn("mapRunArn", self.sfn.describe_execution(executionArn=execution))
        # Its machine: the Map state's ItemProcessor, with the Map Run and the label.
        child_machine = self.sfn.describe_state_machine_for_execution(executionArn=child["executionArn"])
        self.assertEqual(child_machine["stateMachineArn"], PREFIX + "stateMachine:mapper/Each")
        self.assertEqual(child_machine["name"], "mapper/Each")
        self.assertEqual((child_machine["label"], child_machine["mapRunArn"]), ("Each", map_run))
        processor = json.loads(machine(MaxConcurrency=1, ToleratedFailureCount=1))["States"]["M"]["ItemProcessor"]
        self.assertEqual(json.loads(child_machine["definition"]), processor)
        self.assertNotIn("mapRunArn", self.sfn.describe_state_machine_for_execution(executionArn=execution))

        # UpdateMapRun: the pending items start at once.
        self.assertEqual(self.sfn.update_map_run(mapRunArn=map_run, maxConcurrency=3)["ResponseMetadata"]["HTTPStatusCode"], 200)
        tokens = self.tokens(map_run, 3)
        described = self.sfn.describe_map_run(mapRunArn=map_run)
        self.assertEqual(described["maxConcurrency"], 3)
        self.assertEqual(described["itemCounts"], counts(running=3, total=3))
        page = self.sfn.list_executions(mapRunArn=map_run, maxResults=2)
        self.assertEqual(len(page["executions"]), 2)
        rest = self.sfn.list_executions(mapRunArn=map_run, maxResults=2, nextToken=page["nextToken"])
        self.assertEqual(len(rest["executions"]), 1)
        self.assertNotIn("nextToken", rest)

        self.sfn.send_task_failure(taskToken=tokens[1], error="Burnt", cause="too hot")
        self.sfn.send_task_success(taskToken=tokens[0], output='"a"')
        self.sfn.send_task_success(taskToken=tokens[2], output='"c"')
        parent = Server.wait_for_end(self.sfn, execution)
        self.assertEqual(parent["status"], "SUCCEEDED")
        self.assertEqual(json.loads(parent["output"]), ["a", {"Error": "Burnt", "Cause": "too hot"}, "c"])
        described = self.sfn.describe_map_run(mapRunArn=map_run)
        self.assertEqual(described["status"], "SUCCEEDED")
        self.assertIsInstance(described["stopDate"], datetime.datetime)
        self.assertEqual(described["itemCounts"], counts(succeeded=2, failed=1, total=3))
        self.assertEqual(described["executionCounts"], counts(succeeded=2, failed=1, total=3))
        self.assertIn("stopDate", self.sfn.list_map_runs(executionArn=execution)["mapRuns"][0])
        failed = self.sfn.list_executions(mapRunArn=map_run, statusFilter="FAILED")["executions"]
        self.assertEqual(len(failed), 1)
        failed_child = self.sfn.describe_execution(executionArn=failed[0]["executionArn"])
        self.assertEqual((failed_child["error"], failed_child["cause"]), ("Burnt", "too hot"))
        self.assertEqual(failed_child["redriveStatus"], "REDRIVABLE_BY_MAP_RUN")

        # An ended Map Run is not updated.
        self.refused("ValidationException", self.sfn.update_map_run, mapRunArn=map_run, maxConcurrency=5)

    def test_lowering_the_tolerated_failures_fails_the_running_map_run(self):
        _, execution, map_run = self.start("strict", [1, 2, 3], ToleratedFailurePercentage=50)
        tokens = self.tokens(map_run, 3)
        self.sfn.send_task_failure(taskToken=tokens[0], error="Burnt", cause="")
        self.assertEqual(eventually(lambda: self.sfn.describe_map_run(mapRunArn=map_run)["itemCounts"]["failed"]), 1)
        self.assertEqual(self.sfn.describe_map_run(mapRunArn=map_run)["status"], "RUNNING")
        self.sfn.update_map_run(mapRunArn=map_run, toleratedFailurePercentage=10.0, toleratedFailureCount=0)
        parent = Server.wait_for_end(self.sfn, execution)
        self.assertEqual((parent["status"], parent["error"]), ("FAILED", "States.ExceedToleratedFailureThreshold"))
        described = self.sfn.describe_map_run(mapRunArn=map_run)
        self.assertEqual(described["status"], "FAILED")
        self.assertEqual(described["toleratedFailurePercentage"], 10.0)
        self.assertEqual(described["toleratedFailureCount"], 0)
        self.assertEqual(described["executionCounts"], counts(failed=1, aborted=2, total=3))

    def test_errors_are_aws_shapes(self):
        machine_arn, execution, map_run = self.start("refusals", [1])
        unknown = PREFIX + "mapRun:refusals/Each:00000000-0000-4000-8000-000000000000"
        self.refused("ResourceNotFound", self.sfn.describe_map_run, mapRunArn=unknown)
        self.refused("ResourceNotFound", self.sfn.update_map_run, mapRunArn=unknown, maxConcurrency=1)
        self.refused("ResourceNotFound", self.sfn.list_executions, mapRunArn=unknown)
        self.refused("InvalidArn", self.sfn.describe_map_run, mapRunArn="nonsense")
        self.refused("InvalidArn", self.sfn.describe_map_run, mapRunArn=execution)
        self.refused("InvalidArn", self.sfn.update_map_run, mapRunArn=machine_arn, maxConcurrency=1)
        self.refused("InvalidArn", self.sfn.list_map_runs, executionArn="nonsense")
        self.refused("ExecutionDoesNotExist", self.sfn.list_map_runs, executionArn=PREFIX + "execution:refusals:missing")
        message = self.refused("ValidationException", self.sfn.update_map_run, mapRunArn=map_run, toleratedFailurePercentage=101.0)
        self.assertIn("toleratedFailurePercentage", message)
        # Below the model's minimums: boto3 checks them itself unless told not to; the server checks them too.
        unchecked = self.server.client(parameter_validation=False)
        self.refused("ValidationException", unchecked.update_map_run, mapRunArn=map_run, maxConcurrency=-1)
        self.refused("ValidationException", unchecked.update_map_run, mapRunArn=map_run, toleratedFailureCount=-1)
        self.refused("ValidationException", self.sfn.update_map_run, mapRunArn=map_run)
        self.refused("ValidationException", self.sfn.list_executions, stateMachineArn=machine_arn, mapRunArn=map_run)
        self.refused("ValidationException", self.sfn.list_executions)
        self.refused("InvalidToken", self.sfn.list_map_runs, executionArn=execution, nextToken="bogus")
        # Nothing changed by the refusals.
        described = self.sfn.describe_map_run(mapRunArn=map_run)
        self.assertEqual((described["maxConcurrency"], described["toleratedFailurePercentage"], described["toleratedFailureCount"]),
                         (0, 0.0, 0))
        # A child is redriven through its Map Run only.
        child = self.sfn.list_executions(mapRunArn=map_run)["executions"][0]["executionArn"]
        self.sfn.stop_execution(executionArn=child)
        self.refused("ExecutionNotRedrivable", self.sfn.redrive_execution, executionArn=child)


class Restart(MapRunsTestCase):
    """Map Runs and their children's descriptions survive the server's restart."""

    def test_map_runs_come_back(self):
        _, execution, map_run = self.start("kept", [1, 2])
        for token in self.tokens(map_run, 2):
            self.sfn.send_task_success(taskToken=token, output="{}")
        self.assertEqual(Server.wait_for_end(self.sfn, execution)["status"], "SUCCEEDED")
        before = self.sfn.describe_map_run(mapRunArn=map_run)
        children = self.sfn.list_executions(mapRunArn=map_run)["executions"]
        child = self.sfn.describe_execution(executionArn=children[0]["executionArn"])
        # Stop the process, keep its store, and serve the same store again.
        server = self.server
        server.process.terminate()
        server.process.wait(timeout=30)
        server.process.stdout.close()
        server.process = subprocess.Popen([os.environ["PIZZADASH_BINARY"], "serve", "--port", "0", "--speed", "instant",
                                           "--db", server.database], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        server.url = server._read_url()
        self.sfn = server.client()

        after = self.sfn.describe_map_run(mapRunArn=map_run)
        for described in (before, after, child):
            del described["ResponseMetadata"]
        self.assertEqual(after, before)
        self.assertEqual(self.sfn.list_executions(mapRunArn=map_run)["executions"], children)
        self.assertEqual(self.sfn.list_map_runs(executionArn=execution)["mapRuns"][0]["mapRunArn"], map_run)
        again = self.sfn.describe_execution(executionArn=children[0]["executionArn"])
        del again["ResponseMetadata"]
        self.assertEqual(again, child)


class S3Root(unittest.TestCase):
    """`serve --s3-root DIR`: a distributed Map reads its items from DIR/BUCKET/KEY and writes its
    results there, with no AWS."""

    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="pizzadash-s3-")
        os.makedirs(os.path.join(self.root, "pantry"))
        with open(os.path.join(self.root, "pantry", "orders.json"), "w") as file:
            json.dump([{"n": 1}, {"n": 2}, {"n": 3}], file)
        self.server = Server(os.environ["PIZZADASH_BINARY"], "--s3-root", self.root)
        self.sfn = self.server.client()

    def tearDown(self):
        self.server.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def test_a_distributed_map_reads_and_writes_the_folder(self):
        definition = {"StartAt": "M", "States": {"M": {
            "Type": "Map", "End": True,
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                           "Parameters": {"Bucket": "pantry", "Key": "orders.json"}},
            "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "pantry", "Prefix": "results"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Double",
                              "States": {"Double": {"Type": "Pass", "Parameters": {"twice.$": "States.MathAdd($.n, $.n)"}, "End": True}}}}}}
        arn = self.sfn.create_state_machine(name="from-s3", definition=json.dumps(definition), roleArn=ROLE)["stateMachineArn"]
        execution = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        ended = Server.wait_for_end(self.sfn, execution)
        self.assertEqual(ended["status"], "SUCCEEDED", ended)
        written = json.loads(ended["output"])
        self.assertEqual(written["ResultWriterDetails"]["Bucket"], "pantry")
        manifest = os.path.join(self.root, "pantry", written["ResultWriterDetails"]["Key"])
        self.assertTrue(os.path.isfile(manifest), manifest)
        with open(os.path.join(os.path.dirname(manifest), "SUCCEEDED_0.json")) as file:
            outputs = sorted(json.loads(entry["Output"])["twice"] for entry in json.load(file))
        self.assertEqual(outputs, [2, 4, 6])


if __name__ == "__main__":
    unittest.main()
