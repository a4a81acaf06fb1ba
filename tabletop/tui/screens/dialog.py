"""The base of every modal dialog: escape cancels, refusals show inline."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar

from rich.text import Text
from textual import events, on
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tabletop.tui.messages import SessionChanged
from tabletop.tui.perform import perform

if TYPE_CHECKING:
    from tabletop.engine.events import Event

T = TypeVar("T")


class Dialog(ModalScreen[T]):
    """A modal with an `.error` Static (id `error`) for refusals.

    Keys typed while the dialog is still opening are held (`hold`, called by the app)
    and played into it once it has drawn and focused its first field: a facilitator who
    types `d 2 Enter` quickly declares move 2 in the dialog, never on the screen behind.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.ready = False
        """Whether the dialog takes keys itself (after its first refresh)."""
        self._held: list[events.Key] = []

    def hold(self, key: events.Key) -> None:
        """Keep a key typed before the dialog was ready, to play it in once it is."""
        self._held.append(events.Key(key.key, key.character))

    @on(events.Mount)
    def _opened(self) -> None:
        # After the subclass's on_mount (handlers run from the subclass up) has asked
        # for its first focus, and after that focus and the first refresh are done.
        self.call_after_refresh(self._become_ready)

    def _become_ready(self) -> None:
        self.ready = True
        held, self._held = self._held, []
        for key in held:
            self.app.post_message(key)

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
