"""What runs inside a worker process: load the scenario once, then play chunks of runs.

A task names the scenario by its path and sha256, never carries the compiled scenario:
each worker process loads the file once (in the executor's initializer, or lazily on its
first task when the executor has no initializer, as with Dask) and keeps it for every
later task. Results are small columns of numbers (`array`), cheap to send back.

Nothing here builds pydantic models or writes journals per run unless `--sessions` asks
for the journals.
"""

from __future__ import annotations

import signal
import threading
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tabletop.engine.session import Session
from tabletop.engine.tables import tables
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.problems import ScenarioError
from tabletop.sim.seeds import run_seed
from tabletop.sim.variant import NO_VARIANT, Variant, apply_variant

ANSWER_KINDS = ("accept", "reject", "counter", "expired", "unanswered")
"""How an addressee met an offer in a run (`unanswered`: still open at the end)."""

NO_ENDING = "_none"
"""The outcome key for runs that ended without a named ending (a scenario with no default
ending whose calendar ran out). Scenario ids start with a letter, so it cannot clash."""


class SimulationError(Exception):
    """A simulation that cannot go on; the message is ready to print.

    Plain (one string argument) so that it pickles back from any worker process.
    """


@dataclass(frozen=True)
class Layout:
    """The order of everything a run reports: the same in every process for one scenario."""

    outcomes: tuple[str, ...]
    """The scenario's endings in file order, then `NO_ENDING`."""
    actors: tuple[str, ...]
    score_columns: tuple[tuple[str, str | None], ...]
    """(actor, None) for an actor's total, (actor, objective) for one objective."""
    tracks: tuple[str, ...]
    track_types: tuple[str, ...]
    levels: tuple[tuple[str, ...], ...]
    moves: tuple[str, ...]
    offers: tuple[tuple[str, str], ...] = ()
    """(offer move, addressee) for every addressee of every move that is an offer."""

    @classmethod
    def of(cls, scenario: CompiledScenario) -> Layout:
        columns: list[tuple[str, str | None]] = []
        for actor in scenario.actors:
            columns.append((actor, None))
            columns.extend((actor, o.id) for o in scenario.objectives.get(actor, ()))
        tracks = tuple(scenario.tracks.values())
        return cls(
            outcomes=(*(e.model.id for e in scenario.endings), NO_ENDING),
            actors=tuple(scenario.actors),
            score_columns=tuple(columns),
            tracks=tuple(t.id for t in tracks),
            track_types=tuple(t.type for t in tracks),
            levels=tuple(tuple(t.levels) for t in tracks),
            moves=tuple(scenario.moves),
            offers=tuple(
                (move.id, actor)
                for move in scenario.moves.values()
                if move.offer is not None
                for actor in move.offer.to
            ),
        )


@dataclass(frozen=True)
class Task:
    """Play runs `start` to `stop - 1` (1-based run numbers) of a simulation."""

    path: str
    sha256: str
    seed: int
    """The master seed; run i plays with `run_seed(seed, i)`."""
    start: int
    stop: int
    sessions: str | None = None
    """A directory to keep every run's journal in, or None for no journals."""
    width: int = 6
    """Digits in the journal file names (run-000001.jsonl)."""
    variant: Variant = NO_VARIANT
    """Moves banned and start values changed for every run (`--ban`, `--set`)."""
    considered: bool = False
    """Whether to record, per run, the moves the computer could have drawn (`--effects`)."""


@dataclass
class ChunkResult:
    """What a chunk of runs produced, one entry per run in run order (except the counts)."""

    start: int
    stop: int
    endings: array[int] = field(default_factory=lambda: array("i"))
    """Index into `Layout.outcomes`."""
    turns: array[int] = field(default_factory=lambda: array("i"))
    events: array[int] = field(default_factory=lambda: array("i"))
    scores: list[array[float]] = field(default_factory=list)
    """One column per `Layout.score_columns`."""
    tracks: list[array[float]] = field(default_factory=list)
    """One column per track: numbers as they are, flags 0/1, levels as their index."""
    played: list[list[int]] = field(default_factory=list)
    """For each move, for each outcome: the runs with that outcome in which it was played."""
    considered: list[int] = field(default_factory=list)
    """With `Task.considered`: per run, a bit mask over `Layout.moves` of the moves some
    doctrine draw could have picked (bit i for move i)."""
    answers: list[list[list[int]]] = field(default_factory=list)
    """For each `Layout.offers` pair, for each of `ANSWER_KINDS`, for each outcome: the runs
    in which the addressee's answer to the first offer of that move was that one."""


@dataclass(frozen=True)
class BanTask:
    """Play the listed runs again with one more move banned (a paired run of `--effects`)."""

    path: str
    sha256: str
    seed: int
    variant: Variant
    """The simulation's own variant; `move` is banned on top of it."""
    move: str
    runs: tuple[int, ...]


@dataclass
class BanResult:
    """The ending index and every actor's total score of each run of a `BanTask`, in order."""

    move: str
    runs: tuple[int, ...]
    endings: array[int] = field(default_factory=lambda: array("i"))
    totals: list[array[float]] = field(default_factory=list)
    """One column per actor, in `Layout.actors` order."""


_LOCK = threading.Lock()
_CACHE: dict[tuple[str, str], tuple[CompiledScenario, Layout]] = {}
_VARIANTS: dict[tuple[str, str, Variant], CompiledScenario] = {}


def scenario_for(path: str, sha256: str) -> tuple[CompiledScenario, Layout]:
    """The compiled scenario at `path`, loaded once per process and kept."""
    key = (path, sha256)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    from tabletop.scenario.load import load_scenario

    with _LOCK:
        cached = _CACHE.get(key)
        if cached is None:
            try:
                compiled, _ = load_scenario(path)
            except ScenarioError as exc:
                raise SimulationError("\n".join(exc.lines())) from None
            if compiled.sha256 != sha256:
                raise SimulationError(
                    f"{path}: the scenario file changed while the simulation was running "
                    f"(sha256 {compiled.sha256[:12]}…, expected {sha256[:12]}…)"
                )
            cached = (compiled, Layout.of(compiled))
            _CACHE[key] = cached
    return cached


def variant_for(path: str, sha256: str, variant: Variant) -> tuple[CompiledScenario, Layout]:
    """The scenario with a variant applied (kept per process), and the file's layout."""
    scenario, layout = scenario_for(path, sha256)
    if not variant:
        return scenario, layout
    key = (path, sha256, variant)
    changed = _VARIANTS.get(key)
    if changed is None:
        with _LOCK:
            changed = _VARIANTS.get(key)
            if changed is None:
                if len(_VARIANTS) > 256:  # one simulation's worth; never unbounded
                    _VARIANTS.clear()
                changed = _VARIANTS[key] = apply_variant(scenario, variant)
    return changed, layout


def remember(path: str, compiled: CompiledScenario) -> None:
    """Put an already loaded scenario in this process's cache (in-process runs)."""
    _CACHE[(path, compiled.sha256)] = (compiled, Layout.of(compiled))


def remember_text(path: str, sha256: str, text: bytes | str) -> None:
    """Compile scenario text sent from elsewhere and keep it as the scenario at `path`.

    For workers on other machines, where `path` (the client's) does not exist: the text
    is checked against the sha256 the client loaded.
    """
    from tabletop.scenario.load import parse_scenario

    if (path, sha256) in _CACHE:
        return
    try:
        compiled, _ = parse_scenario(text, path)
    except ScenarioError as exc:
        raise SimulationError("\n".join(exc.lines())) from None
    if compiled.sha256 != sha256:
        raise SimulationError(f"{path}: the scenario sent differs from the one loaded")
    with _LOCK:
        _CACHE[(path, sha256)] = (compiled, Layout.of(compiled))


def init_worker(path: str, sha256: str) -> None:
    """An executor initializer: load the scenario once, before the first task."""
    scenario_for(path, sha256)


def init_pool_worker(path: str, sha256: str) -> None:
    """The initializer of tabletop's own process pool: Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    init_worker(path, sha256)


def play(
    scenario: CompiledScenario,
    seed: int,
    sink: object = None,
    considered: set[str] | None = None,
) -> Session:
    """One complete playthrough: the computer plays and adjudicates for every actor.

    With `considered`, the moves any doctrine draw could have picked are added to it.
    """
    session = Session(
        scenario,
        seed,
        sink=sink,  # type: ignore[arg-type]
        computer=scenario.actors,
        auto_adjudicate=True,
        undo_depth=0,
    )
    session.considered = considered
    session.play_to_end()
    return session


def run_chunk(task: Task) -> ChunkResult:
    """Play a chunk of runs and return their results as columns."""
    scenario, layout = variant_for(task.path, task.sha256, task.variant)
    outcome_index = {o: i for i, o in enumerate(layout.outcomes)}
    none_index = len(layout.outcomes) - 1
    move_index = {m: i for i, m in enumerate(layout.moves)}
    level_index = [{lv: i for i, lv in enumerate(levels)} for levels in layout.levels]
    n_outcomes = len(layout.outcomes)
    result = ChunkResult(task.start, task.stop)
    result.scores = [array("d") for _ in layout.score_columns]
    result.tracks = [array("d") for _ in layout.tracks]
    played = [[0] * n_outcomes for _ in layout.moves]
    result.played = played
    answers = [[[0] * n_outcomes for _ in ANSWER_KINDS] for _ in layout.offers]
    result.answers = answers
    answer_index = {a: i for i, a in enumerate(ANSWER_KINDS)}
    # (actor, its total's column, [(objective, column), ...]) and the tracks by kind
    score_specs: list[tuple[str, array[float], list[tuple[str, array[float]]]]] = []
    for (actor, objective), column in zip(layout.score_columns, result.scores, strict=True):
        if objective is None:
            score_specs.append((actor, column, []))
        else:
            score_specs[-1][2].append((objective, column))
    plain_tracks: list[tuple[str, array[float]]] = []
    level_tracks: list[tuple[str, dict[str, int], array[float]]] = []
    for track, kind, levels, column in zip(
        layout.tracks, layout.track_types, level_index, result.tracks, strict=True
    ):
        if kind == "level":
            level_tracks.append((track, levels, column))
        else:
            plain_tracks.append((track, column))  # numbers as they are, flags as 0/1
    directory = Path(task.sessions) if task.sessions else None
    endings, turns, events = result.endings, result.turns, result.events
    seen: set[str] | None = set() if task.considered else None
    for run in range(task.start, task.stop):
        seed = run_seed(task.seed, run)
        if seen is not None:
            seen.clear()
        if directory is None:
            session = play(scenario, seed, considered=seen)
        else:
            session = _play_journaled(scenario, task, run, seed, directory, seen)
        if seen is not None:
            mask = 0
            for move in seen:
                mask |= 1 << move_index[move]
            result.considered.append(mask)
        state = session.state
        ended: Mapping[str, Any] = state.ended or {}
        ending = outcome_index.get(ended.get("ending") or "", none_index)
        endings.append(ending)
        turns.append(state.turn + 1)
        events.append(len(session.events))
        scores = ended.get("scores") or {}
        for actor, total_column, objectives in score_specs:
            entry = scores.get(actor) or {}
            total_column.append(entry.get("total") or 0.0)
            found = entry.get("objectives") or {}
            for objective, column in objectives:
                column.append(found.get(objective) or 0.0)
        values = state.values
        for track, column in plain_tracks:
            column.append(values[track])  # type: ignore[arg-type]
        for track, levels, column in level_tracks:
            column.append(levels.get(values[track], -1))  # type: ignore[arg-type]
        for move in state.uses:
            played[move_index[move]][ending] += 1
        if state.offers:
            _count_answers(state.offers, layout.offers, answers, answer_index, ending)
    return result


def _count_answers(
    offers: Mapping[int, Any],
    pairs: tuple[tuple[str, str], ...],
    answers: list[list[list[int]]],
    answer_index: Mapping[str, int],
    ending: int,
) -> None:
    """Count each (offer move, addressee)'s answer to the first offer of that move."""
    first: dict[str, Any] = {}
    for offer in offers.values():  # in seq order
        if offer.counter_of is None and offer.move not in first:
            first[offer.move] = offer
    for k, (move, actor) in enumerate(pairs):
        offer = first.get(move)
        if offer is not None:
            answer = offer.answers.get(actor, "unanswered")
            answers[k][answer_index[answer]][ending] += 1


def run_bans(task: BanTask) -> BanResult:
    """Play each listed run with `task.move` banned too; its ending and the actors' totals."""
    tables(scenario_for(task.path, task.sha256)[0])  # built once: every ban's variant shares them
    scenario, layout = variant_for(task.path, task.sha256, task.variant.with_ban(task.move))
    outcome_index = {o: i for i, o in enumerate(layout.outcomes)}
    none_index = len(layout.outcomes) - 1
    result = BanResult(task.move, task.runs)
    result.totals = [array("d") for _ in layout.actors]
    for run in task.runs:
        state = play(scenario, run_seed(task.seed, run)).state
        ended = state.ended or {}
        result.endings.append(outcome_index.get(ended.get("ending") or "", none_index))
        scores = ended.get("scores") or {}
        for actor, column in zip(layout.actors, result.totals, strict=True):
            column.append((scores.get(actor) or {}).get("total") or 0.0)
    return result


def _play_journaled(
    scenario: CompiledScenario,
    task: Task,
    run: int,
    seed: int,
    directory: Path,
    considered: set[str] | None = None,
) -> Session:
    from tabletop.journal import JournalError, JournalWriter, make_header

    header = make_header(
        scenario_id=scenario.id,
        scenario_sha256=scenario.sha256,
        scenario_title=scenario.title,
        scenario_path=task.path,
        seed=seed,
        settings={
            "computer": list(scenario.actors),
            "auto_adjudicate": True,
            "simulation": {"seed": task.seed, "run": run, **_variant_settings(task.variant)},
        },
    )
    path = directory / f"run-{run:0{task.width}d}.jsonl"
    try:
        with JournalWriter.create(path, header, sync=False) as writer:
            return play(scenario, seed, writer.write, considered)
    except JournalError as exc:
        raise SimulationError(str(exc)) from None


def _variant_settings(variant: Variant) -> dict[str, object]:
    return {"variant": variant.describe()} if variant else {}
