"""A computer playthrough against replaying its own events, in one process, same runs.

Run: .venv/bin/python benchmarks/bench_playthrough.py [RUNS] [--scenario PATH] [--profile]

Plays RUNS complete computer playthroughs of a scenario (`tabletop.sim.worker.play`, what
`simulate` does per run: decide by doctrine, roll, apply, check rules and endings), keeps
their events, then replays each run's events (`engine.replay.replay`: the plain reducer
per kind, no dice, no expressions). Each figure is the best of a few repeats; the ratio
playthrough / replay is what deciding costs over applying. The goal: within 4x.

With --profile, prints the top functions of a cProfile of the playthroughs (by own time).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tabletop.engine.replay import replay
from tabletop.scenario.bundled import resolve_scenario
from tabletop.scenario.load import load_scenario
from tabletop.sim.seeds import run_seed
from tabletop.sim.worker import play

GOAL = 4.0
REPEATS = 15


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=200)
    parser.add_argument("--scenario", type=Path, help="default: the bundled default scenario")
    parser.add_argument("--profile", action="store_true", help="print a profile of the plays")
    args = parser.parse_args()
    path = resolve_scenario(str(args.scenario) if args.scenario else None)
    scenario, _ = load_scenario(path)
    seeds = [run_seed(1, run) for run in range(1, args.runs + 1)]
    initial = scenario.initial_values()
    histories = [play(scenario, seed).events for seed in seeds]  # warm up, and what to replay

    def plays() -> None:
        for seed in seeds:
            play(scenario, seed)

    def replays() -> None:
        for events in histories:
            replay(initial, events)

    best_play = best_replay = float("inf")
    for _ in range(REPEATS):  # interleaved, so a busy moment hits both alike
        start = time.process_time()
        plays()
        best_play = min(best_play, time.process_time() - start)
        start = time.process_time()
        replays()
        best_replay = min(best_replay, time.process_time() - start)
    events = sum(len(h) for h in histories)
    ratio = best_play / best_replay
    print(f"{path.name}: {args.runs} runs, {events:,} events, best of {REPEATS}")
    print(f"  playthroughs:        {best_play * 1000:8.1f} ms  ({args.runs / best_play:,.0f}/s)")
    print(f"  replay of their events {best_replay * 1000:6.1f} ms  (floor)")
    verdict = "meets" if ratio <= GOAL else "misses"
    print(f"  ratio playthrough / replay = {ratio:.2f}x  ({verdict} the goal of {GOAL:.0f}x)")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(plays)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(18)
    return 0


if __name__ == "__main__":
    sys.exit(main())
