"""Balance warnings: endings never reached, and one ending that takes nearly every run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tabletop.scenario.load import load_scenario
from tabletop.sim.report import balance_warnings, format_report
from tests.sim.conftest import COIN, MINI, variant

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


def test_a_warning_says_how_much_its_runs_show() -> None:
    """Given an ending in 29 of 30 runs and one in 9,900 of 10,000 (both over 95%), when the
    warnings are made, then both are `dominant`, each with its share's 95% interval: the
    first reaches below 95% (83.3% to 99.4%) and says that 30 runs are too few to be sure
    (`conclusive` false), the second lies above it (`conclusive` true). Both read alike
    before: "takes 96.7% of 30 runs" gave no hint of how little 30 runs show."""
    from tabletop.sim.stats import wilson_interval

    def outcomes(*counts: int) -> dict[str, Any]:
        total = sum(counts)
        return {
            f"e{i}": {
                "title": f"E{i}",
                "count": c,
                "share": c / total,
                "interval": list(wilson_interval(c, total)),
            }
            for i, c in enumerate(counts)
        }

    few = balance_warnings(outcomes(29, 1), 30)[0]
    many = balance_warnings(outcomes(9_900, 100), 10_000)[0]
    assert (few["kind"], few["conclusive"], many["kind"], many["conclusive"]) == (
        "dominant",
        False,
        "dominant",
        True,
    )
    assert (
        "(more than 95%; 95% interval 83.3% – 99.4%, reaching below 95%: 30 runs are too "
        "few to be sure): the other outcomes may hardly get a chance"
    ) in few["message"]
    assert (
        "95% interval 98.8% – 99.2%, all above 95%): the other outcomes hardly" in (many["message"])
    )
    assert few["interval"] == list(wilson_interval(29, 30))


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


# ----------------------------------------------------------------- heuristics of the model


def _kinds(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for warning in report["warnings"]:
        out.setdefault(warning["kind"], []).append(warning)
    return out


def test_an_ending_in_the_first_third_of_the_calendar_warns(simulate_json: RunJson) -> None:
    """mini.toml's deal can come in turn 1 of 3 (tension 3 down to 0 in one turn)."""
    report = simulate_json(MINI, "--runs", "400", "--jobs", "1")
    early = _kinds(report)["early"]
    assert [w["outcome"] for w in early] == ["deal"]
    assert early[0]["share"] == report["outcomes"]["deal"]["early"] / 400 > 0.01
    assert report["outcomes"]["war"]["early"] == 0  # tension 3 cannot reach 10 in a turn


def test_a_move_almost_never_made_is_dead(simulate_json: RunJson, tmp_path: Path) -> None:
    path = variant(
        tmp_path,
        MINI,
        "rare.toml",
        ('move = "gamble"\nweight = 1', 'move = "gamble"\nweight = 0.0001'),
    )
    report = simulate_json(path, "--runs", "200", "--jobs", "1", "--effects")
    dead = _kinds(report)["dead"]
    assert [w["move"] for w in dead] == ["gamble"]
    assert dead[0]["interval"] == [0, 0.018845] and dead[0]["conclusive"] is False
    assert (
        "declared in 0 of 200 runs (0.0%; 95% interval 0.0% – 1.9%, reaching above 1%: 200 "
        "runs are too few to be sure); the computer could have drawn it in 200"
        in dead[0]["message"]
    )


def test_a_move_that_costs_its_own_actor_is_dominated(
    simulate_json: RunJson, tmp_path: Path
) -> None:
    """Red scores tension; its gamble (2d6 ≥ 7: +3, else −1) takes the place of
    mobilising (+1 for sure) and backfires too often: Red does better without it."""
    path = MINI
    report = simulate_json(path, "--runs", "300", "--jobs", "1", "--effects")
    dominated = _kinds(report)["dominated"]
    assert [w["move"] for w in dominated] == ["gamble"]
    effect = report["moves"]["gamble"]["score_effect"]
    assert effect["high"] < 0 and dominated[0]["delta"] == effect["delta"]
    # a scenario that says why the sacrifice is worth it gets a note, not a warning
    costly = variant(
        tmp_path,
        path,
        "costly.toml",
        ('label = "Gamble"', 'label = "Gamble"\ncostly = "Red must show nerve."'),
    )
    costly_report = simulate_json(costly, "--runs", "300", "--jobs", "1", "--effects")
    kinds = _kinds(costly_report)
    assert "dominated" not in kinds
    assert "the scenario says why: Red must show nerve." in kinds["costly"][0]["message"]
    # the text lists it as `costly` (docs/simulation.md), under its own heading, not
    # as a warning: the designer has already answered it
    text = format_report(costly_report, load_scenario(costly)[0])
    assert "warning: move 'gamble'" not in text
    costly_at = text.index("Costly by design")
    assert text.index("costly: move 'gamble'", costly_at) > costly_at


def test_an_ending_that_pays_an_actor_against_its_interests_warns(
    simulate_json: RunJson, tmp_path: Path
) -> None:
    """Red scores tension, so war (tension 10) pays it most: marked bad for Red, it warns."""
    path = variant(
        tmp_path,
        MINI,
        "bad.toml",
        ('summary = "It came to war."', 'summary = "War."\nbad_for = ["red"]'),
    )
    report = simulate_json(path, "--runs", "400", "--jobs", "1")
    against = _kinds(report)["against"]
    assert [(w["outcome"], w["actor"]) for w in against] == [("war", "red")]
    assert report["outcomes"]["war"]["scores"]["red"] == 10
    plain = simulate_json(MINI, "--runs", "400", "--jobs", "1")
    assert "against" not in _kinds(plain)  # without bad_for, nothing to compare
