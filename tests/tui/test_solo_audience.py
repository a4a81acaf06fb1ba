"""Solo play is a team's view: each leak the audiences issue names, tested in the TUI.

The player is Blue in tests/data/secrets.toml; the computer plays Red. Blue must never
see the facilitator's notes, the hidden track (on the board, in effects, in the
free-form dialog), Red's private briefing or hidden agenda, the inject sent to Red, or
the computer's declaration before its own.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static, TabbedContent

from tabletop.scenario.load import load_scenario
from tabletop.tui.screens.briefing import BriefingScreen
from tabletop.tui.screens.console import ConsoleScreen
from tabletop.tui.screens.declare import DeclareScreen
from tests.audience.helpers import SECRETS

from .helpers import make_app, notices, screen_text

NEVER = (
    "zqxfacnotes",  # the facilitator's notes
    "zqxprivate",  # Red's private briefing
    "zqxagenda",  # Red's hidden agenda
    "zqxresolve",  # the hidden track's id
    "zqxlabel",  # its label
    "131.25",  # its value
    "zqxinjecttitle",  # the inject sent to Red
    "zqxinjecttext",
)


def leaks(text: str) -> list[str]:
    return [marker for marker in NEVER if marker in text.lower()]


async def test_solo_play_shows_blue_nothing_that_is_not_blues(data_dir: Path) -> None:
    compiled, _ = load_scenario(SECRETS)
    app = make_app(
        scenario_path=SECRETS,
        scenario=compiled,
        player="blue",
        session_path=data_dir / "solo.jsonl",
        start_on="briefing",
    )
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, BriefingScreen)
        # the briefing: no facilitator notes tab, no other team's secrets on any tab
        assert "notes" not in {pane.id for pane in app.screen.query("TabPane")}
        for tab in ("situation", "actors-tab", "calendar"):
            app.screen.query_one(TabbedContent).active = tab
            await pilot.pause()
            assert leaks(screen_text(app)) == [], tab
        assert "Facilitator notes" not in screen_text(app)
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        session = app.live.session  # type: ignore[union-attr]
        # the board, the log and the injects: no hidden track, the inject to Red unread
        text = screen_text(app)
        assert leaks(text) == [] and leaks(notices(app)) == []
        assert "A message was delivered to Red" in text
        await pilot.press("n")  # → declaration: the computer has not declared yet
        await pilot.pause()
        assert not [d for d in session.state.declarations if d.actor == "red"]
        assert "Zqxsealedlabel" not in screen_text(app) + notices(app)
        await pilot.press("d")
        assert isinstance(app.screen, DeclareScreen)
        app.screen.query_one("#kind", TabbedContent).active = "freeform"
        await pilot.pause()
        help_text = str(app.screen.query_one("#track-names", Static).render())
        assert "tension (by at most 1)" in help_text and "zqxresolve" not in help_text
        assert "dice: 2d6 against 7" in help_text  # adjudicated, never granted
        assert leaks(screen_text(app)) == []
        app.screen.query_one("#kind", TabbedContent).active = "catalogue"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n")  # → adjudication: only now the computer declares for Red
        await pilot.pause()
        red = [d for d in session.state.declarations if d.actor == "red"]
        blue = [d for d in session.state.declarations if d.actor == "blue"]
        assert red and blue and blue[0].seq < red[0].seq
        while not session.over:
            assert leaks(screen_text(app)) == [] and leaks(notices(app)) == []
            await pilot.press("enter")
            await pilot.press("n")
            await pilot.pause()
        assert leaks(screen_text(app)) == [] and leaks(notices(app)) == []
