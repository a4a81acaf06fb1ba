"""The room in one test: the facilitator's console and two team seats (Pilot), on one
session. A wrong code is refused; the seats declare (one sealed); the console shows what
arrived; one key accepts it all into the journal; the seats see it
accepted. Then the timer, an argument, and a submission returned with its reason."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from tabletop.journal import read_journal
from tabletop.journal.inbox import check_code, record_failure, write_codes
from tabletop.live import LiveSession, start_session
from tabletop.seats import SeatLink
from tabletop.tui.seat import SeatApp
from tests.conftest import MINI
from tests.tui.helpers import make_app, notices, screen_text

CODES = {"red": "REDCODE2", "blue": "BLUECODE"}


def no_wait_opener(path: Path, code: str) -> SeatLink | None:
    """open_seat without the slow-down's sleep (its delays are tested in test_inbox)."""
    team = check_code(path, code)
    if team is None:
        record_failure(path)
        return None
    return SeatLink.open(path, team)


def seat(path: Path, *, team: str | None = None) -> SeatApp:
    link = SeatLink.open(path, team) if team else None
    return SeatApp(path, link=link, poll_seconds=0.05, cursor_blink=False, opener=no_wait_opener)


async def shows(pilot: Pilot[Any], text: str, seconds: float = 3.0) -> bool:
    """Whether `text` is on the app's screen within `seconds` (bounded; the promise of
    "within a second" is measured by benchmarks/bench_seats.py, not timed here)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        if text in screen_text(pilot.app):  # type: ignore[arg-type]
            return True
        await pilot.pause(0.05)
    return text in screen_text(pilot.app)  # type: ignore[arg-type]


def room(tmp_path: Path) -> LiveSession:
    live = start_session(MINI, seed=3, session_path=tmp_path / "room.jsonl")
    write_codes(live.path, CODES)
    return live


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*[c if c != " " else "space" for c in text])


async def test_two_seats_submit_and_the_console_accepts_them(tmp_path: Path) -> None:
    live = room(tmp_path)
    console: App[None] = make_app(live=live, clock=lambda: datetime.now(UTC))
    red = seat(live.path)
    blue = seat(live.path, team="blue")
    async with (
        console.run_test(size=(120, 40)) as facilitator,
        red.run_test(size=(100, 32)) as red_pilot,
        blue.run_test(size=(100, 32)) as blue_pilot,
    ):
        app = facilitator.app
        # Red joins: a wrong code is refused, the right one opens its seat.
        assert await shows(red_pilot, "join code")
        await type_text(red_pilot, "WRONG123")
        await red_pilot.press("enter")
        assert await shows(red_pilot, "That is not a join code"), screen_text(red)
        await type_text(red_pilot, CODES["red"].lower())
        await red_pilot.press("enter")
        assert await shows(red_pilot, "The Red team's view")
        assert await shows(red_pilot, "Briefing: wait for the facilitator")

        # The facilitator opens the declaration phase; both seats see it.
        await facilitator.press("n")
        assert await shows(red_pilot, "d declares your team's move")
        assert await shows(blue_pilot, "d declares your team's move")

        # Red declares its gamble, sealed, with a reason.
        await red_pilot.press("d")
        await red_pilot.pause()
        declare = red.screen
        moves = declare.query_one("#moves")
        gamble = next(
            i
            for i, o in enumerate(moves._options)
            if o.id == "gamble"  # type: ignore[attr-defined]
        )
        moves.highlighted = gamble  # type: ignore[attr-defined]
        declare.query_one("#reasons").text = "We hold the cards"  # type: ignore[attr-defined]
        declare.query_one("#sealed").value = True  # type: ignore[attr-defined]
        await red_pilot.press("ctrl+s")
        assert await shows(red_pilot, "Move: Gamble (sealed) — waiting for"), screen_text(red)
        assert await shows(red_pilot, "Your move is with the facilitator")

        # Blue declares a free-form move.
        await blue_pilot.press("d")
        await blue_pilot.pause()
        form = blue.screen
        options = form.query_one("#moves")
        options.highlighted = options.option_count - 1  # type: ignore[attr-defined]
        await blue_pilot.pause()
        form.query_one("#label").value = "Call a summit"  # type: ignore[attr-defined]
        await blue_pilot.press("ctrl+s")
        assert await shows(blue_pilot, "Free-form move: Call a summit")

        # The console shows both within a second, the sealed one without its move.
        assert await shows(facilitator, "Red submitted (sealed)")
        assert await shows(facilitator, "Blue submitted: free-form: Call a summit")
        assert "Red submitted (sealed)" in notices(app)  # type: ignore[arg-type]
        assert "Roll the dice" not in screen_text(app)  # type: ignore[arg-type]

        # One key accepts both into the journal; the seats see them accepted.
        await facilitator.press("A")
        events = read_journal(live.path).events
        declared = [e for e in events if e["kind"] == "move_declared"]
        assert [(e["actor"], e["by"], e["sealed"]) for e in declared] == [
            ("red", "seat", True),
            ("blue", "seat", False),
        ]
        assert declared[0]["reasons_for"] == ["We hold the cards"]
        assert await shows(red_pilot, "accepted")
        assert await shows(blue_pilot, "accepted")
        assert await shows(blue_pilot, "Red: a sealed move")  # Blue does not learn it

        # The timer: set on the console, counted down on the seats.
        await facilitator.press("t")
        await facilitator.pause()
        await facilitator.press("enter")
        assert await shows(red_pilot, " left")
        assert re.search(r"⏱ [45]:\d\d left", screen_text(red))
        assert await shows(facilitator, "left")
        assert any(e["kind"] == "timer_set" for e in read_journal(live.path).events)

        # The floor: Blue argues (for, the form's first side) about Red's move once revealed.
        await facilitator.press("n", "escape")  # adjudication (its dialog closed for now)
        live.session.reveal(declared[0]["seq"])
        app.revision += 1  # type: ignore[attr-defined]
        assert await shows(blue_pilot, "g argues")
        await blue_pilot.press("g")
        await blue_pilot.pause()
        blue.screen.query_one("#text").value = "They are bluffing"  # type: ignore[attr-defined]
        await blue_pilot.press("ctrl+s")
        assert await shows(facilitator, "Blue argues for Red's “Gamble”")

        # Returned with a reason: the seat shows the reason.
        await facilitator.press("S")
        await facilitator.pause()
        app.screen.query_one("#reason").value = "Say what you argue"  # type: ignore[attr-defined]
        app.screen.query_one("#return").press()  # type: ignore[attr-defined]
        await facilitator.pause()
        assert await shows(blue_pilot, "returned: Say what you"), screen_text(blue)
        assert not any(e["kind"] == "argument_added" for e in read_journal(live.path).events)
    live.close()


async def test_a_seat_that_reconnects_sees_its_submission(tmp_path: Path) -> None:
    """Given a seat that submitted and went away, when a seat of the same team opens,
    then it shows the submission where it stands."""
    live = room(tmp_path)
    live.session.advance()
    SeatLink.open(live.path, "red").submit(kind="declare", move="mobilise")
    again = seat(live.path, team="red")
    async with again.run_test(size=(100, 32)) as pilot:
        assert await shows(pilot, "Move: Mobilise — waiting for")
        assert await shows(pilot, "Your move is with the facilitator")
    live.close()


async def test_the_projector_counts_down_the_timer(tmp_path: Path) -> None:
    """Given a timer set on the session, then the projector (tabletop watch) counts down;
    once its expiry is recorded it says the time is up."""
    from tabletop.journal.follow import Follower
    from tabletop.seats import iso, utc_now
    from tabletop.tui.watch import WatchApp

    live = room(tmp_path)
    live.session.advance()
    deadline = iso(utc_now() + timedelta(minutes=3))
    live.session.set_timer(180, deadline)
    watch = WatchApp(Follower(live.path), live.scenario, poll_seconds=0.05)
    async with watch.run_test(size=(100, 30)) as pilot:
        assert await shows(pilot, " left")
        assert re.search(r"⏱ [23]:\d\d left", screen_text(watch))  # type: ignore[arg-type]
        live.session.set_timer(1, iso(utc_now()))
        live.session.timer_expired()
        assert await shows(pilot, "time is up")
    live.close()
