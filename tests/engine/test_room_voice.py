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
from tabletop.engine.replay import replay
from tabletop.engine.session import Session
from tabletop.scenario.compiled import CompiledScenario

DEADLINE = "2026-01-10T09:05:00Z"


def declared(session: Session, actor: str, move: str, **kw: object) -> int:
    return session.declare(actor, move, **kw)[0]["seq"]  # type: ignore[arg-type]


def test_an_argument_counts_in_the_roll_like_a_declared_reason(mini: CompiledScenario) -> None:
    """Given Red's gamble (2d6, +1 per reason for) in the adjudication phase, when Blue
    argues against it and nobody for it, then the roll counts -1 for the reasons."""
    session = Session(mini, seed=3)
    session.advance()
    seq = declared(session, "red", "gamble")
    session.advance()
    session.argue(seq, "blue", "against", "  They are bluffing  ")
    declaration = session.state.declaration(seq)
    assert declaration is not None
    assert declaration.reasons_against == ["They are bluffing"]
    roll = session.roll(seq)[0]
    assert roll["reasons"] == -1
    assert replay(mini.initial_values(), session.events).declaration(seq) == declaration


def test_the_floor_is_open_only_in_adjudication_before_the_roll(mini: CompiledScenario) -> None:
    """Given a declared move, then no one argues in the declaration phase, a team does not
    argue its own move, and once rolled the move takes no more arguments."""
    session = Session(mini, seed=3)
    session.advance()
    seq = declared(session, "red", "gamble")
    with pytest.raises(errors.WrongPhase):
        session.argue(seq, "blue", "for", "now")
    session.advance()
    with pytest.raises(errors.ActionError, match="its own move"):
        session.argue(seq, "red", "for", "mine")
    session.roll(seq)
    with pytest.raises(errors.ActionError, match="rolled already"):
        session.argue(seq, "blue", "for", "late")


def test_a_sealed_move_cannot_be_argued_until_revealed(mini: CompiledScenario) -> None:
    """Given Red's sealed gamble, when Blue argues, then it is refused; revealed, it is not."""
    session = Session(mini, seed=3)
    session.advance()
    seq = declared(session, "red", "gamble", sealed=True)
    session.advance()
    with pytest.raises(errors.ActionError, match="sealed"):
        session.argue(seq, "blue", "for", "x")
    session.reveal(seq)
    session.argue(seq, "blue", "for", "x")


def test_undo_takes_an_argument_back(mini: CompiledScenario) -> None:
    """Given an argument, when undone, then the declaration's reasons are as before (the
    undo snapshot kept its own lists)."""
    session = Session(mini, seed=3)
    session.advance()
    seq = declared(session, "red", "gamble", reasons_for=["first"])
    session.advance()
    session.argue(seq, "blue", "for", "second")
    session.undo()
    declaration = session.state.declaration(seq)
    assert declaration is not None and declaration.reasons_for == ["first"]


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
