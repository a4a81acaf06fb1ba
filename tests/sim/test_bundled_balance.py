"""The bundled scenarios teach the right lessons under computer play (issue 14).

Every ending keeps a real chance (5% or more of 2,000 runs), no ending comes in the first
third of the calendar, no ending pays an actor against its stated interests, and no move
is dominated unless the scenario says why (`costly`). In ukraine_2022, war does not pay
Russia, and nothing but a deliberate escalation ends the game before the Vienna turn.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tabletop.scenario.bundled import bundled_paths
from tabletop.scenario.load import load_scenario
from tabletop.sim import build_report, simulate
from tabletop.sim.runner import Simulation

RUNS = 2000
SCENARIOS = sorted(p.stem for p in bundled_paths())


@cache
def _simulated(scenario_id: str, runs: int = RUNS, effects: bool = False) -> tuple[Simulation, Any]:
    """In this process (jobs=1): the report does not depend on the number of processes
    (tests/sim/test_executors.py), and under `pytest -n auto` every core is a test worker
    already, so a pool only adds processes that each build every banned move's tables."""
    path = next(p for p in bundled_paths() if p.stem == scenario_id)
    compiled, _ = load_scenario(path)
    simulation = simulate(compiled, Path(path), runs, 1, jobs=1, effects=effects)
    return simulation, build_report(simulation)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_every_ending_keeps_a_real_chance(scenario_id: str) -> None:
    _, report = _simulated(scenario_id)
    shares = {o: e["share"] for o, e in report["outcomes"].items()}
    assert "_none" not in shares
    assert all(share >= 0.05 for share in shares.values()), shares


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_no_early_ending_and_no_ending_against_interests(scenario_id: str) -> None:
    _, report = _simulated(scenario_id)
    kinds = [w["kind"] for w in report["warnings"]]
    for kind in ("unreachable", "dominant", "early", "against", "dead"):
        assert kind not in kinds, [w["message"] for w in report["warnings"]]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_no_move_is_dominated_unless_the_scenario_says_why(scenario_id: str) -> None:
    runs = 200 if scenario_id == "ukraine_2022" else 600
    _, report = _simulated(scenario_id, runs, True)
    dominated = [w["message"] for w in report["warnings"] if w["kind"] == "dominated"]
    assert dominated == []


def test_war_does_not_pay_russia() -> None:
    """Russia scores less, on average, after an invasion or an incursion (which now bring
    the sanctions with them) than after the standoff or a negotiated outcome."""
    _, report = _simulated("ukraine_2022")
    russia = {o: e["scores"]["russia"] for o, e in report["outcomes"].items()}
    for war in ("full_scale_invasion", "limited_incursion"):
        for peace in ("frozen_standoff", "negotiated_deescalation", "security_concessions"):
            assert russia[war] < russia[peace], (war, peace, russia)
    assert (
        report["outcomes"]["full_scale_invasion"]["scores"]["usa"]
        < (report["outcomes"]["frozen_standoff"]["scores"]["usa"])
    )


def test_the_standoff_on_the_eve_of_war_is_no_western_success() -> None:
    _, report = _simulated("ukraine_2022")
    for actor in ("usa", "eu", "nato", "ukraine"):
        standoff = report["outcomes"]["frozen_standoff"]["scores"][actor]
        settled = report["outcomes"]["negotiated_deescalation"]["scores"][actor]
        assert standoff < settled, actor


def test_nothing_ends_the_crisis_before_vienna_but_escalation() -> None:
    simulation, _ = _simulated("ukraine_2022")
    outcomes = simulation.layout.outcomes
    vienna = 1 + next(i for i, t in enumerate(simulation.scenario.turns) if t.id == "vienna")
    early = {
        outcomes[e]
        for e, turns in zip(simulation.endings, simulation.turns, strict=True)
        if turns < vienna
    }
    assert early <= {"full_scale_invasion", "limited_incursion"}, early
