"""Messages the workers and screens post up to the app: small dataclasses, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from tabletop.engine.events import Event
    from tabletop.live import LiveSession
    from tabletop.scenario.compiled import CompiledScenario
    from tabletop.seats import SeatLink


@dataclass
class ScenarioLoaded(Message):
    """A scenario file was read and checked: show its briefing."""

    path: Path
    scenario: CompiledScenario
    warnings: list[str] = field(default_factory=list)


@dataclass
class SessionOpened(Message):
    """A session was started or resumed: show the console."""

    live: LiveSession


@dataclass
class LoadFailed(Message):
    """A scenario or a journal could not be opened; one line per problem."""

    lines: list[str]
    resume: Path | None = None
    """The journal, when it was a resume that failed."""
    can_force: bool = False
    """Whether resuming anyway (scenario changed) would work."""


@dataclass
class ScenariosListed(Message):
    """The bundled scenarios, read for the start screen (`files.ScenarioEntry` each)."""

    scenarios: list[Any]


@dataclass
class SessionsListed(Message):
    """The recent sessions for the start screen."""

    sessions: list[Any]


@dataclass
class OpenScenario(Message):
    """The start screen asks for a scenario file to be loaded."""

    path: Path


@dataclass
class ResumeSession(Message):
    """The start screen asks for a saved session to be resumed."""

    path: Path
    force: bool = False


@dataclass
class BeginSession(Message):
    """The briefing screen asks for the session to start (solo as `player`, if given)."""

    player: str | None = None
    details: dict[str, Any] | None = None
    """The session details to record at the start (`Session.set_details` arguments)."""


@dataclass
class SessionChanged(Message):
    """A dialog ran a session command: bring the screens up to date, announce arrivals."""

    events: list[Event]


@dataclass
class ExportRequested(Message):
    """The end screen asks for the session to be exported as `fmt` (md, html, json, csv)."""

    fmt: str


@dataclass
class JoinRequested(Message):
    """A join code was typed on a seat's join screen."""

    code: str


@dataclass
class JoinRefused(Message):
    """The code was wrong (or the session could not be opened): say so, ask again."""

    why: str


@dataclass
class JoinWaiting(Message):
    """Recent wrong codes: the next check waits this many seconds."""

    seconds: float


@dataclass
class Joined(Message):
    """The code was a team's: its seat opens on the session."""

    link: SeatLink
