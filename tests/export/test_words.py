"""Words, not code, in the reports and the CSV: scores in words with their maximum,
methods and the rules' outcome by name, changes that changed nothing left out.

The bundled Ukraine scenario, one turn played by the computer and ended by the
facilitator as a limited incursion (its scores read `ending`).
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from tabletop.engine.session import Session
from tabletop.export import render
from tabletop.scenario.bundled import resolve_scenario
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario

CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|>=|<=|==|!=|\bif\(")


@pytest.fixture(scope="module")
def ukraine() -> CompiledScenario:
    compiled, _ = load_scenario(resolve_scenario("ukraine_2022"))
    return compiled


@pytest.fixture(scope="module")
def played(ukraine: CompiledScenario) -> Session:
    """Turn 1: an ad-hoc inject that sets Tension to what it is, every team's first
    available move, adjudicated by the rules; then ended."""
    session = Session(ukraine, 11)
    session.advance()
    # Tension already at its start value: a change that changes nothing.
    session.deliver_adhoc("Nothing new", effects=[f"tension = {session.state.values['tension']}"])
    for actor in session.participants():
        option = next(o for o in session.move_options(actor) if o.available)
        session.declare(actor, option.move.id)
    session.advance()
    for declaration in session.state.pending():
        session.computer_adjudicate(declaration.seq)
    session.end("limited_incursion")
    return session


def _section(text: str, title: str) -> str:
    start = text.index(title)
    return text[start : text.index("\n## ", start + 1)]


def test_the_report_gives_scores_in_words_with_their_maximum(
    ukraine: CompiledScenario, played: Session
) -> None:
    """Given an ended session, then each objective's score reads as words (the endings by
    title), never as the expression; each result and total is `x.x / most`."""
    text = render("md", {}, played.events, ukraine)
    objectives = _section(text, "## Actors' objectives")
    assert not CODE.findall(objectives), CODE.findall(objectives)
    assert "| Objective | Weight | Scored as | Score |" in objectives
    assert "| Keep the allies united. | 2 | Western unity ÷ 10 |" in objectives
    assert "1 if the ending is Negotiated de-escalation, else 0 | 0.0 / 2 |" in objectives
    scores = _section(text, "### Scores")
    totals = re.findall(r"\| \*\*(.+?)\*\* \| \*\*total\*\* \| \| \*\*(.+?)\*\* \|", scores)
    assert [name for name, _ in totals] == [a.name for a in ukraine.model.actors]
    for _, total in totals:
        assert re.fullmatch(r"\d+\.\d / \d+", total), total
    assert "Adjudication (automatic, by the computer)" in text
    assert "(auto," not in text


def test_the_csv_describes_in_words_and_lists_only_changes(
    ukraine: CompiledScenario, played: Session
) -> None:
    """Given the same session as CSV, then the ending's row names the actors and their
    totals out of their most, and no effects cell lists a track that did not change."""
    rows = list(csv.DictReader(io.StringIO(render("csv", {}, played.events, ukraine))))
    ended = next(r for r in rows if r["kind"] == "session_ended")
    assert re.search(r"scores: Russia \d\.\d / 10, United States \d\.\d / 10", ended["text"])
    unchanged = [
        (r["seq"], part)
        for r in rows
        for part in r["effects"].split("; ")
        if part and part.split(": ")[1].split(" -> ")[0] == part.split(" -> ")[1]
    ]
    assert not unchanged
    changes = [e for e in played.events if e.get("effects")]
    assert any(before == after for e in changes for _, before, after in e["effects"]), (
        "the session should have a change that changed nothing, for this test to mean it"
    )


def test_a_change_says_a_unit_its_label_names_once(ukraine: CompiledScenario) -> None:
    """Given an inject that moves Russian troops near Ukraine (unit: troops), then the
    Markdown and HTML reports show `100,000 → 115,000`, never `100,000 troops → 115,000
    troops` after a label that already says troops (the table of tracks over time, a
    value per cell, keeps its unit)."""
    session = Session(ukraine, 11)
    session.advance()
    session.deliver_adhoc("More troops", effects=["troops_near_border += 15000"])
    markdown = render("md", {}, session.events, ukraine)
    assert "Effects: Russian troops near Ukraine 100,000 → 115,000." in markdown
    html = render("html", {}, session.events, ukraine)
    assert '<span class="before">100,000</span> → <span class="after">115,000</span>' in html
