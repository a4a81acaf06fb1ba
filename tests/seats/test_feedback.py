"""Participant feedback from a team's seat: a `feedback` submission, accepted into the
journal as the same `feedback` event the facilitator's form records (issue 13, point 6)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tabletop.engine.audience import view
from tabletop.engine.session import Session
from tabletop.engine.submissions import accept, headline, parse, statuses
from tabletop.scenario.compiled import CompiledScenario


def form(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "blue-f1",
        "team": "blue",
        "kind": "feedback",
        "turn": 2,
        "participant": "B.\x1b[31m One",
        "worked": "Real choices",
        "change": "More time",
        "rating": 4,
    }
    base.update(fields)
    return base


def test_a_feedback_line_is_cleaned_and_checked() -> None:
    """Given a seat's feedback line, when parsed, then control characters are gone and
    the rating is kept; a rating outside 1–5, or a form that says nothing, is refused."""
    sub = parse(form(), "blue")
    assert sub is not None and (sub.participant, sub.rating) == ("B.[31m One", 4)
    assert parse(form(rating=6), "blue") is None
    assert parse(form(rating="4"), "blue") is None
    assert parse(form(worked="", change=" "), "blue") is None
    assert parse(form(team="red"), "blue") is None


def test_feedback_from_a_seat_is_accepted_after_the_end(mini_eval: CompiledScenario) -> None:
    """Given an ended session and Blue's seat's feedback form, when the facilitator looks,
    then it is pending (feedback follows the end); accepted, it is a `feedback` event by
    the seat naming the submission, Blue's view has it (so the seat shows it accepted)
    and the room's does not."""
    session = Session(mini_eval, seed=1)
    session.end(None)
    sub = parse(form(), "blue")
    assert sub is not None
    assert [s.standing for s in statuses([sub], session.events, session.turn, True)] == ["pending"]
    assert headline(mini_eval, sub) == "Blue: feedback from B.[31m One (4/5)"
    accept(session, sub)
    event = session.events[-1]
    assert (event["kind"], event["by"], event["submission"], event["actor"]) == (
        "feedback",
        "seat",
        "blue-f1",
        "blue",
    )
    assert [s.standing for s in statuses([sub], session.events, session.turn, True)] == ["accepted"]
    blue = view(mini_eval, session.events, "blue")
    assert any(e["kind"] == "feedback" for e in blue.events)
    room = view(mini_eval, session.events, "room")
    assert not any(e["kind"] == "feedback" for e in room.events)
    red = view(mini_eval, session.events, "red")
    assert not any(e["kind"] == "feedback" for e in red.events)


@pytest.mark.parametrize("participant", ["", "B. Two"])
def test_two_forms_of_one_team_both_count(mini_eval: CompiledScenario, participant: str) -> None:
    """Given two feedback forms from one team's seat, when both are accepted, then both
    are in the journal (a form supersedes no other)."""
    session = Session(mini_eval, seed=1)
    first = parse(form(), "blue")
    second = parse(form(id="blue-f2", participant=participant, rating=2), "blue")
    assert first is not None and second is not None
    standings = statuses([first, second], session.events, session.turn)
    assert [s.standing for s in standings] == ["pending", "pending"]
    accept(session, first)
    accept(session, second)
    assert [e["rating"] for e in session.events if e["kind"] == "feedback"] == [4, 2]


async def test_a_participant_gives_feedback_from_the_seat_app(tmp_path: Path) -> None:
    """Given Blue's seat on a live session, when a participant presses f, fills in the
    form and submits, then the team's inbox holds a pending `feedback` submission with
    the form's fields, which the facilitator accepts as a `feedback` event."""
    from tabletop.journal.inbox import write_codes
    from tabletop.live import start_session
    from tabletop.seats import Desk, SeatLink
    from tabletop.tui.seat import SeatApp
    from tests.conftest import MINI

    live = start_session(MINI, seed=3, session_path=tmp_path / "room.jsonl")
    write_codes(live.path, {"blue": "BLUECODE", "red": "REDCODE2"})
    app = SeatApp(live.path, link=SeatLink.open(live.path, "blue"), cursor_blink=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"Ann")
        await pilot.press("tab")
        await pilot.press(*"talks")
        await pilot.press("ctrl+s")
        await pilot.pause()
    desk = Desk(live)
    desk.poll()
    pending = [s for s in desk.pending() if s.kind == "feedback"]
    assert [(s.team, s.participant, s.worked, s.rating) for s in pending] == [
        ("blue", "Ann", "talks", 4)
    ]
    desk.accept(pending[0])
    assert [e["rating"] for e in live.session.events if e["kind"] == "feedback"] == [4]
