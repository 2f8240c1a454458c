#!/usr/bin/env bash
# 10,000 order sagas running at once, 1 s per-step delay, real time (--speed 1): every execution
# must end with the expected status, every order record with the expected order status, and the
# process's peak memory must stay under 500 MB.
# Each execution gets its own orderId (1, 2, ...: `pizzadash bench` adds i to the input's
# orderId), so every order record can be checked.
# Usage: bench/soak.sh [N] [errorOnStep]   (defaults: 10000, 0)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
step="${2:-0}"
case "$step" in
  0|3) want=SUCCEEDED; want_order=DeliveryConfirmed ;;
  *) want=FAILED; want_order=Cancelled ;;
esac
swift build -c release --product pizzadash >&2
bin="$(swift build -c release --product pizzadash --show-bin-path)/pizzadash"
input="{\"orderId\":1,\"flavor\":\"plain\",\"perStepDelaySeconds\":1,\"errorOnStep\":$step}"
echo "soak: $n sagas at once, input $input, real time (--speed 1), expecting $want / order $want_order" >&2
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
out=$("$bin" bench Resources/order-saga.asl.json --input "$input" --executions "$n" --concurrency "$n" --speed 1 --json)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
N="$n" WANT="$want" WANT_ORDER="$want_order" python3 - "$out" <<'PY'
import json, os, sys
r = json.loads(sys.argv[1])
n = int(os.environ["N"])
ok_status = r["statuses"] == {os.environ["WANT"]: n}
ok_orders = r.get("orderStatuses") == {os.environ["WANT_ORDER"]: n}
ok_memory = r["peakRSSBytes"] < 500 * 1000 * 1000
print(f"executions      {r['executions']} (all at once)")
print(f"wall time       {r['wallSeconds']:.2f} s")
print(f"statuses        {r['statuses']}  {'ok' if ok_status else 'WRONG'}")
print(f"order records   {r.get('orderStatuses')}  {'ok' if ok_orders else 'WRONG'}")
print(f"latency         p50 {r['p50Ms'] / 1000:.3f} s, p99 {r['p99Ms'] / 1000:.3f} s")
print(f"CPU             {r['cpuSecondsPerExecution'] * 1e6:.0f} µs per execution ({r['cpuSecondsPerExecution'] * n:.2f} s in all)")
print(f"peak RSS        {r['peakRSSBytes'] / 1e6:.1f} MB  {'ok (< 500 MB)' if ok_memory else 'OVER 500 MB'}")
sys.exit(0 if ok_status and ok_orders and ok_memory else 1)
PY
