"""Expressions in words: what the console and the reports show instead of code.

mini.toml has Tension (a number, 0–10), Talks open (a flag) and Alert (levels low, medium,
high); the bundled Ukraine scenario gives a track with a unit (troops).
"""

from __future__ import annotations

import pytest

from tabletop.engine.expr_words import condition_words, effect_words
from tabletop.engine.wording import format_changes, singular, with_unit
from tabletop.scenario.bundled import resolve_scenario
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario


@pytest.fixture(scope="module")
def ukraine() -> CompiledScenario:
    compiled, _ = load_scenario(resolve_scenario("ukraine_2022"))
    return compiled


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("talks_open", "Talks open"),
        ("not talks_open", "Talks open: no"),
        ("talks_open == false", "Talks open: no"),
        ("tension >= 7", "Tension at least 7"),
        ("7 <= tension", "Tension at least 7"),
        ("tension < 3", "Tension less than 3"),
        ("tension != 5", "Tension is not 5"),
        ('alert == "high"', "Alert is high"),
        ('alert >= "medium"', "Alert medium or higher"),
        ('alert == "low" or alert == "medium"', "Alert is low or medium"),
        (
            'turn >= 2 and (alert == "low" or alert == "medium")',
            "turn 2 or later and Alert is low or medium",
        ),
        (
            "talks_open and (tension > 4 or turn == 3)",
            "Talks open and (Tension more than 4 or turn 3)",
        ),
        ("tension + 2 > 5", "Tension + 2 more than 5"),
        ("true", ""),
    ],
)
def test_conditions_read_as_words(mini: CompiledScenario, text: str, words: str) -> None:
    """Given a condition as a designer writes it, then the facilitator reads the tracks'
    labels and plain comparisons, never an id or an operator like `>=`."""
    assert condition_words(mini, text) == words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("tension += 1", "Tension +1"),
        ("tension -= 2", "Tension −2"),
        ("tension += -2", "Tension −2"),
        ("tension *= 2", "Tension ×2"),
        ("tension = 9", "Tension set to 9"),
        ("tension += tension", "Tension + Tension"),
        ("talks_open = false", "Talks open: no"),
        ('alert = "high"', "Alert: high"),
        ("alert += 1", "Alert one level up"),
        ("alert -= 2", "Alert 2 levels down"),
    ],
)
def test_effects_read_as_words(mini: CompiledScenario, text: str, words: str) -> None:
    """Given an effect, then it reads as the change it makes to a labelled track."""
    assert effect_words(mini, text) == words


def test_units_come_with_numbers(ukraine: CompiledScenario) -> None:
    """Given a track with a unit, then its numbers carry it, separated by thousands."""
    assert effect_words(ukraine, "troops_near_border -= 30000") == (
        "Russian troops near Ukraine −30,000 troops"
    )
    assert condition_words(ukraine, "troops_near_border >= 120000") == (
        "Russian troops near Ukraine at least 120,000 troops"
    )


def test_units_and_plurals() -> None:
    """One of a plural unit is singular; percent sticks to its number."""
    assert with_unit(1, "carrier groups") == "1 carrier group"
    assert with_unit(2, "carrier groups") == "2 carrier groups"
    assert with_unit(1, "batteries") == "1 battery"
    assert with_unit(46, "%") == "46%"
    assert with_unit(120000, "troops") == "120,000 troops"
    assert with_unit(1, "") == "1"
    assert singular("ships") == "ship" and singular("press") == "press"


def test_text_that_does_not_parse_comes_back_printable(mini: CompiledScenario) -> None:
    """Text that is no expression (not from a loaded scenario) is shown as it is, without
    control characters."""
    assert condition_words(mini, "nonsense \x1b[2J here") == "nonsense [2J here"
    assert effect_words(mini, "tension +") == "tension +"


def test_changes_that_change_nothing_are_not_listed(mini: CompiledScenario) -> None:
    """Given an outcome that sets Tension to the 10 it already has, then the change list
    leaves it out (it changed nothing); a real change is listed with the track's label."""
    changes = [["tension", 10, 10], ["talks_open", True, False], ["alert", "low", "low"]]
    assert format_changes(mini, changes) == "Talks open yes→no"
    assert format_changes(mini, [["tension", 1, True]]) == "Tension 1→yes"
