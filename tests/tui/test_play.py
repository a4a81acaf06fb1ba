"""Running a session in the console: declare → adjudicate → consequences → next turn,
free-form and sealed moves, overrides, undo and redo, injects and notes.

Each test drives the app with Pilot and checks both the session (state and events)
and what the screen shows.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Checkbox, RadioButton, Static, TabbedContent, TextArea

from tabletop.live import LiveSession
from tabletop.tui.screens.adjudicate import AdjudicateScreen
from tabletop.tui.screens.consequences import ConsequencesScreen
from tabletop.tui.screens.declare import DeclareScreen
from tabletop.tui.screens.inject import InjectScreen
from tabletop.tui.screens.note import NoteScreen
from tabletop.tui.widgets.event_log import EventLog
from tabletop.tui.widgets.fields import TextField
from tabletop.tui.widgets.inject_panel import InjectPanel

from .helpers import flat, make_app, notices, screen_text, until


def kinds(live: LiveSession) -> list[str]:
    return [e["kind"] for e in live.session.events]


def journal_lines(live: LiveSession) -> int:
    return len(live.path.read_text(encoding="utf-8").splitlines())


def choose(app, outcome: str) -> None:  # type: ignore[no-untyped-def]
    for radio in app.screen.query(RadioButton):
        if radio.name == outcome:
            radio.value = True
            return
    raise AssertionError(f"no outcome {outcome}")


async def test_declare_adjudicate_consequences_next_turn(
    new_live: Callable[..., LiveSession],
) -> None:
    live = new_live()
    session = live.session
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "BRIEFING" in screen_text(app)
        # Declaring is dimmed in the briefing phase, and says why when pressed.
        assert app.check_action("declare", ()) is None
        await pilot.press("d")
        assert not isinstance(app.screen, DeclareScreen)
        assert "declared in the declaration phase" in notices(app)

        await pilot.press("n")
        assert session.phase == "declaration"
        await pilot.press("d")
        assert isinstance(app.screen, DeclareScreen)
        await pilot.press("ctrl+s")  # Red, the first available move: Mobilise
        await pilot.pause()
        # Round the table: the dialog goes on to Blue, the next team still to declare.
        assert isinstance(app.screen, DeclareScreen)
        assert "✓ Red: Mobilise" in screen_text(app)
        await pilot.press("ctrl+s")  # Blue, the first available move: Talk
        await pilot.pause()
        assert not isinstance(app.screen, DeclareScreen)  # every team has declared
        declared = [(d.actor, d.move) for d in session.state.declarations]
        assert declared == [("red", "mobilise"), ("blue", "talk")]
        text = screen_text(app)
        assert "Red declares “Mobilise”" in text and "Blue declares “Talk”" in text

        await pilot.press("n")
        assert session.phase == "adjudication"
        # n opens the adjudication in order; closed, the console says what waits.
        assert isinstance(app.screen, AdjudicateScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert "2 moves to adjudicate" in screen_text(app)
        # Advancing with moves pending is refused, with the reason.
        assert app.check_action("next_phase", ()) is None
        await pilot.press("n")
        assert session.phase == "adjudication"
        assert "2 moves still to adjudicate" in notices(app)

        await pilot.press("a")
        assert isinstance(app.screen, AdjudicateScreen)
        await pilot.press("ctrl+s")  # auto: the rules give "Troops mobilised"
        await pilot.pause()
        # Decided, its result stays on top and the next move comes up under it.
        text = screen_text(app)
        assert "Troops mobilised" in text and "Tension 3→5" in text
        assert "Blue declared “Talk”" in text
        choose(app, "progress")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Tension 5→3" in screen_text(app)
        await pilot.press("enter")  # Close
        await pilot.pause()
        assert not isinstance(app.screen, AdjudicateScreen)
        assert session.state.values["tension"] == 3

        await pilot.press("n")
        assert session.phase == "consequences"
        assert isinstance(app.screen, ConsequencesScreen)
        assert "Rules that fired" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()

        await pilot.press("n")
        await pilot.pause()
        assert session.turn == 1 and session.phase == "briefing"
        text = screen_text(app)
        assert "Turn 2 of 3" in text
        assert "Morning news" in app.screen.query_one(InjectPanel).text
        assert "Inject: Morning news" in notices(app)
        assert session.state.values["tension"] == 4
    assert journal_lines(live) == len(session.events) + 1


async def test_freeform_move_and_bad_effect(new_live: Callable[..., LiveSession]) -> None:
    live = new_live()
    session = live.session
    session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        assert await until(pilot, lambda: isinstance(app.screen, DeclareScreen))
        screen = app.screen
        screen.query_one(TabbedContent).active = "freeform"
        await pilot.pause()
        await pilot.click("#ff-label")
        await pilot.press(*"Secret talks")
        screen.query_one("#ff-narrative", TextField).value = "A channel opens."
        screen.query_one("#ff-effects", TextArea).text = "tension -= 1\nbogus += 1"
        before = len(session.events)
        await pilot.press("ctrl+s")
        # Refused with the engine's message, shown in the dialog; nothing recorded.
        assert await until(pilot, lambda: "'bogus'" in screen_text(app))
        assert app.screen is screen
        assert len(session.events) == before
        screen.query_one("#ff-effects", TextArea).text = "tension -= 1\n"
        screen.query_one("#reasons-for", TextArea).text = "It worked in 1962\n\n"
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: "✓ Red: Secret talks" in screen_text(app))  # on to Blue
        await pilot.press("escape")
        assert await until(pilot, lambda: app.screen is not screen)
        event = session.events[-1]
        assert event["kind"] == "move_declared" and event["label"] == "Secret talks"
        assert event["freeform"] == {"narrative": "A channel opens.", "effects": ["tension -= 1"]}
        assert event["reasons_for"] == ["It worked in 1962"]
        assert "declares a free-form move: Secret talks" in screen_text(app)

        await pilot.press("n")  # the adjudication opens on the first move
        choose(app, "success")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: "A channel opens." in screen_text(app))
        assert session.state.values["tension"] == 2


async def test_sealed_declaration_hidden_until_adjudication(
    new_live: Callable[..., LiveSession],
) -> None:
    live = new_live()
    session = live.session
    session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        app.screen.query_one("#sealed", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")  # Blue declares nothing this time
        await pilot.pause()
        assert session.state.declarations[0].sealed
        text = screen_text(app)
        assert "Red declares a sealed move" in text
        assert "Mobilise" not in text  # nowhere: not in the log, actors panel or detail
        assert "sealed" in text
        await pilot.press("n", "escape")
        await pilot.pause()
        text = screen_text(app)
        assert "Red declares “Mobilise” (sealed)" in text


async def test_dice_roll_and_override_needs_reason(new_live: Callable[..., LiveSession]) -> None:
    live = new_live()
    session = live.session
    session.advance()
    session.declare("red", "gamble", reasons_for=["Bold moves pay"])
    session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        text = screen_text(app)
        assert "dice: 2d6 against 7" in text
        assert "+1 for 1 argued reason" in text and "needs 6 or more on 2d6: a 72% chance" in text
        await pilot.press("ctrl+r")
        await pilot.pause()
        declaration = session.state.declarations[0]
        roll = declaration.roll
        assert roll is not None and roll["total"] == sum(roll["faces"]) + 1
        natural = session.natural_outcome(declaration)
        other = "lose" if natural == "win" else "win"
        assert f"[{', '.join(str(f) for f in roll['faces'])}]" in screen_text(app)
        await pilot.press("1" if other == "win" else "2")  # the digit keys pick an outcome
        await pilot.pause()
        # Not the rules' outcome: an override, so the focus goes to the reason it needs.
        assert "overrides the rules' outcome" in screen_text(app)
        assert declaration.pending
        assert app.focused is app.screen.query_one("#reason", TextField)
        await pilot.press("ctrl+s")  # refused without a reason: the focus stays there
        await pilot.pause()
        refusal = str(app.screen.query_one("#error", Static).render())
        assert refusal.endswith("is an override: give a reason")
        assert refusal.split()[-1] in screen_text(app)
        labels = {"win": "It pays off", "lose": "It backfires"}
        assert f"“{labels[other]}” instead of “{labels[natural]}”" in refusal  # not ids
        assert declaration.pending
        assert app.focused is app.screen.query_one("#reason", TextField)
        await pilot.press(*"The room argued it down", "enter")
        await pilot.pause()
        event = session.events[-1]
        assert event["kind"] == "move_adjudicated"
        assert event["outcome"] == other and event["natural"] == natural
        assert event["override"] == "The room argued it down"
        assert f"Overrides the rules' outcome ({labels[natural]})" in flat(screen_text(app))
        # The roll was made once and is in the journal.
        assert kinds(live).count("dice_rolled") == 1


async def test_probability_draw(new_live: Callable[..., LiveSession]) -> None:
    live = new_live()
    session = live.session
    session.advance()
    session.declare("blue", "pressure")
    session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        assert "chance now: 30%" in screen_text(app)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "against a chance of 0.30" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not session.state.pending()
        natural = session.events[-1]["natural"]
        assert session.events[-1]["outcome"] == natural


async def test_undo_and_redo(new_live: Callable[..., LiveSession]) -> None:
    live = new_live()
    session = live.session
    session.advance()
    session.declare("red", "mobilise")
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.check_action("redo", ()) is False  # hidden while nothing to redo
        await pilot.press("u")
        await pilot.pause()
        assert session.state.declarations == []
        assert "(undone)" in screen_text(app)
        assert "Undone: Red declares “Mobilise”" in notices(app)
        assert app.check_action("redo", ()) is True
        await pilot.press("r")
        await pilot.pause()
        assert [d.move for d in session.state.declarations] == ["mobilise"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert session.state.declarations == []
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert [d.move for d in session.state.declarations] == ["mobilise"]
        assert kinds(live)[-4:] == ["undo", "redo", "undo", "redo"]
        # Undo the phase change too, then nothing is left but the start.
        for _ in range(5):
            await pilot.press("u")
        await pilot.pause()
        assert session.phase == "briefing" and not session.can_undo()
        await pilot.press("u")
        assert "nothing to undo" in notices(app)


async def test_injects_and_notes(new_live: Callable[..., LiveSession]) -> None:
    live = new_live()
    session = live.session
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        assert isinstance(app.screen, InjectScreen)
        text = screen_text(app)
        assert "A spare inject" in text and "Crisis" in text
        await pilot.press("ctrl+s")  # the first waiting inject: the scheduled "news"
        await pilot.pause()
        assert session.state.delivered == ["news"]
        assert "Inject: Morning news" in notices(app)
        log = app.screen.query_one(EventLog)
        assert log.highlighted_event is not None
        assert log.highlighted_event["kind"] == "inject_delivered"

        await pilot.press("i")
        screen = app.screen
        screen.query_one(TabbedContent).active = "adhoc"
        await pilot.pause()
        screen.query_one("#title", TextField).value = "Leaked memo"
        screen.query_one("#effects", TextArea).text = "tension += [1]"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen and "square brackets are not allowed" in screen_text(app)
        screen.query_one("#effects", TextArea).text = "tension += 1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.events[-1]["title"] == "Leaked memo"
        assert "Leaked memo (made up)" in app.screen.query_one(InjectPanel).text

        await pilot.press("m")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("ctrl+s")  # empty: refused
        await pilot.pause()
        assert "The note is empty" in screen_text(app)
        assert session.events[-1]["kind"] == "inject_delivered"
        app.screen.query_one("#text", TextArea).text = "Blue team [argued] well"
        for radio in app.screen.query(RadioButton):
            radio.value = radio.name == "strength"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.events[-1] == {**session.events[-1], "kind": "note", "tag": "strength"}
        assert "Strength: Blue team [argued] well" in screen_text(app)


async def test_the_hint_line_counts_the_teams_still_to_declare(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the declaration phase of mini (Red and Blue), then the hint line says how many
    teams are still to declare; once every team has declared, it says n opens the
    adjudication, not 'd declares each team's moves' (seen playing the default scenario)."""
    live = new_live()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert "2 teams to declare: d declares their moves; then n." in screen_text(app)
        live.session.declare("red", "mobilise")
        app.revision += 1  # type: ignore[attr-defined]
        await pilot.pause()
        assert "1 team to declare: d declares its move; then n." in screen_text(app)
        live.session.declare("blue", "talk")
        app.revision += 1  # type: ignore[attr-defined]
        await pilot.pause()
        text = screen_text(app)
        assert "Every team has declared: n opens the adjudication." in text
