"""Golden files: a scripted session of mini.toml exported in every format.

The session (tests/export/helpers.py) has a fixed seed, fixed timestamps, a fixed
journal path and a fixed scenario hash, so each export is byte-for-byte stable. When
a change to the report, the engine or mini.toml is intended, regenerate them with

    UPDATE_GOLDENS=1 .venv/bin/pytest tests/export/test_golden.py

and review the diff of tests/export/golden/ before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tabletop.export import FORMATS, render
from tabletop.scenario.compiled import CompiledScenario
from tests.export.helpers import JOURNAL

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDENS") == "1"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_matches_the_golden_file(
    fmt: str,
    golden_header: dict[str, Any],
    golden_events: list[dict[str, Any]],
    golden_scenario: CompiledScenario,
) -> None:
    """Given the scripted session, when it is exported, then the text is the golden file's."""
    text = render(fmt, golden_header, golden_events, golden_scenario, journal=JOURNAL)
    check_golden(GOLDEN / f"mini{FORMATS[fmt]}", text)


def check_golden(path: Path, text: str) -> None:
    """The text is the golden file's (written, and the test failed, when it is missing)."""
    if UPDATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        if not UPDATE:
            pytest.fail(f"{path} did not exist; it has been written: review it and run again")
    assert text == path.read_bytes().decode("utf-8"), (
        f"{path.name} differs; if the change is intended, run with UPDATE_GOLDENS=1"
    )


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_an_evaluated_export_matches_the_golden_file(
    fmt: str,
    evaluated_header: dict[str, Any],
    evaluated_events: list[dict[str, Any]],
    evaluated_scenario: CompiledScenario,
) -> None:
    """Given the scripted session of mini_eval with its evaluation (details, observations,
    ratings, an improvement plan, feedback), when exported, then the text is the golden
    file's (`mini_eval.*`: the AAR/IP)."""
    text = render(fmt, evaluated_header, evaluated_events, evaluated_scenario, journal=JOURNAL)
    check_golden(GOLDEN / f"mini_eval{FORMATS[fmt]}", text)


def test_the_export_is_deterministic(
    golden_header: dict[str, Any],
    golden_events: list[dict[str, Any]],
    golden_scenario: CompiledScenario,
) -> None:
    """Given the same session twice, when exported, then every format gives the same text."""
    for fmt in FORMATS:
        first = render(fmt, golden_header, golden_events, golden_scenario, journal=JOURNAL)
        again = render(fmt, golden_header, list(golden_events), golden_scenario, journal=JOURNAL)
        assert first == again


def test_the_golden_session_uses_every_part_of_the_report(
    golden_events: list[dict[str, Any]],
) -> None:
    """The scripted session has a note of each tag, a free-form move, an override, an undo."""
    kinds = {e["kind"] for e in golden_events}
    assert {"note", "undo", "dice_rolled", "move_adjudicated", "session_ended"} <= kinds
    assert {e["tag"] for e in golden_events if e["kind"] == "note"} == {
        "note",
        "strength",
        "improvement",
    }
    assert any(e["kind"] == "move_declared" and e["move"] is None for e in golden_events)
    assert any(e["kind"] == "move_adjudicated" and e["override"] for e in golden_events)
    assert golden_events[-1]["kind"] == "session_ended"
