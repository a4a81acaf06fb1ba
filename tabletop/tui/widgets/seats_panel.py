"""The room's seats on the facilitator's console: what the teams handed in and is waiting,
and the phase's timer counting down. Shown only while there is something to show."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Static

from tabletop.engine.wording import printable
from tabletop.tui.widgets.timer import TimerLabel


class SeatsPanel(Vertical):
    """Pending submissions (`Russia submitted (sealed)`) and the timer."""

    DEFAULT_CSS = """
    SeatsPanel {
        height: auto;
        border: round $accent 70%;
        border-title-color: $text-accent;
        padding: 0 1;
        display: none;
        &.-shown { display: block; }
        #seats-waiting { height: auto; }
    }
    """

    waiting: reactive[tuple[str, ...]] = reactive((), layout=True)
    """One line per pending submission (the console sets this)."""
    deadline: reactive[str | None] = reactive(None)
    """The phase's timer deadline, or None."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Seats"

    def compose(self) -> ComposeResult:
        yield TimerLabel(id="seats-timer")
        yield Static(id="seats-waiting")

    def _update(self) -> None:
        if not self.is_mounted:
            return
        self.query_one(TimerLabel).deadline = self.deadline
        text = Text()
        for line in self.waiting:
            text.append(f"● {printable(line)}\n")
        if self.waiting:
            text.append("A accepts them all · S reviews each", style="italic")
        waiting = self.query_one("#seats-waiting", Static)
        waiting.update(text)
        waiting.display = bool(self.waiting)
        self.set_class(bool(self.waiting or self.deadline), "-shown")

    def on_mount(self) -> None:
        self._update()

    def watch_waiting(self) -> None:
        self._update()

    def watch_deadline(self) -> None:
        self._update()

    @property
    def text(self) -> str:
        return "\n".join(self.waiting)
