"""Matrix-game adjudication (Engle; MaGCK): any move can be decided by argument.

2d6 plus the strong reasons for, minus the strong reasons against (the facilitator grades
each reason strong or weak), against 7 unless the move sets a target; other teams add
counter-arguments when the floor is opened; the total's grade ("yes, and", "yes, but",
"no, but", "no, and") selects the outcome the scenario defines for it. mini.toml: Red's
gamble is 2d6 ≥ 7 (win / lose), Blue's talk is the facilitator's choice (no results),
Blue's pressure a probability (works / fails).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tabletop.engine import errors
from tabletop.engine.dice import grade
from tabletop.engine.replay import replay
from tabletop.engine.session import Session
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario
from tests.conftest import MINI


def _declared(scenario: CompiledScenario, actor: str, move: str, **kw: object) -> Session:
    """A session in turn 1's adjudication phase with one move declared."""
    session = Session(scenario, seed=3)
    session.advance()
    session.declare(actor, move, **kw)  # type: ignore[arg-type]
    session.advance()
    return session


def _seq(session: Session) -> int:
    return session.state.declarations[-1].seq


def test_counter_arguments_are_recorded_before_the_roll(mini: CompiledScenario) -> None:
    """Given a declared move, when the floor is opened and Blue argues against it, then
    the argument is an event, it joins the reasons against, and a replay keeps it."""
    session = _declared(mini, "red", "gamble", reasons_for=["Blue is divided"])
    seq = _seq(session)
    session.add_argument(seq, "blue", "against", "Our alliance holds")
    declaration = session.state.declaration(seq)
    assert declaration is not None
    assert declaration.pros() == ["Blue is divided"]
    assert declaration.cons() == ["Our alliance holds"]
    assert declaration.arguments == [["against", "blue", "Our alliance holds"]]
    assert session.events[-1]["kind"] == "argument_added"
    again = replay(mini.initial_values(), session.events)
    assert again.declaration(seq).arguments == declaration.arguments  # type: ignore[union-attr]


def test_only_strong_reasons_count(mini: CompiledScenario) -> None:
    """Given two reasons for (one strong, one weak) and one strong against, when the dice
    are rolled, then the reasons add 1 − 1 = 0 to the total."""
    session = _declared(mini, "red", "gamble", reasons_for=["a", "b"], reasons_against=["c"])
    seq = _seq(session)
    session.grade_reasons(seq, ["strong", "weak"], ["strong"])
    session.roll(seq)
    roll = session.state.declaration(seq).roll  # type: ignore[union-attr]
    assert roll is not None
    assert (roll["strong_for"], roll["strong_against"], roll["reason_bonus"]) == (1, 1, 0)
    assert roll["total"] == sum(roll["faces"]) + sum(v for _, v in roll["modifiers"])


def test_ungraded_reasons_all_count(mini: CompiledScenario) -> None:
    session = _declared(mini, "red", "gamble", reasons_for=["a", "b"])
    seq = _seq(session)
    session.roll(seq)
    roll = session.state.declaration(seq).roll  # type: ignore[union-attr]
    assert roll is not None and roll["reason_bonus"] == 2


def test_grading_must_cover_every_reason(mini: CompiledScenario) -> None:
    session = _declared(mini, "red", "gamble", reasons_for=["a"])
    seq = _seq(session)
    session.add_argument(seq, "blue", "for", "even Blue agrees")
    with pytest.raises(errors.ActionError, match="grade each of the 2 reason"):
        session.grade_reasons(seq, ["strong"], [])
    with pytest.raises(errors.ActionError, match="'strong' or 'weak', not 'meh'"):
        session.grade_reasons(seq, ["strong", "meh"], [])
    session.grade_reasons(seq, ["strong", "weak"], [])


def test_nothing_is_argued_after_the_roll(mini: CompiledScenario) -> None:
    session = _declared(mini, "red", "gamble")
    seq = _seq(session)
    session.roll(seq)
    with pytest.raises(errors.AlreadyAdjudicated, match="comes before the roll"):
        session.add_argument(seq, "blue", "against", "too late")
    with pytest.raises(errors.AlreadyAdjudicated):
        session.grade_reasons(seq, [], [])


def test_a_free_form_move_is_argued(mini: CompiledScenario) -> None:
    """Given a free-form move with reasons, when the facilitator argues it, then 2d6 +
    strong for − strong against is rolled against 7 and decides success or failure."""
    session = Session(mini, seed=5)
    session.advance()
    session.declare_freeform(
        "blue", "Call a summit", effects=["tension -= 3"], reasons_for=["Both leaders want it"]
    )
    session.advance()
    seq = _seq(session)
    session.argue(seq)
    declaration = session.state.declaration(seq)
    assert declaration is not None and declaration.roll is not None
    roll = declaration.roll
    assert (roll["method"], roll["dice"], roll["target"], roll["reason_bonus"]) == (
        "argument",
        "2d6",
        7,
        1,
    )
    assert roll["result"] == ("success" if roll["total"] >= 7 else "failure")
    assert session.method(declaration) == "argument"
    assert session.natural_outcome(declaration) == roll["result"]
    session.adjudicate(seq)
    adjudicated = session.events[-1]
    assert adjudicated["outcome"] == roll["result"] and adjudicated["method"] == "argument"
    assert (session.state.values["tension"] == 0) == (roll["result"] == "success")


def test_a_choice_move_without_results_cannot_be_argued(mini: CompiledScenario) -> None:
    session = _declared(mini, "blue", "talk")
    with pytest.raises(errors.BadOutcome, match="no outcome says which side of the roll"):
        session.argue(_seq(session))


def test_a_probability_move_can_be_argued_instead(mini: CompiledScenario) -> None:
    """Given a probability move, when argued, then dice replace the draw and the outcome
    follows the roll; choosing the other outcome is an override that needs a reason."""
    session = _declared(mini, "blue", "pressure")
    seq = _seq(session)
    session.argue(seq)
    declaration = session.state.declaration(seq)
    assert declaration is not None and declaration.roll is not None
    natural = "works" if declaration.roll["result"] == "success" else "fails"
    assert session.natural_outcome(declaration) == natural
    other = "fails" if natural == "works" else "works"
    with pytest.raises(errors.OverrideNeedsReason):
        session.adjudicate(seq, other)
    session.adjudicate(seq, other, reason="the room was not convinced")
    assert session.events[-1]["override"] == "the room was not convinced"


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (12, "yes_and"),
        (10, "yes_and"),
        (9, "yes_but"),
        (7, "yes_but"),
        (6, "no_but"),
        (4, "no_but"),
        (3, "no_and"),
        (-1, "no_and"),
    ],
)
def test_grades_by_margin(total: int, expected: str) -> None:
    assert grade(total, 7, 3) == expected


def _graded(tmp_path: Path) -> CompiledScenario:
    """mini.toml whose gamble has "yes, and", "yes, but" and "no, but" outcomes."""
    text = MINI.read_text(encoding="utf-8")
    old = (
        '[[moves.outcomes]]\nid = "win"\nlabel = "It pays off"\nresult = "success"\n'
        'effects = ["tension += 3"]\n'
    )
    new = (
        '[[moves.outcomes]]\nid = "triumph"\nlabel = "Yes, and"\nresult = "yes_and"\n'
        'effects = ["tension += 5"]\n'
        '[[moves.outcomes]]\nid = "win"\nlabel = "Yes, but"\nresult = "yes_but"\n'
        'effects = ["tension += 3"]\n'
        '[[moves.outcomes]]\nid = "near"\nlabel = "No, but"\nresult = "no_but"\n'
    )
    assert old in text
    path = tmp_path / "graded.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    compiled, _ = load_scenario(path)
    return compiled


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**40))
def test_the_grade_selects_the_outcome(tmp_path_factory: pytest.TempPathFactory, seed: int) -> None:
    """Given outcomes for yes-and, yes-but, no-but and plain failure, then every roll
    selects the outcome of its grade, and a "no, and" falls back on the failure."""
    scenario = _graded(tmp_path_factory.mktemp("graded"))
    session = Session(scenario, seed=seed)
    session.advance()
    session.declare("red", "gamble")
    session.advance()
    seq = _seq(session)
    session.adjudicate(seq)
    roll = session.state.declaration(seq).roll  # type: ignore[union-attr]
    assert roll is not None
    expected = {"yes_and": "triumph", "yes_but": "win", "no_but": "near", "no_and": "lose"}
    assert session.events[-1]["outcome"] == expected[roll["grade"]]
