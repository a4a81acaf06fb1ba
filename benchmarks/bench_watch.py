"""The projector (`tabletop watch`) following a long session: what one poll costs.

    .venv/bin/python benchmarks/bench_watch.py [EVENTS]

Writes the journal of a long session (benchmarks/_long_session.py: computer moves,
free-form moves, notes, undo and redo) of EVENTS events (default 10,000) and of 100
events, opens the projector (WatchApp, headless) on the first part of each, then appends
the rest one action at a time, as the console records, and times each `poll()` (read the
appended lines, check them, make the room's view, hand it to the screen) and the frame
that follows. The floor is the same measure on the 100-event journal, in the same run:
a projector that costs the same at any length reads about 1x. Wall clock and CPU time;
median over the polls. Prints figures; never used as a test.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._long_session import long_session  # noqa: E402
from tabletop.journal import JournalWriter, make_header  # noqa: E402
from tabletop.journal.follow import Follower  # noqa: E402
from tabletop.tui.watch import WatchApp  # noqa: E402

POLLS = 40
"""How many polls are timed at each length (one recorded action each)."""


def write(folder: Path, events: int) -> tuple[Path, list[str], object]:
    """A journal of about `events` events plus POLLS actions held back: its path (the
    header and the first part written), the held-back lines, the scenario."""
    session = long_session(2 * events + 400)  # it may end (its calendar) short of that
    scenario = session.scenario
    path = folder / f"long-{events}.jsonl"
    header = make_header(
        scenario_id=scenario.id,
        scenario_sha256=scenario.sha256,
        scenario_title=scenario.title,
        scenario_path="long.toml",
        seed=1,
    )
    full = folder / f"full-{events}.jsonl"
    with JournalWriter.create(full, header, sync=False) as writer:
        writer.write(session.events)
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = 1 + events  # the header, then `events` events
    while '"kind":"undo"' in lines[cut] or '"kind":"redo"' in lines[cut]:
        cut += 1
    path.write_text("".join(lines[:cut]), encoding="utf-8")
    return path, lines[cut:], scenario


def actions(lines: list[str]) -> list[list[str]]:
    """The held-back lines grouped by action (what one command appends at once)."""
    import json

    groups: list[list[str]] = []
    last = None
    for line in lines:
        action = json.loads(line)["action"]
        if action != last:
            groups.append([])
            last = action
        groups[-1].append(line)
    return groups


async def measure(path: Path, held: list[str], scenario: object) -> tuple[float, float, float]:
    """Median wall and CPU seconds of one poll, and of the frame after it."""
    app = WatchApp(Follower(path), scenario, audience="room", poll_seconds=3600)  # type: ignore[arg-type]
    walls, cpus, frames = [], [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for group in actions(held)[:POLLS]:
            with open(path, "a", encoding="utf-8") as f:
                f.write("".join(group))
            wall, cpu = time.perf_counter(), time.process_time()
            app.poll()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            start = time.perf_counter()
            await pilot.pause()
            frames.append(time.perf_counter() - start)
        assert app.problem is None, app.problem
    return statistics.median(walls), statistics.median(cpus), statistics.median(frames)


def main() -> None:
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = []
        for n in (100, events):
            path, held, scenario = write(folder, n)
            wall, cpu, frame = asyncio.run(measure(path, held, scenario))
            rows.append((n, wall, cpu, frame))
            print(
                f"{n:>7,} events: poll {wall * 1000:8.2f} ms wall, {cpu * 1000:8.2f} ms CPU; "
                f"the frame after it {frame * 1000:7.2f} ms (median of {POLLS})"
            )
    (_, w0, c0, f0), (n, w1, c1, f1) = rows
    print(
        f"ratio {n:,} / 100 events: poll {w1 / w0:.1f}x wall, {c1 / c0:.1f}x CPU, "
        f"frame {f1 / f0:.1f}x (the same cost at any length: about 1x)"
    )


if __name__ == "__main__":
    main()
