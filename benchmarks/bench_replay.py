"""Replay speed: reading and replaying a 100,000-event journal vs plain json.loads.

    .venv/bin/python benchmarks/bench_replay.py [EVENTS]

Prints the best of several runs (CPU time of this process: the machine is shared) of
(a) `json.loads` of every line into a list, the floor (what any reader must at least do:
parse the lines and keep the objects),
(b) `read_journal` + `replay`, and (c) `read_journal` + `check_events` (every event
against the scenario) + `replay`, what `tabletop replay`, export and resume do, with
the ratios (goal: within 3×) and the peak memory of (b).
"""

from __future__ import annotations

import gc
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._long_session import long_session
from tabletop.engine.check import check_events
from tabletop.engine.replay import replay
from tabletop.journal import JournalWriter, make_header, read_journal


def best(fn, repeats: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    session = long_session(count)
    scenario = session.scenario
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.jsonl"
        header = make_header(
            scenario_id=scenario.id,
            scenario_sha256=scenario.sha256,
            scenario_title=scenario.title,
            scenario_path="long.toml",
            seed=1,
        )
        writer = JournalWriter.create(path, header)
        writer.write(session.events)
        writer.close()
        lines = path.read_text(encoding="utf-8").splitlines()
        size = path.stat().st_size

        def floor() -> None:
            # The same footing as read_journal, which parses with the cyclic GC paused.
            gc.disable()
            try:
                events = [json.loads(line) for line in lines]
            finally:
                gc.enable()
            assert events

        def ours() -> None:
            journal = read_journal(path)
            replay(scenario.initial_values(), journal.events)

        def checked() -> None:
            journal = read_journal(path)
            check_events(journal.events, scenario)
            replay(scenario.initial_values(), journal.events)

        t_floor = best(floor)
        t_ours = best(ours)
        t_checked = best(checked)
        tracemalloc.start()
        ours()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        state = replay(scenario.initial_values(), read_journal(path).events)
        assert state.values == session.state.values, "replay differs from the live state"
    print(f"events:                    {len(session.events):,} ({size / 1e6:.1f} MB of JSON Lines)")
    print(f"json.loads of every line:  {t_floor * 1000:8.1f} ms   (floor)")
    ratio = t_ours / t_floor
    print(f"read_journal + replay:     {t_ours * 1000:8.1f} ms   ratio {ratio:.2f}x (goal <= 3x)")
    ratio = t_checked / t_floor
    print(f"... + check_events:        {t_checked * 1000:8.1f} ms   ratio {ratio:.2f}x")
    print(f"peak memory of the replay: {peak / 1e6:8.1f} MB")


if __name__ == "__main__":
    main()
