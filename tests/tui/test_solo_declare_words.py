"""Solo play's declare dialog speaks in the player's team's words: no hidden track's
label (in a modifier or a refusal), nothing a deception hid from the team (whether a
condition on a track it was deceived about holds). The facilitator's dialog says all."""

from __future__ import annotations

from pathlib import Path

from tabletop.scenario.load import load_scenario
from tabletop.tui.screens.declare import DeclareScreen
from tests.audience.helpers import SECRETS
from tests.audience.test_beliefs import SOOTHE, TRICK

from .helpers import make_app, screen_text

PROBE = """
[[moves]]
id = "probe"
actor = "blue"
label = "Probe"
requires = "zqxresolve < 99999"
[moves.adjudication]
method = "dice"
target = 7
[[moves.adjudication.modifiers]]
label = "Zqxmodlabel"
when = "zqxresolve > 1"
value = 1
[[moves.outcomes]]
id = "probed"
label = "Probed"
result = "success"
[[moves.outcomes]]
id = "rebuffed"
label = "Rebuffed"
result = "failure"

[[moves]]
id = "sound"
actor = "blue"
label = "Sound out"
requires = "zqxresolve > 99999"
[[moves.outcomes]]
id = "sounded"
label = "Sounded"
"""
"""Blue's moves that read the hidden track: a modifier labelled with a marker, and a
precondition that fails on it (its words would give the track's label)."""


async def _declare_dialog_text(tmp_path: Path, player: str | None) -> str:
    path = tmp_path / "trick.toml"
    path.write_text(SECRETS.read_text(encoding="utf-8") + TRICK + SOOTHE + PROBE, encoding="utf-8")
    compiled, _ = load_scenario(path)
    app = make_app(
        scenario_path=path,
        scenario=compiled,
        player=player,
        session_path=tmp_path / "s.jsonl",
        start_on="briefing",
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        session = app.live.session  # type: ignore[union-attr]
        session.advance()  # declaration
        session.declare("red", "trick")
        session.declare("blue", "talk")
        session.advance()  # adjudication
        for declaration in list(session.state.pending()):
            outcome = "done" if declaration.move == "trick" else "progress"
            session.adjudicate(declaration.seq, outcome)
        for _ in range(3):  # consequences, the next turn, its declarations
            session.advance()
        app.after_change([])
        await pilot.pause()
        app.action_declare()  # type: ignore[attr-defined]
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DeclareScreen)
        if player is None:
            dialog.query_one("#actor").value = "blue"  # type: ignore[attr-defined]
            await pilot.pause()
        texts = [screen_text(app)]
        for number in range(1, 5):  # each move's details in turn
            dialog.query_one("#moves").highlighted = number - 1  # type: ignore[attr-defined]
            await pilot.pause()
            texts.append(screen_text(app))
        return "\n".join(texts)


async def test_a_solo_player_reads_its_moves_in_its_teams_words(tmp_path: Path) -> None:
    """Given solo play as Blue after Red's trick (Tension 3→7 behind a calm face), when
    Blue opens the declare dialog and reads each move, then Soothe (needs Tension under 5)
    reads that its conditions do not hold, without the condition's verdict; Probe's
    modifier on the hidden track is "a hidden factor"; Sound out (a condition on the
    hidden track) names no hidden track."""
    shown = await _declare_dialog_text(tmp_path, "blue")
    assert "Soothe — its conditions do not hold now" in shown
    assert "Tension less than 5" not in shown.split("Needs:")[0]  # (the list's line)
    assert "a hidden factor +1" in shown
    assert "Zqx" not in shown and "zqx" not in shown


async def test_the_facilitator_reads_every_reason(tmp_path: Path) -> None:
    """Given the same session at the facilitator's console, when the declare dialog shows
    Blue's moves, then it gives the rules' words: Soothe's condition, the modifier's
    label, the hidden track by name."""
    shown = await _declare_dialog_text(tmp_path, None)
    assert "Soothe — needs: Tension less than 5" in shown
    assert "Zqxmodlabel +1" in shown
