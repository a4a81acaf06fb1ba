"""Ask for a scenario file to open (a path; ~ works)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Label, Static

from tabletop.tui.screens.dialog import Dialog
from tabletop.tui.widgets.fields import TextField


class OpenFileScreen(Dialog[Path]):
    """Dismisses with the path typed, or None."""

    DEFAULT_CSS = """
    OpenFileScreen .dialog { width: 80; }
    OpenFileScreen .buttons Static { width: 1fr; padding-top: 1; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog") as dialog:
            dialog.border_title = "Open a scenario file"
            yield Label("Path of a scenario (.toml)", classes="field-label")
            yield TextField(placeholder="path/to/scenario.toml", id="path")
            yield Static(id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Static("Enter: open · Esc: cancel", classes="help-text")
                yield Button("Open", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path").focus()

    @on(TextField.Submitted)
    @on(Button.Pressed, "#ok")
    def _open(self) -> None:
        text = self.query_one("#path", TextField).value.strip()
        if not text:
            self.show_error("type the path of a scenario file (.toml)")
            return
        try:
            path = Path(text).expanduser()
        except RuntimeError:  # `~name` of no user on this machine
            self.show_error(f"{text.split('/', 1)[0]}: no such user's home on this machine")
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
