"""The actors panel: each actor's state this turn (to declare, declared, adjudicated)."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tabletop.tui.present import ActorView
from tabletop.tui.widgets.styles import component_style

STATUS_ICONS = {
    "to declare": "○",
    "declared": "◐",
    "to adjudicate": "◐",
    "adjudicated": "●",
    "no move": "·",
    "not this turn": " ",
    "ended": " ",
}


class ActorsPanel(Widget):
    """One or two lines per actor: name, who plays it, status and this turn's moves."""

    DEFAULT_CSS = """
    ActorsPanel {
        height: auto;
        border: round $primary 50%;
        border-title-color: $text-primary;
        padding: 0 1;
        & > .actors-panel--muted { color: $text-muted; }
        & > .actors-panel--pending { color: $text-warning; text-style: bold; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"actors-panel--muted", "actors-panel--pending"}

    views: reactive[tuple[ActorView, ...]] = reactive((), layout=True)
    """Each actor as the panel shows it (attributes down: the console sets this)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Actors"

    @property
    def text(self) -> str:
        return self.render().plain

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(1, self._line_count(width))

    def _line_count(self, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Text:
        width = max(10, self.content_region.width)
        return Text("\n").join(self._lines(width))

    def _lines(self, width: int) -> list[Text]:
        muted = component_style(self, "actors-panel--muted")
        pending = component_style(self, "actors-panel--pending")
        lines: list[Text] = []
        for view in self.views:
            line = Text(no_wrap=True, overflow="ellipsis", end="")
            line.append("▌ ", style=Style(color=view.colour))
            line.append(view.name, style=Style(bold=True) if view.playing else muted)
            if view.controller == "computer":
                line.append(" (computer)", style=muted)
            elif view.controller == "player":
                line.append(" (you)", style=muted)
            status = f"{STATUS_ICONS.get(view.status, '')} {view.status}"
            style = pending if view.status in ("to declare", "to adjudicate") else muted
            room = width - line.cell_len - len(status) - 1
            if room >= 0:
                line.append(" " * (room + 1))
                line.append(status, style=style)
                lines.append(line)
            else:
                line.truncate(width, overflow="ellipsis")
                lines.append(line)
                lines.append(Text(f"  {status}", style=style, no_wrap=True, end=""))
            if view.detail:
                detail = Text(view.detail, style=muted, end="")
                wrapped = detail.wrap(self.app.console, max(4, width - 2), overflow="ellipsis")
                for index, part in enumerate(wrapped):
                    if index == 3:
                        break
                    part.end = ""
                    lines.append(Text("  ", end="") + part)
        if not lines:
            lines.append(Text("No actors", style=muted))
        return lines
