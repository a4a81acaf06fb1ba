"""`tabletop watch SESSION [--as ACTOR]`: the projector, following a live session.

A read-only app: it reads the journal once, then polls it four times a second for
appended lines (one `stat` when nothing changed; see `journal.follow`), checks each new
event (its link in the hash chain, its fields against the scenario), adds it to the
audience's view (`engine.audience.ViewKeeper`, the same view `engine.audience.view`
makes of the whole record, at the cost of the new events alone) and hands the view to
the screen, which redraws only the parts that changed. It never writes to the journal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from textual.app import App

from tabletop.engine.audience import ROOM, View, ViewKeeper, check_audience
from tabletop.engine.events import Context, EventProblem, event_problem
from tabletop.engine.replay import ReplayError
from tabletop.journal import JournalError
from tabletop.journal.follow import Follower
from tabletop.scenario.compiled import CompiledScenario
from tabletop.tui import themes
from tabletop.tui.screens.projector import ProjectorScreen

POLL_SECONDS = 0.25
"""How often the journal is checked for new lines (a new event shows within a second)."""


class WatchApp(App[None]):
    """The projector view of one audience (the room by default)."""

    TITLE = "tabletop watch"

    def __init__(
        self,
        follower: Follower,
        scenario: CompiledScenario,
        *,
        audience: str = ROOM,
        poll_seconds: float = POLL_SECONDS,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        themes.use_saved(self, theme)  # the readable themes only: `theme`, else the last chosen
        self.follower = follower
        self.scenario = scenario
        self.audience = check_audience(scenario, audience)
        self.poll_seconds = poll_seconds
        self.view: View | None = None
        """The view on screen."""
        self.problem: str | None = None
        """Why following stopped (a broken chain, a bad event), or None."""
        self.projector = ProjectorScreen()
        """The one screen (it draws each view the app hands it)."""
        self._event_context = Context.of(scenario)
        self._check(follower.events)
        self.keeper = ViewKeeper(scenario, self.audience, header=follower.header)
        """The audience's view, kept up to date with the events as they are read."""
        self._pending: Sequence[Mapping[str, Any]] = follower.events
        """Events read and checked, not yet added to the view."""

    def _check(self, events: Sequence[Mapping[str, Any]]) -> None:
        for event in events:
            problem = event_problem(event, self._event_context)
            if problem is not None:
                raise EventProblem(event["seq"], problem)

    def on_mount(self) -> None:
        self.push_screen(self.projector)
        self.refresh_view()
        self.set_interval(self.poll_seconds, self.poll)

    def poll(self) -> None:
        """Read what was appended; draw again when there is something new."""
        if self.problem is not None:
            return
        try:
            new = self.follower.poll()
            self._check(new)
        except JournalError as exc:
            self.stop(str(exc))
            return
        except EventProblem as exc:
            self.stop(f"{self.follower.path}:{exc.seq + 1}: {exc.message}")
            return
        if new:
            self._pending = new
            self.refresh_view()

    def stop(self, problem: str) -> None:
        """Stop following and say why on the status line (the screen keeps the last view)."""
        self.problem = problem
        self.refresh_view()
        self.notify(problem, title="Stopped following", severity="error", timeout=30, markup=False)

    def refresh_view(self) -> None:
        """Add the events read since the last view to it, and draw it with the status."""
        new, self._pending = self._pending, ()
        try:
            self.view = self.keeper.extend(new)
        except ReplayError as exc:
            self.problem = f"{self.follower.path}: event {exc.seq}: {exc.message}"
            if self.view is None:
                raise
        if self.view is not None:
            self.projector.show(self.view, self.status())

    def status(self) -> str:
        name = Path(self.follower.path).name
        if self.problem:
            return f"Stopped following: {self.problem.replace(str(self.follower.path), name)}"
        seq = self.view.seq if self.view else 0
        return f"Following {name} (read-only) · event {seq} · q quits"
