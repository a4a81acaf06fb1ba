"""The injects of this turn, newest first, so the room can be read what just arrived."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tabletop.tui import present
from tabletop.tui.widgets.styles import component_style


class InjectPanel(Widget):
    """This turn's injects: title, who delivered it, text and effects."""

    DEFAULT_CSS = """
    InjectPanel {
        height: auto;
        border: round $warning 60%;
        border-title-color: $text-warning;
        padding: 0 1;
        display: none;
        &.-has-injects { display: block; }
        & > .inject-panel--title { text-style: bold; color: $text-warning; }
        & > .inject-panel--muted { color: $text-muted; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"inject-panel--title", "inject-panel--muted"}

    items: reactive[tuple[tuple[str, str, str], ...]] = reactive((), layout=True)
    """(title, text, effects) per inject, newest first (the console sets this)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Injects this turn"

    def watch_items(self, items: tuple[tuple[str, str, str], ...]) -> None:
        self.set_class(bool(items), "-has-injects")

    @property
    def text(self) -> str:
        return self._render_text().plain

    def render(self) -> Text:
        return self._render_text()

    def _render_text(self) -> Text:
        title = component_style(self, "inject-panel--title")
        muted = component_style(self, "inject-panel--muted")
        parts = []
        for name, body, effects in self.items:
            text = Text()
            text.append(name, style=title)
            if body:
                text.append(f"\n{present.reflow(body)}")
            if effects:
                text.append(f"\n{effects}", style=muted)
            parts.append(text)
        return Text("\n\n").join(parts)
