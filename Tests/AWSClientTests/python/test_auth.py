"""`pizzadash serve --auth KEY:SECRET` checks each request's Signature Version 4, as AWS does."""
import datetime
import os
import unittest
from unittest import mock

from botocore.exceptions import ClientError

from server import Server

ORDER_SAGA = "arn:aws:states:us-east-1:123456789012:stateMachine:order-saga"


class SigV4Authentication(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(os.environ["PIZZADASH_BINARY"], "--auth", "AKIDPIZZA:s3cret/key")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def refused(self, client):
        with self.assertRaises(ClientError) as refused:
            client.list_state_machines()
        return refused.exception.response["Error"]["Code"], refused.exception.response["ResponseMetadata"]["HTTPStatusCode"]

    def test_the_right_key_gets_in_in_any_region(self):
        self.assertTrue(self.server.client("AKIDPIZZA", "s3cret/key").list_state_machines()["stateMachines"])
        # Signed for another region, it gets in too, and sees that region's state: the pizza
        # workflows are us-east-1's, eu-west-1 has none until one is created there.
        eu = self.server.client("AKIDPIZZA", "s3cret/key", region="eu-west-1")
        self.assertEqual(eu.list_state_machines()["stateMachines"], [])
        created = eu.create_state_machine(name="eu-only", roleArn="arn:aws:iam::123456789012:role/R",
                                          definition='{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}')
        self.assertTrue(created["stateMachineArn"].startswith("arn:aws:states:eu-west-1:"))

    def test_a_wrong_secret_is_an_invalid_signature(self):
        self.assertEqual(self.refused(self.server.client("AKIDPIZZA", "guess")), ("InvalidSignatureException", 400))

    def test_an_unknown_key_is_unrecognized(self):
        self.assertEqual(self.refused(self.server.client("AKIDOTHER", "s3cret/key")), ("UnrecognizedClientException", 400))

    def test_a_request_signed_six_minutes_ago_is_refused(self):
        past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=6)
        with mock.patch("botocore.auth.get_current_datetime", return_value=past):
            code, status = self.refused(self.server.client("AKIDPIZZA", "s3cret/key"))
        self.assertEqual((code, status), ("InvalidSignatureException", 400))

    def test_a_refused_request_changes_nothing(self):
        intruder = self.server.client("AKIDPIZZA", "guess")
        with self.assertRaises(ClientError):
            intruder.start_execution(stateMachineArn=ORDER_SAGA, name="intruder")
        owner = self.server.client("AKIDPIZZA", "s3cret/key")
        names = [e["name"] for e in owner.list_executions(stateMachineArn=ORDER_SAGA)["executions"]]
        self.assertNotIn("intruder", names)


if __name__ == "__main__":
    unittest.main()
