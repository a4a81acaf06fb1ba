"""The scenario files the documentation shows are what tabletop says of them: a newcomer
copies them first, so the walk-through's Blackout and the worked examples in
docs/examples/ validate without a warning, and the problems the "Checking a file"
section prints for its faulty file are the lines `tabletop validate` prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tabletop.cli import main
from tabletop.scenario.load import load_scenario, parse_scenario

DOCS = Path(__file__).parents[2] / "docs"
FORMAT = (DOCS / "scenario-format.md").read_text(encoding="utf-8")


def block_after(marker: str, language: str = "toml") -> str:
    """The first fenced block of `language` after `marker` in scenario-format.md."""
    found = re.search(rf"```{language}\n(.*?)```", FORMAT[FORMAT.index(marker) :], re.S)
    assert found is not None, marker
    return found.group(1)


def test_the_walk_through_file_is_valid_without_warnings() -> None:
    _, problems = parse_scenario(block_after("The complete file, `blackout.toml`:"), "b.toml")
    assert problems == []


@pytest.mark.parametrize("path", sorted((DOCS / "examples").glob("*.toml")), ids=lambda p: p.name)
def test_each_worked_example_is_valid_without_warnings(path: Path) -> None:
    _, problems = load_scenario(path)
    assert problems == []


def test_the_documented_problems_are_the_ones_printed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given the faulty file of "Checking a file", when it is validated, then stderr is
    the three lines the section shows."""
    monkeypatch.chdir(tmp_path)
    Path("my_scenario.toml").write_text(block_after("For this file:"), encoding="utf-8")
    assert main(["validate", "my_scenario.toml"]) == 1
    shown = block_after("`tabletop validate my_scenario.toml` prints:", "").strip()
    assert capsys.readouterr().err.strip() == shown
