"""The state board: every track's value, a bar within its range, the change since last
turn, and a sparkline of its history.

One widget draws every row as text (bars in eighths, sparklines in blocks), which is a
great deal cheaper than a ProgressBar and a Sparkline widget per track, and it lays
out one line per track when there is room, two when narrow.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tabletop.tui import present
from tabletop.tui.present import TrackView
from tabletop.tui.widgets.styles import component_style

WIDE = 50
SUBTITLE = "Δ since last turn · history"
"""From this content width on, a track takes one line."""


class StateBoard(Widget):
    """The tracks of the scenario, as the facilitator sees them (hidden ones marked)."""

    DEFAULT_CSS = """
    StateBoard {
        height: auto;
        border: round $primary 50%;
        border-title-color: $text-primary;
        border-subtitle-color: $text-muted;
        padding: 0 1;
        & > .state-board--bar { color: $primary; }
        & > .state-board--empty { color: $text-muted; }
        & > .state-board--delta { color: $text-warning; text-style: bold; }
        & > .state-board--spark { color: $text-primary; }
        & > .state-board--muted { color: $text-muted; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "state-board--bar",
        "state-board--empty",
        "state-board--delta",
        "state-board--spark",
        "state-board--muted",
    }

    views: reactive[tuple[TrackView, ...]] = reactive((), layout=True)
    """Each track as the board shows it (attributes down: the console sets this)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "State"
        self.border_subtitle = SUBTITLE

    def watch_views(self, views: tuple[TrackView, ...]) -> None:
        hidden = any(not view.track.visible for view in views)
        self.border_subtitle = f"{SUBTITLE} · ◌ hidden" if hidden else SUBTITLE

    @property
    def text(self) -> str:
        return "\n".join(line.plain for line in self._lines(100))

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(1, len(self._lines(width)))

    def render(self) -> Text:
        return Text("\n").join(self._lines(max(20, self.content_region.width)))

    def _style(self, name: str) -> Style:
        return component_style(self, f"state-board--{name}")

    def _lines(self, width: int) -> list[Text]:
        if not self.views:
            return [Text("No tracks", style=self._style("muted"))]
        spark_width = min(10, max(len(v.history) for v in self.views))
        value_width = min(16, max(len(v.text) for v in self.views))
        delta_width = min(12, max(3, *(len(v.delta) for v in self.views)))
        lines: list[Text] = []
        wide = width >= WIDE
        if wide:
            longest = max(len(self._label_text(v)) for v in self.views)
            rest = value_width + delta_width + spark_width + 4
            label_width = max(12, min(longest, width - rest - 12))
            bar_width = max(4, min(30, width - rest - label_width))
            label_width = max(8, width - rest - bar_width)
            for view in self.views:
                line = self._label(view, label_width)
                line.append(" ")
                line.append(view.text.rjust(value_width)[:value_width])
                line.append(" ")
                line.append_text(self._bar(view, bar_width))
                line.append(" ")
                line.append(view.delta.rjust(delta_width)[:delta_width], style=self._style("delta"))
                line.append(" ")
                line.append_text(self._spark(view, spark_width))
                lines.append(line)
            return lines
        bar_width = max(4, width - delta_width - spark_width - 4)
        for view in self.views:
            value = present.format_value(view.track, view.value, unit=True)
            line = self._label(view, max(4, width - len(value) - 1))
            line.append(" ")
            line.append(value)
            line.truncate(width, overflow="ellipsis")
            lines.append(line)
            second = Text("  ", no_wrap=True, end="")
            second.append_text(self._bar(view, bar_width))
            second.append(" ")
            second.append(view.delta.rjust(delta_width)[:delta_width], style=self._style("delta"))
            second.append(" ")
            second.append_text(self._spark(view, spark_width))
            lines.append(second)
        return lines

    @staticmethod
    def _label_text(view: TrackView) -> str:
        track = view.track
        return track.label if track.visible else f"◌ {track.label}"

    def _label(self, view: TrackView, width: int) -> Text:
        track = view.track
        label = self._label_text(view)
        style = Style(italic=True) + self._style("muted") if not track.visible else None
        text = Text(label, style=style or "", no_wrap=True, overflow="ellipsis", end="")
        text.truncate(width, overflow="ellipsis", pad=True)
        return text

    def _bar(self, view: TrackView, width: int) -> Text:
        if view.frac is None:
            return Text(" " * width)
        fill = present.bar(view.frac, width)
        full = fill.rstrip("░")
        text = Text(full, style=self._style("bar"), end="")
        text.append(fill[len(full) :], style=self._style("empty"))
        return text

    def _spark(self, view: TrackView, width: int) -> Text:
        spark = present.sparkline(view.track, view.history, width)
        return Text(spark.ljust(width), style=self._style("spark"))
