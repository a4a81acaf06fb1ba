"""The tabletop app: wiring, bindings and actions. Screens and widgets do the drawing.

Every command on the session goes through `perform`: it runs the command (which makes
its events durable before returning), shows an `ActionError` as a message instead of
crashing, and then brings the console up to date.

A first frame at once: this module imports Textual and the light parts of the TUI only.
The screens come from `tabletop.tui.screens`, which imports each on first use; the
engine, the scenario models, the journal's session code and the exports are imported
inside the methods that need them, most in workers, so `tabletop play` paints its
first frame (the loading screen) before any of them is imported
(`tests/tui/test_import_hygiene.py` keeps it so).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.reactive import var

from tabletop.tui import screens, themes
from tabletop.tui.actions import (
    HELP_ACTION,
    SESSION_ACTIONS,
    SESSION_NAMES,
    SOLO_LEFT_OUT,
    export_formats,
)
from tabletop.tui.commands import SessionCommands
from tabletop.tui.dialogs import DialogShelf
from tabletop.tui.files import bundled_entries, display_path, read_header, session_player
from tabletop.tui.messages import (
    BeginSession,
    ExportRequested,
    LoadFailed,
    OpenScenario,
    ResumeSession,
    ScenarioLoaded,
    SessionChanged,
    SessionOpened,
)
from tabletop.tui.perform import perform
from tabletop.tui.settings import save_theme, saved_theme

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.theme import Theme

    from tabletop.engine.events import Event
    from tabletop.engine.options import Action
    from tabletop.live import LiveSession
    from tabletop.scenario.compiled import CompiledScenario
    from tabletop.seats import Desk
    from tabletop.tui.files import ScenarioEntry


FIRST_SCREENS_CSS = (
    Path(__file__).parent / "screens" / "start.tcss",
    Path(__file__).parent / "screens" / "loading.tcss",
)
"""The style sheets of the screens a start shows first (scoped to their screens)."""
HIDDEN_WHEN_UNAVAILABLE = frozenset(
    {"redo", "outcome", "observe", "hotwash", "accept_seats", "review_seats", "answer"}
)
"""Actions the footer leaves out (rather than dims) while they cannot run."""
SEAT_POLL_SECONDS = 0.25
"""How often the console reads the seats' inboxes (a submission shows within a second)."""
ENGINE_ACTIONS: dict[str, Action] = {
    "declare": "declare",
    "adjudicate": "adjudicate",
    "next_phase": "advance",
    "inject": "inject",
    "note": "note",
    "undo": "undo",
    "redo": "redo",
    "end_session": "end",
    "observe": "evaluate",
    "details": "evaluate",
    "hotwash": "evaluate",
    "improvement_plan": "evaluate",
    "feedback": "evaluate",
    "timer": "inject",
}
"""The session's action behind each key action (engine/options.py)."""
CONSOLE_KEYS: dict[str, str] = {
    key: action.name for action in SESSION_ACTIONS for key in action.keys.split(",")
}
"""The console's keys and the action of each (acted on as they arrive: `_console_key`)."""
PLAY_ACTIONS = frozenset(
    {
        "declare",
        "adjudicate",
        "next_phase",
        "inject",
        "end_session",
        "accept_seats",
        "timer",
        "answer",
    }
)
"""Actions that wait for play to go on: hidden once the session has ended."""
EVALUATION_ACTIONS = frozenset({"observe", "details", "hotwash", "improvement_plan", "feedback"})
"""The evaluation's actions: any time, after the end too (the hotwash follows it)."""


def _bindings() -> list[BindingType]:
    bindings: list[BindingType] = []
    for action in SESSION_ACTIONS:
        bindings.append(
            Binding(action.keys, action.name, action.label, show=action.show, tooltip=action.help)
        )
        # Pressed while the action cannot run: say why (the footer shows it dimmed).
        bindings.append(Binding(action.keys, f"refused('{action.name}')", show=False))
    bindings.append(Binding(HELP_ACTION.keys, "help", HELP_ACTION.label, tooltip=HELP_ACTION.help))
    return bindings


class TabletopApp(App[None]):
    """Run a tabletop exercise: start, brief, play, end and export."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        Path(__file__).parent / "app.tcss",
        # The first screens' styles, read with the app's: a screen whose style sheet is
        # new to the app has every sheet parsed again when it is pushed (Textual's
        # `_load_screen_css`), and the first frame would wait for that.
        *FIRST_SCREENS_CSS,
    ]
    TITLE = "tabletop"
    COMMANDS = App.COMMANDS | {SessionCommands}
    BINDINGS: ClassVar[list[BindingType]] = _bindings()
    NOTIFICATION_TIMEOUT = 6

    revision: var[int] = var(0, init=False)
    """Counts the changes to the session: the screens that show it watch this (attributes
    down) and redraw from the session when it moves."""
    problems: var[LoadFailed | None] = var(None, init=False, always_update=True)
    """The latest failure to open a scenario or a session: the start and briefing
    screens watch it and show it when they are on top."""
    exports: var[tuple[Path, ...]] = var((), init=False)
    """The files exported from the open session (the end screen lists them)."""

    def __init__(
        self,
        *,
        seed: int = 1,
        scenario_path: Path | None = None,
        scenario: CompiledScenario | None = None,
        warnings: Iterable[str] = (),
        player: str | None = None,
        session_path: Path | None = None,
        live: LiveSession | None = None,
        start_on: str = "start",
        clock: Callable[[], datetime] | None = None,
        show_path: Callable[[Path], str] = display_path,
        cursor_blink: bool = True,
        list_bundled: Callable[[], list[ScenarioEntry]] | None = None,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        themes.use_saved(self, theme)
        self._theme_to_save = theme  # --theme: remembered as the choice
        self.seed = seed
        """The seed for new sessions."""
        self.scenario_path = scenario_path
        self.scenario = scenario
        self.warnings = list(warnings)
        self.player = player
        """The actor played solo, or None when a facilitator records for every team."""
        self.session_path = session_path
        """Where a new session's journal goes (None: the data directory)."""
        self.live = live
        self.start_on = start_on
        """`start`, `resume` (the start screen on its sessions), `briefing` or `console`."""
        self.clock = clock or (lambda: datetime.now(UTC))
        self.show_path = show_path
        """How paths are shown (tests show names only, for stable snapshots)."""
        self.cursor_blink = cursor_blink
        """Whether text cursors blink (tests turn it off for stable snapshots)."""
        self.list_bundled = list_bundled or bundled_entries
        """The scenarios the start screen offers (tests give a fixed list)."""
        self.console_screen: screens.ConsoleScreen | None = None
        self.dialogs = DialogShelf(self)
        """The console's dialogs, built once per session (tui/dialogs.py)."""
        self.desk: Desk | None = None
        """The team seats' inboxes (a facilitated session; None in solo play)."""
        self.seat_poll_seconds = SEAT_POLL_SECONDS
        self.notices: deque[str] = deque(maxlen=100)
        """The latest notifications, as text (what the facilitator was told)."""
        self.startup_problems: list[str] = []
        """Why the scenario given to load at start could not be played (the app exited
        with status 1; `tabletop play` prints them on stderr)."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A notification; plain text by default (messages quote what people typed)."""
        self.notices.append(f"{title}: {message}" if title else message)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    async def action_quit(self) -> None:
        """Quit: everything recorded is on disk. A form holding text typed since it opened
        (a note, the hotwash: `screens/typed.py`) asks first, and the next ctrl+q quits."""
        holds = getattr(getattr(self.screen, "typed", None), "holds", None)
        if callable(holds) and holds():
            self.notify(
                "ctrl+q again quits and discards what you typed in this form (ctrl+s saves it)",
                title="Not saved",
                severity="warning",
            )
            return
        await super().action_quit()

    async def on_event(self, event: events.Event) -> None:
        # A key typed while a dialog is still opening goes to that dialog once it is
        # ready, not to whatever had focus before (screens/dialog.py).
        if isinstance(event, events.Key) and not event.is_forwarded:
            screen = self.screen_stack[-1] if self.screen_stack else None
            # A dialog (screens/dialog.py), or the start screen before its lists are
            # there (screens/start.py): `hold` keeps the key, unless it says False.
            hold = getattr(screen, "hold", None)
            if hold is not None and not getattr(screen, "ready", True) and hold(event) is not False:
                return
            console = screen is not None and screen is self.console_screen
            if console and await self._console_key(event.key):
                return
        await super().on_event(event)

    async def _console_key(self, key: str) -> bool:
        """Act on a console key as it arrives (True when it was one).

        Textual hands a key to the focused widget first and looks for the app's binding
        when it comes back, by which time the next keys have gone to that widget too: a
        quick `d 2 Enter` moved the log's cursor instead of choosing move 2. Acting on
        the key here, before the next one is read, opens the dialog first, and the keys
        after it are held for the dialog (above). Letters typed into a text field (the
        log's search) stay text.
        """
        from textual.widgets import Input, TextArea

        action = CONSOLE_KEYS.get(key)
        if action is None or isinstance(self.focused, Input | TextArea):
            return False
        state = self.check_action(action, ())
        if state is False and self.player is not None and action in SOLO_LEFT_OUT:
            state = None if self._console_active(action) else False  # hidden, still says why
        if state is False:
            return False
        if state is None:
            self.action_refused(action)
        else:
            await self.run_action(action)
        return True

    # ------------------------------------------------------------ screens

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self._theme_to_save is not None:
            self._remember_theme(self._theme_to_save)
        if self.live is not None:
            self._open(self.live)
            for warning in self.live.warnings:
                self.notify(warning, title="Resumed", severity="warning")
        elif self.start_on == "briefing" and self.scenario is not None:
            self._brief(self.scenario)
        elif self.start_on == "briefing" and self.scenario_path is not None:
            # `tabletop play SCENARIO`: the first frame now, the scenario after it.
            self.push_screen(screens.LoadingScreen(self.scenario_path.name))
        else:
            self.push_screen(
                screens.StartScreen(
                    scenario=self.scenario_path,
                    focus_sessions=self.start_on == "resume",
                    list_bundled=self.list_bundled,
                    clock=self.clock,
                )
            )

    def _theme_changed(self, theme: Theme) -> None:
        self._remember_theme(theme.name)

    def _remember_theme(self, name: str) -> None:
        """The theme chosen (the palette, `--theme`) is the one the next start uses."""
        try:
            if saved_theme() != name:
                save_theme(name)
        except OSError as exc:
            self.notify(f"{exc}", title="Theme not saved", severity="warning")

    @on(events.Ready)
    def _first_frame(self) -> None:
        if isinstance(self.screen, screens.LoadingScreen) and self.scenario_path is not None:
            self._load_scenario(self.scenario_path)

    def _brief(self, scenario: CompiledScenario, *, replace: bool = False) -> None:
        screen = screens.BriefingScreen(
            scenario, player=self.player, begin=True, warnings=self.warnings
        )
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _open(self, live: LiveSession) -> None:
        if self.live is not None and self.live is not live:
            self.live.close()
        self.live = live
        self.exports = ()
        self.player = session_player(live.path) if live.session.computer else None
        self.dialogs.clear()  # built for the last session (or player): new ones
        if self.player is None:
            from tabletop.seats import Desk

            self.desk = Desk(live)
        else:
            self.desk = None
        self.console_screen = screens.ConsoleScreen(live, player=self.player, desk=self.desk)
        if self.desk is not None:
            self.desk.poll()
            self.set_interval(self.seat_poll_seconds, self.poll_seats)
        if len(self.screen_stack) > 1:
            self.switch_screen(self.console_screen)
        else:
            self.push_screen(self.console_screen)
        if live.session.over:
            self.call_after_refresh(self.show_outcome)
        self._import_dialogs()

    @work(thread=True, group="warm")
    def _import_dialogs(self) -> None:
        """Import the console's dialogs while the facilitator reads the console: the
        first `d` then waits for the dialog to be built, not for its modules too."""
        for name in ("DeclareScreen", "AdjudicateScreen", "InjectScreen", "NoteScreen"):
            getattr(screens, name)

    def show_outcome(self, *, hotwash: bool = False) -> None:
        """The end screen; `hotwash`: the session has just ended, so the hotwash follows
        (for a facilitated session whose scenario has exercise objectives)."""
        if self.live is not None and not isinstance(self.screen, screens.EndScreen):
            self.push_screen(
                screens.EndScreen(
                    self.live,
                    show_hidden=self.player is None,
                    player=self.player,
                    show_path=self.show_path,
                    can_export=self.can_export(),
                )
            )
            if hotwash and self.player is None and self.live.scenario.exercise:
                self.action_hotwash()

    def on_unmount(self) -> None:
        if self.live is not None:
            self.live.close()

    # ------------------------------------------------------------ loading (workers)

    @on(OpenScenario)
    def _open_scenario(self, message: OpenScenario) -> None:
        self._load_scenario(message.path)

    @work(thread=True, exclusive=True, group="load")
    def _load_scenario(self, path: Path) -> None:
        from tabletop.scenario.load import load_scenario
        from tabletop.scenario.problems import ScenarioError

        try:
            compiled, problems = load_scenario(path)
        except ScenarioError as exc:
            self.post_message(LoadFailed(exc.lines()))
            return
        if self.player is not None and self.player not in compiled.actors:
            known = ", ".join(compiled.actors)
            self.post_message(
                LoadFailed(
                    [f"--as {self.player}: there is no actor '{self.player}' (actors: {known})"]
                )
            )
            return
        warnings = [p.format(str(path)) for p in problems]
        screens.BriefingScreen  # noqa: B018 - imported here, in the worker, not on the UI's time
        self.post_message(ScenarioLoaded(path, compiled, warnings))

    @on(ScenarioLoaded)
    def _scenario_loaded(self, message: ScenarioLoaded) -> None:
        self.scenario_path = message.path
        self.scenario = message.scenario
        self.warnings = message.warnings
        self._brief(message.scenario, replace=isinstance(self.screen, screens.LoadingScreen))

    @on(BeginSession)
    def _begin(self, message: BeginSession) -> None:
        if self.scenario is None or self.scenario_path is None:
            return
        self.player = message.player
        self._start_session(self.scenario_path, self.scenario, message.player, message.details)

    @work(thread=True, exclusive=True, group="load")
    def _start_session(
        self,
        path: Path,
        scenario: CompiledScenario,
        player: str | None,
        details: dict[str, Any] | None = None,
    ) -> None:
        from tabletop.engine.errors import ActionError
        from tabletop.journal import JournalError
        from tabletop.live import start_session

        computer = [a for a in scenario.actors if a != player] if player else []
        try:
            live = start_session(
                path,
                seed=self.seed,
                session_path=self.session_path,
                computer=computer,
                auto_adjudicate=bool(player),
                player=player,
                compiled=scenario,
            )
        except (JournalError, ActionError, OSError) as exc:
            self.post_message(LoadFailed([str(exc)]))
            return
        self.session_path = None  # a second session from this app gets a fresh name
        if details and any(details.values()):
            try:  # journaled before anything is shown, like every event
                live.session.set_details(**details)
            except (JournalError, ActionError) as exc:
                self.call_from_thread(
                    self.notify, str(exc), title="Session details not saved", severity="error"
                )
        self.post_message(SessionOpened(live))

    @on(ResumeSession)
    def _resume(self, message: ResumeSession) -> None:
        self._resume_session(message.path, message.force)

    @work(thread=True, exclusive=True, group="load")
    def _resume_session(self, path: Path, force: bool) -> None:
        from tabletop.engine import wording
        from tabletop.engine.events import UnknownEvent
        from tabletop.engine.replay import ReplayError
        from tabletop.journal import JournalError
        from tabletop.live import ScenarioMismatch, resume_session
        from tabletop.scenario.problems import ScenarioError

        try:
            live = resume_session(path, force=force)
        except ScenarioMismatch as exc:
            self.post_message(LoadFailed([str(exc)], resume=path, can_force=True))
            return
        except JournalError as exc:
            self.post_message(LoadFailed([str(exc)], resume=path))
            return
        except ScenarioError as exc:
            self.post_message(LoadFailed(exc.lines(), resume=path))
            return
        except (ReplayError, UnknownEvent, KeyError, TypeError, ValueError) as exc:
            self.post_message(
                LoadFailed([f"{path}: {wording.EVENTS_DO_NOT_REPLAY}: {exc}"], resume=path)
            )
            return
        self.post_message(SessionOpened(live))

    @on(SessionOpened)
    def _session_opened(self, message: SessionOpened) -> None:
        self._open(message.live)
        for warning in message.live.warnings:
            self.notify(warning, title="Resumed", severity="warning")

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        from tabletop.engine.wording import printable_block

        # A problem may quote a file (a journal header's scenario path): no control
        # character of it reaches the terminal.
        message.lines = [printable_block(line) for line in message.lines]
        if isinstance(self.screen, screens.LoadingScreen):
            # `tabletop play SCENARIO` with a bad scenario: exit 1, the problems on stderr
            self.startup_problems = list(message.lines)
            self.exit(return_code=1)
            return
        if isinstance(self.screen, screens.StartScreen | screens.BriefingScreen):
            self.problems = message  # the screen on top shows it
        else:
            self.notify("\n".join(message.lines), title="Cannot open", severity="error")

    # ------------------------------------------------------------ commands

    def perform(self, command: Callable[[], list[Event]]) -> str | None:
        """Run a session command; the refusal's message, or None when it was done."""
        events, error = perform(command)
        if error is None:
            self.after_change(events)
        return error

    @on(SessionChanged)
    def _session_changed(self, message: SessionChanged) -> None:
        self.after_change(message.events)

    def after_change(self, events: list[Event]) -> None:
        """Bring the console up to date and announce what arrived."""
        self.revision += 1
        self.refresh_bindings()
        live = self.live
        if live is None:
            return
        self.call_after_refresh(self.dialogs.prepare)
        from tabletop.engine.audience import seen_arrivals
        from tabletop.tui import present  # imported with the session (see the docstring)

        scenario = live.scenario
        if self.player is not None:  # solo play: announce only what the player's team sees
            events = seen_arrivals(scenario, live.session.events, self.player, events)  # type: ignore[assignment]
        for event in events:
            if event["kind"] == "inject_delivered":
                text = event.get("text", "")
                effects = present.format_changes(
                    scenario, event.get("effects") or (), show_hidden=self.player is None
                )
                body = "\n".join(part for part in (text, effects) if part) or "(no text)"
                self.notify(
                    body, title=f"Inject: {event.get('title', '')}", severity="warning", timeout=10
                )
        computer = [e for e in events if e["kind"] == "move_declared" and e.get("by") == "computer"]
        # Declared and decided at one press (solo play's n): the summary that opens next
        # shows them with their reasons, so no notice covers it.
        decided = {e.get("declaration") for e in events if e["kind"] == "move_adjudicated"}
        computer = [e for e in computer if e["seq"] not in decided]
        if computer:
            lines = [
                present.describe_event(scenario, e, events=live.session.events) for e in computer
            ]
            self.notify("\n".join(lines), title="The computer declared", timeout=10)

    def refresh_bindings(self) -> None:
        # The footer belongs to the screen under a modal; refresh the console's too.
        super().refresh_bindings()
        if (
            self.console_screen is not None
            and self.console_screen is not self.screen
            and self.console_screen.is_attached
        ):
            self.console_screen.refresh_bindings()

    # ------------------------------------------------------------ what can run now

    def _active_screen(self) -> Screen[Any] | None:
        """The screen on top, looking through the command palette."""
        screens = [s for s in self.screen_stack if not isinstance(s, CommandPalette)]
        return screens[-1] if screens else None

    def _console_active(self, action: str = "") -> bool:
        """Whether session actions apply: on the console (and some on the end screen)."""
        screen = self._active_screen()
        if self.console_screen is None or screen is None:
            return False
        if screen is self.console_screen:
            return True
        return (
            isinstance(screen, screens.EndScreen)
            and action in screens.EndScreen.SESSION_ACTIONS_ALLOWED
        )

    def why_not(self, action: str) -> str | None:
        """Why a session action cannot run now (None: it can): the session says so."""
        live = self.live
        if live is None:
            return "no session is open"
        session = live.session
        if action == "outcome":
            return None if session.over else "the session has not ended yet"
        if action == "withdraw":
            seq = self._highlighted_declaration()
            if seq is None:
                return "highlight the declaration to withdraw in the event log first"
            return session.why_not_withdraw(seq)
        if action in ("accept_seats", "review_seats"):
            if self.desk is None:
                return "there are no team seats in solo play"
            return None if self.desk.pending() else "no submission from the seats is waiting"
        if action in ("observe", "hotwash") and not session.scenario.exercise:
            return "the scenario has no exercise objectives (a note records what you saw)"
        if action == "answer":
            if session.over:
                return "the session has ended"
            return None if session.open_offers() else "no offer is waiting for an answer"
        if action == "inject" and self.player is not None:
            # The inject list is the facilitator's: what is waiting, its triggers, its
            # effects on hidden tracks and other teams' private injects.
            return "injects are the facilitator's (in solo play they arrive on their own)"
        if action in EVALUATION_ACTIONS and self.player is not None:
            return "the evaluation is the facilitator's (not in solo play)"
        if action in ("peek", "reveal"):
            if self.player is not None:
                return "sealed moves are the facilitator's to peek at or reveal (not in solo play)"
            if not any(d.secret for d in session.state.declarations):
                return "no sealed move is hidden from the room this turn"
            return None
        engine_action = ENGINE_ACTIONS.get(action)
        if engine_action is None:
            return None  # the log's filter, the briefing: always there
        if action == "declare" and self.player is not None:
            # Solo: the player declares for its own team only (it may sit a turn out).
            refusal = session.why_not("declare", actor=self.player)
        else:
            refusal = session.why_not(engine_action)
        if refusal is None:
            return None
        if action in ("declare", "adjudicate") and session.why_not("advance") is None:
            return f"{refusal.why} (n moves on)"  # a key hint: moving on is what helps
        return refusal.why

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in SESSION_NAMES:
            if not self._console_active(action):
                return False
            if self.why_not(action) is None:
                return True
            # Hidden while they cannot run at all (redo with nothing undone, the outcome
            # before the end, playing on after it); dimmed while they wait their turn.
            if action in HIDDEN_WHEN_UNAVAILABLE:
                return False
            if self.player is not None and action in SOLO_LEFT_OUT:
                return False
            live = self.live
            if live is not None and live.session.over and action in PLAY_ACTIONS:
                return False
            return None
        if action == "refused":
            name = str(parameters[0]) if parameters else ""
            return self._console_active(name) and self.why_not(name) is not None
        return True

    def action_refused(self, action: str) -> None:
        reason = self.why_not(action)
        if reason:
            self.notify(reason[:1].upper() + reason[1:], title="Not now", severity="warning")

    # ------------------------------------------------------------ actions

    def _session_or_none(self) -> Any:
        return self.live.session if self.live is not None else None

    def action_declare(self) -> None:
        live = self.live
        if live is not None and self.why_not("declare") is None:
            from tabletop.tui.screens.declare import opening_team

            self.push_screen(self._declare_dialog(opening_team(live.session, self.player)))

    def _declare_dialog(self, team: str | None, declared: list[str] | None = None) -> Any:
        """The declare dialog of `team`, one per team (tui/dialogs.py: an opening on a team
        finds its catalogue already shown), going on from `declared` if given."""
        live = self.live
        assert live is not None
        build = partial(
            screens.DeclareScreen,
            live.session,
            player=self.player,
            team=team,
            switch_to=self._declare_dialog,
        )
        carry = (lambda dialog: dialog.carry(declared)) if declared else None
        return self.dialogs.get(f"declare {team or ''}", build, carry)

    def action_adjudicate(self, seq: int | None = None) -> None:
        live = self.live
        if live is not None:
            show_hidden = self.player is None
            build = partial(screens.AdjudicateScreen, live.session, show_hidden=show_hidden)
            dialog = self.dialogs.get("adjudicate", build, lambda d: d.ask_for(seq))
            self.push_screen(dialog)

    def action_next_phase(self) -> None:
        session = self._session_or_none()
        if session is None:
            return
        state = session.state
        if state.phase == "declaration" and not state.declarations and self.player is None:

            def skip(yes: bool | None) -> None:
                if yes:
                    self._next_phase()

            self.push_screen(
                screens.ConfirmScreen(
                    "No move declared",
                    "No team has declared a move this turn. Go on to adjudication without "
                    "any move?",
                    "Go on without moves",
                    "Stay and declare",
                ),
                callback=skip,
            )
            return
        self._next_phase()

    def _next_phase(self) -> None:
        session = self._session_or_none()
        if session is None:
            return
        before = len(session.events)
        error = self.perform(session.advance)
        if error:
            self.notify(error, title="Not now", severity="warning")
            return
        events = session.events[before:]
        ended = any(e["kind"] == "session_ended" for e in events)
        report = any(
            e["kind"] in ("move_adjudicated", "rule_fired")
            or (e["kind"] == "phase_changed" and e.get("phase") == "consequences")
            for e in events
        )
        if report:
            if self.player is not None:  # solo: what the player's team may see of them
                from tabletop.engine.audience import seen_arrivals

                events = seen_arrivals(session.scenario, session.events, self.player, events)
            self.push_screen(
                screens.ConsequencesScreen(session, events, show_hidden=self.player is None),
                callback=lambda _: self.show_outcome(hotwash=True) if ended else None,
            )
        elif ended:
            self.show_outcome(hotwash=True)
        elif session.state.phase == "adjudication" and session.state.pending():
            self.action_adjudicate()  # in order, from the first move declared

    def action_answer(self) -> None:
        if self.live is not None and self.why_not("answer") is None:
            self.push_screen(screens.AnswerScreen(self.live.session))

    # ------------------------------------------------------------ the team seats

    def poll_seats(self) -> None:
        """Read what the seats handed in (four times a second), announce it; and record
        the timer's expiry once its deadline passes (it decides nothing by itself)."""
        desk = self.desk
        live = self.live
        if desk is None or live is None or desk.live is not live:
            return
        new = desk.poll()
        if new:
            for submission in new:
                self.notify(desk.headline(submission), title="From the seats", timeout=8)
            self.revision += 1
            self.refresh_bindings()
        timer = live.session.state.timer
        if timer is not None and not timer.get("expired"):
            from tabletop.tui.widgets.timer import seconds_left

            left = seconds_left(str(timer["deadline"]), self.clock())
            expired = left is not None and left <= 0
            if expired and self.perform(live.session.timer_expired) is None:
                self.notify("Time is up (nothing changes until you move on).", title="Timer")

    def action_accept_seats(self) -> None:
        desk = self.desk
        if desk is None:
            return
        from tabletop.journal import JournalError

        before = len(desk.session.events)
        try:
            handled = desk.accept_all()
        except JournalError as exc:
            self.notify(f"not saved, so not done: {exc}", title="Not now", severity="error")
            return
        self.after_change(desk.session.events[before:])
        lines = [desk.headline(s) for s in handled.accepted]
        lines += [f"Returned to {desk.headline(s)}: {why}" for s, why in handled.returned]
        title = f"Accepted {len(handled.accepted)}" + (
            f", returned {len(handled.returned)}" if handled.returned else ""
        )
        self.notify("\n".join(lines) or "Nothing was waiting.", title=title, timeout=8)

    def action_review_seats(self) -> None:
        if self.desk is not None:
            self.push_screen(screens.SeatsScreen(self.desk))

    def action_timer(self) -> None:
        if self.live is not None:
            self.push_screen(screens.TimerScreen(self.live.session, clock=self.clock))

    def _highlighted_declaration(self) -> int | None:
        """The seq of the declaration highlighted in the console's log, if one is."""
        console = self.console_screen
        event = console.highlighted_event() if console is not None else None
        if event is None or event["kind"] != "move_declared":
            return None
        return int(event["seq"])

    def action_withdraw(self) -> None:
        """Withdraw the declaration highlighted in the log, once confirmed."""
        session = self._session_or_none()
        seq = self._highlighted_declaration()
        if session is None or seq is None:
            return
        declaration = session.state.declaration(seq)
        if declaration is None:
            return
        from tabletop.engine.wording import quoted
        from tabletop.tui import present

        name = present.actor_name(session.scenario, declaration.actor)

        def withdraw(yes: bool | None) -> None:
            if yes:
                error = self.perform(lambda: session.withdraw(seq))
                if error:
                    self.notify(error, title="Not now", severity="warning")

        self.push_screen(
            screens.ConfirmScreen(
                "Withdraw a declaration",
                f"Withdraw {name}'s {quoted(declaration.label)}? It no longer counts this turn "
                "(the journal keeps it, marked withdrawn); d declares again.",
                "Withdraw",
                "Keep it",
            ),
            callback=withdraw,
        )

    def action_inject(self) -> None:
        if self.live is not None and self.why_not("inject") is None:
            build = partial(screens.InjectScreen, self.live.session)
            self.push_screen(self.dialogs.get("inject", build))

    def action_peek(self) -> None:
        """Look at the sealed moves on purpose: each look is journaled (move_peeked)."""
        session = self._session_or_none()
        if session is None or self.why_not("peek"):
            return
        sealed = [d for d in session.state.declarations if d.secret]
        for declaration in sealed:
            if self.perform(partial(session.peek, declaration.seq)):
                return
        names = session.scenario.actors
        lines = [f"{names[d.actor].name}: {d.label}" for d in sealed]
        self.notify("\n".join(lines), title="Sealed moves (only you see this)", timeout=15)

    def action_reveal(self) -> None:
        """Reveal this turn's sealed moves to the room (before their adjudication)."""
        session = self._session_or_none()
        if session is None or self.why_not("reveal"):
            return
        for declaration in [d for d in session.state.declarations if d.secret]:
            if self.perform(partial(session.reveal, declaration.seq)):
                return
        self.notify("The room sees the sealed moves now.", title="Revealed")

    def action_note(self) -> None:
        if self.live is not None:
            build = partial(screens.NoteScreen, self.live.session)
            self.push_screen(self.dialogs.get("note", build))

    # ------------------------------------------------------------ evaluation

    def action_observe(self) -> None:
        if self.live is not None:
            self.push_screen(screens.ObservationScreen(self.live.session))

    def action_details(self) -> None:
        if self.live is not None:
            self.push_screen(
                screens.SessionDetailsScreen(self.live.scenario, session=self.live.session)
            )

    def action_hotwash(self) -> None:
        """The hotwash, then (when saved) the improvement plan."""
        live = self.live
        if live is None:
            return

        def rated(saved: bool | None) -> None:
            if saved:
                self.action_improvement_plan()

        self.push_screen(screens.HotwashScreen(live.session), callback=rated)

    def action_improvement_plan(self) -> None:
        if self.live is not None:
            self.push_screen(screens.ImprovementPlanScreen(self.live.session))

    def action_feedback(self) -> None:
        if self.live is not None:
            self.push_screen(screens.FeedbackScreen(self.live.session))

    def action_undo(self) -> None:
        self._undo_redo("undo")

    def action_redo(self) -> None:
        self._undo_redo("redo")

    def _undo_redo(self, which: str) -> None:
        session = self._session_or_none()
        if session is None:
            return
        before = len(session.events)
        error = self.perform(session.undo if which == "undo" else session.redo)
        if error:
            self.notify(error, title="Not now", severity="warning")
            return
        event = session.events[before] if len(session.events) > before else None
        if event is not None:
            from tabletop.tui import present

            what = present.describe_event(
                session.scenario,
                session.events[event["target"] - 1],
                hide_sealed=True,
                events=session.events,
            )
            self.notify(what, title="Undone" if which == "undo" else "Redone")

        if session.over:
            self.show_outcome()
        elif isinstance(self.screen, screens.EndScreen):
            self.screen.dismiss(None)

    def action_filter(self) -> None:
        if self.console_screen is not None:
            self.console_screen.toggle_filter()

    def action_end_session(self) -> None:
        if self.live is None:
            return

        def ended(done: bool | None) -> None:
            if done:
                self.show_outcome(hotwash=True)

        self.push_screen(screens.EndSessionScreen(self.live.session), callback=ended)

    def action_briefing(self) -> None:
        if self.live is not None:
            self.push_screen(
                screens.BriefingScreen(self.live.scenario, player=self.player, begin=False)
            )

    def action_outcome(self) -> None:
        self.show_outcome()

    def action_help(self) -> None:
        if not isinstance(self.screen, screens.HelpScreen):
            self.push_screen(screens.HelpScreen(solo=self.player is not None))

    # ------------------------------------------------------------ export

    def can_export(self) -> bool:
        """Whether exports can be written (always, now that export ships with the TUI)."""
        return True

    def export_formats(self) -> dict[str, str]:
        """The exports offered here, by format (solo play's leave out the facilitator's)."""
        return export_formats(self.player is not None)

    def export(self, fmt: str) -> None:
        """Write the session as `fmt` next to its journal (in a worker)."""
        if self.live is None:
            return
        if fmt == "ip" and fmt not in self.export_formats():
            self.notify(
                "The improvement plan is the facilitator's: solo play exports your team's "
                "report and data",
                severity="warning",
            )
            return
        if not self.can_export():
            self.notify(
                f"Export is not available here; the journal is at {self.show_path(self.live.path)}",
                severity="warning",
            )
            return
        self._export(fmt)

    @work(thread=True, group="export")
    def _export(self, fmt: str) -> None:
        from tabletop.engine.audience import FACILITATOR
        from tabletop.export import FORMATS, render

        live = self.live
        if live is None:
            return
        events = list(live.session.events)
        out = live.path.with_suffix(FORMATS.get(fmt, f".{fmt}"))
        try:
            # Named as `tabletop export` names it: the report says which journal it is of.
            header = read_header(live.path)
            # Solo play: the player's team's report, as `export --audience ACTOR` writes it.
            audience = self.player or FACILITATOR
            text = render(
                fmt, header, events, live.scenario, journal=live.path.name, audience=audience
            )
            out.write_text(text, encoding="utf-8")
        except Exception as exc:  # an export failure must not take the session down
            self.call_from_thread(
                self.notify,
                f"{fmt}: {type(exc).__name__}: {exc}",
                title="Export failed",
                severity="error",
            )
            return
        self.call_from_thread(self._exported, out)

    def _exported(self, out: Path) -> None:
        self.notify(self.show_path(out), title="Exported")
        self.exports = (*self.exports, out)

    @on(ExportRequested)
    def _export_requested(self, message: ExportRequested) -> None:
        self.export(message.fmt)

    def journal_text(self) -> str:
        return self.show_path(self.live.path) if self.live is not None else ""
