"""Submissions from the seats: untrusted lines validated, where each one stands, and the
facilitator's desk accepting them into the journal (the last submission counts; a
refusal goes back to the team with its words; undone acceptance is pending again)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tabletop.engine.session import Session
from tabletop.engine.submissions import Inboxes, parse, statuses
from tabletop.journal import inbox
from tabletop.live import LiveSession, start_session
from tabletop.scenario.compiled import CompiledScenario
from tabletop.seats import Desk, SeatLink
from tests.conftest import MINI, MINI_EVAL

TEXT = st.characters(exclude_categories=()) | st.characters(
    min_codepoint=0xD800, max_codepoint=0xDFFF, exclude_categories=()
)
"""Any character, lone surrogates (what JSON's `\\ud800` gives) among them."""


def record(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"id": "red-1", "team": "red", "kind": "declare", "turn": 0}
    base.update(fields)
    return base


def test_a_line_is_cleaned_and_bounded() -> None:
    sub = parse(
        record(
            move=None,
            label="Call \x1b[31mMoscow\x07" + "x" * 500,
            reasons_for=["  one ", "", 5, "two\x00"] + ["r"] * 40,
            sealed="yes",
            extra={"dropped": True},
        ),
        "red",
    )
    assert sub is not None
    assert "\x1b" not in sub.label and "\x07" not in sub.label and len(sub.label) == 200
    assert sub.reasons_for[:2] == ("one", "two") and len(sub.reasons_for) == 10
    assert sub.sealed is False  # only `true` seals


@pytest.mark.parametrize(
    "fields",
    [
        {"team": "blue"},  # claims another team than its inbox's
        {"id": "../x"},
        {"id": 7},
        {"kind": "delete"},
        {"turn": "0"},
        {"move": None, "label": ""},
        {"move": "../mobilise"},
        {"kind": "argue", "declaration": 3, "side": "maybe", "text": "x"},
        {"kind": "argue", "declaration": "3", "side": "for", "text": "x"},
        {"kind": "argue", "declaration": 3, "side": "for", "text": "   "},
        {"kind": "answer", "question": -1, "text": "x"},
    ],
)
def test_a_line_that_is_not_a_submission_of_its_team_is_refused(fields: dict[str, Any]) -> None:
    assert parse(record(**fields), "red") is None


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "id",
                "team",
                "kind",
                "turn",
                "move",
                "label",
                "text",
                "side",
                "question",
                "declaration",
                "reasons_for",
                "effects",
                "sealed",
                "offer",
                "reply",
                "terms",
            ]
        ),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.text(TEXT, max_size=30),
            st.lists(st.text(TEXT, max_size=5), max_size=3),
        ),
    )
)
def test_any_line_parses_or_is_refused_never_raises(raw: dict[str, Any]) -> None:
    sub = parse(raw, "red")
    if sub is not None:
        assert sub.team == "red"
        texts = sub.label + sub.text + sub.terms + "".join(sub.effects + sub.reasons_for)
        assert all(ord(c) >= 32 or c == "\n" for c in texts)
        texts.encode("utf-8")  # what the journal can write (no lone surrogate)


def test_a_line_with_lone_surrogates_is_accepted_like_any_other(tmp_path: Path) -> None:
    """Given a free-form move whose texts hold lone surrogates (JSON's `\\ud800`, which no
    UTF-8 file can hold), when the facilitator accepts every submission, then it is
    declared without them and the next team's submission is accepted too (a line the
    journal could not write stopped `A` at it, every later one with it)."""
    live = live_session(tmp_path)
    live.session.advance()
    folder = inbox.seats_dir(live.path)
    folder.mkdir()
    inbox.inbox_path(live.path, "blue").write_text(
        '{"id": "blue-1", "team": "blue", "kind": "declare", "turn": 0, "move": null,'
        ' "label": "Call\\ud800 Moscow", "narrative": "\\udfff", "reasons_for": ["a\\udc00"]}\n',
        encoding="utf-8",
    )
    SeatLink.open(live.path, "red").submit(kind="declare", move="mobilise")
    desk = Desk(live)
    desk.poll()
    handled = desk.accept_all()
    assert [s.team for s in handled.accepted] == ["red", "blue"]
    blue = live.session.events[-1]
    assert (blue["label"], blue["reasons_for"]) == ("Call Moscow", ["a"])
    live.close()


def live_session(tmp_path: Path, scenario: Path = MINI) -> LiveSession:
    return start_session(scenario, seed=1, session_path=tmp_path / "s.jsonl")


def test_the_last_submission_before_acceptance_counts(tmp_path: Path) -> None:
    """Given two seats of Red submitting twice, when the facilitator accepts all, then the
    later one is declared and the earlier one is superseded."""
    live = live_session(tmp_path)
    live.session.advance()
    one = SeatLink.open(live.path, "red")
    two = SeatLink.open(live.path, "red")
    first = one.submit(kind="declare", move="mobilise", reasons_for=["first"])
    second = two.submit(kind="declare", move="gamble", reasons_for=["second"], sealed=True)
    desk = Desk(live)
    assert [s.id for s in desk.poll()] == [first.id, second.id]
    assert desk.pending() == [second]
    assert desk.headline(second) == "Red submitted (sealed)"
    handled = desk.accept_all()
    assert handled.accepted == (second,)
    event = live.session.events[-1]
    assert (event["move"], event["by"], event["submission"], event["sealed"]) == (
        "gamble",
        "seat",
        second.id,
        True,
    )
    one.poll()
    two.poll()
    assert [s.standing for s in one.statuses()] == ["superseded", "accepted"]
    assert one.statuses() == two.statuses()  # two seats of one team see the same
    live.close()


def test_a_refused_submission_goes_back_with_the_refusal(tmp_path: Path) -> None:
    """Given a declaration submitted in the briefing phase, when accepted, then the
    session refuses it and the team sees why."""
    live = live_session(tmp_path)
    seat = SeatLink.open(live.path, "red")
    seat.submit(kind="declare", move="mobilise")
    desk = Desk(live)
    desk.poll()
    handled = desk.accept_all()
    assert handled.accepted == () and len(handled.returned) == 1
    seat.poll()
    (status,) = seat.statuses()
    assert status.standing == "returned" and "declaration phase" in status.reason
    assert desk.pending() == []
    live.close()


def test_a_move_refused_by_a_hidden_track_goes_back_without_naming_it(tmp_path: Path) -> None:
    """Given Red's seat submitting "Posture" while it can be taken, when a made-up inject
    takes the hidden track past what the move needs before the facilitator accepts, then
    the move goes back to Red with "its conditions do not hold now", not the hidden track's
    label and threshold (the console's own refusal names them)."""
    from tests.audience.helpers import SECRETS

    live = live_session(tmp_path, SECRETS)
    live.session.advance()
    seat = SeatLink.open(live.path, "red")
    seat.submit(kind="declare", move="posture")
    live.session.deliver_adhoc("Quiet news", effects=["zqxresolve = 99999"])
    desk = Desk(live)
    desk.poll()
    (returned,) = desk.accept_all().returned
    assert returned[1] == "Posture: its conditions do not hold now"
    seat.poll()
    assert [s.reason for s in seat.statuses()] == ["Posture: its conditions do not hold now"]
    with pytest.raises(Exception, match="Zqxlabel"):  # the facilitator's words name it
        live.session.declare("red", "posture")
    live.close()


def test_a_reply_to_a_private_offer_of_others_reads_as_one_to_no_offer(tmp_path: Path) -> None:
    """Given Red's private note to Blue waiting for Blue's answer, when a line in Green's
    inbox answers it (a seat never offers it: Green may not know it exists), then it goes
    back to Green in the words an offer that never was gets, so the refusal does not tell
    Green that Red and Blue are talking."""
    from tests.audience.helpers import SECRETS
    from tests.audience.test_leaks import GREEN

    scenario = tmp_path / "secrets3.toml"
    scenario.write_text(SECRETS.read_text(encoding="utf-8") + GREEN, encoding="utf-8")
    live = live_session(tmp_path, scenario)
    session = live.session
    session.advance()
    session.declare("red", "note_to_blue")
    session.advance()
    session.adjudicate(session.state.pending()[0].seq, "done")
    (offer,) = session.state.offers
    folder = inbox.seats_dir(live.path)
    folder.mkdir()
    lines = [
        {"id": f"green-{n}", "team": "green", "kind": "reply", "turn": 0, "offer": ref}
        | {"reply": "accept"}
        for n, ref in enumerate((offer, 999))
    ]
    inbox.inbox_path(live.path, "green").write_text(
        "".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8"
    )
    desk = Desk(live)
    desk.poll()
    returned = [why for _, why in desk.accept_all().returned]
    assert returned == [f"there is no offer #{offer}", "there is no offer #999"]
    live.close()


def test_the_facilitator_returns_a_submission_with_a_reason(tmp_path: Path) -> None:
    live = live_session(tmp_path)
    live.session.advance()
    seat = SeatLink.open(live.path, "blue")
    sub = seat.submit(kind="declare", move=None, label="Call Moscow", narrative="A hotline")
    desk = Desk(live)
    desk.poll()
    desk.give_back(sub, "Say who makes the call")
    seat.poll()
    assert seat.statuses()[0].reason == "Say who makes the call"
    assert desk.pending() == []
    again = seat.submit(kind="declare", move=None, label="The president calls Moscow")
    desk.poll()
    assert desk.pending() == [again]
    live.close()


def test_an_undone_acceptance_is_pending_again(tmp_path: Path) -> None:
    live = live_session(tmp_path)
    live.session.advance()
    seat = SeatLink.open(live.path, "red")
    sub = seat.submit(kind="declare", move="mobilise")
    desk = Desk(live)
    desk.poll()
    desk.accept_all()
    assert desk.pending() == []
    live.session.undo()
    assert desk.pending() == [sub]
    live.close()


def test_a_seat_argues_and_answers(tmp_path: Path) -> None:
    """Given Red's move in the adjudication phase, when Blue's seat argues against it and
    answers the turn's question, then both are journaled as Blue's."""
    live = live_session(tmp_path, MINI_EVAL)
    session = live.session
    session.advance()
    seq = session.declare("red", "gamble")[0]["seq"]
    session.advance()
    seat = SeatLink.open(live.path, "blue")
    seat.submit(kind="argue", declaration=seq, side="against", text="They will not dare")
    seat.submit(kind="answer", question=1, text="The foreign minister")
    desk = Desk(live)
    desk.poll()
    assert desk.headline(desk.pending()[0]) == "Blue argues against Red's “Gamble”"
    assert len(desk.accept_all().accepted) == 2
    kinds = [(e["kind"], e.get("actor")) for e in session.events[-2:]]
    assert kinds == [("argument_added", "blue"), ("question_answered", "blue")]
    declaration = session.state.declaration(seq)
    assert declaration is not None
    assert declaration.arguments == [["against", "blue", "They will not dare"]]
    live.close()


def test_a_submission_left_when_the_turn_moves_on_is_closed(mini: CompiledScenario) -> None:
    session = Session(mini, seed=1)
    session.advance()
    inboxes = Inboxes(mini)
    inboxes.add("red", [record(move="mobilise")])
    assert [s.standing for s in statuses(inboxes.submissions, session.events, session.turn)] == [
        "pending"
    ]
    for _ in range(3):
        session.advance()
    assert [s.standing for s in statuses(inboxes.submissions, session.events, session.turn)] == [
        "closed"
    ]


def test_a_seat_that_reconnects_sees_where_it_was(tmp_path: Path) -> None:
    """Given a submission, when the seat's process is gone and a new one opens, then the
    submission is there (it was on disk before `submit` returned)."""
    live = live_session(tmp_path)
    live.session.advance()
    sub = SeatLink.open(live.path, "red").submit(kind="declare", move="mobilise")
    again = SeatLink.open(live.path, "red")
    assert [s.submission for s in again.statuses()] == [sub]
    assert inbox.inbox_path(live.path, "red").read_text().count("\n") == 1
    live.close()
