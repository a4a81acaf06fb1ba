"""Solo play's board is the player's team's: a deception it did not see through keeps
its board where it believes it is (tests/audience/test_beliefs.py, in the TUI)."""

from __future__ import annotations

from pathlib import Path

from tabletop.scenario.load import load_scenario
from tabletop.tui.app import TabletopApp
from tabletop.tui.screens.consequences import ConsequencesScreen
from tabletop.tui.screens.console import ConsoleScreen
from tabletop.tui.widgets.state_board import StateBoard
from tests.audience.helpers import SECRETS
from tests.audience.test_beliefs import TRICK

from .helpers import make_app, screen_text


def tricked_app(
    tmp_path: Path, player: str | None, session_path: Path, extra: str = ""
) -> TabletopApp:
    """The app on the briefing of secrets.toml with Red's trick (a deceptive move no one
    sees through) and `extra` scenario text, played by `player` (None: the facilitator)."""
    path = tmp_path / "trick.toml"
    path.write_text(SECRETS.read_text(encoding="utf-8") + TRICK + extra, encoding="utf-8")
    compiled, _ = load_scenario(path)
    return make_app(
        scenario_path=path,
        scenario=compiled,
        player=player,
        session_path=session_path,
        start_on="briefing",
    )


async def test_a_solo_players_board_keeps_what_its_team_believes(
    data_dir: Path, tmp_path: Path
) -> None:
    app = tricked_app(tmp_path, "blue", data_dir / "solo.jsonl")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        session = app.live.session  # type: ignore[union-attr]
        session.advance()  # declaration
        session.declare(
            "red", "trick", by="computer"
        )  # (solo play decides both as the phase opens,
        session.declare("blue", "talk")  # in this order)
        session.advance()  # adjudication
        for declaration in list(session.state.pending()):  # (if any is left)
            session.computer_adjudicate(declaration.seq)
        # The trick's Tension +4 behind its public face, then Talk's -1 for all to see.
        assert session.state.values["tension"] == 6  # the trick's hidden +4 too
        app.revision += 1
        await pilot.pause()
        board = app.screen.query_one(StateBoard)
        assert [(v.track.id, v.value) for v in board.views] == [("tension", 2)]
        shown = screen_text(app)
        assert "Tricked" not in shown and "A calm gesture" in shown  # its face, not its truth
        assert "Tension 7→6" not in shown and "Tension 3→2" in shown
        session.end("standoff")
        app.show_outcome()  # type: ignore[attr-defined]
        await pilot.pause()
        shown = screen_text(app)
        assert "Talk" in shown and "Tension 3→2" in shown and "7→6" not in shown


async def test_solo_consequences_read_from_what_the_team_believes(
    data_dir: Path, tmp_path: Path
) -> None:
    """Given solo play as Blue, Red's trick (its truth Tension +4, not seen through) and
    Blue's Talk (Tension -1) declared, when the facilitator's key moves on to the
    adjudication and the consequences are shown, then Talk's change reads 3→2, what Blue
    believes, not 7→6, the truth it was never shown."""
    app = tricked_app(tmp_path, "blue", data_dir / "solo.jsonl")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        session = app.live.session  # type: ignore[union-attr]
        session.advance()  # declaration
        session.declare("red", "trick", by="computer")
        session.declare("blue", "talk")
        app.revision += 1
        await pilot.pause()
        for _ in range(3):  # on to the adjudication, then the consequences
            if isinstance(app.screen, ConsequencesScreen):
                break
            await pilot.press("n")
            await pilot.pause()
        assert isinstance(app.screen, ConsequencesScreen)
        shown = screen_text(app)
        assert "Tension 3→2" in shown and "7→6" not in shown
