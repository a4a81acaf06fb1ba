"""The line above the log in solo play speaks to the one player at the keyboard: there
is no room to brief, nothing to read out to anyone."""

from __future__ import annotations

from collections.abc import Callable

from tabletop.live import LiveSession
from tabletop.tui.screens.console import ConsoleScreen

from .helpers import flat, make_app, screen_text


async def test_the_solo_hints_do_not_speak_of_a_room(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given a solo session as Blue, when it is in its briefing and then in its
    consequences, then the hint says to read the briefing or the consequences, not to
    "Brief the room" or "Read out the consequences" (the facilitator's words, seen in
    tmux on cuba_1962 --as usa)."""
    live = new_live("solo.jsonl", player="blue", computer=["red"], auto_adjudicate=True)
    app = make_app(live=live, player="blue")
    async with app.run_test(size=(180, 40)) as pilot:  # the hint on one line
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        text = flat(screen_text(app))
        assert "Read the turn's briefing and its injects; n opens declarations." in text
        assert "room" not in text.lower()
        session = live.session
        session.advance()
        session.declare("blue", "talk")
        for _ in range(3):  # the computer declares and adjudicates on the way
            if session.state.phase == "consequences":
                break
            if session.state.phase == "adjudication":
                for declaration in session.state.pending():
                    session.adjudicate(declaration.seq, reason="test")
            session.advance()
        assert session.state.phase == "consequences"
        app.revision += 1
        await pilot.pause()
        text = flat(screen_text(app))
        assert "Read the consequences; n starts the next turn." in text
        assert "Read out" not in text
