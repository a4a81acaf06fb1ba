"""Text fields that follow the app's cursor-blink setting (off in tests and snapshots)."""

from __future__ import annotations

from textual.widgets import Input


class TextField(Input):
    """An Input whose cursor blinks only when the app says so."""

    def on_mount(self) -> None:
        self.cursor_blink = bool(getattr(self.app, "cursor_blink", True))
