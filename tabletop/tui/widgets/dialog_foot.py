"""The foot every form dialog shares: its error line and its buttons, docked.

Docked so that the buttons stay in sight however far the dialog scrolls (80×24); the
ids (`error`, `ok`, `cancel`) are what the dialogs' handlers and `Dialog.reopen` use.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static
from textual.widgets.button import ButtonVariant


def dialog_foot(
    help_text: str,
    ok: str = "Save",
    cancel: str = "Cancel",
    *,
    variant: ButtonVariant = "primary",
) -> ComposeResult:
    """Yield from a dialog's `compose`: the error line, the keys in words, OK and cancel."""
    with Vertical(classes="dialog-foot"):
        yield Static(id="error", classes="error")
        with Horizontal(classes="buttons"):
            yield Static(help_text, classes="help-text")
            yield Button(ok, variant=variant, id="ok")
            yield Button(cancel, id="cancel")
