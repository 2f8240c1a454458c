"""`pizzadash executions|history|graph|watch --endpoint URL`: the headless commands on a remote Step
Functions service, against `pizzadash serve --auth KEY:SECRET` and against moto_server, each filled
through boto3 as a user would."""
import http.server
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request

import boto3
from botocore.config import Config

from server import ROLE, Server

BINARY = os.environ["PIZZADASH_BINARY"]
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
KEY, SECRET = "AKIDREMOTE", "s3cret/remote"
PASSES = json.dumps({"StartAt": "Prep", "States": {"Prep": {"Type": "Pass", "Next": "Bake"}, "Bake": {"Type": "Pass", "End": True}}})
FAILS = json.dumps({"StartAt": "Prep", "States": {"Prep": {"Type": "Pass", "Next": "Burn"},
                                                 "Burn": {"Type": "Fail", "Error": "Oven.TooHot", "Cause": "charcoal"}}})


def pizzadash(*arguments, key=KEY, secret=SECRET, home=None, **variables):
    """Runs the binary with only these credentials (no profile, no region, an empty HOME unless
    given) and the AWS_* `variables` given."""
    home = home or tempfile.mkdtemp(prefix="pizzadash-remote-home-")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environment["HOME"] = home
    if key is not None:
        environment.update({"AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret})
    environment.update(variables)
    return subprocess.run([BINARY, *arguments], capture_output=True, text=True, env=environment, timeout=120)


class RemoteCommands:
    """The checks, run against each server by the classes below (self.url, self.sfn)."""

    def wait_for_end(self, arn):
        deadline = time.monotonic() + 60
        while True:
            described = self.sfn.describe_execution(executionArn=arn)
            if described["status"] != "RUNNING" or time.monotonic() > deadline:
                return described
            time.sleep(0.02)

    @classmethod
    def fill(cls):
        """Two machines, an execution that succeeds and one that fails; and an EXPRESS machine,
        whose executions AWS does not list (the commands leave it out rather than fail)."""
        passes = cls.sfn.create_state_machine(name="remote-passes", definition=PASSES, roleArn=ROLE)["stateMachineArn"]
        fails = cls.sfn.create_state_machine(name="remote-fails", definition=FAILS, roleArn=ROLE)["stateMachineArn"]
        cls.sfn.create_state_machine(name="remote-quick", definition=PASSES, roleArn=ROLE, type="EXPRESS")
        cls.succeeded = cls.sfn.start_execution(stateMachineArn=passes, name="good", input='{"n": 1}')["executionArn"]
        cls.failed = cls.sfn.start_execution(stateMachineArn=fails, name="bad", input="{}")["executionArn"]

    def test_executions_lists_what_boto3_started(self):
        self.wait_for_end(self.succeeded)
        run = pizzadash("executions", "--endpoint", self.url, "--json")
        self.assertEqual(run.returncode, 0, run.stderr)
        listed = {e["executionArn"]: e for e in json.loads(run.stdout)["executions"]}
        self.assertIn(self.succeeded, listed)
        self.assertIn(self.failed, listed)
        self.assertEqual(listed[self.succeeded]["stateMachineName"], "remote-passes")
        self.assertEqual(listed[self.succeeded]["status"], "SUCCEEDED")
        table = pizzadash("executions", "--endpoint", self.url)
        self.assertEqual(table.returncode, 0, table.stderr)
        self.assertTrue(table.stdout.startswith("NAME"), table.stdout)
        self.assertIn("remote-fails", table.stdout)

    def test_history_is_get_execution_history(self):
        self.wait_for_end(self.failed)
        run = pizzadash("history", self.failed, "--endpoint", self.url, "--json")
        self.assertEqual(run.returncode, 0, run.stderr)
        events = json.loads(run.stdout)["events"]
        self.assertEqual(events[0]["type"], "ExecutionStarted")
        self.assertEqual(events[-1]["type"], "ExecutionFailed")
        self.assertEqual(events[-1]["executionFailedEventDetails"]["error"], "Oven.TooHot")
        text = pizzadash("history", self.failed, "--endpoint", self.url)
        self.assertEqual(text.returncode, 0, text.stderr)
        self.assertIn("FAILED", text.stdout.splitlines()[0])

    def test_graph_of_the_execution_is_coloured_by_its_history(self):
        self.wait_for_end(self.failed)
        run = pizzadash("graph", "--execution-arn", self.failed, "--endpoint", self.url, "--format", "mermaid")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("Prep", run.stdout)
        self.assertIn("Burn", run.stdout)
        self.assertIn("classDef", run.stdout)
        text = pizzadash("graph", "--execution-arn", self.failed, "--endpoint", self.url)
        self.assertEqual(text.returncode, 0, text.stderr)
        self.assertIn("✗", text.stdout)
        self.assertIn("✓", text.stdout)

    def test_watch_exit_status_follows_the_outcome(self):
        good = pizzadash("watch", self.succeeded, "--endpoint", self.url, "--exit-status")
        self.assertEqual(good.returncode, 0, good.stdout + good.stderr)
        self.assertIn("entered  Prep", good.stdout)
        self.assertRegex(good.stdout, r"left +Bake +\d+\.\d{3}s")
        self.assertTrue(good.stdout.rstrip().endswith("SUCCEEDED"), good.stdout)
        bad = pizzadash("watch", self.failed, "--endpoint", self.url, "--exit-status")
        self.assertEqual(bad.returncode, 1, bad.stdout + bad.stderr)
        self.assertIn("FAILED  Oven.TooHot: charcoal", bad.stdout)
        # Without --exit-status, watching to the end is success whatever the outcome.
        self.assertEqual(pizzadash("watch", self.failed, "--endpoint", self.url).returncode, 0)

    def test_an_unknown_execution_is_one_line_exit_2(self):
        arn = self.succeeded.rsplit(":", 1)[0] + ":no-such-execution"
        run = pizzadash("watch", arn, "--endpoint", self.url)
        self.assertEqual(run.returncode, 2, run.stdout + run.stderr)
        self.assertIn("ExecutionDoesNotExist", run.stderr)
        self.assertEqual(len(run.stderr.strip().splitlines()), 1, run.stderr)


class AgainstPizzadashServe(RemoteCommands, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(BINARY, "--auth", f"{KEY}:{SECRET}")
        cls.url = cls.server.url
        cls.sfn = cls.server.client(KEY, SECRET)
        cls.fill()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_a_wrong_secret_exits_2_with_awss_error(self):
        run = pizzadash("executions", "--endpoint", self.url, "--json", secret="guess")
        self.assertEqual(run.returncode, 2, run.stdout + run.stderr)
        self.assertIn("InvalidSignatureException", run.stderr)
        self.assertEqual(len(run.stderr.strip().splitlines()), 1, run.stderr)
        self.assertNotIn("guess", run.stderr)
        self.assertNotIn(SECRET, run.stderr)

    def test_credentials_and_endpoint_come_in_awss_order(self):
        home = tempfile.mkdtemp(prefix="pizzadash-remote-home-")
        os.makedirs(os.path.join(home, ".aws"))
        with open(os.path.join(home, ".aws", "credentials"), "w") as file:
            file.write(f"[kitchen]\naws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n")
        with open(os.path.join(home, ".aws", "config"), "w") as file:
            file.write("[profile kitchen]\nregion = eu-west-1\n")
        # --profile beats the (wrong) variables, as the AWS CLI's --profile does.
        # The profile's region is the one asked: the server keeps state per region, and eu-west-1
        # has none of the us-east-1 executions.
        run = pizzadash("executions", "--endpoint", self.url, "--profile", "kitchen", "--json", secret="guess", home=home)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(json.loads(run.stdout)["executions"], [])
        # AWS_PROFILE names the profile when the key variables are not set.
        run = pizzadash("executions", "--endpoint", self.url, "--json", key=None, home=home, AWS_PROFILE="kitchen")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(json.loads(run.stdout)["executions"], [])
        # The variables beat AWS_PROFILE, a session token rides along, AWS_ENDPOINT_URL_SFN is the
        # endpoint, and --region beats the profile's.
        run = pizzadash("executions", "--region", "us-east-1", "--json", home=home, AWS_PROFILE="nope",
                        AWS_SESSION_TOKEN="token", AWS_ENDPOINT_URL_SFN=self.url, AWS_ENDPOINT_URL="http://127.0.0.1:9")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn(self.succeeded, run.stdout)
        missing = pizzadash("executions", "--endpoint", self.url, "--profile", "nope", home=home)
        self.assertEqual(missing.returncode, 2)
        self.assertIn("profile nope not found", missing.stderr)

    def test_https_verifies_the_certificate(self):
        """An HTTPS endpoint whose certificate no trusted authority signed (a self-signed one made
        here, served by Python's TLS) is refused: one line naming it, exit 2, nothing listed."""
        folder = tempfile.mkdtemp(prefix="pizzadash-tls-")
        key, cert = os.path.join(folder, "key.pem"), os.path.join(folder, "cert.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)

        class Answer(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                body = b'{"stateMachines": []}'
                self.send_response(200)
                self.send_header("Content-Type", "application/x-amz-json-1.0")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *arguments):
                pass

        server = http.server.HTTPServer(("127.0.0.1", 0), Answer)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            url = f"https://127.0.0.1:{server.server_address[1]}"
            run = pizzadash("executions", "--endpoint", url, "--json")
            self.assertEqual(run.returncode, 2, run.stdout + run.stderr)
            self.assertEqual(run.stdout, "")
            self.assertEqual(len(run.stderr.strip().splitlines()), 1, run.stderr)
            self.assertIn(url, run.stderr)
            self.assertIn("certificate", run.stderr)
        finally:
            server.shutdown()
            server.server_close()
            shutil.rmtree(folder, ignore_errors=True)

    def test_an_unreachable_endpoint_exits_2_naming_it(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        run = pizzadash("executions", "--endpoint", f"http://127.0.0.1:{port}")
        self.assertEqual(run.returncode, 2, run.stdout + run.stderr)
        self.assertIn(f"127.0.0.1:{port}", run.stderr)
        self.assertEqual(len(run.stderr.strip().splitlines()), 1, run.stderr)


class AgainstMotoServer(RemoteCommands, unittest.TestCase):
    """moto_server with state machines really executed (bench/moto_api_server.py's patch, and
    execution switched on through moto's /moto-api/config)."""

    @classmethod
    def setUpClass(cls):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        cls.process = subprocess.Popen([sys.executable, os.path.join(ROOT, "bench", "moto_api_server.py"), str(port)],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cls.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(cls.url + "/moto-api/").read()
                break
            except OSError:
                if time.monotonic() > deadline or cls.process.poll() is not None:
                    cls.process.kill()
                    raise RuntimeError("moto_server did not start")
                time.sleep(0.05)
        request = urllib.request.Request(cls.url + "/moto-api/config", method="POST",
                                         data=json.dumps({"stepfunctions": {"execute_state_machine": True}}).encode())
        urllib.request.urlopen(request).read()
        cls.sfn = boto3.client("stepfunctions", endpoint_url=cls.url, region_name="us-east-1", aws_access_key_id=KEY,
                               aws_secret_access_key=SECRET, config=Config(inject_host_prefix=False, retries={"max_attempts": 1}))
        cls.fill()

    @classmethod
    def tearDownClass(cls):
        cls.process.terminate()
        cls.process.wait(timeout=30)


class WatchOnTheLocalStore(unittest.TestCase):
    """`watch` without --endpoint reads the store at --db (here one `pizzadash run` wrote)."""

    def run_into_store(self, directory, name, definition):
        path = os.path.join(directory, name + ".asl.json")
        with open(path, "w") as file:
            file.write(definition)
        run = subprocess.run([BINARY, "run", path, "--speed", "instant", "--db", os.path.join(directory, "store.db")],
                             capture_output=True, text=True, timeout=120)
        self.assertIn(run.returncode, (0, 1), run.stderr)
        return json.loads(run.stdout)["executionArn"]

    def test_watch_exit_status_on_the_store(self):
        directory = tempfile.mkdtemp(prefix="pizzadash-watch-")
        database = os.path.join(directory, "store.db")
        good = self.run_into_store(directory, "passes", PASSES)
        bad = self.run_into_store(directory, "fails", FAILS)
        watched = pizzadash("watch", good, "--db", database, "--exit-status")
        self.assertEqual(watched.returncode, 0, watched.stdout + watched.stderr)
        self.assertIn("entered  Bake", watched.stdout)
        self.assertTrue(watched.stdout.rstrip().endswith("SUCCEEDED"), watched.stdout)
        failed = pizzadash("watch", bad, "--db", database, "--exit-status")
        self.assertEqual(failed.returncode, 1, failed.stdout + failed.stderr)
        self.assertIn("FAILED  Oven.TooHot: charcoal", failed.stdout)
        graph = pizzadash("graph", "--execution-arn", bad, "--db", database, "--format", "dot")
        self.assertEqual(graph.returncode, 0, graph.stderr)
        self.assertIn("Burn", graph.stdout)
        unknown = pizzadash("watch", "no-such-execution", "--db", database)
        self.assertEqual(unknown.returncode, 2, unknown.stdout + unknown.stderr)
        self.assertIn("no execution no-such-execution", unknown.stderr)


if __name__ == "__main__":
    unittest.main()
