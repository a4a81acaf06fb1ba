"""The facilitator's fast path: a full turn for five teams from the keyboard, counted.

The bundled Ukraine scenario, turn 1, five teams each taking a move from the catalogue:
the declare dialog goes round the table (a move's number declares it), `n` opens the
adjudication in order, digits decide a choice, Enter rolls and then takes the rules'
outcome, and `n` after the last result goes on to the consequences. Keys typed while a
dialog is still opening reach that dialog, never the screen behind.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events

from tabletop.engine.session import Session
from tabletop.live import LiveSession
from tabletop.scenario.bundled import resolve_scenario
from tabletop.tui.app import TabletopApp
from tabletop.tui.screens.adjudicate import AdjudicateScreen
from tabletop.tui.screens.confirm import ConfirmScreen
from tabletop.tui.screens.consequences import ConsequencesScreen
from tabletop.tui.screens.declare import DeclareScreen
from tabletop.tui.widgets.event_log import EventLog

from .helpers import make_app, screen_text

UKRAINE = resolve_scenario("ukraine_2022")
TURN = [  # (team, how the move it takes is decided): a mix of every method
    ("russia", "argument"),
    ("usa", "dice"),
    ("ukraine", "auto"),
    ("nato", "probability"),
    ("eu", "argument"),
]


def _pick(session: Session, team: str, method: str) -> tuple[int, str]:
    """(the number in the team's list, the move) of its first available move decided by
    `method` (the scenario's catalogue grows; the test keeps to what it means)."""
    options = session.move_options(team)
    for number, option in enumerate(options[:10], 1):
        if option.available and option.move.model.adjudication.method == method:
            return number, option.move.id
    raise AssertionError(f"{team} has no available {method} move in its first ten")


KEYS_BEFORE = 33
"""The same turn on the console before the fast path (d, arrows, Ctrl+S per team; n, a;
roll, decide and Next per move; n): measured by the same script on the old console."""


def _second_available(session: Session, team: str) -> tuple[int, str]:
    """(number, move) of the team's second move that can be declared now."""
    available = [
        (n, o.move.id) for n, o in enumerate(session.move_options(team)[:9], 1) if o.available
    ]
    return available[1]


async def _until(pilot: object, done: Callable[[], bool]) -> None:
    """Wait (at most 5 s) for what typed-ahead keys lead to."""
    for _ in range(50):
        if done():
            return
        await pilot.pause(0.1)  # type: ignore[attr-defined]


async def _press(app: TabletopApp, pilot: object, keys: list[str], *key: str) -> None:
    keys.extend(key)
    await pilot.press(*key)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_a_full_turn_for_five_teams_in_twenty_keys_or_fewer(
    new_live: Callable[..., LiveSession],
) -> None:
    live = new_live(scenario=UKRAINE)
    session = live.session
    session.advance()  # the briefing read: declarations open
    app = make_app(live=live)
    keys: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _press(app, pilot, keys, "d")
        assert isinstance(app.screen, DeclareScreen)
        for team, method in TURN:
            assert app.screen.actor == team
            number, move = _pick(session, team, method)
            await _press(app, pilot, keys, str(number % 10))  # the move's number declares it
            assert session.state.declarations[-1].move == move
        assert not isinstance(app.screen, DeclareScreen)  # closed after the last team

        await _press(app, pilot, keys, "n")
        assert session.phase == "adjudication" and isinstance(app.screen, AdjudicateScreen)
        for team, method in TURN:
            declaration = session.state.pending()[0]
            assert declaration.actor == team
            if method == "choice":
                await _press(app, pilot, keys, "1")
            elif method == "auto":
                await _press(app, pilot, keys, "enter")  # Decide: the rules' outcome
            else:
                await _press(app, pilot, keys, "enter")  # Roll (or draw)
                assert session.state.declaration(declaration.seq).roll is not None
                await _press(app, pilot, keys, "enter")  # Decide: what the roll gives
            assert not session.state.declaration(declaration.seq).pending
        assert not session.state.pending()
        await _press(app, pilot, keys, "n")
        assert session.phase == "consequences"
        assert isinstance(app.screen, ConsequencesScreen)
    decided = [e for e in session.events if e["kind"] == "move_adjudicated"]
    assert [e["actor"] for e in decided] == [t[0] for t in TURN]
    assert all(not e.get("override") for e in decided)
    assert len(keys) <= 20, keys
    assert len(keys) == 17  # d, 5 numbers, n, 9 to adjudicate (2 per roll, 1 auto), n


async def test_keys_typed_while_the_declare_dialog_opens_go_to_it(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the console, when `d` and `2` arrive at once (a quick typist: no pause for
    the dialog to open), then move 2 is declared in the dialog; and `d`, Down, Enter
    declares move 2 of the next team (the Down went to the dialog, not the log behind)."""
    live = new_live(scenario=UKRAINE)
    session = live.session
    session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        number, second = _second_available(session, "russia")
        for key, character in (("d", "d"), (str(number), str(number))):
            app.post_message(events.Key(key, character))
        await _until(pilot, lambda: bool(session.state.declarations))
        assert isinstance(app.screen, DeclareScreen)
        assert [(d.actor, d.move) for d in session.state.declarations] == [("russia", second)]
        await pilot.press("escape")
        await pilot.pause()
        usa_second = _second_available(session, "usa")[1]
        for key, character in (("d", "d"), ("down", None), ("enter", "\r")):
            app.post_message(events.Key(key, character))
        await _until(pilot, lambda: len(session.state.declarations) == 2)
        assert session.state.declarations[-1].move == usa_second
        await pilot.press("escape")
        await pilot.pause()


async def test_enter_typed_quickly_decides_move_after_move(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given a dice move and then an automatic one waiting, when the facilitator rolls and
    then types Enter, Enter at once (no pause between), then both moves are decided: the
    second Enter, on the same Decide button, is not lost to the button's press effect."""
    live = new_live(scenario=UKRAINE)
    session = live.session
    session.advance()
    for team, method in (("usa", "dice"), ("ukraine", "auto")):
        session.declare(team, _pick(session, team, method)[1])
    session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AdjudicateScreen)
        await pilot.press("enter")  # roll the dice move
        await pilot.pause()
        for _ in range(2):
            app.post_message(events.Key("enter", "\r"))
        await _until(pilot, lambda: not session.state.pending())
        assert not session.state.pending()


async def test_n_with_no_move_declared_asks_first(new_live: Callable[..., LiveSession]) -> None:
    """Given no team has declared, when `n` is pressed, then the console asks before
    going on to adjudication; "stay" keeps the declaration phase, "go on" leaves it."""
    live = new_live()
    session = live.session
    session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "No team has declared a move this turn" in screen_text(app)
        await pilot.press("enter")  # the focused button: stay and declare
        await pilot.pause()
        assert session.phase == "declaration"
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#yes").press()  # type: ignore[attr-defined]
        await pilot.pause()
        assert session.phase == "adjudication"


async def test_closing_a_result_with_escape_keeps_the_keys(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the last result shown, when Esc closes it, then the footer still offers the
    console's keys and the next `n` goes on to the consequences."""
    live = new_live()
    session = live.session
    session.advance()
    session.declare("red", "mobilise")
    session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not session.state.pending()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AdjudicateScreen)
        assert "n Next" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert session.phase == "consequences"


async def test_the_arrows_choose_a_note_s_tag(new_live: Callable[..., LiveSession]) -> None:
    """Given the note dialog, when the facilitator goes back to the tag with Shift+Tab,
    presses Right and types the note, then it is saved as a strength, not a note."""
    live = new_live()
    session = live.session
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("shift+tab")
        while app.focused is not None and app.focused.id != "tag":
            await pilot.press("shift+tab")
        await pilot.press("right", "tab")
        await pilot.press(*"Clear roles")
        await pilot.press("ctrl+s")
        await pilot.pause()
    note = session.events[-1]
    assert note["kind"] == "note" and note["text"] == "Clear roles"
    assert note["tag"] == "strength"


async def test_any_declaration_can_be_withdrawn_from_the_log(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given Red and then Blue declared, when the facilitator highlights Red's (not the
    last) declaration in the log and presses `x`, then, confirmed, it is withdrawn (an
    event) and Red can declare again."""
    live = new_live()
    session = live.session
    session.advance()
    red = session.declare("red", "gamble")[0]["seq"]
    session.declare("blue", "talk")
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one(EventLog).go_to_seq(red)
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Withdraw Red's “Gamble”?" in screen_text(app)
        app.screen.query_one("#yes").press()  # type: ignore[attr-defined]
        await pilot.pause()
        assert [d.move for d in session.state.declarations] == ["talk"]
        assert session.events[-1]["kind"] == "move_withdrawn"
        assert "Red withdraws “Gamble”" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        assert app.screen.actor == "red"  # type: ignore[attr-defined]
