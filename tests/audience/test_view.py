"""The audiences' rules, one given/when/then test per mechanism (engine/audience.py)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from tabletop.engine import errors
from tabletop.engine.audience import (
    FACILITATOR,
    HIDDEN_FACTOR,
    ROOM,
    SECRET_LABEL,
    UnknownAudience,
    public_model,
    seen_events,
    view,
)
from tabletop.engine.session import Session
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario
from tests.audience.helpers import BLUE_SEES, MARKERS, RED_SEES, SECRETS, play_secrets


@pytest.fixture(scope="module")
def secrets() -> CompiledScenario:
    compiled, problems = load_scenario(SECRETS)
    assert not [p for p in problems if p.severity == "error"]
    return compiled


def text(scenario: CompiledScenario, session: Session, who: str) -> str:
    return json.dumps(view(scenario, session.events, who).to_dict()).lower()


def test_an_unknown_audience_is_refused(secrets: CompiledScenario) -> None:
    """Given a session, when a view is asked for a stranger, then it is refused by name."""
    with pytest.raises(UnknownAudience, match="choose facilitator, room, red, blue"):
        view(secrets, Session(secrets, 1).events, "green")


def test_the_room_never_sees_the_facilitators_or_a_teams_secrets(
    secrets: CompiledScenario,
) -> None:
    """Given every private thing recorded, the room's view holds none of it and the
    facilitator's holds all of it."""
    session = Session(secrets, 1)
    play_secrets(session)
    room = text(secrets, session, ROOM)
    facilitator = (
        text(secrets, session, FACILITATOR)
        + public_model(secrets, FACILITATOR).model_dump_json().lower()
    )
    for marker in MARKERS:
        assert marker not in room, marker
        assert marker in facilitator, marker


def test_a_team_sees_its_own_secrets_and_no_one_elses(secrets: CompiledScenario) -> None:
    """Given every private thing recorded, Red sees its private briefing, hidden objective,
    its inject, its sealed move, its deception's truth and its private offer; Blue sees
    only the private offer made to it; neither sees the facilitator's notes or the hidden
    track."""
    session = Session(secrets, 1)
    play_secrets(session)
    red = text(secrets, session, "red") + public_model(secrets, "red").model_dump_json().lower()
    blue = text(secrets, session, "blue") + public_model(secrets, "blue").model_dump_json().lower()
    for marker in MARKERS:
        assert (marker in blue) == (marker in BLUE_SEES), marker
        if marker in RED_SEES:
            assert marker in red, marker
        else:
            assert marker not in red, marker


def test_a_private_inject_shows_others_only_that_something_was_delivered(
    secrets: CompiledScenario,
) -> None:
    """Given an inject addressed to Red, Blue sees a message was delivered to Red, not what."""
    session = Session(secrets, 1)
    blue = view(secrets, session.events, "blue")
    red = view(secrets, session.events, "red")
    assert [i.title for i in blue.injects] == ["A message was delivered to Red", "Public news"]
    assert blue.injects[0].private and blue.injects[0].text == ""
    assert red.injects[0].text == "zqxinjecttext"


def test_a_sealed_move_stays_sealed_until_revealed(secrets: CompiledScenario) -> None:
    """Given Red's sealed move, the room sees "a sealed move" until it is revealed."""
    session = Session(secrets, 1)
    session.advance()
    session.declare("red", "zqxsealedid", sealed=True)
    seq = session.state.declarations[-1].seq
    room = view(secrets, session.events, ROOM)
    assert room.declarations[0].label == SECRET_LABEL and room.declarations[0].secret
    assert room.log[-1].text == "Red declares a sealed move"
    assert view(secrets, session.events, "red").declarations[0].label == "Zqxsealedlabel"
    session.reveal(seq)
    room = view(secrets, session.events, ROOM)
    assert room.declarations[0].label == "Zqxsealedlabel" and not room.declarations[0].secret


def test_a_sealed_move_keeps_every_word_of_it_sealed(secrets: CompiledScenario) -> None:
    """Given a journal whose sealed move carries a stated reason (a journal is a file from
    anywhere: the computer's declarations carry one, a hand-edited line may seal it), the
    room sees "a sealed move" and nothing of the reason either."""
    session = Session(secrets, 1)
    session.advance()
    session.declare("red", "zqxsealedid", sealed=True)
    events = [dict(e) for e in session.events]
    events[-1]["reason"] = "zqxsealedwhy: Red strikes the port"
    room = view(secrets, events, ROOM)
    assert room.declarations[0].reason == ""
    assert "zqxsealedwhy" not in json.dumps(room.to_dict())
    assert view(secrets, events, "red").declarations[0].reason.startswith("zqxsealedwhy")


def test_adjudication_reveals_a_sealed_move(secrets: CompiledScenario) -> None:
    """Given Red's sealed move adjudicated, the room sees what it was and how it went."""
    session = Session(secrets, 1)
    session.advance()
    session.declare("red", "zqxsealedid", sealed=True)
    session.advance()
    session.adjudicate(session.state.declarations[-1].seq, "done")
    room = view(secrets, session.events, ROOM)
    assert room.declarations[0].label == "Zqxsealedlabel"
    assert room.declarations[0].outcome == "Zqxsealedoutcome"


def test_a_peek_is_journaled_and_only_the_facilitator_sees_it(secrets: CompiledScenario) -> None:
    """Given a sealed move, when the facilitator peeks, an event records it; the room's
    log does not show it; peeking at a move that is not sealed is refused."""
    session = Session(secrets, 1)
    session.advance()
    session.declare("red", "zqxsealedid", sealed=True)
    session.declare("blue", "talk")
    red_seq, blue_seq = (d.seq for d in session.state.declarations)
    session.peek(red_seq, reason="planning")
    assert session.events[-1]["kind"] == "move_peeked"
    assert "move_peeked" not in {line.kind for line in view(secrets, session.events, ROOM).log}
    with pytest.raises(errors.ActionError):
        session.peek(blue_seq)


def test_hidden_tracks_are_left_out_of_values_history_and_changes(
    secrets: CompiledScenario,
) -> None:
    """Given a move that changes a hidden and a visible track, the room sees the visible
    change only, and no hidden track on its board."""
    session = Session(secrets, 1)
    session.advance()
    session.declare("red", "posture")
    session.advance()
    session.adjudicate(session.state.declarations[-1].seq, "done")
    room = view(secrets, session.events, ROOM)
    assert [t.id for t in room.tracks] == ["tension"]
    assert room.declarations[0].changes == ("Tension 3→4",)
    assert room.tracks[0].trend == 1


def test_what_was_undone_is_not_shown_to_participants(secrets: CompiledScenario) -> None:
    """Given a declaration undone, the room's view has neither it nor the undo."""
    session = Session(secrets, 1)
    session.advance()
    session.declare("blue", "talk")
    session.undo()
    room = view(secrets, session.events, ROOM)
    assert room.declarations == ()
    assert {line.kind for line in room.log} <= {"turn_started", "phase_changed", "inject_delivered"}


def test_a_team_view_offers_its_own_moves_without_naming_hidden_tracks(
    secrets: CompiledScenario,
) -> None:
    """Given Red's catalogue, Red's view lists its moves; the room's lists none."""
    session = Session(secrets, 1)
    session.advance()
    red = view(secrets, session.events, "red")
    assert [m.id for m in red.moves] == ["posture", "zqxsealedid", "bluff", "note_to_blue"]
    assert all(m.available for m in red.moves)
    assert view(secrets, session.events, ROOM).moves == ()


def test_a_move_held_back_by_a_hidden_track_says_so_without_naming_it(
    secrets: CompiledScenario,
) -> None:
    """Given Red's "Posture", which needs the hidden track below 99,999, when the track
    reaches it, then Red's seat lists the move as unavailable without the hidden track's
    label or the threshold (which would tell the team where the hidden value stands)."""
    session = Session(secrets, 1)
    session.advance()
    session.declare_freeform("blue", "Push", effects=["zqxresolve = 99998"], bounded=False)
    session.advance()
    session.adjudicate(session.state.declarations[-1].seq, "success", reason="test")
    session.advance()  # consequences: the hidden rule takes it to 99,999
    session.advance()
    session.advance()  # turn 2, declaration
    posture = next(m for m in view(secrets, session.events, "red").moves if m.id == "posture")
    assert not posture.available
    assert posture.why == "its conditions do not hold now"
    assert session.move_options("red")[0].why.startswith("needs: Zqxlabel")  # the console's


def test_the_grading_of_a_sealed_move_stays_sealed_with_it(secrets: CompiledScenario) -> None:
    """Given Red's sealed move with two reasons for and one against, when the facilitator
    grades them before the roll, then the room and Blue see nothing of the grading (how
    many reasons there were is the sealed move's), and Red sees it; once the move is
    revealed everyone does."""
    session = Session(secrets, 1)
    session.advance()
    session.declare(
        "red", "zqxsealedid", sealed=True, reasons_for=["a", "b"], reasons_against=["c"]
    )
    seq = session.state.declarations[-1].seq
    session.advance()
    session.grade_reasons(seq, ["strong", "weak"], ["strong"])
    for who in (ROOM, "blue"):
        seen = view(secrets, session.events, who)
        assert "reasons_graded" not in {e["kind"] for e in seen.events}
        assert not [line for line in seen.log if "graded" in line.text.lower()]
    assert view(secrets, session.events, "red").log[-1].kind == "reasons_graded"
    session.reveal(seq)
    assert "reasons_graded" in {line.kind for line in view(secrets, session.events, ROOM).log}


def test_a_participants_view_does_not_tick_for_what_it_may_not_see(
    secrets: CompiledScenario,
) -> None:
    """Given Red's sealed move, when the facilitator peeks at it and writes a note, then
    the room's and each team's view stand at the same event as before (their seats and
    projectors show that number: a counter that ticked with nothing shown would tell the
    room that the facilitator looked); the facilitator's view counts every event."""
    session = Session(secrets, 1)
    session.advance()
    session.declare("red", "zqxsealedid", sealed=True)
    before = {who: view(secrets, session.events, who).seq for who in (ROOM, "red", "blue")}
    assert set(before.values()) == {session.events[-1]["seq"]}
    session.peek(session.state.declarations[-1].seq, reason="planning")
    session.note("Red looked nervous")
    after = {who: view(secrets, session.events, who).seq for who in (ROOM, "red", "blue")}
    assert after == before
    assert view(secrets, session.events, FACILITATOR).seq == session.events[-1]["seq"]


def test_the_view_is_plain_json(secrets: CompiledScenario) -> None:
    """Given any audience, its view round-trips through JSON."""
    session = Session(secrets, 1)
    play_secrets(session)
    for who in (FACILITATOR, ROOM, "red", "blue"):
        data = view(secrets, session.events, who).to_dict()
        assert json.loads(json.dumps(data)) == data


def test_a_sealed_moves_roll_arrives_unseen_as_it_is_in_the_record() -> None:
    """Given Red's sealed gamble rolled but not yet adjudicated, when the events arrive one
    by one at Blue's console (solo play, `seen_events`), then the roll is not among them,
    as it is not in Blue's view of the record: its faces and total would say how the
    sealed move went."""
    mini, _ = load_scenario(SECRETS.parent / "mini.toml")
    session = Session(mini, seed=3)
    session.advance()
    seq = session.declare("red", "gamble", sealed=True)[0]["seq"]
    assert isinstance(seq, int)
    session.advance()
    start = len(session.events)
    session.roll(seq)
    assert [e["kind"] for e in session.events[start:]] == ["dice_rolled"]
    blue = view(mini, session.events, "blue")
    assert not any(e["kind"] == "dice_rolled" for e in blue.events)
    arrived = [e for e in seen_events(mini, session.events, "blue", start) if e is not None]
    assert arrived == []
    whole = [e for e in seen_events(mini, session.events, "blue") if e is not None]
    assert [e["kind"] for e in whole] == [e["kind"] for e in blue.events]


def _mini_with_hidden(*tracks: str, extra: str = "") -> CompiledScenario:
    """mini.toml with `tracks` hidden from the participants, and its alert high (and
    `extra` TOML at its end)."""
    text = (SECRETS.parent / "mini.toml").read_text() + extra
    for track in tracks:
        text = text.replace(f'id = "{track}"\n', f'id = "{track}"\nvisible = false\n', 1)
    text = text.replace('initial = "low"', 'initial = "high"', 1)
    path = Path(tempfile.mkdtemp()) / "mini_hidden.toml"
    path.write_text(text)
    compiled, _ = load_scenario(path)
    return compiled


def test_a_roll_says_nothing_of_a_hidden_track() -> None:
    """Given a probability move whose chance is computed from a hidden track (pressure:
    tension / 10) and a dice move whose modifier reads one (gamble: +2 when the alert is
    high), when both are rolled, then the room sees each result but neither the chance
    nor the draw (the chance would give the track's value), and the modifier as "a
    hidden factor" with its value (the total counts it); the facilitator sees all."""
    hidden = _mini_with_hidden("tension", "alert")
    session = Session(hidden, seed=3)
    session.advance()
    pressure = session.declare("blue", "pressure")[0]["seq"]
    gamble = session.declare("red", "gamble")[0]["seq"]
    session.advance()
    session.roll(pressure)
    session.roll(gamble)
    facilitator = {e["declaration"]: e for e in session.events if e["kind"] == "dice_rolled"}
    assert facilitator[pressure]["chance"] == 0.3
    assert facilitator[gamble]["modifiers"] == [["High alert", 2]]
    for who in (ROOM, "red", "blue"):
        seen = view(hidden, session.events, who)
        rolls = {e["declaration"]: e for e in seen.events if e["kind"] == "dice_rolled"}
        assert "chance" not in rolls[pressure] and "draw" not in rolls[pressure]
        assert rolls[pressure]["result"] == facilitator[pressure]["result"]
        assert rolls[gamble]["modifiers"] == [[HIDDEN_FACTOR, 2]]
        assert rolls[gamble]["total"] == facilitator[gamble]["total"]
        log = " ".join(line.text for line in seen.log)
        assert "0.30" not in log and "High alert" not in log
        assert "a hidden chance" in log and "a hidden factor +2" in log
        arrived = [e for e in seen_events(hidden, session.events, who) if e is not None]
        assert [e for e in arrived if e["kind"] == "dice_rolled"] == list(rolls.values())


def test_a_score_that_reads_a_hidden_track_is_the_facilitators() -> None:
    """Given Red's visible objective scored by a hidden track (tension_high: `tension`),
    when the session ends, then no participant, Red's own team included, sees that
    objective's score or a total that counts it (it would give the track's value); the
    facilitator sees both."""
    hidden = _mini_with_hidden("tension")
    session = Session(hidden, seed=3)
    session.end(None)
    ended = session.events[-1]
    assert "tension_high" in ended["scores"]["red"]["objectives"]
    assert "total" in ended["scores"]["red"]
    for who in (ROOM, "red", "blue"):
        seen = view(hidden, session.events, who)
        [shown] = [e for e in seen.events if e["kind"] == "session_ended"]
        assert shown["scores"]["red"] == {"objectives": {}}
        assert shown["scores"]["blue"] == ended["scores"]["blue"]
    assert view(hidden, session.events, FACILITATOR).events[-1]["scores"] == ended["scores"]


def test_a_free_form_moves_roll_says_nothing_of_a_hidden_track() -> None:
    """Given free-form moves decided by a chance computed from a hidden track, when one
    is rolled, then participants see its result without the chance or the draw."""
    extra = '\n[freeform.adjudication]\nmethod = "probability"\nchance = "tension / 10"\n'
    hidden = _mini_with_hidden("tension", extra=extra)
    session = Session(hidden, seed=3)
    session.advance()
    seq = session.declare_freeform("blue", "Push", effects=["talks_open = true"])[0]["seq"]
    session.advance()
    session.roll(seq)
    assert session.events[-1]["chance"] == 0.3
    rolled = [e for e in view(hidden, session.events, ROOM).events if e["kind"] == "dice_rolled"]
    assert [("chance" in e, "draw" in e) for e in rolled] == [(False, False)]
