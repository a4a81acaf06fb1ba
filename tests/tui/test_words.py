"""Words, not code, in the declare and adjudicate dialogs: every precondition, chance,
effect and outcome reads with the tracks' labels and units, never a track's id or an
operator as the designer wrote it.

The bundled Ukraine scenario: five actors, every adjudication method, chances written
as expressions (`clamp(0.3 + diplomatic_progress * 0.06, 0.1, 0.9)`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from textual.widgets import Select, Static

from tabletop.live import LiveSession
from tabletop.scenario.bundled import resolve_scenario
from tabletop.tui.screens.adjudicate import AdjudicateScreen
from tabletop.tui.screens.declare import DeclareScreen
from tabletop.tui.screens.inject import InjectScreen

from .helpers import make_app, screen_text

UKRAINE = resolve_scenario("ukraine_2022")

CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\+=|-=|\*=|>=|<=|==|!=|\bclamp\(|\bif\(")
"""What code looks like on screen: a snake_case id, an operator, a function call."""


def _code_in(text: str) -> list[str]:
    return CODE.findall(text)


async def test_the_declare_dialog_shows_every_move_in_words(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given every actor's every move in the declare dialog, then what it needs, how it
    is decided (a chance as words), its outcomes' grades and effects read as words: no
    id, no operator; and the chance of NATO's transparency move names its track."""
    live = new_live(scenario=UKRAINE)
    session = live.session
    session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DeclareScreen)
        texts: dict[str, str] = {}
        for actor in live.scenario.actors:
            screen.query_one("#actor", Select).value = actor
            await pilot.pause()
            for option in session.move_options(actor):
                screen._show_info(option)
                texts[option.move.id] = str(screen.query_one("#move-info", Static).render())
        for move, text in texts.items():
            assert not _code_in(text), (move, _code_in(text), text)
        assert (
            "probability: 0.3 + (Diplomatic progress × 0.06) kept within 0.1 to 0.9"
            in (texts["nato_transparency"])
        )
        assert "(yes, and)" in texts["ua_normandy"]  # a grade in words, not `yes_and`
        assert "Needs: Talks under way" in texts["ua_normandy"]
        assert "Limit: once a session; taken 0" in texts["ru_draft_treaties"]  # not "1 time"
        assert "Limit: 4 times a session; taken 0" in texts["ru_press_demands"]


async def test_the_adjudicate_dialog_shows_the_move_in_words(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given a probability move with a chance expression and an automatic one, when they
    are adjudicated, then the list names the methods in words (`automatic`, never `auto`),
    the chance reads with the track's label, and every outcome's effects are listed in
    words, whole (not cut off) at 80×24."""
    live = new_live(scenario=UKRAINE)
    session = live.session
    session.advance()
    session.declare("nato", "nato_transparency")
    auto = next(
        o.move.id
        for o in session.move_options("russia")
        if o.available and o.move.model.adjudication.method == "auto"
    )
    session.declare("russia", auto)
    session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AdjudicateScreen)
        labels = [str(prompt) for prompt, _ in screen._pending_options()]
        assert any(label.endswith("(automatic)") for label in labels), labels
        assert any(label.endswith("(probability)") for label in labels), labels
        for seq in (d.seq for d in session.state.pending()):
            screen.seq = seq
            screen._load()
            await pilot.pause()
            shown = str(screen.query_one("#declaration", Static).render())
            effects = str(screen.query_one("#outcome-effects", Static).render())
            assert not _code_in(shown + effects), (shown, effects)
            move = session.scenario.moves[session.state.declaration(seq).move or ""]
            for number, outcome in enumerate(move.model.outcomes, 1):
                assert f"{number} {outcome.label}: " in effects
            if move.id == "nato_transparency":
                assert "Diplomatic progress × 0.06" in shown
        # The effects are all on the screen once the dialog is scrolled to them.
        dialog = screen.query_one(".dialog")
        dialog.scroll_end(animate=False)
        await pilot.pause()
        last = effects.splitlines()[-1]
        assert last.split(":")[0] in screen_text(app)


async def test_the_inject_dialog_shows_effects_and_triggers_in_words(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the inject dialog on the Ukraine scenario, then every inject's schedule
    (`when Russian troops near Ukraine at least 140,000`) and effects (`Tension
    +1`) read as words, never `tension += 1` or `troops_near_border >= 140000`."""
    live = new_live(scenario=UKRAINE)
    live.session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InjectScreen)
        shown = []
        for inject in live.scenario.injects:
            screen._show_inject(inject)
            shown.append(str(screen.query_one("#inject-info", Static).render()))
        lines = [str(line) for _, line in screen._shown or ()]
        text = "\n".join(shown + lines)
        assert not _code_in(text), _code_in(text)
        assert "Effects: Russian troops near Ukraine +15,000; Tension +1" in text
        assert "when Russian troops near Ukraine at least 140,000" in text
