"""The seats' side of a session on disk: join codes and each team's inbox.

A seat never writes the journal (its one writer is the facilitator's console). Beside a
journal `S.jsonl` lives the folder `S.jsonl.seats/` (mode 0700):

- `codes.json` (mode 0600): each team's join code as a salted SHA-256, never the code
  itself, so neither this file nor anything made from the journal (exports, the room's
  view) holds a code;
- `TEAM.inbox.jsonl`: what the team's seats submitted, one JSON object a line, appended
  under a lock with `O_APPEND` and fsynced before the seat says "submitted" (a seat that
  crashes afterwards loses nothing);
- `failures`: the times of recent wrong join codes (repeated wrong codes slow down).

Everything read from this folder is untrusted: lines are bounded, a team's inbox is
bounded in bytes and in lines, and `InboxReader` returns raw dicts for
`engine.submissions.parse` to validate. This module knows files, not the rules.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tabletop.safe_read import Refused, open_regular, read_regular

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "MAX_LINE_BYTES",
    "InboxError",
    "InboxReader",
    "append_submission",
    "check_code",
    "code_delay",
    "has_codes",
    "inbox_path",
    "new_codes",
    "normalise_code",
    "recent_failures",
    "record_failure",
    "seats_dir",
    "write_codes",
]

MAX_LINE_BYTES = 8 * 1024
"""The most one submission may take (a line longer than this is skipped when read)."""
MAX_INBOX_BYTES = 1024 * 1024
"""The most a team's inbox may hold; a seat's submission beyond it is refused."""
MAX_SUBMISSIONS = 500
"""The most submissions a team's inbox may hold."""
MAX_CODES_BYTES = 64 * 1024
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Capital letters and digits, without those read alike (0/O, 1/I)."""
CODE_LENGTH = 8
FAILURE_WINDOW = 300.0
"""Wrong codes older than this (seconds) no longer slow anyone down."""
FREE_FAILURES = 3
"""Wrong codes allowed in the window before each further try waits."""
MAX_DELAY = 30.0

_TEAM = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class InboxError(OSError):
    """A submission that cannot be kept (too long, the inbox full, a file problem)."""


def seats_dir(session: Path | str) -> Path:
    """`S.jsonl.seats/` beside the journal `S.jsonl`."""
    session = Path(session)
    return session.with_name(session.name + ".seats")


def inbox_path(session: Path | str, team: str) -> Path:
    """A team's inbox file (the team id is checked: it names a file)."""
    if not _TEAM.match(team):
        raise InboxError(f"'{team}' cannot name an inbox")
    return seats_dir(session) / f"{team}.inbox.jsonl"


def _make_dir(session: Path | str) -> Path:
    folder = seats_dir(session)
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.is_symlink() or not folder.is_dir():
        raise InboxError(f"{folder} is not a folder")
    os.chmod(folder, 0o700)
    return folder


def _lock(fd: int) -> None:
    if fcntl is not None:
        with contextlib.suppress(OSError):  # a file system without locks: go on
            fcntl.flock(fd, fcntl.LOCK_EX)


def _open_append(path: Path) -> int:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _O_CLOEXEC | _O_NOFOLLOW, 0o600)
    try:
        if not _is_regular(fd):
            raise InboxError(f"{path} is not a regular file")
    except BaseException:
        os.close(fd)
        raise
    return fd


def _is_regular(fd: int) -> bool:
    return stat.S_ISREG(os.fstat(fd).st_mode)


# ------------------------------------------------------------------ join codes


def new_codes(teams: Iterable[str]) -> dict[str, str]:
    """A fresh random join code for each team, all different."""
    codes: dict[str, str] = {}
    for team in teams:
        while True:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if code not in codes.values():
                codes[team] = code
                break
    return codes


def normalise_code(text: str) -> str:
    """What a person typed, as a code: capitals, without spaces or dashes."""
    return "".join(c for c in text.upper() if c.isalnum())[:64]


def _digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def write_codes(session: Path | str, codes: Mapping[str, str]) -> Path:
    """Keep the teams' codes (salted hashes) beside the session, readable by its owner only.
    A new serve replaces the codes of the last one."""
    folder = _make_dir(session)
    salt = secrets.token_hex(16)
    data = {
        "salt": salt,
        "teams": {team: _digest(salt, normalise_code(code)) for team, code in codes.items()},
    }
    path = folder / "codes.json"
    temp = folder / f".codes.{secrets.token_hex(4)}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC, 0o600)
    try:
        os.write(fd, json.dumps(data).encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temp, path)
    return path


def has_codes(session: Path | str) -> bool:
    return (seats_dir(session) / "codes.json").is_file()


def check_code(session: Path | str, code: str) -> str | None:
    """The team whose join code this is, or None (every team compared, in constant time)."""
    try:
        data = json.loads(read_regular(seats_dir(session) / "codes.json", MAX_CODES_BYTES))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("teams"), dict):
        return None
    salt = str(data.get("salt", ""))
    given = _digest(salt, normalise_code(code))
    found = None
    for team, digest in data["teams"].items():
        if isinstance(digest, str) and hmac.compare_digest(digest, given):
            found = str(team)
    return found


def record_failure(session: Path | str, now: float | None = None) -> None:
    """Remember a wrong code (the file keeps the recent ones only).

    Read and rewritten under the file's lock: seats guessing at once would otherwise each
    write back what they read, and most of their failures would not count."""
    now = time.time() if now is None else now
    path = _make_dir(session) / "failures"
    flags = os.O_RDWR | os.O_CREAT | _O_CLOEXEC | _O_NOFOLLOW
    fd = os.open(path, flags, 0o600)
    try:
        if not _is_regular(fd):
            raise InboxError(f"{path} is not a regular file")
        _lock(fd)
        recent = [t for t in _times(os.read(fd, 64 * 1024)) if now - t < FAILURE_WINDOW]
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, "".join(f"{t:.3f}\n" for t in [*recent[-200:], now]).encode())
    finally:
        os.close(fd)  # and with it the lock


def _failures(path: Path) -> list[float]:
    try:
        return _times(read_regular(path, 64 * 1024))
    except (OSError, Refused):
        return []


def _times(data: bytes) -> list[float]:
    """The times of a failures file (a line that is not one is passed over)."""
    out = []
    for line in data.decode("ascii", "replace").splitlines():
        with contextlib.suppress(ValueError):
            out.append(float(line))
    return out


def recent_failures(session: Path | str, now: float | None = None) -> int:
    """How many wrong codes were tried in the last FAILURE_WINDOW seconds."""
    now = time.time() if now is None else now
    return sum(1 for t in _failures(seats_dir(session) / "failures") if now - t < FAILURE_WINDOW)


def code_delay(failures: int) -> float:
    """How long the next try waits after `failures` recent wrong codes: nothing for the
    first few, then 1 s, 2 s, 4 s, … up to 30 s."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(MAX_DELAY, 2.0 ** (failures - FREE_FAILURES))


# ------------------------------------------------------------------ the inbox


def append_submission(session: Path | str, team: str, record: Mapping[str, Any]) -> None:
    """Append one submission to a team's inbox, durably (written whole, then fsynced).

    Refused (InboxError) when the line is too long or the inbox is full."""
    data = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    if len(data) > MAX_LINE_BYTES:
        raise InboxError(f"the submission is too long ({len(data):,} bytes; at most 8 KiB)")
    _make_dir(session)
    path = inbox_path(session, team)
    fd = _open_append(path)
    try:
        _lock(fd)
        size = os.fstat(fd).st_size
        if size + len(data) > MAX_INBOX_BYTES or _line_count(path) >= MAX_SUBMISSIONS:
            raise InboxError("the team's inbox is full: ask the facilitator")
        written = os.write(fd, data)
        if written != len(data):
            os.ftruncate(fd, size)
            raise InboxError("the submission could not be written whole")
        os.fsync(fd)
    finally:
        os.close(fd)


def _line_count(path: Path) -> int:
    try:
        return read_regular(path, MAX_INBOX_BYTES + MAX_LINE_BYTES).count(b"\n")
    except (OSError, Refused):
        return MAX_SUBMISSIONS


class InboxReader:
    """A team's inbox, followed: each poll reads only the complete lines appended since."""

    def __init__(self, session: Path | str, team: str) -> None:
        self.path = inbox_path(session, team)
        self._offset = 0
        self.skipped = 0
        """Lines that were not JSON objects or were too long (left out)."""

    def poll(self) -> list[dict[str, Any]]:
        """The submissions appended since the last poll (raw dicts, unvalidated), in order."""
        try:
            size = os.stat(self.path).st_size
        except FileNotFoundError:
            return []
        if size < self._offset:  # rewritten: read it again from the start
            self._offset = 0
        if size == self._offset or self._offset >= MAX_INBOX_BYTES + MAX_LINE_BYTES:
            return []
        try:
            fd = open_regular(self.path)
        except OSError:
            return []
        try:
            os.lseek(fd, self._offset, os.SEEK_SET)
            data = os.read(fd, min(size - self._offset, MAX_INBOX_BYTES + MAX_LINE_BYTES))
        finally:
            os.close(fd)
        end = data.rfind(b"\n")
        if end < 0:
            return []
        self._offset += end + 1
        out: list[dict[str, Any]] = []
        for raw in data[: end + 1].splitlines():
            if not raw.strip():
                continue
            record = None
            if len(raw) < MAX_LINE_BYTES:
                with contextlib.suppress(ValueError, RecursionError):
                    record = json.loads(raw.decode("utf-8"))
            if isinstance(record, dict):
                out.append(record)
            else:
                self.skipped += 1
        return out
