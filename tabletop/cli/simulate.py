"""`tabletop simulate SCENARIO --runs N [--seed S] [--jobs J | --cluster ADDRESS] [--json]
[--sessions DIR] [--ban MOVE]... [--set TRACK=VALUE]... [--answer MOVE[:ACTOR]=ANSWER]...
[--effects]`.

Many computer playthroughs (tabletop.sim) and their statistics; see docs/simulation.md.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from tabletop.cli.arguments import add_scenario, positive_up_to, seed
from tabletop.cli.output import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    err,
    problems,
    scenario_problems,
    write,
)
from tabletop.safe_read import MAX_TEXT_BYTES, read_regular
from tabletop.scenario.bundled import resolve_scenario
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario
from tabletop.scenario.problems import ScenarioError
from tabletop.sim.progress import ProgressBar
from tabletop.sim.report import build_report, dumps, format_report
from tabletop.sim.runner import MAX_JOBS, MAX_RUNS, Simulation, simulate
from tabletop.sim.seeds import run_seed
from tabletop.sim.variant import Variant, VariantError, parse_variant
from tabletop.sim.worker import SimulationError


def add_simulate(parser: argparse.ArgumentParser) -> None:
    add_scenario(parser)
    parser.add_argument(
        "--runs",
        type=positive_up_to(MAX_RUNS),
        required=True,
        help=f"the number of playthroughs (at most {MAX_RUNS:,})",
    )
    parser.add_argument(
        "--seed", type=seed, default=1, help="the master seed of the runs (default: 1)"
    )
    parser.add_argument(
        "--jobs",
        type=positive_up_to(MAX_JOBS),
        default=None,
        help=f"worker processes (default: the cores; at most {MAX_JOBS})",
    )
    parser.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="play the runs on a Dask cluster, e.g. tcp://scheduler:8786 "
        "(needs pip install 'tabletop[dask]')",
    )
    parser.add_argument(
        "--json", action="store_true", help="machine-readable report, deterministic per seed"
    )
    parser.add_argument(
        "--sessions",
        type=Path,
        metavar="DIR",
        help="keep every run's journal in DIR, with an index runs.csv",
    )
    parser.add_argument(
        "--ban",
        action="append",
        default=[],
        metavar="MOVE",
        help="take a move out of play in every run (repeatable)",
    )
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        type=_setting,
        metavar="TRACK=VALUE",
        help="start a track at another value in every run (repeatable)",
    )
    parser.add_argument(
        "--answer",
        dest="answers",
        action="append",
        default=[],
        metavar="MOVE[:ACTOR]=ANSWER",
        help="force the computer's answer to a move's offer (accept, reject or counter) "
        "by that addressee or, without :ACTOR, by all of them (repeatable)",
    )
    parser.add_argument(
        "--effects",
        action="store_true",
        help="measure each move's effect on the endings by paired runs with it banned",
    )


def _setting(text: str) -> str:
    track, sep, value = text.partition("=")
    if not sep or not track.strip() or not value.strip():
        raise argparse.ArgumentTypeError(f"write TRACK=VALUE (e.g. tension=5), not '{text}'")
    return text


def _check_sessions(directory: Path) -> str | None:
    """Why the journals cannot go in `directory`, or None when they can."""
    if directory.exists() and not directory.is_dir():
        return f"{directory}: --sessions needs a directory, and this is a file"
    if directory.is_dir() and any(directory.glob("run-*.jsonl")):
        return f"{directory}: already holds run journals; choose an empty directory"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"{directory}: cannot create the directory: {exc.strerror or exc}"
    return None


def run_simulate(args: argparse.Namespace) -> int:
    """Run the simulation the arguments ask for and print its report."""
    path = resolve_scenario(args.scenario)
    try:
        compiled, _ = load_scenario(path)
    except ScenarioError as exc:
        return scenario_problems(exc)
    try:
        variant = parse_variant(compiled, args.ban, args.settings, args.answers)
    except VariantError as exc:
        return problems([f"tabletop simulate: {exc}"])
    sessions: Path | None = args.sessions
    if sessions is not None and variant.starts:
        err(
            "tabletop simulate: error: --set cannot be combined with --sessions: a journal "
            "replays from the scenario's own start values"
        )
        return EXIT_USAGE
    if args.cluster is not None and (sessions is not None or args.jobs is not None):
        flag = "--sessions" if sessions is not None else "--jobs"
        err(
            f"tabletop simulate: error: --cluster cannot be combined with {flag}: the "
            "cluster's workers play the runs, on their own machines"
        )
        return EXIT_USAGE
    if sessions is not None:
        problem = _check_sessions(sessions)
        if problem:
            return problems([problem])
    bar = ProgressBar(f"simulating {compiled.id}") if ProgressBar.wanted() else None
    try:
        if args.cluster is not None:
            simulation = _on_cluster(args.cluster, compiled, path, args, variant, bar)
        else:
            simulation = simulate(
                compiled,
                path,
                args.runs,
                args.seed,
                jobs=args.jobs,
                sessions=sessions,
                progress=bar,
                variant=variant,
                effects=args.effects,
            )
    except SimulationError as exc:
        return problems(str(exc).splitlines())
    except _Unusable as exc:
        return problems([f"tabletop simulate: {exc}"])
    finally:
        if bar is not None:
            bar.close()
    report = build_report(simulation)
    if sessions is not None:
        try:
            _write_index(sessions / "runs.csv", simulation)
        except OSError as exc:
            err(f"{sessions / 'runs.csv'}: cannot write: {exc.strerror or exc}")
            return EXIT_INPUT
    if args.json:
        write(dumps(report))
    else:
        write(format_report(report, compiled))
        if sessions is not None:
            write(f"\njournals: {sessions}/run-*.jsonl (index: {sessions}/runs.csv)\n")
    return EXIT_OK


class _Unusable(Exception):
    """The cluster cannot be used (Dask missing, no scheduler, no worker)."""


def _on_cluster(
    address: str,
    compiled: CompiledScenario,
    path: Path,
    args: argparse.Namespace,
    variant: Variant,
    bar: ProgressBar | None,
) -> Simulation:
    """The simulation with its runs on the Dask cluster at `address` (see sim/cluster.py)."""
    try:
        from tabletop.sim.cluster import ClusterError, cluster_executor
    except ImportError:
        raise _Unusable("--cluster needs Dask: pip install 'tabletop[dask]'") from None
    try:
        data = read_regular(path, MAX_TEXT_BYTES, "scenario file")
    except OSError as exc:
        raise _Unusable(f"{path}: cannot read: {exc.strerror or exc}") from None
    key = str(path.resolve())  # the name the tasks give the scenario (simulate's own)
    try:
        with cluster_executor(address, key, compiled.sha256, data) as (executor, threads):
            return simulate(
                compiled,
                path,
                args.runs,
                args.seed,
                jobs=threads,
                executor=executor,
                progress=bar,
                variant=variant,
                effects=args.effects,
            )
    except ClusterError as exc:
        raise _Unusable(str(exc)) from None


def _write_index(path: Path, simulation: Simulation) -> None:
    """runs.csv beside the journals: run, seed, ending, turns, events, journal file."""
    width = max(6, len(str(simulation.runs)))
    outcomes = simulation.layout.outcomes
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["run", "seed", "ending", "turns", "events", "journal"])
        for i in range(simulation.runs):
            run = i + 1
            writer.writerow(
                [
                    run,
                    run_seed(simulation.seed, run),
                    outcomes[simulation.endings[i]],
                    simulation.turns[i],
                    simulation.events[i],
                    f"run-{run:0{width}d}.jsonl",
                ]
            )
