"""The projector on a small screen (`tabletop watch`, 80×24): the room sees how the
session ended, and a move's narrative that wraps stays indented under its move."""

from __future__ import annotations

from pathlib import Path

from tabletop.journal.follow import Follower
from tabletop.live import start_session
from tabletop.scenario.bundled import resolve_scenario
from tabletop.scenario.load import load_scenario
from tabletop.tui.watch import WatchApp

from .helpers import screen_text


async def test_the_ending_is_in_sight_on_a_small_projector(tmp_path: Path) -> None:
    """Given a tutorial session ended after two moves were declared,
    when the projector shows it on 80×24, then "ENDED: An uneasy calm" is on screen (the
    pane was scrolled to its end, the latest move, and the ending above it out of sight)."""
    scenario = resolve_scenario("tutorial")
    live = start_session(scenario, seed=3, session_path=tmp_path / "ended.jsonl")
    s = live.session
    s.advance()
    s.declare("northland", "nl_patrol", reasons_for=["Our fleet must fish"])
    s.declare("southport", "sp_protest")
    s.note("The room argued long")
    s.end("uneasy_calm")
    live.close()
    compiled, _ = load_scenario(scenario)
    app = WatchApp(Follower(live.path), compiled, audience="room", poll_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "Phase: Ended" in text
        assert "ENDED: An uneasy calm" in text


async def test_a_wrapped_narrative_stays_under_its_move(tmp_path: Path) -> None:
    """Given a tutorial move adjudicated with a narrative longer than the screen is wide,
    when the projector shows it on 80×24, then each of the narrative's lines is indented
    under the move (its second line began at the pane's edge, under the bullets)."""
    scenario = resolve_scenario("tutorial")
    live = start_session(scenario, seed=3, session_path=tmp_path / "moves.jsonl")
    s = live.session
    s.advance()
    declared = s.declare("northland", "nl_patrol")
    s.advance()
    s.adjudicate(declared[-1]["seq"], "escorted", reason="The room agreed")
    live.close()
    compiled, _ = load_scenario(scenario)
    app = WatchApp(Follower(live.path), compiled, audience="room", poll_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        lines = screen_text(app).splitlines()
        first = next(i for i, line in enumerate(lines) if "The patrol shepherds" in line)
        column = lines[first].index("The patrol")
        assert column > 1
        wrapped = lines[first + 1]
        assert wrapped[:column].strip() == "" and wrapped[column : column + 1].strip()
