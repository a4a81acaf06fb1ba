"""The team seats: how soon the console sees a submission, and what a turn costs the
facilitator in keys with five seats.

Latency: the facilitator's console (TabletopApp, headless, its real 0.25 s poll of the
inboxes) on a session of the bundled ukraine_2022 (five teams); a seat (`SeatLink`)
submits a declaration; the time from the call to `submit` (which returns once the line
is on disk, fsynced) until the console has announced it (its notification). Median and
worst over many submissions, with the floor measured in the same run: the poll interval
itself (a submission made just after a poll waits for the next one) and the cost of one
poll when nothing changed.

Keys: five seats each submit a declaration; the facilitator's console runs the turn to
the next turn's briefing with real key presses: `n` (declaration), `A` (accept the five),
`n` (adjudication), `a` (the adjudication dialog), then for each move `ctrl+s` (the
rules' outcome; a facilitator's-choice move needs the outcome's number first) and `enter`
(the next move, or close), `n` (consequences, whose report `enter` closes) and `n` (the
next turn). Every key is counted, and the journal checked at the end.

    .venv/bin/python benchmarks/bench_seats.py [--submissions 30]

Prints figures; never used as a test.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tabletop.journal.inbox import InboxReader  # noqa: E402
from tabletop.live import LiveSession, start_session  # noqa: E402
from tabletop.scenario.bundled import resolve_scenario  # noqa: E402
from tabletop.seats import SeatLink  # noqa: E402
from tabletop.tui.app import TabletopApp  # noqa: E402

SCENARIO = "ukraine_2022"


def new_live(folder: Path, name: str) -> LiveSession:
    return start_session(resolve_scenario(SCENARIO), seed=7, session_path=folder / name)


async def latency(folder: Path, count: int) -> list[float]:
    live = new_live(folder, "latency.jsonl")
    live.session.advance()  # the declaration phase
    app = TabletopApp(live=live, cursor_blink=False)
    seats = [SeatLink.open(live.path, team) for team in live.scenario.actors]
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        for i in range(count):
            seat = seats[i % len(seats)]
            move = seat.view().moves[0].id
            before = len(app.notices)
            start = time.perf_counter()
            seat.submit(kind="declare", move=move)
            deadline = start + 5
            while len(app.notices) == before and time.perf_counter() < deadline:
                await asyncio.sleep(0.005)
            times.append(time.perf_counter() - start)
            await asyncio.sleep(0.05 + (i % 7) * 0.031)  # land at varied points of the poll
    live.close()
    return times


def idle_poll(folder: Path) -> float:
    live = new_live(folder, "idle.jsonl")
    readers = [InboxReader(live.path, team) for team in live.scenario.actors]
    runs = 2000
    start = time.perf_counter()
    for _ in range(runs):
        for reader in readers:
            reader.poll()
    live.close()
    return (time.perf_counter() - start) / runs


async def keys_per_turn(folder: Path) -> tuple[int, list[str], int]:
    live = new_live(folder, "keys.jsonl")
    app = TabletopApp(live=live, cursor_blink=False)
    pressed: list[str] = []
    session = live.session

    async def press(pilot: object, key: str) -> None:
        pressed.append(key)
        await pilot.press(key)  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]

    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "n")  # declaration
        for team in live.scenario.actors:
            seat = SeatLink.open(live.path, team)
            options = [m for m in seat.view().moves if m.available]
            seat.submit(kind="declare", move=options[0].id)
        await pilot.pause(0.6)  # the console's poll reads them
        await press(pilot, "A")
        await press(pilot, "n")  # adjudication
        turn = session.turn
        guard = 0
        await press(pilot, "a")
        while session.state.pending() and guard < 40:
            guard += 1
            await pilot.pause(0.2)
            before = len(session.state.pending())
            await press(pilot, "ctrl+s")  # the rules' outcome (rolled when it is dice)
            if len(session.state.pending()) == before:  # a choice: the first outcome
                await press(pilot, "1")
                await press(pilot, "ctrl+s")
            if len(session.state.pending()) == before:
                raise SystemExit(f"could not adjudicate with keys: {app.screen}")
            await press(pilot, "enter")  # the result: next move (or close after the last)
        while session.turn == turn and not session.over and guard < 60:
            guard += 1
            await press(pilot, "n")
            await pilot.pause(0.2)
            if app.screen is not app.console_screen:
                await press(pilot, "enter")  # close the consequences report
        seated = sum(1 for e in session.events if e.get("by") == "seat")
    live.close()
    return len(pressed), pressed, seated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        times = asyncio.run(latency(folder, args.submissions))
        poll = idle_poll(folder)
        count, keys, seated = asyncio.run(keys_per_turn(folder))
    median = statistics.median(times)
    worst = max(times)
    interval = TabletopApp(cursor_blink=False).seat_poll_seconds
    print(f"seat submit → console shows it ({len(times)} submissions, {SCENARIO}):")
    print(f"  median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms (goal: under 1 s)")
    print(
        f"  floor: the console polls every {interval * 1000:.0f} ms; "
        f"median/poll interval = {median / interval:.2f}, worst/poll interval = "
        f"{worst / interval:.2f}"
    )
    print(f"  one idle poll of the five inboxes: {poll * 1e6:.1f} µs")
    print(f"facilitator keys for a turn with five seats: {count} ({' '.join(keys)})")
    print(f"  seat events journaled: {seated} (five declarations accepted with one key)")


if __name__ == "__main__":
    main()
