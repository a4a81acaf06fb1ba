"""The report's debrief: the strengths and areas for improvement recorded, wherever."""

from __future__ import annotations

import json

from tabletop.engine.session import Session
from tabletop.export import render
from tabletop.scenario.compiled import CompiledScenario
from tests.export.helpers import JOURNAL, header, stamp


def _rated(scenario: CompiledScenario) -> Session:
    """A session played to its end whose hotwash rates an objective with a strength and
    an area for improvement, and no note tagged either during play."""
    s = Session(scenario, 7)
    while not s.over:
        s.advance()
    s.rate(
        "calm",
        "S",
        observation="Late but sound.",
        strengths=["Blue called early"],
        improvements=["No common line before the talks"],
    )
    return s


def _debrief(markdown: str) -> str:
    return markdown[markdown.index("## Strengths") : markdown.index("## Participant feedback")]


def test_the_debrief_lists_the_hotwash_strengths_and_improvements(
    mini_eval: CompiledScenario,
) -> None:
    """Given a hotwash that recorded a strength and an area for improvement under an
    objective, when the report is exported, then its debrief lists them (md and html)
    and never says "None recorded" over them; the json holds them under the objective."""
    events = stamp(_rated(mini_eval).events)
    md = render("md", header(mini_eval), events, mini_eval, journal=JOURNAL)
    debrief = _debrief(md)
    assert "None recorded" not in debrief
    assert "- Hotwash, Keep the crisis from escalating to war: Blue called early" in debrief
    assert (
        "- Hotwash, Keep the crisis from escalating to war: No common line before the talks"
        in debrief
    )
    html = render("html", header(mini_eval), events, mini_eval, journal=JOURNAL)
    section = html[html.index('<section id="debrief">') : html.index('id="feedback"')]
    assert "None recorded" not in section
    assert "Blue called early" in section and "No common line before the talks" in section
    data = json.loads(render("json", header(mini_eval), events, mini_eval, journal=JOURNAL))
    calm = next(o for o in data["evaluation"]["objectives"] if o["id"] == "calm")
    assert calm["strengths"] == ["Blue called early"]
    assert calm["improvements"] == ["No common line before the talks"]


def test_the_debrief_says_none_recorded_when_nothing_was(mini_eval: CompiledScenario) -> None:
    """Given a session with no notes and no hotwash, then the debrief says "None recorded"."""
    s = Session(mini_eval, 7)
    while not s.over:
        s.advance()
    md = render("md", header(mini_eval), stamp(s.events), mini_eval, journal=JOURNAL)
    assert _debrief(md).count("None recorded.") == 2
