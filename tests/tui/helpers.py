"""Helpers for the TUI tests: a deterministic app, and what the screen shows as text."""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from textual.pilot import Pilot

from tabletop.tui.app import TabletopApp
from tabletop.tui.files import scenario_entry

DATA = Path(__file__).parent.parent / "data"
MINI = DATA / "mini.toml"
SEED = 3
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


def make_app(**kwargs: object) -> TabletopApp:
    """The app as the tests run it: deterministic on screen."""
    kwargs.setdefault("seed", SEED)
    kwargs.setdefault("cursor_blink", False)
    kwargs.setdefault("show_path", lambda path: path.name)
    kwargs.setdefault("clock", lambda: NOW)
    kwargs.setdefault("list_bundled", lambda: [scenario_entry(MINI)])
    return TabletopApp(**kwargs)  # type: ignore[arg-type]


def screen_text(app: TabletopApp) -> str:
    """What the terminal shows now, as plain text."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True
    )
    console.print(update)
    return console.export_text()


def notices(app: TabletopApp) -> str:
    """Every notification shown so far, one per line (title: message)."""
    return "\n".join(app.notices)


def set_mtime(path: Path, when: datetime) -> None:
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))


def flat(text: str) -> str:
    """The text with every run of whitespace as one space (for messages that wrap)."""
    return " ".join(text.split())


async def until(pilot: Pilot[object], test: Callable[[], bool], seconds: float = 3.0) -> bool:
    """Whether `test` holds within `seconds` (checked every 50 ms): a bounded wait for
    what the app does next, where one `pause()` is not always enough under load."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        if test():
            return True
        await pilot.pause(0.05)
    return test()
