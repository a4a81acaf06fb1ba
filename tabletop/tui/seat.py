"""`tabletop seat SESSION`: one team's seat, in a terminal or a browser (`tabletop serve`).

It asks for the team's join code (wrong codes slow down), then shows the team's view of
the session, drawn from `engine.audience.view` and nothing else, following the journal
four times a second; the team declares its move, argues when the floor is open,
answers the turn's questions and answers the offers addressed to it (accept, reject, or
counter with amended terms). A seat never writes the journal: it submits to its team's
inbox (`seats.SeatLink.submit`: on disk before the seat says "submitted"), and the
facilitator's console accepts or returns each submission. Two seats of one team see the
same, and a seat that reconnects finds its submissions where it left them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType

from tabletop.engine.audience import View
from tabletop.engine.errors import ActionError
from tabletop.engine.events import EventProblem
from tabletop.engine.replay import ReplayError
from tabletop.engine.submissions import seat_refusals
from tabletop.journal import JournalError
from tabletop.journal.inbox import (
    InboxError,
    check_code,
    code_delay,
    recent_failures,
    record_failure,
)
from tabletop.scenario.problems import ScenarioError
from tabletop.seats import SeatLink
from tabletop.tui import themes
from tabletop.tui.messages import Joined, JoinRefused, JoinRequested, JoinWaiting
from tabletop.tui.screens.join import JoinScreen
from tabletop.tui.screens.seat import SeatScreen
from tabletop.tui.screens.seat_answer import SeatAnswerScreen
from tabletop.tui.screens.seat_argue import SeatArgueScreen
from tabletop.tui.screens.seat_declare import SeatDeclareScreen
from tabletop.tui.screens.seat_feedback import SeatFeedbackScreen
from tabletop.tui.screens.seat_reply import SeatReplyScreen

POLL_SECONDS = 0.25
"""How often the journal and the team's inbox are checked."""
ACTIONS = ("declare", "argue", "answer", "feedback", "reply")
"""What a seat hands in (a submission's kind), each an action of its own key."""
WRONG_CODE = "That is not a join code of this session. Check it with the facilitator."


def open_seat(path: Path, code: str) -> SeatLink | None:
    """The team's seat if `code` is one of the session's join codes, else None (the wrong
    code recorded, after the wait that recent wrong codes impose)."""
    delay = code_delay(recent_failures(path))
    if delay:
        time.sleep(delay)
    team = check_code(path, code)
    if team is None:
        record_failure(path)
        return None
    return SeatLink.open(path, team)


def can_do(view: View) -> dict[str, bool]:
    """What the team can hand in now, by its view (the session checks again on acceptance):
    what `engine.submissions.seat_refusals` does not refuse."""
    return {kind: why is None for kind, why in seat_refusals(view).items()}


SEAT_KEYS = (
    ("d", "declare", "Declare"),
    ("g", "argue", "Argue"),
    ("w", "answer", "Answer a question"),
    ("o", "reply", "Answer an offer"),
    ("f", "feedback", "Feedback"),
)
"""The seat's keys: key, action (a submission's kind), footer label."""


def _bindings() -> list[BindingType]:
    bindings: list[BindingType] = []
    for key, action, label in SEAT_KEYS:
        bindings.append(Binding(key, action, label))
        # Pressed while the action cannot run: say why (the footer shows it dimmed).
        bindings.append(Binding(key, f"refused('{action}')", show=False))
    bindings.append(Binding("ctrl+q", "quit", "Quit"))
    return bindings


class SeatApp(App[None]):
    """A team's seat on a live session."""

    TITLE = "tabletop seat"
    CSS_PATH = Path(__file__).parent / "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = _bindings()

    def __init__(
        self,
        path: Path,
        *,
        link: SeatLink | None = None,
        poll_seconds: float = POLL_SECONDS,
        clock: Callable[[], datetime] | None = None,
        cursor_blink: bool = True,
        opener: Callable[[Path, str], SeatLink | None] = open_seat,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        themes.use_saved(self, theme)  # the readable themes only: `theme`, else the last chosen
        self.path = path
        self.link = link
        self.poll_seconds = poll_seconds
        self.clock = clock or (lambda: datetime.now(UTC))
        self.cursor_blink = cursor_blink
        self.opener = opener
        """Checks a code and opens the seat (tests give one that does not sleep)."""
        self.view: View | None = None
        self.problem: str | None = None
        self.seat_screen: SeatScreen | None = None

    def on_mount(self) -> None:
        if self.link is not None:
            self._joined(self.link)
        else:
            self.push_screen(JoinScreen())

    # ------------------------------------------------------------ joining

    @on(JoinRequested)
    def _join_requested(self, message: JoinRequested) -> None:
        failures = recent_failures(self.path)
        if code_delay(failures):
            self.post_message(JoinWaiting(code_delay(failures)))
        self._check_code(message.code)

    @work(thread=True, exclusive=True, group="join")
    def _check_code(self, code: str) -> None:
        try:
            link = self.opener(self.path, code)
        except (JournalError, ScenarioError, ActionError, OSError) as exc:
            self.post_message(JoinRefused(f"The session cannot be opened: {exc}"))
            return
        if link is None:
            self.post_message(JoinRefused(WRONG_CODE))
        else:
            self.post_message(Joined(link))

    @on(JoinRefused)
    def _join_refused(self, message: JoinRefused) -> None:
        if isinstance(self.screen, JoinScreen):
            self.screen.refused(message.why)

    @on(JoinWaiting)
    def _join_waiting(self, message: JoinWaiting) -> None:
        if isinstance(self.screen, JoinScreen):
            self.screen.waiting(message.seconds)

    @on(Joined)
    def _on_joined(self, message: Joined) -> None:
        self._joined(message.link)

    def _joined(self, link: SeatLink) -> None:
        self.link = link
        self.seat_screen = SeatScreen()
        name = link.scenario.actors[link.team].name
        self.title = f"tabletop seat · {name}"
        if isinstance(self.screen, JoinScreen):
            self.switch_screen(self.seat_screen)
        else:
            self.push_screen(self.seat_screen)
        self.refresh_view()
        self.set_interval(self.poll_seconds, self.poll)

    # ------------------------------------------------------------ following

    def poll(self) -> None:
        """Read what the journal and the inbox gained; draw again when something did."""
        if self.link is None or self.problem is not None:
            return
        try:
            changed = self.link.poll()
        except JournalError as exc:
            self.stop(str(exc))
            return
        except EventProblem as exc:
            self.stop(f"{self.path}:{exc.seq + 1}: {exc.message}")
            return
        if changed:
            self.refresh_view()

    def stop(self, problem: str) -> None:
        self.problem = problem
        self.refresh_view()
        self.notify(problem, title="Stopped following", severity="error", timeout=30, markup=False)

    def refresh_view(self) -> None:
        link = self.link
        if link is None or self.seat_screen is None:
            return
        try:
            self.view = link.view()
        except ReplayError as exc:
            self.problem = f"event {exc.seq}: {exc.message}"
        if self.view is None:
            return
        can = can_do(self.view)
        statuses = link.statuses(self.view)
        self.seat_screen.show(self.view, statuses, can, self.status())
        self.refresh_bindings()

    def status(self) -> str:
        if self.problem:
            return f"Stopped following: {self.problem}"
        return f"Following {self.path.name} · event {self.view.seq if self.view else 0}"

    # ------------------------------------------------------------ handing in

    def why_not(self, action: str) -> str | None:
        """Why the team cannot hand this in now (None: it can), by its view."""
        if self.view is None or self.link is None:
            return "the seat has not joined a session yet"
        return seat_refusals(self.view).get(action)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ACTIONS:
            if self.view is None or self.link is None:
                return False
            return True if self.why_not(action) is None else None
        if action == "refused":
            name = str(parameters[0]) if parameters else ""
            return self.view is not None and name in ACTIONS and self.why_not(name) is not None
        return True

    def action_refused(self, action: str) -> None:
        reason = self.why_not(action)
        if reason:
            self.notify(  # the words may quote the scenario's names: text, not markup
                reason[:1].upper() + reason[1:], title="Not now", severity="warning", markup=False
            )

    def action_declare(self) -> None:
        if self.view is not None:
            self.push_screen(SeatDeclareScreen(self.view), self.submit)

    def action_argue(self) -> None:
        if self.view is not None:
            self.push_screen(SeatArgueScreen(self.view), self.submit)

    def action_answer(self) -> None:
        if self.view is not None:
            self.push_screen(SeatAnswerScreen(self.view), self.submit)

    def action_reply(self) -> None:
        if self.view is not None:
            self.push_screen(SeatReplyScreen(self.view), self.submit)

    def action_feedback(self) -> None:
        if self.view is not None:
            self.push_screen(SeatFeedbackScreen(), self.submit)

    def submit(self, fields: dict[str, Any] | None) -> None:
        """Hand the fields in (on disk, fsynced, before the seat says so)."""
        if fields is None or self.link is None:
            return
        try:
            self.link.submit(**fields)
        except (InboxError, ActionError, OSError) as exc:
            self.notify(f"Not submitted: {exc}", severity="error", timeout=10, markup=False)
            return
        self.notify("Submitted: waiting for the facilitator.", timeout=4)
        self.refresh_view()
