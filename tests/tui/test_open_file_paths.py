"""The open-file dialog takes any path a facilitator types: one Python cannot expand or
the system cannot open is refused on the start screen with the reason, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.tui.screens.open_file import OpenFileScreen
from tabletop.tui.screens.start import StartScreen
from tabletop.tui.widgets.fields import TextField

from .helpers import flat, make_app, screen_text


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("~no-such-user-here/crisis.toml", "~no-such-user-here"),
        ("x" * 300 + ".toml", "cannot read: file name too long"),
    ],
)
async def test_a_path_that_cannot_be_opened_is_refused(
    data_dir: Path, typed: str, said: str
) -> None:
    """Given the open-file dialog, when a path with an unknown user's home or a name too
    long for the system is typed and Enter pressed, then the dialog or the start screen
    says why and the app goes on (an unknown `~user` stopped it with RuntimeError)."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OpenFileScreen)
        app.screen.query_one("#path", TextField).value = typed
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        text = flat(screen_text(app))
        assert isinstance(app.screen, (StartScreen, OpenFileScreen)), text
        assert said.lower() in text.lower()
