"""Where sessions live, what they are called, and which were played lately."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from tabletop.journal.format import header_problem
from tabletop.safe_read import open_binary

__all__ = ["ENV_DATA_DIR", "SessionInfo", "data_dir", "new_session_path", "recent_sessions"]

ENV_DATA_DIR = "TABLETOP_DATA_DIR"
SUFFIX = ".jsonl"

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_HEADER_BYTES = 1024 * 1024
_TAIL_CHUNK = 16 * 1024
_MAX_LAST_LINE = 64 * 1024 * 1024
"""A last line longer than this is not read for the list (the session is left out)."""


def data_dir() -> Path:
    """The directory of saved sessions.

    `$TABLETOP_DATA_DIR/sessions` when that variable is set, else the user data directory:
    `~/.local/share/tabletop/sessions` on Linux (`$XDG_DATA_HOME` respected),
    `~/Library/Application Support/tabletop/sessions` on macOS,
    `%LOCALAPPDATA%\\tabletop\\sessions` on Windows. Not created here (the writer does).
    """
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser() / "sessions"
    import platformdirs  # only when needed: keeps `import tabletop.journal` cheap

    return platformdirs.user_data_path("tabletop", appauthor=False) / "sessions"


def new_session_path(
    scenario_id: str, now: datetime | None = None, directory: Path | None = None
) -> Path:
    """A fresh file name: `<dir>/2026-11-27T21-30-05_<scenario_id>.jsonl` (UTC time).

    Names sort by date and say which scenario; `-2`, `-3`… is added when the name is
    taken. (Another process may still take it first: `JournalWriter.create` never
    overwrites, so that shows up as a JournalError, not as lost data.)
    """
    directory = Path(directory) if directory is not None else data_dir()
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is not None:
        now = now.astimezone(UTC)
    stamp = now.strftime("%Y-%m-%dT%H-%M-%S")
    name = _UNSAFE.sub("-", scenario_id).strip(".-") or "session"
    stem = f"{stamp}_{name}"
    path = directory / f"{stem}{SUFFIX}"
    n = 2
    while path.exists():
        path = directory / f"{stem}-{n}{SUFFIX}"
        n += 1
    return path


@dataclass
class SessionInfo:
    """A saved session as listed for "resume": read from its first and last lines only."""

    path: Path
    scenario_id: str
    scenario_title: str
    created: str
    """From the header: ISO 8601 UTC."""
    modified: datetime
    """The file's modification time (timezone-aware, UTC)."""
    events: int
    """The number of events: the seq of the last one (seqs run 1, 2, 3… without gaps)."""
    turn: int
    """The last event's turn (0-based), -1 when there is none or it is before the start."""
    ended: bool
    """Whether the last event is `session_ended`."""


def recent_sessions(directory: Path | None = None, limit: int = 20) -> list[SessionInfo]:
    """Saved sessions, newest first (by modification time); unreadable files are skipped.

    Cheap: each file's header line and last line are read, nothing in between.
    """
    directory = Path(directory) if directory is not None else data_dir()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return []
    candidates: list[tuple[float, os.DirEntry[str]]] = []
    for entry in entries:
        if not entry.name.endswith(SUFFIX):
            continue
        try:
            if not entry.is_file():
                continue
            candidates.append((entry.stat().st_mtime, entry))
        except OSError:
            continue
    candidates.sort(key=lambda c: (c[0], c[1].name), reverse=True)
    found: list[SessionInfo] = []
    for mtime, entry in candidates:
        if len(found) >= limit:
            break
        info = _session_info(Path(entry.path), mtime)
        if info is not None:
            found.append(info)
    return found


def _session_info(path: Path, mtime: float) -> SessionInfo | None:
    try:
        with open_binary(path) as f:
            head = f.readline(_MAX_HEADER_BYTES)
            if not head.endswith(b"\n"):
                return None
            header = json.loads(head.decode("utf-8-sig"))
            if header_problem(header) is not None:
                return None
            last = _last_event(f, len(head))
    except (OSError, ValueError, RecursionError):
        return None
    scenario = header["scenario"]
    events = turn = 0
    ended = False
    if last is None:
        turn = -1
    else:
        events = last["seq"]
        turn = last.get("turn", -1)
        if type(turn) is not int:
            turn = -1
        # Ended: the ending itself, or anything recorded after it (the hotwash's ratings,
        # the plan, feedback and notes come in the phase "ended"); an undo reopens it.
        ended = last.get("kind") == "session_ended" or last.get("phase") == "ended"
    return SessionInfo(
        path=path,
        scenario_id=scenario["id"],
        scenario_title=scenario.get("title") or "",
        created=header["created"],
        modified=datetime.fromtimestamp(mtime, UTC),
        events=events,
        turn=turn,
        ended=ended,
    )


def _last_event(f: BinaryIO, body_start: int) -> dict[str, Any] | None:
    """The last valid event line after the header (a torn last line is passed over).

    Reads backwards a block at a time; the blocks of a line not yet whole are kept in a
    list and joined once, so a long last line costs its length, not its length times
    its number of blocks (a 60 MB line took minutes)."""
    end = f.seek(0, os.SEEK_END)
    pos = end
    tail: list[bytes] = []
    """The blocks after the last newline seen, last first: the end of a line."""
    kept = 0
    while pos > body_start:
        start = max(body_start, pos - _TAIL_CHUNK)
        f.seek(start)
        block = f.read(pos - start)
        pos = start
        cut = len(block)
        while (newline := block.rfind(b"\n", 0, cut)) >= 0:
            found = _event_in(block[newline + 1 : cut] + b"".join(reversed(tail)))
            tail, kept, cut = [], 0, newline
            if found is not None:
                return found or None
        tail.append(block[:cut])
        kept += cut
        if kept > _MAX_LAST_LINE:
            return None
    found = _event_in(b"".join(reversed(tail)))
    return found or None


def _event_in(line: bytes) -> dict[str, Any] | None:
    """The event on `line`; {} when the line ends the search without one (not an event);
    None when the search goes on to the line before (blank, or not JSON: a torn line)."""
    if not line.strip():
        return None
    try:
        event = json.loads(line.decode("utf-8"))
    except (ValueError, RecursionError):
        return None  # a torn last line: look at the one before
    if isinstance(event, dict) and type(event.get("seq")) is int:
        return event
    return {}
