"""What the session says can be done now, and why not (engine/options.py), given/when/then.

The scenario is tests/data/mini.toml (see test_rules.py): Red mobilise (auto) and gamble
(2d6 ≥ 7, +2 on high alert, once); Blue talk (choice, needs talks_open) and pressure
(probability tension / 10).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.engine import errors, wording
from tabletop.engine.options import ACTIONS, Action
from tabletop.engine.session import Session
from tabletop.scenario.compiled import CompiledScenario
from tests.engine.test_rules import set_values, to_adjudication, to_declaration


def test_the_briefing_offers_advancing_but_not_declaring(mini: CompiledScenario) -> None:
    """Given a new session in the briefing, when asked what can be done, then advance,
    inject, note, evaluate and end can, and declaring cannot: it waits for the declaration phase."""
    session = Session(mini, seed=1)
    assert session.legal_actions() == ["advance", "inject", "note", "evaluate", "end"]
    refusal = session.why_not("declare")
    assert refusal is not None and refusal.error is errors.WrongPhase
    assert (
        refusal.why == "moves are declared in the declaration phase; it is the briefing phase now"
    )
    undo = session.why_not("undo")
    assert undo is not None and undo.why == "there is nothing to undo"


def test_the_command_refuses_with_the_reason_the_query_gives(mini: CompiledScenario) -> None:
    """Given the briefing, when a move is declared anyway, then the command raises the
    refusal's error with the refusal's words, and records nothing."""
    session = Session(mini, seed=1)
    refusal = session.why_not("declare", actor="red")
    assert refusal is not None
    before = len(session.events)
    with pytest.raises(refusal.error) as raised:
        session.declare("red", "mobilise")
    assert str(raised.value) == refusal.why
    assert len(session.events) == before


def test_advancing_waits_for_every_adjudication(mini: CompiledScenario) -> None:
    """Given a declared move in the adjudication phase, when asked about advancing, then
    it is refused naming the move; once adjudicated, advancing is offered again and
    adjudicating is refused because nothing is left."""
    session = to_declaration(Session(mini, seed=1))
    session.declare("red", "mobilise")
    to_adjudication(session)
    refusal = session.why_not("advance")
    assert refusal is not None and refusal.error is errors.MovesPending
    assert refusal.why == "1 move still to adjudicate (Red: Mobilise)"
    session.adjudicate(session.state.pending()[0].seq)
    assert session.why_not("advance") is None
    left = session.why_not("adjudicate")
    assert left is not None and left.error is errors.NothingToAdjudicate


def test_an_ended_session_offers_notes_evaluation_and_undo_only(mini: CompiledScenario) -> None:
    """Given an ended session, when asked, then only a note, the evaluation (the hotwash
    follows the end) and undo remain, and every other action says the session has ended."""
    session = Session(mini, seed=1)
    session.end("standoff")
    assert session.legal_actions() == ["note", "evaluate", "undo"]
    for option in session.actions():
        if not option.available and option.action != "redo":
            assert option.refusal is not None and option.refusal.error is errors.SessionOver


def test_declare_options_say_who_takes_no_part(mini: CompiledScenario) -> None:
    """Given the declaration phase, when asked for whom a move can be declared, then each
    participant can and an unknown actor is refused with the list of actors."""
    session = to_declaration(Session(mini, seed=1))
    assert [(o.actor, o.available) for o in session.declare_options()] == [
        ("red", True),
        ("blue", True),
    ]
    unknown = session.why_not("declare", actor="green")
    assert unknown is not None and unknown.error is errors.UnknownActor
    assert "actors: red, blue" in unknown.why


def test_move_options_give_each_reason(mini: CompiledScenario) -> None:
    """Given Red declared mobilise and talks are closed, when asked for moves, then Red's
    mobilise is refused as already declared and Blue's talk as needing talks open, in
    words (the track's label, not its id)."""
    session = Session(mini, seed=1)
    set_values(session, talks_open=False)
    to_declaration(session)
    session.declare("red", "mobilise")
    red = {o.move.id: o for o in session.move_options("red")}
    assert red["mobilise"].refusal is not None
    assert red["mobilise"].refusal.error is errors.AlreadyDeclared
    assert red["gamble"].available and red["gamble"].uses == 0
    talk = next(o for o in session.move_options("blue") if o.move.id == "talk")
    assert not talk.available and not talk.holds and talk.why == "needs: Talks open"
    assert talk.refusal is not None and talk.refusal.error is errors.PreconditionFailed


def test_dice_odds_count_the_modifiers_that_apply(mini: CompiledScenario) -> None:
    """Given high alert (+2) and Red gambling on 2d6 ≥ 7, when asked for the odds, then
    the +2 applies, the faces need 5 or more (30 of 36) and each outcome has its chance."""
    session = Session(mini, seed=1)
    set_values(session, alert="high")
    to_declaration(session)
    session.declare("red", "gamble")
    to_adjudication(session)
    seq = session.state.pending()[0].seq
    odds = session.odds(seq)
    assert odds.method == "dice" and odds.refusal is None and odds.can_roll
    assert [(m.label, m.value) for m in odds.modifiers] == [("High alert", 2)]
    assert (odds.target, odds.needed) == (7, 5)
    chances = {o.id: o.chance for o in odds.outcomes}
    assert chances["win"] == pytest.approx(30 / 36)
    assert chances["lose"] == pytest.approx(6 / 36)


def test_after_the_roll_the_rules_outcome_is_certain(mini: CompiledScenario) -> None:
    """Given a rolled dice move, when asked for the odds, then the outcome the roll gives
    has chance 1, the roll is not offered again, and it matches what adjudicating gives."""
    session = to_declaration(Session(mini, seed=3))
    session.declare("red", "gamble")
    to_adjudication(session)
    seq = session.state.pending()[0].seq
    session.roll(seq)
    odds = session.odds(seq)
    assert odds.rolled and not odds.can_roll and odds.natural is not None
    assert [o.chance for o in odds.outcomes if o.natural] == [1.0]
    session.adjudicate(seq)
    assert session.state.declaration(seq).adjudication["outcome"] == odds.natural  # type: ignore[union-attr]


def test_a_probability_move_has_the_chance_of_its_expression(mini: CompiledScenario) -> None:
    """Given tension 3 and Blue's pressure (chance tension / 10), when asked for the odds,
    then success is 0.3 and the outcomes split 0.3 / 0.7."""
    session = to_declaration(Session(mini, seed=1))
    session.declare("blue", "pressure")
    to_adjudication(session)
    odds = session.odds(session.state.pending()[0].seq)
    assert odds.success == pytest.approx(0.3)
    assert [(o.id, o.chance) for o in odds.outcomes] == [
        ("works", pytest.approx(0.3)),
        ("fails", pytest.approx(0.7)),
    ]


def test_a_choice_has_no_chance_and_an_auto_move_one_certain_outcome(
    mini: CompiledScenario,
) -> None:
    """Given a choice (talk) and an automatic move (mobilise), when asked for the odds,
    then the choice's outcomes have no chance (the facilitator decides) and the automatic
    move's outcome is certain."""
    session = to_declaration(Session(mini, seed=1))
    session.declare("red", "mobilise")
    session.declare("blue", "talk")
    to_adjudication(session)
    mobilise, talk = (session.odds(d.seq) for d in session.state.pending())
    assert [(o.id, o.chance, o.natural) for o in mobilise.outcomes] == [("done", 1.0, True)]
    assert all(o.chance is None for o in talk.outcomes) and talk.natural is None
    assert talk.outcomes[0].effects == ("tension -= 2",)


def test_an_adjudicated_move_is_refused_by_its_odds(mini: CompiledScenario) -> None:
    """Given an adjudicated move, when asked for its odds, then the refusal says it was
    adjudicated already, as adjudicating it again would."""
    session = to_declaration(Session(mini, seed=1))
    session.declare("red", "mobilise")
    to_adjudication(session)
    seq = session.state.pending()[0].seq
    session.adjudicate(seq)
    refusal = session.odds(seq).refusal
    assert refusal is not None and refusal.error is errors.AlreadyAdjudicated
    with pytest.raises(errors.AlreadyAdjudicated, match="adjudicated already"):
        session.adjudicate(seq)


# ----------------------------------------------------------------- one code path

COMMANDS: dict[Action, Callable[[Session], object]] = {
    "advance": Session.advance,
    "inject": lambda s: s.deliver_adhoc("Made up"),
    "note": lambda s: s.note("a note"),
    "undo": Session.undo,
    "redo": Session.redo,
    "end": lambda s: s.end(),
}
"""The actions whose command needs no argument the query does not have."""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(st.sampled_from([*COMMANDS, "declare", "adjudicate"]), max_size=25))
def test_every_query_agrees_with_its_command(mini: CompiledScenario, steps: list[str]) -> None:
    """Invariant: whatever the session's history, an action the query offers is done by
    its command, and one it refuses is refused with the same error and words."""
    session = Session(mini, seed=7)
    for step in steps:
        if step == "declare":
            for option in session.declare_options():
                refusal = session.why_not("declare", actor=option.actor)
                assert refusal == option.refusal
                moves = session.move_options(option.actor)
                if refusal is None and any(m.available for m in moves):
                    move = next(m for m in moves if m.available)
                    session.declare(option.actor, move.move.id)
                    break
                move = moves[0]
                refused = refusal or move.refusal  # the actor's first, then the move's
                _check(
                    session, refused, lambda a=option.actor, m=move.move.id: session.declare(a, m)
                )  # type: ignore[misc]
            continue
        if step == "adjudicate":
            for declaration in list(session.state.declarations):
                odds = session.odds(declaration.seq)
                seq = declaration.seq
                _check(session, odds.refusal, lambda q=seq: session.computer_adjudicate(q))  # type: ignore[misc]
            continue
        action: Action = step  # type: ignore[assignment]
        assert action in ACTIONS
        _check(session, session.why_not(action), lambda a=action: COMMANDS[a](session))  # type: ignore[misc]


def _check(session: Session, refusal: object, command: Callable[[], object]) -> None:
    before = len(session.events)
    if refusal is None:
        command()
        return
    with pytest.raises(errors.ActionError) as raised:
        command()
    assert type(raised.value) is refusal.error  # type: ignore[attr-defined]
    assert str(raised.value).endswith(refusal.why)  # type: ignore[attr-defined]
    assert len(session.events) == before


def test_a_move_at_its_limit_says_how_often_it_was_taken_in_words(mini: CompiledScenario) -> None:
    """Given mini's Gamble (limit 1) taken in turn 1, when Red's moves are asked for in
    turn 2, then Gamble is refused as 'already taken once', not '1 time'."""
    session = Session(mini, 1)
    session.advance()
    session.declare("red", "gamble")
    session.advance()
    session.computer_adjudicate(session.state.pending()[0].seq)
    while session.phase != "declaration":
        session.advance()
    gamble = next(o for o in session.move_options("red") if o.move.id == "gamble")
    assert gamble.why == "already taken once, the most the scenario allows"
    assert [wording.times(n) for n in (1, 2, 3)] == ["once", "twice", "3 times"]
