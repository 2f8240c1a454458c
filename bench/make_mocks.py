#!/usr/bin/env python3
"""Writes bench/mocks/*.json: Step Functions Local MockConfigFiles that reproduce what the real
local handlers return, case by case.

Each case runs once through `pizzadash run --history --speed instant` with the real handlers;
every task attempt's result in the history (TaskSucceeded output, TaskFailed/TaskTimedOut error
and cause, LambdaFunction* alike) becomes that state's mocked response for that invocation
number. So moto and pizzadash can run the same definitions with identical task results and no
Lambda, SQS or callback sender.

Usage: bench/make_mocks.py PIZZADASH_BINARY
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

CASES = {
    "order-saga": [
        (f"ErrorOnStep{n}", {"orderId": 1, "flavor": "plain", "perStepDelaySeconds": 0, "errorOnStep": n})
        for n in range(8)
    ],
    "pineapple-check": [
        ("Pepperoni", {"flavour": "pepperoni"}),
        ("Pineapple", {"flavour": "pineapple"}),
    ],
}

RESULT_TYPES = {
    "TaskSucceeded": "ok", "LambdaFunctionSucceeded": "ok",
    "TaskFailed": "error", "LambdaFunctionFailed": "error",
    "TaskTimedOut": "error", "LambdaFunctionTimedOut": "error",
}


def details(event):
    for key, value in event.items():
        if key.endswith("EventDetails"):
            return value
    return {}


def state_of(event, by_id):
    """The state a task event belongs to: task events carry no name (as in AWS's histories), so
    follow previousEventId back to the TaskStateEntered that started the task."""
    while event is not None:
        name = details(event).get("name")
        if name is not None and event["type"].endswith("StateEntered"):
            return name
        event = by_id.get(event.get("previousEventId"))
    raise SystemExit("a task event with no TaskStateEntered before it")


def main():
    binary = sys.argv[1]
    for machine, cases in CASES.items():
        definition = os.path.join(ROOT, "Resources", f"{machine}.asl.json")
        config = {"StateMachines": {machine: {"TestCases": {}}}, "MockedResponses": {}}
        expected = {}
        for case, input_value in cases:
            run = subprocess.run([binary, "run", definition, "--input", json.dumps(input_value), "--speed", "instant", "--history"],
                                 check=True, capture_output=True, text=True)
            described = json.loads(run.stdout)
            per_state = {}
            by_id = {event["id"]: event for event in described["events"]}
            for event in described["events"]:
                kind = RESULT_TYPES.get(event["type"])
                if kind is None:
                    continue
                d = details(event)
                d = dict(d, name=state_of(event, by_id))
                if kind == "ok":
                    response = {"Return": json.loads(d["output"])}
                else:
                    response = {"Throw": {"Error": d.get("error", ""), "Cause": d.get("cause", "")}}
                per_state.setdefault(d["name"], []).append(response)
            mapping = {}
            for state, responses in per_state.items():
                name = f"{case}: {state}"
                config["MockedResponses"][name] = {str(i): r for i, r in enumerate(responses)}
                mapping[state] = name
            config["StateMachines"][machine]["TestCases"][case] = mapping
            expected[case] = {"input": input_value, "status": described["status"],
                              "error": described.get("error"), "output": described.get("output")}
        with open(os.path.join(HERE, "mocks", f"{machine}.json"), "w") as f:
            json.dump(config, f, indent=2, sort_keys=True)
            f.write("\n")
        with open(os.path.join(HERE, "mocks", f"{machine}.expected.json"), "w") as f:
            json.dump(expected, f, indent=2, sort_keys=True)
            f.write("\n")
        print(f"wrote bench/mocks/{machine}.json ({len(cases)} test cases)")


if __name__ == "__main__":
    main()
