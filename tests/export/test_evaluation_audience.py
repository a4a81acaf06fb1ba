"""The AAR/IP for participants: the evaluation's findings stay with the facilitator."""

from __future__ import annotations

from typing import Any

import pytest

from tabletop.export import render
from tabletop.scenario.compiled import CompiledScenario
from tests.export.helpers import JOURNAL

FINDINGS = (
    "The channel opened, but late",  # a rating's rationale
    "Dr A. Evaluator",  # who observed (also an evaluator named in the details: see below)
    "Agree and rehearse a line",  # an improvement plan item
    "A shorter briefing",  # feedback
    "Open a channel to Red before tension reaches 7",  # a critical task
    "Blue called Red before tension reached 7",  # an observation
)


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv", "ip"])
def test_a_room_report_leaves_the_findings_out(
    fmt: str,
    evaluated_header: dict[str, Any],
    evaluated_events: list[dict[str, Any]],
    evaluated_scenario: CompiledScenario,
) -> None:
    """Given the evaluated session, when exported for the room, then no observation,
    rating rationale, critical task, improvement plan item or feedback is in it, the
    objectives with their capabilities are, and the report says what it leaves out;
    the facilitator's export has every finding (so the test can fail)."""
    room = render(
        fmt,
        evaluated_header,
        evaluated_events,
        evaluated_scenario,
        journal=JOURNAL,
        audience="room",
    )
    everything = render(
        fmt, evaluated_header, evaluated_events, evaluated_scenario, journal=JOURNAL
    )
    for finding in FINDINGS:
        if fmt in ("md", "html", "json"):
            assert finding in everything or finding.replace("'", "&#39;") in everything, finding
        if finding == "Dr A. Evaluator":
            continue  # the evaluators' names are public (the session details)
        assert finding not in room, (fmt, finding)
    if fmt in ("md", "html"):
        assert "Keep the crisis from escalating to war" in room
        assert "Operational Coordination" in room
        assert "kept by the facilitator and the evaluators" in room
        assert "Improvement plan" not in room.split("kept by the facilitator")[1]
