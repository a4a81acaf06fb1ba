"""Headless playthroughs per second: one process, then two, for each bundled scenario.

Run: .venv/bin/python benchmarks/bench_sim.py [RUNS] [--scenario PATH ...]

Each line is the best of a few repeats of `tabletop.sim.simulate` (the whole thing: the
runs, their results sent back and merged; not the report). jobs=2 includes starting the
worker processes, so use enough runs to make that small. The goals: at least 1,000
playthroughs per second on one core for the default scenario, and a jobs=2 / jobs=1
ratio near 2 on two free cores. The "cpu" column is jobs=1 in CPU time of this process
(jobs=1 plays in it, with no pool): on a shared machine, the figure to compare with the
goal. The others are wall-clock: other work on the machine lowers them, jobs=2 most.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tabletop.scenario.bundled import DEFAULT_SCENARIO, bundled_paths
from tabletop.scenario.load import load_scenario
from tabletop.sim import simulate

GOAL = 1000.0
REPEATS = 3


def rate(path: Path, runs: int, jobs: int, clock: Callable[[], float] = time.perf_counter) -> float:
    compiled, _ = load_scenario(path)
    best = 0.0
    for _ in range(REPEATS):
        start = clock()
        simulate(compiled, path, runs, seed=1, jobs=jobs)
        best = max(best, runs / (clock() - start))
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=3000, help="runs per measure")
    parser.add_argument("--scenario", type=Path, action="append", help="scenario file(s)")
    args = parser.parse_args()
    paths = args.scenario or bundled_paths()
    if not paths:
        print("no bundled scenarios found")
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{args.runs} runs per measure, best of {REPEATS}; {cores} core(s) available")
    print(f"{'scenario':<20} {'cpu':>10} {'jobs=1':>10} {'jobs=2':>10} {'ratio':>6}")
    for path in paths:
        cpu = rate(path, args.runs, 1, time.process_time)
        one = rate(path, args.runs, 1)
        two = rate(path, args.runs, 2)
        note = ""
        if path.stem == DEFAULT_SCENARIO:
            note = "  goal met" if cpu >= GOAL else f"  below the goal of {GOAL:,.0f}/s"
        print(
            f"{path.stem:<20} {cpu:>8,.0f}/s {one:>8,.0f}/s {two:>8,.0f}/s {two / one:>6.2f}{note}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
