"""The runs go to any concurrent.futures.Executor; the results do not depend on which."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tabletop.scenario.load import load_scenario
from tabletop.sim import PoolExecutor, SimulationError, build_report, dumps, init_worker, simulate
from tabletop.sim.runner import MAX_JOBS, MAX_RUNS, chunk_size
from tests.sim.conftest import MINI


def report_text(**options: object) -> str:
    compiled, _ = load_scenario(MINI)
    return dumps(build_report(simulate(compiled, MINI, 45, 9, **options)))  # type: ignore[arg-type]


def test_any_executor_gives_the_same_report() -> None:
    reference = report_text(jobs=1)
    assert report_text(jobs=1, chunk=4) == reference
    assert report_text(jobs=2, chunk=7) == reference
    with ThreadPoolExecutor(3) as executor:
        assert report_text(executor=executor, chunk=5) == reference


def test_a_multiprocessing_pool_through_the_adapter() -> None:
    """The shape Ray's `ray.util.multiprocessing.Pool` has: the `multiprocessing.Pool` API."""
    compiled, _ = load_scenario(MINI)
    context = multiprocessing.get_context("spawn")  # nothing inherited: workers load the file
    with context.Pool(
        2, initializer=init_worker, initargs=(str(MINI.resolve()), compiled.sha256)
    ) as pool:
        text = report_text(executor=PoolExecutor(pool), chunk=10)
    assert text == report_text(jobs=1)


def test_progress_is_reported_in_runs() -> None:
    compiled, _ = load_scenario(MINI)
    seen: list[tuple[int, int]] = []
    simulate(compiled, MINI, 25, 1, jobs=1, chunk=10, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(10, 25), (20, 25), (25, 25)]


def test_a_changed_scenario_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mini.toml"
    path.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    compiled, _ = load_scenario(path)
    path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    with ThreadPoolExecutor(1) as executor, pytest.raises(SimulationError, match="changed"):
        simulate(compiled, path, 5, 1, executor=executor)


def test_chunks_keep_every_process_busy() -> None:
    assert chunk_size(1, 2) == 1
    assert chunk_size(2000, 2) == 62
    assert chunk_size(10**7, 2) == 500


def test_no_more_processes_than_there_are_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Given --jobs far above the chunks to play (3 runs, 50 jobs), when the runs are
    played, then the pool has one process per chunk: with fork, every process asked for is
    started at once, so `--jobs 100000` on 2 runs would start 100,000 processes."""
    asked: list[int] = []

    class Recording(ProcessPoolExecutor):
        def __init__(self, max_workers: int, **kwargs: Any) -> None:
            asked.append(max_workers)
            super().__init__(max_workers, **kwargs)

    monkeypatch.setattr("tabletop.sim.runner.ProcessPoolExecutor", Recording)
    compiled, _ = load_scenario(MINI)
    simulation = simulate(compiled, MINI, 3, 9, jobs=50)
    assert asked == [3]
    assert len(simulation.endings) == 3


def test_a_simulation_has_a_bounded_number_of_runs() -> None:
    """Given more runs than MAX_RUNS, when a simulation is asked for, then it is refused
    before anything is built (10**12 runs once built 2·10**9 task objects, then ran out
    of memory)."""
    compiled, _ = load_scenario(MINI)
    with pytest.raises(ValueError, match="at most 10,000,000 runs"):
        simulate(compiled, MINI, MAX_RUNS + 1, 1, jobs=1)
    with pytest.raises(ValueError, match="at most 256 processes"):
        simulate(compiled, MINI, 2, 1, jobs=MAX_JOBS + 1)
