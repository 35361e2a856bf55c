"""Cold-start time of `csbot reply` (a new process each time, as a script would call it),
against a bare `python -c pass` measured in the same run, and the 1 MB stdin case.

    python benchmarks/bench_startup.py [--runs 9]

The first run (which may build the matcher and jieba caches) is reported apart: the
target (<= 0.5 s) is for the everyday call with caches in place."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def timed(argv: list[str], stdin: bytes | None = None, env: dict | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(argv, input=stdin, capture_output=True, check=True, env=env)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    env = {**os.environ, "CSBOT_HOME": tempfile.mkdtemp(prefix="csbot-bench-")}
    reply = [sys.executable, "-m", "csbot", "reply", "怎么还不发货 不发就退款了"]
    first = timed(reply, env=env)
    python = [timed([sys.executable, "-c", "pass"]) for _ in range(args.runs)]
    cold = [timed(reply, env=env) for _ in range(args.runs)]
    big = [timed([sys.executable, "-m", "csbot", "reply", "-"], ("在吗" * 500_000).encode(), env) for _ in range(3)]
    bare = statistics.median(python)
    print(f"first run (builds caches):         {first:.3f} s")
    print(f"python -c pass, median of {args.runs}:     {bare:.3f} s")
    print(f"csbot reply, median of {args.runs}:        {statistics.median(cold):.3f} s  (max {max(cold):.3f} s)")
    print(f"  ratio to bare python:            {statistics.median(cold) / bare:.1f}x")
    print(f"  csbot's own share (median diff): {statistics.median(cold) - bare:.3f} s  (target: total <= 0.5 s)")
    print(f"csbot reply, 1 MB on stdin:        {statistics.median(big):.3f} s median of 3")


if __name__ == "__main__":
    main()
