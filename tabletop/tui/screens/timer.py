"""Set the phase's timer: minutes (0 clears it). The console, the seats and the projector
count down to the deadline the journal records; its expiry decides nothing by itself."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from tabletop.seats import iso
from tabletop.tui.screens.dialog import FormDialog
from tabletop.tui.widgets.fields import TextField

if TYPE_CHECKING:
    from tabletop.engine.session import Session

DEFAULT_MINUTES = "5"
MOST_MINUTES = 24 * 60
"""The longest timer the session takes (`Session.set_timer`: 24 hours)."""


def parse_minutes(text: str) -> float | None:
    """`5`, `2.5`, `90s` or `1:30` as minutes; None when it is none of these (`inf` and
    `nan`, which Python reads as numbers, included)."""
    text = text.strip().lower()
    try:
        if text.endswith("s"):
            minutes = float(text[:-1]) / 60
        elif ":" in text:
            whole, seconds = text.split(":", 1)
            minutes = int(whole) + int(seconds) / 60
        else:
            minutes = float(text)
    except (ValueError, OverflowError):
        return None
    return minutes if math.isfinite(minutes) else None


class TimerScreen(FormDialog[bool]):
    """How long the teams have for this phase."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", "Start", show=False)]

    def __init__(self, session: Session, *, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.session = session
        self.clock = clock

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = f"Timer for the {self.session.phase} phase"
            yield Static(
                "Minutes (e.g. 5, 2.5, 1:30, 90s; 0 clears the timer). "
                "Enter or ctrl+s starts, Esc cancels."
            )
            yield TextField(value=DEFAULT_MINUTES, id="minutes")
            yield Static(id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Start", variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one("#minutes").focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        minutes = parse_minutes(self.query_one("#minutes", TextField).value)
        if minutes is None or minutes < 0:
            self.show_error("give the minutes as a number, e.g. 5")
            return
        if minutes > MOST_MINUTES:  # the clock could not add it (past the year 9999)
            self.show_error(f"a timer runs up to 24 hours ({MOST_MINUTES} minutes); 0 clears it")
            return
        seconds = round(minutes * 60)
        deadline = iso(self.clock() + timedelta(seconds=seconds)) if seconds else ""
        if self.perform(lambda: self.session.set_timer(seconds, deadline)):
            self.dismiss(True)
