"""`tabletop simulate`: determinism whatever --jobs, the report's shape, errors."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tabletop.scenario.bundled import bundled_paths
from tests.sim.conftest import COIN, MINI

Run = Callable[..., tuple[int, str, str]]
RunJson = Callable[..., dict[str, Any]]


def test_json_is_identical_whatever_the_jobs(simulate: Run) -> None:
    """The same scenario, runs and seed give the same bytes with 1 process or 2."""
    outputs = []
    for jobs in ("1", "2", "1"):
        status, out, err = simulate(MINI, "--runs", "40", "--seed", "7", "--jobs", jobs, "--json")
        assert status == 0, err
        assert err == ""  # no progress bar when stderr is not a terminal
        outputs.append(out)
    assert outputs[0] == outputs[1] == outputs[2]


def test_json_depends_on_the_seed(simulate_json: RunJson) -> None:
    one = simulate_json(MINI, "--runs", "60", "--seed", "1", "--jobs", "1")
    two = simulate_json(MINI, "--runs", "60", "--seed", "2", "--jobs", "1")
    assert one["seed"] == 1 and two["seed"] == 2
    assert one != two


@pytest.mark.parametrize("runs", [1, 7, 61])
def test_the_report_adds_up(simulate_json: RunJson, runs: int) -> None:
    report = simulate_json(MINI, "--runs", str(runs), "--jobs", "2")
    assert report["runs"] == runs
    assert report["format"] == "tabletop-simulation" and report["version"] == 1
    assert report["scenario"]["id"] == "mini"
    outcomes = report["outcomes"]
    assert list(outcomes)[:3] == ["war", "deal", "standoff"]
    assert sum(o["count"] for o in outcomes.values()) == runs
    for entry in outcomes.values():
        assert entry["share"] == pytest.approx(entry["count"] / runs, abs=1e-6)
        low, high = entry["interval"]
        assert low <= entry["share"] <= high
    turns = report["turns"]
    assert 1 <= turns["min"] <= turns["p5"] <= turns["mean"] <= turns["max"] <= 3
    assert sum(turns["counts"].values()) == runs
    assert set(report["scores"]) == {"red", "blue"}
    assert set(report["scores"]["blue"]["objectives"]) == {"deal"}
    tension = report["tracks"]["tension"]
    assert 0 <= tension["min"] <= tension["p5"] <= tension["p95"] <= tension["max"] <= 10
    assert report["tracks"]["alert"]["p5"] in ("low", "medium", "high")
    assert sum(report["tracks"]["talks_open"]["counts"].values()) == runs
    for move in report["moves"].values():
        assert 0 <= move["played"] <= runs
    assert isinstance(report["warnings"], list)


def test_move_impact_is_the_share_with_against_without(simulate_json: RunJson) -> None:
    report = simulate_json(MINI, "--runs", "300", "--jobs", "1")
    runs = report["runs"]
    for outcome, entry in report["outcomes"].items():
        for move_id, move in report["moves"].items():
            cell = move["outcomes"][outcome]
            played = move["played"]
            if 0 < played < runs:
                with_count = cell["with"] * played
                without_count = cell["without"] * (runs - played)
                assert with_count + without_count == pytest.approx(entry["count"], abs=1e-3)
                assert cell["difference"] == pytest.approx(cell["with"] - cell["without"], abs=2e-6)
            else:
                assert cell["difference"] is None, move_id
        ranked = report["impact"][outcome]
        sizes = [abs(e["difference"]) for e in ranked]
        assert sizes == sorted(sizes, reverse=True)


def test_human_output_is_a_table(simulate: Run) -> None:
    status, out, err = simulate(MINI, "--runs", "200", "--jobs", "1")
    assert status == 0 and err == ""
    assert out.startswith("Mini crisis (mini): 200 runs, master seed 1")
    for heading in ("Outcomes", "95% interval", "Turns played", "Mean score", "Tracks at the end"):
        assert heading in out
    assert "Moves seen with each outcome (correlation, not cause" in out
    assert "Traceback" not in out


def test_a_bad_scenario_is_reported_not_raised(simulate: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[scenario]\nid = "x"\n', encoding="utf-8")
    status, out, err = simulate(bad, "--runs", "5")
    assert status == 1 and out == ""
    assert err.startswith(f"{bad}") and "Traceback" not in err
    status, out, err = simulate(tmp_path / "missing.toml", "--runs", "5")
    assert status == 1 and "no such file" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--runs", "0"], "argument --runs: expected a number of at least 1, not 0"),
        (["--runs", "-5"], "argument --runs: expected a number of at least 1, not -5"),
        (["--runs", "10000001"], "argument --runs: expected at most 10,000,000, not 10000001"),
        (["--runs", str(10**12)], "--runs: expected at most 10,000,000, not 1000000000000"),
        (["--runs", "1e3"], "argument --runs: expected a whole number, not '1e3'"),
        (["--runs", "5", "--jobs", "0"], "argument --jobs: expected a number of at least 1, not 0"),
        (["--runs", "5", "--jobs", "100000"], "argument --jobs: expected at most 256, not 100000"),
        (["--runs", "5", "--seed", "-1"], "argument --seed: a seed is between 0 and 2**63-1"),
        (["--runs", "5", "--seed", str(2**63)], "argument --seed: a seed is between 0 and 2**63-1"),
    ],
)
def test_usage_errors_exit_2(
    simulate: Run, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """Given an absurd count (no runs, 10**12 runs, 100,000 processes), when simulate is
    run, then it is a usage error: exit 2 and what the limit is, before any work starts."""
    with pytest.raises(SystemExit) as exc:
        simulate(MINI, *args)
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_a_bundled_scenario_by_id(simulate_json: RunJson) -> None:
    paths = bundled_paths()
    assert paths, "the bundled scenarios are missing"
    report = simulate_json(paths[0].stem, "--runs", "20", "--jobs", "1")
    assert report["scenario"]["id"] == paths[0].stem
    assert sum(o["count"] for o in report["outcomes"].values()) == 20


def test_json_is_valid_strict_json(simulate: Run) -> None:
    status, out, _ = simulate(COIN, "--runs", "10", "--json")
    assert status == 0 and out.endswith("}\n")
    json.loads(out, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))


def test_human_scores_read_as_every_other_report(simulate: Run, simulate_json: RunJson) -> None:
    """The human table names each objective by its description and shows each score as
    the end screen and the reports do: weighted, one decimal, out of the most it can be
    (`score_text`); the JSON keeps the ids and the unweighted means for analysts."""
    report = simulate_json(MINI, "--runs", "200", "--jobs", "1")
    status, out, err = simulate(MINI, "--runs", "200", "--jobs", "1")
    assert status == 0 and err == ""
    section = out.split("\nMean score\n", 1)[1].split("\n\n", 1)[0]
    rows = [re.split(r"\s{2,}", line.strip()) for line in section.splitlines()]
    red, blue = report["scores"]["red"], report["scores"]["blue"]
    tension = red["objectives"]["tension_high"]
    deal = blue["objectives"]["deal"]
    assert rows == [
        ["Actor", "Objective", "Weight", "Mean score"],
        ["Red", "Keep tension high", "1", f"{tension:.1f} / 10"],
        ["Total", f"{red['mean']:.1f} / 10"],
        ["Blue", "Reach a deal", "2", f"{2 * deal:.1f} / 2"],
        ["Total", f"{blue['mean']:.1f} / 2"],
    ]
    by_ending = out.split("\nMean total score by ending\n", 1)[1].split("\n\n", 1)[0]
    cells = [re.split(r"\s{2,}", line.strip()) for line in by_ending.splitlines()]
    assert cells[0] == ["Ending", "Red", "Blue"]
    war = report["outcomes"]["war"]["scores"]
    assert ["War", f"{war['red']:.1f} / 10", f"{war['blue']:.1f} / 2"] in cells
    # The machine-readable report keeps the ids and the unweighted means.
    assert set(red["objectives"]) == {"tension_high"} and set(blue["objectives"]) == {"deal"}
    assert 0 <= deal <= 1


def test_moves_in_the_human_report_are_named_by_their_actors_name(simulate: Run) -> None:
    """Given the mini scenario (actors red and blue, named Red and Blue), when its human
    report lists the moves seen with each outcome, then each reads 'Red: …' or 'Blue: …',
    as the reader knows the actors, never by id (the JSON keeps the ids)."""
    status, out, err = simulate(MINI, "--runs", "200", "--jobs", "1")
    assert status == 0 and err == ""
    section = out.split("Moves seen with each outcome", 1)[1]
    moves = [
        line.strip()
        for line in section.splitlines()
        if re.match(r"\s+\S.*:\s", line) and "pts" in line
    ]
    assert moves, section
    assert all(m.startswith(("Red: ", "Blue: ")) for m in moves), moves


def test_the_human_report_flags_shares_from_few_runs_and_uses_a_true_minus(
    simulate: Run, simulate_json: RunJson
) -> None:
    """Given the mini scenario's moves seen with each outcome (50 runs), then a With or
    Without share that rests on fewer than FEW_RUNS runs is marked `*` (and its Change),
    the legend says what few means, and a negative change reads with the minus sign
    (U+2212), never a hyphen; the JSON keeps plain numbers."""
    from tabletop.sim.report import FEW_RUNS

    status, out, err = simulate(MINI, "--runs", "50", "--jobs", "1")
    assert status == 0 and err == ""
    section = out.split("Moves seen with each outcome", 1)[1].split("\n\n", 1)[0]
    assert f"* rests on fewer than {FEW_RUNS} runs" in section
    report = simulate_json(MINI, "--runs", "50", "--jobs", "1")
    rows = [
        re.split(r"\s{2,}", line.strip())
        for line in section.splitlines()
        if re.match(r"\s+\S.*:\s", line) and "pts" in line
    ]
    assert rows
    few_seen = False
    for name, _played, with_, without, change in rows:
        assert not re.search(r"-\d", change), change
        label = name.split(": ", 1)[1]
        move = next(m for m in report["moves"].values() if m["label"] == label)
        runs_with = round(move["share"] * 50)
        assert with_.endswith("*") == (runs_with < FEW_RUNS), (name, with_)
        assert without.endswith("*") == (50 - runs_with < FEW_RUNS), (name, without)
        few_seen = few_seen or runs_with < FEW_RUNS or 50 - runs_with < FEW_RUNS
        assert change.endswith("*") == (with_.endswith("*") or without.endswith("*"))
        if change.startswith(("−", "-")):
            assert change.startswith("−")
    assert any(r[4].startswith("−") for r in rows), rows
    assert few_seen, rows
    assert all(isinstance(m["share"], float | int) for m in report["moves"].values())
