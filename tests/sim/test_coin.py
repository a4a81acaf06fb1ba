"""Statistics on a scenario with known odds: a fair coin, one toss, two endings."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tabletop.sim.stats import wilson_interval
from tests.sim.conftest import COIN, variant

RunJson = Callable[..., dict[str, Any]]


def test_a_fair_coin_lands_within_the_interval(simulate_json: RunJson) -> None:
    report = simulate_json(COIN, "--runs", "2000", "--seed", "11")
    heads, tails = report["outcomes"]["heads"], report["outcomes"]["tails"]
    assert heads["count"] + tails["count"] == 2000
    for entry in (heads, tails):
        low, high = entry["interval"]
        assert low < 0.5 < high  # the true share, 0.5, is inside the 95% interval
        assert low <= entry["share"] <= high
        # within 4 standard deviations of 1000 (a fixed seed: this never flakes)
        assert abs(entry["count"] - 1000) < 4 * math.sqrt(2000 * 0.25)


def test_the_interval_is_the_wilson_interval_of_the_count(simulate_json: RunJson) -> None:
    """Recompute the interval by hand from the reported count."""
    report = simulate_json(COIN, "--runs", "2000", "--seed", "3")
    n, z = 2000, 1.959963984540054
    for entry in report["outcomes"].values():
        x = entry["count"]
        p = x / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        assert entry["interval"] == pytest.approx([centre - half, centre + half], abs=1e-6)
        assert entry["interval"] == pytest.approx(list(wilson_interval(x, n)), abs=1e-6)


def test_scores_and_tracks_follow_the_coin(simulate_json: RunJson) -> None:
    report = simulate_json(COIN, "--runs", "500", "--seed", "5")
    heads = report["outcomes"]["heads"]
    assert report["scores"]["tosser"]["mean"] == pytest.approx(heads["share"], abs=1e-6)
    assert report["tracks"]["heads_up"]["counts"]["true"] == heads["count"]
    assert report["tracks"]["tossed"]["counts"] == {"true": 500, "false": 0}
    assert report["turns"]["counts"] == {"1": 500}
    assert report["moves"]["toss"]["played"] == 500
    assert report["impact"] == {"heads": [], "tails": []}  # played in every run
    assert report["warnings"] == []


def test_a_weighted_coin(simulate_json: RunJson, tmp_path: Path) -> None:
    loaded = variant(tmp_path, COIN, "loaded.toml", ("chance = 0.5", "chance = 0.2"))
    report = simulate_json(loaded, "--runs", "2000", "--seed", "2")
    low, high = report["outcomes"]["heads"]["interval"]
    assert low < 0.2 < high


def test_runs_without_a_named_ending(simulate_json: RunJson, tmp_path: Path) -> None:
    """No default ending: tails ends the calendar with no named outcome, counted as _none."""
    path = variant(
        tmp_path,
        COIN,
        "no_default.toml",
        ('id = "tails"\ntitle = "Tails"\n', 'id = "tails"\ntitle = "Tails"\nwhen = "false"\n'),
    )
    report = simulate_json(path, "--runs", "300")
    outcomes = report["outcomes"]
    assert list(outcomes) == ["heads", "tails", "_none"]
    assert outcomes["tails"]["count"] == 0
    assert outcomes["heads"]["count"] + outcomes["_none"]["count"] == 300
    assert outcomes["_none"]["title"] == "No ending (the calendar ran out)"
    assert {w["outcome"] for w in report["warnings"]} == {"tails"}
