"""`--sessions DIR`: every run's journal, readable, replaying to the run's ending."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from tabletop.cli import main
from tabletop.engine.replay import replay
from tabletop.engine.session import Session
from tabletop.journal import read_journal
from tabletop.scenario.load import load_scenario
from tabletop.sim import NO_ENDING, play, run_seed
from tests.sim.conftest import MINI

Run = Callable[..., tuple[int, str, str]]


def test_journals_replay_to_the_reported_endings(simulate: Run, tmp_path: Path) -> None:
    directory = tmp_path / "runs"
    status, out, err = simulate(
        MINI, "--runs", "24", "--seed", "5", "--jobs", "2", "--json", "--sessions", directory
    )
    assert status == 0, err
    report = json.loads(out)
    compiled, _ = load_scenario(MINI)
    journals = sorted(directory.glob("run-*.jsonl"))
    assert [p.name for p in journals] == [f"run-{i:06d}.jsonl" for i in range(1, 25)]
    with open(directory / "runs.csv", encoding="utf-8", newline="") as f:
        index = list(csv.DictReader(f))
    assert len(index) == 24
    endings: Counter[str] = Counter()
    for row, path in zip(index, journals, strict=True):
        journal = read_journal(path)
        assert journal.warnings == []
        run = int(row["run"])
        seed = run_seed(5, run)
        assert row["journal"] == path.name and int(row["seed"]) == seed
        assert journal.header["seed"] == seed
        assert journal.header["scenario"]["sha256"] == compiled.sha256
        assert journal.header["settings"]["simulation"] == {"seed": 5, "run": run}
        state = replay(compiled.initial_values(), journal.events)
        assert state.ended is not None
        ending = state.ended["ending"] or NO_ENDING
        assert ending == row["ending"]
        assert int(row["turns"]) == state.turn + 1 and int(row["events"]) == len(journal.events)
        endings[ending] += 1
        # the same run played again without a journal gives the same events
        fresh = play(compiled, seed)
        assert [_bare(e) for e in journal.events] == [_bare(e) for e in fresh.events]
        # and the journal resumes into the same state
        settings = journal.header["settings"]
        resumed = Session(
            compiled,
            seed,
            journal.events,
            computer=settings["computer"],
            auto_adjudicate=settings["auto_adjudicate"],
        )
        assert resumed.state == state
    assert endings == Counter({k: v["count"] for k, v in report["outcomes"].items() if v["count"]})


def test_journals_do_not_change_the_report(simulate: Run, tmp_path: Path) -> None:
    args = (MINI, "--runs", "30", "--seed", "2", "--json", "--jobs", "1")
    _, plain, _ = simulate(*args)
    _, kept, _ = simulate(*args, "--sessions", tmp_path / "kept")
    assert plain == kept


def test_a_directory_with_runs_is_refused(simulate: Run, tmp_path: Path) -> None:
    directory = tmp_path / "runs"
    assert simulate(MINI, "--runs", "3", "--sessions", directory)[0] == 0
    status, out, err = simulate(MINI, "--runs", "3", "--sessions", directory)
    assert status == 1 and out == ""
    assert "already holds run journals" in err
    file = tmp_path / "file"
    file.write_text("x", encoding="utf-8")
    status, _, err = simulate(MINI, "--runs", "3", "--sessions", file)
    assert status == 1 and "needs a directory" in err


def test_human_output_names_the_journals(simulate: Run, tmp_path: Path) -> None:
    status, out, _ = simulate(MINI, "--runs", "3", "--sessions", tmp_path / "j")
    assert status == 0 and f"journals: {tmp_path / 'j'}/run-*.jsonl" in out


def _bare(event: dict[str, object], *also: str) -> dict[str, object]:
    """An event without the wall-clock time the journal writer adds (and `also`)."""
    return {k: v for k, v in event.items() if k != "at" and k not in also}


def test_tabletop_run_with_a_runs_seed_replays_that_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`tabletop run SCENARIO --seed <seed from runs.csv>` plays the same run again."""
    compiled, _ = load_scenario(MINI)
    for run in (1, 2, 3):
        seed = run_seed(1, run)
        path = tmp_path / f"again-{run}.jsonl"
        assert main(["run", str(MINI), "--seed", str(seed), "--session", str(path)]) == 0
        capsys.readouterr()
        again = read_journal(path).events
        fresh = play(compiled, seed).events
        # the same events; only how they are grouped into actions differs
        assert [_bare(e, "action") for e in again] == [_bare(e, "action") for e in fresh]
