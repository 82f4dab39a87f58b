#!/usr/bin/env python3
"""Search and verdict latency of `facecase-cli` on one workspace (a folder or an agency database),
one process or several at once (docs/benchmarks.md, "The agency database under load").

    tests/bench/search_latency.py --cli build/ci/app/cli/facecase-cli --workspace WS \
        --gallery "Bench 300k" --probes-from LIST [--processes 4] [--verdicts 20] [--tag pg]

(LIST may hold `{i}`, the process's number from 0, to give each process probes of its own.)

Each process opens a case of its own, searches every probe of LIST in one `search --case
--probes-from` run (the gallery is loaded once; each probe is analysed, searched and recorded),
then sets `--verdicts` verdicts on its searches, one `verdict set` process each. Reported, over
all processes: the time to the first result line (start-up, models, gallery load, first probe),
`search_ms` p50/p99
(the scan), the time between consecutive result lines p50/p99 (analysis, search and recording of
one probe, as the caller sees it), and the wall time of a `verdict set` process p50/p99
(start-up, connect, record). The workspace password comes from PGPASSWORD / ~/.pgpass.
"""
import argparse
import json
import statistics
import subprocess
import sys
import threading
import time


def percentile(values, p):
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def run_session(args, index, results):
    case = f"BENCH-{args.tag}-{int(time.time())}-{index}"
    ws = ["--workspace", args.workspace]
    subprocess.run([args.cli, "case", "create", "--number", case, "--purpose", "Benchmark: search latency"] + ws,
                   check=True, capture_output=True)
    command = [args.cli, "search", "--case", case, "--gallery", args.gallery, "--k", "20", "--probe-kind",
               "camera_photo", "--threads", str(args.threads), "--json", "--probes-from",
               args.probes_from.format(i=index)] + ws
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stamps, lines = [], []
    for line in process.stdout:
        stamps.append(time.monotonic())
        lines.append(json.loads(line))
    process.stderr.read()
    process.wait()
    searches = [l for l in lines if "search_id" in l]
    verdict_ms = []
    for found in searches[: args.verdicts]:
        t = time.monotonic()
        subprocess.run([args.cli, "verdict", "set", "--case", case, "--search", str(found["search_id"]), "--rank",
                        "1", "--verdict", "no_match", "--reason", "benchmark: different ears and jaw"] + ws,
                       check=True, capture_output=True)
        verdict_ms.append((time.monotonic() - t) * 1000)
    results[index] = {
        "exit": process.returncode,
        "wall_s": stamps[-1] - start if stamps else float("nan"),
        "first_line_s": stamps[0] - start if stamps else float("nan"),
        "search_ms": [l["search_ms"] for l in searches],
        "interval_ms": [(b - a) * 1000 for a, b in zip(stamps, stamps[1:])],
        "verdict_ms": verdict_ms,
        "errors": len(lines) - len(searches),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--gallery", required=True)
    parser.add_argument("--probes-from", required=True, help="LIST; {i} is replaced by the process's number")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--verdicts", type=int, default=20)
    parser.add_argument("--tag", default="x")
    args = parser.parse_args()

    results = [None] * args.processes
    threads = [threading.Thread(target=run_session, args=(args, i, results)) for i in range(args.processes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    def summary(key):
        values = [v for r in results for v in r[key]]
        return {"n": len(values), "p50": round(percentile(values, 50), 2), "p99": round(percentile(values, 99), 2),
                "mean": round(statistics.fmean(values), 2) if values else None}

    print(json.dumps({
        "processes": args.processes,
        "exits": [r["exit"] for r in results],
        "probe_errors": sum(r["errors"] for r in results),
        "first_result_s": [round(r["first_line_s"], 2) for r in results],
        "search_ms": summary("search_ms"),
        "per_probe_ms": summary("interval_ms"),
        "verdict_process_ms": summary("verdict_ms"),
    }, indent=1))


if __name__ == "__main__":
    sys.exit(main())
