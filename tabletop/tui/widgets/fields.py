"""Text fields that follow the app's cursor-blink setting (off in tests and snapshots)."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from tabletop.engine.wording import printable_block


def clean_paste(event: events.Paste) -> None:
    """A pasted text without control characters (a terminal's colours, a web page's bidi
    marks): what is typed into a field is recorded, and its words reach terminals. Run
    before the field's own handler, which then pastes what is left."""
    event.text = printable_block(event.text)


def one_line(text: str) -> str:
    """A pasted text of several lines as one: its non-blank lines, stripped, joined by a
    space (a hard-wrapped paragraph reads as it was written)."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


class TextField(Input):
    """An Input whose cursor blinks only when the app says so, and whose pastes lose
    their control characters and keep all their lines (Textual's Input keeps the first
    line of a paste only: an inject's text pasted from a document lost the rest, or all
    of it when the paste began with a line break)."""

    def _on_paste(self, event: events.Paste) -> None:
        clean_paste(event)
        if "\n" in event.text or "\r" in event.text:
            event.text = one_line(event.text)
        # (Textual then runs Input's own handler with the event)

    def on_mount(self) -> None:
        self.cursor_blink = bool(getattr(self.app, "cursor_blink", True))
