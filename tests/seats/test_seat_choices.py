"""The seats' and the console's one-of choices answer the arrow keys as they read.

Textual's RadioSet moves a highlight with the arrows and needs Space or Enter to choose:
in a real room (r9), a team arrowed to "Against it", typed its argument and submitted,
and the console read "United States argues for Russia's …". The same held for a seat's
answer to an offer (arrowed to Reject, sent Accept) and the console's answer dialog.
Keys only here, as a team or a facilitator types them; no value set behind their back.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import RadioSet, Static

from tabletop.live import start_session
from tabletop.seats import Desk, SeatLink
from tabletop.tui.screens.adjudicate import AdjudicateScreen
from tabletop.tui.screens.answer import AnswerScreen
from tabletop.tui.screens.end import EndScreen
from tabletop.tui.screens.feedback import FeedbackScreen
from tabletop.tui.screens.seat_argue import SeatArgueScreen
from tabletop.tui.screens.seat_declare import SeatDeclareScreen
from tabletop.tui.screens.seat_feedback import SeatFeedbackScreen
from tabletop.tui.screens.seat_reply import SeatReplyScreen
from tabletop.tui.seat import SeatApp
from tests.conftest import MINI
from tests.seats.test_replies import offered
from tests.seats.test_seat_pilot import shows, type_text
from tests.tui.helpers import make_app, screen_text, until


async def test_a_team_that_arrows_to_against_argues_against(tmp_path: Path) -> None:
    """Given Red's move in the adjudication phase, when Blue's seat presses g, Tab,
    ↓ (to "Against it"), Tab, types its argument and ctrl+s, then the facilitator's desk
    reads an argument against."""
    live = start_session(MINI, seed=3, session_path=tmp_path / "room.jsonl")
    live.session.advance()
    live.session.declare("red", "mobilise")
    live.session.advance()
    app = SeatApp(
        live.path, link=SeatLink.open(live.path, "blue"), poll_seconds=0.05, cursor_blink=False
    )
    async with app.run_test(size=(120, 40)) as pilot:
        assert await shows(pilot, "g argues")
        await pilot.press("g")
        assert await until(pilot, lambda: isinstance(app.screen, SeatArgueScreen))
        await pilot.press("tab", "down", "tab")
        await type_text(pilot, "They will not dare")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: not isinstance(app.screen, SeatArgueScreen))
    desk = Desk(live)
    desk.poll()
    [pending] = desk.pending()
    assert (pending.kind, pending.side) == ("argue", "against")
    live.close()


async def test_a_team_that_arrows_to_reject_rejects(tmp_path: Path) -> None:
    """Given Red's offer waiting for Blue, when Blue's seat presses o, Tab, ↓ (to
    Reject) and ctrl+s, then the facilitator's desk reads a rejection, not an
    acceptance."""
    live, offer = offered(tmp_path)
    app = SeatApp(
        live.path, link=SeatLink.open(live.path, "blue"), poll_seconds=0.05, cursor_blink=False
    )
    async with app.run_test(size=(120, 40)) as pilot:
        assert await shows(pilot, "yours to answer: o")
        await pilot.press("o")
        assert await until(pilot, lambda: isinstance(app.screen, SeatReplyScreen))
        await pilot.press("tab", "down", "ctrl+s")
        assert await until(pilot, lambda: not isinstance(app.screen, SeatReplyScreen))
    desk = Desk(live)
    desk.poll()
    [pending] = desk.pending()
    assert (pending.kind, pending.offer, pending.reply) == ("reply", offer, "reject")
    live.close()


async def test_the_facilitator_who_arrows_to_reject_records_a_rejection(
    tmp_path: Path,
) -> None:
    """Given Red's offer waiting for Blue, when the facilitator presses w, ↓ (the answer
    has the focus, Accept first) and ctrl+s, then Blue's rejection is journaled."""
    live, _ = offered(tmp_path)
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        assert await until(pilot, lambda: isinstance(app.screen, AnswerScreen))
        await pilot.press("down", "ctrl+s")
        assert await until(pilot, lambda: not isinstance(app.screen, AnswerScreen))
    answered = live.session.events[-1]
    assert (answered["kind"], answered["actor"], answered["answer"]) == (
        "offer_answered",
        "blue",
        "reject",
    )
    live.close()


async def test_a_participant_who_arrows_to_2_rates_the_exercise_2(tmp_path: Path) -> None:
    """Given a seat's feedback form (it opens at 4), when the participant types, Tabs to
    the rating and presses ↑ twice, then the form sent reads 2, as the screen showed."""
    live = start_session(MINI, seed=3, session_path=tmp_path / "room.jsonl")
    app = SeatApp(
        live.path, link=SeatLink.open(live.path, "red"), poll_seconds=0.05, cursor_blink=False
    )
    async with app.run_test(size=(120, 40)) as pilot:
        assert await until(pilot, lambda: app.view is not None)
        await pilot.press("f")
        assert await until(pilot, lambda: isinstance(app.screen, SeatFeedbackScreen))
        await type_text(pilot, "Ivan")
        await pilot.press("tab")
        await type_text(pilot, "The seats")
        await pilot.press("tab", "tab", "up", "up", "ctrl+s")
        assert await until(pilot, lambda: not isinstance(app.screen, SeatFeedbackScreen))
    desk = Desk(live)
    desk.poll()
    [pending] = desk.pending()
    assert (pending.kind, pending.participant, pending.rating) == ("feedback", "Ivan", 2)
    live.close()


async def test_the_console_feedback_form_takes_the_rating_the_arrows_reach(
    tmp_path: Path,
) -> None:
    """Given the console's feedback form (F), when the facilitator Tabs to the rating
    and presses ↓ (from 4), then the form saved reads 5."""
    live = start_session(MINI, seed=3, session_path=tmp_path / "room.jsonl")
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("F")
        assert await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        for want in ("worked", "rating"):  # however many fields come before them
            for _ in range(8):
                if app.focused is not None and app.focused.id == want:
                    break
                await pilot.press("tab")
            if want == "worked":
                await type_text(pilot, "The seats")
        await pilot.press("down", "ctrl+s")
        await pilot.pause()
    assert live.session.events[-1]["kind"] == "feedback"
    assert live.session.events[-1]["rating"] == 5
    live.close()


async def test_the_facilitator_who_arrows_to_an_outcome_decides_it(tmp_path: Path) -> None:
    """Given Blue's "Talk" (the facilitator's choice: Progress, Stall) waiting, when the
    facilitator Tabs to the outcomes, presses ↓ to Stall and ctrl+s, then Stall is the
    outcome recorded."""
    live = start_session(MINI, seed=3, session_path=tmp_path / "room.jsonl")
    session = live.session
    session.advance()
    session.declare("blue", "talk")
    session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        if not isinstance(app.screen, AdjudicateScreen):
            await pilot.press("a")
        assert await until(pilot, lambda: isinstance(app.screen, AdjudicateScreen))
        for _ in range(12):
            if isinstance(app.focused, RadioSet):
                break
            await pilot.press("tab")
        await pilot.press("down", "ctrl+s")
        await pilot.pause()
    decided = [e for e in session.events if e["kind"] == "move_adjudicated"]
    assert [e["outcome"] for e in decided] == ["stall"]
    live.close()


async def test_the_end_screen_accepts_the_seats_feedback(tmp_path: Path) -> None:
    """Given an ended session on the end screen, where the facilitator collects the
    participants' feedback, when a seat's form arrives, then the footer offers A and A
    accepts it into the journal (in a real room, r9, A did nothing on the end screen and
    the report was exported without the form)."""
    live = start_session(MINI, seed=3, session_path=tmp_path / "room.jsonl")
    live.session.end(None)
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        SeatLink.open(live.path, "red").submit(
            kind="feedback", participant="Ivan", worked="The seats", change="", rating=2
        )
        assert await until(pilot, lambda: app.check_action("accept_seats", ()) is True)
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
    assert [(e["kind"], e["by"]) for e in live.session.events[-1:]] == [("feedback", "seat")]
    live.close()


async def test_a_phone_sized_seat_reads_the_declare_keys_whole(tmp_path: Path) -> None:
    """Given a seat in a phone's browser (390x844 px: about 43 columns), when the team
    opens the declare form, then its keys read whole, word by word (in a real room, r9, it was
    squeezed beside the buttons into a column: "ctrl+", "s", "submi", "ts")."""
    live = start_session(MINI, seed=3, session_path=tmp_path / "room.jsonl")
    live.session.advance()
    app = SeatApp(
        live.path, link=SeatLink.open(live.path, "red"), poll_seconds=0.05, cursor_blink=False
    )
    async with app.run_test(size=(43, 46)) as pilot:
        assert await until(pilot, lambda: app.view is not None)
        await pilot.press("d")
        assert await until(pilot, lambda: isinstance(app.screen, SeatDeclareScreen))
        await pilot.pause()
        shown = screen_text(app)  # type: ignore[arg-type]
        assert "ctrl+s" in shown and "submits" in shown and "Esc closes" in shown, shown
    live.close()


async def test_the_console_s_next_step_says_the_seats_have_handed_in(tmp_path: Path) -> None:
    """Given the declaration phase, when Red's seat hands in its move, then the line
    above the log, which says what to do next, says that a submission waits and A
    accepts it (in a real room, r9, it read "5 teams to declare: d declares their moves"
    with two moves waiting from the seats)."""
    live = start_session(MINI, seed=3, session_path=tmp_path / "room.jsonl")
    live.session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        SeatLink.open(live.path, "red").submit(kind="declare", move="mobilise")

        def hint() -> str:
            return str(app.screen.query_one("#hint", Static).content)

        assert await until(pilot, lambda: "from the seats" in hint()), hint()
        assert "A accepts" in hint()
        await pilot.press("A")
        assert await until(pilot, lambda: "from the seats" not in hint()), hint()
    live.close()
