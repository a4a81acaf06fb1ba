"""Following a journal while another process writes it (the projector, a seat).

The first read is `read_journal` (every line checked, the hash chain walked); the
follower goes on from the very byte that read stopped at (`Journal.length`), so an event
written meanwhile is read by the next poll, never skipped. After that, `Follower.poll()`
costs one `stat` when nothing was written, and reads only the bytes appended since the
last complete line: each new line is checked as the reader checks a line (JSON without
NaN or nesting too deep, its link in the hash chain, the next seq), or the follower
stops with `FILE:LINE: what is wrong`. A line still being written (no newline yet)
waits for the next poll. The follower never writes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tabletop.journal.format import JournalError
from tabletop.journal.reader import Journal, _Chain, _parse_line, read_journal
from tabletop.safe_read import open_binary

__all__ = ["Follower"]

MAX_POLL_BYTES = 16 * 1024 * 1024
"""The most one poll reads, unless one line is longer (it is read to its end, as far as
the file goes); the rest waits for the next poll."""


class Follower:
    """A journal read once in full, then followed by its appended bytes."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        journal: Journal = read_journal(self.path)
        self.header: dict[str, Any] = journal.header
        self.events: list[dict[str, Any]] = journal.events
        self.warnings = list(journal.warnings)
        self._chain = _Chain(journal.last_hash)
        self._line = 1 + len(self.events)
        self._offset = journal.length
        self._open_end = journal.open_end
        """The last line read lacks its newline: the next byte must be it."""

    def poll(self) -> list[dict[str, Any]]:
        """The events appended since the last poll (checked), in order; [] if none."""
        try:
            size = os.stat(self.path).st_size
        except FileNotFoundError:
            raise JournalError(self.path, None, "the journal was removed") from None
        if size < self._offset:
            raise JournalError(self.path, None, "the journal got shorter: it was rewritten")
        if size == self._offset:
            return []
        with open_binary(self.path) as f:
            f.seek(self._offset)
            data = f.read(min(size - self._offset, MAX_POLL_BYTES))
            while b"\n" not in data and len(data) < size - self._offset:
                data += f.read(min(size - self._offset - len(data), MAX_POLL_BYTES))
        if self._open_end and data:
            if data[:1] != b"\n":
                raise JournalError(
                    self.path,
                    self._line,
                    "this line was written on after it was complete (the journal was edited)",
                )
            self._open_end = False
            self._offset += 1
            data = data[1:]
        end = data.rfind(b"\n")
        if end < 0:
            return []
        new: list[dict[str, Any]] = []
        for raw in data[:end].split(b"\n"):
            self._line += 1
            new.append(self._event(raw, len(self.events) + len(new) + 1))
        self._offset += end + 1
        self.events.extend(new)
        return new

    def _event(self, raw: bytes, seq: int) -> dict[str, Any]:
        """One appended line, checked as `read_journal` checks a line."""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise JournalError(
                self.path, self._line, "not UTF-8 text (binary data in a session journal)"
            ) from None
        if not text.strip():
            raise JournalError(self.path, self._line, "blank line (expected one event per line)")
        return _parse_line(self.path, self._line, text, seq, self._chain)
