"""Fixtures for the TUI tests: sessions with a fixed seed in a temporary data directory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tabletop.live import LiveSession, start_session

from .helpers import MINI, SEED


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """TABLETOP_DATA_DIR for this test; sessions land in its `sessions` directory."""
    monkeypatch.setenv("TABLETOP_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data" / "sessions"


@pytest.fixture
def new_live(data_dir: Path) -> Iterator[Callable[..., LiveSession]]:
    """Start sessions of mini.toml (or another scenario) with the fixed seed."""
    opened: list[LiveSession] = []

    def make(name: str = "session.jsonl", scenario: Path = MINI, **kwargs: object) -> LiveSession:
        data_dir.mkdir(parents=True, exist_ok=True)
        live = start_session(scenario, seed=SEED, session_path=data_dir / name, **kwargs)  # type: ignore[arg-type]
        opened.append(live)
        return live

    yield make
    for live in opened:
        live.close()
