"""80×24 works: everything the facilitator needs is reachable by keys, focus is seen,
dialog buttons stay in sight, help wraps cleanly; at 120 columns the log's search box
shows what is typed.

The bundled Ukraine scenario (twelve tracks, long injects) is the hard case: its side
panel is several screens tall at 80×24.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Button

from tabletop.live import LiveSession
from tabletop.scenario.bundled import resolve_scenario
from tabletop.tui.app import TabletopApp
from tabletop.tui.screens.help import HelpScreen

from .helpers import make_app, screen_text

UKRAINE = resolve_scenario("ukraine_2022")


async def _tab_to(app: TabletopApp, pilot: object, widget_id: str) -> None:
    """Press Tab (at most eight times) until the widget `widget_id` has the focus."""
    for _ in range(8):
        if app.focused is not None and app.focused.id == widget_id:
            return
        await pilot.press("tab")  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
    raise AssertionError(f"Tab never reached #{widget_id}; the focus is on {app.focused}")


async def test_every_track_and_the_injects_are_reachable_by_keys_at_80x24(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the Ukraine scenario at 80×24 (its side panel taller than the screen), when
    the facilitator Tabs to the side panel and pages down, then every track's label and
    the injects panel come into sight, and the focus is seen: heavy borders and a hint."""
    live = new_live(scenario=UKRAINE)
    live.session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = screen_text(app)
        assert "Injects this turn" not in first  # below the fold: the keys must get there
        await _tab_to(app, pilot, "side")
        seen = screen_text(app)
        assert "┏━ Actors" in seen  # the focused panel's borders turn heavy
        assert "Side: ↑↓ PgUp PgDn scroll it" in seen
        for _ in range(12):
            await pilot.press("pagedown")
            await pilot.pause()
            seen += screen_text(app)
        for track in live.scenario.tracks.values():
            assert track.label[:12] in seen, track.label
        assert "Injects this turn" in seen
        await pilot.press("home")
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        side = app.screen.query_one("#side")
        assert side.max_scroll_y > 0 and side.scroll_offset.y == side.max_scroll_y
        await _tab_to(app, pilot, "log")
        text = screen_text(app)
        assert "┏━ Event log" in text and "┏━ Actors" not in text
        assert "Side:" not in text


async def test_the_log_search_shows_what_is_typed_at_120_columns(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the console at 120×40, when the facilitator searches the log, then the
    words typed are seen whole in the search box (it has a row of its own)."""
    live = new_live(scenario=UKRAINE)
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f", *"Biden and Putin")
        await pilot.pause()
        assert any("▊  Biden and Putin" in line for line in screen_text(app).splitlines())


DIALOG_KEYS = ["d", "i", "m", "v", "D", "F", "h", "p", "e", "t"]


async def test_dialog_buttons_are_in_sight_at_80x24(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the Ukraine scenario at 80×24, when a dialog opens, then all its buttons are
    on the screen without scrolling (docked below whatever scrolls). Every dialog in turn
    on one console, each closed with Escape before the next opens."""
    live = new_live(scenario=UKRAINE)
    live.session.advance()
    events = len(live.session.events)
    app = make_app(live=live)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in DIALOG_KEYS:
            await pilot.press(key)
            for _ in range(100):  # at most 2 s for the dialog to open and lay out
                if app.screen is not app.console_screen and any(
                    b.region.height for b in app.screen.query(Button)
                ):
                    break
                await pilot.pause(0.02)
            await pilot.pause()
            screen = app.screen
            assert screen is not app.console_screen, f"{key} opened nothing"
            buttons = list(screen.query(Button))
            assert buttons, key
            text = screen_text(app)
            for button in buttons:
                region = button.region
                assert region.height > 0 and region.bottom <= 24, (key, button.label)
                assert str(button.label) in text, (key, button.label)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is app.console_screen, f"Escape did not close what {key} opened"
    assert len(live.session.events) == events  # each dialog only opened: nothing recorded


async def test_help_wraps_cleanly_at_80x24(new_live: Callable[..., LiveSession]) -> None:
    """Given the help at 80 columns, then the guide's numbered steps wrap with a hanging
    indent (no line broken after a word and a lone word on the next), and the fast path
    is in it."""
    live = new_live()
    app = make_app(live=live)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = ""
        for _ in range(8):
            text += screen_text(app)
            await pilot.press("pagedown")
            await pilot.pause()
    inner = [line.rstrip(" █▃▄▅▆▇")[2:] for line in text.splitlines()]
    assert {line[:2] for line in inner if line[:2] in ("1.", "2.", "3.", "4.")} == {
        "1.",
        "2.",
        "3.",
        "4.",
    }
    in_step = False
    for line in inner:
        if line[:2] in ("1.", "2.", "3.", "4."):
            in_step = True
        elif not line.strip() or line.startswith(("▀", "▄")):
            in_step = False
        elif in_step:  # a step's next line: indented under its words, not at the margin
            assert line.startswith("   "), line
    flat = " ".join(" ".join(inner).split())
    assert "a move's number declares it" in flat
    assert "x on a declaration in the log withdraws it" in flat


async def test_the_consequences_continue_is_in_sight_at_80x24(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given a Ukraine turn whose five moves are decided, when `n` shows the
    consequences at 80×24 (rules and a long board list), then Continue is on screen."""
    live = new_live(scenario=UKRAINE)
    session = live.session
    session.advance()
    for actor in session.participants():
        option = next(o for o in session.move_options(actor) if o.available)
        session.declare(actor, option.move.id)
    session.advance()
    for declaration in session.state.pending():
        session.computer_adjudicate(declaration.seq)
    app = make_app(live=live)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause(0.2)
        button = app.screen.query_one("#ok", Button)
        assert str(button.label) == "Continue"
        assert button.region.height > 0 and button.region.bottom <= 24
        assert "Continue" in screen_text(app)
