"""The footer, compact when the terminal is narrow so more keys fit."""

from __future__ import annotations

from textual.widgets import Footer

COMPACT_BELOW = 110


class KeysFooter(Footer):
    """Textual's footer, switching to its compact style below 110 columns."""

    def on_mount(self) -> None:
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        narrow = self.app.size.width < COMPACT_BELOW
        self.compact = narrow
        # ctrl+p still opens the palette; below 100 columns its key gives way to the others.
        self.show_command_palette = self.app.size.width >= 100
