"""A seat's first screen: the team's join code, nothing else about the session.

The code is checked by the app (`SeatApp`), in a worker: after a few wrong codes each
further try waits longer (the wait is shared by every seat of the session, so opening a
new browser tab does not reset it).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from tabletop.tui.messages import JoinRequested
from tabletop.tui.widgets.fields import TextField


class JoinScreen(Screen[None]):
    """Ask for the join code; the app answers with `refused`, `waiting` or a new screen."""

    CSS_PATH = "join.tcss"
    AUTO_FOCUS = "#code"

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="join-box"):
            yield Static("tabletop · team seat", classes="dialog-title")
            yield Static("Type your team's join code (the facilitator gives it to you).")
            yield TextField(placeholder="Join code", password=True, max_length=64, id="code")
            yield Button("Join", variant="primary", id="join")
            yield Static(id="join-error", classes="error")
            yield Static(id="join-status", classes="help-text")

    @on(Input.Submitted, "#code")
    @on(Button.Pressed, "#join")
    def _join(self) -> None:
        field = self.query_one("#code", TextField)
        code = field.value.strip()
        if not code:
            self.refused("Type the code first.")
            return
        field.disabled = True
        self.query_one("#join", Button).disabled = True
        self.query_one("#join-status", Static).update("Checking…")
        self.post_message(JoinRequested(code))

    def refused(self, why: str) -> None:
        """Say why, and ask again."""
        error = self.query_one("#join-error", Static)
        error.update(Text(why))
        error.add_class("-shown")
        self.query_one("#join-status", Static).update("")
        field = self.query_one("#code", TextField)
        field.value = ""
        field.disabled = False
        self.query_one("#join", Button).disabled = False
        field.focus()

    def waiting(self, seconds: float) -> None:
        self.query_one("#join-status", Static).update(
            f"Too many wrong codes: checking in {seconds:.0f} s…"
        )
