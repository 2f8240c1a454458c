#!/usr/bin/env python3
"""Runs one definition N times through moto's Step Functions interpreter and prints the same
figures as `pizzadash bench --json` (executionsPerSecond, transitionsPerSecond, p50Ms, p99Ms,
cpuSecondsPerExecution, peakRSSBytes, plus executions and statuses).

moto (5.2.1) executes state machines with `mock_aws(config={"stepfunctions":
{"execute_state_machine": True}})`; each execution runs on its own thread, in real time (retry
intervals and heartbeats really sleep). Its interpreter is LocalStack's and understands Step
Functions Local mock test cases (`env.mock_test_case`), but moto 5.2.1 never loads a mock config
(`mocking.mock_config.load_mock_test_case_for` is a stub returning None, and the backend's
start_execution passes no test case). So this script builds the MockTestCase from the JSON file
with moto's own classes and hands it to every ExecutionWorker it creates. One adaptation: for a
Task whose Resource is a Lambda function ARN (not `lambda:invoke`), moto treats the mocked Return
as Lambda's Invoke response and passes on its "Payload"; pizzadash passes the Return on as is.
The script wraps such Returns as {"Payload": ..., "StatusCode": 200}, so both give the same result.

At most --concurrency executions are in flight (a new one starts when one ends); the run stops
starting new ones after --max-seconds. Latency is measured from StartExecution to the end of
the execution's worker thread.

Also: moto 5.2.1 cannot start a second execution of a state machine as shipped (see the
__deepcopy__ note in main); the script patches that.

Usage: moto_bench.py DEFINITION --input JSON [--mock-config F --test-case NAME] [--executions N]
                     [--concurrency C] [--max-seconds S] [--api backend|client]
"""
import argparse
import json
import os
import resource
import threading
import time

from moto import mock_aws

ACCOUNT = "123456789012"
REGION = "us-east-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/bench"


def load_test_case(path, machine, case, definition):
    from moto.stepfunctions.parser.mocking import mock_config as mc

    with open(path) as f:
        raw = json.load(f)
    direct_lambda_states = {
        name for name, state in all_states(definition)
        if state.get("Type") == "Task" and ":lambda:" in state.get("Resource", "") and ":function:" in state.get("Resource", "")
    }
    states = []
    for state, response_name in raw["StateMachines"][machine]["TestCases"][case].items():
        responses = []
        for key, entry in raw["MockedResponses"][response_name].items():
            start, end = mc._parse_mocked_response_range(key)
            if "Return" in entry:
                value = entry["Return"]
                if state in direct_lambda_states:
                    value = {"Payload": value, "StatusCode": 200}
                responses.append(mc.MockedResponseReturn(start, end, value))
            else:
                thrown = entry["Throw"]
                responses.append(mc.MockedResponseThrow(start, end, thrown["Error"], thrown.get("Cause", "")))
        states.append(mc.StateMockedResponses(state, response_name, responses))
    return mc.MockTestCase(machine, case, states)


def all_states(definition):
    for name, state in definition.get("States", {}).items():
        yield name, state
        for branch in state.get("Branches", []):
            yield from all_states(branch)
        for key in ("Iterator", "ItemProcessor"):
            if key in state:
                yield from all_states(state[key])


def count_transitions(history_events):
    return sum(1 for e in history_events if e["type"].endswith("StateEntered"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("definition")
    parser.add_argument("--input", default="{}")
    parser.add_argument("--mock-config")
    parser.add_argument("--test-case")
    parser.add_argument("--name")
    parser.add_argument("--executions", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=20.0)
    parser.add_argument("--cache-jsonpath", action="store_true",
                        help="memoize jsonpath_ng's parse() in moto's interpreter: jsonpath-ng 1.8.0 rebuilds its PLY "
                             "LALR tables on every parse, ~94%% of moto's CPU per execution here; a cache is the fix "
                             "moto would make, so this gives moto's best case")
    parser.add_argument("--cache-program", action="store_true",
                        help="memoize moto's ANTLR parse of the definition (AmazonStateLanguageParser.parse, run for "
                             "every execution: ~5 ms for the pineapple check, ~50 ms for the saga)")
    parser.add_argument("--api", choices=["backend", "client"], default="backend",
                        help="backend: call moto's Step Functions backend directly (no HTTP/botocore layer, faster); "
                             "client: through a boto3 client as a test would")
    args = parser.parse_args()

    with open(args.definition) as f:
        definition_text = f.read()
    definition = json.loads(definition_text)
    machine = args.name or os.path.basename(args.definition).removesuffix(".json").removesuffix(".asl")
    test_case = None
    if args.mock_config:
        test_case = load_test_case(args.mock_config, machine, args.test_case, definition)

    from moto.stepfunctions.parser.backend import execution_worker as ew

    if args.cache_jsonpath:
        import functools
        from moto.stepfunctions.parser.asl.utils import json_path as moto_json_path
        from moto.stepfunctions.parser.asl.component.common.path import result_path as moto_result_path
        moto_json_path.parse = functools.lru_cache(maxsize=None)(moto_json_path.parse)
        moto_result_path.parse = functools.lru_cache(maxsize=None)(moto_result_path.parse)
    if args.cache_program:
        import functools
        from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser
        AmazonStateLanguageParser.parse = staticmethod(functools.lru_cache(maxsize=None)(AmazonStateLanguageParser.parse))

    lock = threading.Lock()
    slots = threading.Semaphore(args.concurrency)
    all_done = threading.Event()
    state = {"started": 0, "finished": 0, "stop_starting": False}
    latencies = []
    begin_by_worker = {}

    original_init = ew.ExecutionWorker.__init__
    original_logic = ew.ExecutionWorker._execution_logic

    def init(self, *a, **kw):
        original_init(self, *a, **kw)
        if self._mock_test_case is None and test_case is not None:
            self._mock_test_case = test_case

    def logic(self):
        try:
            original_logic(self)
        finally:
            end = time.monotonic()
            with lock:
                latencies.append(end - begin_by_worker.get(id(self), end))
                state["finished"] += 1
                if state["stop_starting"] and state["finished"] == state["started"]:
                    all_done.set()
            slots.release()

    ew.ExecutionWorker.__init__ = init
    ew.ExecutionWorker._execution_logic = logic
    # moto 5.2.1's start_execution deep-copies the state machine, and with it every earlier
    # execution of it, whose worker environment holds a threading.RLock: the second
    # StartExecution of a machine raises "cannot pickle '_thread.RLock' object". Sharing the
    # execution objects instead fixes that and spares moto copying all earlier executions
    # on every start (which would make it slower with every execution, unfairly).
    from moto.stepfunctions.parser.backend.execution import Execution as ParserExecution
    ParserExecution.__deepcopy__ = lambda self, memo: self

    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        import boto3
        from moto.stepfunctions.parser.models import stepfunctions_parser_backends

        client = boto3.client("stepfunctions", region_name=REGION)
        arn = client.create_state_machine(name=machine, definition=definition_text, roleArn=ROLE)["stateMachineArn"]
        backend = stepfunctions_parser_backends[ACCOUNT][REGION]

        cpu0 = time.process_time()
        t0 = time.monotonic()
        executions = []
        for i in range(args.executions):
            slots.acquire()
            if time.monotonic() - t0 > args.max_seconds:
                slots.release()
                break
            begin = time.monotonic()
            if args.api == "client":
                execution_arn = client.start_execution(stateMachineArn=arn, name=f"e{i}", input=args.input)["executionArn"]
                execution = backend.describe_execution(execution_arn)
            else:
                execution = backend.start_execution(arn, name=f"e{i}", execution_input=args.input)
            with lock:
                begin_by_worker[id(execution.exec_worker)] = begin
                state["started"] += 1
            executions.append(execution)
        with lock:
            state["stop_starting"] = True
            if state["finished"] == state["started"]:
                all_done.set()
        all_done.wait()
        wall = time.monotonic() - t0
        cpu = time.process_time() - cpu0

        statuses = {}
        transitions = 0
        outcomes = {}
        for execution in executions:
            status = execution.status
            statuses[status] = statuses.get(status, 0) + 1
            history = backend.get_execution_history(execution.execution_arn)["events"]
            transitions += count_transitions(history)
            outcomes.setdefault((status, execution.error), 0)
            outcomes[(status, execution.error)] += 1

    latencies.sort()

    def pct(p):
        if not latencies:
            return 0.0
        rank = max(1, min(len(latencies), int(-(-p * len(latencies) // 1))))
        return latencies[rank - 1]

    n = len(executions)
    print(json.dumps({
        "executionsPerSecond": round(n / wall, 3),
        "transitionsPerSecond": round(transitions / wall, 3),
        "p50Ms": round(pct(0.50) * 1000, 3),
        "p99Ms": round(pct(0.99) * 1000, 3),
        "cpuSecondsPerExecution": round(cpu / n, 9) if n else 0,
        "peakRSSBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "executions": n,
        "concurrency": args.concurrency,
        "api": args.api,
        "cacheJsonpath": args.cache_jsonpath,
        "cacheProgram": args.cache_program,
        "wallSeconds": round(wall, 6),
        "stateTransitions": transitions,
        "statuses": statuses,
        "errors": {f"{s}/{e}": c for (s, e), c in outcomes.items()},
    }, sort_keys=True))


if __name__ == "__main__":
    main()
