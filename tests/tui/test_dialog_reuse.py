"""The console's dialogs are built once per session and opened again (tui/dialogs.py):
each opening must show what a new dialog would, never what the last one was left with.

Each test opens a dialog, leaves things in it (typed text, another tab or actor, a
refusal, the focus elsewhere), closes it, opens it again and checks it is the same
screen, clean, and current with the session.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.color import Color
from textual.containers import VerticalScroll
from textual.widgets import (
    Checkbox,
    OptionList,
    RadioButton,
    RadioSet,
    Select,
    Static,
    TabbedContent,
    TextArea,
)

from tabletop.engine.session import Session
from tabletop.live import LiveSession
from tabletop.scenario.bundled import resolve_scenario
from tabletop.tui import present
from tabletop.tui.app import TabletopApp
from tabletop.tui.messages import SessionOpened
from tabletop.tui.screens.adjudicate import AdjudicateScreen
from tabletop.tui.screens.declare import DeclareScreen
from tabletop.tui.screens.inject import InjectScreen
from tabletop.tui.screens.note import NoteScreen
from tabletop.tui.widgets.choice_set import ChoiceSet
from tabletop.tui.widgets.fields import TextField

from .helpers import MINI, make_app, screen_text


def _catalogue(screen: DeclareScreen) -> list[tuple[str, bool]]:
    """The declare dialog's moves as listed: (line, can be chosen)."""
    moves = screen.query_one("#moves", OptionList)
    return [
        (str(moves.get_option_at_index(i).prompt), not moves.get_option_at_index(i).disabled)
        for i in range(moves.option_count)
    ]


def _expected_catalogue(session: Session, actor: str) -> list[tuple[str, bool]]:
    """What a new dialog lists for `actor`, from the session."""
    lines = []
    for number, option in enumerate(session.move_options(actor), 1):
        key = str(number % 10) if number <= 10 else " "
        why = "" if option.available else f" — {option.why}"
        lines.append((f"{key} {option.move.model.label}{why}", option.available))
    return lines


def _outcome_buttons(screen: AdjudicateScreen) -> list[RadioButton]:
    """The outcome buttons shown (the set mounted last)."""
    sets = screen.query_one("#outcomes-box").query(RadioSet)
    return list(sets.last().query(RadioButton))


def _error_shown(screen: object) -> bool:
    error = screen.query_one("#error", Static)  # type: ignore[attr-defined]
    return error.has_class("-shown") or bool(str(error.content))


async def test_the_declare_dialog_opened_again_is_clean(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given a declare dialog left on the free-form tab, another actor, reasons typed,
    sealed, a refusal shown and the focus on a button, when it is closed and opened
    again, then it is the same screen showing what a new one would."""
    live = new_live()
    session = live.session
    session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, DeclareScreen) and first.actor == "red"
        new_catalogue = _catalogue(first)
        first.query_one("#actor", Select).value = "blue"
        await pilot.pause()
        first.query_one("#kind", TabbedContent).active = "freeform"
        first.query_one("#ff-narrative", TextField).value = "Walk out of the talks"
        first.query_one("#ff-effects", TextArea).text = "tension += 1"
        first.query_one("#reasons-for", TextArea).text = "They will blink"
        first.query_one("#sealed", Checkbox).value = True
        await pilot.press("ctrl+s")  # a free-form move with no label: refused
        await pilot.pause()
        assert _error_shown(first) and "needs a label" in screen_text(app)
        first.query_one("#cancel").focus()
        await pilot.press("escape", "escape")  # the first asks about the typed text
        await pilot.pause()

        await pilot.press("d")
        await pilot.pause()
        assert app.screen is first and first.ready
        assert first.actor == "red"
        assert _catalogue(first) == new_catalogue
        assert first.query_one("#kind", TabbedContent).active == "catalogue"
        for field in ("#ff-label", "#ff-narrative"):
            assert first.query_one(field, TextField).value == ""
        for area in ("#ff-effects", "#reasons-for", "#reasons-against"):
            assert first.query_one(area, TextArea).text == ""
        assert first.query_one("#sealed", Checkbox).value is False
        assert not _error_shown(first)
        assert not first.query_one("#declared").display
        assert first.focused is first.query_one("#moves", OptionList)
        text = screen_text(app)
        assert "Walk out" not in text and "They will blink" not in text
        assert "needs a label" not in text


async def test_the_move_description_is_whole_in_a_box_that_keeps_its_size(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the declare dialog on Red (Mobilise: one outcome), when the arrows move to
    Gamble (a modifier and two outcomes: a longer description) and Red then declares (the
    dialog goes on to Blue's), then each description is shown whole, in a box whose size
    never changed (declare.tcss fixes it, so it is repainted without a layout), under a
    list as tall as the longest catalogue."""
    live = new_live()
    live.session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DeclareScreen)
        info = dialog.query_one("#move-info", Static)
        size = info.size
        assert "Troops mobilised" in screen_text(app)
        # the list fits the longest catalogue (Red's two moves) and its border
        assert dialog.query_one("#moves", OptionList).outer_size.height == 4
        await pilot.press("down")
        await pilot.pause()
        text = screen_text(app)
        assert "High alert" in text and "It pays off" in text and "It backfires" in text
        assert info.size == size
        await pilot.press("1")  # Red declares Mobilise; on to Blue's dialog
        await pilot.pause()
        blue = app.screen
        assert isinstance(blue, DeclareScreen) and blue.actor == "blue"
        text = screen_text(app)
        assert "Progress" in text and "Stall" in text and "It backfires" not in text
        assert blue.query_one("#move-info", Static).size == size


async def test_the_declare_dialog_follows_the_session_between_openings(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the declare dialog opened once, when a team declares and the declaration
    is undone, then each opening shows the team whose turn it is and its catalogue as
    the session has it now, in that team's own dialog (one per team, each opened again:
    tui/dialogs.py)."""
    live = new_live()
    session = live.session
    session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DeclareScreen)
        assert _catalogue(dialog) == _expected_catalogue(session, "red")
        await pilot.press("1")  # red declares its first move; on to blue's dialog
        await pilot.pause()
        assert [d.actor for d in session.state.declarations] == ["red"]
        blue = app.screen
        assert isinstance(blue, DeclareScreen) and blue is not dialog
        assert blue.actor == "blue" and blue.query_one("#declared").display
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("d")
        await pilot.pause()
        assert app.screen is blue and blue.actor == "blue" and blue.ready
        assert _catalogue(blue) == _expected_catalogue(session, "blue")
        assert not blue.query_one("#declared").display  # this opening declared nothing
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("u")  # red's declaration undone
        await pilot.pause()
        assert not session.state.declarations
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is dialog and dialog.actor == "red"
        assert _catalogue(dialog) == _expected_catalogue(session, "red")
        assert not dialog.query_one("#declared").display


async def test_a_closed_declare_dialog_is_brought_up_to_date_before_it_opens(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the declare dialog closed on blue (red declared), when red's declaration is
    undone from the console, then red's closed dialog already shows red's catalogue as
    it stands now (refilled while the facilitator reads, not on opening), and a digit
    typed as it opens declares red's move and goes on to blue's dialog."""
    live = new_live()
    session = live.session
    session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen  # red's
        assert isinstance(dialog, DeclareScreen) and dialog.actor == "red"
        await pilot.press("1")  # red declares its first move; on to blue's dialog
        await pilot.pause()
        blue = app.screen
        assert isinstance(blue, DeclareScreen) and blue.actor == "blue"
        await pilot.press("escape")
        await pilot.pause()
        assert blue.actor == "blue"  # nothing changed since it closed

        await pilot.press("u")  # red's declaration undone
        await pilot.pause()
        assert not session.state.declarations and dialog not in app.screen_stack
        assert dialog.actor == "red"
        assert _catalogue(dialog) == _expected_catalogue(session, "red")

        red_moves = session.move_options("red")
        number = next(i for i, o in enumerate(red_moves, 1) if o.available and i > 1)
        await pilot.press("d", str(number))
        await pilot.pause()
        assert [(d.actor, d.move) for d in session.state.declarations] == [
            ("red", red_moves[number - 1].move.id)
        ]
        assert app.screen is blue and blue.actor == "blue"
        assert _catalogue(blue) == _expected_catalogue(session, "blue")


async def test_going_round_the_table_each_team_has_its_own_dialog(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given Ukraine's teams, when the facilitator types `d` and three teams' move
    numbers at once (each next team's dialog built meanwhile, the first time), then each
    key declares for its team, a dialog is on screen throughout (never the console
    between teams), the fourth team's dialog lists the three declarations, the focus on
    its moves; and once they are undone, `d` opens the first team's dialog again."""
    live = new_live(scenario=resolve_scenario("ukraine_2022"))
    session = live.session
    session.advance()
    app = make_app(live=live)
    teams = [o.actor for o in session.declare_options() if o.available][:4]
    numbers = [
        next(i for i, o in enumerate(session.move_options(team), 1) if o.available)
        for team in teams[:3]
    ]
    shown: list[object] = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen_change_signal.subscribe(app, shown.append)  # every screen made current
        await pilot.press("d", *(str(n) for n in numbers))
        await pilot.pause()
        assert [d.actor for d in session.state.declarations] == teams[:3]
        fourth = app.screen
        assert isinstance(fourth, DeclareScreen) and fourth.actor == teams[3]
        dialogs = shown[-4:]
        assert all(isinstance(d, DeclareScreen) for d in shown) and len(set(dialogs)) == 4
        lines = str(fourth.query_one("#declared", Static).content).splitlines()
        names = [present.actor_name(session.scenario, team) for team in teams[:3]]
        assert [line.split(":")[0] for line in lines] == [f"✓ {name}" for name in names]
        assert fourth.focused is fourth.query_one("#moves", OptionList)
        await pilot.press("escape")
        await pilot.pause()
        for _ in range(3):
            session.undo()
        app.after_change([])
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is dialogs[0] and app.screen.actor == teams[0]  # type: ignore[attr-defined]
        assert not app.screen.query_one("#declared").display


async def test_a_new_session_gets_new_dialogs(new_live: Callable[..., LiveSession]) -> None:
    """Given a declare dialog built for one session, when another session is opened,
    then its dialog is a new one, listing that session's catalogue."""
    first_live = new_live()
    first_live.session.advance()
    app = make_app(live=first_live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, DeclareScreen)
        await pilot.press("escape")
        await pilot.pause()

        second_live = new_live("second.jsonl", scenario=resolve_scenario("ukraine_2022"))
        second_live.session.advance()
        app.post_message(SessionOpened(second_live))
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        second = app.screen
        assert isinstance(second, DeclareScreen) and second is not first
        assert second.session is second_live.session
        actor = second.actor
        assert actor is not None
        assert _catalogue(second) == _expected_catalogue(second_live.session, actor)
        assert not first.is_attached or first not in app.screen_stack


async def test_the_inject_dialog_opened_again_is_clean(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the inject dialog left on a made-up inject with a title typed, when it is
    opened again, then it is on the scenario's injects with the first highlighted and
    the made-up fields empty; once an inject is delivered, it is no longer listed."""
    live = new_live()
    session = live.session
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, InjectScreen)
        listed = dialog.query_one("#injects", OptionList).option_count
        dialog.query_one("#kind", TabbedContent).active = "adhoc"
        dialog.query_one("#title", TextField).value = "Leaked memo"
        dialog.query_one("#effects", TextArea).text = "tension += 1"
        dialog.query_one("#title", TextField).focus()
        await pilot.pause()
        await pilot.press("escape", "escape")  # the first asks before it drops the text
        await pilot.pause()

        await pilot.press("i")
        await pilot.pause()
        assert app.screen is dialog
        assert dialog.query_one("#kind", TabbedContent).active == "scenario"
        assert dialog.query_one("#title", TextField).value == ""
        assert dialog.query_one("#effects", TextArea).text == ""
        injects = dialog.query_one("#injects", OptionList)
        assert dialog.focused is injects and injects.highlighted == 0
        assert "Leaked memo" not in screen_text(app)

        await pilot.press("ctrl+s")  # deliver the first one waiting
        await pilot.pause()
        delivered = session.state.delivered
        assert len(delivered) == 1
        await pilot.press("i")
        await pilot.pause()
        assert app.screen is dialog
        ids = [injects.get_option_at_index(i).id for i in range(injects.option_count)]
        assert len(ids) == listed - 1 and delivered[0] not in ids


async def test_the_note_dialog_opened_again_is_clean(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the note dialog with "Strength" chosen and text typed, when it is closed
    and opened again, then it is a plain note with no text and the focus on the text,
    and saving records a plain note."""
    live = new_live()
    session = live.session
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteScreen)
        dialog.query_one(ChoiceSet).focus()
        await pilot.press("right")  # the arrows choose: Strength
        await pilot.pause()
        assert dialog.query_one(ChoiceSet).pressed_button.name == "strength"  # type: ignore[union-attr]
        dialog.query_one("#text", TextArea).text = "Red held firm"
        await pilot.press("escape", "escape")  # the first asks before it drops the text
        await pilot.pause()

        await pilot.press("m")
        await pilot.pause()
        assert app.screen is dialog
        tags = dialog.query_one(ChoiceSet)
        assert tags.pressed_button is not None and tags.pressed_button.name == "note"
        assert [b.name for b in tags.query(RadioButton) if b.value] == ["note"]
        text = dialog.query_one("#text", TextArea)
        assert text.text == "" and dialog.focused is text
        await pilot.press("B", "l", "u", "e")
        await pilot.press("ctrl+s")
        await pilot.pause()
        note = session.events[-1]
        assert note["kind"] == "note" and note["text"] == "Blue"
        assert note["tag"] == "note"


async def test_the_adjudicate_dialog_opened_again_is_clean(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the adjudicate dialog with a reason graded weak, an outcome chosen, the
    floor open, an argument and a reason typed and the second move chosen, when it is
    opened again, then it shows the first move waiting with its reasons as on record,
    no outcome chosen, the floor closed and empty and no reason."""
    live = new_live()
    session = live.session
    session.advance()
    session.declare("red", "gamble", reasons_for=["Nerve"])
    session.declare("blue", "talk")
    session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AdjudicateScreen)
        first_seq = session.state.pending()[0].seq
        assert dialog.seq == first_seq
        dialog.query_one(Checkbox).value = False  # "Nerve" graded weak (not recorded)
        _outcome_buttons(dialog)[-1].value = True  # chosen before the roll
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is dialog and dialog.seq == first_seq
        assert [box.value for box in dialog.query(Checkbox)] == [True]  # as on record
        assert [b.value for b in _outcome_buttons(dialog)] == [False, False]

        await pilot.click("#floor-button")
        await pilot.pause()
        dialog.query_one("#floor-text", TextField).value = "Blue is ready"
        dialog.query_one("#reason", TextField).value = "A hunch"
        dialog.query_one("#pending", Select).value = session.state.pending()[1].seq
        await pilot.pause()
        assert dialog.seq != first_seq
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("a")
        await pilot.pause()
        assert app.screen is dialog and dialog.seq == first_seq
        assert dialog.query_one("#pending", Select).value == first_seq
        assert dialog.query_one("#floor-text", TextField).value == ""
        assert not dialog.query_one("#floor-text").display
        assert dialog.query_one("#reason", TextField).value == ""
        assert not _error_shown(dialog)
        assert "Blue is ready" not in screen_text(app) and "A hunch" not in screen_text(app)


async def test_a_theme_chosen_while_a_dialog_is_closed_shows_when_it_opens_again(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the note dialog opened and closed, when the theme changes, then the dialog
    opened again is drawn in the new theme (it was off the screen when it changed)."""
    live = new_live()
    app: TabletopApp = make_app(live=live, theme="textual-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        dialog = app.screen
        box = dialog.query_one(".dialog")
        before = box.styles.background
        await pilot.press("escape")
        await pilot.pause()
        app.theme = "tabletop-light"
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert app.screen is dialog
        surface = Color.parse(app.current_theme.surface or "")
        assert box.styles.background == surface != before


async def test_a_long_move_description_scrolls_in_its_box(
    new_live: Callable[..., LiveSession], tmp_path: Path
) -> None:
    """Given a move whose details run past their 10-line box (a long description), when
    the arrows reach it, then its box scrolls to its last line (before, the fixed box cut
    them off: the last outcomes of two moves of the default scenario were out of reach);
    and back on a short move, the box holds it whole with nothing to scroll."""
    long = "\\n\\n".join(f"Paragraph {n} of the plan." for n in range(1, 16))
    text = MINI.read_text(encoding="utf-8").replace(
        'label = "Mobilise"\n', f'label = "Mobilise"\ndescription = "{long}"\n', 1
    )
    path = tmp_path / "long.toml"
    path.write_text(text, encoding="utf-8")
    live = new_live(scenario=path)
    live.session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DeclareScreen)
        box = dialog.query_one("#move-info-box", VerticalScroll)
        assert box.max_scroll_y > 0 and "Paragraph 15" not in screen_text(app)
        box.scroll_end(animate=False)
        await pilot.pause()
        assert "Paragraph 15" in screen_text(app) and "Troops mobilised" in screen_text(app)
        await pilot.press("down")  # Gamble: fits its box
        await pilot.pause()
        assert box.max_scroll_y == 0 and "It backfires" in screen_text(app)
