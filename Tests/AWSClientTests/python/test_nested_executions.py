"""Task states that start executions of other state machines (`arn:aws:states:::states:startExecution`,
here `.sync:2`) through boto3: the child is a real execution of a machine created through the API
(listed by ListExecutions, described with its own ARN), the parent's result is the child's
DescribeExecution with Input and Output as JSON, and the parent's history names the integration as
AWS writes it (resourceType `states`, resource `startExecution.sync:2`, TaskSubmitted with
StartExecution's answer).

Run by AWSClientTests (swift test) as: python3 -m unittest test_nested_executions, with PIZZADASH_BINARY set."""
import json
import unittest

from server import ACCOUNT, REGION, ROLE, Server, ServerTestCase

MACHINES = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:"

CHILD = {
    "StartAt": "Bake",
    "States": {"Bake": {"Type": "Pass", "Parameters": {"pizza.$": "$.flavour", "me.$": "$$.Execution.Id"}, "End": True}},
}

PARENT = {
    "StartAt": "Order",
    "States": {
        "Order": {
            "Type": "Task",
            "Resource": "arn:aws:states:::states:startExecution.sync:2",
            "Parameters": {
                "StateMachineArn": MACHINES + "nested-child",
                "Name": "kitchen-1",
                "Input": {"flavour.$": "$.flavour", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"},
            },
            "ResultSelector": {"baked.$": "$.Output.pizza", "status.$": "$.Status", "child.$": "$.ExecutionArn"},
            "End": True,
        }
    },
}


class NestedExecutions(ServerTestCase):
    def test_sync2_runs_the_child_and_answers_its_description(self):
        child = self.sfn.create_state_machine(name="nested-child", definition=json.dumps(CHILD), roleArn=ROLE)
        parent = self.sfn.create_state_machine(name="nested-parent", definition=json.dumps(PARENT), roleArn=ROLE)
        started = self.sfn.start_execution(stateMachineArn=parent["stateMachineArn"], input=json.dumps({"flavour": "margherita"}))
        described = Server.wait_for_end(self.sfn, started["executionArn"])
        self.assertEqual(described["status"], "SUCCEEDED", described)
        child_arn = f"arn:aws:states:{REGION}:{ACCOUNT}:execution:nested-child:kitchen-1"
        self.assertEqual(json.loads(described["output"]), {"baked": "margherita", "status": "SUCCEEDED", "child": child_arn})

        # The child: listed under its machine, with its own ARN as $$.Execution.Id and the parent's id passed through.
        listed = self.sfn.list_executions(stateMachineArn=child["stateMachineArn"])["executions"]
        self.assertEqual([e["executionArn"] for e in listed], [child_arn])
        self.assertEqual(listed[0]["status"], "SUCCEEDED")
        kid = self.sfn.describe_execution(executionArn=child_arn)
        self.assertEqual(json.loads(kid["input"]),
                         {"flavour": "margherita", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID": started["executionArn"]})
        self.assertEqual(json.loads(kid["output"]), {"pizza": "margherita", "me": child_arn})

        events = self.sfn.get_execution_history(executionArn=started["executionArn"])["events"]
        self.assertEqual([e["type"] for e in events],
                         ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted",
                          "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"])
        scheduled = events[2]["taskScheduledEventDetails"]
        self.assertEqual((scheduled["resourceType"], scheduled["resource"]), ("states", "startExecution.sync:2"))
        self.assertEqual(json.loads(scheduled["parameters"])["Name"], "kitchen-1")
        submitted = json.loads(events[4]["taskSubmittedEventDetails"]["output"])
        self.assertEqual(submitted["ExecutionArn"], child_arn)
        self.assertIsInstance(submitted["StartDate"], int)
        self.assertEqual(submitted["SdkHttpMetadata"]["HttpStatusCode"], 200)
        result = json.loads(events[5]["taskSucceededEventDetails"]["output"])
        self.assertEqual(result["Output"], {"pizza": "margherita", "me": child_arn})
        self.assertEqual(result["Input"]["flavour"], "margherita")
        self.assertEqual((result["Name"], result["Status"], result["StateMachineArn"]), ("kitchen-1", "SUCCEEDED", child["stateMachineArn"]))
        self.assertEqual(result["InputDetails"], {"Included": True})
        self.assertAlmostEqual(result["StartDate"], kid["startDate"].timestamp() * 1000, delta=1)

    def test_an_unknown_child_fails_the_parent_as_aws_does(self):
        definition = json.loads(json.dumps(PARENT))
        definition["States"]["Order"]["Parameters"]["StateMachineArn"] = MACHINES + "nobody-home"
        parent = self.sfn.create_state_machine(name="orphan-parent", definition=json.dumps(definition), roleArn=ROLE)
        started = self.sfn.start_execution(stateMachineArn=parent["stateMachineArn"], input=json.dumps({"flavour": "funghi"}))
        described = Server.wait_for_end(self.sfn, started["executionArn"])
        self.assertEqual(described["status"], "FAILED")
        self.assertEqual(described["error"], "StepFunctions.StateMachineDoesNotExistException")
        self.assertTrue(described["cause"].startswith(f"State Machine Does Not Exist: '{MACHINES}nobody-home' (Service: AWSStepFunctions;"),
                        described["cause"])

    def test_validation_refuses_what_the_integration_does_not_offer(self):
        definition = json.loads(json.dumps(PARENT))
        definition["States"]["Order"]["Resource"] = "arn:aws:states:::states:startExecution.sync:3"
        with self.assertRaises(self.sfn.exceptions.InvalidDefinition):
            self.sfn.create_state_machine(name="bad-parent", definition=json.dumps(definition), roleArn=ROLE)


if __name__ == "__main__":
    unittest.main()
