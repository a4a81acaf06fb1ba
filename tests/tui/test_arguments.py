"""The adjudicate dialog runs a matrix-game argument: reasons graded strong or weak, the
floor opened for another team's counter-argument, and any move argued on 2d6."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Checkbox, Select

from tabletop.live import LiveSession
from tabletop.tui.screens.adjudicate import AdjudicateScreen
from tabletop.tui.widgets.fields import TextField

from .helpers import make_app, screen_text


async def test_grade_reasons_and_hear_a_counter_argument(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given Red's gamble declared with two reasons, when the facilitator marks one weak,
    opens the floor to Blue's counter-argument and rolls, then the journal holds the
    argument and the grades, and the roll counts 1 strong for and 1 strong against."""
    live = new_live()
    session = live.session
    session.advance()
    session.declare("red", "gamble", reasons_for=["Blue is divided", "Luck favours us"])
    session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("a")
        screen = app.screen
        assert isinstance(screen, AdjudicateScreen)
        assert "+ Blue is divided" in screen_text(app)
        await pilot.click("#floor-button")
        await pilot.pause()
        screen.query_one("#floor-actor", Select).value = "blue"
        screen.query_one("#floor-text", TextField).value = "Our alliance holds"
        await pilot.click("#floor-add")
        await pilot.pause()
        assert session.events[-1]["kind"] == "argument_added"
        assert "− Our alliance holds" in screen_text(app)
        boxes = {box.name: box for box in screen.query(Checkbox)}
        assert set(boxes) == {"for-0", "for-1", "against-0"}
        boxes["for-1"].value = False  # "Luck favours us" is weak
        await pilot.press("ctrl+r")
        await pilot.pause()
        kinds = [e["kind"] for e in session.events[-2:]]
        assert kinds == ["reasons_graded", "dice_rolled"]
        graded, roll = session.events[-2], session.events[-1]
        assert graded["grades_for"] == ["strong", "weak"]
        assert graded["grades_against"] == ["strong"]
        assert (roll["strong_for"], roll["strong_against"]) == (1, 1)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.events[-1]["kind"] == "move_adjudicated"


async def test_a_free_form_move_is_argued_from_the_dialog(
    new_live: Callable[..., LiveSession],
) -> None:
    live = new_live()
    session = live.session
    session.advance()
    session.declare_freeform(
        "blue", "Call a summit", effects=["tension -= 1"], reasons_for=["Both want it"]
    )
    session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("a")
        await pilot.press("ctrl+g")
        await pilot.pause()
        roll = session.events[-1]
        assert roll["kind"] == "dice_rolled" and roll["method"] == "argument"
        assert "The roll gives" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        adjudicated = session.events[-1]
        assert adjudicated["method"] == "argument"
        assert adjudicated["outcome"] == roll["result"]
