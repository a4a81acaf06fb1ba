"""Headless simulation: many complete computer playthroughs of a scenario, and their statistics.

    from tabletop.sim import simulate, build_report
    simulation = simulate(compiled, path, runs=2000, seed=1, jobs=2)
    report = build_report(simulation)

See docs/simulation.md.
"""

from tabletop.sim.report import balance_warnings, build_report, dumps, format_report
from tabletop.sim.runner import PoolExecutor, Simulation, default_jobs, simulate
from tabletop.sim.seeds import run_seed
from tabletop.sim.stats import nearest_rank, percentile, wilson_interval
from tabletop.sim.worker import NO_ENDING, SimulationError, init_worker, play, run_chunk

__all__ = [
    "NO_ENDING",
    "PoolExecutor",
    "Simulation",
    "SimulationError",
    "balance_warnings",
    "build_report",
    "default_jobs",
    "dumps",
    "format_report",
    "init_worker",
    "nearest_rank",
    "percentile",
    "play",
    "run_chunk",
    "run_seed",
    "simulate",
    "wilson_interval",
]
