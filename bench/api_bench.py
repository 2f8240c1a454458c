#!/usr/bin/env python3
"""The Step Functions API as a user's client sees it, for bench/api.sh: one boto3 client thread
runs executions back to back against ENDPOINT for SECONDS and prints one JSON line.

    api_bench.py ENDPOINT setup             creates the two machines and starts one execution, prints their ARNs as JSON
    api_bench.py ENDPOINT sync SECONDS      StartSyncExecution of the three-Pass EXPRESS machine
    api_bench.py ENDPOINT start SECONDS     StartExecution + DescribeExecution (until it ended) of the STANDARD one
"""
import json
import sys
import time
import urllib.request
import uuid

import boto3
from botocore.config import Config

ROLE = "arn:aws:iam::123456789012:role/bench"
THREE_PASS = json.dumps({"StartAt": "A", "States": {
    "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Pass", "End": True}}})


def client(endpoint):
    return boto3.client("stepfunctions", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="bench",
                        aws_secret_access_key="bench", config=Config(inject_host_prefix=False, retries={"max_attempts": 1}))


def setup(endpoint, sfn):
    # moto executes state machines only when told to (its config endpoint); pizzadash has no such route.
    try:
        request = urllib.request.Request(endpoint + "/moto-api/config", method="POST",
                                         data=json.dumps({"stepfunctions": {"execute_state_machine": True}}).encode())
        urllib.request.urlopen(request).read()
    except Exception:
        pass
    express = sfn.create_state_machine(name="bench-express", definition=THREE_PASS, roleArn=ROLE, type="EXPRESS")["stateMachineArn"]
    standard = sfn.create_state_machine(name="bench-standard", definition=THREE_PASS, roleArn=ROLE)["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=standard, name="described", input="{}")["executionArn"]
    print(json.dumps({"express": express, "standard": standard, "execution": execution}))


def loop(sfn, seconds, body):
    done, failures, latencies, error = 0, 0, [], None
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        began = time.monotonic()
        try:
            ok = body()
        except Exception as failure:  # an answer that is an error: counted, and the first one kept
            ok, error = False, error or f"{type(failure).__name__}: {failure}"
        latencies.append(time.monotonic() - began)
        if ok:
            done += 1
        else:
            failures += 1
    latencies.sort()
    p = lambda q: round(latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000, 3) if latencies else None
    return {"executions": done, "failed": failures, "executionsPerSecond": round(done / seconds, 1), "p50Ms": p(0.5), "p99Ms": p(0.99),
            "firstError": error}


def main():
    endpoint, mode = sys.argv[1], sys.argv[2]
    sfn = client(endpoint)
    if mode == "setup":
        return setup(endpoint, sfn)
    seconds = float(sys.argv[3])
    machines = {m["name"]: m["stateMachineArn"] for m in sfn.list_state_machines()["stateMachines"]}
    if mode == "sync":
        arn = machines["bench-express"]
        result = loop(sfn, seconds, lambda: sfn.start_sync_execution(stateMachineArn=arn, input="{}")["status"] == "SUCCEEDED")
    else:
        arn = machines["bench-standard"]

        def start_and_describe():
            # Named, as moto 5.2.1 names every unnamed execution "None" (its second start then fails).
            execution = sfn.start_execution(stateMachineArn=arn, name=str(uuid.uuid4()), input="{}")["executionArn"]
            for _ in range(1000):
                status = sfn.describe_execution(executionArn=execution)["status"]
                if status != "RUNNING":
                    return status == "SUCCEEDED"
            return False
        result = loop(sfn, seconds, start_and_describe)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
