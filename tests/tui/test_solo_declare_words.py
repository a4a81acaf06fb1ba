"""Solo play's declare dialog speaks in the player's team's words: no hidden track's
label (in a modifier or a refusal), nothing a deception hid from the team (whether a
condition on a track it was deceived about holds). The facilitator's dialog says all."""

from __future__ import annotations

from pathlib import Path

from tabletop.tui.screens.declare import DeclareScreen
from tests.audience.test_beliefs import SOOTHE

from .helpers import screen_text
from .test_solo_beliefs import tricked_app

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


async def _declare_dialog_text(
    tmp_path: Path, player: str | None, *, extra: str = "", moves: int = 4
) -> str:
    app = tricked_app(tmp_path, player, tmp_path / "s.jsonl", SOOTHE + PROBE + extra)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        session = app.live.session  # type: ignore[union-attr]
        session.advance()  # declaration
        session.declare("red", "trick", by="computer")
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
        for number in range(1, moves + 1):  # each move's details in turn
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


AUTOMATIC = """
[[moves]]
id = "gauge"
actor = "blue"
label = "Gauge"
[moves.adjudication]
method = "auto"
[[moves.outcomes]]
id = "calm"
label = "Calm"
when = "tension < 5"
[[moves.outcomes]]
id = "tense"
label = "Tense"

[[moves]]
id = "weigh"
actor = "blue"
label = "Weigh"
[moves.adjudication]
method = "auto"
[[moves.outcomes]]
id = "firm"
label = "Firm"
when = "zqxresolve > 1"
[[moves.outcomes]]
id = "soft"
label = "Soft"

[[moves]]
id = "count"
actor = "blue"
label = "Count"
[moves.adjudication]
method = "auto"
[[moves.outcomes]]
id = "early"
label = "Early"
when = "turn < 2"
[[moves.outcomes]]
id = "late"
label = "Late"
when = "turn >= 2"
"""
"""Blue's automatic moves after the trick (turn 2, Tension truly 7, believed 3): one
decided by the track Blue was deceived about, one by the hidden track, one by the turn."""


def _outcome_lines(shown: str) -> set[str]:
    """The outcome lines the dialog showed (`• …`), without the frame around them."""
    lines = (line.strip(" █┃▏") for line in shown.splitlines())
    return {line.strip() for line in lines if line.startswith("• ")}


async def test_an_automatic_moves_outcomes_say_when_each_is_taken(tmp_path: Path) -> None:
    """Given Blue's automatic moves after Red's trick, when the facilitator reads each
    move's details, then every outcome gives its condition in words and the one the rules
    give now is marked: Gauge's Tense (Tension is 7), Weigh's Firm, Count's Late."""
    shown = _outcome_lines(await _declare_dialog_text(tmp_path, None, extra=AUTOMATIC, moves=7))
    assert {
        "• Calm when Tension less than 5",
        "• Tense otherwise  ✓ holds now",
        "• Firm when Zqxlabel resolve more than 1  ✓ holds now",
        "• Soft otherwise",
        "• Early when before turn 2",
        "• Late when turn 2 or later  ✓ holds now",
    } <= shown


async def test_a_solo_player_reads_when_each_outcome_is_taken_without_a_secret(
    tmp_path: Path,
) -> None:
    """Given solo play as Blue after Red's trick, when Blue reads its automatic moves,
    then each outcome's condition is in its team's words (the hidden track's is "hidden")
    and the outcome taken now is marked only where no condition up to it reads the hidden
    track or the track Blue was deceived about: Count's Late, not Gauge's or Weigh's."""
    text = await _declare_dialog_text(tmp_path, "blue", extra=AUTOMATIC, moves=7)
    shown = _outcome_lines(text)
    assert {
        "• Calm when Tension less than 5",
        "• Tense otherwise",
        "• Firm when (hidden)",
        "• Soft otherwise",
        "• Early when before turn 2",
        "• Late when turn 2 or later  ✓ holds now",
    } <= shown
    assert "Zqx" not in text and "zqx" not in text
