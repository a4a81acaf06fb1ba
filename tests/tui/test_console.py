"""The console's furniture: the log's filter and search, the palette, help, themes,
the footer's bindings, small terminals, and a log of many thousands of events."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import CommandPalette
from textual.widgets import Input, Select

from tabletop.live import LiveSession
from tabletop.tui.screens.console import ConsoleScreen
from tabletop.tui.screens.declare import DeclareScreen
from tabletop.tui.screens.help import HelpScreen
from tabletop.tui.widgets.actors_panel import ActorsPanel
from tabletop.tui.widgets.event_log import EventLog
from tabletop.tui.widgets.state_board import StateBoard

from .helpers import make_app, notices, screen_text


def play_a_turn(live: LiveSession) -> None:
    session = live.session
    session.advance()
    session.declare("red", "mobilise")
    session.declare("blue", "talk")
    session.advance()
    for declaration in session.state.pending():
        session.computer_adjudicate(declaration.seq)
    session.advance()
    session.note("Blue hesitated")
    session.advance()


async def test_filter_and_search_the_log(new_live: Callable[..., LiveSession]) -> None:
    live = new_live()
    play_a_turn(live)
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.screen.query_one(EventLog)
        total = log.row_count
        assert log.entry_count == len(live.session.events)
        await pilot.press("f")
        assert isinstance(app.focused, Input)
        await pilot.press(*"mobilise")
        await pilot.pause()
        assert 0 < log.row_count < total
        assert "filtered:" in screen_text(app)
        app.screen.query_one("#log-search", Input).value = ""
        app.screen.query_one("#log-actor", Select).value = "blue"
        await pilot.pause()
        rows = [log.event_at(r) for r in range(log.row_count)]
        assert all(e is not None for e in rows)
        assert {e["actor"] for e in rows if e and e.get("actor")} == {"blue"}
        app.screen.query_one("#log-actor", Select).clear()
        app.screen.query_one("#log-kind", Select).value = "notes"
        await pilot.pause()
        assert "Note: Blue hesitated" in screen_text(app)
        assert log.row_count == 2  # the turn heading and the note
        # Typing in the search field never triggers the console's keys.
        await pilot.press("n", "d")
        assert live.session.phase == "briefing" and not isinstance(app.screen, DeclareScreen)
        await pilot.press("enter")  # back to the log, the filter kept
        assert app.focused is log and log.filtered
        await pilot.press("f", "escape")  # Escape clears the filter and closes the bar
        await pilot.pause()
        assert app.focused is log
        assert log.row_count == total and not log.filtered


async def test_log_cursor_and_detail(new_live: Callable[..., LiveSession]) -> None:
    live = new_live()
    play_a_turn(live)
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.screen.query_one(EventLog)
        assert log.highlighted_event == live.session.events[-1]
        await pilot.press("home")
        assert log.highlighted_event == live.session.events[0]
        for _ in range(3):
            await pilot.press("down")
        event = log.highlighted_event
        assert event is not None and event["kind"] == "move_declared"
        await pilot.pause()
        assert f"#{event['seq']} · turn 1 · declaration" in screen_text(app)


async def test_palette_runs_actions_and_says_why_not(new_live: Callable[..., LiveSession]) -> None:
    live = new_live()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"declare")
        await pilot.pause(0.3)
        assert "Not now: moves are declared in the declaration phase" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n", "ctrl+p")
        await pilot.press(*"declare a move")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DeclareScreen)


async def test_help_screen(new_live: Callable[..., LiveSession]) -> None:
    app = make_app(live=new_live())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Declare a move" in screen_text(app)
        await pilot.press("end")  # the keys fill a 40-row screen: the guide is below them
        await pilot.pause()
        assert "Running a session" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, ConsoleScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, ConsoleScreen)


async def test_footer_shows_what_applies_now(new_live: Callable[..., LiveSession]) -> None:
    live = new_live()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        footer = app.screen.active_bindings
        assert footer["n"].enabled and not footer["d"].enabled and not footer["a"].enabled
        assert "r" in footer and footer["r"].binding.action.startswith("refused")
        await pilot.press("n")
        await pilot.pause()
        footer = app.screen.active_bindings
        assert footer["d"].enabled and footer["n"].enabled


async def test_themes_and_a_small_terminal(new_live: Callable[..., LiveSession]) -> None:
    live = new_live()
    play_a_turn(live)
    app = make_app(live=live)
    async with app.run_test(size=(80, 24)) as pilot:
        text = screen_text(app)
        assert "Turn 2 of 3" in text and "n Next" in text
        assert app.screen.has_class("-narrow")
        side = app.screen.query_one("#side")
        board = app.screen.query_one(StateBoard)
        # The side panel scrolls to show all of the board.
        side.scroll_end(animate=False)
        await pilot.pause()
        assert "Alert" in screen_text(app)
        assert board.region.bottom <= side.region.bottom
        for theme in ("tabletop-light", "textual-dark"):  # the themes the app offers
            app.theme = theme
            await pilot.pause()
            assert "Turn 2 of 3" in screen_text(app)


async def test_a_log_of_ten_thousand_events(new_live: Callable[..., LiveSession]) -> None:
    live = new_live()
    session = live.session
    for i in range(5_000):
        session.note(f"Note number {i}", "note" if i % 2 else "improvement")
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.screen.query_one(EventLog)
        assert log.entry_count == 5_001
        for i in range(5_000, 10_000):
            session.note(f"Note number {i}")
        app.after_change([])
        await pilot.pause()
        assert log.entry_count == 10_001
        assert log.highlighted_event == session.events[-1]
        assert "Note number 9999" in screen_text(app)
        await pilot.press("f", *"number 4242")
        await pilot.pause()
        assert log.row_count == 2 and "Note number 4242" in screen_text(app)
        # Typing narrows the rows shown; taking a letter back searches them all again.
        await pilot.press("backspace")
        await pilot.pause()
        assert log.row_count == 1 + 11  # the turn's heading; 424 and 4240 to 4249
        await pilot.press("2")
        await pilot.pause()
        assert log.row_count == 2
        await pilot.press("enter", "pageup", "home")
        assert log.highlighted_event is not None


async def test_the_log_cursor_keeps_its_event_through_a_search(
    new_live: Callable[..., LiveSession],
) -> None:
    """Searching puts the cursor on the event it was on, or the next one still shown
    (the last row when none is); Escape shows every row again, the cursor where it was."""
    live = new_live()
    session = live.session
    play_a_turn(live)
    for i in range(30):
        session.note(f"Memo {i} {'even' if i % 2 == 0 else 'odd'}")
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.screen.query_one(EventLog)
        memos = [e for e in session.events if e["kind"] == "note" and "Memo" in e["text"]]
        log.go_to_seq(memos[5]["seq"])  # "Memo 5 odd"
        assert log.highlighted_event == memos[5]
        await pilot.press("f", *"odd")
        await pilot.pause()
        assert log.highlighted_event == memos[5]
        await pilot.press("backspace", "backspace", "backspace", *"even")
        await pilot.pause()
        assert log.highlighted_event == memos[6]  # 5 is not shown: the next one that is
        await pilot.press("escape")
        await pilot.pause()
        assert not log.filtered and log.highlighted_event == memos[6]
        await pilot.press("f", *"memo 29")
        await pilot.pause()
        assert log.highlighted_event == memos[29]
        await pilot.press("backspace", "backspace", *"4 ")  # "memo 4 ": before the cursor
        await pilot.pause()
        assert log.row_count == 2 and log.highlighted_event == memos[4]  # the last row
        await pilot.press("escape")
        await pilot.pause()
        assert log.highlighted_event == memos[4]
        log.go_to_seq(session.events[0]["seq"])
        assert log.cursor == 1  # the row under the first turn's heading


async def test_clearing_a_search_shows_the_cursor_row(
    new_live: Callable[..., LiveSession],
) -> None:
    """A search that leaves a few rows hides the log's scroll bar; clearing it shows every
    row again, scrolled so that the cursor's row is on screen."""
    live = new_live()
    session = live.session
    session.advance()
    for i in range(300):
        session.note(f"Note {i}")
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.screen.query_one(EventLog)
        await pilot.press("up", "f", *"note 25", "escape")
        await pilot.pause()
        event = log.highlighted_event
        assert event is not None and event["text"] == "Note 259"
        top = round(log.scroll_y)
        assert top <= log.cursor < top + log.scrollable_content_region.height
        assert "Note 259" in screen_text(app)


async def test_log_rows_are_drawn_again_when_the_theme_changes(
    new_live: Callable[..., LiveSession],
) -> None:
    """Rows are drawn once and kept through a search; a new theme draws them again."""
    live = new_live()
    play_a_turn(live)
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.screen.query_one(EventLog)
        await pilot.press("home")
        await pilot.pause()

        def row(y: int) -> list[object]:
            return list(log.render_line(y))

        cursor, other = row(0), row(1)
        await pilot.press("f", *"hesitated", "escape", "home")
        await pilot.pause()
        assert app.focused is log and row(0) == cursor and row(1) == other
        app.theme = "tabletop-light"
        await pilot.pause()
        assert row(0) != cursor and row(1) != other


async def test_quit_keeps_everything(new_live: Callable[..., LiveSession]) -> None:
    live = new_live()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "m")
        app.screen.query_one("#text").text = "Before quitting"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s", "ctrl+q")
        await pilot.pause()
    assert live.writer is None  # closed on unmount
    text = live.path.read_text(encoding="utf-8")
    assert "Before quitting" in text and '"phase_changed"' in text
    assert "Undone" not in notices(app)


async def test_briefing_again_from_the_console(new_live: Callable[..., LiveSession]) -> None:
    from textual.widgets import TabbedContent

    from tabletop.tui.screens.briefing import BriefingScreen

    app = make_app(live=new_live())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        assert isinstance(app.screen, BriefingScreen)
        assert "Two actors, three turns." in screen_text(app)
        await pilot.press("a")
        assert app.screen.query_one(TabbedContent).active == "actors-tab"
        assert "Keep tension high" in screen_text(app)
        await pilot.press("c")
        assert "2022-01-03" in screen_text(app)
        assert app.screen.check_action("tab", ("notes",)) is False  # mini has no notes
        await pilot.press("escape")
        assert isinstance(app.screen, ConsoleScreen)


async def test_palette_offers_the_screen_keys_too(data_dir: object) -> None:
    from tabletop.tui.screens.open_file import OpenFileScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p", *"open a file")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OpenFileScreen)


async def test_click_a_log_row(new_live: Callable[..., LiveSession]) -> None:
    live = new_live()
    play_a_turn(live)
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.screen.query_one(EventLog)
        # Row 0 is turn 1's heading, row 1 its first event; +1 for the border.
        await pilot.click(EventLog, offset=(10, 3))
        assert log.cursor == 2
        assert log.highlighted_event == live.session.events[1]


async def test_the_log_cursor_looks_unfocused_while_the_search_has_focus(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the log focused, its cursor row in the focused cursor colour, when the
    search field takes the focus, then the row shows the unfocused cursor colour (as
    Textual's own lists do), and the focused one again when the log has it back."""
    from textual.color import Color

    live = new_live()
    play_a_turn(live)
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.screen.query_one(EventLog)
        log.focus()
        await pilot.press("home")
        await pilot.pause()

        def cursor_colours() -> set[str]:
            y = log.cursor - round(log.scroll_y)
            return {
                segment.style.bgcolor.name
                for segment in log.render_line(y)
                if segment.style is not None and segment.style.bgcolor is not None
            }

        def cursor_style() -> str:
            """The colour the CSS gives the cursor now (blended over the log's own)."""
            colour = log.get_component_rich_style("event-log--cursor").bgcolor
            assert colour is not None
            return str(colour.name)

        focused = Color.parse(app.theme_variables["block-cursor-background"]).hex.lower()
        assert cursor_colours() == {focused} == {cursor_style()}
        await pilot.press("f")
        await pilot.pause()
        assert app.focused is not log
        blurred = cursor_style()
        assert blurred != focused
        assert cursor_colours() == {blurred}
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is log
        assert cursor_colours() == {focused}


async def test_muted_log_text_is_muted_and_the_cursor_row_readable(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given a log with phase changes (muted) under and away from the cursor, then the
    seq numbers and muted rows are drawn in the muted colour the CSS gives them (blended:
    `$text-muted` is translucent), not brighter than the text; and the row under the
    cursor in the cursor's own text colour (`auto`: the most readable on it)."""
    live = new_live()
    play_a_turn(live)
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.screen.query_one(EventLog)
        log.focus()
        await pilot.press("end")
        await pilot.pause()

        def colour(name: str) -> str:
            found = log.get_component_rich_style(f"event-log--{name}").color
            assert found is not None
            return str(found.name)

        def colours(y: int, text: str) -> set[str]:
            return {
                str(s.style.color.name)
                for s in log.render_line(y)
                if text in s.text and s.style is not None and s.style.color is not None
            }

        muted, text = colour("dim"), str(log.rich_style.color.name)  # type: ignore[union-attr]
        assert muted != text
        assert colours(1, "Turn 1 begins") == {muted}  # row 0 is the turn's heading
        assert colours(1, "1 ") == {muted}
        y = log.cursor - round(log.scroll_y)
        on_cursor = {
            str(s.style.color.name)
            for s in log.render_line(y)
            if s.text.strip() and "▌" not in s.text and s.style and s.style.color
        }
        assert on_cursor == {colour("cursor")}


async def test_muted_side_panel_text_is_drawn_in_the_muted_colour_on_every_theme(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given red has declared and blue has not, then on every theme the app offers the
    actors panel draws red's 'declared' in the muted colour its CSS gives (blended:
    `$text-muted` is translucent), never the pure white a partial style made of it (white
    on white on the light theme)."""
    live = new_live()
    live.session.advance()
    live.session.declare("red", "mobilise")
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.screen.query_one(ActorsPanel)
        for theme in ("tabletop-light", "textual-dark"):
            app.theme = theme
            await pilot.pause()
            panel.refresh()
            await pilot.pause()
            muted = panel.get_component_rich_style("actors-panel--muted").color
            assert muted is not None
            drawn = {
                str(s.style.color.name)
                for y in range(panel.size.height)
                for s in panel.render_line(y)
                if "declared" in s.text and s.style is not None and s.style.color is not None
            }
            assert drawn == {str(muted.name)}, theme
            assert str(muted.name) not in ("#ffffff", "#000000"), theme
