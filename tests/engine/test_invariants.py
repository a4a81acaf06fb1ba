"""Invariants over random sequences of legal actions (hypothesis).

Replay equals live state; undo restores the previous state; the same seed and the same
choices give the same session.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.engine.errors import ActionError
from tabletop.engine.replay import replay
from tabletop.engine.session import Session
from tabletop.scenario.compiled import CompiledScenario


@pytest.fixture(params=["mini", "talks"])
def scenario(request: pytest.FixtureRequest) -> CompiledScenario:
    """The engine scenario and the one with offers, deception and costs."""
    found: CompiledScenario = request.getfixturevalue(request.param)
    return found


choices = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=60)
seeds = st.integers(min_value=0, max_value=2**31)


def view(session_state: Any) -> dict[str, Any]:
    """The state without the seq of the last event (which undo itself moves on)."""
    data = asdict(session_state)
    data.pop("seq")
    return data


def act(session: Session, pick: int) -> None:
    """Take one legal action chosen by `pick`; refusals are part of the game."""
    state = session.state
    options = ["advance", "note", "undo", "redo"]
    if state.phase == "declaration":
        options += ["declare", "declare", "freeform", "computer"]
    if state.phase == "adjudication" and state.pending():
        options += ["adjudicate", "adjudicate", "override", "argument", "grade", "roll"]
    if state.declarations:
        options += ["reveal", "withdraw"]
    if not state.over and len(state.delivered) < len(session.scenario.injects):
        options.append("inject")
    if state.offers and session.open_offers():
        options += ["answer", "answer"]
    what = options[pick % len(options)]
    try:
        if what == "advance":
            if session.can_advance() is None:
                session.advance()
        elif what == "note":
            session.note(f"note {pick}", ("note", "strength", "improvement")[pick % 3])
        elif what == "undo" and session.can_undo():
            session.undo()
        elif what == "redo" and session.can_redo():
            session.redo()
        elif what in ("declare", "computer"):
            actors = session.participants()
            actor = actors[pick % len(actors)]
            if what == "computer":
                session.computer_declare(actor)
                return
            available = [o.move.id for o in session.move_options(actor) if o.available]
            if available:
                session.declare(
                    actor,
                    available[pick % len(available)],
                    reasons_for=["r"] * (pick % 3),
                    sealed=bool(pick % 2),
                )
        elif what == "freeform":
            actor = session.participants()[pick % len(session.participants())]
            session.declare_freeform(
                actor, f"improvised {pick}", effects=[f"tension += {pick % 3}"]
            )
        elif what in ("adjudicate", "override"):
            declaration = state.pending()[pick % len(state.pending())]
            outcomes = [o for o, _ in session.outcomes(declaration)]
            method = session.method(declaration)
            if method == "choice":
                session.adjudicate(declaration.seq, outcomes[pick % len(outcomes)])
            elif what == "override":
                session.adjudicate(declaration.seq, outcomes[pick % len(outcomes)], reason="argued")
            else:
                session.adjudicate(declaration.seq)
        elif what in ("argument", "grade", "roll"):
            declaration = state.pending()[pick % len(state.pending())]
            if what == "argument":
                actor = session.participants()[pick % len(session.participants())]
                session.add_argument(declaration.seq, actor, ("for", "against")[pick % 2], "why")
            elif what == "grade":
                grades = ("strong", "weak")
                session.grade_reasons(
                    declaration.seq,
                    [grades[(pick + i) % 2] for i, _ in enumerate(declaration.pros())],
                    [grades[(pick + i) % 2] for i, _ in enumerate(declaration.cons())],
                )
            else:
                session.roll(declaration.seq)
        elif what in ("reveal", "withdraw"):
            declaration = state.declarations[pick % len(state.declarations)]
            if what == "reveal":
                session.reveal(declaration.seq)
            else:
                session.withdraw(declaration.seq, "a slip")
        elif what == "answer":
            offers = session.open_offers()
            offer, actor = offers[pick % len(offers)]
            answer = ("accept", "reject", "counter")[pick % 3]
            session.answer_offer(
                offer.seq, actor, answer, terms=f"counter {pick}", effects=["tension += 1"]
            )
        elif what == "inject":
            left = [i for i in session.scenario.injects if i not in state.delivered]
            session.deliver_inject(left[pick % len(left)])
    except ActionError:
        pass  # a refusal records nothing; the invariants below check that too


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=seeds, picks=choices)
def test_replay_equals_live_state(scenario: CompiledScenario, seed: int, picks: list[int]) -> None:
    """Whatever the facilitator does, replaying the journal gives the live state."""
    session = Session(scenario, seed)
    for pick in picks:
        act(session, pick)
        assert view(replay(scenario.initial_values(), session.events)) == view(session.state)
    assert [e["seq"] for e in session.events] == list(range(1, len(session.events) + 1))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=seeds, picks=choices, depth=st.sampled_from([0, 1, 200]))
def test_undo_restores_the_previous_state(
    scenario: CompiledScenario, seed: int, picks: list[int], depth: int
) -> None:
    """After any action, undo gives back the state before it, and redo the state after it,
    whether undo uses a snapshot (depth > 0) or replays the journal (depth 0, or beyond it)."""
    session = Session(scenario, seed, undo_depth=depth)
    for pick in picks:
        before = view(session.state)
        count = len(session.events)
        act(session, pick)
        new = session.events[count:]
        if not new or new[0]["kind"] in ("undo", "redo"):
            continue
        after = view(session.state)
        session.undo()
        assert view(session.state) == before
        assert view(session.state) == view(replay(scenario.initial_values(), session.events))
        session.redo()
        assert view(session.state) == after
        assert view(session.state) == view(replay(scenario.initial_values(), session.events))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=seeds, picks=choices)
def test_the_same_seed_gives_the_same_session(
    scenario: CompiledScenario, seed: int, picks: list[int]
) -> None:
    """The same seed and the same choices give identical events, computer play included."""
    runs = []
    for _ in range(2):
        session = Session(scenario, seed, computer={"red"})
        for pick in picks:
            act(session, pick)
        if not session.over:
            session.play_to_end()
        runs.append(session.events)
    assert runs[0] == runs[1]
