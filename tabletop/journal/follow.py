"""Following a journal while another process writes it (the projector, a seat).

The first read is `read_journal` (every line checked, the hash chain walked). After
that, `Follower.poll()` costs one `stat` when nothing was written, and reads only the
bytes appended since the last complete line: each new line must chain to the one before
it (the same check as the reader's) and carry the next seq, or the follower stops with
`FILE:LINE: what is wrong`. A line still being written (no newline yet) waits for the
next poll. The follower never writes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tabletop.journal.format import HASH_KEY, JournalError, event_problem
from tabletop.journal.reader import MAX_JOURNAL_BYTES, Journal, _Chain, read_journal
from tabletop.safe_read import open_binary

__all__ = ["Follower"]

MAX_POLL_BYTES = 16 * 1024 * 1024
"""The most one poll reads; the rest waits for the next poll."""


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
        self._offset = self._complete_length()

    def _complete_length(self) -> int:
        """The byte length of the journal's complete lines (a torn last line excluded)."""
        with open_binary(self.path) as f:
            data = f.read(MAX_JOURNAL_BYTES + 1)
        return data.rfind(b"\n") + 1

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
        end = data.rfind(b"\n")
        if end < 0:
            return []
        new: list[dict[str, Any]] = []
        for raw in data[: end + 1].splitlines():
            self._line += 1
            new.append(self._event(raw, len(self.events) + len(new) + 1))
        self._offset += end + 1
        self.events.extend(new)
        return new

    def _event(self, raw: bytes, seq: int) -> dict[str, Any]:
        try:
            text = raw.decode("utf-8")
            event = json.loads(text)
        except (UnicodeDecodeError, ValueError):
            raise JournalError(self.path, self._line, "not a JSON event line") from None
        problem = self._chain.problem(text)
        if isinstance(event, dict):
            event.pop(HASH_KEY, None)
        if problem is None:
            problem = event_problem(event, seq)
        if problem is not None:
            raise JournalError(self.path, self._line, problem)
        return event  # type: ignore[no-any-return]
