"""The console's header: the scenario, turn n of N, date, place and phase."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tabletop.tui import present
from tabletop.tui.widgets.styles import component_style

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

    scenario_title: reactive[str] = reactive("")
    seat: reactive[str] = reactive("")
    """Who is at the keyboard: the facilitator, or the actor played solo."""
    where: reactive[str] = reactive("")
    """Turn, date, title and place."""
    phase: reactive[str] = reactive("")

    def show(self, scenario: CompiledScenario, state: State, seat: str = "") -> None:
        """Set the attributes from the session (the console calls this after each change)."""
        turns = scenario.turns
        self.scenario_title = scenario.title
        self.seat = seat
        if 0 <= state.turn < len(turns):
            turn = turns[state.turn]
            parts = [f"Turn {state.turn + 1} of {len(turns)}", turn.date.isoformat(), turn.title]
            if turn.place:
                parts.append(turn.place)
            self.where = " · ".join(parts)
        else:
            self.where = ""
        self.phase = present.PHASE_TITLES.get(state.phase, state.phase)

    @property
    def text(self) -> str:
        """What the header says, as plain text (for tests)."""
        return f"{self.scenario_title} {self.seat}\n{self.phase} {self.where}"

    def render(self) -> Text:
        width = max(1, self.content_region.width)
        title_style = component_style(self, "header-bar--title")
        muted = component_style(self, "header-bar--muted")
        phase = component_style(self, "header-bar--phase")
        first = Text(no_wrap=True, overflow="ellipsis", end="")
        first.append(self.scenario_title, style=title_style)
        if self.seat:
            seat = Text(f"  {self.seat}", style=muted)
            first.truncate(max(1, width - seat.cell_len), overflow="ellipsis")
            first.append_text(seat)
        first.truncate(width, overflow="ellipsis")
        second = Text(no_wrap=True, overflow="ellipsis", end="")
        second.append(f" {self.phase.upper()} ", style=phase)
        second.append(" ")
        second.append(self.where)
        second.truncate(width, overflow="ellipsis")
        return Text("\n").join([first, second])
