"""Following a journal another process writes (`tabletop watch`, the seats): what the
follower reads after its first read is checked exactly as the reader checks a journal,
and no event written while it opens is skipped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tabletop.journal import JournalError, JournalWriter, follow, read_journal
from tabletop.journal.follow import Follower
from tabletop.journal.format import HASH_MARK, chain_hash
from tests.journal.test_tamper import event, recorded


def chained(path: Path, body: str) -> bytes:
    """`body` (an event's JSON without its closing brace) as the journal's next line,
    with a valid link: only the fault planted in it is left to find."""
    prev = read_journal(path).last_hash
    assert prev is not None
    return f'{body}{HASH_MARK}{chain_hash(prev, body)}"}}\n'.encode()


def note_body(seq: int, extra: str) -> str:
    return (
        f'{{"seq":{seq},"kind":"note","action":{seq},"turn":0,"phase":"briefing",'
        f'"text":"n","tag":"note",{extra}'
    )


def append(path: Path, data: bytes) -> None:
    with path.open("ab") as f:
        f.write(data)


def follower_refusal(path: Path, line: bytes) -> JournalError:
    follower = Follower(path)
    append(path, line)
    with pytest.raises(JournalError) as info:
        follower.poll()
    return info.value


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('"x":' + "[" * 100_000 + "]" * 100_000, "nested far too deeply"),
        ('"x":NaN', "NaN is not a number"),
        ('"x":-Infinity', "-Infinity is not a number"),
    ],
    ids=["deep", "nan", "infinity"],
)
def test_an_appended_line_is_checked_as_the_reader_checks_it(
    tmp_path: Path, extra: str, message: str
) -> None:
    """Given a followed journal, when a chained line nested far too deeply or holding a
    number that is not one is appended, then the poll refuses it with its line (never a
    RecursionError, never a NaN handed on), as `read_journal` does."""
    path = tmp_path / "s.jsonl"
    recorded(path, 3)
    refused = follower_refusal(path, chained(path, note_body(4, extra)))
    assert refused.line == 5
    assert message in refused.message
    with pytest.raises(JournalError, match=message):
        read_journal(path)


def test_an_appended_crlf_line_is_refused_as_the_reader_refuses_it(tmp_path: Path) -> None:
    """Given a followed version 2 journal, when a line ending in CRLF is appended (an edit:
    the writer never writes one), then the follower refuses it, as the reader does."""
    path = tmp_path / "s.jsonl"
    recorded(path, 3)
    line = chained(path, note_body(4, '"x":1')).replace(b"\n", b"\r\n")
    refused = follower_refusal(path, line)
    assert refused.line == 5
    with pytest.raises(JournalError):
        read_journal(path)


def opening_race(monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], None]) -> None:
    """Run `meanwhile` (another process writing) just after the follower's first read."""
    real = follow.read_journal

    def read_then_write(path: Path | str) -> follow.Journal:
        journal = real(path)
        meanwhile()
        return journal

    monkeypatch.setattr(follow, "read_journal", read_then_write)


def test_events_written_while_the_follower_opens_are_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given a live session that records events just as the projector opens its journal,
    when the projector polls, then it gets those events (not a broken chain later)."""
    path = tmp_path / "s.jsonl"
    recorded(path, 3)
    writer = JournalWriter.append_to(path, sync=False)
    opening_race(monkeypatch, lambda: writer.write([event(4), event(5)]))
    follower = Follower(path)
    assert [e["seq"] for e in follower.events] == [1, 2, 3]
    assert [e["seq"] for e in follower.poll()] == [4, 5]
    writer.write([event(6)])
    writer.close()
    assert [e["seq"] for e in follower.poll()] == [6]
    assert follower.events == read_journal(path).events


def test_a_line_finished_while_the_follower_opens_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given a journal whose last line is half written when the projector reads it, when
    the writer finishes it before the projector's next look, then the poll gets it."""
    path = tmp_path / "s.jsonl"
    recorded(path, 3)
    line = chained(path, note_body(4, '"x":1'))
    append(path, line[:20])
    opening_race(monkeypatch, lambda: append(path, line[20:]))
    follower = Follower(path)
    assert len(follower.events) == 3
    assert [e["seq"] for e in follower.poll()] == [4]


def test_a_last_line_without_its_newline_is_followed_by_the_next(tmp_path: Path) -> None:
    """Given a journal whose last event lacks only its newline (the reader keeps it), when
    the newline and the next event are appended, then the poll gives the next event once."""
    path = tmp_path / "s.jsonl"
    recorded(path, 3)
    line = chained(path, note_body(4, '"x":1'))
    append(path, line[:-1])
    follower = Follower(path)
    assert [e["seq"] for e in follower.events] == [1, 2, 3, 4]
    assert follower.poll() == []
    with JournalWriter.append_to(path, sync=False) as writer:
        writer.write([event(5)])
    assert [e["seq"] for e in follower.poll()] == [5]
    assert follower.events == read_journal(path).events


def test_a_line_longer_than_one_polls_read_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given a followed journal, when an event longer than one poll reads at a time is
    appended (a long pasted note), then the poll reads on to its end and gets it."""
    monkeypatch.setattr(follow, "MAX_POLL_BYTES", 64)
    path = tmp_path / "s.jsonl"
    recorded(path, 2)
    follower = Follower(path)
    with JournalWriter.append_to(path, sync=False) as writer:
        writer.write([event(3, "x" * 1000), event(4)])
    assert [e["seq"] for e in follower.poll()] == [3]
    assert [e["seq"] for e in follower.poll()] == [4]  # a poll of 64 bytes, this time
    assert follower.events == read_journal(path).events
