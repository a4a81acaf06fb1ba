"""`tabletop simulate SCENARIO --runs N [--seed S] [--jobs J] [--json] [--sessions DIR]
[--ban MOVE]... [--set TRACK=VALUE]... [--effects]`."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from tabletop.scenario.bundled import resolve_scenario
from tabletop.scenario.load import load_scenario
from tabletop.scenario.problems import ScenarioError
from tabletop.sim.progress import ProgressBar
from tabletop.sim.report import build_report, dumps, format_report
from tabletop.sim.runner import Simulation, simulate
from tabletop.sim.seeds import run_seed
from tabletop.sim.variant import VariantError, parse_variant
from tabletop.sim.worker import SimulationError

OK, PROBLEM, USAGE = 0, 1, 2


def _err(line: str) -> None:
    print(line, file=sys.stderr)


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
        for line in exc.lines():
            _err(line)
        return PROBLEM
    try:
        variant = parse_variant(
            compiled, getattr(args, "ban", ()) or (), getattr(args, "settings", ()) or ()
        )
    except VariantError as exc:
        _err(f"tabletop simulate: {exc}")
        return PROBLEM
    sessions: Path | None = getattr(args, "sessions", None)
    if sessions is not None and variant.starts:
        _err(
            "tabletop simulate: error: --set cannot be combined with --sessions: a journal "
            "replays from the scenario's own start values"
        )
        return USAGE
    if sessions is not None:
        problem = _check_sessions(sessions)
        if problem:
            _err(problem)
            return PROBLEM
    bar = ProgressBar(f"simulating {compiled.id}") if ProgressBar.wanted() else None
    try:
        simulation = simulate(
            compiled,
            path,
            args.runs,
            args.seed,
            jobs=args.jobs,
            sessions=sessions,
            progress=bar,
            variant=variant,
            effects=bool(getattr(args, "effects", False)),
        )
    except SimulationError as exc:
        for line in str(exc).splitlines():
            _err(line)
        return PROBLEM
    finally:
        if bar is not None:
            bar.close()
    report = build_report(simulation)
    if sessions is not None:
        try:
            _write_index(sessions / "runs.csv", simulation)
        except OSError as exc:
            _err(f"{sessions / 'runs.csv'}: cannot write: {exc.strerror or exc}")
            return PROBLEM
    if args.json:
        sys.stdout.write(dumps(report))
    else:
        sys.stdout.write(format_report(report))
        if sessions is not None:
            sys.stdout.write(f"\njournals: {sessions}/run-*.jsonl (index: {sessions}/runs.csv)\n")
    return OK


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
