#!/usr/bin/env bash
# Evaluations/s of JSONata expressions from the reference suite: PizzaDash's JSONata module
# (`pizzadash jsonata-bench`, release build) side by side with the JSONata implementations a user
# could install from PyPI instead. Parse once, evaluate many, the same input every time.
#   bench/jsonata.sh [seconds per case, default 1] [rounds, default 3]
# Each round runs every implementation over every case, one after the other; the table keeps each
# implementation's best round per case, so a burst of load on this shared machine during one
# implementation's turn does not decide the comparison.
# Python libraries go into virtual environments under .build/ (jsonata-rs and jsonata-python both
# install a module named `jsonata`, so each gets its own).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_CASE="${1:-1}"
ROUNDS="${2:-3}"
SUITE="$(cd .. && pwd)/shared/jsonata-test-suite"
OUT=.build/jsonata-bench
mkdir -p "$OUT"
python3 bench/jsonata-cases.py "$SUITE" > "$OUT/cases.json"

LIBS=(jsonatapy jlens jsonata-rs jsonata-python jsonata2py)
for lib in "${LIBS[@]}"; do
    venv="$OUT/venv-$lib"
    if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
    if ! "$venv/bin/pip" show -q "$lib" >/dev/null 2>&1; then "$venv/bin/pip" install -q "$lib" >&2; fi
done

swift build -c release --product pizzadash >&2
BIN="$(swift build -c release --show-bin-path)/pizzadash"

for round in $(seq 1 "$ROUNDS"); do
    echo "round $round of $ROUNDS: measuring pizzadash (Swift)..." >&2
    "$BIN" jsonata-bench "$OUT/cases.json" --seconds "$SECONDS_PER_CASE" > "$OUT/pizzadash.$round.jsonl"
    for lib in "${LIBS[@]}"; do
        echo "round $round of $ROUNDS: measuring $lib..." >&2
        "$OUT/venv-$lib/bin/python" bench/jsonata_bench.py "$OUT/cases.json" "$lib" "$SECONDS_PER_CASE" > "$OUT/$lib.$round.jsonl"
    done
done

python3 - "$OUT" "$ROUNDS" pizzadash "${LIBS[@]}" <<'PY'
import json, sys
out, rounds, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def best_of_rounds(name):
    runs = [[json.loads(l) for l in open(f"{out}/{name}.{r}.jsonl") if l.strip()] for r in range(1, rounds + 1)]
    best = []
    for i, first in enumerate(runs[0]):
        timed = [run[i] for run in runs if "evals_per_sec" in run[i]]
        best.append(max(timed, key=lambda r: r["evals_per_sec"]) if timed else first)
    return best
results = {n: best_of_rounds(n) for n in names}
print(f"(best of {rounds} rounds, evaluations/s)")
cases = [r["name"] for r in results["pizzadash"]]
def cell(r):
    return f"{r['evals_per_sec']:,}" if "evals_per_sec" in r else "error"
print("| expression | " + " | ".join(names) + " | ours vs best other |")
print("|---|" + "---:|" * (len(names) + 1))
slower = []
for i, case in enumerate(cases):
    row = [results[n][i] for n in names]
    ours = row[0].get("evals_per_sec", 0)
    others = [r.get("evals_per_sec", 0) for r in row[1:]]
    best = max(others) if others else 0
    ratio = f"{ours / best:.1f}x" if best else "n/a"
    if ours <= best: slower.append(case)
    print(f"| {case} | " + " | ".join(cell(r) for r in row) + f" | {ratio} |")
# results that differ from ours (compared as JSON)
for n in names[1:]:
    for i, case in enumerate(cases):
        a, b = results["pizzadash"][i].get("output"), results[n][i].get("output")
        try:
            same = json.loads(a) == json.loads(b) if a not in (None, "undefined") and b is not None else a == b
        except Exception:
            same = a == b
        if not same and "error" not in results[n][i]:
            print(f"\nnote: {n} on '{case}' gave {b[:80]} (ours {a[:80]})", file=sys.stderr)
print(f"\nslower than another implementation on: {', '.join(slower) if slower else 'none'}")
PY
