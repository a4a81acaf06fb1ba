"""Reading files that strangers give us: regular files only, never more than a limit.

Every reader of a scenario, run script, journal or events list goes through here, so a
FIFO (which would block the open), `/dev/zero` or `/dev/urandom` (which never end), a
directory or a socket is refused at once, and no read goes past its documented limit
even when the file reports a size of 0 (as /proc files and devices do).

Refusals are `OSError`s whose `strerror` says what is wrong in a user's words, so every
caller's existing `except OSError` turns them into its own `FILE: message`.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "MAX_TEXT_BYTES",
    "Refused",
    "open_binary",
    "open_regular",
    "read_regular",
    "special_kind",
]

MAX_TEXT_BYTES = 5_000_000
"""The limit for a scenario, a run script or an events list (CSV): 5 MB."""

_O_BINARY = getattr(os, "O_BINARY", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOCTTY = getattr(os, "O_NOCTTY", 0)


class Refused(OSError):
    """A file that is not read: not a regular file, or larger than the limit.

    `kind` says what the file is ("a named pipe (FIFO)") when it is not a regular file,
    so a caller can say "is a named pipe (FIFO), not a session journal".
    """

    kind: str | None = None

    def what_instead(self, wanted: str) -> str:
        """`is KIND, not WANTED` for a special file, else the refusal as it is."""
        return f"is {self.kind}, not {wanted}" if self.kind else str(self.strerror)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "a special file"


def special_kind(path: Path | str) -> str | None:
    """What `path` is when it exists and is not a regular file (links followed): "a
    device", "a named pipe (FIFO)"...; None for a regular file or nothing at all."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else _kind(mode)


def _refuse_special(path: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        refused = Refused(errno.EINVAL, f"{_kind(mode)}, not a regular file", str(path))
        refused.kind = _kind(mode)
        raise refused


def open_regular(path: Path | str, flags: int = os.O_RDONLY) -> int:
    """Open a regular file and return its descriptor; refuse anything else at once.

    The file is checked before opening (a FIFO would block the open itself) and again
    on the open descriptor (the name may have been swapped in between).
    """
    path = Path(path)
    _refuse_special(path, os.stat(path).st_mode)
    fd = os.open(path, flags | _O_NONBLOCK | _O_NOCTTY | _O_BINARY | _O_CLOEXEC)
    try:
        _refuse_special(path, os.fstat(fd).st_mode)
        if _O_NONBLOCK:
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_binary(path: Path | str) -> BinaryIO:
    """A regular file opened for reading, as a buffered binary file object."""
    return io.open(open_regular(path), "rb", closefd=True)  # noqa: UP020 - from a descriptor


def read_regular(path: Path | str, limit: int, what: str = "file") -> bytes:
    """The whole of a regular file of at most `limit` bytes.

    The limit is enforced by the read itself, not by the size the file reports.
    """
    with open_binary(path) as f:
        data = _read_at_most(f, limit + 1)
    if len(data) > limit:
        raise Refused(
            errno.EFBIG, f"the {what} is larger than {limit:,} bytes, the limit", str(path)
        )
    return data


def _read_at_most(f: BinaryIO, most: int) -> bytes:
    """At most `most` bytes of `f`, read into a buffer of the size the file reports (and
    one byte more, to meet its end), then on if it holds more (it grew, or it reports 0
    as /proc files do). Asking for `most` at once would allocate that much (5 MB for a
    scenario of 20 kB) to hand most of it back: about 2% of loading the tutorial."""
    first = min(os.fstat(f.fileno()).st_size + 1, most)
    data = f.read(first)
    if len(data) == first < most:  # not at its end yet
        data += f.read(most - first)
    return data
