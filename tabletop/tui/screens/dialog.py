"""The base of every modal dialog: escape cancels, refusals show inline."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tabletop.tui.messages import SessionChanged
from tabletop.tui.perform import perform

if TYPE_CHECKING:
    from tabletop.engine.events import Event

T = TypeVar("T")


class Dialog(ModalScreen[T]):
    """A modal with an `.error` Static (id `error`) for refusals."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False)]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, message: str) -> None:
        error = self.query_one("#error", Static)
        error.update(Text(message[:1].upper() + message[1:]))
        error.add_class("-shown")
        # On a small terminal the dialog scrolls: bring the message into view.
        self.call_after_refresh(error.scroll_visible, animate=False)
        self.app.bell()

    def clear_error(self) -> None:
        error = self.query_one("#error", Static)
        error.update("")
        error.remove_class("-shown")

    def perform(self, command: Callable[[], list[Event]]) -> bool:
        """Run a session command; show its refusal here. True when done.

        The events go up to the app (messages up), which brings the screens up to date.
        """
        events, error = perform(command)
        if error:
            self.show_error(error)
            return False
        self.clear_error()
        self.app.post_message(SessionChanged(events))
        return True


class FormDialog(Dialog[T]):
    """A dialog with a form: an `#ok` button that submits and a `#cancel` that closes."""

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        """Check the form and run its command; subclasses say what that is."""
        raise NotImplementedError
