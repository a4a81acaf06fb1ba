"""Reading a session journal: the header, the events, and what is wrong with them.

The reader is the other half of the crash-safety guarantee: a last line without its
newline that is not valid JSON is what a crash while writing leaves behind, so it is
ignored with a warning; anything wrong elsewhere is corruption and is refused with the
line where it is.

Speed matters (a 100,000-event journal should load about as fast as parsing its JSON),
so the usual path reads the file a block (1 MiB) at a time, parses each block's text in
place with the C JSON scanner, checks only the envelope of each event (seq, kind, action)
inline, and never builds a list of lines. When
anything looks odd it hands over to a line-by-line path that gives precise messages.
"""

from __future__ import annotations

import gc
import json
from dataclasses import dataclass, field
from json.scanner import make_scanner
from pathlib import Path
from typing import Any, BinaryIO

from tabletop.journal.format import FORMAT_NAME, JournalError, event_problem, validate_header

__all__ = ["Journal", "check_scenario", "read_journal"]

MAX_HEADER_BYTES = 16 * 1024 * 1024
"""A first line longer than this is not a session header (and is not read into memory)."""

_BLOCK = 1024 * 1024
_TOO_DEEP = "values nested far too deeply (lists or objects inside each other)"
_BOM = b"\xef\xbb\xbf"
_TORN_HEADER_PREFIX = b'{"format":"' + FORMAT_NAME.encode() + b'"'


@dataclass
class Journal:
    """A session journal as read from disk."""

    path: Path
    header: dict[str, Any]
    events: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)
    """Problems that did not stop the reading, each formatted `FILE:LINE: message`."""


def read_journal(path: Path | str) -> Journal:
    """Read and check a session journal; raise JournalError when it cannot be used."""
    path = Path(path)
    if path.is_dir():
        raise JournalError(path, None, "is a directory, not a session journal")
    try:
        with open(path, "rb") as f:
            head = f.readline(MAX_HEADER_BYTES)
            if not head:
                raise JournalError(path, None, "empty file, not a session journal")
            if not head.endswith(b"\n") and len(head) >= MAX_HEADER_BYTES:
                raise JournalError(
                    path, 1, "not a tabletop session journal (the first line is far too long)"
                )
            header = _parse_header(path, head)
            journal = Journal(path=path, header=header, events=[], warnings=[])
            if head.endswith(b"\n"):
                # Parsing allocates one dict per event and keeps them all: the cyclic
                # GC would rescan the growing list again and again (2-3x the parse
                # time on 100,000 events) for objects that cannot form cycles.
                collecting = gc.isenabled()
                gc.disable()
                try:
                    tail = _parse_body(path, f, journal.events)
                finally:
                    if collecting:
                        gc.enable()
                if tail:
                    _parse_tail(journal, tail, line=2 + len(journal.events))
    except FileNotFoundError:
        raise JournalError(path, None, "no such session journal") from None
    except IsADirectoryError:  # pragma: no cover - raced with the is_dir() check
        raise JournalError(path, None, "is a directory, not a session journal") from None
    except OSError as e:
        raise JournalError(path, None, f"cannot read: {e.strerror or e}") from None
    return journal


def check_scenario(journal: Journal, sha256: str) -> str | None:
    """A message when the journal was recorded against another version of the scenario.

    The message has no location: the caller puts it where it belongs (the header, line 1).
    """
    scenario = journal.header.get("scenario") or {}
    recorded = scenario.get("sha256")
    if recorded == sha256:
        return None
    name = scenario.get("path") or scenario.get("id") or "the scenario"
    return (
        f"the scenario file has changed since this session was recorded "
        f"({name}: sha256 {str(recorded)[:12]}… in the journal, {sha256[:12]}… now); "
        "the replay may not lead to the same state"
    )


def _parse_header(path: Path, head: bytes) -> dict[str, Any]:
    if head.startswith(_BOM):
        head = head[len(_BOM) :]
    complete = head.endswith(b"\n")
    if b"\x00" in head:
        raise JournalError(path, 1, "not a tabletop session journal (binary data)")
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        raise JournalError(path, 1, "not a tabletop session journal (binary data)") from None
    try:
        header = json.loads(text)
    except RecursionError:
        raise JournalError(path, 1, _TOO_DEEP) from None
    except ValueError:
        if not complete and head.startswith(_TORN_HEADER_PREFIX):
            raise JournalError(
                path,
                1,
                "the header line is incomplete (the session was interrupted while it was "
                "being created); there is nothing to resume",
            ) from None
        raise JournalError(
            path, 1, "not a tabletop session journal (the first line is not JSON)"
        ) from None
    return validate_header(header, path, 1)


def _parse_body(path: Path, f: BinaryIO, events: list[dict[str, Any]]) -> bytes:
    """Parse the event lines after the header, a block at a time; return the unterminated
    last piece (b"" when the file ends with a newline)."""
    pending = bytearray()
    while block := f.read(_BLOCK):
        cut = block.rfind(b"\n") + 1
        if not cut:
            pending += block
            continue
        pending += memoryview(block)[:cut]
        try:
            text = pending.decode("utf-8")
        except UnicodeDecodeError as e:
            line = 2 + len(events) + pending.count(b"\n", 0, e.start)
            raise JournalError(
                path, line, "not UTF-8 text (binary data in a session journal)"
            ) from None
        pos = _parse_fast(text, events)
        if pos < len(text):
            _parse_slow(path, text, pos, events)
        pending = bytearray(memoryview(block)[cut:])
    return bytes(pending)


def _parse_fast(text: str, events: list[dict[str, Any]]) -> int:
    """Parse events in place while every line is one compact, well-formed event.

    Appends to `events` (continuing their seqs) and returns where it stopped: len(text)
    when all went well, else the start of the first line it did not accept, which is
    left to the careful path.
    """
    scan = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]  # C scanner of json.loads
    append = events.append
    pos = 0
    n = len(text)
    seq = len(events)
    try:
        while pos < n:
            event, end = scan(text, pos)
            if text[end] != "\n" or type(event) is not dict:
                break
            s = event.get("seq")
            a = event.get("action")
            if (
                type(s) is not int
                or s != seq + 1
                or type(event.get("kind")) is not str
                or type(a) is not int
                or not 1 <= a <= s
                or not event["kind"]
            ):
                break
            seq = s
            append(event)
            pos = end + 1
    except (StopIteration, ValueError, IndexError, RecursionError):
        pass  # the careful path gives the message
    return pos


def _parse_slow(path: Path, text: str, pos: int, events: list[dict[str, Any]]) -> None:
    """Parse the rest line by line, tolerating whitespace, with precise messages."""
    first_line = 2 + len(events)
    lines = text[pos:].split("\n")
    lines.pop()  # the text ends with a newline: the last piece is empty
    for number, line in enumerate(lines, start=first_line):
        if not line.strip():
            raise JournalError(path, number, "blank line (expected one event per line)")
        if "\x00" in line:
            raise JournalError(path, number, "binary data in a session journal")
        try:
            event = json.loads(line)
        except json.JSONDecodeError as e:
            raise JournalError(path, number, f"invalid JSON: {e.msg} (column {e.colno})") from None
        except RecursionError:
            raise JournalError(path, number, _TOO_DEEP) from None
        problem = event_problem(event, len(events) + 1)
        if problem is not None:
            raise JournalError(path, number, problem)
        events.append(event)


def _parse_tail(journal: Journal, tail: bytes, line: int) -> None:
    """The last line has no newline: an event complete but for it, or a torn write."""
    try:
        event = json.loads(tail.decode("utf-8"))
    except RecursionError:
        raise JournalError(journal.path, line, _TOO_DEEP) from None
    except ValueError:  # also UnicodeDecodeError
        journal.warnings.append(
            f"{journal.path}:{line}: last line is incomplete "
            "(the session was interrupted while writing); ignored"
        )
        return
    problem = event_problem(event, len(journal.events) + 1)
    if problem is not None:
        raise JournalError(journal.path, line, problem)
    journal.events.append(event)
