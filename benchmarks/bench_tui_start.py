"""How soon the agent app shows its first frame, and how soon it can analyse, each
measured from a fresh process (imports included) and against bare `python -c pass`.

    python benchmarks/bench_tui_start.py [--runs 7]

Runs headless (Textual's test driver), so the terminal does not matter; the target for
first paint is <= 0.5 s."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

PROBE = r"""
import asyncio, json, time
started = time.perf_counter()
from csbot.tui import make_app

async def main():
    app = make_app(system_clipboard=False)
    async with app.run_test(size=(120, 40)) as pilot:
        first_paint = time.perf_counter() - started
        while app.screen.engine is None if hasattr(app.screen, "engine") else False:
            await pilot.pause(0.01)
        ready = time.perf_counter() - started
    print(json.dumps({"first_paint": first_paint, "ready": ready}))

asyncio.run(main())
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ, "CSBOT_HOME": tempfile.mkdtemp(prefix="csbot-bench-")}
    subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, check=True)  # builds caches
    bare, paints, readies = [], [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare.append(time.perf_counter() - started)
        out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, check=True, text=True)
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        paints.append(figures["first_paint"])
        readies.append(figures["ready"])
    print(f"python -c pass (process start), median: {statistics.median(bare):.3f} s")
    print(f"first paint after start, median of {args.runs}: {statistics.median(paints):.3f} s (max {max(paints):.3f})")
    print(f"ready to analyse, median of {args.runs}:     {statistics.median(readies):.3f} s (max {max(readies):.3f})")


if __name__ == "__main__":
    main()
