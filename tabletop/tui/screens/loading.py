"""Loading: what `tabletop play SCENARIO` shows while the scenario is read and checked.

Only Textual is imported here: this screen is the first frame, drawn before the engine,
the scenario models and the other screens are imported (in a worker) and the file is
loaded, so the terminal answers at once.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class LoadingScreen(Screen[None]):
    """A scenario being loaded; the briefing replaces it."""

    CSS_PATH = "loading.tcss"

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        yield Static(f"Loading {self.what}…", id="loading-what", markup=False)
