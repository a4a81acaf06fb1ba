"""The event kinds' declarations: one per kind, complete, and true to what the engine writes.

The check must refuse what is wrong and nothing the engine itself records: every event
of any session the engine plays passes it, and a session's every event has a
description in plain words.
"""

from __future__ import annotations

import typing
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.engine import wording
from tabletop.engine.check import check_events
from tabletop.engine.events import KINDS, REDUCERS, Context, Words, about, describe, event_problem
from tabletop.engine.session import Session
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario
from tests.engine.test_invariants import act

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def test_every_kind_is_declared_once_with_its_literal_kind() -> None:
    """Each entry's TypedDict names the kind it is filed under, and every kind reduces."""
    for name, kind in KINDS.items():
        hints = typing.get_type_hints(kind.fields)
        assert typing.get_args(hints["kind"]) == (name,)
        assert REDUCERS[name] is kind.reduce
        assert {"seq", "action", "turn", "phase", "kind"} <= kind.names


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(min_value=0, max_value=2**31),
    picks=st.lists(st.integers(0, 10_000), min_size=1, max_size=60),
)
def test_everything_the_engine_records_passes_the_check(
    mini: CompiledScenario, seed: int, picks: list[int]
) -> None:
    """Whatever the facilitator does (undo and redo included), the journal passes the check,
    and each event reads as a line of words."""
    session = Session(mini, seed)
    for pick in picks:
        act(session, pick)
    check_events(session.events, mini)
    words = Words(mini, session.events)
    for event in session.events:
        assert describe(event, words).strip()
        assert about(event, words).strip()


def test_a_bundled_scenario_played_to_its_end_passes_the_check() -> None:
    """Given the largest bundled scenario played by the computer, the check passes."""
    scenario, _ = load_scenario(SCENARIOS / "ukraine_2022.toml")
    session = Session(scenario, 11, computer=scenario.actors, auto_adjudicate=True)
    session.play_to_end()
    check_events(session.events, scenario)
    assert session.events[-1]["kind"] == "session_ended"


def test_an_unknown_field_is_kept_when_it_is_plain_data(mini: CompiledScenario) -> None:
    """A later minor version may add fields: they pass when finite and shallow."""
    note = {"seq": 1, "kind": "note", "action": 1, "turn": 0, "phase": "briefing", "text": "x"}
    assert event_problem({**note, "mood": {"calm": [1, 2.5]}}, Context.of(mini)) is None
    assert event_problem({**note, "mood": float("nan")}, Context.of(mini)) == (
        "note: mood: nan is not a finite number"
    )


def test_a_missing_field_is_named(mini: CompiledScenario) -> None:
    """An inject without its effects is refused by name."""
    inject = {"seq": 1, "kind": "inject_delivered", "action": 1, "turn": 0, "phase": "briefing"}
    problem = event_problem({**inject, "inject": None, "title": "t"}, Context.of(mini))
    assert problem == "inject_delivered: missing field 'effects'"


def test_a_level_track_takes_only_its_levels(mini: CompiledScenario) -> None:
    """A level track set to a level it does not have is refused."""
    event = {
        "seq": 1,
        "kind": "rule_fired",
        "action": 1,
        "turn": 0,
        "phase": "consequences",
        "rule": "r",
        "effects": [["alert", "low", "extreme"]],
    }
    assert event_problem(event, Context.of(mini)) == (
        "rule_fired: effects[0]: 'extreme' is not a level of track 'alert'"
    )


def test_the_wording_of_flags_and_endings() -> None:
    """Surfaces say yes/no, and why a session ended, in the same words."""
    assert (wording.yes_no(True), wording.yes_no(False)) == ("yes", "no")
    assert wording.ended_because("calendar") == "Ended because the calendar ran out."
    assert wording.ended_because("facilitator") == "Ended because the facilitator ended it."
    assert wording.ENDING_REASONS["condition"] == "an end condition was met"


def test_a_title_inside_a_sentence_is_quoted() -> None:
    """Given Russia's move “Put the draft treaties to Washington and NATO” declared and
    withdrawn, then the log quotes the title where a sentence goes on around it (`Russia
    declares “Put the draft treaties…”`), so its capital letter does not read as a new
    sentence; a title after a colon stays as it is."""
    compiled, _ = load_scenario(SCENARIOS / "ukraine_2022.toml")
    session = Session(compiled, 1)
    session.advance()
    session.declare("russia", "ru_draft_treaties")
    seq = session.state.pending()[0].seq
    session.withdraw(seq, "the wrong team")
    words = Words(compiled, session.events)
    lines = [describe(e, words) for e in session.events[-2:]]
    title = "“Put the draft treaties to Washington and NATO”"
    assert lines == [f"Russia declares {title}", f"Russia withdraws {title}: the wrong team"]


def test_quoted_keeps_a_title_that_is_quoted_already() -> None:
    """A title the designer quoted is not quoted twice; line breaks become spaces."""
    assert wording.quoted("Put the\ndrafts") == "“Put the drafts”"
    assert wording.quoted("“No”") == "“No”"
    assert wording.quoted('"No"') == '"No"'
