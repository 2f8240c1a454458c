"""Activities through boto3, as an activity worker and its operator use them: CreateActivity,
DescribeActivity, ListActivities, DeleteActivity, tags, and workers that long-poll GetActivityTask
and answer with SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat.

Run by AWSClientTests (swift test) as: python3 -m unittest test_activities, with PIZZADASH_BINARY set."""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import unittest

from botocore.exceptions import ClientError

from server import ACCOUNT, REGION, ROLE, Server, ServerTestCase

INPUT = {"Value1": "Hello", "Value2": "World"}


def error_code(context):
    return context.exception.response["Error"]["Code"]


def activity_machine(activity_arn, **task):
    return json.dumps({"StartAt": "ActivityTask", "States": {"ActivityTask": {
        "Type": "Task", "Resource": activity_arn, "End": True, **task}}})


class Worker(threading.Thread):
    """A worker thread: one GetActivityTask long poll, then `answer(client, task)` if a task came."""

    def __init__(self, client, activity_arn, answer=None, worker_name="oven-1"):
        super().__init__(daemon=True)
        self.client, self.activity_arn, self.answer, self.worker_name = client, activity_arn, answer, worker_name
        self.task, self.error = None, None

    def run(self):
        try:
            arguments = {"activityArn": self.activity_arn}
            if self.worker_name:
                arguments["workerName"] = self.worker_name
            self.task = self.client.get_activity_task(**arguments)
            if self.answer and self.task.get("taskToken"):
                self.answer(self.client, self.task)
        except Exception as error:  # reported by the test that joins the worker
            self.error = error


class StoreServer(Server):
    """`pizzadash serve` on a store directory it leaves in place when it stops: a restart."""

    def __init__(self, binary, directory):
        self.directory = directory
        self.database = os.path.join(directory, "store.db")
        self.process = subprocess.Popen(
            [binary, "serve", "--port", "0", "--speed", "instant", "--db", self.database],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.url = self._read_url()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
        self.process.stdout.close()


class Activities(ServerTestCase):
    # Workers set their socket timeout above the 60 s long poll, as AWS advises.
    client_config = {"read_timeout": 70}

    def activity(self, name, **extra):
        return self.sfn.create_activity(name=name, **extra)["activityArn"]

    def machine(self, name, activity_arn, **task):
        return self.sfn.create_state_machine(name=name, definition=activity_machine(activity_arn, **task), roleArn=ROLE)["stateMachineArn"]

    def start(self, machine_arn):
        return self.sfn.start_execution(stateMachineArn=machine_arn, input=json.dumps(INPUT))["executionArn"]

    def history(self, arn):
        return self.sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]

    def run_worker(self, worker):
        worker.join(timeout=60)
        self.assertFalse(worker.is_alive(), "the worker's poll did not end")
        if worker.error:
            raise worker.error
        return worker.task

    # the activities themselves

    def test_create_describe_list_delete(self):
        arn = self.activity("oven", tags=[{"key": "team", "value": "kitchen"}])
        self.assertEqual(arn, f"arn:aws:states:{REGION}:{ACCOUNT}:activity:oven")
        described = self.sfn.describe_activity(activityArn=arn)
        self.assertEqual((described["activityArn"], described["name"]), (arn, "oven"))
        created = described["creationDate"]
        # CreateActivity is idempotent on the name: the same activity, its tags unchanged.
        again = self.sfn.create_activity(name="oven", tags=[{"key": "team", "value": "other"}])
        self.assertEqual((again["activityArn"], again["creationDate"]), (arn, created))
        self.assertEqual(self.sfn.list_tags_for_resource(resourceArn=arn)["tags"], [{"key": "team", "value": "kitchen"}])
        self.sfn.tag_resource(resourceArn=arn, tags=[{"key": "shift", "value": "night"}])
        self.sfn.untag_resource(resourceArn=arn, tagKeys=["team"])
        self.assertEqual(self.sfn.list_tags_for_resource(resourceArn=arn)["tags"], [{"key": "shift", "value": "night"}])
        listed = {a["name"]: a for a in self.sfn.list_activities()["activities"]}
        self.assertEqual(listed["oven"]["activityArn"], arn)
        self.assertEqual(listed["oven"]["creationDate"], created)
        self.sfn.delete_activity(activityArn=arn)
        with self.assertRaises(ClientError) as gone:
            self.sfn.describe_activity(activityArn=arn)
        self.assertEqual(error_code(gone), "ActivityDoesNotExist")
        # Deleting what does not exist is no error (DeleteActivity names only InvalidArn).
        self.sfn.delete_activity(activityArn=arn)

    def test_list_activities_pages(self):
        for index in range(3):
            self.activity(f"paged-{index}")
        names, token, pages = [], None, 0
        while True:
            answer = self.sfn.list_activities(maxResults=2, **({"nextToken": token} if token else {}))
            self.assertLessEqual(len(answer["activities"]), 2)
            names += [a["name"] for a in answer["activities"]]
            pages += 1
            token = answer.get("nextToken")
            if not token:
                break
        self.assertGreaterEqual(pages, 2)
        for index in range(3):
            self.assertIn(f"paged-{index}", names)
        self.assertEqual(len(names), len(set(names)))
        paginated = [a["name"] for page in self.sfn.get_paginator("list_activities").paginate(PaginationConfig={"PageSize": 1})
                     for a in page["activities"]]
        self.assertEqual(paginated, names)

    def test_errors(self):
        with self.assertRaises(ClientError) as bad_name:
            self.sfn.create_activity(name="has space")
        self.assertEqual(error_code(bad_name), "InvalidName")
        with self.assertRaises(ClientError) as bad_arn:
            self.sfn.describe_activity(activityArn="oven")
        self.assertEqual(error_code(bad_arn), "InvalidArn")
        with self.assertRaises(ClientError) as bad_delete:
            self.sfn.delete_activity(activityArn="arn:aws:states:us-east-1:123456789012:stateMachine:oven")
        self.assertEqual(error_code(bad_delete), "InvalidArn")
        missing = f"arn:aws:states:{REGION}:{ACCOUNT}:activity:missing"
        with self.assertRaises(ClientError) as no_activity:
            self.sfn.get_activity_task(activityArn=missing)
        self.assertEqual(error_code(no_activity), "ActivityDoesNotExist")
        with self.assertRaises(ClientError) as no_arn:
            self.sfn.get_activity_task(activityArn="not-an-arn")
        self.assertEqual(error_code(no_arn), "InvalidArn")

    # workers

    def test_a_worker_takes_the_task_and_succeeds(self):
        activity = self.activity("bake")
        machine = self.machine("bake-once", activity)

        def succeed(client, task):
            client.send_task_success(taskToken=task["taskToken"], output=json.dumps({"baked": json.loads(task["input"])}))

        # The worker polls first: its long poll waits until the execution schedules the task.
        worker = Worker(self.sfn, activity, succeed)
        worker.start()
        execution = self.start(machine)
        task = self.run_worker(worker)
        self.assertEqual(json.loads(task["input"]), INPUT)
        ended = Server.wait_for_end(self.sfn, execution)
        self.assertEqual(ended["status"], "SUCCEEDED")
        self.assertEqual(json.loads(ended["output"]), {"baked": INPUT})
        events = self.history(execution)
        self.assertEqual([e["type"] for e in events], [
            "ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivitySucceeded",
            "TaskStateExited", "ExecutionSucceeded"])
        scheduled = events[2]["activityScheduledEventDetails"]
        self.assertEqual(scheduled["resource"], activity)
        self.assertEqual(json.loads(scheduled["input"]), INPUT)
        self.assertEqual(scheduled["inputDetails"], {"truncated": False})
        self.assertEqual(events[3]["activityStartedEventDetails"], {"workerName": "oven-1"})
        self.assertEqual(json.loads(events[4]["activitySucceededEventDetails"]["output"]), {"baked": INPUT})
        # The token is spent.
        with self.assertRaises(ClientError) as spent:
            self.sfn.send_task_success(taskToken=task["taskToken"], output="{}")
        self.assertIn(error_code(spent), ("TaskDoesNotExist", "InvalidToken", "TaskTimedOut"))

    def test_a_task_scheduled_before_the_worker_polls_waits_for_it(self):
        activity = self.activity("queue-first")
        # (No TimeoutSeconds: on the server's virtual clock it would run out while nothing happens.)
        machine = self.machine("queue-first", activity)
        execution = self.start(machine)
        self.assertEqual(self.sfn.describe_execution(executionArn=execution)["status"], "RUNNING")
        worker = Worker(self.sfn, activity, lambda client, task: client.send_task_success(taskToken=task["taskToken"], output='"done"'),
                        worker_name=None)
        worker.start()
        self.run_worker(worker)
        ended = Server.wait_for_end(self.sfn, execution)
        self.assertEqual((ended["status"], ended["output"]), ("SUCCEEDED", '"done"'))
        started = [e for e in self.history(execution) if e["type"] == "ActivityStarted"]
        self.assertEqual(started[0]["activityStartedEventDetails"], {})

    def test_a_worker_fails_the_task(self):
        activity = self.activity("burn")
        machine = self.machine("burn-once", activity)
        execution = self.start(machine)
        worker = Worker(self.sfn, activity, lambda client, task: client.send_task_failure(
            taskToken=task["taskToken"], error="Programmatic Error", cause=task["input"]))
        worker.start()
        self.run_worker(worker)
        ended = Server.wait_for_end(self.sfn, execution)
        self.assertEqual((ended["status"], ended["error"]), ("FAILED", "Programmatic Error"))
        events = self.history(execution)
        self.assertEqual([e["type"] for e in events][-2:], ["ActivityFailed", "ExecutionFailed"])
        failed = events[-2]["activityFailedEventDetails"]
        self.assertEqual(failed["error"], "Programmatic Error")
        self.assertEqual(json.loads(failed["cause"]), INPUT)

    def test_heartbeats_are_accepted_while_the_worker_holds_the_task(self):
        activity = self.activity("knead")
        machine = self.machine("knead-once", activity)
        execution = self.start(machine)

        def beat_then_succeed(client, task):
            for _ in range(3):
                client.send_task_heartbeat(taskToken=task["taskToken"])
            client.send_task_success(taskToken=task["taskToken"], output='{"kneaded": true}')

        worker = Worker(self.sfn, activity, beat_then_succeed)
        worker.start()
        self.run_worker(worker)
        self.assertEqual(Server.wait_for_end(self.sfn, execution)["status"], "SUCCEEDED")

    def test_a_worker_that_stops_heartbeating_times_out(self):
        # The server runs in virtual time: with nothing else to do, the heartbeat interval (which
        # starts when a worker takes the task) passes as soon as the worker has it.
        activity = self.activity("forgotten")
        machine = self.machine("forgotten-once", activity, HeartbeatSeconds=5)
        execution = self.start(machine)
        worker = Worker(self.sfn, activity)
        worker.start()
        task = self.run_worker(worker)
        ended = Server.wait_for_end(self.sfn, execution)
        self.assertEqual((ended["status"], ended["error"]), ("FAILED", "States.HeartbeatTimeout"))
        events = self.history(execution)
        self.assertEqual([e["type"] for e in events][-3:], ["ActivityStarted", "ActivityTimedOut", "ExecutionFailed"])
        self.assertEqual(events[-2]["activityTimedOutEventDetails"]["error"], "States.HeartbeatTimeout")
        scheduled = [e for e in events if e["type"] == "ActivityScheduled"][0]["activityScheduledEventDetails"]
        self.assertEqual(scheduled["heartbeatInSeconds"], 5)
        self.assertNotIn("timeoutInSeconds", scheduled)
        with self.assertRaises(ClientError) as late:
            self.sfn.send_task_success(taskToken=task["taskToken"], output="{}")
        self.assertIn(error_code(late), ("TaskDoesNotExist", "TaskTimedOut"))

    def test_a_task_on_a_deleted_activity_fails_the_execution(self):
        activity = self.activity("gone")
        machine = self.machine("gone-once", activity)
        self.sfn.delete_activity(activityArn=activity)
        execution = self.start(machine)
        ended = Server.wait_for_end(self.sfn, execution)
        self.assertEqual((ended["status"], ended["error"]), ("FAILED", "States.Runtime"))
        self.assertEqual(ended["cause"], "An error occurred while executing the state 'ActivityTask' (entered at the event id #2). "
                                         f"The activity {activity} does not exist.")
        self.assertEqual([e["type"] for e in self.history(execution)], ["ExecutionStarted", "TaskStateEntered", "ExecutionFailed"])

    def test_several_workers_share_the_tasks(self):
        activity = self.activity("line")
        machine = self.machine("line-once", activity)
        workers = [Worker(self.sfn, activity, lambda client, task: client.send_task_success(taskToken=task["taskToken"], output=task["input"]),
                          worker_name=f"cook-{index}") for index in range(3)]
        for worker in workers:
            worker.start()
        executions = [self.start(machine) for _ in workers]
        tokens = {self.run_worker(worker)["taskToken"] for worker in workers}
        self.assertEqual(len(tokens), 3, "each task went to one worker")
        for execution in executions:
            self.assertEqual(Server.wait_for_end(self.sfn, execution)["status"], "SUCCEEDED")
        names = {[e for e in self.history(execution) if e["type"] == "ActivityStarted"][0]["activityStartedEventDetails"]["workerName"]
                 for execution in executions}
        self.assertEqual(names, {"cook-0", "cook-1", "cook-2"})

    def test_executions_waiting_on_an_activity_survive_a_restart(self):
        directory = tempfile.mkdtemp(prefix="pizzadash-activities-")
        self.addCleanup(shutil.rmtree, directory, True)
        binary = os.environ["PIZZADASH_BINARY"]
        first = StoreServer(binary, directory)
        try:
            sfn = first.client(read_timeout=70)
            activity = sfn.create_activity(name="restarted", tags=[{"key": "k", "value": "v"}])["activityArn"]
            machine = sfn.create_state_machine(name="restarted", definition=activity_machine(activity), roleArn=ROLE)["stateMachineArn"]
            held = sfn.start_execution(stateMachineArn=machine, input=json.dumps({"n": 1}))["executionArn"]
            token = sfn.get_activity_task(activityArn=activity, workerName="before")["taskToken"]
            queued = sfn.start_execution(stateMachineArn=machine, input=json.dumps({"n": 2}))["executionArn"]
        finally:
            first.stop()
        second = StoreServer(binary, directory)
        try:
            sfn = second.client(read_timeout=70)
            self.assertEqual(sfn.describe_activity(activityArn=activity)["name"], "restarted")
            self.assertEqual(sfn.list_tags_for_resource(resourceArn=activity)["tags"], [{"key": "k", "value": "v"}])
            # The worker that took a task before the restart answers with its token.
            sfn.send_task_success(taskToken=token, output='{"held": true}')
            ended = Server.wait_for_end(sfn, held)
            self.assertEqual((ended["status"], json.loads(ended["output"])), ("SUCCEEDED", {"held": True}))
            # The task no worker had taken waits for one.
            task = sfn.get_activity_task(activityArn=activity, workerName="after")
            self.assertEqual(json.loads(task["input"]), {"n": 2})
            sfn.send_task_success(taskToken=task["taskToken"], output='{"queued": true}')
            self.assertEqual(Server.wait_for_end(sfn, queued)["status"], "SUCCEEDED")
            types = [e["type"] for e in sfn.get_execution_history(executionArn=queued)["events"]]
            self.assertEqual(types.count("ActivityScheduled"), 1, "nothing was scheduled again")
        finally:
            second.stop()


if __name__ == "__main__":
    unittest.main()
