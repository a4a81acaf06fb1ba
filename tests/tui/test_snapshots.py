"""Snapshots of every screen (pytest-textual-snapshot).

Deterministic by construction: a fixed seed and session file name, a fixed clock, file
names instead of paths, no blinking cursor, and no notifications on screen (the state is
built through the session before the app starts). Update with `--snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tabletop.live import LiveSession
from tabletop.scenario.load import load_scenario

from .helpers import MINI, NOW, make_app, set_mtime

SnapCompare = Callable[..., bool]


def turn_in_progress(live: LiveSession) -> None:
    """Turn 2 of mini, adjudication under way: one move decided, one sealed and pending."""
    session = live.session
    session.advance()
    session.declare("red", "mobilise", reasons_for=["Leverage before the talks"])
    session.declare("blue", "talk")
    session.advance()
    session.adjudicate(session.state.pending()[0].seq)
    session.adjudicate(session.state.pending()[0].seq, "stall")
    session.advance()
    session.note("Blue waited for Red to move first", "improvement")
    session.advance()
    session.advance()
    session.declare("red", "gamble", reasons_for=["Nerve"], reasons_against=["Blue is ready"])
    session.declare("blue", "pressure", sealed=True)
    session.advance()


def test_start_screen(snap_compare: SnapCompare, new_live: Callable[..., LiveSession]) -> None:
    first = new_live("first.jsonl")
    turn_in_progress(first)
    first.close()
    second = new_live("second.jsonl")
    second.close()
    set_mtime(first.path, NOW.replace(hour=10, minute=30))
    set_mtime(second.path, NOW.replace(day=12))

    async def settle(pilot: Pilot[Any]) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(make_app(scenario_path=MINI), terminal_size=(120, 40), run_before=settle)


def test_briefing_screen(snap_compare: SnapCompare, data_dir: Path) -> None:
    compiled, _ = load_scenario(MINI)
    app = make_app(scenario_path=MINI, scenario=compiled, start_on="briefing")
    assert snap_compare(app, terminal_size=(120, 40))


def test_console(snap_compare: SnapCompare, new_live: Callable[..., LiveSession]) -> None:
    live = new_live()
    turn_in_progress(live)
    assert snap_compare(make_app(live=live), terminal_size=(120, 40))


def test_console_80x24(snap_compare: SnapCompare, new_live: Callable[..., LiveSession]) -> None:
    live = new_live()
    turn_in_progress(live)
    assert snap_compare(make_app(live=live), terminal_size=(80, 24))


def test_declare_screen(snap_compare: SnapCompare, new_live: Callable[..., LiveSession]) -> None:
    live = new_live()
    session = live.session
    session.advance()
    session.declare("red", "gamble")  # limit 1: shown disabled, with the reason, next turn
    session.advance()
    session.adjudicate(session.state.pending()[0].seq)
    session.advance()
    session.advance()
    session.advance()
    assert snap_compare(make_app(live=live), terminal_size=(120, 40), press=["d"])


def test_adjudicate_screen(snap_compare: SnapCompare, new_live: Callable[..., LiveSession]) -> None:
    live = new_live()
    turn_in_progress(live)
    assert snap_compare(make_app(live=live), terminal_size=(120, 40), press=["a", "ctrl+r"])


def test_end_screen(snap_compare: SnapCompare, new_live: Callable[..., LiveSession]) -> None:
    live = new_live()
    turn_in_progress(live)
    session = live.session
    for declaration in session.state.pending():
        session.computer_adjudicate(declaration.seq)
    session.note("Red took the initiative early", "strength")
    session.end("standoff", note="Out of time")
    assert snap_compare(make_app(live=live), terminal_size=(120, 40))


def test_seat_screen(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """Blue's seat in turn 1 of mini_eval (discussion questions), Red's move declared: the
    header a full-width bar, headings in bold as on the console and the briefing."""
    from tabletop.live import start_session
    from tabletop.seats import SeatLink
    from tabletop.tui.seat import SeatApp
    from tests.conftest import MINI_EVAL

    live = start_session(MINI_EVAL, seed=1, session_path=tmp_path / "seat.jsonl")
    live.session.advance()
    live.session.declare("red", "mobilise")
    live.close()
    app = SeatApp(live.path, link=SeatLink.open(live.path, "blue"), cursor_blink=False)

    async def settle(pilot: Pilot[Any]) -> None:
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=(120, 36), run_before=settle)
