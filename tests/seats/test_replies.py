"""A team answers an offer from its seat: the reply is a submission like its moves (an
untrusted line, bounded and cleaned), the facilitator accepts it into the journal as the
team's answer by its seat, and a reply to an offer that is not open, or not addressed to
that team, goes back with the session's refusal. The scenario is tests/data/talks.toml:
Red's `treaty` offers Blue terms answered from turn 2; `secret_note` is private."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tabletop.engine.errors import ActionError
from tabletop.engine.submissions import parse
from tabletop.journal.inbox import append_submission
from tabletop.live import LiveSession, start_session
from tabletop.seats import Desk, SeatLink
from tests.conftest import TALKS


def treaty_made(tmp_path: Path, scenario: Path = TALKS) -> tuple[LiveSession, int]:
    """Red's treaty offered in turn 1 (answers open in turn 2): the live session, still in
    turn 1's adjudication, and the offer's seq."""
    live = start_session(scenario, seed=1, session_path=tmp_path / "talks.jsonl")
    session = live.session
    session.advance()
    session.declare("red", "treaty")
    session.advance()
    session.adjudicate(session.state.pending()[0].seq)
    offer = next(e for e in session.events if e["kind"] == "offer_made")
    return live, offer["seq"]


def offered(tmp_path: Path) -> tuple[LiveSession, int]:
    """Red's treaty offered in turn 1; the session in turn 2's declaration phase."""
    live, offer = treaty_made(tmp_path)
    session = live.session
    while session.state.turn < 1 or session.phase != "declaration":
        session.advance()
    return live, offer


def reply(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"id": "blue-1", "team": "blue", "kind": "reply", "turn": 1}
    return base | fields


def test_a_seat_answers_an_offer_addressed_to_it(tmp_path: Path) -> None:
    """Given Red's treaty open to Blue, when Blue's seat rejects it and the facilitator
    accepts what is pending, then the rejection is journaled as Blue's, by its seat, with
    the submission's id; the seat sees it accepted and the offer no longer waits for it."""
    live, offer = offered(tmp_path)
    seat = SeatLink.open(live.path, "blue")
    [shown] = seat.view().offers
    assert (shown.seq, shown.yours, shown.terms) == (
        offer,
        True,
        "No new deployments; talks in Geneva",
    )
    sub = seat.submit(kind="reply", offer=offer, reply="reject", text="Not our allies' choice")
    desk = Desk(live)
    desk.poll()
    assert desk.headline(sub) == f"Blue rejects Red's offer #{offer}"
    assert desk.accept_all().accepted == (sub,)
    event = live.session.events[-1]
    assert (event["kind"], event["answer"], event["actor"]) == ("offer_answered", "reject", "blue")
    assert (event["by"], event["submission"], event["reason"]) == (
        "seat",
        sub.id,
        "Not our allies' choice",
    )
    seat.poll()
    assert [s.standing for s in seat.statuses()] == ["accepted"]
    assert seat.view().offers == ()
    live.close()


def test_a_seat_counters_with_amended_terms(tmp_path: Path) -> None:
    """Given Red's treaty open to Blue, when Blue's seat counters with amended terms, then a
    counter-offer with those terms (cleaned) goes back to Red, which Red's seat is to answer
    from the next turn."""
    live, offer = offered(tmp_path)
    seat = SeatLink.open(live.path, "blue")
    seat.submit(kind="reply", offer=offer, reply="counter", terms="Talks first\x07, then limits")
    desk = Desk(live)
    desk.poll()
    from tabletop.tui.screens.seats import details

    review = details(desk, desk.pending()[0]).plain  # what `S` shows before accepting
    assert f"Blue counters Red's offer #{offer}" in review
    assert "Counter terms: Talks first, then limits" in review
    desk.accept_all()
    countered = next(e for e in live.session.events if e["kind"] == "offer_countered")
    assert (countered["terms"], countered["by"]) == ("Talks first, then limits", "seat")
    red = SeatLink.open(live.path, "red")
    [back] = [o for o in red.view().offers if o.counter]
    assert (back.actor, back.to, back.yours, back.terms, back.opens) == (
        "blue",
        ("red",),
        False,  # answered from the next turn, as the treaty was
        "Talks first, then limits",
        3,
    )
    while live.session.state.turn < 2:
        live.session.advance()
    red.poll()
    assert [o.yours for o in red.view().offers if o.counter] == [True]
    live.close()


def test_a_reply_to_an_offer_not_open_to_the_team_goes_back(tmp_path: Path) -> None:
    """Given Red's treaty (to Blue), when Red's seat answers its own offer and Blue's seat
    answers an offer that does not exist, then the seats refuse, and the same lines written
    to the inboxes by hand go back on acceptance with the session's words."""
    live, offer = offered(tmp_path)
    red = SeatLink.open(live.path, "red")
    blue = SeatLink.open(live.path, "blue")
    for seat, seq in ((red, offer), (blue, offer + 999)):  # the seat itself refuses
        with pytest.raises(ActionError, match="not waiting for your team's answer"):
            seat.submit(kind="reply", offer=seq, reply="accept")
    # a seat is not trusted: lines appended to the inboxes by hand go back on acceptance
    for team, seq in (("red", offer), ("blue", offer + 999)):
        line = {"id": f"{team}-x", "team": team, "kind": "reply", "turn": 1}
        append_submission(live.path, team, line | {"offer": seq, "reply": "accept"})
    desk = Desk(live)
    desk.poll()
    handled = desk.accept_all()
    assert handled.accepted == ()
    reasons = sorted(reason for _, reason in handled.returned)
    assert reasons == ["the offer is not addressed to red", f"there is no offer #{offer + 999}"]
    assert not any(e["kind"] == "offer_answered" for e in live.session.events)
    live.close()


def test_a_reply_before_the_offer_opens_goes_back(tmp_path: Path) -> None:
    """Given the treaty made in turn 1 (answers open in turn 2), when Blue's seat answers it
    in turn 1, then it goes back: it can be answered from turn 2."""
    live, offer = treaty_made(tmp_path)
    blue = SeatLink.open(live.path, "blue")
    assert [o.yours for o in blue.view().offers] == [False]  # shown, not yet answerable
    line = {"id": "blue-early", "team": "blue", "kind": "reply", "turn": 0}
    append_submission(live.path, "blue", line | {"offer": offer, "reply": "accept"})
    desk = Desk(live)
    desk.poll()
    [(_, reason)] = desk.accept_all().returned
    assert reason == "it can be answered from turn 2"
    live.close()


def test_a_reply_line_is_cleaned_and_bounded() -> None:
    sub = parse(reply(offer=12, reply="counter", terms="x\x07" * 3000, text="why\x1b[2J"), "blue")
    assert sub is not None and sub.kind == "reply" and sub.offer == 12
    assert "\x07" not in sub.terms and len(sub.terms) == 2000
    assert sub.text == "why[2J"
    accepted = parse(reply(offer=12, reply="accept", terms="ignored"), "blue")
    assert accepted is not None and accepted.terms == ""


@pytest.mark.parametrize(
    "fields",
    [
        {"reply": "maybe", "offer": 12},
        {"reply": "accept"},
        {"reply": "accept", "offer": "12"},
        {"reply": "accept", "offer": 0},
        {"reply": "counter", "offer": 12, "terms": "  \x00 "},
        {"reply": "accept", "offer": 12, "team": "red"},
    ],
)
def test_a_reply_line_that_is_not_one_is_refused(fields: dict[str, Any]) -> None:
    assert parse(reply(**fields), "blue") is None
