"""A small multi-line field for lists typed one per line (reasons, effects)."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from tabletop.tui.widgets.fields import clean_paste


class LinesField(TextArea):
    """A TextArea for a list of lines; its cursor blinks only when the app says so, and
    its pastes lose their control characters."""

    def __init__(self, *, id: str | None = None, placeholder: str = "", text: str = "") -> None:
        super().__init__(
            text,
            id=id,
            classes="lines",
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            placeholder=placeholder,
        )

    async def _on_paste(self, event: events.Paste) -> None:
        clean_paste(event)  # (Textual then runs TextArea's own handler with the event)

    def on_mount(self) -> None:
        self.cursor_blink = bool(getattr(self.app, "cursor_blink", True))

    @property
    def lines(self) -> list[str]:
        """The non-blank lines, stripped."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]
