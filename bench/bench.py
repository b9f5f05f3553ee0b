#!/usr/bin/env python3
"""Scheduler benchmarks: `coroscope run` vs `python3` (real asyncio), in the same run.

Usage: python3 bench/bench.py [--reps N] [--only NAME] [--no-build] [--coroscope PATH]
                              [--python PYTHON] [--no-trace] [--profile release]

For each benchmark script in bench/ (tasks_sleep0, queues, gather_tree) it:
1. counts CPython's task switches once (a task switch = one resumption of a task's
   coroutine: a Task `__step` or `__wakeup` handle run by the loop), by wrapping
   `asyncio.events.Handle._run`;
2. alternates, `--reps` times, `python3 script.py` (real asyncio on the real clock) and
   `coroscope run script.py --trace /tmp/coroscope-bench-trace.json` (release build),
   timing each process's wall time;
3. checks both printed the same stdout;
4. runs `coroscope run script.py --stats` once and reads, from stderr, the line
   `trace: N events, B bytes, X bytes/event` (if the CLI prints it);
then reports medians, the ratio ours/CPython (goal <= 1.0), task switches per second for
both, and trace bytes per event (goal <= 32).

Not a test: a command. Times include process start-up (about 20-40 ms for python3).
"""

import argparse
import os
import re
import statistics
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BENCHES = ["tasks_sleep0", "queues", "gather_tree"]
TRACE_OUT = "/tmp/coroscope-bench-trace.json"
STATS_RE = re.compile(r"trace:\s*(\d+)\s+events,\s*(\d+)\s+bytes,\s*([0-9.]+)\s+bytes/event")

COUNT_SWITCHES = r"""
import asyncio.events as ev, runpy, sys
counts = {"switches": 0, "handles": 0}
orig = ev.Handle._run
def run(self):
    counts["handles"] += 1
    cb = self._callback
    if type(cb).__name__ == "TaskStepMethWrapper" or getattr(cb, "__name__", "") in (
        "task_wakeup", "__wakeup", "__step", "_Task__step", "_Task__wakeup"
    ):
        counts["switches"] += 1
    return orig(self)
ev.Handle._run = run
sys.argv = [sys.argv[1]]
runpy.run_path(sys.argv[0], run_name="__main__")
sys.stderr.write("COUNTS %d %d\n" % (counts["switches"], counts["handles"]))
"""


def timed(cmd):
    """Runs cmd; returns the CPU seconds (user + sys) the child used, and the process.

    CPU time, not wall time: these machines are shared (2 cores, other jobs compiling), and
    wall time measures the neighbours as much as the program.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, p


def find_binary(args):
    if args.coroscope:
        return args.coroscope
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, args.profile, "coroscope")


def build(profile):
    cmd = ["cargo", "build", "--profile", profile, "--bin", "coroscope"]
    print("building:", " ".join(cmd), flush=True)
    p = subprocess.run(cmd, cwd=ROOT)
    if p.returncode != 0:
        sys.exit("cargo build failed")


def fmt_rate(switches, seconds):
    if not seconds or not switches:
        return "-"
    return f"{switches / seconds / 1e6:.2f} M/s"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--only", default="")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--coroscope", default="")
    ap.add_argument("--python", default="python3")
    ap.add_argument(
        "--no-trace",
        action="store_true",
        help="run ours without --trace (the trace is still recorded; only the JSON export is skipped)",
    )
    ap.add_argument(
        "--profile",
        default="native",
        help="cargo profile to build and time (native: opt-level 3; release is opt-level z for wasm)",
    )
    args = ap.parse_args()

    if not args.no_build and not args.coroscope:
        build(args.profile)
    binary = find_binary(args)
    have_ours = os.path.exists(binary)
    if not have_ours:
        print(f"warning: {binary} not found; timing CPython only")

    rows = []
    for name in BENCHES:
        if args.only and args.only not in name:
            continue
        script = os.path.join(HERE, name + ".py")
        p = subprocess.run(
            [args.python, "-c", COUNT_SWITCHES, script], capture_output=True, text=True
        )
        m = re.search(r"COUNTS (\d+) (\d+)", p.stderr)
        switches = int(m.group(1)) if m else 0
        handles = int(m.group(2)) if m else 0

        py_times, our_times = [], []
        py_out, our_out, our_err = None, None, ""
        our_failed = False
        ours_cmd = [binary, "run", script]
        if not args.no_trace:
            ours_cmd += ["--trace", TRACE_OUT]
        for _ in range(args.reps):
            t, p = timed([args.python, script])
            py_times.append(t)
            py_out = p.stdout
            if have_ours and not our_failed:
                t, p = timed(ours_cmd)
                if p.returncode != 0:
                    our_failed = True
                    our_err = (p.stderr.strip().splitlines() or ["(no stderr)"])[-1]
                else:
                    our_times.append(t)
                    our_out = p.stdout

        stats = None
        if have_ours and not our_failed:
            p = subprocess.run(
                [binary, "run", script, "--stats"], capture_output=True, text=True, cwd=ROOT
            )
            m = STATS_RE.search(p.stderr)
            if m:
                stats = (int(m.group(1)), int(m.group(2)), float(m.group(3)))

        py_med = statistics.median(py_times)
        our_med = statistics.median(our_times) if our_times else None
        rows.append(
            {
                "name": name,
                "switches": switches,
                "handles": handles,
                "py": py_med,
                "ours": our_med,
                "ratio": (our_med / py_med) if our_med else None,
                "same_output": (our_out == py_out) if our_out is not None else None,
                "stats": stats,
                "error": our_err if our_failed else ("not built" if not have_ours else ""),
            }
        )
        r = rows[-1]
        print(
            f"{name}: cpython {py_med:.3f}s"
            + (f", ours {our_med:.3f}s, ratio {r['ratio']:.2f}" if our_med else f", ours: {r['error']}"),
            flush=True,
        )

    print()
    head = (
        f"{'benchmark':<14} {'switches':>9} {'cpython cpu s':>14} {'ours cpu s':>11} {'ours/cpy':>9} "
        f"{'cpython sw/s':>13} {'ours sw/s':>11} {'same out':>9} {'trace B/event':>14}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        stats = r["stats"]
        ours_s = "-" if r["ours"] is None else "%.3f" % r["ours"]
        ratio_s = "-" if r["ratio"] is None else "%.2f" % r["ratio"]
        same_s = "-" if r["same_output"] is None else ("yes" if r["same_output"] else "NO")
        trace_s = "-" if stats is None else "%.1f (%d ev)" % (stats[2], stats[0])
        print(
            f"{r['name']:<14} {r['switches']:>9} {r['py']:>14.3f} {ours_s:>11} {ratio_s:>9} "
            f"{fmt_rate(r['switches'], r['py']):>13} {fmt_rate(r['switches'], r['ours']):>11} "
            f"{same_s:>9} {trace_s:>14}"
        )
        if r["error"]:
            print(f"    ours: {r['error']}")
    print(
        f"\nreps={args.reps}; medians of CPU time (user+sys) incl. process start-up; ours ran with "
        f"{'no trace' if args.no_trace else '--trace ' + TRACE_OUT}; goal: ours/cpy <= 1.0, "
        "trace <= 32 B/event."
    )


if __name__ == "__main__":
    main()
