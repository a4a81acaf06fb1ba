"""The participants' average rating reads the same in every export: the report rounds the
exact average half up, as the scores are rounded, never a rounding of a rounding."""

from __future__ import annotations

import json
import re

import pytest

from tabletop.export import render
from tabletop.scenario.compiled import CompiledScenario
from tests.export.helpers import evaluated_session, header


@pytest.mark.parametrize(
    ("more", "forms", "shown", "stored"),
    [
        ((3, 3), 4, "3.3", 3.25),  # 4, 3, 3, 3: a tie; it read 3.2 (round-half-even)
        ((5, 5), 4, "4.3", 4.25),  # 4, 3, 5, 5: it read 4.2
        ((4,), 3, "3.7", 3.67),
        ((), 2, "3.5", 3.5),
    ],
)
def test_the_average_rating_reads_the_same_everywhere(
    mini_eval: CompiledScenario, more: tuple[int, ...], forms: int, shown: str, stored: float
) -> None:
    """Given the helper's two forms (rated 4 and 3) and more, when the session is exported,
    then the report (md and html) says the average rounded half up to one decimal, and the
    JSON keeps it to two."""
    session = evaluated_session(mini_eval)
    for rating in more:
        session.feedback("it worked", "", rating)
    events = session.events
    md = render("md", header(mini_eval), events, mini_eval)
    html = render("html", header(mini_eval), events, mini_eval)
    doc = json.loads(render("json", header(mini_eval), events, mini_eval))
    assert doc["evaluation"]["feedback_average"] == stored
    expected = f"{forms} forms; average rating {shown} out of 5."
    assert expected in md
    assert expected in re.sub(r"<[^>]+>", "", html)


@pytest.mark.parametrize("audience", ["room", "blue", "red"])
def test_a_teams_export_has_no_average_rating(mini_eval: CompiledScenario, audience: str) -> None:
    """Given forms from Blue (rated 4) and from the room (3), when the session is exported
    for a participant audience, then no export gives an average rating: the report leaves
    the feedback out, and so does the JSON (Blue's JSON said feedback_average 4.0, the
    average of its own form, under the name of the session's 3.5)."""
    session = evaluated_session(mini_eval)
    events = session.events
    md = render("md", header(mini_eval), events, mini_eval, audience=audience)
    doc = json.loads(render("json", header(mini_eval), events, mini_eval, audience=audience))
    assert "average rating" not in md
    assert doc["evaluation"]["feedback"] == []
    assert doc["evaluation"]["feedback_average"] is None
