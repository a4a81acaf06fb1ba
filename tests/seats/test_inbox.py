"""The seats' files: join codes (hashed, owner-only, distinct, slowed down when wrong) and
a team's inbox (appended whole, bounded, read as untrusted lines)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tabletop.journal import inbox
from tabletop.journal.inbox import InboxError, InboxReader


def test_codes_are_random_distinct_capitals_and_digits() -> None:
    codes = inbox.new_codes([f"t{i}" for i in range(30)])
    assert len(set(codes.values())) == 30
    for code in codes.values():
        assert len(code) >= 6
        assert all(c in inbox.CODE_ALPHABET for c in code)
        assert code.isupper() or code.isdigit() or code.isalnum()
    assert inbox.new_codes(["a"]) != inbox.new_codes(["a"])  # new at each serve


def test_the_codes_file_holds_no_code_and_only_its_owner_reads_it(tmp_path: Path) -> None:
    session = tmp_path / "s.jsonl"
    codes = {"red": "ABCD2345", "blue": "WXYZ6789"}
    path = inbox.write_codes(session, codes)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(inbox.seats_dir(session).stat().st_mode) == 0o700
    text = path.read_text()
    assert "ABCD2345" not in text and "WXYZ6789" not in text
    assert inbox.check_code(session, "abcd-2345") == "red"  # as a person types it
    assert inbox.check_code(session, "WXYZ6789") == "blue"
    assert inbox.check_code(session, "WXYZ6788") is None
    assert inbox.check_code(tmp_path / "other.jsonl", "WXYZ6789") is None


def test_a_codes_file_nested_too_deeply_lets_no_one_in(tmp_path: Path) -> None:
    """Given a seats folder whose codes file was overwritten with lists nested too deeply
    for the JSON parser, when a code is checked, then no team is found (no RecursionError
    out of the seat's join)."""
    session = tmp_path / "s.jsonl"
    path = inbox.write_codes(session, {"red": "ABCD2345"})
    path.write_text("[" * 20_000 + "]" * 20_000)
    assert inbox.check_code(session, "ABCD2345") is None


def test_repeated_wrong_codes_slow_down(tmp_path: Path) -> None:
    session = tmp_path / "s.jsonl"
    for i in range(5):
        inbox.record_failure(session, now=1000.0 + i)
    assert inbox.recent_failures(session, now=1010.0) == 5
    assert inbox.recent_failures(session, now=1000.0 + inbox.FAILURE_WINDOW + 10) == 0
    delays = [inbox.code_delay(n) for n in range(8)]
    assert delays[:3] == [0.0, 0.0, 0.0]
    assert delays[3:] == sorted(delays[3:]) and delays[3] > 0 and delays[-1] <= inbox.MAX_DELAY


def test_an_inbox_is_appended_and_followed(tmp_path: Path) -> None:
    session = tmp_path / "s.jsonl"
    reader = InboxReader(session, "red")
    assert reader.poll() == []
    inbox.append_submission(session, "red", {"id": "a", "n": 1})
    inbox.append_submission(session, "red", {"id": "b", "n": 2})
    assert [r["id"] for r in reader.poll()] == ["a", "b"]
    assert reader.poll() == []
    path = inbox.inbox_path(session, "red")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with path.open("ab") as f:  # a torn line waits; junk is skipped, never raised
        f.write(b'[1]\nnot json\n{"id": "c"}\n{"id": "d"')
    assert [r["id"] for r in reader.poll()] == ["c"]
    assert reader.skipped == 2
    with path.open("ab") as f:
        f.write(b"}\n")
    assert [r["id"] for r in reader.poll()] == ["d"]


def test_an_inbox_refuses_a_long_line_and_a_full_inbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = tmp_path / "s.jsonl"
    with pytest.raises(InboxError, match="too long"):
        inbox.append_submission(session, "red", {"text": "x" * inbox.MAX_LINE_BYTES})
    monkeypatch.setattr(inbox, "MAX_SUBMISSIONS", 2)
    inbox.append_submission(session, "red", {"id": "1"})
    inbox.append_submission(session, "red", {"id": "2"})
    with pytest.raises(InboxError, match="full"):
        inbox.append_submission(session, "red", {"id": "3"})


def test_a_team_id_cannot_escape_the_seats_folder(tmp_path: Path) -> None:
    with pytest.raises(InboxError):
        inbox.inbox_path(tmp_path / "s.jsonl", "../evil")


def test_deeply_nested_junk_is_skipped(tmp_path: Path) -> None:
    session = tmp_path / "s.jsonl"
    inbox.append_submission(session, "red", {"id": "ok"})
    path = inbox.inbox_path(session, "red")
    with path.open("ab") as f:
        f.write(b"[" * 4000 + b"\n" + json.dumps({"id": "after"}).encode() + b"\n")
    assert [r["id"] for r in InboxReader(session, "red").poll()] == ["ok", "after"]


def test_a_symlinked_inbox_is_not_followed(tmp_path: Path) -> None:
    session = tmp_path / "s.jsonl"
    inbox.seats_dir(session).mkdir()
    target = tmp_path / "elsewhere"
    target.write_text("")
    os.symlink(target, inbox.inbox_path(session, "red"))
    with pytest.raises(OSError):
        inbox.append_submission(session, "red", {"id": "x"})
    assert target.read_text() == ""


def _fail_five_times(session: str) -> None:
    for _ in range(5):
        inbox.record_failure(session)


def test_wrong_codes_tried_at_once_from_many_seats_are_all_counted(tmp_path: Path) -> None:
    """Given eight seat processes each trying five wrong codes at the same moment, when
    they are done, then all forty count towards the wait: guessing in parallel is
    slowed down as guessing one after another is (each failure used to rewrite the file
    from what it had read, so most of them were lost)."""
    import multiprocessing

    session = str(tmp_path / "s.jsonl")
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_fail_five_times, args=(session,)) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert [w.exitcode for w in workers] == [0] * 8
    assert inbox.recent_failures(session) == 40
