"""Evaluations/s of JSONata expressions with Python-installable implementations (bench/jsonata.sh).

Usage: python jsonata_bench.py CASES.json LIBRARY SECONDS
Prints one JSON object per case: {"name", "evals_per_sec", "output"} (or "error").
Each library compiles the expression once and evaluates it many times against the same input,
converted once ahead when the library offers that (jsonatapy JsonataData, jlens Document).
"""
import json
import sys
import time


def make_runner(library, expr, data):
    if library == "jsonatapy":
        import jsonatapy
        compiled = jsonatapy.compile(expr)
        if data is None:
            return lambda: compiled.evaluate(None)
        handle = jsonatapy.JsonataData(data)
        return lambda: compiled.evaluate_with_data(handle)
    if library == "jlens":
        import jlens
        compiled = jlens.Expression(expr)
        if data is None:
            return lambda: compiled.evaluate(None)
        document = jlens.Document(data)
        return lambda: compiled.evaluate_document(document)
    if library in ("jsonata-python", "jsonata-rs"):
        import jsonata
        compiled = jsonata.Jsonata(expr)
        return lambda: compiled.evaluate(data)
    if library == "jsonata2py":
        import jsonata2py
        compiled = jsonata2py.compile(expr)
        return lambda: compiled.evaluate(data)
    raise SystemExit(f"unknown library {library}")


def main():
    cases_file, library, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    with open(cases_file) as f:
        cases = json.load(f)
    for case in cases:
        out = {"name": case["name"]}
        try:
            run = make_runner(library, case["expr"], case.get("data"))
            result = None
            warm = time.perf_counter()
            while time.perf_counter() - warm < min(0.2, seconds / 5):
                result = run()
            count, batch = 0, 1
            start = time.perf_counter()
            elapsed = 0.0
            while elapsed < seconds:
                for _ in range(batch):
                    result = run()
                count += batch
                elapsed = time.perf_counter() - start
                if elapsed < seconds / 10:
                    batch *= 2
            out["evals_per_sec"] = round(count / elapsed)
            out["output"] = json.dumps(result, separators=(",", ":"), default=str)
        except BaseException as e:  # a library may fail (or panic) on an expression
            out["error"] = f"{type(e).__name__}: {str(e)[:80]}"
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
