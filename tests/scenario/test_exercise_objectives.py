"""Exercise objectives and discussion questions in the format: loaded, and checked.

The scenario is tests/data/mini_eval.toml (mini with objectives `calm` and `warning`,
questions on turns 1 and 2, and the `news` inject serving `warning`).
"""

from __future__ import annotations

import pytest

from tabletop.scenario.load import parse_scenario
from tabletop.scenario.problems import ScenarioError

from ..conftest import MINI, MINI_EVAL

SOURCE = MINI_EVAL.read_text(encoding="utf-8")


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "s.toml")
    return info.value.lines()


def test_objectives_and_questions_load() -> None:
    """Given mini_eval, when loaded, then its exercise objectives are known by id with
    capability and critical tasks, and its turns carry their questions."""
    compiled, found = parse_scenario(SOURCE, "s.toml")
    assert found == []
    assert list(compiled.exercise) == ["calm", "warning"]
    calm = compiled.exercise["calm"]
    assert calm.capability == "Operational Coordination"
    assert len(calm.critical_tasks) == 2
    assert compiled.turns[1].questions == [
        "The news is out: what do you tell the public, and when?"
    ]
    assert compiled.injects["news"].model.objective == "warning"


def test_an_inject_naming_an_unknown_objective_is_an_error_with_its_line() -> None:
    """Given an inject whose objective is a typo, when validated, then FILE:LINE names
    the field, the unknown id, a suggestion and the known ids."""
    lines = problems(SOURCE.replace('objective = "warning"', 'objective = "warnign"'))
    assert lines == [
        "s.toml:173: injects[news].objective: unknown exercise objective 'warnign'; "
        "did you mean 'warning'? (known: calm, warning)"
    ]


def test_an_inject_objective_in_prose_is_an_error_when_the_scenario_has_objectives() -> None:
    """Given a scenario with exercise objectives, when an inject's objective is a
    sentence, then the error asks for one of the ids."""
    lines = problems(SOURCE.replace('objective = "warning"', 'objective = "Warn the public."'))
    assert lines == [
        "s.toml:173: injects[news].objective: an inject's objective is the id of one of "
        "[[scenario.objectives]] (calm, warning), not a sentence"
    ]


def test_an_inject_objective_id_needs_exercise_objectives() -> None:
    """Given a scenario without exercise objectives, when an inject names one by id, then
    the error says the scenario has none; a sentence stays free text."""
    mini = MINI.read_text(encoding="utf-8")
    lines = problems(mini.replace('turn = "t2"\n', 'turn = "t2"\nobjective = "calm"\n'))
    assert (
        len(lines) == 1
        and "injects[news].objective: unknown exercise objective 'calm': " in (lines[0])
    )
    assert "has no [[scenario.objectives]]" in lines[0]
    parse_scenario(mini.replace('turn = "t2"\n', 'turn = "t2"\nobjective = "Calm it."\n'), "s")


def test_duplicate_objective_ids_and_empty_fields_are_errors() -> None:
    """Given two objectives with one id, or an empty question, when validated, then each
    is an error at its line."""
    twice = SOURCE.replace('id = "warning"', 'id = "calm"')
    assert problems(twice.replace('objective = "warning"', 'objective = "calm"')) == [
        "s.toml:19: scenario.objectives[calm].id: duplicate exercise objective id 'calm' "
        "(first used on line 10)"
    ]
    empty = SOURCE.replace('"Who speaks for Blue?"', '""')
    assert any("turns[t1].questions[1]" in line for line in problems(empty))


@pytest.mark.parametrize(
    ("name", "least"), [("ukraine_2022", 3), ("cuba_1962", 3), ("tutorial", 1)]
)
def test_bundled_scenarios_carry_an_exercise_to_evaluate(name: str, least: int) -> None:
    """Given a bundled scenario, when loaded, then it has exercise objectives (3+ for the
    two crises, 1+ for the tutorial), each with a capability and 2+ critical tasks;
    discussion questions on most turns; and every inject names one of its objectives."""
    from tabletop.scenario.bundled import resolve_scenario
    from tabletop.scenario.load import load_scenario

    compiled, _ = load_scenario(resolve_scenario(name))
    objectives = list(compiled.exercise.values())
    assert len(objectives) >= least
    for objective in objectives:
        assert objective.capability and len(objective.critical_tasks) >= 2, objective.id
    asked = [t for t in compiled.turns if t.questions]
    assert len(asked) * 2 > len(compiled.turns)
    assert all(i.model.objective in compiled.exercise for i in compiled.injects.values())
