"""The seat's declare dialog tells a team its keys, as the console's declare dialog does."""

from __future__ import annotations

from pathlib import Path

from tabletop.live import start_session
from tests.conftest import MINI
from tests.seats.test_seat_pilot import seat, shows
from tests.tui.helpers import screen_text


async def test_the_seat_declare_dialog_has_a_key_hint_line(tmp_path: Path) -> None:
    """Given a seat in the declaration phase, when its team opens the declare dialog, then
    a line says the keys that work there (Enter picks a move, Tab goes to the next field,
    ctrl+s submits, Esc closes), on one line beside the buttons at 100×32."""
    live = start_session(MINI, seed=3, session_path=tmp_path / "room.jsonl")
    live.session.advance()
    app = seat(live.path, team="red")
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            assert await shows(pilot, "d declares your team's move")
            await pilot.press("d")
            await pilot.pause()
            text = screen_text(app)
            assert "Enter picks · Tab next · ctrl+s submits · Esc closes" in text
    finally:
        live.close()
