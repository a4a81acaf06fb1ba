"""What is pasted into the app's text fields: a paste copied from a terminal or a web page
may carry escape sequences and other control characters, which a note or a move would
record and some screen would one day write to the terminal as they are."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult

from tabletop.tui.widgets.fields import TextField
from tabletop.tui.widgets.lines_field import LinesField

HOSTILE = "Talks \x1b]0;owned\x07resume\x1b[2J at \x9bnoon\u202e\r\nday two"


class Fields(App[None]):
    def compose(self) -> ComposeResult:
        yield TextField(id="one")
        yield LinesField(id="many")


async def test_a_paste_loses_its_control_characters() -> None:
    """Given a text field and a lines field, when a text holding escape sequences, C1 and
    bidi controls is pasted into each, then each holds the text without them (a one-line
    field its lines on one line)."""
    app = Fields()
    async with app.run_test() as pilot:
        one, many = app.query_one("#one", TextField), app.query_one("#many", LinesField)
        one.focus()
        app.post_message(events.Paste(HOSTILE))  # as the terminal driver sends it
        await pilot.pause()
        assert one.value == "Talks ]0;ownedresume[2J at noon day two"
        many.focus()
        app.post_message(events.Paste(HOSTILE))
        await pilot.pause()
        assert many.text == "Talks ]0;ownedresume[2J at noon\nday two"


async def test_a_paste_of_many_lines_into_a_one_line_field_keeps_every_line() -> None:
    """Given a one-line field, when a hard-wrapped paragraph (starting with a blank line,
    as a selection copied from an e-mail often does) is pasted into it, then the field
    holds all of its words on one line: Textual's own field kept the first line only, so
    an inject's text or a hotwash's reason pasted from a document lost all but its first
    line, or all of it, without a word."""
    app = Fields()
    async with app.run_test() as pilot:
        one = app.query_one("#one", TextField)
        one.focus()
        app.post_message(events.Paste("\r\n  Talks resume in Geneva\r\n\r\n  on Monday, at noon."))
        await pilot.pause()
        assert one.value == "Talks resume in Geneva on Monday, at noon."
