"""`simulate` counts how each offer was answered, and the endings after each answer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from tabletop.scenario.load import load_scenario
from tabletop.sim import run_seed
from tabletop.sim.worker import play
from tests.sim.conftest import DATA

TALKS = DATA / "talks.toml"


def test_answers_are_counted_per_offer_and_addressee(
    simulate_json: Callable[..., dict[str, Any]],
    simulate: Callable[..., tuple[int, str, str]],
) -> None:
    """Given the talks scenario, when 120 runs are simulated, then the answers to Red's
    first treaty offer are counted per answer exactly as the runs' journals say, each with
    the share of every ending, identically for any --jobs; the table shows them."""
    report = simulate_json(TALKS, "--runs", "120", "--seed", "4", "--jobs", "1")
    treaty = report["answers"]["treaty"]["blue"]
    compiled, _ = load_scenario(TALKS)
    expected: Counter[str] = Counter()
    for run in range(1, 121):
        state = play(compiled, run_seed(4, run)).state
        first = next((o for o in state.offers.values() if o.move == "treaty"), None)
        if first is not None:
            expected[first.answers.get("blue", "unanswered")] += 1
    assert {a: e["runs"] for a, e in treaty.items()} == dict(expected)
    assert expected["accept"] and expected["reject"]
    for entry in treaty.values():
        assert abs(sum(entry["endings"].values()) - 1) < 1e-5
    assert simulate_json(TALKS, "--runs", "120", "--seed", "4", "--jobs", "2") == report
    status, out, _ = simulate(TALKS, "--runs", "120", "--seed", "4", "--jobs", "1")
    assert status == 0 and "Answers to offers" in out and "treaty" in out


def test_a_forced_answer_is_an_intervention_on_every_run(
    simulate_json: Callable[..., dict[str, Any]],
    simulate: Callable[..., tuple[int, str, str]],
) -> None:
    """Given the talks scenario, when Blue's answer to Red's treaty is forced to reject
    (`--answer treaty=reject`), then every run in which the offer was made has Blue reject
    its first offer (unless the session ended first), by the computer, with the forced
    reason; the runs the offer changes
    nothing in end as without the intervention (same seeds); the report names it."""
    report = simulate_json(TALKS, "--runs", "60", "--seed", "4", "--answer", "treaty=reject")
    blue = report["answers"]["treaty"]["blue"]
    assert set(blue) <= {"reject", "unanswered"} and blue["reject"]["runs"] > 0
    assert report["variant"]["answer"] == {"treaty": "reject"}
    compiled, _ = load_scenario(TALKS)
    from tabletop.sim.variant import apply_variant, parse_variant

    forced = apply_variant(compiled, parse_variant(compiled, [], [], ["treaty:blue=accept"]))
    for run in range(1, 31):
        plain = play(compiled, run_seed(4, run))
        changed = play(forced, run_seed(4, run))
        treaties = {
            e["seq"]
            for e in changed.events
            if e["kind"] == "offer_made" and e["move"] == "treaty" and not e["counter_of"]
        }
        answered = [
            e
            for e in changed.events
            if e["kind"] in ("offer_answered", "offer_countered")
            and e["offer"] in treaties
            and e["actor"] == "blue"
        ]
        made = any(e["kind"] == "offer_made" and e["move"] == "treaty" for e in plain.events)
        assert made or not answered
        assert all(
            e.get("answer") == "accept" and e["by"] == "computer" and "forced" in e["reason"]
            for e in answered
        )
        if not made:
            assert changed.events == plain.events  # common random numbers
    status, out, _ = simulate(TALKS, "--runs", "5", "--answer", "treaty=accept")
    assert status == 0 and "Answers forced: treaty = accept" in out


def test_a_forced_answer_that_does_not_fit_is_refused(
    simulate: Callable[..., tuple[int, str, str]],
) -> None:
    for bad, why in [
        ("nothing=accept", "there is no move 'nothing'"),
        ("wait=accept", "is not an offer"),
        ("treaty:red=accept", "is offered to blue, not 'red'"),
        ("treaty=maybe", "accept, reject or counter, not 'maybe'"),
        ("secret_note=counter", "has none"),
        ("treaty", "write MOVE=ANSWER"),
    ]:
        status, _, err = simulate(TALKS, "--runs", "5", "--answer", bad)
        assert status == 1 and why in err, (bad, err)
