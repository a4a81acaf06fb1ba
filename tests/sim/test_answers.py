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
