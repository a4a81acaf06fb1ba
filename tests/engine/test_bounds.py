"""Numbers stay finite: what a scenario says is refused beyond ±10^15, and what its
expressions compute at run time is clamped to that bound when it is applied, so a session
always advances and its journal never holds NaN or Infinity. Given / when / then."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tabletop.cli import main
from tabletop.engine.events import Words, describe
from tabletop.engine.session import Session
from tabletop.scenario.bounds import LIMIT
from tabletop.scenario.load import parse_scenario
from tabletop.scenario.problems import ScenarioError
from tests.conftest import MINI

SOURCE = MINI.read_text(encoding="utf-8")
INF = "((1000000000 ** 10) ** 10)"
"""An expression that overflows to infinity (the language has no 1e300 literal)."""


def scenario_with(old: str, new: str) -> str:
    assert SOURCE.count(old) == 1, old
    return SOURCE.replace(old, new)


def refusal(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "s.toml")
    return info.value.lines()


@pytest.mark.parametrize(
    ("old", "new", "line", "field"),
    [
        (
            "value = 2",
            "value = 1" + "0" * 400,
            101,
            "moves[gamble].adjudication.modifiers[0].value",
        ),
        ("weight = 3", "weight = 1e300", 18, "actors[red].doctrine[0].weight"),
        ("weight = 2\n", "weight = 1e16\n", 33, "actors[blue].objectives[deal].weight"),
        ("initial = 3", "initial = -2e15", 46, "tracks[tension].initial"),
        ("max = 10", "max = 1e400", 48, "tracks[tension].max"),
        ("target = 7", "target = 10000000000000000", 98, "moves[gamble].adjudication.target"),
    ],
    ids=["modifier-10^400", "doctrine-weight", "objective-weight", "initial", "max-inf", "target"],
)
def test_a_number_beyond_the_bound_is_refused_with_its_line(
    old: str, new: str, line: int, field: str
) -> None:
    """Given a scenario number that is infinite or larger than 10^15 in size, when the
    scenario is validated, then it is refused with `FILE:LINE: field: …`."""
    [problem] = refusal(scenario_with(old, new))
    assert problem.startswith(f"s.toml:{line}: {field}: ")
    assert "too large" in problem or "not a usable number" in problem


def test_an_answer_weight_beyond_the_bound_is_refused_with_its_line() -> None:
    """Given an offer's answer doctrine with a 401-digit weight, when the scenario is
    validated, then it is refused with its line and field (not an internal error: the
    doctrine's weights and the answers' share one check)."""
    talks = (MINI.parent / "talks.toml").read_text(encoding="utf-8")
    entry = '[[moves.offer.answers]]\nanswer = "accept"\nwhen = "tension >= 8"\nweight = 1\n'
    assert talks.count(entry) == 1
    text = talks.replace(entry, entry.replace("weight = 1", "weight = 1" + "0" * 400))
    [problem] = refusal(text)
    assert problem.startswith("s.toml:104: moves[treaty].offer.answers[0].weight: ")
    assert "too large" in problem


def play_to_the_end(text: str, tmp_path: Path) -> list[dict[str, object]]:
    """`tabletop run` of a scenario text (the computer plays everyone); the events."""
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    journal = tmp_path / "s.jsonl"
    assert main(["run", str(path), "--session", str(journal)]) == 0
    lines = journal.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[1:]]


def test_a_track_grown_by_x_times_x_every_turn_stops_at_the_bound(tmp_path: Path) -> None:
    """Given an unbounded number track squared by a repeating rule, when the session is
    played to its end, then it advances every turn and the track stops at 10^15."""
    text = (
        scenario_with(
            'id = "talks_open"',
            'id = "big"\nlabel = "Big"\ninitial = 10\ndisplay = "number"\n\n'
            '[[tracks]]\nid = "talks_open"',
        )
        + '\n[[rules]]\nid = "square"\ndescription = "d"\nwhen = "true"\nrepeat = true\n'
        + 'effects = ["big *= big * big"]\n'
    )
    events = play_to_the_end(text, tmp_path)
    changes = [c for e in events for c in e.get("effects", []) if c[0] == "big"]  # type: ignore[attr-defined]
    assert changes[-1][2] == LIMIT
    assert events[-1]["kind"] == "session_ended"


def test_an_effect_giving_nan_keeps_the_value_it_had(mini_text_session: Session) -> None:
    """Given a track within min/max, when an effect computes NaN (inf - inf), then the
    track keeps its value rather than slipping past min/max."""
    session = mini_text_session
    session.deliver_adhoc("NaN", "", [f"tension = {INF} - {INF}"])
    assert session.state.values["tension"] == 3
    session.deliver_adhoc("Inf", "", [f"tension = {INF}"])
    assert session.state.values["tension"] == 10


def test_an_overflowing_score_is_bounded_and_journaled(tmp_path: Path) -> None:
    """Given an objective whose score overflows to infinity, when the session ends,
    then the score is 10^15 and the journal holds no Infinity."""
    text = scenario_with('score = "tension"', 'score = "tension * ' + INF + '"')
    events = play_to_the_end(text, tmp_path)
    scores = events[-1]["scores"]
    assert scores["red"]["objectives"]["tension_high"] == LIMIT  # type: ignore[index]


def test_an_overflowing_doctrine_weight_still_draws_a_move(tmp_path: Path) -> None:
    """Given a doctrine weight that overflows to infinity, when the computer plays,
    then it still draws moves and the session ends."""
    text = scenario_with("weight = 3", f'weight = "{INF}"')
    events = play_to_the_end(text, tmp_path)
    assert any(e["kind"] == "move_declared" and e.get("actor") == "red" for e in events)
    assert not any(
        isinstance(v, float) and not math.isfinite(v) for e in events for v in e.values()
    )


@pytest.fixture
def mini_text_session() -> Session:
    compiled, _ = parse_scenario(SOURCE, "mini.toml")
    return Session(compiled, seed=1)


def test_a_clamp_at_the_bound_is_recorded_on_its_event(mini_text_session: Session) -> None:
    """Given a track, when an effect computes a number past the bound of every number
    (or NaN), then the event that applies it names the track in `clamped` and its
    description says so; an ordinary effect records no clamp."""
    session = mini_text_session

    def deliver(effect: str) -> dict[str, object]:
        (event,) = [e for e in session.deliver_adhoc("x", "", [effect]) if e.get("effects")]
        return dict(event)

    assert "clamped" not in deliver("tension = 4")
    event = deliver(f"tension = {INF}")
    assert event["clamped"] == ["tension"]
    assert deliver(f"tension = {INF} - {INF}")["clamped"] == ["tension"]
    assert "clamped at the bound" in describe(event, Words(session.scenario))


def test_a_recorded_clamp_replays_and_passes_the_journal_check(tmp_path: Path) -> None:
    """Given a session whose journal records a clamp, when it is replayed with the
    journal check, then the check accepts it and the state is the live one."""
    text = (
        scenario_with(
            'id = "talks_open"',
            'id = "big"\nlabel = "Big"\ninitial = 10\ndisplay = "number"\n\n'
            '[[tracks]]\nid = "talks_open"',
        )
        + '\n[[rules]]\nid = "square"\ndescription = "d"\nwhen = "true"\nrepeat = true\n'
        + 'effects = ["big *= big * big"]\n'
    )
    events = play_to_the_end(text, tmp_path)
    assert any(e.get("clamped") == ["big"] for e in events)
    assert main(["replay", str(tmp_path / "s.jsonl")]) == 0


BIG = "1000000000000000 ** 10"
HUGE_WHOLE = f"({BIG}) * ({BIG}) * ({BIG})"
"""An expression whose exact whole-number result (10^450) is past a float's range: Python
keeps it as an int, and float() of it raises OverflowError."""


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("weight = 3", f'weight = "{HUGE_WHOLE}"'),
        ('weight = "if(talks_open, 2, 0)"', f'weight = "if(talks_open, 2, {HUGE_WHOLE})"'),
        ('score = "tension"', f'score = "tension + {HUGE_WHOLE}"'),
        ('chance = "tension / 10"', f'chance = "{HUGE_WHOLE}"'),
    ],
    ids=["doctrine-weight", "doctrine-weight-in-if", "objective-score", "chance"],
)
def test_a_whole_number_past_the_float_range_is_bounded(old: str, new: str, tmp_path: Path) -> None:
    """Given an expression whose whole-number result is too large for a float (found by
    benchmarks/fuzz.py: an internal error), when the computer plays the session to its
    end, then it ends, and the journal holds no number past the bound."""
    events = play_to_the_end(scenario_with(old, new), tmp_path)
    assert events[-1]["kind"] == "session_ended"
    text = json.dumps(events)
    assert "Infinity" not in text and "NaN" not in text


@pytest.mark.parametrize(
    "literal",
    ["1" + "0" * 400, "1000000000000001", "1" + "0" * 400 + ".5", "1000000000000000.5"],
    ids=["400-digits", "10^15+1", "400-digits-decimal", "10^15.5"],
)
def test_a_number_in_an_expression_beyond_the_bound_is_refused(literal: str) -> None:
    """Given an expression holding a number larger than 10^15, when the scenario is
    validated, then it is refused with its line, as the same number elsewhere in the file
    is (it was accepted, and its weight clamped only at play)."""
    [problem] = refusal(
        scenario_with('weight = "if(talks_open, 2, 0)"', f'weight = "if(talks_open, 2, {literal})"')
    )
    assert problem.startswith("s.toml:36: actors[blue].doctrine[0].weight: ")
    assert "is too large: numbers in a scenario are at most 10^15" in problem


def test_the_bound_itself_is_a_number_an_expression_may_hold() -> None:
    """Given an expression holding 10^15 exactly, when validated, then it is accepted."""
    text = scenario_with(
        'weight = "if(talks_open, 2, 0)"', 'weight = "if(talks_open, 2, 1_000_000_000_000_000)"'
    )
    parse_scenario(text, "s.toml")
