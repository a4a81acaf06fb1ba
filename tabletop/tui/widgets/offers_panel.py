"""The offers waiting for an answer, for the facilitator to put to the addressees."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class OffersPanel(Widget):
    """One line per offer still waiting for an answer; hidden when there is none."""

    DEFAULT_CSS = """
    OffersPanel {
        height: auto;
        border: round $warning 60%;
        border-title-color: $text-warning;
        padding: 0 1;
        display: none;
        &.-has-offers { display: block; }
    }
    """

    lines: reactive[tuple[str, ...]] = reactive((), layout=True)
    """The pending offers, in words (the console sets this)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Offers waiting for an answer (w)"

    def watch_lines(self, lines: tuple[str, ...]) -> None:
        self.set_class(bool(lines), "-has-offers")

    def render(self) -> Text:
        return Text("\n".join(" ".join(line.split()) for line in self.lines))
