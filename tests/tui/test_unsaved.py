"""Text typed into a form is not thrown away by one stray Esc, nor by a save that cannot
record it: the note and observation dialogs, the hotwash and the improvement plan ask
before Esc discards what was typed since they opened (the second Esc closes), and the
hotwash refuses to save words written for an objective left unrated."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import RadioSet, Select

from tabletop.live import LiveSession
from tabletop.tui.screens.console import ConsoleScreen
from tabletop.tui.screens.end import EndScreen
from tabletop.tui.screens.hotwash import HotwashScreen
from tabletop.tui.screens.improvement_plan import ImprovementPlanScreen
from tabletop.tui.screens.note import NoteScreen
from tabletop.tui.screens.observe import ObservationScreen
from tabletop.tui.widgets.fields import TextField
from tabletop.tui.widgets.lines_field import LinesField

from .helpers import DATA, flat, make_app, screen_text
from .test_evaluation import press_radio

MINI_EVAL = DATA / "mini_eval.toml"


async def test_esc_asks_before_it_drops_a_typed_note_or_observation(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the note dialog with words typed in it, when Esc is pressed, then the dialog
    stays, says that Esc again discards them, and the second Esc closes it with nothing
    recorded; an empty note closes at the first Esc; the observation dialog does the
    same (both closed at the first Esc, losing what was typed)."""
    live = new_live("typed.jsonl", scenario=MINI_EVAL)
    events = len(live.session.events)
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        for key, dialog in (("m", NoteScreen), ("v", ObservationScreen)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, dialog)
            await pilot.press(*"Blue hesitated")
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, dialog)
            assert app.screen.query_one("#text", LinesField).text == "Blue hesitated"
            assert "Esc again closes this and discards what you typed" in flat(screen_text(app))
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ConsoleScreen)
            await pilot.press(key)  # opened again: nothing typed, the first Esc closes
            await pilot.pause()
            assert isinstance(app.screen, dialog)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ConsoleScreen)
    assert len(live.session.events) == events


async def test_the_hotwash_keeps_what_was_typed(new_live: Callable[..., LiveSession]) -> None:
    """Given the hotwash after the end, when words are written for an objective left "not
    rated yet" and the ratings saved, then the save is refused saying which objective
    (it dropped the words without a word); when a rating is chosen and Esc pressed, the
    hotwash stays and says Esc again discards; the second Esc skips it."""
    live = new_live("hotwash.jsonl", scenario=MINI_EVAL)
    session = live.session
    app = make_app(live=live)
    async with app.run_test(size=(120, 44)) as pilot:
        await pilot.press("e", "ctrl+s")
        await pilot.pause()
        hotwash = app.screen
        assert isinstance(hotwash, HotwashScreen)
        press_radio(hotwash.query_one("#rating-calm", RadioSet), "S")
        hotwash.query_one("#strengths-warning", LinesField).text = "A statement in time"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is hotwash
        assert session.state.ratings == {}
        assert "Objective 2 has words written but no rating" in flat(screen_text(app))
        hotwash.query_one("#strengths-warning", LinesField).text = ""
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is hotwash  # the S chosen for objective 1 is not thrown away
        assert "Esc again closes this and discards what you typed" in flat(screen_text(app))
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HotwashScreen)
        assert session.state.ratings == {}


async def test_the_improvement_plan_keeps_a_typed_item(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the improvement plan with an issue typed, when Esc is pressed, then the plan
    stays and says so; the second Esc closes it; after a save, one Esc closes it."""
    live = new_live("plan.jsonl", scenario=MINI_EVAL)
    session = live.session
    app = make_app(live=live)
    async with app.run_test(size=(120, 44)) as pilot:
        await pilot.press("e", "ctrl+s")
        await pilot.pause()
        await pilot.press("escape")  # the hotwash, untouched: skipped at once
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        await pilot.press("p")
        await pilot.pause()
        plan = app.screen
        assert isinstance(plan, ImprovementPlanScreen)
        await pilot.press(*"No common line")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is plan
        assert plan.query_one("#issue", TextField).value == "No common line"
        assert "Esc again closes this and discards what you typed" in flat(screen_text(app))
        plan.query_one("#action", TextField).value = "Agree a line in turn 1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.state.improvements[1]["issue"] == "No common line"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)


async def test_an_observation_of_several_lines_keeps_its_indent_in_the_hotwash(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given an observation of two lines, when the hotwash lists it under its objective,
    then its second line is indented under the first's text (it began at the
    screen's edge, read as a text of the form)."""
    live = new_live("observed.jsonl", scenario=MINI_EVAL)
    live.session.observe("Blue called Red\nRed did not answer", "calm", actor="blue")
    app = make_app(live=live)
    async with app.run_test(size=(120, 44)) as pilot:
        await pilot.press("e", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HotwashScreen)
        lines = screen_text(app).splitlines()
        first = next(i for i, line in enumerate(lines) if "Blue called Red" in line)
        column = lines[first].index("Observed: ") + len("Observed: ")
        assert lines[first + 1][:column].strip() == ""
        assert lines[first + 1][column:].startswith("Red did not answer")


async def test_quit_asks_before_it_drops_a_typed_note(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the note dialog with words typed in it, when ctrl+q is pressed, then the app
    stays and says the next ctrl+q discards them, and the second ctrl+q quits; on the
    console, or a dialog with nothing typed, the first ctrl+q quits (it quit at once,
    the note lost)."""
    live = new_live("quit.jsonl", scenario=MINI_EVAL)
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"Red stalled")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, NoteScreen)
        assert "ctrl+q again quits and discards what you typed" in app.notices[-1]
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    app = make_app(live=new_live("quit2.jsonl", scenario=MINI_EVAL))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")  # an observation, nothing typed
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


def test_the_help_says_esc_and_quit_ask_first() -> None:
    """The help's keys table says that Esc and ctrl+q ask before they drop typed text
    (it said "Quit (nothing is lost…)", which a typed note was)."""
    import io

    from rich.console import Console

    from tabletop.tui.screens.help import keys_table

    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(keys_table())
    rows = {line.split()[0]: flat(line) for line in out.getvalue().splitlines() if line}
    assert "with text typed and not saved, it asks first" in rows["esc"]
    assert "with text typed in a form and not saved, it asks first" in rows["ctrl+q"]


async def test_an_objective_that_wraps_stays_beside_its_rating_on_the_end_screen(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given an ended session whose objective description is longer than the screen is
    wide, when the end screen shows the evaluation, then its wrapped line is indented
    under the description, not under the rating's badge (it began at the edge)."""
    live = new_live("ended.jsonl", scenario=MINI_EVAL)
    live.session.end(None)
    app = make_app(live=live)
    async with app.run_test(size=(40, 30)) as pilot:
        await pilot.press("o")  # the outcome
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        lines = screen_text(app).splitlines()
        first = next(i for i, line in enumerate(lines) if "Keep the crisis" in line)
        column = lines[first].index("Keep the crisis")
        assert lines[first + 1][:column].strip() == ""
        assert lines[first + 1][column : column + 1].strip()


async def test_picking_another_plan_item_keeps_the_one_typed(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the improvement plan with an item saved and a new one typed, when the saved
    item is picked to edit, then the plan says the typed item is not saved and keeps it
    (picking filled the fields with the saved item, the typed one gone); picked again,
    the saved item is shown."""
    live = new_live("pick.jsonl", scenario=MINI_EVAL)
    live.session.end(None)
    live.session.plan_improvement("No common line", "Agree a line")
    app = make_app(live=live)
    async with app.run_test(size=(120, 44)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        plan = app.screen
        assert isinstance(plan, ImprovementPlanScreen)
        await pilot.press(*"Late statement")
        plan.query_one("#item", Select).value = 1
        await pilot.pause()
        assert plan.query_one("#issue", TextField).value == "Late statement"
        assert plan.query_one("#item", Select).value == 0  # still the new item
        assert "not saved" in flat(screen_text(app))
        plan.query_one("#item", Select).value = 1
        await pilot.pause()
        assert plan.query_one("#issue", TextField).value == "No common line"


async def test_the_hotwash_says_a_rating_is_not_withdrawn_by_unrating_it(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given an objective rated S, when the hotwash is opened again, set to "not rated
    yet" and saved, then it says the rating stays and how to change it, instead of
    closing as if it were withdrawn (the S stayed in the report without a word)."""
    live = new_live("unrate.jsonl", scenario=MINI_EVAL)
    session = live.session
    session.end(None)
    session.rate("calm", "S")
    app = make_app(live=live)
    async with app.run_test(size=(120, 44)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        hotwash = app.screen
        assert isinstance(hotwash, HotwashScreen)
        press_radio(hotwash.query_one("#rating-calm", RadioSet), "none")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is hotwash
        assert "Objective 1 is rated S" in flat(screen_text(app))
        assert session.state.ratings["calm"]["rating"] == "S"


async def test_esc_asks_before_it_drops_a_typed_declaration(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the declare dialog with reasons typed for a move, when Esc is pressed, then
    the dialog stays and says that Esc again discards them; the second Esc closes it with
    nothing declared. A declaration made clears the form for the next team: the first Esc
    after it closes the dialog at once."""
    live = new_live("declare-typed.jsonl", scenario=MINI_EVAL)
    session = live.session
    session.advance()  # to the declaration phase
    events = len(session.events)
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert type(dialog).__name__ == "DeclareScreen"
        dialog.query_one("#reasons-for", LinesField).focus()
        await pilot.press(*"Show resolve")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is dialog
        assert dialog.query_one("#reasons-for", LinesField).text == "Show resolve"
        assert "Esc again closes this and discards what you typed" in flat(screen_text(app))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        assert len(session.events) == events
        await pilot.press("d")  # opened again: nothing typed, the first Esc closes
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
