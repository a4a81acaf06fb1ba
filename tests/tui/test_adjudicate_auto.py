"""The adjudicate dialog on an automatic move: which outcome the rules pick now."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tabletop.live import LiveSession
from tests.sim.conftest import variant

from .helpers import MINI, make_app, screen_text

STALLS = (
    '[[moves.outcomes]]\nid = "done"\nlabel = "Troops mobilised"',
    '[[moves.outcomes]]\nid = "stalled"\nlabel = "Mobilisation stalls"\nwhen = "tension >= 10"\n'
    'effects = []\n[[moves.outcomes]]\nid = "done"\nlabel = "Troops mobilised"',
)


async def test_an_automatic_move_says_which_outcome_the_rules_pick_not_a_0_chance(
    new_live: Callable[..., LiveSession], tmp_path: Path
) -> None:
    """Given an automatic move with two outcomes, the first's condition false now, when
    the facilitator opens its adjudication, then the outcome the rules pick is marked
    as picked now and the other shows no "(0%)" (it is no chance: the state decides)."""
    live = new_live(scenario=variant(tmp_path, MINI, "stalls.toml", STALLS))
    session = live.session
    session.advance()
    session.declare("red", "mobilise")
    session.advance()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        text = screen_text(app)
        assert "Troops mobilised  ← the rules pick this now" in text
        assert "Mobilisation stalls" in text
        assert "(0%)" not in text and "(100%)" not in text
