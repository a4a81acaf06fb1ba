"""A yes-or-no question, with the reason it is asked."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from tabletop.tui.screens.dialog import Dialog


class ConfirmScreen(Dialog[bool]):
    """Dismisses with True for yes, None for no."""

    DEFAULT_CSS = """
    ConfirmScreen .dialog { width: 90; }
    ConfirmScreen #message { height: auto; }
    """

    def __init__(self, title: str, message: str, yes: str, no: str = "Cancel") -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog") as dialog:
            dialog.border_title = Text(self.title_text)
            yield Static(Text(self.message), id="message")
            # Docked: the buttons stay in sight however far the dialog scrolls (80×24).
            with Vertical(classes="dialog-foot"):
                yield Static(id="error", classes="error")
                with Horizontal(classes="buttons"):
                    yield Button(self.yes, variant="warning", id="yes")
                    yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no").focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(None)
