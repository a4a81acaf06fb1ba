"""JournalWriter: header, events, durability, refusal, repair of a torn tail."""

from __future__ import annotations

import errno
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest

import tabletop.journal.writer as writer_module
from tabletop.journal import (
    FORMAT_NAME,
    FORMAT_VERSION,
    JournalError,
    JournalWriter,
    make_header,
    read_journal,
)

AT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def header(**overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "scenario_id": "mini",
        "scenario_sha256": "ab" * 32,
        "scenario_title": "Mini crisis",
        "scenario_path": "tests/data/mini.toml",
        "seed": 7,
        "settings": {"computer": ["russia"], "auto_adjudicate": False, "facilitator": ""},
        "created": "2026-11-27T21:30:05Z",
    }
    arguments.update(overrides)
    return make_header(**arguments)


def event(seq: int, kind: str = "note", action: int | None = None, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "seq": seq,
        "kind": kind,
        "action": action if action is not None else seq,
        "turn": 0,
        "phase": "briefing",
    }
    base.update(fields or ({"text": f"note {seq}", "tag": "note"} if kind == "note" else {}))
    return base


# -- make_header ------------------------------------------------------------------


def test_make_header_fields_and_order() -> None:
    h = make_header(
        scenario_id="ru_ua",
        scenario_sha256="cd" * 32,
        scenario_title="Winter crisis",
        scenario_path="scenarios/ru_ua.toml",
        seed=42,
    )
    assert list(h) == [
        "format",
        "version",
        "scenario",
        "seed",
        "created",
        "parent",
        "settings",
    ]
    assert h["format"] == FORMAT_NAME == "tabletop-session"
    assert h["version"] == FORMAT_VERSION == 2
    assert h["scenario"] == {
        "id": "ru_ua",
        "sha256": "cd" * 32,
        "path": "scenarios/ru_ua.toml",
        "title": "Winter crisis",
    }
    assert h["seed"] == 42
    assert AT.match(h["created"])
    assert h["parent"] is None
    assert h["settings"] == {}


def test_make_header_parent_and_settings() -> None:
    h = header(parent={"session": "a.jsonl", "at": 12}, settings={"computer": ["nato"]})
    assert h["parent"] == {"session": "a.jsonl", "at": 12}
    assert h["settings"] == {"computer": ["nato"]}
    assert h["created"] == "2026-11-27T21:30:05Z"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"seed": "7"}, "seed must be an integer"),
        ({"scenario_id": ""}, "scenario.id must be a non-empty string"),
        ({"parent": {"session": "a.jsonl"}}, "parent.at must be a non-negative integer"),
    ],
)
def test_make_header_refuses_bad_arguments(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        header(**overrides)


# -- create and write -------------------------------------------------------------


def test_round_trip_header_and_events(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    h = header()
    events = [
        event(1, "turn_started", turn=0),
        event(2, "phase_changed", action=1, phase="declaration"),
        event(
            3,
            "move_declared",
            actor="russia",
            move=None,
            label="Snap exercise",
            freeform={"narrative": "Drills near Voronezh", "effects": ["tension += 1"]},
            reasons_for=["pressure"],
            reasons_against=[],
            sealed=True,
            by="facilitator",
            reason="",
        ),
        event(
            4,
            "dice_rolled",
            action=4,
            declaration=3,
            method="dice",
            dice="2d6",
            faces=[3, 5],
            modifiers=[["argument", 1]],
            reasons=1,
            total=9,
            target=7,
            chance=0.58,
            draw=None,
            result="success",
        ),
    ]
    with JournalWriter.create(path, h) as w:
        assert w.path == path
        assert w.last_seq == 0
        w.write(events[:1])
        w.write(events[1:])
        assert w.last_seq == 4
    assert w.closed

    journal = read_journal(path)
    assert journal.path == path
    assert journal.header == h
    assert journal.events == events  # `at` was added in place, so they compare equal
    assert journal.warnings == []
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    assert lines[0] == json.dumps(h, ensure_ascii=False, separators=(",", ":"))
    # compact, key order kept, `at` then the line's link in the hash chain last
    assert lines[1].startswith('{"seq":1,"kind":"turn_started","action":1,')
    assert re.search(f',"at":"{events[0]["at"]}","hash":"[0-9a-f]{{32}}"}}$', lines[1])


def test_at_added_in_place_unless_present(tmp_path: Path) -> None:
    first = event(1)
    second = event(2, at="2020-01-01T00:00:00Z")
    with JournalWriter.create(tmp_path / "s.jsonl", header()) as w:
        w.write([first, second])
    assert AT.match(first["at"])
    assert second["at"] == "2020-01-01T00:00:00Z"
    assert [e["at"] for e in read_journal(tmp_path / "s.jsonl").events] == [
        first["at"],
        "2020-01-01T00:00:00Z",
    ]


def test_non_ascii_text_round_trips_as_utf8(tmp_path: Path) -> None:
    text = "Київ: «переговори» у Женеві — 10 січня; Москва 🇷🇺, 北京"
    path = tmp_path / "s.jsonl"
    with JournalWriter.create(path, header(scenario_title="Криза")) as w:
        w.write([event(1, "note", text=text, tag="strength")])
    raw = path.read_bytes()
    assert text.encode("utf-8") in raw
    assert b"\\u" not in raw
    journal = read_journal(path)
    assert journal.events[0]["text"] == text
    assert journal.header["scenario"]["title"] == "Криза"


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text("precious\n", encoding="utf-8")
    with pytest.raises(JournalError) as info:
        JournalWriter.create(path, header())
    assert info.value.path == path
    assert info.value.line is None
    assert str(info.value) == f"{path}: already exists; a session journal is never overwritten"
    assert path.read_text(encoding="utf-8") == "precious\n"


def test_create_makes_parent_directories(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "s.jsonl"
    with JournalWriter.create(path, header()):
        pass
    assert read_journal(path).events == []


def test_create_refuses_an_invalid_header(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    bad = header()
    bad["seed"] = None
    with pytest.raises(JournalError, match="seed must be an integer"):
        JournalWriter.create(path, bad)
    assert not path.exists()


def _count_calls(monkeypatch: pytest.MonkeyPatch, name: str, log: list[Any]) -> None:
    real = getattr(os, name)

    def spy(fd: int, *args: Any) -> Any:
        log.append((name, os.fstat(fd).st_size if name == "fsync" else len(args[0])))
        return real(fd, *args)

    monkeypatch.setattr(os, name, spy)


@pytest.mark.durability
def test_every_write_is_one_os_write_then_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer_module, "_FULLFSYNC", None)  # macOS: count plain fsync
    path = tmp_path / "s.jsonl"
    calls: list[Any] = []
    _count_calls(monkeypatch, "write", calls)
    _count_calls(monkeypatch, "fsync", calls)

    w = JournalWriter.create(path, header())
    header_size = path.stat().st_size
    # header: one write, fsync of the file (holding the header), fsync of the directory
    assert [c[0] for c in calls] == ["write", "fsync", "fsync"]
    assert calls[1] == ("fsync", header_size)

    calls.clear()
    w.write([event(1), event(2, action=1), event(3, action=1)])
    size = path.stat().st_size
    assert calls == [("write", size - header_size), ("fsync", size)]  # data there before fsync

    calls.clear()
    w.write([event(4)])
    assert [c[0] for c in calls] == ["write", "fsync"]
    w.close()


@pytest.mark.durability
def test_sync_false_skips_fsync(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer_module, "_FULLFSYNC", None)
    calls: list[Any] = []
    _count_calls(monkeypatch, "fsync", calls)
    with JournalWriter.create(tmp_path / "s.jsonl", header(), sync=False) as w:
        w.write([event(1)])
    assert calls == []


def test_write_nothing_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    with JournalWriter.create(path, header()) as w:
        size = path.stat().st_size
        w.write([])
        assert path.stat().st_size == size


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([event(2)], "seq 2 out of order: expected 1"),
        ([event(1), event(3)], "seq 3 out of order: expected 2"),
        ([{"seq": 1, "action": 1}], 'an event needs "kind"'),
        ([{"seq": 1, "kind": "note"}], 'an event needs "action"'),
        ([event(1, action=2)], '"action" 2 must be between 1 and the event\'s seq 1'),
        ([event(1, text=float("nan"))], "not JSON"),
        ([event(1, text={1, 2})], "not JSON"),
    ],
)
def test_write_refuses_malformed_events(
    tmp_path: Path, events: list[dict[str, Any]], message: str
) -> None:
    path = tmp_path / "s.jsonl"
    with JournalWriter.create(path, header()) as w:
        size = path.stat().st_size
        with pytest.raises(JournalError, match=re.escape(message)):
            w.write(events)
        assert path.stat().st_size == size  # nothing written
        w.write([event(1)])  # and the writer still works
    assert len(read_journal(path).events) == 1


def test_disk_full_rolls_back_and_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.jsonl"
    w = JournalWriter.create(path, header())
    w.write([event(1)])
    good = path.read_bytes()

    real_write = os.write
    state = {"calls": 0}

    def half_then_full(fd: int, data: Any) -> int:
        state["calls"] += 1
        if state["calls"] == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))  # the kernel takes half…
        raise OSError(errno.ENOSPC, "No space left on device")  # …then the disk is full

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(JournalError) as info:
        w.write([event(2), event(3, action=2)])
    assert str(info.value) == f"{path}: cannot write: No space left on device"
    assert path.read_bytes() == good  # the half-written lines were cut off again
    assert w.last_seq == 1

    monkeypatch.setattr(os, "write", real_write)
    w.write([event(2), event(3, action=2)])  # space again: the same events go in
    w.close()
    journal = read_journal(path)
    assert [e["seq"] for e in journal.events] == [1, 2, 3]
    assert journal.warnings == []


@pytest.mark.durability
def test_fsync_failure_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer_module, "_FULLFSYNC", None)
    path = tmp_path / "s.jsonl"
    w = JournalWriter.create(path, header())
    good = path.read_bytes()

    def failing(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(JournalError, match="cannot write: Input/output error"):
        w.write([event(1)])
    assert path.read_bytes() == good
    w.close()


def test_closed_writer_refuses(tmp_path: Path) -> None:
    w = JournalWriter.create(tmp_path / "s.jsonl", header())
    w.close()
    w.close()  # twice is fine
    with pytest.raises(JournalError, match="closed"):
        w.write([event(1)])


# -- append_to (resume) -----------------------------------------------------------


def _journal_with(path: Path, n: int) -> None:
    with JournalWriter.create(path, header()) as w:
        w.write([event(i) for i in range(1, n + 1)])


def test_append_to_continues(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    _journal_with(path, 3)
    with JournalWriter.append_to(path) as w:
        assert w.last_seq == 3
        w.write([event(4), event(5, action=4)])
    assert [e["seq"] for e in read_journal(path).events] == [1, 2, 3, 4, 5]


def test_append_to_header_only(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    _journal_with(path, 0)
    with JournalWriter.append_to(path) as w:
        assert w.last_seq == 0
        w.write([event(1)])
    assert len(read_journal(path).events) == 1


def test_append_to_truncates_a_torn_tail(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    _journal_with(path, 3)
    good = path.read_bytes()
    with path.open("ab") as f:
        f.write(b'{"seq":4,"kind":"note","action":4,"text":"half a li')
    torn = read_journal(path)
    assert len(torn.events) == 3
    assert torn.warnings == [
        f"{path}:5: last line is incomplete (the session was interrupted while writing); ignored"
    ]

    with JournalWriter.append_to(path) as w:
        assert path.read_bytes() == good  # the torn part is gone before anything is added
        assert w.last_seq == 3
        w.write([event(4)])
    journal = read_journal(path)
    assert [e["seq"] for e in journal.events] == [1, 2, 3, 4]
    assert journal.warnings == []


def test_append_to_completes_a_line_missing_only_its_newline(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    _journal_with(path, 2)
    path.write_bytes(path.read_bytes()[:-1])  # the last event lost only its "\n"
    assert len(read_journal(path).events) == 2  # the reader keeps it…
    with JournalWriter.append_to(path) as w:
        assert w.last_seq == 2  # …and so does the writer
        w.write([event(3)])
    journal = read_journal(path)
    assert [e["seq"] for e in journal.events] == [1, 2, 3]
    assert journal.warnings == []


def test_append_to_a_header_missing_its_newline(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    _journal_with(path, 0)
    path.write_bytes(path.read_bytes()[:-1])
    with JournalWriter.append_to(path) as w:
        assert w.last_seq == 0
        w.write([event(1)])
    assert len(read_journal(path).events) == 1


def test_append_to_a_torn_header_refuses(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_bytes(b'{"format":"tabletop-session","version":1,"scen')
    with pytest.raises(JournalError) as info:
        JournalWriter.append_to(path)
    assert info.value.line == 1
    assert "header line is incomplete" in info.value.message


@pytest.mark.parametrize("content", [b"just some text", b"a,b,c\n1,2,3\nunfinished"])
def test_append_to_leaves_other_files_alone(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(JournalError) as info:
        JournalWriter.append_to(path)
    assert info.value.line == 1
    assert "not a tabletop session journal" in info.value.message
    assert path.read_bytes() == content


def test_append_to_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(JournalError) as info:
        JournalWriter.append_to(tmp_path / "nope.jsonl")
    assert str(info.value) == f"{tmp_path / 'nope.jsonl'}: no such session journal"
    with pytest.raises(JournalError, match="is a directory"):
        JournalWriter.append_to(tmp_path)


def test_append_to_checks_seq(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    _journal_with(path, 2)
    with (
        JournalWriter.append_to(path) as w,
        pytest.raises(JournalError, match="seq 2 out of order: expected 3"),
    ):
        w.write([event(2)])


@pytest.mark.skipif(sys.platform == "win32", reason="advisory locks are POSIX-only")
def test_one_writer_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    with JournalWriter.create(path, header()) as w:
        with pytest.raises(JournalError, match="open in another tabletop process"):
            JournalWriter.append_to(path)
        w.write([event(1)])
    with JournalWriter.append_to(path) as w2:  # free again once closed
        w2.write([event(2)])
    assert len(read_journal(path).events) == 2
