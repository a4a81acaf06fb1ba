"""Markup in the choices of the forms' dropdowns is shown as written (issue 9.5 again).

A dropdown's option given as a plain string is read as Textual markup: an improvement
plan's issue, a team's counter-offer terms, an objective's description or a team's name
holding `[/]` stopped the app with a MarkupError when the dropdown was drawn, and one
holding `[@click=app.quit]…[/]` drew a link that ran the action when clicked.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Select

from tabletop.live import LiveSession
from tabletop.tui.screens.answer import AnswerScreen
from tabletop.tui.screens.feedback import FeedbackScreen
from tabletop.tui.screens.improvement_plan import ImprovementPlanScreen
from tabletop.tui.screens.note import NoteScreen
from tabletop.tui.screens.observe import ObservationScreen

from .helpers import DATA, make_app, screen_text
from .test_answer import TALKS, offer_made
from .test_markup_literal import MARKUP, click_the_link, hostile

HOSTILE = f"{MARKUP} and [/]"
"""An action link, and a closing tag that closes nothing (a MarkupError when parsed)."""


async def open_select(pilot: object, select: Select[object]) -> None:
    """Open a dropdown, as a click does, so its options are drawn."""
    select.expanded = True
    await pilot.pause()  # type: ignore[attr-defined]


async def test_an_improvement_item_is_listed_as_written(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given an improvement item whose issue holds markup, when the plan opens and its
    item dropdown is opened, then the issue is listed as written and clicking the would-be
    link does nothing."""
    live = new_live("plan.jsonl", scenario=DATA / "mini_eval.toml")
    live.session.end(None)
    live.session.plan_improvement(HOSTILE, "Fix it", owner="J5", due="2026-03-31")
    app = make_app(live=live)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ImprovementPlanScreen)
        await open_select(pilot, app.screen.query_one("#item", Select))
        assert f"1: {HOSTILE}" in screen_text(app)
        await click_the_link(pilot, app)
        assert app.is_running


async def test_a_counter_offer_is_listed_as_written(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given Blue's counter-offer whose terms (typed at a seat, say) hold markup, when the
    facilitator opens the answer dialog for Red, then the terms are shown as written."""
    live = new_live(scenario=TALKS)
    offer_made(live)
    session = live.session
    seq = session.open_offers()[0][0].seq
    session.answer_offer(seq, "blue", "counter", terms=HOSTILE)
    for _ in range(4):  # a counter-offer is answered from the next turn
        session.advance()
    assert session.open_offers()
    app = make_app(live=live)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, AnswerScreen)
        assert HOSTILE in screen_text(app)
        await open_select(pilot, app.screen.query_one("#offer", Select))
        await click_the_link(pilot, app)
        assert app.is_running


async def test_objectives_and_teams_are_listed_as_written(
    tmp_path: Path, new_live: Callable[..., LiveSession]
) -> None:
    """Given a scenario whose objective descriptions and team names hold markup, when the
    note, observation and feedback forms open their dropdowns, then each shows them as
    written."""
    path = tmp_path / "markup.toml"
    path.write_text(hostile(tmp_path).read_text(encoding="utf-8").replace(MARKUP, HOSTILE))
    live = new_live(scenario=path)
    app = make_app(live=live)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        for key, dialog, select in (
            ("m", NoteScreen, "#objective"),
            ("v", ObservationScreen, "#objective"),
            ("v", ObservationScreen, "#team"),
            ("F", FeedbackScreen, "#team"),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, dialog)
            await open_select(pilot, app.screen.query_one(select, Select))
            assert HOSTILE in screen_text(app)
            await click_the_link(pilot, app)
            assert app.is_running
            await pilot.press("escape")  # the dropdown
            await pilot.pause()
            await pilot.press("escape")  # the dialog
            await pilot.pause()
