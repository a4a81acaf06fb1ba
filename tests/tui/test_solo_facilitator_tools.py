"""Solo play keeps the facilitator's tools and papers from the player.

The player is Blue in tests/data/secrets.toml; the computer plays Red. The inject list is
the facilitator's (docs/scenario-format.md, "Private content and audiences"): its waiting
injects, their triggers, their effects on a hidden track and Red's private inject. And
the report the end screen writes is Blue's, not the facilitator's: no seed, no hidden
track, no Red secret.
"""

from __future__ import annotations

import io
from pathlib import Path

from textual.widgets import Static

from tabletop.scenario.load import load_scenario
from tabletop.tui.screens.console import ConsoleScreen
from tabletop.tui.screens.declare import DeclareScreen
from tabletop.tui.screens.end import EndScreen
from tabletop.tui.screens.help import HelpScreen
from tabletop.tui.screens.inject import InjectScreen
from tests.audience.helpers import SECRETS

from .helpers import make_app, notices, screen_text, until
from .test_solo_audience import leaks


def _solo_app(data_dir: Path):  # type: ignore[no-untyped-def]
    compiled, _ = load_scenario(SECRETS)
    return make_app(
        scenario_path=SECRETS,
        scenario=compiled,
        player="blue",
        session_path=data_dir / "solo.jsonl",
        start_on="briefing",
    )


async def test_solo_player_cannot_open_the_facilitators_inject_list(data_dir: Path) -> None:
    app = _solo_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        before = len(app.live.session.events)  # type: ignore[union-attr]
        await pilot.press("i")
        await pilot.pause()
        assert not isinstance(app.screen, InjectScreen)
        assert "zqxexpected" not in screen_text(app).lower()
        assert leaks(screen_text(app)) == []
        assert "Injects are the facilitator's" in notices(app)
        assert len(app.live.session.events) == before  # type: ignore[union-attr]
        # nor from the command palette: the action itself is refused
        app.action_inject()
        await pilot.pause()
        assert not isinstance(app.screen, InjectScreen)


async def test_solo_end_screen_exports_the_players_report(data_dir: Path) -> None:
    app = _solo_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        session = app.live.session  # type: ignore[union-attr]
        while not session.over:
            await pilot.press("enter")
            await pilot.press("n")
            await pilot.pause()
        assert await until(pilot, lambda: isinstance(app.screen, EndScreen))
        # The improvement plan is the facilitator's: a team's is a header alone.
        assert not app.screen.query("#export-ip")
        for fmt in ("md", "html", "json", "csv"):
            assert app.screen.query_one(f"#export-{fmt}").display
        assert list(app.export_formats()) == ["md", "html", "json", "csv"]  # the palette's
        app.export("ip")
        await app.workers.wait_for_complete()
        assert not app.exports
        assert "The improvement plan is the facilitator's" in notices(app)
        app.export("md")
        await app.workers.wait_for_complete()
        assert await until(pilot, lambda: bool(app.exports))
        report = app.exports[-1].read_text(encoding="utf-8")
        assert "| Made for | the Blue team |" in report
        assert "| Seed |" not in report
        assert leaks(report) == []


async def test_solo_player_whose_team_sits_out_cannot_declare_for_another(
    data_dir: Path,
) -> None:
    """Turn 3 of the default scenario (Geneva) is Russia's and the United States' alone.
    Playing Ukraine, d opened the declare dialog on Russia, and the player declared
    Russia's and the United States' moves for them (the computer then declared nothing)."""
    from tabletop.scenario.bundled import resolve_scenario

    path = resolve_scenario("ukraine_2022")
    compiled, _ = load_scenario(path)
    app = make_app(
        scenario_path=path,
        scenario=compiled,
        player="ukraine",
        session_path=data_dir / "solo.jsonl",
        start_on="briefing",
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        session = app.live.session  # type: ignore[union-attr]
        for move in ("ua_mobilise", "ua_calm_public"):
            app.perform(session.advance)  # → declaration
            app.perform(lambda m=move: session.declare("ukraine", m))  # type: ignore[misc]
            while session.state.phase != "briefing":
                app.perform(session.advance)
        app.perform(session.advance)  # turn 3 → declaration
        assert session.state.phase == "declaration" and "ukraine" not in session.participants()
        while not isinstance(app.screen, ConsoleScreen):
            app.screen.dismiss(None)
            await pilot.pause()
        hint = str(app.screen.query_one("#hint", Static).render())
        assert hint == "Ukraine takes no part in this turn: n lets the computer play it."
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, DeclareScreen)
        assert "Ukraine takes no part in this turn" in notices(app)
        app.action_declare()  # nor from the command palette
        await pilot.pause()
        assert not isinstance(app.screen, DeclareScreen)
        await pilot.press("n")  # the computer plays Russia and the United States
        await pilot.pause()
        declared = {d.actor: d.by for d in session.state.declarations}
        assert declared == {"russia": "computer", "usa": "computer"}


def _help_text(app) -> str:  # type: ignore[no-untyped-def]
    """The help screen's whole text (it scrolls: more than the terminal shows)."""
    from rich.console import Console

    assert isinstance(app.screen, HelpScreen)
    console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
    for static in app.screen.query(Static):
        console.print(static.content)
    return console.export_text()


async def test_solo_footer_and_help_leave_out_the_facilitators_keys(data_dir: Path) -> None:
    """Given solo play as Blue on the console, then the footer shows neither a Adjudicate
    nor i Inject (the computer adjudicates every move and delivers the injects: the player
    can never use them), nor does the help's key list (nor the sealed moves', seats' and
    evaluation's keys, the facilitator's too), which says why; e End stays (the
    player may end the session); i still says why when pressed. The facilitator's footer
    and help keep both."""
    app = _solo_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        shown = {b.binding.action for b in app.screen.active_bindings.values()}
        assert "adjudicate" not in shown and "inject" not in shown
        assert {"declare", "end_session", "next_phase"} <= shown
        await pilot.press("i")
        await pilot.pause()
        assert "Injects are the facilitator's" in notices(app)
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = _help_text(app)
        assert "Adjudicate the next move" not in help_text
        assert "Deliver an inject" not in help_text
        assert "Peek at sealed moves" not in help_text and "Hotwash" not in help_text
        assert "End the session" in help_text
        assert "solo play" in help_text


async def test_the_facilitators_footer_and_help_keep_adjudicate_and_inject(
    data_dir: Path,
) -> None:
    compiled, _ = load_scenario(SECRETS)
    app = make_app(
        scenario_path=SECRETS,
        scenario=compiled,
        session_path=data_dir / "f.jsonl",
        start_on="briefing",
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = {b.binding.action for b in app.screen.active_bindings.values()}
        assert {"adjudicate", "inject"} <= shown
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = _help_text(app)
        assert "Adjudicate the next move" in help_text and "Deliver an inject" in help_text


async def test_solo_undo_stops_at_what_the_computer_and_the_dice_decided(
    data_dir: Path,
) -> None:
    """Given solo play as Blue, its move declared and `n` pressed (Red declared, every move
    rolled), when the player presses u, then nothing is undone and a notice says why; the
    footer dims u. Before, u took back the whole reveal: the player read Red's moves, undid
    its own and declared again knowing them."""
    app = _solo_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        session = app.live.session  # type: ignore[union-attr]
        app.perform(session.advance)  # → declaration
        blue = next(o.move.id for o in session.move_options("blue") if o.available)
        app.perform(lambda: session.declare("blue", blue))
        await pilot.press("n")  # Red declares; the computer adjudicates every move
        await pilot.pause()
        while not isinstance(app.screen, ConsoleScreen):
            app.screen.dismiss(None)
            await pilot.pause()
        assert any(d.by == "computer" for d in session.state.declarations)
        before = list(session.events)
        await pilot.press("u")
        await pilot.pause()
        assert session.events == before
        assert "what the computer and the dice decided stands" in notices(app)
        assert app.check_action("undo", ()) is None  # dimmed, not hidden
