"""Reading a session journal: the header, the events, and what is wrong with them.

The reader is the other half of the crash-safety guarantee: a last line without its
newline that is not valid JSON is what a crash while writing leaves behind, so it is
ignored with a warning; anything wrong elsewhere is corruption and is refused with the
line where it is.

Speed matters (a 100,000-event journal should load about as fast as parsing its JSON),
so the usual path reads the file a block (1 MiB) at a time, parses each block's text in
place with the C JSON scanner, checks only the envelope of each event (seq, kind, action)
and its link in the hash chain inline, and never builds a list of lines. When anything
looks odd it hands over to a line-by-line path that gives precise messages.

From format version 2 every event line ends with `"hash"`, chained to the line before
it (the first to the header), so an edited, removed, added, duplicated or moved line
is refused at the first broken link. The hash is checked over the exact text of the
line as written: nothing is re-serialised.
"""

from __future__ import annotations

import gc
import json
import os
from dataclasses import dataclass, field
from hashlib import blake2b
from json.scanner import make_scanner
from pathlib import Path
from typing import Any, BinaryIO

from tabletop.journal.format import (
    CHAINED_SINCE,
    FORMAT_NAME,
    HASH_HEX,
    HASH_KEY,
    HASH_MARK,
    HASH_TAIL,
    JournalError,
    chain_hash,
    event_problem,
    header_hash,
    validate_header,
)
from tabletop.safe_read import Refused, open_binary

__all__ = ["Journal", "check_scenario", "is_journal", "read_journal"]

MAX_HEADER_BYTES = 16 * 1024 * 1024
"""A first line longer than this is not a session header (and is not read into memory)."""
MAX_JOURNAL_BYTES = 1024 * 1024 * 1024
"""A journal larger than this (1 GiB, about five million events) is not read."""

_BLOCK = 1024 * 1024
_TOO_DEEP = "values nested far too deeply (lists or objects inside each other)"
_TOO_LONG = "a number with far too many digits (more than 4,300)"


def _too_large() -> str:
    return f"larger than {MAX_JOURNAL_BYTES:,} bytes, the limit for a journal"


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
    last_hash: str | None = None
    """The last link of the hash chain (None for a journal of a version without one)."""
    length: int = 0
    """How many bytes of the file were read as its header and events: a torn last line
    is not counted. Where a follower of the journal goes on reading (`journal.follow`)."""
    open_end: bool = False
    """Whether the last line read (the header, or an event complete but for it) has no
    newline yet: the next byte written must be that newline."""


class _Chain:
    """The hash chain as the reader walks it: `prev` is None when the journal has none."""

    def __init__(self, prev: str | None) -> None:
        self.prev = prev

    def problem(self, line: str) -> str | None:
        """What breaks the chain at `line` (the exact text, without its newline), or None;
        on success the line's hash becomes the link the next line must chain to."""
        if self.prev is None:
            return None
        if len(line) < HASH_TAIL or line[-HASH_TAIL : -HASH_TAIL + len(HASH_MARK)] != HASH_MARK:
            return (
                'this line does not end with its "hash": every event line of a version 2 '
                "journal is chained to the one before it (was the line edited?)"
            )
        digest = line[-HASH_TAIL + len(HASH_MARK) : -2]
        if line[-2:] != '"}' or digest != chain_hash(self.prev, line[:-HASH_TAIL]):
            return (
                "the hash chain is broken here: this line was changed, or a line before it "
                "was changed, removed, added or moved (the journal was edited after it "
                "was written)"
            )
        self.prev = digest
        return None


def read_journal(path: Path | str) -> Journal:
    """Read and check a session journal; raise JournalError when it cannot be used."""
    path = Path(path)
    try:
        with open_binary(path) as f:
            if os.fstat(f.fileno()).st_size > MAX_JOURNAL_BYTES:  # at once, before parsing
                raise JournalError(path, None, _too_large())
            head = f.readline(MAX_HEADER_BYTES)
            if not head:
                raise JournalError(path, None, "empty file, not a session journal")
            if not head.endswith(b"\n") and len(head) >= MAX_HEADER_BYTES:
                raise JournalError(
                    path, 1, "not a tabletop session journal (the first line is far too long)"
                )
            header = _parse_header(path, head)
            journal = Journal(path=path, header=header, events=[], warnings=[])
            chain = _Chain(None)
            if header["version"] >= CHAINED_SINCE:
                chain.prev = header_hash(head.removeprefix(_BOM).removesuffix(b"\n"))
            else:
                journal.warnings.append(
                    f"{path}: notice: format version {header['version']} has no hash chain, "
                    "so later edits to this journal cannot be detected"
                )
            journal.length = len(head)
            journal.open_end = not head.endswith(b"\n")
            if head.endswith(b"\n"):
                # Parsing allocates one dict per event and keeps them all: the cyclic
                # GC would rescan the growing list again and again (2-3x the parse
                # time on 100,000 events) for objects that cannot form cycles.
                collecting = gc.isenabled()
                gc.disable()
                try:
                    tail, journal.length = _parse_body(path, f, journal.events, chain, len(head))
                finally:
                    if collecting:
                        gc.enable()
                if tail:
                    if _parse_tail(journal, tail, 2 + len(journal.events), chain):
                        journal.open_end = True
                    else:
                        journal.length -= len(tail)
            journal.last_hash = chain.prev
    except FileNotFoundError:
        raise JournalError(path, None, "no such session journal") from None
    except Refused as e:
        raise JournalError(path, None, e.what_instead("a session journal")) from None
    except OSError as e:
        raise JournalError(path, None, f"cannot read: {e.strerror or e}") from None
    return journal


def is_journal(path: Path | str) -> bool:
    """Whether `path` is a session journal: its first line starts a session header (of
    any version, torn or whole). What no output file may replace."""
    try:
        with open_binary(path) as f:
            head = f.readline(MAX_HEADER_BYTES).removeprefix(_BOM)
        if head.startswith(_TORN_HEADER_PREFIX):
            return True
        header = json.loads(head.decode("utf-8"))  # a header spaced or ordered otherwise
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(header, dict) and header.get("format") == FORMAT_NAME


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


def _parse_body(
    path: Path, f: BinaryIO, events: list[dict[str, Any]], chain: _Chain, read: int
) -> tuple[bytes, int]:
    """Parse the event lines after the header, a block at a time; return the unterminated
    last piece (b"" when the file ends with a newline) and the bytes read in all. `read`
    is the bytes read so far."""
    pending = bytearray()
    while block := f.read(_BLOCK):
        read += len(block)
        if read > MAX_JOURNAL_BYTES:  # it grew while being read
            raise JournalError(path, None, _too_large())
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
        pos = _parse_fast(text, events, chain)
        if pos < len(text):
            _parse_slow(path, text, pos, events, chain)
        pending = bytearray(memoryview(block)[cut:])
    return bytes(pending), read


class _NotANumber(ValueError):
    """NaN, Infinity or -Infinity in a line: JSON has no such numbers; Python's json
    would read them, so they are refused here."""


def _no_constant(name: str) -> None:
    raise _NotANumber(name)


_DECODER = json.JSONDecoder(parse_constant=_no_constant)


def _parse_fast(text: str, events: list[dict[str, Any]], chain: _Chain) -> int:
    """Parse events in place while every line is one compact, well-formed event.

    Appends to `events` (continuing their seqs) and returns where it stopped: len(text)
    when all went well, else the start of the first line it did not accept, which is
    left to the careful path.
    """
    scan = make_scanner(_DECODER)  # type: ignore[arg-type]  # C scanner of json.loads
    append = events.append
    pos = 0
    n = len(text)
    seq = len(events)
    chained = chain.prev is not None
    prev = chain.prev or ""
    mark_at = HASH_TAIL
    startswith = text.startswith
    size = HASH_HEX // 2
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
            if chained:  # chain_hash, inlined: a call per line costs ~10% of the read
                if not startswith(HASH_MARK, end - mark_at):
                    break
                digest = event.pop(HASH_KEY, None)
                link = blake2b((prev + text[pos : end - mark_at]).encode(), digest_size=size)
                if digest != link.hexdigest():
                    break
                prev = digest
            seq = s
            append(event)
            pos = end + 1
    except (StopIteration, ValueError, IndexError, RecursionError):
        pass  # the careful path gives the message
    if chained:
        chain.prev = prev
    return pos


def _parse_slow(
    path: Path, text: str, pos: int, events: list[dict[str, Any]], chain: _Chain
) -> None:
    """Parse the rest line by line, with precise messages."""
    first_line = 2 + len(events)
    lines = text[pos:].split("\n")
    lines.pop()  # the text ends with a newline: the last piece is empty
    for number, line in enumerate(lines, start=first_line):
        if not line.strip():
            raise JournalError(path, number, "blank line (expected one event per line)")
        events.append(_parse_line(path, number, line, len(events) + 1, chain))


def _parse_line(path: Path, number: int, line: str, seq: int, chain: _Chain) -> dict[str, Any]:
    """One event line checked in full: JSON, its link in the chain, its envelope."""
    if "\x00" in line:
        raise JournalError(path, number, "binary data in a session journal")
    try:
        event = _DECODER.decode(line)
    except _NotANumber as e:
        raise JournalError(
            path, number, f"{e} is not a number (a journal never holds NaN or Infinity)"
        ) from None
    except json.JSONDecodeError as e:
        raise JournalError(path, number, f"invalid JSON: {e.msg} (column {e.colno})") from None
    except RecursionError:
        raise JournalError(path, number, _TOO_DEEP) from None
    except ValueError:  # Python reads no integer of more than sys.get_int_max_str_digits()
        raise JournalError(path, number, _TOO_LONG) from None
    problem = chain.problem(line)
    if problem is None and chain.prev is not None and isinstance(event, dict):
        event.pop(HASH_KEY, None)
    if problem is None:
        problem = event_problem(event, seq)
    if problem is not None:
        raise JournalError(path, number, problem)
    assert isinstance(event, dict)
    return event


def _parse_tail(journal: Journal, tail: bytes, line: int, chain: _Chain) -> bool:
    """The last line has no newline: an event complete but for it (kept: True), or a torn
    write (ignored with a warning: False)."""
    try:
        text = tail.decode("utf-8")
        json.loads(text)  # NaN passes here: _parse_line refuses it with its line
    except RecursionError:
        raise JournalError(journal.path, line, _TOO_DEEP) from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        journal.warnings.append(
            f"{journal.path}:{line}: last line is incomplete "
            "(the session was interrupted while writing); ignored"
        )
        return False
    except ValueError:
        pass  # whole, but a number too long to read: _parse_line refuses it with its line
    journal.events.append(_parse_line(journal.path, line, text, len(journal.events) + 1, chain))
    return True
