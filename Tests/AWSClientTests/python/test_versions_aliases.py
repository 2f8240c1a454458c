"""State machine versions and aliases through boto3, as AWS documents them: PublishStateMachineVersion
(and CreateStateMachine / UpdateStateMachine's `publish`), ListStateMachineVersions,
DeleteStateMachineVersion, the alias operations with routing weights, StartExecution of a version or
an alias ARN, and what DescribeExecution and ListExecutions then report; kept across a restart.

Run by AWSClientTests (swift test) as: python3 -m unittest test_versions_aliases, with PIZZADASH_BINARY set."""
import collections
import json
import os
import subprocess
import unittest

from botocore.exceptions import ClientError

from server import ACCOUNT, REGION, ROLE, Server

OTHER_ROLE = f"arn:aws:iam::{ACCOUNT}:role/OtherRole"
MACHINES = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:"


def returning(version):
    """A one-Pass machine whose output names the version of the definition it ran."""
    return json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"version": version}, "End": True}}})


def error_code(context):
    return context.exception.response["Error"]["Code"]


class VersionsTestCase(unittest.TestCase):
    server_arguments = ()

    @classmethod
    def setUpClass(cls):
        cls.server = Server(os.environ["PIZZADASH_BINARY"], *cls.server_arguments)
        cls.sfn = cls.server.client()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def create(self, name, version=1, **extra):
        return self.sfn.create_state_machine(name=name, definition=returning(version), roleArn=ROLE, **extra)

    def refused(self, code, call, **arguments):
        with self.assertRaises(ClientError) as refusal:
            call(**arguments)
        self.assertEqual(error_code(refusal), code, refusal.exception.response["Error"].get("Message"))

    def run_to_end(self, arn, **extra):
        started = self.sfn.start_execution(stateMachineArn=arn, **extra)
        described = Server.wait_for_end(self.sfn, started["executionArn"])
        self.assertEqual(described["status"], "SUCCEEDED")
        return described

    def ran_version(self, described):
        return json.loads(described["output"])["version"]


class Versions(VersionsTestCase):
    def test_publish_on_create_and_update_with_revisions(self):
        created = self.create("versioned", publish=True, versionDescription="first")
        arn = created["stateMachineArn"]
        self.assertEqual(created["stateMachineVersionArn"], arn + ":1")
        # The first revision has no id; a version describes itself with its own ARN.
        self.assertNotIn("revisionId", self.sfn.describe_state_machine(stateMachineArn=arn))
        first = self.sfn.describe_state_machine(stateMachineArn=arn + ":1")
        self.assertEqual((first["stateMachineArn"], first["name"], first["description"], first["roleArn"], first["status"]),
                         (arn + ":1", "versioned", "first", ROLE, "ACTIVE"))
        self.assertEqual(json.loads(first["definition"]), json.loads(returning(1)))
        # Publishing an unchanged revision answers its version.
        self.assertEqual(self.sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"], arn + ":1")
        self.assertEqual(self.sfn.publish_state_machine_version(stateMachineArn=arn, revisionId="INITIAL")["stateMachineVersionArn"], arn + ":1")

        updated = self.sfn.update_state_machine(stateMachineArn=arn, definition=returning(2), publish=True, versionDescription="second")
        self.assertEqual(updated["stateMachineVersionArn"], arn + ":2")
        revision = updated["revisionId"]
        self.assertEqual(self.sfn.describe_state_machine(stateMachineArn=arn)["revisionId"], revision)
        second = self.sfn.describe_state_machine(stateMachineArn=arn + ":2")
        self.assertEqual((second["revisionId"], second["description"]), (revision, "second"))
        self.assertEqual(json.loads(second["definition"]), json.loads(returning(2)))
        # Version 1 stays as it was.
        self.assertEqual(json.loads(self.sfn.describe_state_machine(stateMachineArn=arn + ":1")["definition"]), json.loads(returning(1)))

        # A revision id that is not the current one is a conflict; the current one publishes (idempotently here).
        self.refused("ConflictException", self.sfn.publish_state_machine_version, stateMachineArn=arn, revisionId="INITIAL")
        self.assertEqual(self.sfn.publish_state_machine_version(stateMachineArn=arn, revisionId=revision)["stateMachineVersionArn"], arn + ":2")

        # An update without publish makes a new revision and no version.
        third = self.sfn.update_state_machine(stateMachineArn=arn, definition=returning(3))
        self.assertNotIn("stateMachineVersionArn", third)
        self.assertNotEqual(third["revisionId"], revision)
        published = self.sfn.publish_state_machine_version(stateMachineArn=arn, description="third")
        self.assertEqual(published["stateMachineVersionArn"], arn + ":3")
        self.assertIn("creationDate", published)

        listed = self.sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
        self.assertEqual([v["stateMachineVersionArn"] for v in listed], [arn + ":3", arn + ":2", arn + ":1"])
        page = self.sfn.list_state_machine_versions(stateMachineArn=arn, maxResults=2)
        self.assertEqual(len(page["stateMachineVersions"]), 2)
        rest = self.sfn.list_state_machine_versions(stateMachineArn=arn, maxResults=2, nextToken=page["nextToken"])
        self.assertEqual([v["stateMachineVersionArn"] for v in rest["stateMachineVersions"]], [arn + ":1"])
        self.assertNotIn("nextToken", rest)

        # Numbers are never reused: after deleting 3, the same revision publishes as 4.
        self.sfn.delete_state_machine_version(stateMachineVersionArn=arn + ":3")
        self.refused("StateMachineDoesNotExist", self.sfn.describe_state_machine, stateMachineArn=arn + ":3")
        self.assertEqual(self.sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"], arn + ":4")
        # Deleting a version that is gone changes nothing; a machine ARN is not a version's.
        self.sfn.delete_state_machine_version(stateMachineVersionArn=arn + ":3")
        self.refused("InvalidArn", self.sfn.delete_state_machine_version, stateMachineVersionArn=arn)

    def test_publish_refusals(self):
        arn = self.create("unpublished")["stateMachineArn"]
        self.refused("ValidationException", self.create, name="described-only", versionDescription="no publish")
        self.refused("ValidationException", self.sfn.update_state_machine, stateMachineArn=arn, definition=returning(2), versionDescription="x")
        self.refused("StateMachineDoesNotExist", self.sfn.publish_state_machine_version, stateMachineArn=MACHINES + "nowhere")
        self.refused("InvalidArn", self.sfn.publish_state_machine_version, stateMachineArn="arn:aws:states:us-east-1:123456789012:activity:x")
        self.assertEqual(self.sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"], [])

    def test_start_by_version(self):
        arn = self.create("by-version", publish=True)["stateMachineArn"]
        self.sfn.update_state_machine(stateMachineArn=arn, definition=returning(2), roleArn=OTHER_ROLE, publish=True)
        old = self.run_to_end(arn + ":1", name="on-one")
        self.assertEqual(self.ran_version(old), 1)
        self.assertEqual(old["executionArn"], f"arn:aws:states:{REGION}:{ACCOUNT}:execution:by-version:on-one")
        self.assertEqual((old["stateMachineArn"], old["stateMachineVersionArn"]), (arn, arn + ":1"))
        self.assertNotIn("stateMachineAliasArn", old)
        # The version's role, as its ExecutionStarted event says.
        started = self.sfn.get_execution_history(executionArn=old["executionArn"])["events"][0]
        self.assertEqual(started["executionStartedEventDetails"]["roleArn"], ROLE)
        for_execution = self.sfn.describe_state_machine_for_execution(executionArn=old["executionArn"])
        self.assertEqual(json.loads(for_execution["definition"]), json.loads(returning(1)))
        # The machine's own ARN runs its latest revision, with no version.
        latest = self.run_to_end(arn)
        self.assertEqual(self.ran_version(latest), 2)
        self.assertNotIn("stateMachineVersionArn", latest)
        started = self.sfn.get_execution_history(executionArn=latest["executionArn"])["events"][0]
        self.assertEqual(started["executionStartedEventDetails"]["roleArn"], OTHER_ROLE)
        self.refused("StateMachineDoesNotExist", self.sfn.start_execution, stateMachineArn=arn + ":7")


class Aliases(VersionsTestCase):
    def two_versions(self, name):
        arn = self.create(name, publish=True)["stateMachineArn"]
        self.sfn.update_state_machine(stateMachineArn=arn, definition=returning(2), publish=True)
        return arn

    def test_alias_lifecycle_and_executions(self):
        arn = self.two_versions("aliased")
        created = self.sfn.create_state_machine_alias(name="PROD", description="live", routingConfiguration=[
            {"stateMachineVersionArn": arn + ":1", "weight": 100}])
        alias = created["stateMachineAliasArn"]
        self.assertEqual(alias, arn + ":PROD")
        described = self.sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
        self.assertEqual((described["name"], described["description"], described["routingConfiguration"]),
                         ("PROD", "live", [{"stateMachineVersionArn": arn + ":1", "weight": 100}]))
        self.assertEqual(described["creationDate"], described["updateDate"])
        # The same request again answers the alias; another routing under the same name is a conflict.
        again = self.sfn.create_state_machine_alias(name="PROD", description="live", routingConfiguration=[
            {"stateMachineVersionArn": arn + ":1", "weight": 100}])
        self.assertEqual(again["stateMachineAliasArn"], alias)
        self.refused("ConflictException", self.sfn.create_state_machine_alias, name="PROD", description="live",
                     routingConfiguration=[{"stateMachineVersionArn": arn + ":2", "weight": 100}])

        through_alias = self.run_to_end(alias)
        self.assertEqual(self.ran_version(through_alias), 1)
        self.assertEqual((through_alias["stateMachineArn"], through_alias["stateMachineAliasArn"], through_alias["stateMachineVersionArn"]),
                         (arn, alias, arn + ":1"))

        # Pointing the alias at version 2: executions from now on run it.
        updated = self.sfn.update_state_machine_alias(stateMachineAliasArn=alias, routingConfiguration=[
            {"stateMachineVersionArn": arn + ":2", "weight": 100}])
        self.assertGreaterEqual(updated["updateDate"], described["updateDate"])
        moved = self.run_to_end(alias)
        self.assertEqual((self.ran_version(moved), moved["stateMachineVersionArn"]), (2, arn + ":2"))
        self.assertEqual(self.sfn.describe_state_machine_alias(stateMachineAliasArn=alias)["description"], "live")
        self.sfn.update_state_machine_alias(stateMachineAliasArn=alias, description="still live")
        self.assertEqual(self.sfn.describe_state_machine_alias(stateMachineAliasArn=alias)["routingConfiguration"],
                         [{"stateMachineVersionArn": arn + ":2", "weight": 100}])

        direct = self.run_to_end(arn + ":1")
        unqualified = self.run_to_end(arn)

        def listed(of):
            return {e["executionArn"]: e for e in self.sfn.list_executions(stateMachineArn=of)["executions"]}
        by_alias = listed(alias)
        self.assertEqual(set(by_alias), {through_alias["executionArn"], moved["executionArn"]})
        self.assertEqual(by_alias[moved["executionArn"]]["stateMachineAliasArn"], alias)
        self.assertEqual(by_alias[moved["executionArn"]]["stateMachineVersionArn"], arn + ":2")
        # A version's executions include those an alias routed to it.
        self.assertEqual(set(listed(arn + ":1")), {through_alias["executionArn"], direct["executionArn"]})
        everything = listed(arn)
        self.assertEqual(len(everything), 4)
        self.assertNotIn("stateMachineVersionArn", everything[unqualified["executionArn"]])

        self.sfn.delete_state_machine_alias(stateMachineAliasArn=alias)
        self.refused("ResourceNotFound", self.sfn.describe_state_machine_alias, stateMachineAliasArn=alias)
        self.refused("ResourceNotFound", self.sfn.delete_state_machine_alias, stateMachineAliasArn=alias)
        self.refused("StateMachineDoesNotExist", self.sfn.start_execution, stateMachineArn=alias)
        # Its executions keep saying which alias started them.
        self.assertEqual(self.sfn.describe_execution(executionArn=moved["executionArn"])["stateMachineAliasArn"], alias)

    def test_routing_weights(self):
        arn = self.two_versions("weighted")
        alias = self.sfn.create_state_machine_alias(name="canary", routingConfiguration=[
            {"stateMachineVersionArn": arn + ":1", "weight": 50}, {"stateMachineVersionArn": arn + ":2", "weight": 50}])["stateMachineAliasArn"]
        ran = collections.Counter(self.ran_version(self.run_to_end(alias)) for _ in range(40))
        self.assertEqual(set(ran), {1, 2}, ran)
        # A version with weight 0 runs nothing.
        self.sfn.update_state_machine_alias(stateMachineAliasArn=alias, routingConfiguration=[
            {"stateMachineVersionArn": arn + ":1", "weight": 0}, {"stateMachineVersionArn": arn + ":2", "weight": 100}])
        ran = collections.Counter(self.ran_version(self.run_to_end(alias)) for _ in range(20))
        self.assertEqual(ran, {2: 20})

    def test_routing_refusals(self):
        arn = self.two_versions("refusing")
        other = self.create("refusing-other", publish=True)["stateMachineArn"]
        v1, v2 = {"stateMachineVersionArn": arn + ":1", "weight": 50}, {"stateMachineVersionArn": arn + ":2", "weight": 40}
        create = self.sfn.create_state_machine_alias
        self.refused("ValidationException", create, name="short", routingConfiguration=[v1, v2])
        self.refused("ValidationException", create, name="twice", routingConfiguration=[v1, dict(v1)])
        self.refused("ValidationException", create, name="three", routingConfiguration=[v1, v2, {"stateMachineVersionArn": arn + ":1", "weight": 10}])
        self.refused("ValidationException", create, name="mixed", routingConfiguration=[
            v1, {"stateMachineVersionArn": other + ":1", "weight": 50}])
        self.refused("ValidationException", create, name="heavy", routingConfiguration=[{"stateMachineVersionArn": arn + ":1", "weight": 101}])
        self.refused("ValidationException", create, name="123", routingConfiguration=[{"stateMachineVersionArn": arn + ":1", "weight": 100}])
        self.refused("ResourceNotFound", create, name="missing", routingConfiguration=[{"stateMachineVersionArn": arn + ":9", "weight": 100}])
        self.refused("InvalidArn", create, name="unversioned", routingConfiguration=[{"stateMachineVersionArn": arn, "weight": 100}])

        alias = create(name="guard", routingConfiguration=[{"stateMachineVersionArn": arn + ":1", "weight": 100}])["stateMachineAliasArn"]
        self.refused("ValidationException", self.sfn.update_state_machine_alias, stateMachineAliasArn=alias)
        self.refused("ValidationException", self.sfn.update_state_machine_alias, stateMachineAliasArn=alias,
                     routingConfiguration=[{"stateMachineVersionArn": other + ":1", "weight": 100}])
        self.refused("ResourceNotFound", self.sfn.update_state_machine_alias, stateMachineAliasArn=arn + ":nope", description="x")
        # A version an alias routes to cannot be deleted, until the alias routes elsewhere.
        self.refused("ConflictException", self.sfn.delete_state_machine_version, stateMachineVersionArn=arn + ":1")
        self.sfn.update_state_machine_alias(stateMachineAliasArn=alias, routingConfiguration=[{"stateMachineVersionArn": arn + ":2", "weight": 100}])
        self.sfn.delete_state_machine_version(stateMachineVersionArn=arn + ":1")
        self.refused("StateMachineDoesNotExist", self.sfn.start_execution, stateMachineArn=arn + ":1")

    def test_list_aliases(self):
        arn = self.two_versions("listed")
        first = self.sfn.create_state_machine_alias(name="one", routingConfiguration=[
            {"stateMachineVersionArn": arn + ":1", "weight": 100}])["stateMachineAliasArn"]
        second = self.sfn.create_state_machine_alias(name="two", routingConfiguration=[
            {"stateMachineVersionArn": arn + ":2", "weight": 100}])["stateMachineAliasArn"]
        both = self.sfn.list_state_machine_aliases(stateMachineArn=arn)["stateMachineAliases"]
        self.assertEqual([a["stateMachineAliasArn"] for a in both], [second, first])
        self.assertTrue(all("creationDate" in a for a in both))
        to_one = self.sfn.list_state_machine_aliases(stateMachineArn=arn + ":1")["stateMachineAliases"]
        self.assertEqual([a["stateMachineAliasArn"] for a in to_one], [first])
        page = self.sfn.list_state_machine_aliases(stateMachineArn=arn, maxResults=1)
        self.assertEqual([a["stateMachineAliasArn"] for a in page["stateMachineAliases"]], [second])
        rest = self.sfn.list_state_machine_aliases(stateMachineArn=arn, maxResults=1, nextToken=page["nextToken"])
        self.assertEqual([a["stateMachineAliasArn"] for a in rest["stateMachineAliases"]], [first])
        self.refused("StateMachineDoesNotExist", self.sfn.list_state_machine_aliases, stateMachineArn=MACHINES + "nowhere")

    def test_delete_state_machine_removes_versions_and_aliases(self):
        arn = self.two_versions("doomed")
        alias = self.sfn.create_state_machine_alias(name="live", routingConfiguration=[
            {"stateMachineVersionArn": arn + ":2", "weight": 100}])["stateMachineAliasArn"]
        self.sfn.delete_state_machine(stateMachineArn=arn)
        self.refused("StateMachineDoesNotExist", self.sfn.describe_state_machine, stateMachineArn=arn + ":1")
        self.refused("ResourceNotFound", self.sfn.describe_state_machine_alias, stateMachineAliasArn=alias)
        self.assertEqual(self.sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"], [])
        self.refused("StateMachineDoesNotExist", self.sfn.start_execution, stateMachineArn=alias)

    def test_express_alias_runs_synchronously(self):
        arn = self.create("express-aliased", type="EXPRESS", publish=True)["stateMachineArn"]
        alias = self.sfn.create_state_machine_alias(name="fast", routingConfiguration=[
            {"stateMachineVersionArn": arn + ":1", "weight": 100}])["stateMachineAliasArn"]
        ended = self.sfn.start_sync_execution(stateMachineArn=alias, input="{}")
        self.assertEqual((ended["status"], json.loads(ended["output"])), ("SUCCEEDED", {"version": 1}))


class AfterARestart(unittest.TestCase):
    """Versions, aliases, revisions and which version an execution ran survive the server's restart."""

    def test_everything_comes_back(self):
        binary = os.environ["PIZZADASH_BINARY"]
        first = Server(binary)
        try:
            sfn = first.client()
            arn = sfn.create_state_machine(name="kept", definition=returning(1), roleArn=ROLE, publish=True,
                                           versionDescription="one")["stateMachineArn"]
            revision = sfn.update_state_machine(stateMachineArn=arn, definition=returning(2), publish=True)["revisionId"]
            sfn.delete_state_machine_version(stateMachineVersionArn=arn + ":1")
            alias = sfn.create_state_machine_alias(name="PROD", routingConfiguration=[
                {"stateMachineVersionArn": arn + ":2", "weight": 100}])["stateMachineAliasArn"]
            execution = sfn.start_execution(stateMachineArn=alias)["executionArn"]
            Server.wait_for_end(sfn, execution)
            database = first.database
            # Stop the process, keep its store, and serve the same store again.
            first.process.terminate()
            first.process.wait(timeout=30)
            first.process.stdout.close()
            first.process = subprocess.Popen([binary, "serve", "--port", "0", "--speed", "instant", "--db", database],
                                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            first.url = first._read_url()
            sfn = first.client()

            self.assertEqual([v["stateMachineVersionArn"] for v in sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]],
                             [arn + ":2"])
            self.assertEqual(sfn.describe_state_machine(stateMachineArn=arn)["revisionId"], revision)
            self.assertEqual(sfn.describe_state_machine_alias(stateMachineAliasArn=alias)["routingConfiguration"],
                             [{"stateMachineVersionArn": arn + ":2", "weight": 100}])
            described = sfn.describe_execution(executionArn=execution)
            self.assertEqual((described["stateMachineAliasArn"], described["stateMachineVersionArn"]), (alias, arn + ":2"))
            self.assertEqual(json.loads(sfn.describe_state_machine_for_execution(executionArn=execution)["definition"]), json.loads(returning(2)))
            # The same revision publishes as the same version; the next number is 3, not 1 or 2.
            self.assertEqual(sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"], arn + ":2")
            sfn.update_state_machine(stateMachineArn=arn, definition=returning(3))
            self.assertEqual(sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"], arn + ":3")
            again = sfn.start_execution(stateMachineArn=alias)["executionArn"]
            self.assertEqual(json.loads(Server.wait_for_end(sfn, again)["output"]), {"version": 2})
        finally:
            first.stop()


if __name__ == "__main__":
    unittest.main()
