"""The hash chain: a journal edited after it was written is refused at the first broken
link, one test per kind of edit; a torn last line still resumes."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tabletop.journal import JournalError, JournalWriter, make_header, read_journal

BROKEN = "the hash chain is broken here"


def event(seq: int, text: str = "") -> dict[str, Any]:
    return {
        "seq": seq,
        "kind": "note",
        "action": seq,
        "turn": 0,
        "phase": "briefing",
        "text": text or f"note {seq}",
        "tag": "note",
    }


def recorded(path: Path, count: int = 5) -> list[bytes]:
    """A journal written by the writer; its lines (with their newlines)."""
    header = make_header(
        scenario_id="mini",
        scenario_sha256="ab" * 32,
        scenario_title="Mini",
        scenario_path="mini.toml",
        seed=7,
    )
    with JournalWriter.create(path, header, sync=False) as w:
        w.write([event(i) for i in range(1, count + 1)])
    return path.read_bytes().splitlines(keepends=True)


def refusal(path: Path, lines: list[bytes]) -> JournalError:
    path.write_bytes(b"".join(lines))
    with pytest.raises(JournalError) as info:
        read_journal(path)
    return info.value


def test_a_journal_as_written_reads_back(tmp_path: Path) -> None:
    """Given a journal the writer recorded, when it is read, then every event is there
    without its hash and with no warning."""
    path = tmp_path / "s.jsonl"
    recorded(path)
    journal = read_journal(path)
    assert journal.events == [{**event(i), "at": journal.events[i - 1]["at"]} for i in range(1, 6)]
    assert journal.warnings == []


def _edit(lines: list[bytes]) -> tuple[list[bytes], int]:
    lines[3] = lines[3].replace(b'"note 3"', b'"note 9"')
    return lines, 4


def _delete(lines: list[bytes]) -> tuple[list[bytes], int]:
    del lines[2]  # event 2 (line 3) goes: event 3, now on line 3, no longer chains
    return lines, 3


def _insert(lines: list[bytes]) -> tuple[list[bytes], int]:
    lines.insert(3, lines[2].replace(b'"note 2"', b'"note X"'))
    return lines, 4


def _duplicate(lines: list[bytes]) -> tuple[list[bytes], int]:
    lines.insert(3, lines[2])
    return lines, 4


def _reorder(lines: list[bytes]) -> tuple[list[bytes], int]:
    lines[2], lines[3] = lines[3], lines[2]
    return lines, 3


def _header_edit(lines: list[bytes]) -> tuple[list[bytes], int]:
    lines[0] = lines[0].replace(b'"seed":7', b'"seed":8')
    return lines, 2


def _hash_removed(lines: list[bytes]) -> tuple[list[bytes], int]:
    line = lines[5]
    lines[5] = line[: line.index(b',"hash"')] + b"}\n"
    return lines, 6


def _last_line_edited(lines: list[bytes]) -> tuple[list[bytes], int]:
    lines[-1] = lines[-1].replace(b'"note 5"', b'"note 6"')
    return lines, 6


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_edit, BROKEN),
        (_delete, BROKEN),
        (_insert, BROKEN),
        (_duplicate, BROKEN),
        (_reorder, BROKEN),
        (_header_edit, BROKEN),
        (_last_line_edited, BROKEN),
        (_hash_removed, 'this line does not end with its "hash"'),
    ],
    ids=["edit", "delete", "insert", "duplicate", "reorder", "header", "last", "unhashed"],
)
def test_an_edited_journal_is_refused_at_the_first_broken_link(
    tmp_path: Path, edit: Callable[[list[bytes]], tuple[list[bytes], int]], message: str
) -> None:
    """Given a recorded journal, when one line is edited, removed, added, repeated or
    moved (or the header is edited), then reading refuses it at `FILE:LINE` of the
    first line whose link no longer holds."""
    path = tmp_path / "s.jsonl"
    lines, line = edit(recorded(path))
    error = refusal(path, lines)
    assert (error.line, error.message[: len(message)]) == (line, message)
    assert str(error).startswith(f"{path}:{line}: ")


def test_every_edit_of_the_hash_itself_is_refused(tmp_path: Path) -> None:
    """Given a recorded journal, when one hex digit of a hash is changed, then it is
    refused at that line."""
    path = tmp_path / "s.jsonl"
    lines = recorded(path)
    at = lines[2].index(b'"hash":"') + 8
    lines[2] = (
        lines[2][:at] + (b"0" if lines[2][at : at + 1] != b"0" else b"1") + lines[2][at + 1 :]
    )
    assert refusal(path, lines).line == 3


def test_a_torn_last_line_still_resumes(tmp_path: Path) -> None:
    """Given a chained journal whose last line was torn by a crash, when it is resumed,
    then the torn part is dropped and the next event chains on from the last whole one."""
    path = tmp_path / "s.jsonl"
    lines = recorded(path, 3)
    path.write_bytes(b"".join(lines) + lines[-1][:40])
    journal = read_journal(path)
    assert [e["seq"] for e in journal.events] == [1, 2, 3]
    assert journal.warnings[0].startswith(f"{path}:5: last line is incomplete")
    with JournalWriter.append_to(path, sync=False) as w:
        w.write([event(4)])
    again = read_journal(path)
    assert [e["seq"] for e in again.events] == [1, 2, 3, 4]
    assert again.warnings == []


def test_resume_after_the_header_only_chains_to_the_header(tmp_path: Path) -> None:
    """Given a journal holding only its header, when it is resumed and written to, then
    the first event chains to the header."""
    path = tmp_path / "s.jsonl"
    recorded(path, 0)
    with JournalWriter.append_to(path, sync=False) as w:
        w.write([event(1)])
    assert [e["seq"] for e in read_journal(path).events] == [1]


def test_a_version_1_journal_resumes_without_a_chain(tmp_path: Path) -> None:
    """Given a journal of version 1, when it is resumed, then new lines are written as
    version 1 lines (no hash), so the file stays of one version."""
    path = tmp_path / "s.jsonl"
    source = Path(__file__).resolve().parent.parent / "data" / "journals" / "good_v1.jsonl"
    path.write_bytes(source.read_bytes())
    with JournalWriter.append_to(path, sync=False) as w:
        w.write([event(4)])
    assert b'"hash"' not in path.read_bytes()
    assert [e["seq"] for e in read_journal(path).events] == [1, 2, 3, 4]


def test_the_writer_refuses_an_event_that_carries_a_hash(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    recorded(path, 0)
    with (
        JournalWriter.append_to(path, sync=False) as w,
        pytest.raises(JournalError, match='"hash" is the journal\'s own field'),
    ):
        w.write([{**event(1), "hash": "0" * 32}])


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused_with_their_line(tmp_path: Path, constant: str) -> None:
    """Given a chained journal whose third event holds NaN or Infinity (well chained: as a
    buggy writer would leave it), when it is read, then it is refused at that line."""
    from tests.chain import rechain

    path = tmp_path / "s.jsonl"
    lines = [line.decode().rstrip("\n") for line in recorded(path)]
    lines[3] = lines[3].replace('"turn":0', f'"turn":0,"x":{constant}')
    path.write_text("\n".join(rechain(lines)) + "\n", encoding="utf-8")
    with pytest.raises(JournalError) as info:
        read_journal(path)
    assert (info.value.line, info.value.message) == (
        4,
        f"{constant} is not a number (a journal never holds NaN or Infinity)",
    )


def test_lines_cut_from_the_end_leave_a_chain_with_another_last_link(tmp_path: Path) -> None:
    """Given a journal whose last events were cut off at a line's end (what the chain
    alone cannot see: what is left is a valid journal), when it is read, then its last
    link is not the one the whole journal ended with, so a link noted elsewhere finds
    the cut."""
    path = tmp_path / "s.jsonl"
    recorded(path)
    whole = read_journal(path).last_hash
    assert whole is not None
    path.write_bytes(b"".join(recorded(tmp_path / "t.jsonl")[:-2]))
    cut = read_journal(path)
    assert len(cut.events) == 3 and cut.warnings == []
    assert cut.last_hash != whole


def test_replay_prints_the_last_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Given a recorded journal, when replayed, then the chain's last link is printed: the
    short fingerprint of the whole record to write down elsewhere."""
    from tabletop.cli import main
    from tests.conftest import MINI

    path = tmp_path / "s.jsonl"
    assert main(["run", str(MINI), "--seed", "2", "--session", str(path)]) == 0
    capsys.readouterr()
    assert main(["replay", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"last link: {read_journal(path).last_hash}" in out


@pytest.mark.parametrize("where", ["middle", "last line", "last line without newline"])
def test_a_number_too_long_to_read_is_refused_with_its_line(tmp_path: Path, where: str) -> None:
    """Given a chained journal with an integer of 5,000 digits (Python reads at most
    4,300) in an event line, when it is read, then it is refused at that line: never an
    internal error, and never taken for a torn line (resuming would cut a whole line)."""
    from tests.chain import rechain

    path = tmp_path / "s.jsonl"
    lines = [line.decode().rstrip("\n") for line in recorded(path)]
    at = 3 if where == "middle" else len(lines) - 1
    lines[at] = lines[at].replace('"turn":0', '"turn":0,"x":' + "9" * 5000)
    end = "" if where.endswith("without newline") else "\n"
    path.write_text("\n".join(rechain(lines)) + end, encoding="utf-8")
    with pytest.raises(JournalError) as info:
        read_journal(path)
    assert info.value.line == at + 1
    assert "number" in info.value.message and "digits" in info.value.message
    before = path.read_bytes()
    with contextlib.suppress(JournalError):  # the writer, reached past the reader
        JournalWriter.append_to(path, sync=False).close()
    assert path.read_bytes().rstrip(b"\n") == before.rstrip(b"\n")
