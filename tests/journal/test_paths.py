"""Where sessions live, their names, and the list of recent sessions."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import platformdirs
import pytest

from tabletop.journal import (
    JournalWriter,
    SessionInfo,
    data_dir,
    make_header,
    new_session_path,
    recent_sessions,
)

NOW = datetime(2026, 11, 27, 21, 30, 5, tzinfo=UTC)


def header(scenario_id: str = "mini", title: str = "Mini crisis") -> dict[str, Any]:
    return make_header(
        scenario_id=scenario_id,
        scenario_sha256="ab" * 32,
        scenario_title=title,
        scenario_path=f"{scenario_id}.toml",
        seed=1,
        created="2026-11-27T21:30:05Z",
    )


def event(seq: int, kind: str = "note", turn: int = 0) -> dict[str, Any]:
    return {"seq": seq, "kind": kind, "action": seq, "turn": turn, "phase": "briefing"}


# -- data_dir ---------------------------------------------------------------------


def test_data_dir_respects_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TABLETOP_DATA_DIR", str(tmp_path))
    assert data_dir() == tmp_path / "sessions"


def test_data_dir_default_is_the_user_data_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TABLETOP_DATA_DIR", raising=False)
    expected = platformdirs.user_data_path("tabletop", appauthor=False) / "sessions"
    assert data_dir() == expected
    assert data_dir().parts[-2:] == ("tabletop", "sessions")


def test_data_dir_empty_variable_means_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TABLETOP_DATA_DIR", "")
    assert data_dir() == platformdirs.user_data_path("tabletop", appauthor=False) / "sessions"


# -- new_session_path -------------------------------------------------------------


def test_new_session_path_name(tmp_path: Path) -> None:
    path = new_session_path("ru_ua_2022", now=NOW, directory=tmp_path)
    assert path == tmp_path / "2026-11-27T21-30-05_ru_ua_2022.jsonl"


def test_new_session_path_defaults_to_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TABLETOP_DATA_DIR", str(tmp_path))
    path = new_session_path("mini", now=NOW)
    assert path.parent == tmp_path / "sessions"
    assert not path.parent.exists()  # created by the writer, not here


def test_new_session_path_now_defaults_to_utc_now(tmp_path: Path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    path = new_session_path("mini", directory=tmp_path)
    after = datetime.now(UTC)
    stamp = datetime.strptime(path.name.split("_")[0], "%Y-%m-%dT%H-%M-%S").replace(tzinfo=UTC)
    assert before <= stamp <= after


def test_new_session_path_converts_to_utc(tmp_path: Path) -> None:
    kyiv = timezone(timedelta(hours=2))
    path = new_session_path(
        "mini", now=datetime(2026, 11, 27, 23, 30, 5, tzinfo=kyiv), directory=tmp_path
    )
    assert path.name == "2026-11-27T21-30-05_mini.jsonl"


def test_names_sort_by_date(tmp_path: Path) -> None:
    times = [
        datetime(2026, 1, 9, 8, 0, 0, tzinfo=UTC),
        datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(2026, 1, 10, 10, 0, 0, tzinfo=UTC),
        datetime(2026, 1, 9, 18, 5, 1, tzinfo=UTC),
    ]
    names = {
        new_session_path("zeta" if i % 2 else "alpha", t, tmp_path).name: t
        for i, t in enumerate(times)
    }
    assert [names[n] for n in sorted(names)] == sorted(times)


def test_taken_names_get_a_number(tmp_path: Path) -> None:
    first = new_session_path("mini", NOW, tmp_path)
    first.touch()
    second = new_session_path("mini", NOW, tmp_path)
    assert second.name == "2026-11-27T21-30-05_mini-2.jsonl"
    second.touch()
    assert new_session_path("mini", NOW, tmp_path).name == "2026-11-27T21-30-05_mini-3.jsonl"


@pytest.mark.parametrize(
    ("scenario_id", "expected"),
    [
        ("ru-ua.2022", "ru-ua.2022"),
        ("../etc/passwd", "etc-passwd"),
        ("a b/c\\d:e", "a-b-c-d-e"),
        ("", "session"),
        ("...", "session"),
    ],
)
def test_scenario_id_is_made_safe(tmp_path: Path, scenario_id: str, expected: str) -> None:
    path = new_session_path(scenario_id, NOW, tmp_path)
    assert path.parent == tmp_path
    assert path.name == f"2026-11-27T21-30-05_{expected}.jsonl"


# -- recent_sessions --------------------------------------------------------------


def _session(
    directory: Path, name: str, events: list[dict[str, Any]], mtime: float, **header_args: Any
) -> Path:
    path = directory / name
    with JournalWriter.create(path, header(**header_args), sync=False) as w:
        if events:
            w.write(events)
    os.utime(path, (mtime, mtime))
    return path


def test_recent_sessions_order_and_content(tmp_path: Path) -> None:
    t = NOW.timestamp()
    old = _session(tmp_path, "a.jsonl", [event(1, "turn_started")], t - 300)
    ended = _session(
        tmp_path,
        "b.jsonl",
        [event(1, "turn_started"), event(2, turn=1), event(3, "session_ended", turn=2)],
        t - 100,
        scenario_id="cuba",
        title="Cuba, October 1962",
    )
    empty = _session(tmp_path, "c.jsonl", [], t - 200)
    torn = _session(tmp_path, "d.jsonl", [event(1), event(2, turn=3)], t)
    with torn.open("ab") as f:
        f.write(b'{"seq":3,"kind":"no')
    os.utime(torn, (t, t))

    sessions = recent_sessions(tmp_path)
    assert [s.path for s in sessions] == [torn, ended, empty, old]
    assert all(isinstance(s, SessionInfo) for s in sessions)

    assert sessions[0].events == 2  # the torn line is not counted
    assert sessions[0].turn == 3
    assert sessions[0].ended is False

    b = sessions[1]
    assert (b.scenario_id, b.scenario_title, b.created) == (
        "cuba",
        "Cuba, October 1962",
        "2026-11-27T21:30:05Z",
    )
    assert (b.events, b.turn, b.ended) == (3, 2, True)
    assert b.modified == datetime.fromtimestamp(t - 100, UTC)
    assert b.modified.tzinfo is not None

    assert (sessions[2].events, sessions[2].turn, sessions[2].ended) == (0, -1, False)
    assert (sessions[3].events, sessions[3].turn) == (1, 0)


def test_a_session_rated_after_its_end_is_still_listed_as_ended(tmp_path: Path) -> None:
    """Given a session ended, then rated in the hotwash and given an improvement plan (the
    evaluation's events come after `session_ended`, in the phase "ended"), then the start
    screen's list says it ended (a tutorial session so read "turn 2", as if it could go
    on); and one whose ending was undone is not ended."""
    t = NOW.timestamp()
    after = [
        event(3, "session_ended", turn=1),
        {**event(4, "objective_rated", turn=1), "phase": "ended"},
        {**event(5, "improvement_planned", turn=1), "phase": "ended"},
    ]
    rated = _session(tmp_path, "rated.jsonl", [event(1), event(2, turn=1), *after], t)
    undone = {**event(4, "undo", turn=1), "phase": "consequences"}
    reopened = _session(
        tmp_path, "undone.jsonl", [event(1), event(2, turn=1), after[0], undone], t - 10
    )
    sessions = {s.path: s for s in recent_sessions(tmp_path)}
    assert sessions[rated].ended is True
    assert sessions[reopened].ended is False


def test_recent_sessions_limit(tmp_path: Path) -> None:
    t = NOW.timestamp()
    paths = [_session(tmp_path, f"s{i}.jsonl", [event(1)], t + i) for i in range(5)]
    assert [s.path for s in recent_sessions(tmp_path, limit=2)] == [paths[4], paths[3]]
    assert recent_sessions(tmp_path, limit=0) == []


def test_recent_sessions_skips_what_it_cannot_read(tmp_path: Path) -> None:
    t = NOW.timestamp()
    good = _session(tmp_path, "good.jsonl", [event(1)], t - 10)
    (tmp_path / "notes.jsonl").write_text('{"a": 1}\n', encoding="utf-8")
    (tmp_path / "empty.jsonl").touch()
    (tmp_path / "binary.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "folder.jsonl").mkdir()
    (tmp_path / "readme.txt").write_text("hello", encoding="utf-8")
    newer = header()
    newer["version"] = 99
    (tmp_path / "future.jsonl").write_text(json.dumps(newer) + "\n", encoding="utf-8")
    assert [s.path for s in recent_sessions(tmp_path)] == [good]


def test_recent_sessions_fill_the_limit_past_unreadable_files(tmp_path: Path) -> None:
    t = NOW.timestamp()
    good = [_session(tmp_path, f"g{i}.jsonl", [event(1)], t - 100 - i) for i in range(3)]
    for i in range(3):
        bad = tmp_path / f"bad{i}.jsonl"
        bad.write_text("nope\n", encoding="utf-8")
        os.utime(bad, (t + i, t + i))
    assert [s.path for s in recent_sessions(tmp_path, limit=2)] == good[:2]


def test_recent_sessions_default_directory_and_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TABLETOP_DATA_DIR", str(tmp_path))
    assert recent_sessions() == []  # no sessions directory yet
    path = _session(new_session_path("mini", NOW).parent, "x.jsonl", [event(1)], NOW.timestamp())
    assert [s.path for s in recent_sessions()] == [path]


def test_recent_sessions_long_last_line(tmp_path: Path) -> None:
    big = {**event(2, turn=4), "text": "y" * 200_000}
    path = _session(tmp_path, "s.jsonl", [event(1), big], NOW.timestamp())
    [info] = recent_sessions(tmp_path)
    assert (info.path, info.events, info.turn) == (path, 2, 4)


def test_recent_sessions_skip_a_file_nested_far_too_deeply(tmp_path: Path) -> None:
    """Given a file in the sessions folder whose header, or last line, nests lists far too
    deeply for the JSON parser, then the list leaves out the one without a header and
    reads the other as a session with no event it can see (no RecursionError: the start
    screen would have no list at all; resuming it says what is wrong)."""
    good = _session(tmp_path, "good.jsonl", [event(1)], NOW.timestamp())
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "deep_header.jsonl").write_text(deep + "\n", encoding="utf-8")
    line = json.dumps(header())
    (tmp_path / "deep_last.jsonl").write_text(f"{line}\n{deep}\n", encoding="utf-8")
    listed = {s.path.name: s.events for s in recent_sessions(tmp_path)}
    assert listed == {good.name: 1, "deep_last.jsonl": 0}
