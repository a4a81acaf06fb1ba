"""CI runs README's test command exactly: what a contributor is told to run is what CI
judges, so the two change together (issue 10: the suite runs on every core)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _pytest_lines(text: str) -> list[str]:
    """The lines that run pytest, comments after `#` cut off."""
    return [
        line.split(" #")[0].strip()
        for line in text.splitlines()
        if "-m pytest" in line and not line.lstrip().startswith("#")
    ]


def _options(command: str) -> str:
    return command.split("-m pytest", 1)[1].strip()


def test_ci_runs_the_readme_test_command_exactly() -> None:
    (quickstart,) = [c for c in _pytest_lines(README) if "pip install" in c]
    assert _pytest_lines(CI) == [quickstart]


def test_the_development_section_gives_the_same_options() -> None:
    (quickstart,) = [c for c in _pytest_lines(README) if "pip install" in c]
    development = [c for c in _pytest_lines(README) if c.startswith(".venv/bin/python -m pytest")]
    assert development
    assert {_options(c) for c in development} == {_options(quickstart)}
