#!/bin/bash
# The order saga in JSONata against the same saga in JSONPath: `pizzadash bench` (release, real
# handlers, 20,000 executions, 100 at once, virtual time) of both definitions for each errorOnStep,
# interleaved, best of RUNS runs each. Prints a Markdown table.
#   bench/sagas.sh [RUNS]        (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
swift build -c release >/dev/null 2>&1 || swift build -c release
bin=.build/release/pizzadash
measure() {  # definition errorOnStep -> "executions/s cpu-µs"
  "$bin" bench "$1" --executions 20000 --json \
    --input "{\"orderId\":1,\"flavor\":\"pineapple\",\"perStepDelaySeconds\":0,\"errorOnStep\":$2}" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["executionsPerSecond"], d["cpuSecondsPerExecution"]*1e6)'
}
echo "| errorOnStep | JSONPath saga exec/s | JSONata saga exec/s | ratio | JSONPath CPU µs/exec | JSONata CPU µs/exec |"
echo "|---|---|---|---|---|---|"
for step in 0 1 2 3 4 5 6 7; do
  best_path=0; best_ata=0; cpu_path=1e9; cpu_ata=1e9
  for _ in $(seq "$runs"); do
    read -r eps cpu < <(measure Resources/order-saga.asl.json "$step")
    best_path=$(python3 -c "print(max($best_path, $eps))"); cpu_path=$(python3 -c "print(min($cpu_path, $cpu))")
    read -r eps cpu < <(measure Resources/order-saga.jsonata.asl.json "$step")
    best_ata=$(python3 -c "print(max($best_ata, $eps))"); cpu_ata=$(python3 -c "print(min($cpu_ata, $cpu))")
  done
  python3 -c "print(f'| $step | {$best_path:,.0f} | {$best_ata:,.0f} | {$best_ata/$best_path:.2f}x | {$cpu_path:.1f} | {$cpu_ata:.1f} |')"
done
