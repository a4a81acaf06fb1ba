"""read_journal: good journals, torn tails, and every way a file can be wrong."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from tabletop.journal import Journal, JournalError, check_scenario, read_journal
from tests.chain import rechain as chained

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "journals"

HEADER = {
    "format": "tabletop-session",
    "version": 2,
    "scenario": {"id": "mini", "sha256": "ab" * 32, "path": "mini.toml", "title": "Mini"},
    "seed": 7,
    "created": "2026-11-27T21:30:05Z",
    "parent": None,
    "settings": {},
}


def event(seq: int, kind: str = "note", action: int | None = None, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "seq": seq,
        "kind": kind,
        "action": action if action is not None else seq,
        "turn": 0,
        "phase": "briefing",
    }
    base.update(fields or {"text": f"note {seq}", "tag": "note"})
    return base


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def write_lines(path: Path, lines: list[str], end: str = "\n") -> Path:
    """Write a journal, chained when its header is of version 2."""
    if '"version":2' in lines[0]:
        lines = chained(lines)
    path.write_bytes(("\n".join(lines) + end).encode("utf-8"))
    return path


def journal_lines(n: int) -> list[str]:
    return [dumps(HEADER)] + [dumps(event(i)) for i in range(1, n + 1)]


def error_of(path: Path) -> JournalError:
    with pytest.raises(JournalError) as info:
        read_journal(path)
    return info.value


# -- good journals ----------------------------------------------------------------


def test_version_1_without_chain_reads_with_a_notice() -> None:
    """Given a journal of format version 1 (no hash chain), when it is read, then its
    events are all there and one notice says edits to it cannot be detected."""
    path = FIXTURES / "good_v1.jsonl"
    journal = read_journal(path)
    assert [e["seq"] for e in journal.events] == [1, 2, 3]
    assert journal.events == read_journal(FIXTURES / "good.jsonl").events
    assert journal.last_hash is None
    assert journal.warnings == [
        f"{path}: notice: format version 1 has no hash chain, so later edits to this "
        "journal cannot be detected"
    ]


def test_good_fixture() -> None:
    journal = read_journal(FIXTURES / "good.jsonl")
    assert isinstance(journal, Journal)
    assert journal.path == FIXTURES / "good.jsonl"
    assert journal.header["scenario"]["id"] == "mini"
    assert [e["seq"] for e in journal.events] == [1, 2, 3]
    assert [e["kind"] for e in journal.events] == ["turn_started", "phase_changed", "note"]
    assert journal.events[2]["text"] == "Київ — переговори"
    assert journal.warnings == []


def test_accepts_str_path() -> None:
    journal = read_journal(str(FIXTURES / "good.jsonl"))
    assert journal.path == FIXTURES / "good.jsonl"


def test_header_only(tmp_path: Path) -> None:
    journal = read_journal(write_lines(tmp_path / "s.jsonl", journal_lines(0)))
    assert journal.header == HEADER
    assert journal.events == []
    assert journal.warnings == []


def test_header_only_without_newline(tmp_path: Path) -> None:
    journal = read_journal(write_lines(tmp_path / "s.jsonl", journal_lines(0), end=""))
    assert journal.header == HEADER
    assert journal.events == []


def test_last_line_complete_but_for_its_newline_is_kept(tmp_path: Path) -> None:
    journal = read_journal(write_lines(tmp_path / "s.jsonl", journal_lines(3), end=""))
    assert [e["seq"] for e in journal.events] == [1, 2, 3]
    assert journal.warnings == []


def test_whitespace_and_crlf_are_tolerated_in_version_1(tmp_path: Path) -> None:
    lines = [dumps({**HEADER, "version": 1}), *journal_lines(4)[1:]]
    lines[2] = "  " + json.dumps(event(2), indent=None) + "  "
    path = tmp_path / "s.jsonl"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode())
    journal = read_journal(path)
    assert [e["seq"] for e in journal.events] == [1, 2, 3, 4]
    assert journal.events[1] == event(2)


def test_utf8_bom_is_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + ("\n".join(chained(journal_lines(1))) + "\n").encode())
    assert len(read_journal(path).events) == 1


def test_extra_header_fields_are_allowed(tmp_path: Path) -> None:
    header = {**HEADER, "tool": "tabletop 0.2"}
    journal = read_journal(write_lines(tmp_path / "s.jsonl", [dumps(header)]))
    assert journal.header["tool"] == "tabletop 0.2"


def test_events_across_read_blocks(tmp_path: Path) -> None:
    """More than a 1 MiB block of events, and one line longer than a block."""
    big = "x" * (3 * 1024 * 1024)
    lines = journal_lines(6000)
    lines[3000] = dumps(event(3000, text=big, tag="note"))
    journal = read_journal(write_lines(tmp_path / "s.jsonl", lines))
    assert len(journal.events) == 6000
    assert journal.events[2999]["text"] == big
    assert [e["seq"] for e in journal.events] == list(range(1, 6001))


def test_many_events_error_line_is_exact(tmp_path: Path) -> None:
    lines = journal_lines(9000)
    lines[7001] = lines[7001][:-5]  # event 7001, on line 7002, loses its end
    e = error_of(write_lines(tmp_path / "s.jsonl", lines))
    assert e.line == 7002
    assert e.message.startswith("invalid JSON: ")


# -- the torn last line -----------------------------------------------------------


def test_torn_last_line_fixture() -> None:
    path = FIXTURES / "torn_last_line.jsonl"
    journal = read_journal(path)
    assert [e["seq"] for e in journal.events] == [1, 2, 3]
    assert journal.warnings[1:] == [
        f"{path}:5: last line is incomplete (the session was interrupted while writing); ignored"
    ]


@pytest.mark.parametrize("tail", [b"{", b'{"seq":4,"ki', b"\x00\x00\x00\x00", b"\xd0", b"  "])
def test_torn_last_line_variants(tmp_path: Path, tail: bytes) -> None:
    path = tmp_path / "s.jsonl"
    path.write_bytes(("\n".join(chained(journal_lines(2))) + "\n").encode() + tail)
    journal = read_journal(path)
    assert len(journal.events) == 2
    assert journal.warnings == [
        f"{path}:4: last line is incomplete (the session was interrupted while writing); ignored"
    ]


def test_complete_last_line_with_bad_seq_is_an_error(tmp_path: Path) -> None:
    lines = [*journal_lines(2), dumps(event(5))]
    e = error_of(write_lines(tmp_path / "s.jsonl", lines, end=""))
    assert (e.line, e.message) == (4, "seq 5 out of order: expected 3 (events must be consecutive)")


# -- files that are not journals --------------------------------------------------


def test_missing(tmp_path: Path) -> None:
    path = tmp_path / "nope.jsonl"
    e = error_of(path)
    assert (e.path, e.line, e.message) == (path, None, "no such session journal")
    assert str(e) == f"{path}: no such session journal"


def test_directory(tmp_path: Path) -> None:
    e = error_of(tmp_path)
    assert (e.line, e.message) == (None, "is a directory, not a session journal")


def test_empty() -> None:
    e = error_of(FIXTURES / "empty.jsonl")
    assert (e.line, e.message) == (None, "empty file, not a session journal")
    assert str(e) == f"{FIXTURES / 'empty.jsonl'}: empty file, not a session journal"


def test_binary() -> None:
    e = error_of(FIXTURES / "binary.jsonl")
    assert (e.line, e.message) == (1, "not a tabletop session journal (binary data)")
    assert str(e) == f"{FIXTURES / 'binary.jsonl'}:1: not a tabletop session journal (binary data)"


def test_not_json() -> None:
    e = error_of(FIXTURES / "not_json.jsonl")
    assert (e.line, e.message) == (1, "not a tabletop session journal (the first line is not JSON)")


def test_wrong_format_name() -> None:
    e = error_of(FIXTURES / "wrong_format.jsonl")
    assert e.line == 1
    assert e.message == (
        'not a tabletop session journal (the first line has no "format": "tabletop-session")'
    )


def test_future_version() -> None:
    e = error_of(FIXTURES / "future_version.jsonl")
    assert e.line == 1
    assert e.message == (
        "session format version 3 is newer than this tabletop can read (it reads version 2); "
        "upgrade tabletop to open this session"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": "1"}, 'header: version must be an integer, not "1"'),
        ({"version": 0}, "header: version 0 is not a valid session format version"),
        (
            {"scenario": "mini"},
            "header: scenario must be an object with id, sha256, path and title",
        ),
        ({"seed": 1.5}, "header: seed must be an integer"),
        ({"parent": "a.jsonl"}, 'header: parent must be null or {"session": ..., "at": <seq>}'),
        ({"settings": []}, "header: settings must be an object"),
    ],
)
def test_bad_header_fields(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    e = error_of(write_lines(tmp_path / "s.jsonl", [dumps({**HEADER, **change})]))
    assert e.line == 1
    assert e.message.startswith(message)


def test_torn_header(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_bytes(dumps(HEADER)[:60].encode())
    e = error_of(path)
    assert e.line == 1
    assert e.message.startswith("the header line is incomplete")


# -- corrupt events ---------------------------------------------------------------


def test_corrupt_middle_line() -> None:
    path = FIXTURES / "corrupt_middle.jsonl"
    e = error_of(path)
    assert (e.path, e.line) == (path, 3)
    assert (
        e.message == "invalid JSON: Expecting property name enclosed in double quotes (column 33)"
    )
    assert str(e).startswith(f"{path}:3: invalid JSON")


def test_non_consecutive_seq() -> None:
    e = error_of(FIXTURES / "seq_gap.jsonl")
    assert (e.line, e.message) == (4, "seq 4 out of order: expected 3 (events must be consecutive)")


def test_not_an_object() -> None:
    e = error_of(FIXTURES / "not_object.jsonl")
    assert (e.line, e.message) == (3, "an event must be a JSON object, not list")


def test_missing_kind() -> None:
    e = error_of(FIXTURES / "missing_kind.jsonl")
    assert (e.line, e.message) == (4, 'an event needs "kind", a non-empty string')


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"seq": 2, "kind": "note", "action": 2, "text": "x"}, None),
        ({"kind": "note", "action": 2}, 'an event needs "seq", an integer'),
        ({"seq": "2", "kind": "note", "action": 2}, '"seq" must be an integer'),
        ({"seq": True, "kind": "note", "action": 1}, '"seq" must be an integer'),
        ({"seq": 2.0, "kind": "note", "action": 2}, '"seq" must be an integer'),
        ({"seq": 1, "kind": "note", "action": 1}, "seq 1 out of order: expected 2"),
        ({"seq": 2, "kind": "", "action": 2}, 'an event needs "kind", a non-empty string'),
        ({"seq": 2, "kind": 7, "action": 2}, 'an event needs "kind", a non-empty string'),
        ({"seq": 2, "kind": "note"}, 'an event needs "action", an integer'),
        ({"seq": 2, "kind": "note", "action": None}, 'an event needs "action", an integer'),
        ({"seq": 2, "kind": "note", "action": 3}, '"action" 3 must be between 1'),
        ({"seq": 2, "kind": "note", "action": 0}, '"action" 0 must be between 1'),
    ],
)
def test_event_envelope(tmp_path: Path, bad: dict[str, Any], message: str | None) -> None:
    lines = [*journal_lines(1), dumps(bad), dumps(event(3))]
    path = write_lines(tmp_path / "s.jsonl", lines)
    if message is None:
        assert len(read_journal(path).events) == 3
        return
    e = error_of(path)
    assert e.line == 3
    assert e.message.startswith(message)


def test_blank_line_in_the_middle(tmp_path: Path) -> None:
    lines = journal_lines(3)
    lines.insert(2, "")
    e = error_of(write_lines(tmp_path / "s.jsonl", lines))
    assert (e.line, e.message) == (3, "blank line (expected one event per line)")


def test_binary_garbage_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    lines = chained(journal_lines(3))
    body = ("\n".join(lines[:3]) + "\n").encode() + b"\x00\x01\x02\n" + (lines[3] + "\n").encode()
    path.write_bytes(body)
    e = error_of(path)
    assert (e.line, e.message) == (4, "binary data in a session journal")


def test_invalid_utf8_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    lines = journal_lines(4)
    data = "\n".join(lines).encode() + b"\n"
    data = data.replace(b'"note 3"', b'"note \xff"')
    path.write_bytes(data)
    e = error_of(path)
    assert (e.line, e.message) == (4, "not UTF-8 text (binary data in a session journal)")


# -- check_scenario ---------------------------------------------------------------


def test_check_scenario() -> None:
    journal = read_journal(FIXTURES / "good.jsonl")
    assert check_scenario(journal, "0" * 64) is None
    message = check_scenario(journal, "f" * 64)
    assert message is not None
    assert message.startswith("the scenario file has changed since this session was recorded")
    assert "tests/data/mini.toml" in message
    assert "000000000000… in the journal, ffffffffffff… now" in message


def test_journal_error_format() -> None:
    assert str(JournalError(Path("a/b.jsonl"), 12, "oops")) == "a/b.jsonl:12: oops"
    assert str(JournalError(Path("a/b.jsonl"), None, "oops")) == "a/b.jsonl: oops"
    e = JournalError("x.jsonl", 3, "bad")
    assert (e.path, e.line, e.message) == (Path("x.jsonl"), 3, "bad")
    copy = pickle.loads(pickle.dumps(e))
    assert (type(copy), str(copy), copy.line) == (JournalError, "x.jsonl:3: bad", 3)


def test_compact_journal_takes_the_fast_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tabletop.journal.reader as reader

    def not_expected(*args: Any) -> None:
        raise AssertionError("the line-by-line path was used for a well-formed journal")

    monkeypatch.setattr(reader, "_parse_slow", not_expected)
    journal = read_journal(write_lines(tmp_path / "s.jsonl", journal_lines(5000)))
    assert len(journal.events) == 5000


def test_a_file_over_the_limit_is_refused_for_its_size_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given a journal file larger than the limit (a session header, then more than the
    limit of anything), when it is read, then it is refused for its size at once: not
    after parsing up to the limit's worth of events into memory."""
    from tabletop.journal import reader

    limit = 2 * 1024 * 1024  # two of the reader's blocks
    monkeypatch.setattr(reader, "MAX_JOURNAL_BYTES", limit)
    path = write_lines(tmp_path / "s.jsonl", journal_lines(1))
    with path.open("ab") as f:
        f.write(b"{}\n" * (limit // 3 + 1))  # what a parse would refuse at line 3
    error = error_of(path)
    assert error.line is None
    assert error.message == f"larger than {limit:,} bytes, the limit for a journal"
