"""`tabletop play SCENARIO`: a loading screen at once, the scenario loaded in a worker,
the briefing after it; a scenario that cannot be played closes the app with status 1."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tabletop.tui.app import TabletopApp
from tabletop.tui.screens.briefing import BriefingScreen
from tabletop.tui.screens.loading import LoadingScreen

from .helpers import MINI, make_app, screen_text


async def _until_closed(app: TabletopApp, pilot: Pilot[None]) -> None:
    """Wait (bounded) for the app to close itself."""
    for _ in range(200):
        if app.return_code is not None:
            return
        await pilot.pause(0.05)
    raise AssertionError("the app did not close")


async def test_the_loading_screen_comes_first_then_the_briefing() -> None:
    app = make_app(scenario_path=MINI, start_on="briefing")
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen_stack[-1], LoadingScreen | BriefingScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert len(app.screen_stack) == 2  # the briefing replaced the loading screen
        assert "Mini crisis" in screen_text(app)
    assert app.return_code in (None, 0)


async def test_a_bad_scenario_closes_the_app_with_its_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[scenario]\nid = "Bad Id"\n', encoding="utf-8")
    app = make_app(scenario_path=bad, start_on="briefing")
    async with app.run_test(size=(100, 30)) as pilot:
        await _until_closed(app, pilot)
    assert app.return_code == 1
    assert any(
        line.startswith(f"{bad}:") and "scenario.id" in line for line in app.startup_problems
    )


async def test_an_unknown_solo_actor_closes_the_app_too() -> None:
    app = make_app(scenario_path=MINI, start_on="briefing", player="green")
    async with app.run_test(size=(100, 30)) as pilot:
        await _until_closed(app, pilot)
    assert app.return_code == 1
    assert app.startup_problems == ["--as green: there is no actor 'green' (actors: red, blue)"]
