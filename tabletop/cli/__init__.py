"""The command line: `tabletop COMMAND ...` (see main.py for the table of commands).

The CLI is the top layer: it calls the scenario, journal, live, export, sim and tui
layers, and none of them imports it (tests/test_layers.py checks).
"""

from tabletop.cli.main import main

__all__ = ["main"]
