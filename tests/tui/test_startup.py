"""`tabletop play SCENARIO`: a loading screen at once, the scenario loaded in a worker,
the briefing after it; a scenario that cannot be played closes the app with status 1.

`tabletop`: the start screen at once, its lists read in workers and shown whole when both
are there; keys typed before that are played in then."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from tabletop.tui.app import TabletopApp
from tabletop.tui.files import ScenarioEntry, scenario_entry
from tabletop.tui.screens import start
from tabletop.tui.screens.briefing import BriefingScreen
from tabletop.tui.screens.loading import LoadingScreen
from tabletop.tui.screens.start import StartScreen

from .helpers import DATA, MINI, make_app, screen_text

COIN = DATA / "coin.toml"


async def _until_closed(app: TabletopApp, pilot: Pilot[None]) -> None:
    """Wait (bounded) for the app to close itself."""
    for _ in range(200):
        if app.return_code is not None:
            return
        await pilot.pause(0.05)
    raise AssertionError("the app did not close")


async def _briefing_shown(app: TabletopApp, pilot: Pilot[None]) -> bool:
    """Whether the briefing comes up (bounded wait): the held keys are played in once the
    lists arrive, and opening the scenario then takes a worker of its own, which a loaded
    machine may not have finished by the next pause."""
    for _ in range(100):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if isinstance(app.screen, BriefingScreen):
            return True
        await pilot.pause(0.05)
    return False


async def test_the_loading_screen_comes_first_then_the_briefing() -> None:
    app = make_app(scenario_path=MINI, start_on="briefing")
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen_stack[-1], LoadingScreen | BriefingScreen)
        assert await _briefing_shown(app, pilot)
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


def held_list(gate: threading.Event) -> Callable[[], list[ScenarioEntry]]:
    """The scenarios mini and coin, listed once `gate` is set (a slow disk, on demand)."""

    def listed() -> list[ScenarioEntry]:
        assert gate.wait(10), "the test never let the list through"
        return [scenario_entry(MINI), scenario_entry(COIN)]

    return listed


async def test_enter_typed_before_the_lists_opens_the_preselected_scenario(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(start, "SHOW_BY", 60.0)  # a loaded machine must not show them early
    gate = threading.Event()
    app = make_app(scenario_path=MINI, list_bundled=held_list(gate))
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StartScreen) and not screen.ready
            # Nothing of the lists' box is on screen yet: no placeholder to move later.
            assert not screen.query_one("#start-body").display
            assert "Reading" not in screen_text(app)
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is screen  # held, not lost, and not acted on yet
            gate.set()
            assert await _briefing_shown(app, pilot)
            assert "Mini crisis" in screen_text(app)
    finally:
        gate.set()


async def test_keys_typed_before_the_lists_act_on_them_in_order() -> None:
    gate = threading.Event()
    app = make_app(scenario_path=MINI, list_bundled=held_list(gate))
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("down", "enter")  # the scenario after the preselected one
            gate.set()
            assert await _briefing_shown(app, pilot)
            assert "Coin" in screen_text(app)
    finally:
        gate.set()


async def test_enter_typed_while_the_terminal_starts_opens_the_scenario_too() -> None:
    """Given Enter typed before the app took the terminal over (the terminal's line mode
    turns it into a newline, which arrives as ctrl+j), when the lists are there, then it
    acts as Enter: the preselected scenario's briefing opens."""
    gate = threading.Event()
    app = make_app(scenario_path=MINI, list_bundled=held_list(gate))
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+j")
            gate.set()
            assert await _briefing_shown(app, pilot)
            assert "Mini crisis" in screen_text(app)
    finally:
        gate.set()


async def test_the_lists_appear_whole_and_keys_then_act_at_once() -> None:
    app = make_app(scenario_path=MINI, list_bundled=lambda: [scenario_entry(MINI)])
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen) and screen.ready
        assert screen.query_one("#start-body").display
        scenarios = screen.query_one("#scenarios", OptionList)
        assert app.focused is scenarios and scenarios.highlighted == 0
        assert "Mini crisis" in screen_text(app) and "No saved sessions yet" in screen_text(app)
        await pilot.press("enter")
        assert await _briefing_shown(app, pilot)


async def test_lists_slow_to_come_show_as_placeholders_and_keys_still_wait(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(start, "SHOW_BY", 0.05)
    gate = threading.Event()
    app = make_app(scenario_path=MINI, list_bundled=held_list(gate))
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.3)
            screen = app.screen
            assert isinstance(screen, StartScreen) and not screen.ready
            assert screen.query_one("#start-body").display  # better than an empty screen
            assert "Reading the bundled scenarios" in screen_text(app)
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is screen
            gate.set()
            assert await _briefing_shown(app, pilot)
    finally:
        gate.set()


async def test_quitting_waits_for_no_list() -> None:
    gate = threading.Event()
    app = make_app(scenario_path=MINI, list_bundled=held_list(gate))
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+q")
            await _until_closed(app, pilot)
            assert app.return_code == 0
    finally:
        gate.set()
