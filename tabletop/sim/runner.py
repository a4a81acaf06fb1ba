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
from typing import Any, TypeVar

from tabletop.scenario.compiled import CompiledScenario
from tabletop.sim.variant import NO_VARIANT, Variant
from tabletop.sim.worker import (
    ANSWER_KINDS,
    BanResult,
    BanTask,
    ChunkResult,
    Layout,
    SimulationError,
    Task,
    init_pool_worker,
    remember,
    run_bans,
    run_chunk,
)

T = TypeVar("T")
R = TypeVar("R", ChunkResult, BanResult)

Progress = Callable[[int, int], None]
"""Called as `progress(runs_done, runs)` as chunks complete."""

MAX_CHUNK = 500
CHUNKS_PER_JOB = 16
MAX_RUNS = 10_000_000
"""The most runs one simulation plays: every run keeps its ending, turns, events, scores
and final tracks in memory (about 100 bytes a run for the bundled scenarios)."""
MAX_JOBS = 256
"""The most processes one simulation starts (with fork, all of them at once)."""


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
    variant: Variant = NO_VARIANT
    """The moves banned and start values set for every run."""
    considered: list[int] = field(default_factory=list)
    """With effects: per run, the bit mask of the moves a doctrine draw could have picked."""
    answers: list[list[list[int]]] = field(default_factory=list)
    """For each (offer move, addressee), each answer kind, each outcome: the runs."""
    paired: dict[str, BanResult] | None = None
    """With effects: per catalogue move, the runs played again with it banned (only the
    runs in which it was considered: the others are the baseline run, event for event)."""

    def merge(self, chunks: list[ChunkResult]) -> None:
        """Append chunk results; they must come in run order with no gap."""
        layout = self.layout
        if not self.scores:
            self.scores = [array("d") for _ in layout.score_columns]
            self.tracks = [array("d") for _ in layout.tracks]
            self.played = [[0] * len(layout.outcomes) for _ in layout.moves]
            self.answers = [
                [[0] * len(layout.outcomes) for _ in ANSWER_KINDS] for _ in layout.offers
            ]
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
            self.considered.extend(chunk.considered)
            for mine_pair, their_pair in zip(self.answers, chunk.answers, strict=True):
                for mine_row, their_row in zip(mine_pair, their_pair, strict=True):
                    for k, count in enumerate(their_row):
                        mine_row[k] += count

    def banned_endings(self, move: str) -> array[int]:
        """Every run's ending with `move` banned too: replayed where it was considered,
        the baseline's elsewhere (identical, since the move could never have been drawn)."""
        return self._banned(move, self.endings, lambda result: result.endings)

    def banned_totals(self, move: str, actor: int) -> array[float]:
        """Every run's total score of actor number `actor` with `move` banned too."""
        column = self.scores[self.layout.score_columns.index((self.layout.actors[actor], None))]
        return self._banned(move, column, lambda result: result.totals[actor])

    def _banned(
        self, move: str, baseline: array[Any], pick: Callable[[BanResult], array[Any]]
    ) -> array[Any]:
        if self.paired is None:
            raise ValueError("this simulation was run without effects")
        out = array(baseline.typecode, baseline)
        result = self.paired[move]
        for run, value in zip(result.runs, pick(result), strict=True):
            out[run - 1] = value
        return out


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
    variant: Variant = NO_VARIANT,
    effects: bool = False,
) -> Simulation:
    """Play `runs` complete computer playthroughs of a scenario and collect their results.

    `scenario` is the compiled scenario loaded from `path`; workers load `path` again
    themselves (once per process) and check that its sha256 is the same. With `executor`
    the chunks go to it (it is not shut down here); otherwise `jobs` processes (default:
    the number of cores) play them, or this process alone when `jobs` is 1.

    `variant` bans moves and changes start values for every run. With `effects`, every
    catalogue move is then banned in turn and each run in which the computer could have
    drawn it is played again with the same seed (common random numbers): the paired
    runs that `build_report` turns into each move's effect on each ending.
    """
    if not 1 <= runs <= MAX_RUNS:
        raise ValueError(f"a simulation plays from 1 to at most {MAX_RUNS:,} runs, not {runs}")
    if jobs is not None and not 1 <= jobs <= MAX_JOBS:
        raise ValueError(f"a simulation uses from 1 to at most {MAX_JOBS} processes, not {jobs}")
    path_text = str(Path(path).resolve())
    jobs = jobs or default_jobs()
    size = chunk or chunk_size(runs, 1 if executor is None and jobs == 1 else jobs)
    width = max(6, len(str(runs)))
    session_dir = None
    if sessions is not None:
        session_dir = str(Path(sessions).resolve())
    tasks = [
        Task(
            path_text,
            scenario.sha256,
            seed,
            start,
            min(start + size, runs + 1),
            session_dir,
            width,
            variant,
            effects,
        )
        for start in range(1, runs + 1, size)
    ]
    simulation = Simulation(scenario, Layout.of(scenario), runs, seed, variant=variant)
    local = executor is None and (jobs == 1 or len(tasks) == 1)
    pool: Executor | None = executor
    if local:
        remember(path_text, scenario)
    elif pool is None:
        pool = ProcessPoolExecutor(
            max_workers=min(jobs, len(tasks)),  # a process with no chunk to play is waste
            initializer=init_pool_worker,
            initargs=(path_text, scenario.sha256),
        )
    try:
        simulation.merge(_run_all(pool, run_chunk, tasks, _runs_of, 0, runs, progress))
        if effects:
            ban_tasks = _ban_tasks(simulation, path_text, size)
            total = runs + sum(len(t.runs) for t in ban_tasks)
            results = _run_all(pool, run_bans, ban_tasks, _replays_of, runs, total, progress)
            simulation.paired = _merge_bans(simulation, results)
    except BaseException:
        if pool is not None and executor is None:
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    if pool is not None and executor is None:
        pool.shutdown(wait=True)
    return simulation


def _runs_of(result: ChunkResult) -> int:
    return result.stop - result.start


def _replays_of(result: BanResult) -> int:
    return len(result.runs)


def _ban_tasks(simulation: Simulation, path: str, size: int) -> list[BanTask]:
    """For each move in catalogue order, the runs in which it was considered, in chunks."""
    tasks: list[BanTask] = []
    scenario = simulation.scenario
    for bit, move in enumerate(simulation.layout.moves):
        if move in simulation.variant.bans:
            continue  # banned already: banning it again changes nothing
        flag = 1 << bit
        runs = [i + 1 for i, mask in enumerate(simulation.considered) if mask & flag]
        for start in range(0, len(runs), size):
            piece = tuple(runs[start : start + size])
            tasks.append(
                BanTask(path, scenario.sha256, simulation.seed, simulation.variant, move, piece)
            )
    return tasks


def _merge_bans(simulation: Simulation, results: list[BanResult]) -> dict[str, BanResult]:
    """One result per move (possibly with no runs), pieces joined in run order."""
    merged = {
        move: BanResult(move, (), totals=[array("d") for _ in simulation.layout.actors])
        for move in simulation.layout.moves
        if move not in simulation.variant.bans
    }
    for result in results:
        into = merged[result.move]
        into.runs = into.runs + result.runs
        into.endings.extend(result.endings)
        for mine, theirs in zip(into.totals, result.totals, strict=True):
            mine.extend(theirs)
    return merged


def _run_all(
    executor: Executor | None,
    fn: Callable[[T], R],
    tasks: list[T],
    size_of: Callable[[R], int],
    done: int,
    total: int,
    progress: Progress | None,
) -> list[R]:
    """Every task's result in task order: in this process without an executor."""
    if executor is None:
        out = []
        for task in tasks:
            result = fn(task)
            out.append(result)
            done += size_of(result)
            if progress is not None:
                progress(done, total)
        return out
    return _run_on(executor, fn, tasks, size_of, done, total, progress)


def _run_on(
    executor: Executor,
    fn: Callable[[T], R],
    tasks: list[T],
    size_of: Callable[[R], int],
    done: int,
    total: int,
    progress: Progress | None,
) -> list[R]:
    """Submit every task, wait for all, and return the results in task (run) order."""
    futures: dict[Future[R], int] = {}
    try:
        for i, task in enumerate(tasks):
            futures[executor.submit(fn, task)] = i
        results: list[R | None] = [None] * len(tasks)
        for future in as_completed(futures):
            result = future.result()
            results[futures[future]] = result
            done += size_of(result)
            if progress is not None:
                progress(done, total)
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
