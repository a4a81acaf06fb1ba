"""How a roll's argued reasons read, the same on every surface that says them."""

from __future__ import annotations

import re
from typing import Any

from tabletop.engine.session import Session
from tabletop.engine.wording import describe_roll, reasons_words, roll_text
from tabletop.export import render
from tabletop.scenario.compiled import CompiledScenario
from tests.export.helpers import JOURNAL, header, pending, stamp


def test_argued_reasons_read_as_a_count_not_a_signed_number() -> None:
    """Given the strong reasons argued for and against a move, then the bonus reads
    "+1 for 1 argued reason" (never "+1 for +1 argued reason"), with those against named."""
    assert reasons_words(1, 1, 0) == "+1 for 1 argued reason"
    assert reasons_words(2, 2, 0) == "+2 for 2 argued reasons"
    assert reasons_words(-1, 0, 1) == "-1 for 1 argued reason against"
    assert reasons_words(1, 2, 1) == "+1 for 2 argued reasons for, 1 against"
    assert reasons_words(0, 1, 1) == ""


def _rolled(mini: CompiledScenario) -> tuple[Session, dict[str, Any]]:
    s = Session(mini, 7)
    s.advance()
    s.declare("red", "gamble", reasons_for=["Blue is divided"])
    s.advance()
    roll = s.roll(pending(s, "red"))[-1]
    return s, roll


def test_every_surface_says_the_roll_s_reasons_the_same(mini: CompiledScenario) -> None:
    """Given a dice roll with one strong reason argued for, when the console, the event
    log, the reports (md, html, csv) say it, then each reads "+1 for 1 argued reason"."""
    s, roll = _rolled(mini)
    said = "+1 for 1 argued reason"
    assert said in describe_roll(roll) and said in roll_text(roll)
    events = stamp(s.events)
    for fmt in ("md", "html", "csv"):
        text = re.sub(r"<[^>]+>", "", render(fmt, header(mini), events, mini, journal=JOURNAL))
        assert said in text, fmt
        assert "for +1" not in text and "reasons +1" not in text, fmt
