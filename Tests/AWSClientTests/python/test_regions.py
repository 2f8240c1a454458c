"""State kept per region, as on AWS: boto3 clients of two regions against one `pizzadash serve`.
Each creates and lists in the region its requests are signed for; the same name is a machine in
both; ARNs, executions and activities carry their region; all of it survives a restart.

Run by AWSClientTests (swift test) as: python3 -m unittest test_regions, with PIZZADASH_BINARY set."""
import json
import os
import shutil
import tempfile
import unittest

from botocore.exceptions import ClientError

from server import ACCOUNT
from test_activities import StoreServer

WHERE = json.dumps({"StartAt": "Where", "States": {"Where": {
    "Type": "Pass", "Parameters": {"machine.$": "$$.StateMachine.Id"}, "End": True}}})
ROLE = f"arn:aws:iam::{ACCOUNT}:role/RegionRole"


class RegionsTest(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.mkdtemp(prefix="pizzadash-regions-")
        self.server = StoreServer(os.environ["PIZZADASH_BINARY"], self.directory)

    def tearDown(self):
        self.server.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def test_each_region_has_its_own_machines_executions_and_activities(self):
        eu, home = self.server.client(region="eu-west-1"), self.server.client(region="us-east-1")
        eu_machine = eu.create_state_machine(name="twin", definition=WHERE, roleArn=ROLE)["stateMachineArn"]
        home_machine = home.create_state_machine(name="twin", definition=WHERE, roleArn=ROLE)["stateMachineArn"]
        self.assertEqual(eu_machine, f"arn:aws:states:eu-west-1:{ACCOUNT}:stateMachine:twin")
        self.assertEqual(home_machine, f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:twin")
        self.assertEqual([m["stateMachineArn"] for m in eu.list_state_machines()["stateMachines"]], [eu_machine])
        self.assertNotIn(eu_machine, [m["stateMachineArn"] for m in home.list_state_machines()["stateMachines"]])

        execution = eu.start_execution(stateMachineArn=eu_machine, name="first")["executionArn"]
        self.assertEqual(execution, f"arn:aws:states:eu-west-1:{ACCOUNT}:execution:twin:first")
        described = self.server.wait_for_end(eu, execution)
        self.assertEqual(json.loads(described["output"]), {"machine": eu_machine})
        self.assertEqual([e["executionArn"] for e in eu.list_executions(stateMachineArn=eu_machine)["executions"]], [execution])
        self.assertEqual(home.list_executions(stateMachineArn=home_machine)["executions"], [])

        eu_activity = eu.create_activity(name="oven")["activityArn"]
        self.assertEqual(eu_activity, f"arn:aws:states:eu-west-1:{ACCOUNT}:activity:oven")
        self.assertEqual([a["activityArn"] for a in eu.list_activities()["activities"]], [eu_activity])
        self.assertEqual(home.list_activities()["activities"], [])

        # Another region's name is still free here; deleting there leaves this one.
        home.delete_state_machine(stateMachineArn=home_machine)
        self.assertEqual(eu.describe_state_machine(stateMachineArn=eu_machine)["status"], "ACTIVE")
        with self.assertRaises(ClientError) as raised:
            home.describe_state_machine(stateMachineArn=home_machine)
        self.assertEqual(raised.exception.response["Error"]["Code"], "StateMachineDoesNotExist")

        # After a restart each region lists what it had.
        self.server.stop()
        self.server = StoreServer(os.environ["PIZZADASH_BINARY"], self.directory)
        eu = self.server.client(region="eu-west-1")
        self.assertEqual([m["stateMachineArn"] for m in eu.list_state_machines()["stateMachines"]], [eu_machine])
        self.assertEqual(eu.describe_execution(executionArn=execution)["status"], "SUCCEEDED")
        self.assertEqual([a["activityArn"] for a in eu.list_activities()["activities"]], [eu_activity])


if __name__ == "__main__":
    unittest.main()
