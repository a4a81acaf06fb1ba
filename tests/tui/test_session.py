"""Whole sessions: solo play to an outcome, ending and export, resume after a crash,
the start screen, and what `tabletop play` / `tabletop resume` do with bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import OptionList, RadioButton, Select, Static

from tabletop.live import LiveSession, resume_session
from tabletop.scenario.load import load_scenario
from tabletop.tui.launch import launch_play, launch_resume
from tabletop.tui.screens.briefing import BriefingScreen
from tabletop.tui.screens.confirm import ConfirmScreen
from tabletop.tui.screens.consequences import ConsequencesScreen
from tabletop.tui.screens.console import ConsoleScreen
from tabletop.tui.screens.declare import DeclareScreen
from tabletop.tui.screens.end import EndScreen
from tabletop.tui.screens.end_session import EndSessionScreen
from tabletop.tui.screens.open_file import OpenFileScreen
from tabletop.tui.screens.start import StartScreen
from tabletop.tui.widgets.fields import TextField
from tabletop.tui.widgets.header_bar import HeaderBar

from .helpers import DATA, MINI, NOW, flat, make_app, notices, screen_text, set_mtime


async def test_solo_play_to_an_outcome(data_dir: Path) -> None:
    compiled, _ = load_scenario(MINI)
    path = data_dir / "solo.jsonl"
    app = make_app(
        scenario_path=MINI, scenario=compiled, player="blue", session_path=path, start_on="briefing"
    )
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.query_one("#play-as", Select).value == "blue"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        live = app.live
        assert live is not None and live.path == path
        session = live.session
        assert session.computer == {"red"} and session.auto_adjudicate
        assert "Solo: you play Blue" in app.screen.query_one(HeaderBar).text

        turns = 0
        while not session.over:
            assert turns < 10
            await pilot.press("n")  # briefing → declaration: the computer waits for Blue
            await pilot.pause()
            assert not [d for d in session.state.declarations if d.actor == "red"]
            await pilot.press("d")
            assert isinstance(app.screen, DeclareScreen)
            assert app.screen.query_one("#actor", Select).value == "blue"
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("n")  # → adjudication: Red declares (after Blue), all decided
            await pilot.pause()
            red = [d for d in session.state.declarations if d.actor == "red"]
            blue = [d for d in session.state.declarations if d.actor == "blue"]
            assert red and red[0].by == "computer" and red[0].reason
            assert blue and blue[0].seq < red[0].seq
            assert not session.state.pending()
            assert isinstance(app.screen, ConsequencesScreen)
            # The summary says what the computer declared and why; no notice covers it
            # (a notice sat over the summary's right half for ten seconds).
            report = flat(str(app.screen.query_one("#report", Static).render()))
            assert f"The computer's reason: {red[0].reason}" in report
            assert "The computer declared" not in notices(app)
            assert "decided by the computer" in screen_text(app)
            await pilot.press("enter")
            await pilot.press("n")  # → consequences
            await pilot.pause()
            assert isinstance(app.screen, ConsequencesScreen)
            await pilot.press("enter")
            await pilot.pause()
            if not session.over:
                await pilot.press("n")  # → next turn, or the calendar's end
                await pilot.pause()
            turns += 1
        assert isinstance(app.screen, EndScreen)
        ended = session.state.ended
        assert ended is not None
        assert f"Outcome: {ended['title']}" in screen_text(app)


async def test_end_session_scores_timeline_and_export(
    new_live: Callable[..., LiveSession],
) -> None:
    live = new_live("ending.jsonl")
    session = live.session
    session.advance()
    session.declare("red", "mobilise")
    session.advance()
    session.adjudicate(session.state.pending()[0].seq)
    session.note("Red moved fast", "strength")
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, EndSessionScreen)
        for radio in app.screen.query(RadioButton):
            radio.value = radio.name == "war"
        app.screen.query_one("#note", TextField).value = "Called early for time"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.over
        ended = session.state.ended
        assert ended is not None and ended["ending"] == "war" and ended["reason"] == "facilitator"
        assert isinstance(app.screen, EndScreen)
        text = screen_text(app)
        assert "Outcome: War" in text and "It came to war." in text
        assert "Called early for time" in text
        assert "Red: Mobilise → Troops mobilised" in text  # the timeline
        assert "Strength: Red moved fast" in text
        assert "ending.jsonl" in text  # the journal, as the app shows paths
        assert "Keep tension high" in text and "Total" in text

        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
        report = live.path.with_suffix(".md")
        assert "ending.md" in screen_text(app)
        # The report names the journal it was made from, as `tabletop export` does.
        assert "| Journal | ending.jsonl |" in report.read_text(encoding="utf-8")
        app.export("csv")
        await app.workers.wait_for_complete()
        assert live.path.with_suffix(".csv").exists()

        # A note after the end is allowed; undo takes the ending back.
        await pilot.press("u")
        await pilot.pause()
        assert not session.over
        assert isinstance(app.screen, ConsoleScreen)
        await pilot.press("r")
        await pilot.pause()
        assert session.over and isinstance(app.screen, EndScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        assert app.check_action("declare", ()) is False  # hidden: play is over
        assert app.check_action("outcome", ()) is True


async def test_resume_after_the_journal_was_cut_off(
    new_live: Callable[..., LiveSession],
) -> None:
    live = new_live("cut.jsonl")
    session = live.session
    session.advance()
    session.declare("red", "gamble", reasons_for=["Nerve"])
    session.declare("blue", "talk", sealed=True)
    session.advance()
    session.roll(session.state.declarations[0].seq)
    live.close()
    path = live.path
    # The terminal was killed while the last event was being written: half a line.
    data = path.read_bytes()
    last = data.rstrip(b"\n").rfind(b"\n") + 1
    path.write_bytes(data[: last + (len(data) - last) // 2])

    resumed = resume_session(path)
    assert resumed.warnings and "incomplete" in resumed.warnings[0]
    app = make_app(live=resumed)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        session = resumed.session
        # Exactly where it was before the torn write: adjudication, two moves, no roll.
        assert session.phase == "adjudication"
        assert [d.move for d in session.state.declarations] == ["gamble", "talk"]
        assert session.state.declarations[0].roll is None
        text = screen_text(app)
        assert "ADJUDICATION" in text and "2 moves to adjudicate" in text
        assert "Blue declares “Talk” (sealed)" in text  # sealed moves show once adjudication opens
        assert "incomplete" in notices(app)
        # Play goes on: roll, decide, advance.
        await pilot.press("a", "ctrl+r", "ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        for radio in app.screen.query(RadioButton):
            radio.value = radio.name == "stall"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter", "n")
        await pilot.pause()
        assert session.phase == "consequences"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(resumed.session.events) + 1


def saved_sessions(
    new_live: Callable[..., LiveSession], advanced: str
) -> tuple[LiveSession, LiveSession]:
    """Two closed sessions, (older, newer): saved at 09:00 and 11:55, the `advanced` one
    ("older" or "newer") a phase further."""
    older, newer = new_live("older.jsonl"), new_live("newer.jsonl")
    (older if advanced == "older" else newer).session.advance()
    older.close()
    newer.close()
    set_mtime(older.path, NOW.replace(hour=9))
    set_mtime(newer.path, NOW.replace(hour=11, minute=55))
    return older, newer


async def test_start_screen_lists_and_resumes(new_live: Callable[..., LiveSession]) -> None:
    older, _ = saved_sessions(new_live, advanced="older")
    app = make_app(scenario_path=MINI)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        text = screen_text(app)
        assert "Mini crisis" in text and "3 turns, 2 actors" in text
        assert "turn 1 · 1 event · 5 min ago" in text
        assert "turn 1 · 2 events · 3 h ago" in text
        sessions = app.screen.query_one("#sessions", OptionList)
        sessions.focus()
        sessions.highlighted = 1
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        assert app.live is not None and app.live.path == older.path
        assert app.live.session.phase == "declaration"


async def test_r_then_enter_resumes_the_newest_session(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given two saved sessions, when the facilitator presses r and Enter on the start
    screen, then the newest one (listed first) is resumed: `r` puts the cursor on it."""
    _, newer = saved_sessions(new_live, advanced="newer")
    app = make_app(scenario_path=MINI)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("r", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        assert app.live is not None and app.live.path == newer.path


async def test_start_screen_opens_a_file_and_refuses_bad_ones(data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("o")
        assert isinstance(app.screen, OpenFileScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert "Type the path of a scenario file" in screen_text(app)
        app.screen.query_one("#path", TextField).value = str(DATA / "no-such-scenario.toml")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "no such file" in screen_text(app)
        # The last entry of the scenario list opens a file too.
        scenarios = app.screen.query_one("#scenarios", OptionList)
        scenarios.focus()
        scenarios.highlighted = scenarios.option_count - 1
        await pilot.press("enter")
        assert isinstance(app.screen, OpenFileScreen)
        app.screen.query_one("#path", TextField).value = str(MINI)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert "Two actors, three turns." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_resume_offers_to_go_on_when_the_scenario_changed(
    new_live: Callable[..., LiveSession], tmp_path: Path
) -> None:
    scenario = tmp_path / "mini.toml"
    scenario.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    live = new_live("changed.jsonl", scenario=scenario)
    live.close()
    scenario.write_text(scenario.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        sessions = app.screen.query_one("#sessions", OptionList)
        sessions.focus()
        sessions.highlighted = 0
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "the scenario file has changed since this session was recorded" in flat(
            screen_text(app)
        )
        await pilot.click("#yes")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)


def test_launch_refuses_bad_input_with_status_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[scenario]\nid = "Bad Id"\n', encoding="utf-8")
    assert launch_play(bad, seed=1, actor=None, session=None) == 1
    err = capsys.readouterr().err
    assert f"{bad}:" in err and "scenario.id" in err

    assert launch_play(MINI, seed=1, actor="green", session=None) == 1
    assert "there is no actor 'green' (actors: red, blue)" in capsys.readouterr().err

    journal = tmp_path / "broken.jsonl"
    journal.write_text("not a journal\n", encoding="utf-8")
    assert launch_resume(journal, scenario=None, force=False) == 1
    assert f"{journal}:1: not a tabletop session journal" in capsys.readouterr().err

    assert launch_resume(tmp_path / "missing.jsonl", scenario=None, force=False) == 1
    assert "no such session journal" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (("space",), "standoff"),  # Space at once keeps the suggestion
        (("E", "n", "d", "e", "d", "space", "e", "a", "r", "l", "y"), "standoff"),
        (("enter",), "standoff"),
        (("up",), "deal"),  # the arrows choose as they move
        (("down",), None),  # "No named outcome", below the default
    ],
)
async def test_the_end_dialog_keeps_the_suggested_outcome_until_one_is_chosen(
    new_live: Callable[..., LiveSession], keys: tuple[str, ...], expected: str | None
) -> None:
    """Given the end dialog on mini (the default ending, Standoff, is third), when the
    facilitator types at once, a closing note before pressing Tab say, then the space of
    "Ended early" does not press the first outcome, War (Textual's highlight starts on the
    first button whichever is pressed: a session of the tutorial ended "Shots fired" so),
    and the arrows choose the outcome they move to."""
    live = new_live("end_keys.jsonl")
    session = live.session
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EndSessionScreen)
        await pilot.press(*keys)
        await pilot.press("ctrl+s")
        await pilot.pause()
        ended = session.state.ended
        assert ended is not None and ended["ending"] == expected
