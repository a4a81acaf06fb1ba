"""The start screen: a bundled scenario or a file for a new session, or a recent
session to resume (with its scenario, turn and last change).

Up at once: the first frame shows the title and the keys, and the lists are read in
workers after it (reading the bundled scenarios parses their TOML). The lists' box stays
hidden until both are filled, so the screen never shows a placeholder that the lists
then push down: it appears whole, in its place. Keys typed meanwhile are held (`hold`,
called by the app) and played in once the lists are there, so a quick Enter opens the
preselected scenario's briefing, as it would a moment later."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tabletop.tui.files import ScenarioEntry, bundled_entries, relative_time
from tabletop.tui.messages import (
    LoadFailed,
    OpenScenario,
    ResumeSession,
    ScenariosListed,
    SessionsListed,
)
from tabletop.tui.widgets.footer import KeysFooter

OPEN_FILE = "open-file"
NOT_HELD = frozenset({"ctrl+q", "ctrl+c"})
"""Keys that act at once even before the lists are there: quitting waits for nothing."""
SHOW_BY = 1.0
"""Seconds after which the lists' box is shown even if a list is still being read (a
slow disk): better placeholders that move than an empty screen."""


class StartScreen(Screen[None]):
    """Pick what to play. Kept light so it is up at once: the lists are read in workers
    after the first frame, and opening a file asks in a dialog."""

    CSS_PATH = "start.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "focus('#scenarios')", "Scenarios"),
        Binding("o", "open_file", "Open a file"),
        Binding("r", "focus('#sessions')", "Resume"),
        Binding("question_mark,f1", "app.help", "Help"),
    ]

    def __init__(
        self,
        *,
        scenario: Path | None = None,
        focus_sessions: bool = False,
        list_bundled: Callable[[], list[ScenarioEntry]] = bundled_entries,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.preselect = scenario
        self.focus_sessions = focus_sessions
        self.list_bundled = list_bundled
        """The scenarios offered (tests give a fixed list)."""
        self.clock = clock
        """Now, for "5 min ago" (None: no ages shown)."""
        self._scenarios: list[ScenarioEntry] = []
        self._sessions: list[Any] = []
        self.ready = False
        """Whether both lists are filled (until then keys are held: `hold`)."""
        self._listed: set[str] = set()
        self._held: list[events.Key] = []

    def compose(self) -> ComposeResult:
        yield Static(
            Text.assemble(
                (" tabletop", "bold"), ("  political-military tabletop exercises", "dim")
            ),
            id="start-title",
        )
        with VerticalScroll(id="start-body"):
            with Horizontal(id="columns"):
                scenarios = OptionList(
                    Option("Reading the bundled scenarios…", disabled=True), id="scenarios"
                )
                scenarios.border_title = "New session"
                yield scenarios
                sessions = OptionList(
                    Option("Reading the saved sessions…", disabled=True), id="sessions"
                )
                sessions.border_title = "Resume a session"
                yield sessions
            yield Static(id="problems")
            yield Static(
                "Pick a scenario to read its briefing and start a session, or resume one. "
                "Every session is saved as it is played: quit at any moment (ctrl+q) and "
                "pick it up here, or with `tabletop resume`.",
                id="intro",
            )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#problems").display = False
        self.query_one("#start-body").display = False  # shown with both lists filled
        self.query_one("#sessions" if self.focus_sessions else "#scenarios").focus()
        # Read the lists once the screen is up: the first frame does not wait for them.
        self.call_after_refresh(self._list)
        self.set_timer(SHOW_BY, self._show_lists)
        self.watch(self.app, "problems", self._problems_changed, init=False)

    def hold(self, key: events.Key) -> bool:
        """Keep a key typed before the lists are there, to play it in once they are
        (False: a key that acts at once)."""
        if key.key in NOT_HELD:
            return False
        if key.key == "ctrl+j":  # Enter typed before the app took the terminal over: the
            key = events.Key("enter", "\r")  # terminal's line mode made it a newline
        self._held.append(events.Key(key.key, key.character))
        return True

    def _listed_one(self, which: str) -> None:
        self._listed.add(which)
        if self._listed == {"scenarios", "sessions"} and not self.ready:
            self._show_lists()
            self.ready = True
            held, self._held = self._held, []
            for key in held:
                self.app.post_message(key)
            self._import_loader()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The sessions list taking focus (`r`, Tab, a click) puts its cursor on the
        newest session, so Enter resumes it: an unhighlighted list ignores Enter."""
        if event.widget.id == "sessions" and self._sessions:
            sessions = self.query_one("#sessions", OptionList)
            if sessions.highlighted is None:
                sessions.highlighted = 0

    def _show_lists(self) -> None:
        self.query_one("#start-body").display = True

    def _problems_changed(self, message: LoadFailed | None) -> None:
        if message is not None and self.is_current:
            self.show_problems(message)

    def _list(self) -> None:
        self._list_scenarios()
        self._list_sessions()

    # ------------------------------------------------------------ workers

    @work(thread=True, exclusive=True, group="scenarios")
    def _list_scenarios(self) -> None:
        self.post_message(ScenariosListed(self.list_bundled()))

    @work(thread=True, exclusive=True, group="sessions")
    def _list_sessions(self) -> None:
        from tabletop.journal import recent_sessions

        try:
            sessions = recent_sessions()
        except Exception as exc:  # a broken data directory must not stop the start screen
            self.post_message(LoadFailed([f"cannot list saved sessions: {exc}"]))
            sessions = []
        self.post_message(SessionsListed(sessions))

    @work(thread=True, group="warm")
    def _import_loader(self) -> None:
        """Import the scenario loader (pydantic and the scenario models) and the briefing
        while the facilitator reads this screen: picking a scenario then waits for its
        file to be read, not for those imports too (most of the time to its briefing)."""
        import tabletop.scenario.load
        import tabletop.tui.screens.briefing  # noqa: F401

    @on(ScenariosListed)
    def _scenarios_listed(self, message: ScenariosListed) -> None:
        entries = list(message.scenarios)
        self._scenarios = entries
        options = self.query_one("#scenarios", OptionList)
        options.clear_options()
        selected = 0
        for index, entry in enumerate(entries):
            prompt = Text(entry.title, style="bold")
            details = f"{entry.turns} turns, {entry.actors} actors"
            prompt.append(
                f"\n{details}" + (f" · {entry.summary}" if entry.summary else ""), style="dim"
            )
            options.add_option(Option(prompt, id=str(index)))
            if self.preselect is not None and entry.path.resolve() == self.preselect.resolve():
                selected = index
        if not entries:
            options.add_option(Option("No bundled scenario found", disabled=True))
        options.add_option(Option(Text("Open a scenario file…", style="italic"), id=OPEN_FILE))
        options.highlighted = selected
        self._listed_one("scenarios")

    @on(SessionsListed)
    def _sessions_listed(self, message: SessionsListed) -> None:
        from tabletop.engine.wording import plural, printable

        self._sessions = list(message.sessions)
        options = self.query_one("#sessions", OptionList)
        options.clear_options()
        now = self.clock() if self.clock is not None else None
        for index, info in enumerate(self._sessions):
            # The title is the journal's header: a file's text, no control character shown.
            prompt = Text(printable(info.scenario_title or info.scenario_id), style="bold")
            turn = "not started" if info.turn < 0 else f"turn {info.turn + 1}"
            status = "ended" if info.ended else turn
            when = relative_time(info.modified, now) if now is not None else ""
            events = plural(info.events, "event")
            prompt.append(f"\n{status} · {events} · {when}", style="dim")
            options.add_option(Option(prompt, id=str(index)))
        if not self._sessions:
            options.add_option(Option("No saved sessions yet", disabled=True))
        elif self.focus_sessions:
            options.highlighted = 0
        self._listed_one("sessions")

    # ------------------------------------------------------------ choosing

    @on(OptionList.OptionSelected, "#scenarios")
    def _scenario_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == OPEN_FILE:
            self.action_open_file()
            return
        index = int(event.option.id or 0)
        if 0 <= index < len(self._scenarios):
            self._hide_problems()
            self.post_message(OpenScenario(self._scenarios[index].path))

    @on(OptionList.OptionSelected, "#sessions")
    def _session_chosen(self, event: OptionList.OptionSelected) -> None:
        index = int(event.option.id or 0)
        if 0 <= index < len(self._sessions):
            self._hide_problems()
            self.post_message(ResumeSession(self._sessions[index].path))

    def action_open_file(self) -> None:
        from tabletop.tui.screens.open_file import OpenFileScreen

        def opened(path: Path | None) -> None:
            if path is not None:
                self._hide_problems()
                self.post_message(OpenScenario(path))

        self.app.push_screen(OpenFileScreen(), callback=opened)

    def show_problems(self, message: LoadFailed) -> None:
        problems = self.query_one("#problems", Static)
        problems.update(Text("\n".join(message.lines)))
        problems.display = True
        if message.can_force and message.resume is not None:
            path = message.resume

            def answered(yes: bool | None) -> None:
                if yes:
                    self._hide_problems()
                    self.post_message(ResumeSession(path, force=True))

            from tabletop.tui.screens.confirm import ConfirmScreen

            self.app.push_screen(
                ConfirmScreen(
                    "The scenario has changed",
                    "\n".join(
                        line.replace(" (use --allow-changed-scenario to go on anyway)", "")
                        for line in message.lines
                    )
                    + "\n\nResume anyway?",
                    "Resume anyway",
                ),
                callback=answered,
            )

    def _hide_problems(self) -> None:
        self.query_one("#problems").display = False
