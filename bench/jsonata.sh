#!/usr/bin/env bash
# Evaluations/s of JSONata expressions from the reference suite: PizzaDash's JSONata module
# (`pizzadash jsonata-bench`, release build) side by side with the JSONata implementations a user
# could install from PyPI instead. Parse once, evaluate many, the same input every time.
#   bench/jsonata.sh [seconds per case, default 1]
# Python libraries go into virtual environments under .build/ (jsonata-rs and jsonata-python both
# install a module named `jsonata`, so each gets its own).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_CASE="${1:-1}"
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

echo "measuring pizzadash (Swift)..." >&2
"$BIN" jsonata-bench "$OUT/cases.json" --seconds "$SECONDS_PER_CASE" > "$OUT/pizzadash.jsonl"
for lib in "${LIBS[@]}"; do
    echo "measuring $lib..." >&2
    "$OUT/venv-$lib/bin/python" bench/jsonata_bench.py "$OUT/cases.json" "$lib" "$SECONDS_PER_CASE" > "$OUT/$lib.jsonl"
done

python3 - "$OUT" pizzadash "${LIBS[@]}" <<'PY'
import json, sys
out, names = sys.argv[1], sys.argv[2:]
results = {n: [json.loads(l) for l in open(f"{out}/{n}.jsonl") if l.strip()] for n in names}
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
