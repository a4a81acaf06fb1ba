"""The phase's timer, counting down on the console, a seat and the projector.

The deadline comes from the journal (`timer_set`); each surface reads its own clock once
a second. When the time is up the label says so; the expiry decides nothing by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from tabletop.engine.wording import countdown


def parse_deadline(deadline: str) -> datetime | None:
    """An ISO 8601 UTC deadline from the journal, or None when it is not one."""
    try:
        moment = datetime.fromisoformat(deadline.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def seconds_left(deadline: str, now: datetime) -> float | None:
    moment = parse_deadline(deadline)
    return None if moment is None else (moment - now).total_seconds()


def timer_text(deadline: str | None, now: datetime) -> Text:
    """`⏱ 4:05 left` (bold), `⏱ time is up` (reverse), or nothing without a timer."""
    if not deadline:
        return Text("")
    left = seconds_left(deadline, now)
    if left is None:
        return Text("")
    if left <= 0:
        return Text(" ⏱ time is up ", style="bold reverse")
    style = "bold red" if left <= 60 else "bold"
    return Text(f"⏱ {countdown(left)} left", style=style)


class TimerLabel(Static):
    """Counts down to `deadline` (None: shows nothing), redrawn every second."""

    DEFAULT_CSS = """
    TimerLabel { width: auto; height: 1; }
    """

    deadline: reactive[str | None] = reactive(None)

    def __init__(
        self, *, clock: Callable[[], datetime] | None = None, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.clock = clock or (lambda: datetime.now(UTC))

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)
        self._tick()

    def watch_deadline(self) -> None:
        self._tick()

    def _tick(self) -> None:
        self.update(timer_text(self.deadline, self.clock()))
        self.display = bool(self.deadline)
