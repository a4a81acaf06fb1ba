"""The console's header: the scenario, turn n of N, date, place and phase."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.widget import Widget

from tabletop.tui import present

if TYPE_CHECKING:
    from tabletop.engine.state import State
    from tabletop.scenario.compiled import CompiledScenario


class HeaderBar(Widget):
    """Two lines: the title (and solo seat), then where the session stands."""

    DEFAULT_CSS = """
    HeaderBar {
        dock: top;
        height: 2;
        background: $panel;
        color: $foreground;
        padding: 0 1;
        & > .header-bar--title { text-style: bold; }
        & > .header-bar--muted { color: $text-muted; }
        & > .header-bar--phase { background: $accent; color: $text; text-style: bold; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "header-bar--phase",
        "header-bar--muted",
        "header-bar--title",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title = ""
        self._seat = ""
        self._where = ""
        self._phase = ""

    def show(self, scenario: CompiledScenario, state: State, seat: str = "") -> None:
        """Update from the session (attributes down: the console calls this)."""
        turns = scenario.turns
        self._title = scenario.title
        self._seat = seat
        if 0 <= state.turn < len(turns):
            turn = turns[state.turn]
            parts = [f"Turn {state.turn + 1} of {len(turns)}", turn.date.isoformat(), turn.title]
            if turn.place:
                parts.append(turn.place)
            self._where = " · ".join(parts)
        else:
            self._where = ""
        self._phase = present.PHASE_TITLES.get(state.phase, state.phase)
        self.refresh()

    @property
    def text(self) -> str:
        """What the header says, as plain text (for tests)."""
        return f"{self._title} {self._seat}\n{self._phase} {self._where}"

    def render(self) -> Text:
        width = max(1, self.content_region.width)
        title_style = self.get_component_rich_style("header-bar--title", partial=True)
        muted = self.get_component_rich_style("header-bar--muted", partial=True)
        phase = self.get_component_rich_style("header-bar--phase", partial=True)
        first = Text(no_wrap=True, overflow="ellipsis", end="")
        first.append(self._title, style=title_style)
        if self._seat:
            seat = Text(f"  {self._seat}", style=muted)
            first.truncate(max(1, width - seat.cell_len), overflow="ellipsis")
            first.append_text(seat)
        first.truncate(width, overflow="ellipsis")
        second = Text(no_wrap=True, overflow="ellipsis", end="")
        second.append(f" {self._phase.upper()} ", style=phase)
        second.append(" ")
        second.append(self._where)
        second.truncate(width, overflow="ellipsis")
        return Text("\n").join([first, second])
