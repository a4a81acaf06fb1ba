"""The progress bar: on a terminal only, redrawn in place, cleared at the end."""

from __future__ import annotations

import io

from tabletop.sim.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_only_a_terminal_gets_a_bar() -> None:
    assert ProgressBar.wanted(Terminal())
    assert not ProgressBar.wanted(io.StringIO())


def test_the_bar_draws_and_clears() -> None:
    stream = Terminal()
    bar = ProgressBar("simulating mini", stream, delay=0.0)
    bar(50, 200)
    bar(200, 200)
    bar.close()
    text = stream.getvalue()
    assert "simulating mini" in text and "50/200 runs" in text and "200/200 runs" in text
    assert text.endswith("\r\x1b[K")


def test_a_short_run_never_shows_the_bar() -> None:
    stream = Terminal()
    bar = ProgressBar("simulating mini", stream)  # the default delay: half a second
    bar(200, 200)
    bar.close()
    assert stream.getvalue() == ""
