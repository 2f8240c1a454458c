"""Starts `pizzadash serve` on a free loopback port for a test suite, and stops it."""
import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

import boto3
from botocore.config import Config

ACCOUNT = "123456789012"
REGION = "us-east-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/TestRole"


class Server:
    """`pizzadash serve --port 0 --speed instant` on a fresh store, with extra arguments."""

    def __init__(self, binary, *arguments):
        self.directory = tempfile.mkdtemp(prefix="pizzadash-api-")
        self.database = os.path.join(self.directory, "store.db")
        self.process = subprocess.Popen(
            [binary, "serve", "--port", "0", "--speed", "instant", "--db", self.database, *arguments],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.url = self._read_url()

    def _read_url(self):
        deadline = time.monotonic() + 60
        seen = []
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], deadline - time.monotonic())
            if not ready:
                break
            line = self.process.stdout.readline()
            if not line:
                break
            seen.append(line)
            match = re.search(r"serving the HTTP API on (http://\S+)", line)
            if match:
                return match.group(1)
        self.stop()
        raise RuntimeError("pizzadash serve did not start: " + "".join(seen))

    def client(self, access_key="test", secret_key="test", region=REGION, **config):
        """A boto3 Step Functions client of this server (no `sync-` host prefix: one host serves all)."""
        return boto3.client(
            "stepfunctions", endpoint_url=self.url, region_name=region,
            aws_access_key_id=access_key, aws_secret_access_key=secret_key,
            config=Config(inject_host_prefix=False, retries={"max_attempts": 1}, **config))

    @staticmethod
    def wait_for_end(client, execution_arn, seconds=30):
        """Polls DescribeExecution until the execution has ended (the server runs in virtual time,
        so this takes a few polls at most), as a client of a real Step Functions does."""
        deadline = time.monotonic() + seconds
        while True:
            described = client.describe_execution(executionArn=execution_arn)
            if described["status"] != "RUNNING" or time.monotonic() > deadline:
                return described
            time.sleep(0.01)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        shutil.rmtree(self.directory, ignore_errors=True)


class ServerTestCase(unittest.TestCase):
    """A test class sharing one `pizzadash serve` (the binary in PIZZADASH_BINARY) and a boto3
    client of it (`client_config`: botocore Config settings, e.g. a longer read timeout)."""
    client_config = {}

    @classmethod
    def setUpClass(cls):
        cls.server = Server(os.environ["PIZZADASH_BINARY"])
        cls.sfn = cls.server.client(**cls.client_config)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
