"""The base of every modal dialog: escape cancels, refusals show inline."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar

from rich.text import Text
from textual import events, on
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.visual import VisualType
from textual.widgets import Button, Static

from tabletop.tui.messages import SessionChanged
from tabletop.tui.perform import perform
from tabletop.tui.screens.typed import WARNING, TypedGuard

if TYPE_CHECKING:
    from tabletop.engine.events import Event

T = TypeVar("T")


def show(static: Static, content: VisualType) -> None:
    """Show `content` in `static`, unless it shows it already: an update lays the whole
    dialog out again, and a dialog opened again mostly shows what it showed."""
    if static.content != content:
        static.update(content)


class Dialog(ModalScreen[T]):
    """A modal with an `.error` Static (id `error`) for refusals.

    Keys typed while the dialog is still opening are held (`hold`, called by the app)
    and played into it once it has drawn and focused its first field: a facilitator who
    types `d 2 Enter` quickly declares move 2 in the dialog, never on the screen behind.

    A dialog can be opened again once closed (`tui/dialogs.py` keeps the console's,
    since composing and styling them anew took several times a bare modal): `reopen`
    brings it back to what a new one would show, and `reset` (each dialog's own) fills
    its fields from the session; a new dialog runs `reset` when mounted.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False)]

    ASKS_BEFORE_DISCARD: ClassVar[bool] = False
    """Whether Esc, on text typed since the dialog opened, asks first (says so; the next
    Esc closes): set by the dialogs where minutes of typing go (a note, an observation)."""

    def __init__(self) -> None:
        super().__init__()
        self.typed = TypedGuard(self)
        """The fields' text as the dialog opened (see `ASKS_BEFORE_DISCARD`)."""
        self.ready = False
        """Whether the dialog takes keys itself (after its first refresh)."""
        self._held: list[events.Key] = []
        self._reopened = False
        self._closed_with: object = None
        """The app's style rules when this dialog was last closed (see `_resumed`)."""
        self._title: Text | None = None

    def reset(self) -> None:
        """Fill the fields from the session and focus the first, as on a first opening
        (each dialog says how; called on mount and by `reopen`)."""

    def prepare(self) -> None:
        """Refill a closed dialog from the session ahead of its next opening (after a
        change, in idle time: `DialogShelf.prepare`), when what its opening shows does not
        depend on how it is opened; `reopen` still runs `reset`, which then finds little
        to change. By default nothing."""

    def reusable(self) -> bool:
        """Whether `reopen` can bring this dialog back as a new one would be (False: a
        new one is built)."""
        return True

    def reopen(self) -> None:
        """Make a closed dialog new again before it is pushed: not ready (keys typed
        meanwhile are held), no message, the fields as `reset` fills them, scrolled to
        the top. Done before the push, so no frame shows the last opening."""
        self.ready = False
        self._held = []
        self._reopened = True
        self.clear_error()
        self.reset()
        # One box a dialog (query_one: cached; a query walks every widget of the dialog).
        self.query_one(".dialog").scroll_home(animate=False, immediate=True)

    def hold(self, key: events.Key) -> None:
        """Keep a key typed before the dialog was ready, to play it in once it is."""
        self._held.append(events.Key(key.key, key.character))

    @on(events.Mount)
    def _opened(self) -> None:
        # After the subclass's on_mount (handlers run from the subclass up) has asked
        # for its first focus, and after that focus and the first refresh are done.
        self.call_after_refresh(self._become_ready)

    @on(events.ScreenResume)
    def _resumed(self, event: events.ScreenResume) -> None:
        # Opened again (`reopen`): ready once drawn, as on a first opening.
        if not self._reopened:
            return
        self._reopened = False
        self.call_after_refresh(self._become_ready)
        # Textual restyles every widget of a screen it pushes (handlers run from the
        # subclass up, so Screen's own comes after this one and reads the flag): a
        # screen kept off the stack misses a change of theme or of style sheet. When
        # the rules are the very ones this dialog was closed with (any change of theme
        # or sheet parses new ones), its styles are current, and restyling its widgets
        # was the largest part of opening it again.
        if self.app.stylesheet.rules is self._closed_with:
            event.refresh_styles = False

    @on(events.ScreenSuspend)
    def _suspended(self) -> None:
        # Closed (or covered; on the stack a screen is restyled with the others).
        self._closed_with = self.app.stylesheet.rules

    def _become_ready(self) -> None:
        self.ready = True
        if self.ASKS_BEFORE_DISCARD:
            self.typed.remember()  # before the keys held meanwhile, which are typing
        held, self._held = self._held, []
        for key in held:
            self.app.post_message(key)

    def keeps_typed(self) -> bool:
        """Whether Esc must not close the dialog yet: it asks first about text typed since
        it opened (see `ASKS_BEFORE_DISCARD`), and says so."""
        if not (self.ASKS_BEFORE_DISCARD and self.typed.holds()):
            return False
        self.show_error(WARNING)
        return True

    def action_cancel(self) -> None:
        if self.keeps_typed():
            return
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
        if error.has_class("-shown") or error.content:
            error.update("")
            error.remove_class("-shown")

    def set_title(self, title: Text) -> None:
        """The dialog box's title (unchanged: not redrawn)."""
        if title != self._title:
            self._title = title
            self.query_one(".dialog").border_title = title

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
