"""Solo play: the player declares for its own team only; the computer plays the rest."""

from __future__ import annotations

import pytest

from tabletop.engine import errors
from tabletop.engine.session import Session
from tabletop.scenario.bundled import resolve_scenario
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario


@pytest.fixture(scope="module")
def ukraine() -> CompiledScenario:
    compiled, _ = load_scenario(resolve_scenario("ukraine_2022"))
    return compiled


def test_a_solo_player_cannot_declare_for_a_team_the_computer_plays(
    ukraine: CompiledScenario,
) -> None:
    """Given solo play as Ukraine, when a move is declared for Russia (the computer's), then
    it is refused and nothing is recorded; Ukraine's own move is declared as before."""
    computer = [a for a in ukraine.actors if a != "ukraine"]
    session = Session(ukraine, 5, computer=computer, auto_adjudicate=True)
    session.advance()
    refusal = session.why_not("declare", actor="russia")
    assert refusal is not None and "played by the computer" in refusal.why
    before = len(session.events)
    with pytest.raises(errors.PlayedByComputer):
        session.declare("russia", "ru_draft_treaties")
    with pytest.raises(errors.PlayedByComputer):
        session.declare_freeform("usa", "A quiet word")
    assert len(session.events) == before
    assert session.why_not("declare", actor="ukraine") is None
    session.declare("ukraine", "ua_mobilise")


def test_a_facilitator_may_still_declare_for_a_computer_team(ukraine: CompiledScenario) -> None:
    """Given a facilitated session where the computer plays Russia, the facilitator may
    still declare Russia's move (before the computer does, at the declaration phase)."""
    session = Session(ukraine, 5, computer=["russia"])
    assert not session.solo
    assert session._actor_refusal("russia") is None


def test_the_computer_may_still_declare_for_its_own_teams(ukraine: CompiledScenario) -> None:
    """Given solo play as Ukraine, a move declared for Russia by the computer (doctrine, or
    a test forcing its move) is recorded as the computer's."""
    computer = [a for a in ukraine.actors if a != "ukraine"]
    session = Session(ukraine, 5, computer=computer, auto_adjudicate=True)
    session.advance()
    session.declare("russia", "ru_draft_treaties", by="computer")
    session.computer_declare("usa")
    assert {d.actor: d.by for d in session.state.declarations} == {
        "russia": "computer",
        "usa": "computer",
    }
