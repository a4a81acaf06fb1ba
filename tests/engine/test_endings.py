"""An ending's consequences: its effects apply when it fires, before the actors are scored."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.engine.replay import replay
from tabletop.engine.session import Session
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario
from tabletop.scenario.problems import ScenarioError
from tests.conftest import MINI


def _with(tmp_path: Path, old: str, new: str) -> Path:
    text = MINI.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "mini.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.fixture
def punished(tmp_path: Path) -> CompiledScenario:
    """mini.toml whose war ending raises the alert and cools tension: its consequences."""
    path = _with(
        tmp_path,
        'summary = "It came to war."',
        'summary = "It came to war."\n'
        'effects = [\'alert = "high"\', "talks_open = false", "tension = 0"]\n'
        'bad_for = ["red"]',
    )
    compiled, _ = load_scenario(path)
    return compiled


def test_an_endings_effects_apply_when_it_fires(punished: CompiledScenario) -> None:
    """Given an ending with effects, when it fires, then its effects are in the final state,
    recorded on the session_ended event, and a replay gives the same state."""
    session = Session(punished, seed=1)
    session.end("war")
    ended = session.events[-1]
    assert ended["kind"] == "session_ended"
    assert ended["effects"] == [
        ["alert", "low", "high"],
        ["talks_open", True, False],
        ["tension", 3, 0],
    ]
    assert session.state.values["alert"] == "high"
    assert session.state.values["talks_open"] is False
    again = replay(punished.initial_values(), session.events)
    assert again.values == session.state.values


def test_scores_see_the_endings_effects(punished: CompiledScenario) -> None:
    """Given an objective that reads a track the ending changes (Red scores tension), when
    the ending fires, then the objective is scored after the change."""
    session = Session(punished, seed=1)
    assert session.scores()["red"]["total"] == 3
    session.end("war")
    assert session.events[-1]["scores"]["red"]["total"] == 0


def test_an_ending_without_effects_changes_nothing(mini: CompiledScenario) -> None:
    session = Session(mini, seed=1)
    before = dict(session.state.values)
    session.end("standoff")
    assert session.events[-1]["effects"] == []
    assert session.state.values == before


def test_bad_for_names_actors(tmp_path: Path) -> None:
    path = _with(tmp_path, 'summary = "It came to war."', 'summary = "x"\nbad_for = ["green"]')
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert any("bad_for" in line and "green" in line for line in caught.value.lines())
