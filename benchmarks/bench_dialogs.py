"""How fast the console's dialogs open, against a bare modal screen in the same run.

Run: .venv/bin/python benchmarks/bench_dialogs.py [--repeats 15]

Under Pilot (headless, 120x40), over the console of a live session: the time from asking
for a dialog (the key action the facilitator presses: d, a, i, m) to the end of the
first paint of the dialog, best of several openings (each closed again with escape),
against the same for a bare `ModalScreen` holding one Static, opened the same way in the
same app. On the default scenario and on a generated one with 200 moves. The goal: every
dialog within 1.5x the bare modal. Prints figures; never used as a test.
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


async def open_time(app: Timed, action: str) -> float:
    """Seconds from running `action` to the end of the first paint of the screen it opens."""
    before = app.screen
    painted: list[float] = []
    start = time.perf_counter()
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
    elapsed = time.perf_counter() - start  # the same polling ends both kinds of opening
    del screen._compositor_refresh  # a dialog is opened again: no wrapper on a wrapper
    screen.dismiss(None)
    for _ in range(100_000):
        if app.screen is before:
            break
        await asyncio.sleep(0)
    await asyncio.sleep(0.02)
    return elapsed


async def measure(path: Path, repeats: int) -> dict[str, float]:
    directory = Path(tempfile.mkdtemp(prefix="bench-dialogs-"))
    live = start_session(path, seed=1, session_path=directory / "s.jsonl")
    session = live.session
    app = Timed(live=live, seed=1, cursor_blink=False)
    best: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        session.advance()  # to the declaration phase
        app.after_change([])
        await pilot.pause()
        actions = {"bare modal": "bare", "declare": "declare", "inject": "inject", "note": "note"}
        for _ in range(repeats):  # interleaved: a busy moment hits all alike
            for name, action in actions.items():
                elapsed = await open_time(app, action)
                best[name] = min(best.get(name, elapsed), elapsed)
        # a move declared, then the adjudication phase for the adjudicate dialog
        actor = next(o.actor for o in session.declare_options() if o.available)
        move = next(o.move.id for o in session.move_options(actor) if o.available)
        session.declare(actor, move)
        session.advance()
        app.after_change([])
        await pilot.pause()
        for _ in range(repeats):
            for name, action in (("bare modal", "bare"), ("adjudicate", "adjudicate")):
                elapsed = await open_time(app, action)
                best[name] = min(best.get(name, elapsed), elapsed)
    live.close()
    return best


def report(label: str, best: dict[str, float]) -> None:
    floor = best["bare modal"]
    print(f"{label}")
    print(f"  {'bare modal':<12} {floor * 1000:7.1f} ms")
    for name in ("declare", "adjudicate", "inject", "note"):
        ratio = best[name] / floor
        verdict = "ok" if ratio <= GOAL else "SLOW"
        print(f"  {name:<12} {best[name] * 1000:7.1f} ms  ratio {ratio:4.2f}x  {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    print(f"dialog opening, best of {args.repeats} (action -> first paint; goal <= {GOAL}x)")
    report("default scenario", asyncio.run(measure(resolve_scenario(None), args.repeats)))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "moves_200.toml"
        path.write_text(generated(400), encoding="utf-8")  # 400 rules, 200 moves
        report("generated, 200 moves", asyncio.run(measure(path, args.repeats)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
