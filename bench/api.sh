#!/usr/bin/env bash
# The Step Functions API under load, pizzadash serve beside moto_server, on this machine:
#   bench/api.sh [SECONDS]        (default 10 s a measurement; needs wrk, boto3 and moto[server]: installed if missing)
# For each server: wrk (2 threads, 16 keep-alive connections) sends StartSyncExecution of a
# three-Pass EXPRESS machine, StartExecution (a new name each) of a three-Pass STANDARD one, and DescribeExecution,
# each for SECONDS (requests/s, p50/p99 latency, failed answers); then one boto3 client thread runs
# executions back to back: StartSyncExecution, and StartExecution + DescribeExecution until ended
# (executions/s). pizzadash runs a release build in virtual time on a store file. The table is
# printed in Markdown (for the README) and kept in bench/last-api.json.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

command -v wrk >/dev/null || { echo "api.sh: installing wrk"; apt-get install -y -qq wrk >/dev/null; }
python3 -c 'import boto3' 2>/dev/null || python3 -m pip install --quiet boto3
python3 -c 'import moto.server, flask' 2>/dev/null || python3 -m pip install --quiet 'moto[server]'

swift build -c release --product pizzadash >/dev/null
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 300); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "api.sh: $2 did not start" >&2; exit 1; }

ours=$(free_port)
.build/release/pizzadash serve --port "$ours" --speed instant --db "$work/store.sqlite" >"$work/pizzadash.log" 2>&1 &
pids+=($!)
moto=$(free_port)
python3 bench/moto_api_server.py "$moto" >"$work/moto.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$ours/" "pizzadash serve"
wait_for "http://127.0.0.1:$moto/" "moto_server"

results="$work/results.jsonl"
for server in pizzadash moto; do
  port=$([ "$server" = pizzadash ] && echo "$ours" || echo "$moto")
  url="http://127.0.0.1:$port"
  arns=$(python3 bench/api_bench.py "$url" setup)
  arn() { python3 -c "import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$arns" "$1"; }
  for target in StartSyncExecution StartExecution DescribeExecution; do
    case $target in
      StartSyncExecution) body="{\"stateMachineArn\": \"$(arn express)\", \"input\": \"{}\"}" ;;
      StartExecution) body="{\"stateMachineArn\": \"$(arn standard)\", \"name\": \"%NAME%\", \"input\": \"{}\"}" ;;
      DescribeExecution) body="{\"executionArn\": \"$(arn execution)\"}" ;;
    esac
    line=$(TARGET=$target BODY=$body wrk -t2 -c16 -d"${seconds}s" -s bench/wrk/aws_json.lua "$url" | grep '^RESULT ' | cut -c8-)
    echo "{\"server\": \"$server\", \"client\": \"wrk\", \"operation\": \"$target\", \"result\": $line}" >>"$results"
  done
  for mode in sync start; do
    line=$(python3 bench/api_bench.py "$url" "$mode" "$seconds")
    echo "{\"server\": \"$server\", \"client\": \"boto3\", \"operation\": \"$mode\", \"result\": $line}" >>"$results"
  done
done

python3 - "$results" "$seconds" <<'PY'
import json, platform, subprocess, sys, time
rows = [json.loads(line) for line in open(sys.argv[1])]
get = lambda server, client, op: next(r["result"] for r in rows if (r["server"], r["client"], r["operation"]) == (server, client, op))
ratio = lambda a, b: f"{a / b:,.0f}x" if b else "moto: none"
print(f"\n## bench/api.sh ({sys.argv[2]} s a measurement, {time.strftime('%Y-%m-%d')}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores)\n")
print("| load generator (wrk, 2 threads, 16 connections) | pizzadash req/s | p50 / p99 ms | moto_server req/s | p50 / p99 ms | failed (ours / moto) |")
print("|---|---:|---:|---:|---:|---:|")
for op in ["StartSyncExecution", "StartExecution", "DescribeExecution"]:
    a, b = get("pizzadash", "wrk", op), get("moto", "wrk", op)
    print(f"| {op} | {a['requestsPerSecond']:,.0f} | {a['p50Ms']:.2f} / {a['p99Ms']:.2f} | {b['requestsPerSecond']:,.0f} | {b['p50Ms']:.2f} / {b['p99Ms']:.2f} | {a['failed']} / {b['failed']} |")
print("\n| one boto3 client thread | pizzadash executions/s | moto_server executions/s | ratio | failed (ours / moto) |")
print("|---|---:|---:|---:|---:|")
for mode, label in [("sync", "StartSyncExecution (EXPRESS, 3 Pass)"), ("start", "StartExecution + DescribeExecution until ended (STANDARD, 3 Pass)")]:
    a, b = get("pizzadash", "boto3", mode), get("moto", "boto3", mode)
    print(f"| {label} | {a['executionsPerSecond']:,.1f} | {b['executionsPerSecond']:,.1f} | {ratio(a['executionsPerSecond'], b['executionsPerSecond'])} | {a['failed']} / {b['failed']} |")
for r in rows:
    if r["result"].get("firstError"):
        print(f"\n{r['server']} {r['operation']}: first error: {r['result']['firstError']}")
json.dump({"date": time.strftime("%Y-%m-%d"), "seconds": float(sys.argv[2]), "machine": platform.machine(), "rows": rows},
          open("bench/last-api.json", "w"), indent=1)
PY
