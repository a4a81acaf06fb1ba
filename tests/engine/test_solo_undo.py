"""Solo play: what the computer and the dice decided stands; undo takes back the player's
own moves and notes only. Otherwise a player could undo the end of the declaration phase,
read the computer's sealed moves, and declare again knowing them, or undo a bad roll and
roll again (each roll is drawn for its event's number, which an undo moves on)."""

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


def _solo(scenario: CompiledScenario, player: str) -> Session:
    computer = [a for a in scenario.actors if a != player]
    return Session(scenario, 5, computer=computer, auto_adjudicate=True)


def test_the_end_of_a_solo_declaration_phase_is_not_undone(ukraine: CompiledScenario) -> None:
    """Given solo play as Russia, its move declared and the declaration phase ended (the
    computer declared, every move rolled), when the player undoes, then it is refused with
    the reason and nothing is recorded; the player's own declaration before it could be
    undone, and a note after it can."""
    session = _solo(ukraine, "russia")
    session.advance()
    session.declare("russia", "ru_press_demands")
    assert session.can_undo()  # the player's own declaration, before the reveal
    session.advance()  # the computer declares; every move is adjudicated
    assert any(e.get("by") == "computer" for e in session.events)
    refusal = session.why_not("undo")
    assert refusal is not None and "stands" in refusal.why
    assert not session.can_undo()
    before = list(session.events)
    with pytest.raises(errors.DecidedByChance):
        session.undo()
    assert session.events == before
    session.note("Moscow overplayed its hand")
    assert session.can_undo()
    session.undo()  # the note
    assert not session.can_undo()


def test_a_facilitator_may_still_undo_the_computers_moves(ukraine: CompiledScenario) -> None:
    """Given a facilitated session where the computer plays every team but Russia and the
    facilitator adjudicates, when the declaration phase's end is undone, then it is: the
    facilitator runs the table and the journal keeps the undo as evidence."""
    computer = [a for a in ukraine.actors if a != "russia"]
    session = Session(ukraine, 5, computer=computer)
    assert not session.solo
    session.advance()  # the computer declares at the start of the phase
    assert any(e.get("by") == "computer" for e in session.events)
    assert session.can_undo()
    session.undo()
