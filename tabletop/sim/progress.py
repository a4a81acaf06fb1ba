"""A one-line progress bar on stderr, for simulations that take a while.

Shown only when stderr is a terminal, and only once a run has lasted long enough to be
worth it, so short runs, pipes, files and tests never see it.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

DELAY = 0.5
"""Seconds before the bar first appears."""
INTERVAL = 0.1
"""Seconds between redraws at most."""
WIDTH = 30


class ProgressBar:
    """`bar(done, total)` redraws when due; `bar.close()` clears the line."""

    def __init__(self, label: str, stream: TextIO | None = None, *, delay: float = DELAY) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.start = time.monotonic()
        self.delay = delay
        self.last = 0.0
        self.shown = False

    @staticmethod
    def wanted(stream: TextIO | None = None) -> bool:
        stream = stream if stream is not None else sys.stderr
        try:
            return stream.isatty()
        except (AttributeError, ValueError):
            return False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        elapsed = now - self.start
        if elapsed < self.delay or (now - self.last < INTERVAL and done < total):
            return
        self.last = now
        filled = WIDTH * done // max(total, 1)
        bar = "█" * filled + "░" * (WIDTH - filled)
        rate = done / elapsed if elapsed > 0 else 0.0
        left = (total - done) / rate if rate > 0 else 0.0
        text = (
            f"\r{self.label} {bar} {done:,}/{total:,} runs {100 * done // max(total, 1):3d}% "
            f"{rate:,.0f}/s {_duration(left)} left"
        )
        self.stream.write(text + "\x1b[K")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"
