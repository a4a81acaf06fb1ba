"""The console's dialogs, each built once per session and opened again and again.

Why: a facilitator opens the declare, adjudicate, inject and note dialogs dozens of
times a session, and a new Textual screen is composed, mounted and styled widget by
widget on every push: several times what a bare modal costs. A dialog kept here is
installed in the app (Textual keeps an installed screen when it is popped), so opening
it again is `Dialog.reopen` (its fields refilled from the session, its message and
focus as new) and a push of a screen already built. A kind may be narrower than a
dialog class: the app keeps a declare dialog per team (`declare TEAM`), which mostly
shows what it showed last time. A new session, or another player, gets new dialogs
(`clear`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from textual.app import App

    from tabletop.tui.screens.dialog import Dialog

D = TypeVar("D", bound="Dialog[Any]")


class DialogShelf:
    """The dialogs built for the open session, by kind, installed in `app`."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._built: dict[str, tuple[str, Dialog[Any]]] = {}
        """Each kind's dialog and the name it is installed under."""
        self._retired: list[str] = []
        """Names of forgotten dialogs that were still open: uninstalled once closed."""
        self._generation = 0

    def get(
        self, kind: str, build: Callable[[], D], configure: Callable[[D], None] | None = None
    ) -> D:
        """The dialog of `kind`, made new for this opening: built by `build` the first
        time, then reopened; `configure` sets what this opening asks for (before the
        dialog fills its fields). One still on the screen stack (opened from itself,
        say) is left alone: a new one, not kept, is returned instead."""
        self._uninstall_retired()
        kept = self._built.get(kind)
        if kept is not None and kept[1] in self.app.screen_stack:
            dialog = build()  # that one is open: this one is not kept
            if configure is not None:
                configure(dialog)
            return dialog
        if kept is not None:
            reused: D = kept[1]  # type: ignore[assignment]
            if configure is not None:
                configure(reused)
            if not reused.is_mounted:
                return reused  # pushed once but never mounted: it fills itself on mount
            if reused.reusable():
                reused.reopen()
                return reused
            self._retire(kind)
        dialog = build()
        if configure is not None:
            configure(dialog)
        name = f"tabletop-{kind}-{self._generation}"
        self._generation += 1
        self.app.install_screen(dialog, name)
        self._built[kind] = (name, dialog)
        return dialog

    def prepare(self) -> None:
        """Bring the closed dialogs up to date with the session (the app calls this after
        a change, once the console shows it): the work of refilling one (another team's
        catalogue, say) is done while the facilitator reads, not when the dialog opens."""
        stack = self.app.screen_stack
        for _, dialog in self._built.values():
            if dialog.is_mounted and dialog not in stack and dialog.reusable():
                dialog.prepare()

    def clear(self) -> None:
        """Forget the dialogs (a new session, or another player): each is removed once
        off the screen stack, and the next opening builds a new one."""
        for kind in list(self._built):
            self._retire(kind)
        self._uninstall_retired()

    def _retire(self, kind: str) -> None:
        name, _ = self._built.pop(kind)
        self._retired.append(name)

    def _uninstall_retired(self) -> None:
        app = self.app
        for name in list(self._retired):
            if app.is_screen_installed(name):
                dialog = app.get_screen(name)
                if dialog in app.screen_stack:
                    continue  # still open: next time
                app.uninstall_screen(name)
                if dialog.is_mounted:
                    dialog.remove()
            self._retired.remove(name)
