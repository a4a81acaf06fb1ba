"""What became of an offer shows where the offer was shown: on the seats of those who may
know of it and on the projector, not only in the console's log.

In a real room (r9) Blue's seat rejected Red's treaty; the offer left "Offers waiting for
an answer" on every screen, and neither Red's seat nor the projector ever said that it was
refused (nor what the refusal did): the answer was in the audience's log, which no
surface but the console draws.
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from tabletop.engine.audience import view
from tabletop.tui.screens.projector import situation
from tests.seats.test_replies import offered


def text(who: str, live) -> str:  # type: ignore[no-untyped-def]
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(situation(view(live.session.scenario, live.session.events, who)))
    return console.file.getvalue()  # type: ignore[attr-defined,no-any-return]


def test_the_maker_and_the_room_see_an_offer_refused(tmp_path: Path) -> None:
    """Given Red's treaty offered to Blue, when Blue rejects it, then Red's seat, Blue's
    and the projector say so, with the reason and what it changed."""
    live, offer = offered(tmp_path)
    live.session.answer_offer(offer, "blue", "reject", reason="We do not trade allies")
    for who in ("red", "blue", "room"):
        shown = " ".join(text(who, live).split())
        assert "Blue rejects Red's offer" in shown, who
        assert "We do not trade allies" in shown, who
        assert "Tension" in shown, who
    live.close()


def test_a_private_offer_s_answer_stays_with_its_parties(tmp_path: Path) -> None:
    """Given Red's private note to Blue (answered the same turn), when Blue accepts it,
    then Red's and Blue's screens say so and the projector does not."""
    from tabletop.live import start_session
    from tests.conftest import TALKS

    live = start_session(TALKS, seed=1, session_path=tmp_path / "talks.jsonl")
    session = live.session
    session.advance()
    session.declare("red", "secret_note")
    session.advance()
    session.adjudicate(session.state.pending()[0].seq)
    offer = next(e for e in session.events if e["kind"] == "offer_made")["seq"]
    session.answer_offer(offer, "blue", "accept")
    for who in ("red", "blue"):
        assert "Blue accepts Red's offer" in " ".join(text(who, live).split()), who
    room = text("room", live)
    assert "PRIVATE" not in room and "accepts" not in room
    live.close()


async def test_the_projector_shows_the_refusal_as_it_is_recorded(tmp_path: Path) -> None:
    """Given the projector following the session with Red's offer open, when Blue's
    rejection is recorded, then the projector shows it within a second, without the turn
    or a move changing (its situation pane was drawn again only for those)."""
    from tabletop.journal.follow import Follower
    from tabletop.tui.watch import WatchApp
    from tests.tui.test_watch import shows

    live, offer = offered(tmp_path)
    app = WatchApp(Follower(live.path), live.session.scenario, poll_seconds=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        assert await shows(pilot, "Offers waiting for an answer")
        live.session.answer_offer(offer, "blue", "reject", reason="Not now")
        assert await shows(pilot, "Answers to offers")
        assert await shows(pilot, "Blue rejects Red's offer")
    live.close()


async def test_a_seat_asked_to_declare_is_not_told_to_wait(tmp_path: Path) -> None:
    """Given turn 1's declaration phase with nothing read out yet, when Red's seat shows
    it, then it does not say "Waiting for the facilitator…" under the line that says
    "Declaration phase: d declares your team's move" (r9, on a phone); the projector,
    which has nothing else to say then, still does."""
    from tabletop.live import start_session
    from tabletop.seats import SeatLink
    from tabletop.tui.seat import SeatApp
    from tests.conftest import TALKS
    from tests.seats.test_seat_pilot import shows
    from tests.tui.helpers import screen_text

    live = start_session(TALKS, seed=1, session_path=tmp_path / "talks.jsonl")
    live.session.advance()
    app = SeatApp(
        live.path, link=SeatLink.open(live.path, "red"), poll_seconds=0.05, cursor_blink=False
    )
    async with app.run_test(size=(120, 40)) as pilot:
        assert await shows(pilot, "Declaration phase: d declares")
        assert "Waiting for the facilitator" not in screen_text(app)  # type: ignore[arg-type]
    assert "Waiting for the facilitator" in text("room", live)
    live.close()
