"""Shared fixtures: the small engine scenario and isolated data directories."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.toml"


@pytest.fixture(scope="session")
def mini() -> CompiledScenario:
    """tests/data/mini.toml: two actors, three turns, every mechanism once."""
    compiled, _ = load_scenario(MINI)
    return compiled


@pytest.fixture(autouse=True)
def _data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sessions never land in the real user data directory during tests."""
    monkeypatch.setenv("TABLETOP_DATA_DIR", str(tmp_path_factory.mktemp("data")))
