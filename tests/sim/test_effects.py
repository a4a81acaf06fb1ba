"""`simulate --ban`, `--set` and `--effects`: variants of a scenario, and paired runs that
measure what a move causes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tabletop.engine.session import Session
from tabletop.engine.tables import tables
from tabletop.scenario.bundled import bundled_paths
from tabletop.scenario.load import load_scenario
from tabletop.sim import run_seed, simulate
from tabletop.sim.variant import Variant, VariantError, apply_variant, parse_variant
from tabletop.sim.worker import play
from tests.sim.conftest import DATA, MINI

Run = Callable[..., tuple[int, str, str]]
RunJson = Callable[..., dict[str, Any]]


def _ukraine() -> Path:
    return next(p for p in bundled_paths() if p.stem == "ukraine_2022")


def test_a_banned_move_is_never_played(simulate_json: RunJson) -> None:
    report = simulate_json(MINI, "--runs", "200", "--jobs", "1", "--ban", "mobilise")
    assert report["variant"] == {"ban": ["mobilise"], "set": {}}
    assert report["moves"]["mobilise"]["played"] == 0
    plain = simulate_json(MINI, "--runs", "200", "--jobs", "1")
    assert plain["variant"] == {"ban": [], "set": {}}
    assert plain["moves"]["mobilise"]["played"] > 100


def test_a_start_value_changes_every_run(simulate_json: RunJson) -> None:
    """Tension starting at 9 needs one step to war: war becomes far more common."""
    hot = simulate_json(MINI, "--runs", "200", "--jobs", "1", "--set", "tension=9")
    cold = simulate_json(MINI, "--runs", "200", "--jobs", "1")
    assert hot["variant"]["set"] == {"tension": 9}
    assert hot["outcomes"]["war"]["share"] > cold["outcomes"]["war"]["share"] + 0.2


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("--ban", "mobilse"), 1, "there is no move 'mobilse' (did you mean 'mobilise'?)"),
        (("--set", "tensoin=3"), 1, "there is no track 'tensoin' (did you mean 'tension'?)"),
        (("--set", "tension=11"), 1, "'tension' goes from 0 to 10, not 11"),
        (("--set", "talks_open=maybe"), 1, "'talks_open' is true or false, not 'maybe'"),
        (("--set", "alert=red"), 1, "'alert' is one of low, medium, high, not 'red'"),
        (("--set", "tension"), 2, "write TRACK=VALUE"),
    ],
)
def test_bad_variants_are_refused_clearly(
    simulate: Run,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    status: int,
    message: str,
) -> None:
    try:
        code, out, err = simulate(MINI, "--runs", "5", *args)
    except SystemExit as exc:  # argparse's usage error
        assert exc.code == status == 2
        assert message in capsys.readouterr().err
        return
    assert code == status
    assert message in err and "Traceback" not in err and out == ""


def test_start_values_cannot_be_journaled(simulate: Run, tmp_path: Path) -> None:
    code, _, err = simulate(MINI, "--runs", "5", "--set", "tension=4", "--sessions", tmp_path)
    assert code == 2 and "--set cannot be combined with --sessions" in err


def test_effects_are_identical_whatever_the_jobs(simulate: Run) -> None:
    outputs = []
    for jobs in ("1", "2"):
        status, out, err = simulate(MINI, "--runs", "120", "--effects", "--jobs", jobs, "--json")
        assert status == 0, err
        outputs.append(out)
    assert outputs[0] == outputs[1]


def test_effects_are_paired_differences(simulate_json: RunJson) -> None:
    """effects.<move>.<ending> is the share with the move minus the share with it banned:
    a plain --ban run on the same seeds gives the second share."""
    runs = 150
    report = simulate_json(MINI, "--runs", str(runs), "--jobs", "1", "--effects")
    banned = simulate_json(MINI, "--runs", str(runs), "--jobs", "1", "--ban", "mobilise")
    for ending, cell in report["effects"]["mobilise"].items():
        expected = report["outcomes"][ending]["share"] - banned["outcomes"][ending]["share"]
        assert cell["delta"] == pytest.approx(expected, abs=1e-6)
        assert cell["low"] <= cell["delta"] <= cell["high"]
    # Red escalating is what makes war: without it, no war at all
    assert report["effects"]["mobilise"]["war"]["low"] > 0
    assert set(report["effects"]) == set(report["moves"])


def test_skipping_unconsidered_runs_is_exact() -> None:
    """The shortcut --effects takes: a run in which the computer could never have drawn a
    move is, event for event, the run with that move banned (every roll is derived from
    the seed and the event's number, never from a shared stream)."""
    scenario, _ = load_scenario(_ukraine())
    # one variant per move, as `simulate --effects` keeps them: building a variant's engine
    # tables costs more than playing it, and the same moves go unconsidered run after run
    banned = cache(lambda move: apply_variant(scenario, Variant((move,))))
    checked = 0
    for run in range(1, 25):
        seed = run_seed(1, run)
        seen: set[str] = set()
        baseline = play(scenario, seed, considered=seen)
        for move in sorted(set(scenario.moves) - seen)[:6]:
            other = play(banned(move), seed)
            assert _facts(other) == _facts(baseline), (run, move)
            checked += 1
        # and a considered move does change some runs: the shortcut is not vacuous
    assert checked > 50


def test_a_considered_move_can_change_the_run() -> None:
    scenario, _ = load_scenario(_ukraine())
    banned = cache(lambda move: apply_variant(scenario, Variant((move,))))
    changed = 0
    for run in range(1, 10):
        seed = run_seed(1, run)
        seen: set[str] = set()
        baseline = play(scenario, seed, considered=seen)
        assert seen, "the computer considered some moves"
        move = sorted(seen)[0]
        other = play(banned(move), seed)
        changed += _facts(other) != _facts(baseline)
    assert changed > 0


def _facts(session: Session) -> list[tuple[Any, ...]]:
    return [(e["seq"], e["kind"], e.get("move"), e.get("outcome")) for e in session.events]


def test_scores_by_ending(simulate_json: RunJson) -> None:
    report = simulate_json(MINI, "--runs", "200", "--jobs", "1")
    for entry in report["outcomes"].values():
        for actor in ("red", "blue"):
            value = entry["scores"][actor]
            assert (value is None) == (entry["count"] == 0)
    # Blue's only objective is the deal (weight 2): it scores 2 in every deal and 0 elsewhere
    assert report["outcomes"]["deal"]["scores"]["blue"] == 2
    assert report["outcomes"]["war"]["scores"]["blue"] == 0


def test_the_table_shows_effects_and_labels_the_correlation(simulate: Run) -> None:
    status, out, _ = simulate(MINI, "--runs", "120", "--jobs", "1", "--effects")
    assert status == 0
    assert "Effects of each move (paired runs on the same seeds" in out
    assert "Red: Mobilise" in out.split("Effects of each move")[1]
    assert "correlation, not cause" in out
    assert "Mean total score by ending" in out


def test_parse_variant_orders_and_checks() -> None:
    scenario, _ = load_scenario(MINI)
    variant = parse_variant(scenario, ["talk", "mobilise", "talk"], ["alert=high", "tension=2"])
    assert variant.bans == ("mobilise", "talk")
    assert variant.starts == (("tension", 2), ("alert", "high"))  # file order
    changed = apply_variant(scenario, variant)
    assert changed.initial_values()["tension"] == 2
    assert [m.id for m in changed.moves_by_actor["red"]] == ["gamble"]
    assert scenario.initial_values()["tension"] == 3  # the original is untouched
    with pytest.raises(VariantError):
        parse_variant(scenario, [], ["tension=nan"])


def test_effects_from_python(tmp_path: Path) -> None:
    scenario, _ = load_scenario(MINI)
    simulation = simulate(scenario, MINI, 60, 3, jobs=1, effects=True)
    assert simulation.paired is not None
    ended = simulation.banned_endings("mobilise")
    assert len(ended) == 60


@pytest.mark.parametrize(
    ("path", "bans", "starts", "answers"),
    [
        (MINI, ["mobilise"], [], []),
        (MINI, ["talk", "gamble"], ["tension=9", "talks_open=true"], []),
        (DATA / "talks.toml", ["pullback"], [], ["treaty:blue=accept"]),
        (DATA / "talks.toml", [], ["trust=1"], ["treaty=reject"]),
    ],
)
def test_a_variant_shares_the_tables_it_leaves_alone(
    path: Path, bans: list[str], starts: list[str], answers: list[str]
) -> None:
    """Given a scenario played once (its engine tables built), when a variant of it is
    made, then the variant keeps the tables of every actor and move it left alone, builds
    those of the actors whose catalogue lost a move and of the moves whose offer changed,
    and plays every run event for event as the same variant with every table built anew
    (what `simulate --effects` relies on to build only what each ban changes)."""
    scenario, _ = load_scenario(path)
    play(scenario, run_seed(4, 1))
    derived = apply_variant(scenario, parse_variant(scenario, bans, starts, answers))
    fresh = dataclasses.replace(derived)  # a replace starts without tables: all built anew
    assert derived.tables is not None and fresh.tables is None
    old, new = tables(scenario), tables(derived)
    kept = [m for m in scenario.moves if derived.moves[m] is scenario.moves[m]]
    assert [m for m in new.moves if new.moves[m] is old.moves[m]] == kept
    assert len(kept) == len(scenario.moves) - len({a.split(":")[0].split("=")[0] for a in answers})
    for actor, table in new.actors.items():
        same_plan = derived.doctrine_plan[actor] == scenario.doctrine_plan[actor]
        assert (table is old.actors[actor]) == same_plan, actor
        assert same_plan == (not {m.id for m in scenario.moves_by_actor[actor]} & set(bans))
    for run in range(1, 41):
        seed = run_seed(4, run)
        assert play(derived, seed).events == play(fresh, seed).events, run
