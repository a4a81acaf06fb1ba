"""`ViewKeeper`: a view kept up to date as events are appended equals the view made from
the whole record (what the projector and the seats rely on when they follow a journal)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.engine.audience import FACILITATOR, ROOM, ViewKeeper, view
from tabletop.engine.session import Session
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario
from tests.audience.helpers import SECRETS, play_secrets
from tests.conftest import TALKS
from tests.engine.test_invariants import act
from tests.engine.test_talks import ROLLED_PULLBACK


@pytest.fixture(params=["mini", "talks", "secrets"])
def scenario(request: pytest.FixtureRequest) -> CompiledScenario:
    """The engine scenario, the one with offers and deception, the one with every secret."""
    if request.param == "secrets":
        compiled, _ = load_scenario(SECRETS)
        return compiled
    found: CompiledScenario = request.getfixturevalue(request.param)
    return found


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(min_value=0, max_value=2**31),
    picks=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=60),
    cuts=st.lists(st.integers(min_value=1, max_value=8), min_size=1, max_size=40),
)
def test_a_kept_view_equals_the_view_of_the_whole_record(
    scenario: CompiledScenario, seed: int, picks: list[int], cuts: list[int]
) -> None:
    """Given any session (undo, redo, sealed moves revealed, private offers, deception),
    when its events reach a keeper a few at a time, then after each batch every
    audience's kept view equals the view made from the record so far."""
    session = Session(scenario, seed)
    for pick in picks:
        act(session, pick)
    events = session.events
    header = {"settings": {"computer": [scenario.model.actors[0].id]}}
    for who in (FACILITATOR, ROOM, *scenario.actors):
        keeper = ViewKeeper(scenario, who, header=header)
        assert keeper.view == view(scenario, [], who, header=header)
        done, step = 0, 0
        while done < len(events):
            upto = min(len(events), done + cuts[step % len(cuts)])
            kept = keeper.extend(events[done:upto])
            assert kept == view(scenario, events[:upto], who, header=header), (who, upto)
            done, step = upto, step + 1


def test_appending_does_not_start_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Given a keeper on a played session, when events that change nothing before them
    arrive, it adds them on their own; an undo makes it start again from the record."""
    compiled, _ = load_scenario(SECRETS)
    session = Session(compiled, 3)
    play_secrets(session)
    restarts: list[int] = []
    original = ViewKeeper._restart

    def counted(self: ViewKeeper, events: object = ()) -> None:
        restarts.append(len(self.events))
        original(self, events)  # type: ignore[arg-type]

    monkeypatch.setattr(ViewKeeper, "_restart", counted)
    keeper = ViewKeeper(compiled, ROOM)
    keeper.extend(session.events)
    assert len(restarts) == 2  # the empty record, then the first events
    start = len(session.events)
    session.note("nothing for the room")
    session.note("nor this")
    keeper.extend(session.events[start:])
    assert len(restarts) == 2
    session.undo()
    keeper.extend(session.events[start + 2 :])
    assert len(restarts) == 3
    assert keeper.view == view(compiled, session.events, ROOM)


def one_at_a_time(scenario: CompiledScenario, events: list[dict[str, object]]) -> None:
    """Every audience's kept view, fed one event at a time, equals the view of the record
    so far after each event."""
    for who in (FACILITATOR, ROOM, *scenario.actors):
        keeper = ViewKeeper(scenario, who)
        for upto in range(1, len(events) + 1):
            kept = keeper.extend(events[upto - 1 : upto])
            assert kept == view(scenario, events[:upto], who), (who, upto)


def test_a_sealed_move_revealed_reads_again_as_revealed(talks: CompiledScenario) -> None:
    """Given a sealed move the room saw as "a sealed move", when it is revealed, then the
    kept view reads its declaration as revealed, as the whole record does."""
    session = Session(talks, 1)
    session.advance()
    session.declare("red", "pullback", sealed=True, reasons_for=["why"])
    session.declare("blue", "sanction")
    seq = session.state.declarations[0].seq
    session.reveal(seq)
    one_at_a_time(talks, session.events)


def test_a_deception_seen_through_reads_again_for_the_observer(talks: CompiledScenario) -> None:
    """Given Blue's intelligence at +5, when Red's pullback is adjudicated and Blue sees
    through it, then Blue's kept view shows its truth from the adjudication on; the room's
    keeps the face."""
    session = Session(talks, 1)
    session.deliver_adhoc("Setup", "", ["intel = 5"])
    session.advance()
    session.declare("red", "pullback")
    session.advance()
    session.adjudicate(session.state.pending()[0].seq)
    assert any(e["kind"] == "deception_seen" for e in session.events)
    one_at_a_time(talks, session.events)
    blue = ViewKeeper(talks, "blue")
    for event in session.events:
        blue.extend([event])
    assert "DECEPTION-TRUTH-MARKER" in str(blue.view.to_dict())
    room = ViewKeeper(talks, ROOM)
    for event in session.events:
        room.extend([event])
    assert "DECEPTION-TRUTH-MARKER" not in str(room.view.to_dict())


def test_a_deceptive_adjudication_of_a_plain_move_hides_its_roll_again(
    tmp_path: Path,
) -> None:
    """Given a journal whose adjudication carries a deception's face for a move the
    scenario does not call deceptive (edited by hand, or the scenario changed), when it
    arrives after the move's roll, then the roll becomes its mover's alone, as the whole
    record says."""
    rolled = tmp_path / "rolled.toml"
    rolled.write_text(TALKS.read_text(encoding="utf-8") + ROLLED_PULLBACK, encoding="utf-8")
    scenario, _ = load_scenario(rolled)
    plain = tmp_path / "plain.toml"
    text = ROLLED_PULLBACK.split("[moves.deception]")[0]
    plain.write_text(TALKS.read_text(encoding="utf-8") + text, encoding="utf-8")
    without, _ = load_scenario(plain)
    session = Session(scenario, seed=1)
    session.deliver_adhoc("Setup", "", ["intel = -5"])
    session.advance()
    session.declare("red", "rolled_pullback")
    session.advance()
    seq = session.state.pending()[0].seq
    session.roll(seq)
    session.adjudicate(seq)
    assert any(e["kind"] == "move_adjudicated" and e.get("deception") for e in session.events)
    one_at_a_time(without, session.events)


def test_an_event_of_an_undone_action_is_not_shown(mini: CompiledScenario) -> None:
    """Given a record in which an event names an action that was undone (a hand-edited
    journal), when it arrives, then it is left out, as the whole record leaves it out."""
    session = Session(mini, 1)
    session.advance()
    session.note("kept")
    session.deliver_adhoc("Flash", "Undone", ["tension += 1"])
    session.undo()
    events = [dict(e) for e in session.events]
    late = dict(events[-2], seq=len(events) + 1)  # the undone inject's action, once more
    events.append(late)
    assert all(line.seq != late["seq"] for line in view(mini, events, ROOM).log)
    one_at_a_time(mini, events)  # type: ignore[arg-type]


def test_a_history_that_does_not_replay_is_refused_each_time(mini: CompiledScenario) -> None:
    """Given a kept view, when an undo of an action that is not the last arrives, then
    extend refuses it (ReplayError, as view does) and keeps the last good view; the same
    events refused again are refused again."""
    from tabletop.engine.replay import ReplayError

    session = Session(mini, 1)
    session.advance()
    session.note("one")
    keeper = ViewKeeper(mini, ROOM)
    good = keeper.extend(session.events)
    seq = len(session.events) + 1
    bad = {"seq": seq, "kind": "undo", "action": seq, "turn": 0, "phase": "briefing"}
    bad["target"] = 1
    for _ in range(2):
        with pytest.raises(ReplayError):
            keeper.extend([bad])
        assert keeper.view == good and len(keeper.events) == len(session.events)
