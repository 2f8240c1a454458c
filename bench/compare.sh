#!/usr/bin/env bash
# moto vs `pizzadash bench`: the pineapple check (pepperoni, pineapple) and the order saga
# (errorOnStep 0..7, delay 0) with the same definitions, inputs and mocked task results.
# Prints one table row per case (tab-separated; --markdown for README's table).
# Tunables (environment): MOTO_EXECUTIONS MOTO_CONCURRENCY MOTO_MAX_SECONDS PD_EXECUTIONS PD_CONCURRENCY PD_RUNS
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product pizzadash >&2
bin="$(swift build -c release --product pizzadash --show-bin-path)/pizzadash"
python3 bench/make_mocks.py "$bin" >&2
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
python3 bench/compare.py "$bin" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
