"""Free-form moves are adjudicated, not granted; a player's are bounded by the scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.engine import errors
from tabletop.engine.session import Session
from tabletop.scenario.bundled import resolve_scenario
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario
from tabletop.scenario.problems import ScenarioError
from tests.conftest import MINI


@pytest.fixture(scope="module")
def ukraine() -> CompiledScenario:
    compiled, _ = load_scenario(resolve_scenario("ukraine_2022"))
    return compiled


def solo(scenario: CompiledScenario, player: str, seed: int = 1) -> Session:
    computer = [a for a in scenario.actors if a != player]
    session = Session(scenario, seed, computer=computer, auto_adjudicate=True)
    session.advance()
    return session


def test_a_players_free_form_move_is_rolled_not_granted(mini: CompiledScenario) -> None:
    """Given solo play as Blue, when Blue declares a free-form move, then it is rolled
    (argued 2d6 against 7 by default) and fails about as often as a fair roll says."""
    results = []
    for seed in range(40):
        session = solo(mini, "blue", seed)
        session.declare_freeform("blue", "A quiet word", effects=["tension -= 1"])
        session.advance()
        adjudicated = next(e for e in session.events if e["kind"] == "move_adjudicated")
        assert adjudicated["method"] == "dice" and adjudicated["by"] == "computer"
        assert any(e["kind"] == "dice_rolled" for e in session.events)
        results.append(adjudicated["outcome"])
    assert {"success", "failure"} <= set(results)


def test_troops_zero_and_progress_ten_cannot_be_declared(ukraine: CompiledScenario) -> None:
    """Given solo play as the United States (the issue's example), a free-form move that
    sets Russia's troops to 0 is refused: no US move touches them."""
    session = solo(ukraine, "usa")
    with pytest.raises(errors.BadEffect, match="may change only what its own moves change"):
        session.declare_freeform(
            "usa", "Peace now", effects=["troops_near_border = 0", "diplomatic_progress = 10"]
        )


def test_a_players_free_form_effect_is_bounded_by_its_own_moves(
    ukraine: CompiledScenario,
) -> None:
    """Given a US free-form move that sets diplomatic progress to 10, when it succeeds,
    the change is at most the largest change a US catalogue move would make now."""
    for seed in range(30):
        session = solo(ukraine, "usa", seed)
        limit = session.freeform_limit("usa", "diplomatic_progress")
        before = session.state.values["diplomatic_progress"]
        session.declare_freeform("usa", "Grand bargain", effects=["diplomatic_progress = 10"])
        session.advance()
        adjudicated = next(
            e for e in session.events if e["kind"] == "move_adjudicated" and e["actor"] == "usa"
        )
        if adjudicated["outcome"] == "success":
            [change] = adjudicated["effects"]
            assert change[0] == "diplomatic_progress"
            assert 0 < change[2] - before <= limit < 10 - before
            return
    pytest.fail("no success in 30 seeds")


def test_a_player_cannot_name_a_hidden_track(ukraine: CompiledScenario) -> None:
    """Given the hidden Kremlin resolve, a player's free-form effect on it is refused, and
    the tracks the dialog offers do not include it."""
    session = solo(ukraine, "usa")
    assert "kremlin_resolve" not in session.freeform_tracks("usa")
    with pytest.raises(errors.BadEffect) as refused:
        session.declare_freeform("usa", "Sap their will", effects=["kremlin_resolve -= 5"])
    assert (
        "known:" not in str(refused.value) or "kremlin" not in str(refused.value).split("known:")[1]
    )


def test_the_facilitators_free_form_move_is_still_their_choice(mini: CompiledScenario) -> None:
    """Given a facilitated session and no [freeform] table, the facilitator chooses."""
    session = Session(mini, 1)
    session.advance()
    session.declare_freeform("blue", "Back channel", effects=["tension -= 1"])
    session.advance()
    seq = session.state.declarations[0].seq
    assert session.odds(seq).method == "choice"
    session.adjudicate(seq, "success")
    assert session.state.values["tension"] == 2


def test_a_stated_freeform_method_applies_to_every_free_form_move(tmp_path: Path) -> None:
    """Given `[freeform]` with a probability, the facilitator's free-form move uses it."""
    path = tmp_path / "stated.toml"
    path.write_text(
        MINI.read_text(encoding="utf-8")
        + "\n[freeform]\nlimits = { tension = 1 }\n"
        + '[freeform.adjudication]\nmethod = "probability"\nchance = 0.5\n',
        encoding="utf-8",
    )
    compiled, _ = load_scenario(path)
    session = Session(compiled, 1)
    session.advance()
    session.declare_freeform("blue", "Back channel", effects=["tension -= 1"])
    session.advance()
    assert session.odds(session.state.declarations[0].seq).method == "probability"


def test_a_granted_freeform_method_is_refused(tmp_path: Path) -> None:
    """Given `[freeform.adjudication] method = "auto"`, the scenario is refused."""
    path = tmp_path / "granted.toml"
    path.write_text(
        MINI.read_text(encoding="utf-8") + '\n[freeform.adjudication]\nmethod = "auto"\n',
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as refused:
        load_scenario(path)
    assert "freeform.adjudication.method: a free-form move is adjudicated, never granted" in (
        "\n".join(refused.value.lines())
    )


def test_in_solo_play_the_computer_declares_after_the_player(mini: CompiledScenario) -> None:
    """Given solo play as Blue, the computer's Red declares only when Blue ends the
    declaration phase (simultaneous moves: Blue never sees Red's first)."""
    session = solo(mini, "blue")
    assert session.state.declarations == []
    session.declare("blue", "talk")
    session.advance()
    actors = [e["actor"] for e in session.events if e["kind"] == "move_declared"]
    assert actors == ["blue", "red"]
