"""Shared fixtures: the small engine scenario, isolated data directories, fsync off.

fsync is what makes a journal durable, and it is slow (2,000 notes: 6.1 s with it, 0.2 s
without); only the tests marked `durability` (crash tests, the writer's fsync tests)
need the real thing. Every other test runs with the journal's fsync calls as no-ops.
Child processes (the crash tests' children, CLI subprocesses) always fsync for real.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tabletop.journal import writer as journal_writer
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario

# The TUI tests make objects by the million and keep Textual's caches alive between
# tests, so the collector's default thresholds (700, 10, 10) run it so often that it took a
# third of the CPU of a Pilot test file (tests/tui/test_play.py, test_console.py and
# test_session.py: 25.8 s CPU, 7.9 s of it in full collections; 17.9 s with these
# thresholds). Cycles are still collected, less often; no test relies on when.
gc.set_threshold(10_000, 10, 10)

# No timings in tests: hypothesis's default 200 ms deadline per example made a property
# test fail on a loaded 2-core machine (an arbitrary-text parse took 344 ms once) though
# nothing was wrong; its too-slow health check times data generation the same way.
# Example counts still bound each test; benchmarks/ measure speed.
settings.register_profile("tabletop", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("tabletop")

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.toml"
MINI_EVAL = DATA / "mini_eval.toml"
TALKS = DATA / "talks.toml"


@pytest.fixture(scope="session")
def mini() -> CompiledScenario:
    """tests/data/mini.toml: two actors, three turns, every mechanism once."""
    compiled, _ = load_scenario(MINI)
    return compiled


@pytest.fixture(scope="session")
def mini_eval() -> CompiledScenario:
    """tests/data/mini_eval.toml: mini with exercise objectives (calm, warning) and
    discussion questions, for the evaluation."""
    compiled, _ = load_scenario(MINI_EVAL)
    return compiled


@pytest.fixture(scope="session")
def talks() -> CompiledScenario:
    """tests/data/talks.toml: an offer (with answers, counters, expiry), a private offer,
    a deceptive pullback and a move with costs and diminishing returns."""
    compiled, _ = load_scenario(TALKS)
    return compiled


@pytest.fixture(autouse=True)
def _data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sessions never land in the real user data directory during tests."""
    monkeypatch.setenv("TABLETOP_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    # ... nor settings (the saved theme) in the real user config directory
    monkeypatch.setenv("TABLETOP_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    # ... nor anything in the user's directories when a test removes those variables to
    # test the platform default (the suite runs in parallel: no test may touch $HOME)
    xdg = tmp_path_factory.mktemp("xdg")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(xdg / name.lower()))


@pytest.fixture(autouse=True)
def _no_fsync(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """fsync off, except in tests marked `durability`, which keep the real calls."""
    if request.node.get_closest_marker("durability") is not None:
        return
    monkeypatch.setattr(journal_writer, "_fsync", lambda fd: None)
    monkeypatch.setattr(journal_writer, "_fsync_directory", lambda directory: None)


# The order the files are handed out in. README's test command (`-n auto --dist
# loadfile`) gives each worker a whole file at a time, by default the files with the most
# tests first; the slowest files have few tests (a simulation, Pilot workflows, a browser,
# a crash), so they came last, and one worker ran on alone while the other had finished.
# These go first, slowest first (longest-first keeps the workers' ends together); every
# other file follows in xdist's order (most tests first). A file missing here only runs
# later; the list orders, it selects nothing. Measured with `--durations` per file.
SLOW_FILES_FIRST = (
    "tests/sim/test_bundled_balance.py",
    "tests/tui/test_small_terminal.py",
    "tests/tui/test_console.py",
    "tests/tui/test_fast_path.py",
    "tests/tui/test_evaluation.py",
    "tests/tui/test_session.py",
    "tests/tui/test_play.py",
    "tests/tui/test_dialog_reuse.py",
    "tests/tui/test_unsaved.py",
    "tests/audience/test_leaks.py",
    "tests/seats/test_browser.py",
    "tests/engine/test_crash_resume.py",
    "tests/tui/test_snapshots.py",
    "tests/tui/test_watch.py",
    "tests/tui/test_solo_audience.py",
    "tests/scenario/test_expr_paths.py",
    "tests/test_packaging.py",
    "tests/seats/test_seat_pilot.py",
)


@pytest.hookimpl(optionalhook=True)  # xdist's hook: unknown with -p no:xdist
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto`: one worker more than the cores this process may use. A Pilot test waits
    about half its time (Textual's `wait_for_idle` sleeps in 20 ms steps until the app is
    idle), so with one worker per core a core sat idle while its worker waited: on the
    2-core machine, 3 workers ran the suite in 115 s and 117 s, 2 workers in 137 s twice.
    PYTEST_XDIST_AUTO_NUM_WORKERS, when set, still decides (xdist's own hook reads it)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        cores = os.cpu_count() or 1
    return cores + 1


def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config.option, "loadscopereorder"):  # pytest-xdist: keep the order below
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow files first (SLOW_FILES_FIRST), then the others by number of tests; each
    file's tests stay together and in their own order."""
    rank = {name: i for i, name in enumerate(SLOW_FILES_FIRST)}
    files = [item.nodeid.partition("::")[0] for item in items]
    count: dict[str, int] = {}
    first: dict[str, int] = {}
    for i, name in enumerate(files):
        count[name] = count.get(name, 0) + 1
        first.setdefault(name, i)
    order = sorted(
        range(len(items)),
        key=lambda i: (rank.get(files[i], len(rank)), -count[files[i]], first[files[i]], i),
    )
    items[:] = [items[i] for i in order]
