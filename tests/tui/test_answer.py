"""An offer answered from the console: the pending offer shows, `w` opens the answer
dialog, and a counter is recorded as the addressee's answer with its amended terms."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input

from tabletop.live import LiveSession
from tabletop.tui.screens.answer import AnswerScreen
from tabletop.tui.screens.console import ConsoleScreen

from .helpers import DATA, make_app, screen_text

TALKS = DATA / "talks.toml"


def offer_made(live: LiveSession) -> None:
    """Red's treaty offer in turn 1; the session in turn 2's briefing, the offer open."""
    session = live.session
    session.advance()
    session.declare("red", "treaty")
    session.advance()
    session.adjudicate(session.state.pending()[0].seq)
    session.advance()
    session.advance()


async def test_an_offer_is_answered_from_the_console(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given Red's open offer to Blue, the console lists it; when the facilitator presses
    w, picks Counter and types the amended terms, then Blue's counter is journaled and a
    counter-offer waits for Red."""
    live = new_live(scenario=TALKS)
    offer_made(live)
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        text = screen_text(app)
        assert "Offers waiting for an answer" in text
        assert "Red → Blue: No new deployments; talks in Geneva" in text
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, AnswerScreen)
        await pilot.click("#answer-counter")
        app.screen.query_one("#terms", Input).value = "Talks first, deployments later"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        kinds = [e["kind"] for e in live.session.events[-2:]]
        assert kinds == ["offer_countered", "offer_made"]
        countered = live.session.events[-2]
        assert (countered["actor"], countered["terms"]) == (
            "blue",
            "Talks first, deployments later",
        )
        assert "Blue → Red: Talks first, deployments later" in screen_text(app)


async def test_the_answer_key_is_hidden_without_an_offer(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given no offer waiting, the footer does not offer w, and w says why not."""
    live = new_live()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Answer" not in screen_text(app)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
