"""Fixtures for the simulation tests: the scenarios they play and a CLI runner."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tabletop.cli import main

DATA = Path(__file__).resolve().parents[1] / "data"
MINI = DATA / "mini.toml"
COIN = DATA / "coin.toml"


@pytest.fixture
def simulate(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run `tabletop simulate ARGS...`; returns (status, stdout, stderr)."""

    def run(*args: str | Path) -> tuple[int, str, str]:
        capsys.readouterr()
        status = main(["simulate", *(str(a) for a in args)])
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture
def simulate_json(
    simulate: Callable[..., tuple[int, str, str]],
) -> Callable[..., dict[str, Any]]:
    """Run `tabletop simulate ARGS... --json` and parse the report."""

    def run(*args: str | Path) -> dict[str, Any]:
        status, out, err = simulate(*args, "--json")
        assert status == 0, err
        return json.loads(out)  # type: ignore[no-any-return]

    return run


def variant(tmp_path: Path, source: Path, name: str, *replacements: tuple[str, str]) -> Path:
    """A copy of a scenario file with some text replaced (each must be found)."""
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
