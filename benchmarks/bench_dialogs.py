"""How fast the console's dialogs open, against a bare modal screen in the same run.

Run: .venv/bin/python benchmarks/bench_dialogs.py [--repeats 15]

Under Pilot (headless, 120x40), over the console of a live session: the time from asking
for a dialog (the key action the facilitator presses: d, a, i, m) until it is open:
pushed, its first frame painted and ready for keys (a dialog holds keys typed while it
opens until then: `Dialog.ready`), best of several openings (each closed again with
escape), against the same for a bare `ModalScreen` holding one Static, opened the same
way in the same app (a new one each time, as Textual opens a screen by default). On the
default scenario and on a generated one with 200 moves. The goal: every dialog within
1.5x the bare modal.

The console keeps its dialogs and opens them again (tui/dialogs.py), so the figures are
for an opening after the first; the first (the dialog built) is shown beside them. Two
more lines open a dialog on something else each time: the declare dialog on another
team (a declaration made or undone between openings; the console keeps a declare dialog
per team, so its first is that team's dialog built), the adjudicate dialog on another
move. One more times going round the table inside the open declare dialog (the
facilitator's main path): from the key that declares the first team's move until the
dialog shows the next team, painted and taking keys; and one an arrow key in its moves
list (the move's description below follows), from the key until painted (not an
opening: its ratio only compares). Wall-clock times, with the process's CPU time for
the same openings beside them (the machine is shared: CPU time is what others' load does
not inflate). Prints figures; never used as a test.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from benchmarks.bench_validate import generated
from tabletop.live import start_session
from tabletop.scenario.bundled import resolve_scenario
from tabletop.tui.app import TabletopApp

GOAL = 1.5


class BareModal(ModalScreen[None]):
    """The floor: a modal with one line of text."""

    BINDINGS = [("escape", "dismiss", "Close")]  # noqa: RUF012

    def compose(self) -> ComposeResult:
        yield Static("A bare modal screen")


class Timed(TabletopApp):
    def action_bare(self) -> None:
        self.push_screen(BareModal())


async def open_time(app: Timed, action: str, pilot: Pilot[None]) -> tuple[float, float]:
    """(wall, CPU) seconds from running `action` until the screen it opens has painted
    its first frame and takes keys. It is closed once the app is idle (as a person reads
    a dialog before closing it: what a dialog does after it is ready, such as laying out
    again a list that changed, is not left to the next opening)."""
    before = app.screen
    painted: list[float] = []
    start, start_cpu = time.perf_counter(), time.process_time()
    await app.run_action(action)
    for _ in range(100_000):
        screen: Screen[Any] = app.screen
        if screen is not before:
            break
        await asyncio.sleep(0)
    refresh = screen._compositor_refresh

    def timed() -> None:
        refresh()
        painted.append(time.perf_counter())

    screen._compositor_refresh = timed  # type: ignore[method-assign]
    for _ in range(100_000):  # drawn, and taking keys itself (a dialog's `ready`)
        if painted and getattr(screen, "ready", True):
            break
        await asyncio.sleep(0)
    # the same polling ends both kinds of opening
    elapsed = (time.perf_counter() - start, time.process_time() - start_cpu)
    del screen._compositor_refresh  # a dialog is opened again: no wrapper on a wrapper
    await pilot.pause(0.05)
    screen.dismiss(None)
    for _ in range(100_000):
        if app.screen is before:
            break
        await asyncio.sleep(0)
    await asyncio.sleep(0.02)
    return elapsed


async def switch_time(app: Timed, pilot: Pilot[None], number: int) -> tuple[float, float]:
    """(wall, CPU) seconds of going round the table inside the open declare dialog: from
    the key declaring its move `number` until a frame shows the dialog on the next team
    (the same dialog refilled, or that team's own) and it takes keys. The dialog is
    opened first (not timed) and closed after."""
    before = app.screen
    await app.run_action("declare")
    for _ in range(100_000):
        if app.screen is not before and getattr(app.screen, "ready", False):
            break
        await asyncio.sleep(0)
    await pilot.pause(0.05)
    screen: Any = app.screen
    team = screen.actor
    painted: list[Screen[Any]] = []
    display = app._display

    def timed(shown: Screen[Any], renderable: Any) -> None:
        display(shown, renderable)
        if renderable is not None:
            painted.append(shown)

    start, start_cpu = time.perf_counter(), time.process_time()
    app._display = timed  # type: ignore[method-assign]
    await app.run_action(f"screen.pick({number})")
    for _ in range(100_000):
        current: Any = app.screen
        if current in painted and getattr(current, "ready", False) and current.actor != team:
            break
        await asyncio.sleep(0)
    elapsed = (time.perf_counter() - start, time.process_time() - start_cpu)
    del app._display
    current = app.screen
    assert current is not before and current.actor != team, "the dialog went to the next team"
    await pilot.pause(0.05)
    current.dismiss(None)
    for _ in range(100_000):
        if app.screen is before:
            break
        await asyncio.sleep(0)
    await asyncio.sleep(0.02)
    return elapsed


async def arrow_time(app: Timed, pilot: Pilot[None], down: bool) -> tuple[float, float]:
    """(wall, CPU) seconds of an arrow key in the open declare dialog's moves list: from
    the list's cursor moving until the dialog has painted the move's description under
    the list, which follows the cursor."""
    screen: Any = app.screen
    moves = screen.query_one("#moves")
    info = screen.query_one("#move-info")
    shown = info.content
    painted: list[float] = []
    refresh = screen._compositor_refresh

    def timed() -> None:
        refresh()
        if info.content is not shown:  # the next move's description is drawn
            painted.append(time.perf_counter())

    screen._compositor_refresh = timed
    start, start_cpu = time.perf_counter(), time.process_time()
    moves.action_cursor_down() if down else moves.action_cursor_up()
    for _ in range(100_000):
        if painted:
            break
        await asyncio.sleep(0)
    elapsed = (time.perf_counter() - start, time.process_time() - start_cpu)
    del screen._compositor_refresh
    await pilot.pause(0.02)
    return elapsed


Times = dict[str, tuple[float, float]]
"""Best (wall, CPU) seconds by what was opened; `first ...`: the first opening."""


def keep(best: Times, name: str, elapsed: tuple[float, float]) -> None:
    if name not in best and name != "bare modal":
        best[f"first {name}"] = elapsed
    wall, cpu = best.get(name, elapsed)
    best[name] = (min(wall, elapsed[0]), min(cpu, elapsed[1]))


async def measure(path: Path, repeats: int) -> Times:
    directory = Path(tempfile.mkdtemp(prefix="bench-dialogs-"))
    live = start_session(path, seed=1, session_path=directory / "s.jsonl")
    session = live.session
    app = Timed(live=live, seed=1, cursor_blink=False)
    best: Times = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        session.advance()  # to the declaration phase
        app.after_change([])
        await pilot.pause()
        actions = {"bare modal": "bare", "declare": "declare", "inject": "inject", "note": "note"}
        first_team = next(o.actor for o in session.declare_options() if o.available)
        first_move = next(o.move.id for o in session.move_options(first_team) if o.available)
        first_number = 1 + [o.move.id for o in session.move_options(first_team)].index(first_move)
        for index in range(repeats):  # interleaved: a busy moment hits all alike
            for name, action in actions.items():
                keep(best, name, await open_time(app, action, pilot))
            # another team each time: the first team's declaration made, then undone
            if index % 2 == 0:
                session.declare(first_team, first_move)
            else:
                session.undo()
            app.after_change([])
            await pilot.pause()
            keep(best, "declare, another team", await open_time(app, "declare", pilot))
        if session.state.declarations:
            session.undo()
        app.after_change([])
        await pilot.pause()
        for _ in range(repeats):  # round the table inside the open declare dialog
            keep(best, "bare modal", await open_time(app, "bare", pilot))
            elapsed = await switch_time(app, pilot, first_number)
            keep(best, "declare, next team inside", elapsed)
            session.undo()  # the declaration made in the dialog
            app.after_change([])
            await pilot.pause()
        await app.run_action("declare")  # arrow keys through the open dialog's list
        await pilot.pause(0.1)
        for index in range(repeats * 2):
            elapsed = await arrow_time(app, pilot, down=index % 4 < 2)
            keep(best, "declare, arrow key in list", elapsed)
        app.screen.dismiss(None)
        await pilot.pause()
        # two moves declared, then the adjudication phase for the adjudicate dialog
        for _ in range(2):
            options = [o for o in session.declare_options() if o.available]
            if options:
                actor = options[0].actor
                move = next(o.move.id for o in session.move_options(actor) if o.available)
                session.declare(actor, move)
        session.advance()
        app.after_change([])
        await pilot.pause()
        waiting = [d.seq for d in session.state.pending()]
        for index in range(repeats):
            for name, action in (("bare modal", "bare"), ("adjudicate", "adjudicate")):
                keep(best, name, await open_time(app, action, pilot))
            other = waiting[index % len(waiting)]
            elapsed = await open_time(app, f"adjudicate({other})", pilot)
            keep(best, "adjudicate, another move", elapsed)
    live.close()
    return best


def report(label: str, best: Times) -> None:
    floor, floor_cpu = best["bare modal"]
    print(f"{label}")
    print(f"  {'':<26} {'wall':>8} {'ratio':>6}       {'CPU':>8} {'ratio':>6} {'first':>9}")
    print(f"  {'bare modal':<26} {floor * 1000:5.1f} ms {'':>6}       {floor_cpu * 1000:5.1f} ms")
    names = ("declare", "adjudicate", "inject", "note")
    others = (
        "declare, another team",
        "declare, next team inside",
        "declare, arrow key in list",
        "adjudicate, another move",
    )
    firsts = (*names, *others[:2])  # a team's first opening builds its dialog
    for name in (*names, *others):
        wall, cpu = best[name]
        ratio = wall / floor
        verdict = "ok  " if ratio <= GOAL else "SLOW"
        first = best.get(f"first {name}")
        built = f"{first[0] * 1000:6.1f} ms" if first and name in firsts else ""
        print(
            f"  {name:<26} {wall * 1000:5.1f} ms {ratio:5.2f}x {verdict} "
            f"{cpu * 1000:5.1f} ms {cpu / floor_cpu:5.2f}x {built}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    print(
        f"dialog opening, best of {args.repeats} (action -> painted and ready for keys; "
        f"goal <= {GOAL}x the bare modal's wall time)"
    )
    report("default scenario", asyncio.run(measure(resolve_scenario(None), args.repeats)))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "moves_200.toml"
        path.write_text(generated(400), encoding="utf-8")  # 400 rules, 200 moves
        report("generated, 200 moves", asyncio.run(measure(path, args.repeats)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
