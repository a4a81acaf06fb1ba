"""Markup in scenario and participant text is shown literally (issue 9.5).

A scenario whose every text field is Rich/Textual markup (`[bold red]x[/]`, an action
link `[@click=app.quit]z[/]`), played with the same text typed as notes, reasons and a
free-form move: the console, the event log, the declare and adjudicate dialogs and the
projector (`tabletop watch`) show the brackets as written, and clicking the would-be
action link does not quit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomli_w
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Label

from tabletop.journal.follow import Follower
from tabletop.live import LiveSession
from tabletop.scenario.load import load_scenario
from tabletop.tui.watch import WatchApp
from tests.export.hostile import hostile_data

from .helpers import make_app, screen_text

MARKUP = "[bold red]x[/] [@click=app.quit]z[/]"


def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "markup.toml"
    path.write_text(tomli_w.dumps(hostile_data(MARKUP)), encoding="utf-8")
    return path


def literal(app: App[Any]) -> bool:
    text = screen_text(app)  # type: ignore[arg-type]
    return "[bold red]x[/]" in text and "[@click=app.quit]z[/]" in text


async def click_the_link(pilot: Pilot[Any], app: App[Any]) -> None:
    """Click where the would-be action link is drawn: it must do nothing."""
    for y, line in enumerate(screen_text(app).splitlines()):  # type: ignore[arg-type]
        x = line.find("[@click")
        if x >= 0:
            await pilot.click(offset=(x + 2, y))
            await pilot.pause()
            return
    raise AssertionError("the link text is not on screen")


async def test_console_and_dialogs_show_markup_literally(
    tmp_path: Path, new_live: Callable[..., LiveSession]
) -> None:
    """Given markup in every scenario text and in the notes, reasons and a free-form
    move, when the console, the declare dialog and the adjudicate dialog are shown, then
    the brackets are on screen as written and the action link does nothing."""
    live = new_live(scenario=hostile(tmp_path))
    s = live.session
    s.note(MARKUP)
    s.advance()
    s.declare_freeform("blue", MARKUP, narrative=MARKUP, effects=[], reasons_for=[MARKUP])
    app = make_app(live=live)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert literal(app)  # the header, actors, state, questions and the event log
        await click_the_link(pilot, app)
        assert app.is_running
        await pilot.press("d")
        await pilot.pause()
        assert type(app.screen).__name__ == "DeclareScreen"
        assert literal(app)
        await pilot.press("escape")
        await pilot.pause()
        s.declare("red", "gamble", reasons_for=[MARKUP])
        s.advance()
        app.revision += 1
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert type(app.screen).__name__ == "AdjudicateScreen"
        assert literal(app)
        await click_the_link(pilot, app)
        assert app.is_running


async def test_the_projector_shows_markup_literally(
    tmp_path: Path, new_live: Callable[..., LiveSession]
) -> None:
    """Given the same session, when `tabletop watch` shows it, then the brackets are
    shown as written and the action link does nothing."""
    scenario = hostile(tmp_path)
    live = new_live(scenario=scenario)
    live.session.note(MARKUP)
    live.session.advance()
    compiled, _ = load_scenario(scenario)
    app = WatchApp(Follower(live.path), compiled, audience="room", poll_seconds=0.05)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause(0.3)
        assert literal(app)
        await click_the_link(pilot, app)
        assert app.is_running


async def test_the_session_details_show_actor_names_literally(tmp_path: Path) -> None:
    """Given markup in the actors' names of a scenario with exercise objectives, when
    Begin asks for the session details, then each "NAME: who plays" row shows the name
    as written (a name with `[link=…]` in it crashed the app with a MarkupError)."""
    path = hostile(tmp_path)
    scenario, _ = load_scenario(path)
    assert scenario.exercise
    app = make_app(scenario=scenario, scenario_path=path, start_on="briefing")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert type(app.screen).__name__ == "SessionDetailsScreen"
        shown = [str(label.render()) for label in app.screen.query(Label)]
        assert f"{MARKUP}: who plays" in shown


async def test_no_control_character_from_the_scenario_reaches_the_screen(
    tmp_path: Path, new_live: Callable[..., LiveSession]
) -> None:
    """Given escape sequences, C1 and bidi controls in every text of a scenario, when its
    briefing and then the console are shown, then none of them is drawn (the briefing
    wrote `ESC[2J ESC]0;…` to the terminal as they were, seen in tmux)."""
    from tabletop.engine.wording import UNSAFE

    control = "a\x1b[2J\x1b]0;pwn\x07\x9b31m\x7f\u202e\u200f b"
    path = tmp_path / "control.toml"
    path.write_text(tomli_w.dumps(hostile_data(control)), encoding="utf-8")
    scenario, _ = load_scenario(path)
    app = make_app(scenario=scenario, scenario_path=path, start_on="briefing")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        text = screen_text(app)  # type: ignore[arg-type]
        assert "a[2J]0;pwn31m b" in text
        assert not [ch for ch in text if ch in UNSAFE]
    live = new_live(scenario=path)
    live.session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        text = screen_text(app)  # type: ignore[arg-type]
        assert "a[2J]0;pwn31m b" in text
        assert not [ch for ch in text if ch in UNSAFE]


async def test_no_control_character_from_the_journal_reaches_the_screen(
    tmp_path: Path, new_live: Callable[..., LiveSession]
) -> None:
    """Given a session whose recorded texts (a note, a free-form move's label, narrative
    and reasons) hold escape sequences, C1 and bidi controls, as a journal from elsewhere
    or a pasted text may, when the console shows its event log, actors and the event's
    details, then none of them is drawn (the event log wrote them to the terminal as
    they were, seen in tmux on a resumed journal)."""
    from tabletop.engine.wording import UNSAFE

    control = "a\x1b]0;pwn\x07\x1b[2J\u202e\x9b31m b"
    live = new_live()
    s = live.session
    s.advance()
    s.note(f"note {control}")
    s.declare_freeform(
        "blue", f"free {control}", narrative=control, effects=[], reasons_for=[control]
    )
    app = make_app(live=live)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        text = screen_text(app)  # type: ignore[arg-type]
        assert "note a]0;pwn[2J31m b" in text
        assert not [ch for ch in text if ch in UNSAFE]
