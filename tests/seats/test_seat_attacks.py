"""A seat as an attacker. What a team types is untrusted on the facilitator's console
too: markup in a free-form label or a participant's name is shown as typed, never read
as Textual markup (a click action, a broken tag that would stop the console). A team
that floods its inbox is refused past a bound, with words its seat shows."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tabletop.engine.errors import ActionError
from tabletop.engine.submissions import MAX_FEEDBACK, MAX_PER_TURN
from tabletop.journal.inbox import append_submission
from tabletop.live import start_session
from tabletop.seats import Desk, SeatLink
from tests.conftest import MINI
from tests.tui.helpers import make_app, screen_text

MARKUP = "[@click=app.quit]Summit[/] [/bold] [b]loud"
"""A label that is markup: a click action, a closing tag that closes nothing, a bold."""


async def test_markup_typed_at_a_seat_reads_as_typed_on_the_console(tmp_path: Path) -> None:
    live = start_session(MINI, seed=3, session_path=tmp_path / "room.jsonl")
    console = make_app(live=live, clock=lambda: datetime.now(UTC))
    async with console.run_test(size=(160, 40)) as pilot:
        await pilot.press("n")  # declarations open
        blue = SeatLink.open(live.path, "blue")
        blue.poll()
        blue.submit(kind="declare", move=None, label=MARKUP, sealed=False)
        blue.submit(kind="feedback", participant=MARKUP, worked="ok", change="", rating=4)
        for _ in range(40):
            await pilot.pause(0.05)
            if console.desk is not None and len(console.desk.inboxes.submissions) == 2:
                break
        await pilot.pause(0.2)
        assert console.is_running
        shown = screen_text(console)
        assert "[@click=app.quit]Summit[/]" in shown
        await pilot.press("A")  # accept both: the notice names them as typed
        await pilot.pause(0.2)
        assert console.is_running
        assert "[@click=app.quit]Summit[/]" in screen_text(console)


def test_a_team_that_floods_its_inbox_is_refused_past_the_bound_of_a_turn(
    tmp_path: Path,
) -> None:
    """Given Red's seat handing in the most a turn takes (MAX_PER_TURN), when it hands in
    one more, then the seat refuses it with words it shows, and the facilitator's desk
    reads no line past the bound (one written to the inbox by hand included); the next
    turn takes as many again. A team cannot fill its inbox with one turn's flood."""
    live = start_session(MINI, seed=3, session_path=tmp_path / "room.jsonl")
    live.session.advance()  # declarations open
    red = SeatLink.open(live.path, "red")
    for n in range(MAX_PER_TURN):
        red.submit(kind="declare", move=None, label=f"Move {n}")
    with pytest.raises(ActionError, match=f"handed in {MAX_PER_TURN} things this turn"):
        red.submit(kind="declare", move=None, label="One too many")
    record = {"id": "red-byhand", "team": "red", "kind": "declare", "turn": 0}
    append_submission(live.path, "red", {**record, "label": "By hand"})
    desk = Desk(live)
    assert len(desk.poll()) == MAX_PER_TURN
    assert desk.inboxes.rejected == 1
    assert [s.label for s in desk.pending()] == [f"Move {MAX_PER_TURN - 1}"]
    while live.session.turn == 0 or live.session.phase != "declaration":
        live.session.advance()  # to the next turn's declarations
    red.poll()
    assert red.submit(kind="declare", move=None, label="Next turn").turn == 1
    live.close()


def test_a_team_hands_in_so_many_feedback_forms_and_no_more(tmp_path: Path) -> None:
    """Feedback forms each stand on their own and never close: a team hands in at most
    MAX_FEEDBACK of them in a session, whatever turn the lines claim."""
    live = start_session(MINI, seed=3, session_path=tmp_path / "room.jsonl")
    blue = SeatLink.open(live.path, "blue")
    for n in range(MAX_FEEDBACK):
        record = {"id": f"blue-f{n}", "team": "blue", "kind": "feedback", "turn": n}
        append_submission(live.path, "blue", {**record, "worked": "ok", "rating": 3})
    blue.poll()
    with pytest.raises(ActionError, match=f"handed in {MAX_FEEDBACK} feedback forms"):
        blue.submit(kind="feedback", participant="Ann", worked="ok", change="", rating=4)
    append_submission(
        live.path,
        "blue",
        {"id": "blue-more", "team": "blue", "kind": "feedback", "turn": 99, "worked": "x"}
        | {"rating": 3},
    )
    desk = Desk(live)
    assert len(desk.poll()) == MAX_FEEDBACK
    assert desk.inboxes.rejected == 1
    live.close()


async def test_a_teams_submissions_waiting_are_on_no_other_seat(tmp_path: Path) -> None:
    """What Red's seat handed in and the facilitator has not taken yet (its inbox) is on
    Red's seat alone: not on Blue's seat nor on the room's projector, which read no inbox
    but their own (the projector: none)."""
    from tests.audience.test_leaks import seat_text, watch_text

    live = start_session(MINI, seed=3, session_path=tmp_path / "room.jsonl")
    live.session.advance()  # declarations open
    red = SeatLink.open(live.path, "red")
    red.submit(kind="declare", move=None, label="Zqxinboxlabel", reasons_for=["zqxinboxwhy"])
    red.submit(kind="feedback", participant="Zqxinboxname", worked="ok", change="", rating=2)
    live.close()
    shown = {
        "red seat": await seat_text(live.path, "red"),
        "blue seat": await seat_text(live.path, "blue", declare=True),
        "room projector": await watch_text(live.path, "room"),
        "blue projector": await watch_text(live.path, "blue"),
    }
    found = {place: "zqxinbox" in text.lower() for place, text in shown.items()}
    assert found == {
        "red seat": True,
        "blue seat": False,
        "room projector": False,
        "blue projector": False,
    }
