"""`tabletop watch`: the projector follows a live session and shows only the room's view."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tabletop.journal.follow import Follower
from tabletop.live import LiveSession, start_session
from tabletop.scenario.load import load_scenario
from tabletop.tui.watch import POLL_SECONDS, WatchApp
from tests.audience.helpers import SECRETS
from tests.conftest import TALKS

from .helpers import screen_text

SnapCompare = Callable[..., bool]


def secrets_live(path: Path) -> LiveSession:
    return start_session(SECRETS, seed=5, session_path=path)


def watch(path: Path, audience: str = "room", poll: float = 0.05) -> WatchApp:
    compiled, _ = load_scenario(SECRETS)
    return WatchApp(Follower(path), compiled, audience=audience, poll_seconds=poll)


async def shows(pilot: Pilot[Any], text: str, seconds: float = 1.0) -> bool:
    """Whether `text` is on screen within `seconds` (the promise: within a second)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        if text in screen_text(pilot.app):  # type: ignore[arg-type]
            return True
        await pilot.pause(0.05)
    return text in screen_text(pilot.app)  # type: ignore[arg-type]


async def test_watch_follows_the_console_as_it_records(tmp_path: Path) -> None:
    """Given the projector on a live session, when the console records moves, they show
    within a second; a sealed move shows as sealed; the journal is never written."""
    live = secrets_live(tmp_path / "live.jsonl")
    app = watch(live.path, poll=POLL_SECONDS)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await shows(pilot, "Turn 1 of 3")
        assert "Public news" in screen_text(app)  # type: ignore[arg-type]
        assert "A message was delivered to Red" in screen_text(app)  # type: ignore[arg-type]
        size = live.path.stat().st_size
        live.session.advance()
        live.session.declare("blue", "talk")
        assert await shows(pilot, "Blue: Talk")
        live.session.declare("red", "zqxsealedid", sealed=True)
        assert await shows(pilot, "Red: a sealed move")
        live.session.advance()
        live.session.adjudicate(live.session.state.declarations[0].seq, "progress")
        assert await shows(pilot, "→ Progress")
        assert await shows(pilot, "Tension")
        assert "3 ▬" not in screen_text(app)  # type: ignore[arg-type]
        assert await shows(pilot, "2 ▼")
        assert live.path.stat().st_size > size
    live.close()
    assert app.problem is None


async def test_watch_stops_at_a_journal_edited_behind_its_back(tmp_path: Path) -> None:
    """Given the projector on a journal, when a line that breaks the hash chain is
    appended, it stops following and says where."""
    live = secrets_live(tmp_path / "live.jsonl")
    live.close()
    app = watch(live.path)
    async with app.run_test(size=(80, 24)) as pilot:
        with open(live.path, "a", encoding="utf-8") as f:
            f.write('{"seq":4,"kind":"note","action":4,"turn":0,"phase":"briefing","text":"x"}\n')
        assert await shows(pilot, "Stopped following: live.jsonl:5: this line", seconds=3)
        assert app.problem is not None and "live.jsonl:5" in app.problem


async def test_a_teams_watch_shows_its_own_sealed_move(tmp_path: Path) -> None:
    """Given Red's sealed move, Red's projector shows what it is, Blue's does not."""
    live = secrets_live(tmp_path / "live.jsonl")
    live.session.advance()
    live.session.declare("red", "zqxsealedid", sealed=True)
    live.close()
    red, blue = watch(live.path, "red"), watch(live.path, "blue")
    async with red.run_test(size=(80, 24)) as pilot:
        assert await shows(pilot, "Red: Zqxsealedlabel", seconds=3)
        assert "zqxinjecttext" in screen_text(red)  # type: ignore[arg-type]
    async with blue.run_test(size=(80, 24)) as pilot:
        assert await shows(pilot, "Red: a sealed move", seconds=3)
        assert "Zqxsealedlabel" not in screen_text(blue)  # type: ignore[arg-type]


def projector_session(path: Path) -> None:
    """Turn 2 of the secrets scenario under way: a move decided, a sealed one pending."""
    live = secrets_live(path)
    session = live.session
    session.advance()
    session.declare("red", "posture", reasons_for=["Show strength"])
    session.declare("blue", "talk")
    session.advance()
    for declaration in list(session.state.pending()):
        session.adjudicate(declaration.seq, "done" if declaration.actor == "red" else "progress")
    session.advance()
    session.advance()
    session.advance()
    session.declare("red", "zqxsealedid", sealed=True)
    session.declare("blue", "talk")
    live.close()


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
def test_watch_snapshot(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    path = tmp_path / "projector.jsonl"
    projector_session(path)

    async def settle(pilot: Pilot[Any]) -> None:
        await pilot.pause(0.1)

    assert snap_compare(watch(path), terminal_size=size, run_before=settle)


async def test_peek_is_journaled_and_reveal_shows_the_room(tmp_path: Path) -> None:
    """Given Red's sealed move on the console, K shows it to the facilitator (journaled,
    the projector still shows "a sealed move"); R reveals it and the projector shows it."""
    from tests.tui.helpers import make_app, notices

    live = secrets_live(tmp_path / "live.jsonl")
    live.session.advance()
    live.session.declare("red", "zqxsealedid", sealed=True)
    console = make_app(live=live)
    projector = watch(live.path)
    async with console.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("K")
        await pilot.pause()
        assert "Red: Zqxsealedlabel" in notices(console)
        assert live.session.events[-1]["kind"] == "move_peeked"
        async with projector.run_test(size=(80, 24)) as watching:
            assert await shows(watching, "Red: a sealed move", seconds=3)
            await pilot.press("R")
            await pilot.pause()
            assert live.session.events[-1]["kind"] == "move_revealed"
            assert await shows(watching, "Red: Zqxsealedlabel", seconds=3)


def offers_session(path: Path) -> None:
    """tests/data/talks.toml in turn 2: Red's public treaty waits for Blue's answer (open
    this turn), and its private note too (which the room must not see)."""
    live = start_session(TALKS, seed=1, session_path=path)
    session = live.session
    for move in ("treaty", "secret_note"):
        while session.phase != "declaration":
            session.advance()
        session.declare("red", move)
        session.advance()  # adjudication
        session.adjudicate(session.state.pending()[0].seq)
    live.close()


def test_watch_offers_snapshot(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The room's projector lists the public offer waiting for an answer (maker →
    addressee, terms, when it closes) and not the private one."""
    path = tmp_path / "offers.jsonl"
    offers_session(path)
    compiled, _ = load_scenario(TALKS)

    async def settle(pilot: Pilot[Any]) -> None:
        await pilot.pause(0.1)
        text = screen_text(pilot.app)  # type: ignore[arg-type]
        assert "Red → Blue" in text and "PRIVATE-TERMS-MARKER" not in text

    app = WatchApp(Follower(path), compiled, audience="room", poll_seconds=0.05)
    assert snap_compare(app, terminal_size=(120, 36), run_before=settle)


async def test_watch_theme_is_for_this_screen_only(tmp_path: Path) -> None:
    """Given `--theme tabletop-light` on the projector, when it opens, then it is drawn in
    that theme, and the console's remembered choice is left as it was."""
    from tabletop.tui.settings import saved_theme

    live = secrets_live(tmp_path / "live.jsonl")
    compiled, _ = load_scenario(SECRETS)
    app = WatchApp(Follower(live.path), compiled, poll_seconds=0.05, theme="tabletop-light")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "tabletop-light"
    assert saved_theme() is None


def test_the_watch_theme_flag_reaches_the_projector(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given `tabletop watch JOURNAL --theme tabletop-light`, the projector app gets it."""
    from tabletop.cli.main import main

    live = secrets_live(tmp_path / "live.jsonl")
    drawn: list[str] = []
    monkeypatch.setattr(WatchApp, "run", lambda self, **_: drawn.append(self.theme))
    assert main(["watch", str(live.path), "--theme", "tabletop-light"]) == 0
    assert drawn == ["tabletop-light"]
    with pytest.raises(SystemExit) as exit_:
        main(["seat", str(live.path), "--theme", "neon"])
    assert exit_.value.code == 2


async def test_watch_redraws_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given the projector following a session, when the console records a note (nothing
    the room sees: not even its event count moves, which would tell the room that the
    facilitator wrote one), then nothing is drawn again; when it records a move, the
    situation and the status line are, not the heading or the tracks."""
    from textual.widgets import Static

    live = secrets_live(tmp_path / "live.jsonl")
    live.session.advance()
    drawn: list[str] = []
    update = Static.update

    def spy(self: Static, *args: Any, **kwargs: Any) -> None:
        drawn.append(self.id or "")
        update(self, *args, **kwargs)

    monkeypatch.setattr(Static, "update", spy)
    app = watch(live.path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await shows(pilot, "Turn 1 of 3")
        await pilot.pause(0.2)  # the first layout: the tracks drawn again for their width
        drawn.clear()
        before = f"event {live.session.events[-1]['seq']}"
        live.session.note("for the facilitator")
        for _ in range(100):  # bounded: until the projector has read the note
            if len(app.follower.events) == len(live.session.events):
                break
            await pilot.pause(0.02)
        await pilot.pause(0.1)
        assert len(app.follower.events) == len(live.session.events)
        assert before in screen_text(app)  # type: ignore[arg-type]
        assert drawn == []
        drawn.clear()
        live.session.declare("blue", "talk")
        assert await shows(pilot, "Blue: Talk")
        assert sorted(drawn) == ["situation", "status"]
    live.close()
