"""How fast the TUI is ready, and how fast it answers a key press.

Start-up: each app runs headless in a fresh Python process; the time is from spawning
the process until the app has painted its first frame (Textual's `Ready` event), best
of several runs, against a bare `textual.app.App` with one Static measured the same way
in the same run. Each process reads its modules' bytecode from a cache, as an installed
package does (pip compiles it at install; Python writes it on the first run): the cache
is a fresh temporary `PYTHONPYCACHEPREFIX`, filled by a first, untimed run of each app,
so a `PYTHONDONTWRITEBYTECODE` set in the environment does not make tabletop's modules
(and not Textual's) compile from source on every start. `--no-bytecode-cache` measures
that instead. The settings and the data directory are fresh temporary ones too (the
default theme, no saved session). Measured:

  * `tabletop`: the start screen, the default scenario preselected (what a user sees
    first).
  * `tabletop play ukraine_2022`: the loading screen (the scenario is loaded in a worker
    after the first frame); and, on a line of its own, the time until its briefing is
    on screen (the scenario loaded and compiled, the engine imported).

Both run the real command line (`tabletop.cli.main.main`, what `.venv/bin/tabletop`
calls), headless, with the app's class swapped for one that reports when it is ready.

Key presses: the console of a session with 10 and with 10,000 log entries; the time
from a key (cursor down in the log; open the search, type, close) to the end of the
repaint it caused, median over many presses. Textual paints at most 60 times a second,
so up to ~16 ms of that is waiting for the next frame. Each figure is given as wall
clock and as this process's CPU time; the benchmark polls for the repaint without
sleeping, so the CPU time counts that polling too and stays close to the wall clock
(it tells a slow key from a busy machine, not the app's work alone).

    .venv/bin/python benchmarks/bench_tui.py [--runs 7] [--presses 50] [--no-bytecode-cache]

Prints figures; never used as a test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from textual import events

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import time
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("Hello")
    def on_ready(self):
        print("READY", type(self.screen).__name__, time.process_time(), flush=True)
        self.exit()

Bare().run(headless=True, size=(120, 40))
"""

COMMAND = """
import time
import tabletop.tui.app as app_module

class Timed(app_module.TabletopApp):
    def run(self, **_):  # headless, at the size the bare app gets
        return super().run(headless=True, size=(120, 40))

    def on_ready(self):
        if not BRIEFED:
            self.report()

    def _brief(self, scenario, *, replace=False):
        super()._brief(scenario, replace=replace)
        if BRIEFED:
            self.call_after_refresh(self.report)

    def report(self):
        print("READY", type(self.screen).__name__, time.process_time(), flush=True)
        self.exit()

BRIEFED = {briefed}
app_module.TabletopApp = Timed  # what the command line's launcher finds
from tabletop.cli.main import main

main({argv!r})
"""
"""The real command line (`tabletop.cli.main`, as `.venv/bin/tabletop` runs it) with the
app's class swapped for one that reports its first frame (or its briefing) and exits."""
START = COMMAND.format(argv=[], briefed=False)
PLAY = COMMAND.format(argv=["play", "ukraine_2022"], briefed=False)
BRIEFED = COMMAND.format(argv=["play", "ukraine_2022"], briefed=True)


def time_to_ready(code: str, env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds from spawning the process to its READY line, the CPU seconds the process
    had used by then, and the screen it named."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("READY"):
            elapsed = time.perf_counter() - start
            process.wait(timeout=30)
            _, screen, cpu = line.split()
            return elapsed, float(cpu), screen
    process.wait(timeout=30)
    raise RuntimeError(f"no READY line: {process.stderr.read() if process.stderr else ''}")


def startup(runs: int, *, bytecode_cache: bool = True) -> None:
    env = {
        **os.environ,
        "TABLETOP_DATA_DIR": tempfile.mkdtemp(prefix="bench-tui-"),
        "TABLETOP_CONFIG_DIR": tempfile.mkdtemp(prefix="bench-tui-config-"),
    }
    env.pop("TEXTUAL", None)
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="bench-tui-pyc-")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    codes = {"bare": BARE, "start": START, "play": PLAY, "briefed": BRIEFED}
    walls: dict[str, list[float]] = {name: [] for name in codes}
    cpus: dict[str, list[float]] = {name: [] for name in codes}
    screens: dict[str, str] = {}
    for code in codes.values():  # warm the file cache (and fill the bytecode cache)
        time_to_ready(code, env)
    for _ in range(runs):
        for name, code in codes.items():  # interleaved, so load changes hit all alike
            elapsed, cpu, screen = time_to_ready(code, env)
            walls[name].append(elapsed)
            cpus[name].append(cpu)
            screens[name] = screen
    bare, bare_cpu = min(walls["bare"]), min(cpus["bare"])
    cache = "bytecode cached" if bytecode_cache else "no bytecode cache: compiled each start"
    print(f"start-up, best of {runs} (process spawn → first frame, headless 120×40, {cache})")
    print("  wall clock, and the process's CPU time until then (steadier on a busy machine)")
    print(
        f"  bare textual App + Static       {bare * 1000:7.0f} ms  "
        f"CPU {bare_cpu * 1000:4.0f} ms  ({screens['bare']})"
    )
    labels = (
        ("start", "tabletop (start screen)"),
        ("play", "tabletop play ukraine_2022"),
        ("briefed", "  ... until its briefing"),
    )
    for name, label in labels:
        best, best_cpu = min(walls[name]), min(cpus[name])
        print(
            f"  {label:<32}{best * 1000:7.0f} ms  CPU {best_cpu * 1000:4.0f} ms  "
            f"({screens[name]})  ratio {best / bare:.2f}×  CPU ratio {best_cpu / bare_cpu:.2f}×  "
            f"(median {statistics.median(walls[name]) * 1000:.0f} ms)"
        )


async def key_latency(entries: int, presses: int) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from tabletop.live import start_session
    from tabletop.tui.app import TabletopApp
    from tabletop.tui.widgets.event_log import EventLog

    directory = Path(tempfile.mkdtemp(prefix="bench-tui-keys-"))
    live = start_session(
        ROOT / "tests" / "data" / "mini.toml", seed=1, session_path=directory / "s.jsonl"
    )
    session = live.session
    writer, session.sink = session.sink, None  # fill fast: these notes need not be durable
    while len(session.events) < entries:
        session.note(f"Note {len(session.events)}: the quick brown fox", "note")
    session.sink = writer
    app = TabletopApp(live=live, seed=1, cursor_blink=False)
    timings: dict[str, list[float]] = {
        "cursor": [],
        "search": [],
        "cursor_cpu": [],
        "search_cpu": [],
    }
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        log = screen.query_one(EventLog)
        assert log.entry_count == len(session.events)
        painted: list[tuple[float, float]] = []
        refresh = screen._compositor_refresh

        def timed_refresh() -> None:
            refresh()
            painted.append((time.perf_counter(), time.process_time()))

        screen._compositor_refresh = timed_refresh  # type: ignore[method-assign]

        async def latency(*keys: str) -> tuple[float, float]:
            """From posting the first key to the end of the repaint after the last one:
            wall-clock and CPU time of this process (the wall clock includes waiting for
            Textual's next frame).

            Keys are posted straight to the app (the Pilot's own waiting is not timed).
            """
            start, start_cpu = time.perf_counter(), time.process_time()
            for key in keys:
                painted.clear()
                character = key if len(key) == 1 else None
                app.post_message(events.Key(key, character))
                for _ in range(100_000):
                    if painted:
                        break
                    await asyncio.sleep(0)
            if not painted:
                return float("nan"), float("nan")
            return painted[-1][0] - start, painted[-1][1] - start_cpu

        await pilot.press("home")
        for index in range(presses):
            # Down and up in turn, so a short log never runs out of rows.
            wall, cpu = await latency("down" if index % 2 == 0 else "up")
            timings["cursor"].append(wall)
            timings["cursor_cpu"].append(cpu)
        for _ in range(max(5, presses // 5)):
            wall, cpu = await latency("f", "x", "escape")
            timings["search"].append(wall / 3)
            timings["search_cpu"].append(cpu / 3)
    live.close()
    return {name: statistics.median(values) * 1000 for name, values in timings.items()}


def keys(presses: int) -> None:
    print(f"key presses, median of {presses} (from the key to the end of the repaint it caused)")
    for entries in (10, 10_000):
        result = asyncio.run(key_latency(entries, presses))
        print(
            f"  {entries:>6,} log entries: cursor down {result['cursor']:5.1f} ms "
            f"(CPU {result['cursor_cpu']:5.1f}), search open/type/clear "
            f"{result['search']:5.1f} ms per key (CPU {result['search_cpu']:5.1f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--presses", type=int, default=50)
    parser.add_argument("--only", choices=("startup", "keys"), help="one of the two parts")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="start-up: every process compiles tabletop's modules from source (as with "
        "PYTHONDONTWRITEBYTECODE and no __pycache__) instead of reading cached bytecode",
    )
    args = parser.parse_args()
    if args.only != "keys":
        startup(args.runs, bytecode_cache=not args.no_bytecode_cache)
    if args.only != "startup":
        keys(args.presses)


if __name__ == "__main__":
    main()
