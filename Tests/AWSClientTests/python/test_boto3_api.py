"""The Step Functions API of `pizzadash serve`, driven through boto3 as a user's code would.

Run by AWSClientTests (swift test) as: python3 -m unittest test_boto3_api, with PIZZADASH_BINARY set."""
import json
import unittest
import urllib.request

from botocore.exceptions import ClientError

from server import ROLE, Server, ServerTestCase

PASS3 = json.dumps({"StartAt": "A", "States": {
    "A": {"Type": "Pass", "Next": "B"},
    "B": {"Type": "Pass", "Result": {"b": 1}, "ResultPath": "$.b", "Next": "C"},
    "C": {"Type": "Pass", "End": True}}})
WAITER = json.dumps({"StartAt": "Ask", "States": {"Ask": {
    "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/asks", "MessageBody": {"token.$": "$$.Task.Token"}},
    "End": True}}})
FAILING = json.dumps({"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Oops", "Cause": "on purpose"}}})


def error_code(context):
    return context.exception.response["Error"]["Code"]


class Boto3API(ServerTestCase):
    def create(self, name, definition=PASS3, **extra):
        return self.sfn.create_state_machine(name=name, definition=definition, roleArn=ROLE, **extra)["stateMachineArn"]

    def history(self, arn):
        return self.sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]

    # state machines

    def test_the_pizza_workflows_are_state_machines(self):
        names = [m["name"] for m in self.sfn.list_state_machines()["stateMachines"]]
        for name in ["order-saga", "order-saga-jsonata", "pineapple-check"]:
            self.assertIn(name, names)

    def test_create_describe_update_delete(self):
        arn = self.create("lifecycle")
        self.assertEqual(arn, "arn:aws:states:us-east-1:123456789012:stateMachine:lifecycle")
        described = self.sfn.describe_state_machine(stateMachineArn=arn)
        self.assertEqual((described["name"], described["status"], described["type"], described["roleArn"]), ("lifecycle", "ACTIVE", "STANDARD", ROLE))
        self.assertEqual(json.loads(described["definition"]), json.loads(PASS3))
        self.assertEqual(described["loggingConfiguration"], {"level": "OFF", "includeExecutionData": False})
        # An identical create answers the same machine; a different one is refused.
        self.assertEqual(self.create("lifecycle"), arn)
        with self.assertRaises(ClientError) as refused:
            self.create("lifecycle", definition=FAILING)
        self.assertEqual(error_code(refused), "StateMachineAlreadyExists")
        updated = self.sfn.update_state_machine(stateMachineArn=arn, definition=FAILING)
        self.assertIn("updateDate", updated)
        self.assertEqual(json.loads(self.sfn.describe_state_machine(stateMachineArn=arn)["definition"]), json.loads(FAILING))
        self.sfn.delete_state_machine(stateMachineArn=arn)
        with self.assertRaises(ClientError) as gone:
            self.sfn.describe_state_machine(stateMachineArn=arn)
        self.assertEqual(error_code(gone), "StateMachineDoesNotExist")

    def test_delete_while_an_execution_runs(self):
        ask = {key: value for key, value in json.loads(WAITER)["States"]["Ask"].items() if key != "End"}
        asker = json.dumps({"StartAt": "Ask", "States": {"Ask": dict(ask, Next="Done"), "Done": {"Type": "Pass", "End": True}}})
        arn = self.create("deleting", definition=asker)
        execution = self.sfn.start_execution(stateMachineArn=arn, name="running")["executionArn"]
        self.sfn.delete_state_machine(stateMachineArn=arn)
        self.assertEqual(self.sfn.describe_state_machine(stateMachineArn=arn)["status"], "DELETING")
        with self.assertRaises(ClientError) as refused:
            self.sfn.start_execution(stateMachineArn=arn, name="another")
        self.assertEqual(error_code(refused), "StateMachineDeleting")
        # At its next state transition the execution fails, and the machine is gone.
        self.sfn.send_task_success(taskToken=self.token_of(execution), output="{}")
        described = Server.wait_for_end(self.sfn, execution)
        self.assertEqual((described["status"], described["error"], described["cause"]),
                         ("FAILED", "States.Runtime", "State machine deleting has been deleted."))
        with self.assertRaises(ClientError) as gone:
            self.sfn.describe_state_machine(stateMachineArn=arn)
        self.assertEqual(error_code(gone), "StateMachineDoesNotExist")

    def test_list_state_machines_pages(self):
        for index in range(3):
            self.create(f"paged-{index}")
        names, token, pages = [], None, 0
        while True:
            answer = self.sfn.list_state_machines(maxResults=2, **({"nextToken": token} if token else {}))
            self.assertLessEqual(len(answer["stateMachines"]), 2)
            names += [m["name"] for m in answer["stateMachines"]]
            pages += 1
            token = answer.get("nextToken")
            if not token:
                break
        self.assertGreaterEqual(pages, 3)
        self.assertEqual(len(names), len(set(names)))
        self.assertTrue({"paged-0", "paged-1", "paged-2"} <= set(names))
        paginated = [m["name"] for page in self.sfn.get_paginator("list_state_machines").paginate(PaginationConfig={"PageSize": 1}) for m in page["stateMachines"]]
        self.assertEqual(sorted(paginated), sorted(names))

    def test_bad_state_machines_are_refused_with_aws_errors(self):
        with self.assertRaises(ClientError) as invalid:
            self.create("broken", definition=json.dumps({"StartAt": "Nowhere", "States": {}}))
        self.assertEqual(error_code(invalid), "InvalidDefinition")
        with self.assertRaises(ClientError) as name:
            self.create("bad name")
        self.assertEqual(error_code(name), "InvalidName")
        with self.assertRaises(ClientError) as role:
            self.sfn.create_state_machine(name="norole", definition=PASS3, roleArn="not-a-role")
        self.assertEqual(error_code(role), "InvalidArn")
        with self.assertRaises(ClientError) as unknown:
            self.sfn.describe_state_machine(stateMachineArn="arn:aws:states:us-east-1:123456789012:stateMachine:nobody")
        self.assertEqual(error_code(unknown), "StateMachineDoesNotExist")
        with self.assertRaises(ClientError) as too_long:
            self.create("x" * 81)
        self.assertEqual(error_code(too_long), "ValidationException")
        self.assertIn("Member must have length less than or equal to 80", str(too_long.exception))

    def test_validate_state_machine_definition(self):
        self.assertEqual(self.sfn.validate_state_machine_definition(definition=PASS3)["result"], "OK")
        answer = self.sfn.validate_state_machine_definition(definition=json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}))
        self.assertEqual(answer["result"], "FAIL")
        self.assertEqual(answer["diagnostics"][0]["severity"], "ERROR")
        self.assertEqual(answer["diagnostics"][0]["code"], "SCHEMA_VALIDATION_FAILED")
        self.assertEqual(answer["diagnostics"][0]["location"], "/States/A/Next")
        self.assertFalse(answer["truncated"])
        not_json = self.sfn.validate_state_machine_definition(definition="{")
        self.assertEqual((not_json["result"], not_json["diagnostics"][0]["code"]), ("FAIL", "INVALID_JSON_DESCRIPTION"))

    def test_tags(self):
        arn = self.create("tagged", tags=[{"key": "team", "value": "pizza"}, {"key": "stage", "value": "dev"}])
        self.assertEqual(self.sfn.list_tags_for_resource(resourceArn=arn)["tags"], [{"key": "team", "value": "pizza"}, {"key": "stage", "value": "dev"}])
        self.sfn.tag_resource(resourceArn=arn, tags=[{"key": "stage", "value": "prod"}, {"key": "owner", "value": "ada"}])
        self.sfn.untag_resource(resourceArn=arn, tagKeys=["team", "missing"])
        self.assertEqual(self.sfn.list_tags_for_resource(resourceArn=arn)["tags"], [{"key": "stage", "value": "prod"}, {"key": "owner", "value": "ada"}])
        with self.assertRaises(ClientError) as too_many:
            self.sfn.tag_resource(resourceArn=arn, tags=[{"key": f"k{i}", "value": "v"} for i in range(49)])
        self.assertEqual(error_code(too_many), "TooManyTags")
        with self.assertRaises(ClientError) as unknown:
            self.sfn.list_tags_for_resource(resourceArn=arn + "-gone")
        self.assertEqual(error_code(unknown), "ResourceNotFound")
        self.sfn.delete_state_machine(stateMachineArn=arn)
        self.create("tagged")
        self.assertEqual(self.sfn.list_tags_for_resource(resourceArn=arn)["tags"], [])

    # executions

    def test_start_describe_history(self):
        machine = self.create("runner")
        started = self.sfn.start_execution(stateMachineArn=machine, name="first", input=json.dumps({"a": 1}))
        self.assertEqual(started["executionArn"], "arn:aws:states:us-east-1:123456789012:execution:runner:first")
        described = Server.wait_for_end(self.sfn, started["executionArn"])
        self.assertEqual(described["status"], "SUCCEEDED")
        self.assertEqual(json.loads(described["output"]), {"a": 1, "b": {"b": 1}})
        self.assertEqual(json.loads(described["input"]), {"a": 1})
        events = self.history(started["executionArn"])
        self.assertEqual([e["type"] for e in events], [
            "ExecutionStarted", "PassStateEntered", "PassStateExited", "PassStateEntered", "PassStateExited",
            "PassStateEntered", "PassStateExited", "ExecutionSucceeded"])
        self.assertEqual([e["id"] for e in events], list(range(1, 9)))
        self.assertEqual(events[0]["executionStartedEventDetails"]["roleArn"], ROLE)
        # Paging and order.
        first = self.sfn.get_execution_history(executionArn=started["executionArn"], maxResults=3)
        self.assertEqual([e["id"] for e in first["events"]], [1, 2, 3])
        second = self.sfn.get_execution_history(executionArn=started["executionArn"], maxResults=3, nextToken=first["nextToken"])
        self.assertEqual([e["id"] for e in second["events"]], [4, 5, 6])
        newest = self.sfn.get_execution_history(executionArn=started["executionArn"], maxResults=2, reverseOrder=True)
        self.assertEqual([e["id"] for e in newest["events"]], [8, 7])
        bare = self.sfn.get_execution_history(executionArn=started["executionArn"], includeExecutionData=False)["events"]
        self.assertNotIn("input", bare[0]["executionStartedEventDetails"])
        # The machine as the execution started it, after an update.
        self.sfn.update_state_machine(stateMachineArn=machine, definition=FAILING)
        original = self.sfn.describe_state_machine_for_execution(executionArn=started["executionArn"])
        self.assertEqual(json.loads(original["definition"]), json.loads(PASS3))
        self.assertEqual(original["roleArn"], ROLE)

    def test_names_and_idempotency(self):
        machine = self.create("named", definition=WAITER)
        first = self.sfn.start_execution(stateMachineArn=machine, name="once", input="{}")
        # The same name and input while it runs: the same execution.
        self.assertEqual(self.sfn.start_execution(stateMachineArn=machine, name="once", input="{}")["executionArn"], first["executionArn"])
        with self.assertRaises(ClientError) as other_input:
            self.sfn.start_execution(stateMachineArn=machine, name="once", input='{"x": 1}')
        self.assertEqual(error_code(other_input), "ExecutionAlreadyExists")
        unnamed = self.sfn.start_execution(stateMachineArn=machine)
        self.assertRegex(unnamed["executionArn"].rsplit(":", 1)[1], r"^[0-9a-f-]{36}$")
        with self.assertRaises(ClientError) as bad_input:
            self.sfn.start_execution(stateMachineArn=machine, input="{not json")
        self.assertEqual(error_code(bad_input), "InvalidExecutionInput")
        with self.assertRaises(ClientError) as bad_name:
            self.sfn.start_execution(stateMachineArn=machine, name="has space")
        self.assertEqual(error_code(bad_name), "InvalidName")

    def test_list_executions_filters_and_pages(self):
        machine = self.create("lister", definition=WAITER)
        done = self.create("lister-done")
        for index in range(3):
            self.sfn.start_execution(stateMachineArn=machine, name=f"waiting-{index}")
        self.sfn.start_execution(stateMachineArn=done, name="done")
        running = self.sfn.list_executions(stateMachineArn=machine, statusFilter="RUNNING")["executions"]
        self.assertEqual([e["name"] for e in running], ["waiting-2", "waiting-1", "waiting-0"])
        self.assertNotIn("stopDate", running[0])
        self.assertEqual(self.sfn.list_executions(stateMachineArn=machine, statusFilter="SUCCEEDED")["executions"], [])
        page = self.sfn.list_executions(stateMachineArn=machine, maxResults=2)
        self.assertEqual(len(page["executions"]), 2)
        rest = self.sfn.list_executions(stateMachineArn=machine, maxResults=2, nextToken=page["nextToken"])
        self.assertEqual([e["name"] for e in rest["executions"]], ["waiting-0"])
        self.assertNotIn("nextToken", rest)
        with self.assertRaises(ClientError) as token:
            self.sfn.list_executions(stateMachineArn=machine, nextToken="made-up")
        self.assertEqual(error_code(token), "InvalidToken")

    def test_stop_execution(self):
        machine = self.create("stopper", definition=WAITER)
        arn = self.sfn.start_execution(stateMachineArn=machine, name="stopped")["executionArn"]
        stopped = self.sfn.stop_execution(executionArn=arn, error="Halt", cause="the test stopped it")
        self.assertIn("stopDate", stopped)
        described = self.sfn.describe_execution(executionArn=arn)
        self.assertEqual(described["status"], "ABORTED")
        last = self.history(arn)[-1]
        self.assertEqual(last["type"], "ExecutionAborted")
        self.assertEqual(last["executionAbortedEventDetails"], {"error": "Halt", "cause": "the test stopped it"})
        with self.assertRaises(ClientError) as unknown:
            self.sfn.stop_execution(executionArn=arn + "-not")
        self.assertEqual(error_code(unknown), "ExecutionDoesNotExist")

    def test_start_sync_execution(self):
        express = self.create("quick", type="EXPRESS")
        answer = self.sfn.start_sync_execution(stateMachineArn=express, input=json.dumps({"a": 2}))
        self.assertEqual(answer["status"], "SUCCEEDED")
        self.assertEqual(json.loads(answer["output"]), {"a": 2, "b": {"b": 1}})
        self.assertIn(":express:quick:", answer["executionArn"])
        self.assertIn("billingDetails", answer)
        failing = self.create("quick-fail", definition=FAILING, type="EXPRESS")
        failed = self.sfn.start_sync_execution(stateMachineArn=failing)
        self.assertEqual((failed["status"], failed["error"], failed["cause"]), ("FAILED", "Oops", "on purpose"))
        standard = self.create("slow")
        with self.assertRaises(ClientError) as refused:
            self.sfn.start_sync_execution(stateMachineArn=standard)
        self.assertEqual(error_code(refused), "StateMachineTypeNotSupported")
        # AWS keeps no Express execution to describe, list or read the history of (their record
        # is the logs): an express: ARN is InvalidArn, the machine's list StateMachineTypeNotSupported.
        for operation in (self.sfn.describe_execution, self.sfn.get_execution_history, self.sfn.stop_execution):
            with self.assertRaises(ClientError) as invalid:
                operation(executionArn=answer["executionArn"])
            self.assertEqual(error_code(invalid), "InvalidArn")
            self.assertEqual(invalid.exception.response["Error"]["Message"], "Invalid Arn: 'Resource type not valid in this context: express'")
        with self.assertRaises(ClientError) as unlisted:
            self.sfn.list_executions(stateMachineArn=express)
        self.assertEqual(error_code(unlisted), "StateMachineTypeNotSupported")

    def test_redrive_execution(self):
        machine = self.create("redriven", definition=WAITER)
        arn = self.sfn.start_execution(stateMachineArn=machine, name="again")["executionArn"]
        with self.assertRaises(ClientError) as running:
            self.sfn.redrive_execution(executionArn=arn)
        self.assertEqual(error_code(running), "ExecutionNotRedrivable")
        self.sfn.send_task_failure(taskToken=self.token_of(arn), error="Flaky", cause="first try")
        failed = Server.wait_for_end(self.sfn, arn)
        self.assertEqual((failed["status"], failed["redriveCount"], failed["redriveStatus"]), ("FAILED", 0, "REDRIVABLE"))
        redriven = self.sfn.redrive_execution(executionArn=arn, clientToken="token-1")
        self.assertEqual(self.sfn.redrive_execution(executionArn=arn, clientToken="token-1")["redriveDate"], redriven["redriveDate"])
        described = self.sfn.describe_execution(executionArn=arn)
        self.assertEqual((described["status"], described["redriveCount"]), ("RUNNING", 1))
        events = self.history(arn)
        self.assertIn({"redriveCount": 1}, [e.get("executionRedrivenEventDetails") for e in events])
        tokens = [json.loads(e["taskScheduledEventDetails"]["parameters"])["MessageBody"]["token"] for e in events if e["type"] == "TaskScheduled"]
        self.sfn.send_task_success(taskToken=tokens[-1], output="{}")
        self.assertEqual(Server.wait_for_end(self.sfn, arn)["status"], "SUCCEEDED")
        redriven_only = self.sfn.list_executions(stateMachineArn=machine, redriveFilter="REDRIVEN")["executions"]
        self.assertEqual([(e["name"], e["redriveCount"]) for e in redriven_only], [("again", 1)])

    # task tokens

    def token_of(self, arn):
        scheduled = [e for e in self.history(arn) if e["type"] == "TaskScheduled"][0]
        return json.loads(scheduled["taskScheduledEventDetails"]["parameters"])["MessageBody"]["token"]

    def test_task_tokens(self):
        machine = self.create("callbacks", definition=WAITER)
        ok = self.sfn.start_execution(stateMachineArn=machine, name="ok")["executionArn"]
        self.sfn.send_task_heartbeat(taskToken=self.token_of(ok))
        self.sfn.send_task_success(taskToken=self.token_of(ok), output=json.dumps({"answer": 42}))
        described = Server.wait_for_end(self.sfn, ok)
        self.assertEqual((described["status"], json.loads(described["output"])), ("SUCCEEDED", {"answer": 42}))
        bad = self.sfn.start_execution(stateMachineArn=machine, name="bad")["executionArn"]
        self.sfn.send_task_failure(taskToken=self.token_of(bad), error="Nope", cause="the worker said no")
        described = Server.wait_for_end(self.sfn, bad)
        self.assertEqual((described["status"], described["error"], described["cause"]), ("FAILED", "Nope", "the worker said no"))
        with self.assertRaises(ClientError) as used:
            self.sfn.send_task_success(taskToken=self.token_of(ok), output="{}")
        self.assertIn(error_code(used), ("TaskDoesNotExist", "InvalidToken", "TaskTimedOut"))
        waiting = self.sfn.start_execution(stateMachineArn=machine, name="waiting")["executionArn"]
        with self.assertRaises(ClientError) as output:
            self.sfn.send_task_success(taskToken=self.token_of(waiting), output="{nope")
        self.assertEqual(error_code(output), "InvalidOutput")

    # the protocol itself

    def raw(self, body, target="AWSStepFunctions.ListStateMachines"):
        headers = {"Content-Type": "application/x-amz-json-1.0"}
        if target:
            headers["X-Amz-Target"] = target
        request = urllib.request.Request(self.server.url + "/", data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def test_protocol_errors(self):
        self.assertEqual(self.raw(b"{}", target="AWSStepFunctions.MakePizza"), (400, {
            "__type": "UnknownOperationException", "message": "Step Functions has no operation 'AWSStepFunctions.MakePizza'"}))
        status, body = self.raw(b'{"maxResults":', target="AWSStepFunctions.ListStateMachines")
        self.assertEqual((status, body["__type"]), (400, "SerializationException"))
        status, body = self.raw(b'{"maxResults": "ten"}')
        self.assertEqual((status, body["__type"]), (400, "SerializationException"))
        status, body = self.raw(b'{"definition": "{}"}', target="AWSStepFunctions.CreateStateMachine")
        self.assertEqual((status, body["__type"]), (400, "ValidationException"))
        self.assertEqual(body["message"], "2 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; "
                                          "Value null at 'roleArn' failed to satisfy constraint: Member must not be null")
        status, body = self.raw(json.dumps({"stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:x",
                                            "input": "{\"a\": \"" + "x" * 262144 + "\"}"}).encode(), target="AWSStepFunctions.StartExecution")
        self.assertEqual((status, body["__type"]), (400, "ValidationException"))
        self.assertIn("Member must have length less than or equal to 262144", body["message"])
        # The seeds' pineapple check still answers POST / without a target.
        status, body = self.raw(json.dumps({"flavour": "pepperoni"}).encode(), target=None)
        self.assertEqual((status, body["status"]), (200, "SUCCEEDED"))


if __name__ == "__main__":
    unittest.main()
