"""Writing a session journal: the sink the engine calls before it applies events.

Each `write()` serializes its events, hands them to the kernel in one `os.write`, and
fsyncs before returning, so an event the engine has applied is on disk. A failed write is
rolled back (the file is truncated to where it was) so the journal stays readable and the
engine, which sees the JournalError, does not apply the events.

On POSIX the file is locked (flock) while a writer has it open, so two tabletop processes
cannot interleave their events in one session.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

from tabletop.journal.format import (
    CHAINED_SINCE,
    FORMAT_NAME,
    HASH_KEY,
    HASH_MARK,
    HASH_TAIL,
    JournalError,
    chained_line,
    dumps,
    event_problem,
    header_hash,
    header_problem,
    utc_now,
)
from tabletop.safe_read import Refused, open_regular

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["JournalWriter"]

_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_TAIL_CHUNK = 64 * 1024
_MAX_HEADER_BYTES = 16 * 1024 * 1024
_TORN_HEADER_PREFIX = b'{"format":"' + FORMAT_NAME.encode() + b'"'

# macOS: fsync() does not flush the drive's cache; F_FULLFSYNC does.
_FULLFSYNC: int | None = getattr(fcntl, "F_FULLFSYNC", None) if sys.platform == "darwin" else None


def _fsync(fd: int) -> None:
    if _FULLFSYNC is not None and fcntl is not None:
        try:
            fcntl.fcntl(fd, _FULLFSYNC)
            return
        except OSError:
            pass  # not supported by this file system: plain fsync
    os.fsync(fd)


def _fsync_directory(directory: Path) -> None:
    """Make a new directory entry durable (POSIX; Windows cannot open directories)."""
    if os.name == "nt":  # pragma: no cover
        return
    fd = os.open(directory, os.O_RDONLY | _O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _lock(fd: int, path: Path) -> None:
    if fcntl is None:  # pragma: no cover - Windows
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise JournalError(
            path, None, "the session is open in another tabletop process (the file is locked)"
        ) from None
    except OSError:
        pass  # a file system without locks (some network mounts): go on unlocked


def _reason(e: OSError) -> str:
    return e.strerror or str(e)


class JournalWriter:
    """Appends events to a session journal, durably. Use `create()` or `append_to()`."""

    def __init__(
        self, path: Path, fd: int, last_seq: int, prev: str | None, *, sync: bool = True
    ) -> None:
        self.path = path
        self._fd: int | None = fd
        self._last_seq = last_seq
        self._prev = prev
        """The last link of the hash chain; None for a journal of a version without one."""
        self._sync = sync

    # -- opening -----------------------------------------------------------------

    @classmethod
    def create(
        cls, path: Path | str, header: dict[str, Any], *, sync: bool = True
    ) -> JournalWriter:
        """Start a new journal at `path` with `header` on line 1.

        Refuses to overwrite an existing file. Creates missing parent directories. The
        header line is fsynced, then the directory, so the new file survives a crash.
        `sync=False` skips every fsync (for throwaway headless runs; not crash-safe).
        """
        path = Path(path)
        problem = header_problem(header)
        if problem is not None:
            raise JournalError(path, None, problem)
        try:
            data = (dumps(header) + "\n").encode("utf-8")
        except (TypeError, ValueError) as e:
            raise JournalError(path, None, f"header is not JSON-serializable: {e}") from None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise JournalError(
                path.parent, None, f"cannot create directory: {_reason(e)}"
            ) from None
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | _O_BINARY | _O_CLOEXEC
        try:
            fd = os.open(path, flags, 0o666)
        except FileExistsError:
            raise JournalError(
                path, None, "already exists; a session journal is never overwritten"
            ) from None
        except OSError as e:
            raise JournalError(path, None, f"cannot create: {_reason(e)}") from None
        try:
            _lock(fd, path)
            _write_all(fd, data)
            if sync:
                _fsync(fd)
                _fsync_directory(path.parent)
        except BaseException as e:
            os.close(fd)
            with contextlib.suppress(OSError):
                path.unlink()
            if isinstance(e, OSError):
                raise JournalError(path, None, f"cannot write: {_reason(e)}") from None
            raise
        prev = header_hash(data[:-1]) if header["version"] >= CHAINED_SINCE else None
        return cls(path, fd, 0, prev, sync=sync)

    @classmethod
    def append_to(cls, path: Path | str, *, sync: bool = True) -> JournalWriter:
        """Open an existing journal to continue it (resume).

        If the file ends with a torn line (no newline, not valid JSON: a crash while
        writing, which the reader reported as a warning), that part is cut off first so the
        next event does not glue onto it. A last line that is complete JSON but lacks only
        its newline (the reader accepts it) gets its newline.
        """
        path = Path(path)
        try:
            fd = open_regular(path, os.O_RDWR | os.O_APPEND)
        except FileNotFoundError:
            raise JournalError(path, None, "no such session journal") from None
        except Refused as e:
            raise JournalError(path, None, e.what_instead("a session journal")) from None
        except OSError as e:
            raise JournalError(path, None, f"cannot open for writing: {_reason(e)}") from None
        try:
            _lock(fd, path)
            last_seq, prev = _repair_tail(fd, path, sync=sync)
        except BaseException as e:
            os.close(fd)
            if isinstance(e, OSError):
                raise JournalError(path, None, f"cannot repair the end: {_reason(e)}") from None
            raise
        return cls(path, fd, last_seq, prev, sync=sync)

    # -- writing -----------------------------------------------------------------

    @property
    def last_seq(self) -> int:
        """The seq of the last event in the journal (0 when there is only the header)."""
        return self._last_seq

    @property
    def last_hash(self) -> str | None:
        """The last link of the hash chain (None for a journal of a version without one)."""
        return self._prev

    @property
    def closed(self) -> bool:
        return self._fd is None

    def write(self, events: list[dict[str, Any]]) -> None:
        """Record events durably (the engine's sink): one write, one fsync, then return.

        Adds `"at"` (UTC, ISO 8601) in place to each event that has none. Raises
        JournalError, having written nothing, when the events are malformed (seq not
        following the journal's last, missing kind/action) or the disk refuses them.
        """
        fd = self._fd
        if fd is None:
            raise JournalError(self.path, None, "the journal writer is closed")
        if not events:
            return
        expected = self._last_seq
        for event in events:
            expected += 1
            problem = event_problem(event, expected)
            if problem is None and HASH_KEY in event:
                problem = f'"{HASH_KEY}" is the journal\'s own field'
            if problem is not None:
                raise JournalError(self.path, None, f"refusing to write an event: {problem}")
        now = utc_now()
        prev = self._prev
        try:
            lines = []
            for event in events:
                if "at" not in event:
                    event["at"] = now
                if prev is None:
                    lines.append(dumps(event))
                else:
                    line, prev = chained_line(prev, event)
                    lines.append(line)
        except (TypeError, ValueError) as e:
            raise JournalError(
                self.path, None, f"refusing to write an event that is not JSON: {e}"
            ) from None
        lines.append("")
        data = "\n".join(lines).encode("utf-8")
        try:
            start = os.fstat(fd).st_size
        except OSError as e:
            raise JournalError(self.path, None, f"cannot write: {_reason(e)}") from None
        try:
            _write_all(fd, data)
            if self._sync:
                _fsync(fd)
        except BaseException as e:
            # Roll back so the file ends with a complete line and holds no unapplied events.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, start)
            if isinstance(e, OSError):
                raise JournalError(self.path, None, f"cannot write: {_reason(e)}") from None
            raise
        self._last_seq = expected
        self._prev = prev

    # -- closing -----------------------------------------------------------------

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # also releases the lock

    def __enter__(self) -> JournalWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._fd is None else f"last_seq={self._last_seq}"
        return f"<JournalWriter {str(self.path)!r} {state}>"


def _write_all(fd: int, data: bytes) -> None:
    """One os.write in practice; loops only if the kernel accepts part of it."""
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        if n <= 0:  # pragma: no cover - defensive
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[n:]


def _read_at(fd: int, offset: int, size: int) -> bytes:
    os.lseek(fd, offset, os.SEEK_SET)
    chunks = []
    while size > 0:
        chunk = os.read(fd, size)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _last_line_start(fd: int, end: int) -> int:
    """Where the line that ends at `end` (exclusive, without its newline) starts."""
    pos = end
    while pos > 0:
        start = max(0, pos - _TAIL_CHUNK)
        chunk = _read_at(fd, start, pos - start)
        i = chunk.rfind(b"\n")
        if i >= 0:
            return start + i + 1
        pos = start
    return 0


def _first_line_end(fd: int, size: int) -> int | None:
    """The offset of the first newline, or None when there is none in the first 16 MiB."""
    pos = 0
    limit = min(size, _MAX_HEADER_BYTES)
    while pos < limit:
        chunk = _read_at(fd, pos, min(_TAIL_CHUNK, limit - pos))
        i = chunk.find(b"\n")
        if i >= 0:
            return pos + i
        pos += len(chunk)
    return None


def _repair_tail(fd: int, path: Path, *, sync: bool) -> tuple[int, str | None]:
    """Check the header, fix a torn end of file, return the last event's seq (0: none)
    and the last link of the hash chain (None for a version without one).

    Nothing is changed in a file whose first line is not a session header.
    """
    size = os.fstat(fd).st_size
    if size == 0:
        raise JournalError(path, None, "empty file, not a session journal")
    first_end = _first_line_end(fd, size)
    header_line = _read_at(
        fd, 0, first_end if first_end is not None else min(size, _MAX_HEADER_BYTES)
    )
    try:
        header = json.loads(header_line.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        if first_end is None and header_line.startswith(_TORN_HEADER_PREFIX):
            raise JournalError(
                path,
                1,
                "the header line is incomplete (the session was interrupted while it was "
                "being created); there is nothing to resume",
            ) from None
        header = None
    problem = header_problem(header)
    if problem is not None:
        raise JournalError(path, 1, problem)
    assert isinstance(header, dict)
    chained = header["version"] >= CHAINED_SINCE
    prev = header_hash(header_line.removeprefix(b"\xef\xbb\xbf")) if chained else None
    if first_end is None:  # a complete header that lacks only its newline
        _write_all(fd, b"\n")
        if sync:
            _fsync(fd)
        return 0, prev

    if _read_at(fd, size - 1, 1) != b"\n":
        start = _last_line_start(fd, size)  # > first_end: there is a newline there
        tail = _read_at(fd, start, size - start)
        try:
            json.loads(tail.decode("utf-8"))
            complete = True
        except (json.JSONDecodeError, UnicodeDecodeError):
            complete = False  # a torn write
        except (ValueError, RecursionError):  # whole, but not a line the reader accepts
            raise JournalError(path, None, "the last line is not a valid event") from None
        if complete:  # the reader accepted this event: give it its newline
            _write_all(fd, b"\n")
            size += 1
        else:  # torn: the reader ignored it; cut it off
            os.ftruncate(fd, start)
            size = start
        if sync:
            _fsync(fd)

    if size - 1 == first_end:
        return 0, prev  # only the header
    start = _last_line_start(fd, size - 1)
    last = _read_at(fd, start, size - 1 - start)
    try:
        obj = json.loads(last.decode("utf-8"))
    except (ValueError, RecursionError):
        raise JournalError(path, None, "the last line is not valid JSON") from None
    seq = obj.get("seq") if isinstance(obj, dict) else None
    if type(seq) is not int:
        raise JournalError(path, None, 'the last event has no integer "seq"')
    if chained:
        mark = HASH_MARK.encode()
        if last[-HASH_TAIL : -HASH_TAIL + len(mark)] != mark:
            raise JournalError(path, None, 'the last event has no "hash"')
        prev = last[-HASH_TAIL + len(mark) : -2].decode("ascii", "replace")
    return seq, prev
