"""The core never imports Textual: only tabletop.tui may (and the CLI, lazily)."""

from __future__ import annotations

import subprocess
import sys

CORE = """
import importlib, pkgutil, sys
import tabletop.scenario, tabletop.engine, tabletop.journal
for package in (tabletop.scenario, tabletop.engine, tabletop.journal):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
import tabletop.live
import tabletop.tui.present, tabletop.tui.files, tabletop.tui.actions
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(",".join(loaded))
"""


def test_core_does_not_import_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CORE], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_cli_imports_textual_only_to_play() -> None:
    code = (
        "import sys; from tabletop.cli import main; "
        "main(['validate', '-q', 'tests/data/mini.toml']); "
        "print('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.stdout.strip().endswith("False"), result.stdout + result.stderr


APP = """
import sys
import tabletop.tui.app, tabletop.tui.screens
tabletop.tui.screens.StartScreen, tabletop.tui.screens.LoadingScreen
heavy = ("pydantic", "jinja2", "tabletop.engine", "tabletop.journal", "tabletop.scenario",
         "tabletop.live", "tabletop.export", "tabletop.tui.present", "tomllib")
print(",".join(sorted(m for m in sys.modules if m.startswith(heavy))))
"""


def test_the_first_frame_waits_for_no_heavy_import() -> None:
    """The app and its first screens (start, loading) import neither the engine, nor the
    journal, nor the scenario models, nor the exports: `tabletop` and `tabletop play`
    paint at once, and those come in workers (docs/architecture.md)."""
    result = subprocess.run(
        [sys.executable, "-c", APP], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


COMMAND = """
import sys
import tabletop.tui.app as app_module

class Probe(app_module.TabletopApp):
    def run(self, **_):  # the moment the app would start: what has been imported?
        heavy = ("pydantic", "jinja2", "multiprocessing", "tabletop.engine.", "tabletop.journal",
                 "tabletop.scenario.", "tabletop.live", "tabletop.export", "tabletop.sim",
                 "tabletop.cli.export", "tabletop.cli.sessions", "tabletop.cli.simulate")
        light = ("tabletop.engine.wording", "tabletop.scenario.bundled",
                 "tabletop.scenario.problems", "tabletop.scenario.text")
        loaded = sorted(m for m in sys.modules if m.startswith(heavy) and m not in light)
        print(",".join(loaded))

app_module.TabletopApp = Probe  # what the launcher finds
from tabletop.cli.main import main
main(ARGV)
"""


def test_the_command_line_starts_the_app_before_any_heavy_import() -> None:
    """`tabletop` and `tabletop play SCENARIO` (what a user types) start the app without
    importing what the other commands need: the command line imports the module of the
    command that runs, not all of them (cli/main.py)."""
    for argv in ([], ["play", "tests/data/mini.toml"]):
        code = COMMAND.replace("ARGV", repr(argv))
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "", argv


WARMED = """
import asyncio, sys
from tabletop.tui.app import TabletopApp

async def main():
    app = TabletopApp(seed=1, list_bundled=lambda: [])
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()  # the lists
        await pilot.pause()
        await app.workers.wait_for_complete()  # what the start screen imports meanwhile
        print(",".join(m for m in ("tabletop.scenario.load", "tabletop.tui.screens.briefing")
                       if m in sys.modules))

asyncio.run(main())
"""


def test_the_start_screen_imports_the_loader_while_it_is_read() -> None:
    """Once its lists are there, the start screen imports the scenario loader and the
    briefing in a worker: picking a scenario then waits for the file, not the imports."""
    result = subprocess.run(
        [sys.executable, "-c", WARMED], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "tabletop.scenario.load,tabletop.tui.screens.briefing"
