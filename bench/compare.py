#!/usr/bin/env python3
"""The table of bench/compare.sh: every case through moto (bench/moto_bench.py) and through
`pizzadash bench`, then the ratio of executions per second.

Both sides run the same definition, the same input and the same MockConfigFile test case
(bench/mocks/, made from the real handlers' results by make_mocks.py), so they do the same
work; pizzadash is also run with its real local handlers (no mocks) for reference.
moto runs twice: as installed, and in its best case (--cache-jsonpath --cache-program: its
per-execution ANTLR parse of the definition and jsonpath-ng's per-path PLY table rebuild memoized,
one execution at a time). The ratio that counts is the one to the best case.
pizzadash runs in virtual time (--speed instant); moto has no virtual time and sleeps real
retry intervals (ErrorOnStep1: 1+2+4 s, ErrorOnStep6: 1+1.1+1.21+1.33+1.46 s), so those
cases run more moto executions at once and fewer in all.

Usage: compare.py PIZZADASH_BINARY [--markdown]
Environment: MOTO_EXECUTIONS (200), MOTO_CONCURRENCY (8), MOTO_MAX_SECONDS (20),
             PD_EXECUTIONS (20000), PD_CONCURRENCY (100)
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

MOTO_N = int(os.environ.get("MOTO_EXECUTIONS", "200"))
MOTO_C = int(os.environ.get("MOTO_CONCURRENCY", "8"))
MOTO_S = float(os.environ.get("MOTO_MAX_SECONDS", "20"))
PD_N = int(os.environ.get("PD_EXECUTIONS", "20000"))
PD_C = int(os.environ.get("PD_CONCURRENCY", "100"))
# pizzadash's run is short (a few seconds) and the shared cores are noisy: it runs PD_RUNS times
# and the run with the median executions/s counts (all of them are kept in last-compare.json).
PD_RUNS = int(os.environ.get("PD_RUNS", "3"))
# Cases whose moto run sleeps real seconds (retry intervals): more at once, fewer in all.
SLEEPING = {"ErrorOnStep1": (60, 60), "ErrorOnStep6": (60, 60)}


def cases():
    for machine in ["pineapple-check", "order-saga"]:
        with open(os.path.join(HERE, "mocks", f"{machine}.expected.json")) as f:
            expected = json.load(f)
        for case in sorted(expected):
            yield machine, case, expected[case]


def run_json(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode < 0 or result.returncode == 137:
        # Killed from outside (seen on the shared machine: SIGKILL, no message); run it again once.
        print(f"note: killed by a signal ({result.returncode}), running again: {' '.join(command)}", file=sys.stderr)
        result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        sys.stderr.write(result.stderr)
        raise SystemExit(f"failed (exit {result.returncode}): {' '.join(command)}")
    text = result.stdout.strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return json.loads(text.splitlines()[-1])


def main():
    binary = sys.argv[1]
    markdown = "--markdown" in sys.argv
    rows = []
    for machine, case, expected in cases():
        definition = os.path.join(ROOT, "Resources", f"{machine}.asl.json")
        mocks = os.path.join(HERE, "mocks", f"{machine}.json")
        input_text = json.dumps(expected["input"], separators=(",", ":"))
        moto_n, moto_c = SLEEPING.get(case, (MOTO_N, MOTO_C))
        moto_command = [sys.executable, os.path.join(HERE, "moto_bench.py"), definition, "--input", input_text,
                        "--mock-config", mocks, "--test-case", case, "--executions", str(moto_n), "--max-seconds", str(MOTO_S)]
        moto_installed = run_json(moto_command + ["--concurrency", str(moto_c)])
        # moto's best case: its two per-execution parses memoized, one execution at a time
        # (concurrency only adds GIL contention) unless the case sleeps real retry intervals.
        moto = run_json(moto_command + ["--concurrency", str(moto_c if case in SLEEPING else 1),
                                        "--cache-jsonpath", "--cache-program"])
        common = [binary, "bench", definition, "--input", input_text, "--executions", str(PD_N),
                  "--concurrency", str(PD_C), "--speed", "instant", "--json"]
        runs = sorted((run_json(common + ["--mock-config", mocks, "--test-case", case]) for _ in range(PD_RUNS)),
                      key=lambda r: r["executionsPerSecond"])
        mocked = runs[len(runs) // 2]
        real = run_json(common)
        want = expected["status"]
        ok = all(set(r["statuses"]) == {want} for r in (moto_installed, moto, mocked, real))
        rows.append({
            "definition": machine, "case": case, "input": input_text, "expected": want, "ok": ok,
            "motoInstalled": moto_installed, "moto": moto, "pizzadash": mocked, "pizzadashReal": real,
            "pizzadashRunsPerSecond": [r["executionsPerSecond"] for r in runs],
            "ratio": mocked["executionsPerSecond"] / moto["executionsPerSecond"],
            "ratioInstalled": mocked["executionsPerSecond"] / moto_installed["executionsPerSecond"],
        })
        print(f"{machine} {case}: moto as installed {moto_installed['executionsPerSecond']:.1f}/s, best case {moto['executionsPerSecond']:.1f}/s ({moto['executions']} runs, {moto['concurrency']} at once), "
              f"pizzadash {mocked['executionsPerSecond']:.0f}/s mocked, {real['executionsPerSecond']:.0f}/s real handlers, "
              f"ratio {rows[-1]['ratio']:.0f}x, outcomes {'ok' if ok else 'MISMATCH'}", file=sys.stderr)

    with open(os.path.join(HERE, "last-compare.json"), "w") as f:
        json.dump(rows, f, indent=2, sort_keys=True)
        f.write("\n")

    header = ["definition", "input", "status", "moto as installed exec/s", "moto best case exec/s",
              f"pizzadash exec/s (median of {PD_RUNS})",
              "ratio to best case", "ratio to installed",
              "pizzadash real handlers exec/s", "pizzadash transitions/s", "pizzadash p99 ms", "pizzadash CPU µs/exec"]
    lines = []
    if markdown:
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
    else:
        lines.append("\t".join(header))
    for r in rows:
        installed, moto, pd, real = r["motoInstalled"], r["moto"], r["pizzadash"], r["pizzadashReal"]
        cells = [
            r["definition"], f"`{r['input']}`" if markdown else r["input"],
            r["expected"] + ("" if r["ok"] else " (MISMATCH)"),
            f"{installed['executionsPerSecond']:.1f} ({installed['executions']}×, {installed['concurrency']} at once)",
            f"{moto['executionsPerSecond']:.1f} ({moto['executions']}×, {moto['concurrency']} at once)",
            f"{pd['executionsPerSecond']:,.0f}",
            f"{r['ratio']:,.0f}x",
            f"{r['ratioInstalled']:,.0f}x",
            f"{real['executionsPerSecond']:,.0f}",
            f"{pd['transitionsPerSecond']:,.0f}",
            f"{pd['p99Ms']:.3f}",
            f"{pd['cpuSecondsPerExecution'] * 1e6:.1f}",
        ]
        lines.append(("| " + " | ".join(cells) + " |") if markdown else "\t".join(cells))
    print("\n".join(lines))
    worst = min(r["ratio"] for r in rows)
    worst_installed = min(r["ratioInstalled"] for r in rows)
    print(f"\nsmallest ratio: {worst:,.0f}x to moto's best case, {worst_installed:,.0f}x to moto as installed; outcomes {'all as expected' if all(r['ok'] for r in rows) else 'MISMATCHED'}")


if __name__ == "__main__":
    main()
