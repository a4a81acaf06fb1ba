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


def test_the_answers_to_the_questions_are_in_the_report(
    evaluated_scenario: CompiledScenario, evaluated_header: dict[str, Any]
) -> None:
    """Given Blue's seat answered turn 1's second question, when the report is made for
    the facilitator and for the room, then the answer is under its question in both (the
    answers are the room's own words), and in the JSON's evaluation.questions."""
    import json

    from tabletop.engine.session import Session

    session = Session(evaluated_scenario, 3)
    session.answer(1, "blue", "The foreign minister, and only her", by="seat")
    events = [dict(e) for e in session.events]
    for audience in ("facilitator", "room"):
        md = render("md", evaluated_header, events, evaluated_scenario, audience=audience)
        block = md.split("## Discussion questions")[1]
        assert "- Who speaks for Blue?\n  - *Blue:* The foreign minister, and only her" in block
    doc = json.loads(render("json", evaluated_header, events, evaluated_scenario))
    answers = doc["evaluation"]["questions"][0]["answers"]
    assert answers == [
        {"question": 1, "team": "Blue", "text": "The foreign minister, and only her"}
    ]


@pytest.mark.parametrize("audience", ["room", "blue"])
def test_a_teams_report_links_only_to_an_evaluation_that_says_something(
    audience: str,
    golden_header: dict[str, Any],
    golden_events: list[dict[str, Any]],
    golden_scenario: CompiledScenario,
    evaluated_header: dict[str, Any],
    evaluated_events: list[dict[str, Any]],
    evaluated_scenario: CompiledScenario,
) -> None:
    """Given a team's (or the room's) report, when the scenario sets no exercise
    objectives, then there is no evaluation section nor a link to it (it would say only
    that the findings are left out); when it sets some, the section and its link are
    "Exercise objectives" (it lists them, without ratings), in HTML and Markdown alike.
    The facilitator's report keeps "Evaluation" and "Exercise objectives and ratings"."""
    bare = (golden_header, golden_events, golden_scenario)
    html = render("html", *bare, audience=audience)
    md = render("md", *bare, audience=audience)
    assert 'href="#evaluation"' not in html and 'id="evaluation"' not in html
    assert "Exercise objectives" not in md and "Exercise objectives" not in html
    assert "Exercise objectives and ratings" in render("md", *bare)
    evaluated = (evaluated_header, evaluated_events, evaluated_scenario)
    html = render("html", *evaluated, audience=audience)
    md = render("md", *evaluated, audience=audience)
    assert '<a href="#evaluation">Exercise objectives</a>' in html
    assert "<h2>Exercise objectives</h2>" in html
    assert "## Exercise objectives\n" in md
    assert '<a href="#evaluation">Evaluation</a>' in render("html", *evaluated)
