"""A session with its journal: the one object the TUI and the CLI drive.

The engine is pure; this module gives it a durable sink (every event fsynced
before the command that made it returns), knows where sessions are kept, and
resumes or branches a session from its journal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tabletop.engine.check import EventProblem, check_events
from tabletop.engine.session import Session
from tabletop.engine.wording import printable_block
from tabletop.journal import (
    Journal,
    JournalError,
    JournalWriter,
    check_scenario,
    make_header,
    new_session_path,
    read_journal,
)
from tabletop.scenario.bundled import bundled_paths
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario
from tabletop.scenario.problems import Problem
from tabletop.scenario.text import ANY_UNSAFE


class ScenarioMismatch(JournalError):
    """The scenario file changed since the session was recorded."""


@dataclass
class LiveSession:
    """A session being played, its journal, and where its scenario came from."""

    session: Session
    path: Path
    scenario_path: Path
    writer: JournalWriter | None
    warnings: list[str] = field(default_factory=list)

    @property
    def scenario(self) -> CompiledScenario:
        return self.session.scenario

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def who_plays(
    compiled: CompiledScenario, computer: Iterable[str], player: str | None
) -> dict[str, str]:
    """Who plays each actor: `player` (solo), `computer`, or `team` (the facilitator
    records what a team in the room declares)."""
    machine = set(computer)
    return {
        actor: "player" if actor == player else "computer" if actor in machine else "team"
        for actor in compiled.actors
    }


def start_session(
    scenario_path: Path,
    *,
    seed: int,
    session_path: Path | None = None,
    computer: Iterable[str] = (),
    auto_adjudicate: bool = False,
    player: str | None = None,
    compiled: CompiledScenario | None = None,
    undo: bool = True,
    mode: str | None = None,
    played_by: Mapping[str, str] | None = None,
) -> LiveSession:
    """Start a new session of a scenario, journaled to `session_path` (or the data dir).

    `undo=False` (a scripted run, which never undoes) keeps no state snapshots for undo:
    each costs a copy of the turn's declarations, which in a scenario of thousands of
    actors makes a run quadratic."""
    if compiled is None:
        compiled, _ = load_scenario(scenario_path)
    computer = tuple(computer)
    path = session_path or new_session_path(compiled.id)
    header = make_header(
        scenario_id=compiled.id,
        scenario_sha256=compiled.sha256,
        scenario_title=compiled.title,
        scenario_path=str(Path(scenario_path).resolve()),
        seed=seed,
        settings={
            "computer": list(computer),
            "auto_adjudicate": auto_adjudicate,
            "player": player,
            "mode": mode or ("solo" if player else "facilitated"),
            "played_by": dict(played_by or who_plays(compiled, computer, player)),
        },
    )
    writer = JournalWriter.create(path, header)
    try:
        session = Session(
            compiled,
            seed,
            sink=writer.write,
            computer=computer,
            auto_adjudicate=auto_adjudicate,
            undo_depth=200 if undo else 0,
        )
    except BaseException:
        writer.close()
        raise
    return LiveSession(session, path, Path(scenario_path), writer)


def scenario_for(journal: Journal, override: Path | None = None) -> Path:
    """Where a journal's scenario is: the given file, the recorded path, or the bundled copy."""
    if override is not None:
        return override
    recorded = journal.header.get("scenario", {})
    path = Path(str(recorded.get("path", "")))
    try:
        if path.is_file():
            return path
    except (OSError, ValueError):  # a name too long for the system, a NUL: not there
        pass
    # The id is a bundled scenario's or nothing: never a path to read (`../../x`).
    scenario_id = str(recorded.get("id", ""))
    return next((p for p in bundled_paths() if p.stem == scenario_id), path)


def open_journal(
    session_path: Path, *, scenario_path: Path | None = None, force: bool = False
) -> tuple[Journal, CompiledScenario, Path, list[Problem]]:
    """Read a journal and load its scenario, refusing a changed scenario unless forced.

    Every event is checked against the scenario here, once (`check_events`): whatever
    opens a journal (replay, export, branch, resume, the TUI) gets `FILE:LINE: what is
    wrong` for an event that does not fit, never a crash further on.
    """
    journal = read_journal(session_path)
    path = scenario_for(journal, scenario_path)
    compiled, problems = load_scenario(path)
    mismatch = check_scenario(journal, compiled.sha256)
    if mismatch and not force:
        raise ScenarioMismatch(
            session_path, None, f"{mismatch} (use --allow-changed-scenario to go on anyway)"
        )
    settings = journal.header.get("settings") or {}
    for key, named in (
        ("computer", settings.get("computer") or ()),
        ("player", [settings.get("player")]),
    ):
        for actor in named:
            if actor is not None and actor not in compiled.actors:
                raise JournalError(
                    session_path,
                    1,
                    f"header: settings.{key}: {actor!r} is not an actor of the scenario",
                )
    try:
        check_events(journal.events, compiled)
    except EventProblem as exc:
        raise JournalError(session_path, exc.seq + 1, exc.message) from None
    return journal, compiled, path, problems


def _shown_safely(container: dict[str, Any] | list[Any]) -> None:
    """Make every text in `container` (an event, or a list or object in it) `printable_block`,
    in place. Only a text that needs it is replaced: most values are numbers and clean
    texts (on 94,000 events the walk costs about a third of reading the journal, a
    seventh of a resume)."""
    search = ANY_UNSAFE.search
    items = container.items() if type(container) is dict else enumerate(container)
    for key, item in items:
        kind = type(item)
        if kind is str:
            if search(item):
                container[key] = printable_block(item)  # type: ignore[index]
        elif kind is dict or kind is list:
            _shown_safely(item)


def resume_session(
    session_path: Path, *, scenario_path: Path | None = None, force: bool = False
) -> LiveSession:
    """Continue a saved or interrupted session, appending to its journal.

    The console shows the events' texts in many places; a journal is a file from anyone,
    so its texts come into the session without control characters (an escape sequence
    in a note would retitle or repaint the facilitator's terminal). The journal itself
    is not changed: `tabletop export` still gives them, escaped, in JSON."""
    journal, compiled, path, _ = open_journal(
        session_path, scenario_path=scenario_path, force=force
    )
    for event in journal.events:
        _shown_safely(event)
    settings = journal.header.get("settings") or {}
    writer = JournalWriter.append_to(session_path)
    if writer.last_seq != len(journal.events) or writer.last_hash != journal.last_hash:
        # Another tabletop wrote to it between the read and the lock: this session's
        # events would not follow the journal's end, and every command would fail.
        writer.close()
        raise JournalError(
            session_path,
            None,
            "the journal changed while it was being opened (another tabletop process "
            "wrote to it); open it again",
        )
    try:
        session = Session(
            compiled,
            int(journal.header["seed"]),
            journal.events,
            sink=writer.write,
            computer=settings.get("computer") or (),
            auto_adjudicate=bool(settings.get("auto_adjudicate")),
        )
    except BaseException:
        writer.close()
        raise
    return LiveSession(session, session_path, path, writer, list(journal.warnings))


def read_session(
    session_path: Path, *, scenario_path: Path | None = None, force: bool = False
) -> LiveSession:
    """A saved session, read and checked but not opened for writing (no lock, no repair
    of a torn end): what `tabletop branch` starts from, so its parent's journal is never
    written and may be open on a console meanwhile."""
    journal, compiled, path, _ = open_journal(
        session_path, scenario_path=scenario_path, force=force
    )
    settings = journal.header.get("settings") or {}
    session = Session(
        compiled,
        int(journal.header["seed"]),
        journal.events,
        computer=settings.get("computer") or (),
        auto_adjudicate=bool(settings.get("auto_adjudicate")),
    )
    return LiveSession(session, session_path, path, None, list(journal.warnings))


def branch_session(live: LiveSession, at_seq: int, session_path: Path | None = None) -> LiveSession:
    """Start a "what if" session from event `at_seq` of this one, recording its parent."""
    source = live.session
    events = source.branch_events(at_seq)
    compiled = source.scenario
    path = session_path or new_session_path(compiled.id)
    header = make_header(
        scenario_id=compiled.id,
        scenario_sha256=compiled.sha256,
        scenario_title=compiled.title,
        scenario_path=str(live.scenario_path.resolve()),
        seed=source.seed,
        parent={"session": str(live.path), "at": at_seq},
        settings={"computer": sorted(source.computer), "auto_adjudicate": source.auto_adjudicate},
    )
    writer = JournalWriter.create(path, header)
    writer.write([{k: v for k, v in e.items() if k != "at"} for e in events])
    session = Session(
        compiled,
        source.seed,
        events,
        sink=writer.write,
        computer=source.computer,
        auto_adjudicate=source.auto_adjudicate,
    )
    return LiveSession(session, path, live.scenario_path, writer)


__all__ = [
    "LiveSession",
    "ScenarioMismatch",
    "branch_session",
    "open_journal",
    "read_session",
    "resume_session",
    "scenario_for",
    "start_session",
]
