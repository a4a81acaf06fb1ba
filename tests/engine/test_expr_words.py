"""Expressions in words: what the console and the reports show instead of code.

mini.toml has Tension (a number, 0–10), Talks open (a flag) and Alert (levels low, medium,
high); the bundled Ukraine scenario gives a track with a unit (troops).
"""

from __future__ import annotations

import dataclasses

import pytest

from tabletop.engine.expr_words import (
    actor_maximum,
    condition_words,
    effect_words,
    objective_maximum,
    score_maximum,
    score_words,
    value_words,
)
from tabletop.engine.wording import (
    format_changes,
    method_name,
    outcome_label,
    score_text,
    singular,
    with_unit,
)
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
        # the tutorial's escort: an `if` whose other branch is the track itself
        ('alert = if(alert == "low", "medium", alert)', "Alert: medium if Alert is low"),
        ("tension = if(talks_open, 2, tension)", "Tension set to 2 if Talks open"),
        ("tension = if(talks_open, 2, 5)", "Tension set to 2 if Talks open, else 5"),
    ],
)
def test_effects_read_as_words(mini: CompiledScenario, text: str, words: str) -> None:
    """Given an effect, then it reads as the change it makes to a labelled track."""
    assert effect_words(mini, text) == words


def test_a_unit_the_label_names_is_said_once(ukraine: CompiledScenario) -> None:
    """Given a track whose label names its unit (Russian troops near Ukraine, troops), then
    its numbers are separated by thousands and the unit is not said twice."""
    assert effect_words(ukraine, "troops_near_border -= 30000") == (
        "Russian troops near Ukraine −30,000"
    )
    assert condition_words(ukraine, "troops_near_border >= 120000") == (
        "Russian troops near Ukraine at least 120,000"
    )
    assert condition_words(ukraine, "120000 <= troops_near_border") == (
        "Russian troops near Ukraine at least 120,000"
    )
    changes = [["troops_near_border", 100000, 125000]]
    assert format_changes(ukraine, changes) == "Russian troops near Ukraine 100,000→125,000"


def _with_unit(mini: CompiledScenario, label: str, unit: str) -> CompiledScenario:
    """mini with Tension relabelled and given a unit."""
    tracks = dict(mini.tracks)
    tracks["tension"] = tracks["tension"].model_copy(update={"label": label, "unit": unit})
    return dataclasses.replace(mini, tracks=tracks)


@pytest.mark.parametrize(
    ("label", "unit", "condition", "effect", "change"),
    [
        (
            "Carrier presence",
            "carrier groups",
            "Carrier presence at least 2 carrier groups",
            "Carrier presence +1 carrier group",
            "Carrier presence 1→2 carrier groups",
        ),
        (
            "Carrier groups in the Gulf",
            "carrier groups",
            "Carrier groups in the Gulf at least 2",
            "Carrier groups in the Gulf +1",
            "Carrier groups in the Gulf 1→2",
        ),
        ("Ship count", "ships", "Ship count at least 2", "Ship count +1", "Ship count 1→2"),
        ("Approval", "%", "Approval at least 2%", "Approval +1%", "Approval 1→2%"),
        ("Troopships", "troops", "Troopships at least 2 troops", "Troopships +1 troop", None),
    ],
)
def test_a_unit_the_label_does_not_name_follows_the_number(
    mini: CompiledScenario,
    label: str,
    unit: str,
    condition: str,
    effect: str,
    change: str | None,
) -> None:
    """Given a track whose label does not name its unit (as a whole word), then its numbers
    carry the unit; a label that names it (or its singular) does not get it twice."""
    scenario = _with_unit(mini, label, unit)
    assert condition_words(scenario, "tension >= 2") == condition
    assert effect_words(scenario, "tension += 1") == effect
    if change is not None:
        assert format_changes(scenario, [["tension", 1, 2]]) == change


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


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("tension / 10", "Tension ÷ 10"),
        ("(10 - tension) / 10", "(10 − Tension) ÷ 10"),
        ("talks_open", "1 if Talks open, else 0"),
        ("not talks_open", "1 if Talks open: no, else 0"),
        ('ending == "deal"', "1 if the ending is Deal, else 0"),
        ('ending != "war"', "1 if the ending is not War, else 0"),
        (
            'if(ending == "war", 0, if(ending == "deal", 1, 0.5))',
            ("0 if the ending is War, else 1 if the ending is Deal, else 0.5"),
        ),
        (
            'if(ending == "war" or ending == "standoff", 0, 1)',
            ("0 if the ending is War or Standoff, else 1"),
        ),
    ],
)
def test_scores_read_as_words(mini: CompiledScenario, text: str, words: str) -> None:
    """Given an objective's score, then it reads with the tracks' labels and the endings'
    titles (never an ending's id), a condition scoring 1 when it holds."""
    assert score_words(mini, text) == words


@pytest.mark.parametrize(
    ("text", "most"),
    [
        ("tension", 10),
        ("tension / 10", 1),
        ("(10 - tension) / 10", 1),
        ("talks_open", 1),
        ('ending == "deal"', 1),
        ('if(ending == "war", 0, if(ending == "deal", 1, 0.5))', 1),
        ("clamp(tension * 2, 0, 5)", 5),
        ("max(tension, 3) / 5", 2),
        ("abs(tension - 20)", 20),
        ("tension / (tension - 5)", None),  # a division by what may be 0: not known
        ("round(tension / 3)", 3),
    ],
)
def test_the_most_a_score_can_be(mini: CompiledScenario, text: str, most: float | None) -> None:
    """Given a score and the tracks' ranges (Tension 0–10), then the most it can reach is
    worked out from the tree; unknown (None) rather than a guess."""
    assert score_maximum(mini, text) == most


def test_objectives_and_totals_have_their_maximum(mini: CompiledScenario) -> None:
    """Given Red's `tension` (weight 1) and Blue's `ending == "deal"` (weight 2), then
    each objective's most is weight × its score's most, and the total's is their sum."""
    assert objective_maximum(mini, "red", "tension_high") == 10
    assert objective_maximum(mini, "blue", "deal") == 2
    assert actor_maximum(mini, "blue") == 2
    assert objective_maximum(mini, "blue", "no_such_objective") is None


def test_scores_are_shown_with_one_decimal_and_their_maximum() -> None:
    """A score reads `3.5 / 5`: one decimal, then the most it could have been."""
    assert score_text(3.5, 5) == "3.5 / 5"
    assert score_text(0, 2) == "0.0 / 2"
    assert score_text(1.94, 9.5) == "1.9 / 9.5"
    assert score_text(2, None) == "2.0"
    assert score_text(None, 3) == "— / 3"


def test_methods_and_outcomes_by_their_words(mini: CompiledScenario) -> None:
    """The adjudication method and the rules' outcome are named as a facilitator knows
    them, never by id (`auto`, `lose`)."""
    assert method_name("auto") == "automatic"
    assert method_name("choice") == "facilitator's choice"
    assert method_name("argument") == "argued"
    assert outcome_label(mini, "gamble", "lose") == "It backfires"
    assert outcome_label(mini, None, "yes_but") == "yes but"


def test_a_chance_reads_as_words(ukraine: CompiledScenario) -> None:
    """Given a probability move's chance expression, then it reads with labels."""
    assert value_words(ukraine, "clamp(0.3 + diplomatic_progress * 0.06, 0.1, 0.9)") == (
        "0.3 + (Diplomatic progress × 0.06) kept within 0.1 to 0.9"
    )
