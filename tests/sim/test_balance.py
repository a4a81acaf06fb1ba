"""Balance warnings: endings never reached, and one ending that takes nearly every run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tabletop.sim.report import balance_warnings
from tests.sim.conftest import COIN, variant

Run = Callable[..., tuple[int, str, str]]
RunJson = Callable[..., dict[str, Any]]

UNREACHABLE = (
    '[[endings]]\nid = "heads"',
    '[[endings]]\nid = "edge"\ntitle = "On its edge"\nwhen = "heads_up and not tossed"\n\n'
    '[[endings]]\nid = "heads"',
)


def test_an_unreachable_ending_warns(simulate: Run, simulate_json: RunJson, tmp_path: Path) -> None:
    path = variant(tmp_path, COIN, "edge.toml", UNREACHABLE)
    report = simulate_json(path, "--runs", "300")
    assert report["outcomes"]["edge"]["count"] == 0
    assert report["outcomes"]["edge"]["interval"][0] == 0
    warnings = report["warnings"]
    assert [(w["kind"], w["outcome"]) for w in warnings] == [("unreachable", "edge")]
    assert "'edge' (On its edge)" in warnings[0]["message"]
    assert "none of 300 runs" in warnings[0]["message"]
    status, out, _ = simulate(path, "--runs", "300")
    assert status == 0
    assert "Balance warnings" in out and "warning: ending 'edge' (On its edge)" in out


def test_a_dominant_ending_warns(simulate_json: RunJson, tmp_path: Path) -> None:
    path = variant(tmp_path, COIN, "loaded.toml", ("chance = 0.5", "chance = 0.99"))
    report = simulate_json(path, "--runs", "400")
    kinds = {(w["kind"], w["outcome"]) for w in report["warnings"]}
    assert ("dominant", "heads") in kinds
    dominant = next(w for w in report["warnings"] if w["kind"] == "dominant")
    assert dominant["share"] == report["outcomes"]["heads"]["share"] > 0.95


def test_no_warning_for_a_balanced_scenario(simulate_json: RunJson) -> None:
    assert simulate_json(COIN, "--runs", "200")["warnings"] == []


def test_warning_thresholds() -> None:
    def outcomes(*counts: int) -> dict[str, Any]:
        total = sum(counts)
        return {
            f"e{i}": {"title": f"E{i}", "count": c, "share": c / total, "interval": [0, 1]}
            for i, c in enumerate(counts)
        }

    assert balance_warnings(outcomes(95, 5), 100) == []  # exactly 95% is not "more than"
    assert [w["kind"] for w in balance_warnings(outcomes(96, 4), 100)] == ["dominant"]
    assert [w["kind"] for w in balance_warnings(outcomes(100, 0), 100)] == [
        "dominant",
        "unreachable",
    ]
