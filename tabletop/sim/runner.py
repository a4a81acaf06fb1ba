"""Spread a simulation's runs over an executor and merge the results in run order.

The runs are cut into chunks (`Task`s); any `concurrent.futures.Executor` can play them:
tabletop's own `ProcessPoolExecutor` by default, or one a cluster engine gives (Dask's
`Client.get_executor()`, or Ray's `multiprocessing.Pool` through `PoolExecutor`). The
results are put back in run order before anything is computed from them, so the report
depends only on the scenario, the number of runs and the master seed: not on the number
of processes, the chunk size, or which chunk finished first.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tabletop.scenario.compiled import CompiledScenario
from tabletop.sim.worker import (
    ChunkResult,
    Layout,
    SimulationError,
    Task,
    init_pool_worker,
    remember,
    run_chunk,
)

Progress = Callable[[int, int], None]
"""Called as `progress(runs_done, runs)` as chunks complete."""

MAX_CHUNK = 500
CHUNKS_PER_JOB = 16


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def chunk_size(runs: int, jobs: int) -> int:
    """Runs per task: enough tasks to keep every process busy and the progress bar moving,
    few enough that sending them costs nothing next to playing them."""
    return max(1, min(MAX_CHUNK, runs // (jobs * CHUNKS_PER_JOB) or 1))


@dataclass
class Simulation:
    """Every run's results, in run order."""

    scenario: CompiledScenario
    layout: Layout
    runs: int
    seed: int
    endings: array[int] = field(default_factory=lambda: array("i"))
    turns: array[int] = field(default_factory=lambda: array("i"))
    events: array[int] = field(default_factory=lambda: array("i"))
    scores: list[array[float]] = field(default_factory=list)
    tracks: list[array[float]] = field(default_factory=list)
    played: list[list[int]] = field(default_factory=list)
    """For each move, for each outcome: the runs with that outcome in which it was played."""

    def merge(self, chunks: list[ChunkResult]) -> None:
        """Append chunk results; they must come in run order with no gap."""
        layout = self.layout
        if not self.scores:
            self.scores = [array("d") for _ in layout.score_columns]
            self.tracks = [array("d") for _ in layout.tracks]
            self.played = [[0] * len(layout.outcomes) for _ in layout.moves]
        expected = len(self.endings) + 1
        for chunk in chunks:
            if chunk.start != expected:
                raise SimulationError(
                    f"internal: chunk starts at run {chunk.start}, not {expected}"
                )
            expected = chunk.stop
            self.endings.extend(chunk.endings)
            self.turns.extend(chunk.turns)
            self.events.extend(chunk.events)
            for mine, theirs in zip(self.scores, chunk.scores, strict=True):
                mine.extend(theirs)
            for mine, theirs in zip(self.tracks, chunk.tracks, strict=True):
                mine.extend(theirs)
            for mine_row, their_row in zip(self.played, chunk.played, strict=True):
                for k, count in enumerate(their_row):
                    mine_row[k] += count


def simulate(
    scenario: CompiledScenario,
    path: str | Path,
    runs: int,
    seed: int = 1,
    *,
    jobs: int | None = None,
    executor: Executor | None = None,
    sessions: str | Path | None = None,
    progress: Progress | None = None,
    chunk: int | None = None,
) -> Simulation:
    """Play `runs` complete computer playthroughs of a scenario and collect their results.

    `scenario` is the compiled scenario loaded from `path`; workers load `path` again
    themselves (once per process) and check that its sha256 is the same. With `executor`
    the chunks go to it (it is not shut down here); otherwise `jobs` processes (default:
    the number of cores) play them, or this process alone when `jobs` is 1.
    """
    if runs < 1:
        raise ValueError("a simulation needs at least one run")
    path_text = str(Path(path).resolve())
    jobs = jobs or default_jobs()
    size = chunk or chunk_size(runs, 1 if executor is None and jobs == 1 else jobs)
    width = max(6, len(str(runs)))
    session_dir = None
    if sessions is not None:
        session_dir = str(Path(sessions).resolve())
    tasks = [
        Task(
            path_text, scenario.sha256, seed, start, min(start + size, runs + 1), session_dir, width
        )
        for start in range(1, runs + 1, size)
    ]
    simulation = Simulation(scenario, Layout.of(scenario), runs, seed)
    if executor is None and (jobs == 1 or len(tasks) == 1):
        remember(path_text, scenario)
        done = 0
        for task in tasks:
            result = run_chunk(task)
            simulation.merge([result])
            done += result.stop - result.start
            if progress is not None:
                progress(done, runs)
        return simulation
    if executor is not None:
        simulation.merge(_run_on(executor, tasks, runs, progress))
        return simulation
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)),
        initializer=init_pool_worker,
        initargs=(path_text, scenario.sha256),
    )
    try:
        results = _run_on(pool, tasks, runs, progress)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    simulation.merge(results)
    return simulation


def _run_on(
    executor: Executor, tasks: list[Task], runs: int, progress: Progress | None
) -> list[ChunkResult]:
    """Submit every task, wait for all, and return the results in task (run) order."""
    futures: dict[Future[ChunkResult], int] = {}
    try:
        for i, task in enumerate(tasks):
            futures[executor.submit(run_chunk, task)] = i
        results: list[ChunkResult | None] = [None] * len(tasks)
        done = 0
        for future in as_completed(futures):
            result = future.result()
            results[futures[future]] = result
            done += result.stop - result.start
            if progress is not None:
                progress(done, runs)
    except BaseException:
        for future in futures:
            future.cancel()
        raise
    return [r for r in results if r is not None]


class PoolExecutor(Executor):
    """A `concurrent.futures.Executor` over a `multiprocessing.Pool`-like object.

    For pools that speak the `multiprocessing.Pool` API rather than the executor one, such
    as Ray's `ray.util.multiprocessing.Pool` (which runs the pool on a Ray cluster):

        pool = ray.util.multiprocessing.Pool(
            initializer=tabletop.sim.init_worker, initargs=(path, sha256))
        simulate(scenario, path, runs, seed, executor=PoolExecutor(pool))

    The pool stays the caller's to close.
    """

    def __init__(self, pool: Any) -> None:
        self.pool = pool

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_running_or_notify_cancel()
        self.pool.apply_async(
            fn, args, kwargs, callback=future.set_result, error_callback=future.set_exception
        )
        return future
