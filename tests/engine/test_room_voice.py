"""The room's voice and the clock, one test per mechanism (given / when / then): a team
argues for or against another team's move, answers a discussion question, gets a
submission back; the facilitator sets a timer, and its expiry decides nothing.

Scenarios: tests/data/mini.toml (Red: mobilise auto, gamble 2d6 ≥ 7; Blue: talk, choice;
pressure, probability) and mini_eval.toml (the same, with discussion questions).
"""

from __future__ import annotations

import pytest

from tabletop.engine import errors
from tabletop.engine.audience import view
from tabletop.engine.options import argue_refusal
from tabletop.engine.replay import replay
from tabletop.engine.session import Session
from tabletop.scenario.compiled import CompiledScenario

DEADLINE = "2026-01-10T09:05:00Z"


def declared(session: Session, actor: str, move: str, **kw: object) -> int:
    return session.declare(actor, move, **kw)[0]["seq"]  # type: ignore[arg-type]


def test_a_seat_argues_only_when_the_floor_is_open(mini: CompiledScenario) -> None:
    """Given Red's declared gamble, then a team may argue about it in the adjudication
    phase only, not about its own move, not while sealed, and not once rolled."""
    session = Session(mini, seed=3)
    session.advance()
    seq = declared(session, "red", "gamble", sealed=True)
    assert "adjudication phase" in why(session, seq, "blue")
    session.advance()
    assert "its own move" in why(session, seq, "red")
    assert "sealed" in why(session, seq, "blue")
    session.reveal(seq)
    assert why(session, seq, "blue") == ""
    event = session.add_argument(seq, "blue", "against", "Bluff", by="seat", submission="b-2")[0]
    assert (event["by"], event["submission"]) == ("seat", "b-2")
    session.roll(seq)
    assert "rolled already" in why(session, seq, "blue")


def why(session: Session, seq: int, actor: str) -> str:
    refusal = argue_refusal(session.scenario, session.state, seq, actor)
    return refusal.why if refusal else ""


def test_a_team_answers_a_discussion_question(mini_eval: CompiledScenario) -> None:
    """Given turn 1's questions, when Blue answers the second, then the answer is journaled
    with the question as asked; a question the turn lacks is refused."""
    session = Session(mini_eval, seed=1)
    event = session.answer(1, "blue", "The foreign minister", by="seat", submission="b-1")[0]
    assert event["prompt"] == "Who speaks for Blue?"
    assert (event["actor"], event["text"], event["submission"]) == (
        "blue",
        "The foreign minister",
        "b-1",
    )
    with pytest.raises(errors.ActionError, match="no discussion question 3"):
        session.answer(2, "blue", "x")
    with pytest.raises(errors.EmptyText):
        session.answer(0, "blue", "   ")


def test_a_returned_submission_is_its_team_s_alone(mini: CompiledScenario) -> None:
    """Given a submission returned to Red with a reason, then Red's view and the
    facilitator's show it, Blue's and the room's do not."""
    session = Session(mini, seed=1)
    session.return_submission("red", "red-abc", "Say who signs it", what="Mobilise")
    for who, sees in (("facilitator", True), ("red", True), ("blue", False), ("room", False)):
        seen = view(mini, session.events, who)
        assert any("Say who signs it" in line.text for line in seen.log) is sees, who
    with pytest.raises(errors.EmptyText):
        session.return_submission("red", "red-abc", " ")


def test_a_declaration_from_a_seat_names_its_submission(mini: CompiledScenario) -> None:
    """Given a seat's declaration accepted, then the event says by whom and which
    submission it was; a facilitator's declaration has no such field."""
    session = Session(mini, seed=1)
    session.advance()
    event = session.declare("red", "mobilise", by="seat", submission="red-1")[0]
    assert (event["by"], event["submission"]) == ("seat", "red-1")
    other = session.declare_freeform("blue", "Call Moscow")[0]
    assert "submission" not in other


def test_the_timer_runs_for_the_phase_and_its_expiry_decides_nothing(
    mini: CompiledScenario,
) -> None:
    """Given the declaration phase with a 5-minute timer, when it expires, then the
    expiry is recorded, the phase stays, a move can still be declared; the next phase
    clears the timer."""
    session = Session(mini, seed=1)
    session.advance()
    session.set_timer(300, DEADLINE)
    assert session.state.timer is not None and session.state.timer["deadline"] == DEADLINE
    assert view(mini, session.events, "room").timer is not None
    session.timer_expired()
    assert session.phase == "declaration"
    assert session.state.timer["expired"] is True
    assert view(mini, session.events, "red").timer.expired is True  # type: ignore[union-attr]
    session.declare("red", "mobilise")
    with pytest.raises(errors.ActionError, match="no timer"):
        session.timer_expired()
    session.advance()
    assert session.state.timer is None
    assert replay(mini.initial_values(), session.events).timer is None


def test_a_timer_of_zero_clears_it(mini: CompiledScenario) -> None:
    """Given a running timer, when set to 0, then none runs; a negative time is refused."""
    session = Session(mini, seed=1)
    session.set_timer(60, DEADLINE)
    session.set_timer(0, "")
    assert session.state.timer is None
    with pytest.raises(errors.ActionError):
        session.set_timer(-5, DEADLINE)
