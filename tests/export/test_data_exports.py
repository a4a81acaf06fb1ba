"""The data exports read back: CSV one row per event, JSON everything and unchanged."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tabletop.engine.session import Session
from tabletop.export import render
from tabletop.export.csv_export import COLUMNS
from tabletop.export.csvsafe import clean_cell, guard, unguard
from tabletop.scenario.compiled import CompiledScenario
from tests.export.helpers import JOURNAL


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_one_row_per_event_in_seq_order(
    golden_header: dict[str, Any],
    golden_events: list[dict[str, Any]],
    golden_scenario: CompiledScenario,
) -> None:
    """Given a session, when exported as CSV and read back with the csv module, then there
    is one row per event, in seq order, with each event's kind, turn and actor."""
    text = render("csv", golden_header, golden_events, golden_scenario)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    rows = read_csv(text)
    assert len(rows) == len(golden_events)
    for row, event in zip(rows, golden_events, strict=True):
        assert int(row["seq"]) == event["seq"]
        assert row["kind"] == event["kind"]
        assert int(row["turn"]) == event["turn"] + 1
        assert row["phase"] == event["phase"]
        assert row["date"] == golden_scenario.turns[event["turn"]].date.isoformat()
        if "actor" in event:
            assert row["actor"] == event["actor"]
        assert row["undone"] in ("true", "false")


def _rfc4180_records(text: str) -> list[str]:
    """The records of a CSV by RFC 4180 alone (section 2: a CRLF ends a record unless it is
    inside a quoted field; a quote inside one is doubled), as a reader other than Python's
    csv (pandas' C parser, a spreadsheet's import) splits them."""
    records, start, quoted = [], 0, False
    i = 0
    while i < len(text):
        if text[i] == '"':
            quoted = not quoted  # a doubled quote toggles twice
        elif not quoted and text.startswith("\r\n", i):
            records.append(text[start:i])
            start = i + 2
            i += 1
        i += 1
    assert not quoted and start == len(text), "the text ends inside a quoted field"
    return records


def test_a_cell_with_line_breaks_stays_in_its_events_row(mini: CompiledScenario) -> None:
    """Given an ad-hoc inject and a note whose texts hold line breaks (LF, CRLF, a bare CR)
    and quotes, when exported as CSV, then Python's csv and an RFC 4180 reader both read one
    row per event; a row ends with CRLF and a break inside a cell is a bare LF, the form a
    spreadsheet shows as a line break within the cell (a CR inside one shows as a box)."""
    session = Session(mini, seed=1)
    session.deliver_adhoc("Leak", 'First line\nsecond, "quoted"\r\nthird\rfourth')
    session.note("Two\n\nparagraphs")
    text = render("csv", {"seed": 1, "scenario": {"id": "mini"}}, session.events, mini)
    rows = read_csv(text)
    assert len(rows) == len(session.events) == len(_rfc4180_records(text)) - 1
    inject = next(r for r in rows if r["kind"] == "inject_delivered")
    assert inject["text"].endswith('First line\nsecond, "quoted"\nthird\nfourth')
    assert next(r for r in rows if r["kind"] == "note")["text"] == "Two\n\nparagraphs"
    assert "\r" not in text.replace("\r\n", "")
    for record in _rfc4180_records(text):
        assert len(next(csv.reader([record]))) == len(COLUMNS)


def test_csv_marks_undone_events_and_notes_by_tag(
    golden_header: dict[str, Any],
    golden_events: list[dict[str, Any]],
    golden_scenario: CompiledScenario,
) -> None:
    rows = read_csv(render("csv", golden_header, golden_events, golden_scenario))
    undone = [r for r in rows if r["undone"] == "true"]
    assert [r["kind"] for r in undone] == ["inject_delivered"]
    assert undone[0]["text"].startswith("Rumour of a coup")
    assert {r["result"] for r in rows if r["kind"] == "note"} == {"note", "strength", "improvement"}
    rolled = next(r for r in rows if r["kind"] == "dice_rolled")
    assert (
        rolled["actor"] == "red"
        and rolled["move"] == "gamble"
        and rolled["roll"].startswith("2d6: ")
    )
    adjudicated = next(r for r in rows if r["kind"] == "move_adjudicated")
    assert adjudicated["effects"] == "tension: 3 -> 6"
    assert "override: " in adjudicated["text"]


def test_csv_of_a_computer_played_session(mini: CompiledScenario) -> None:
    session = Session(mini, 11)
    session.play_to_end()
    rows = read_csv(render("csv", {"seed": 11}, session.events, mini))
    assert [r["kind"] for r in rows] == [e["kind"] for e in session.events]


def test_json_round_trips_the_events_and_header(
    golden_header: dict[str, Any],
    golden_events: list[dict[str, Any]],
    golden_scenario: CompiledScenario,
) -> None:
    """json.loads of the export gives back the events and the header exactly."""
    doc = json.loads(render("json", golden_header, golden_events, golden_scenario, journal=JOURNAL))
    assert (doc["format"], doc["version"]) == ("tabletop-export", 1)
    assert list(doc)[:2] == ["format", "version"]
    assert doc["events"] == golden_events
    assert doc["header"] == golden_header
    assert doc["journal"] == JOURNAL


def test_json_has_the_state_after_each_turn_and_the_outcome(
    golden_header: dict[str, Any],
    golden_events: list[dict[str, Any]],
    golden_scenario: CompiledScenario,
) -> None:
    doc = json.loads(render("json", golden_header, golden_events, golden_scenario))
    assert doc["initial"] == {"tension": 3, "talks_open": True, "alert": "low"}
    assert [t["number"] for t in doc["turns"]] == [1, 2, 3]
    assert [t["state"]["tension"] for t in doc["turns"]] == [5, 6, 5]
    assert doc["turns"][-1]["state"]["alert"] == "medium"
    assert doc["outcome"]["ended"] and doc["outcome"]["ending"] == "standoff"
    assert doc["scores"] == {
        "final": True,
        "actors": {
            "red": {"total": 5, "objectives": {"tension_high": 5}},
            "blue": {"total": 0, "objectives": {"deal": 0}},
        },
    }
    assert doc["undone_actions"] == [14]
    assert [n["text"] for n in doc["notes"]["strength"]] == [
        "The room was briefed in ten minutes; everyone knew their role."
    ]
    assert doc["scenario"]["definition"]["scenario"]["id"] == "mini"
    assert doc["summary"] == {
        "events": len(golden_events),
        "turns_played": 3,
        "turns_total": 3,
        "ended": True,
        "undone_actions": 1,
    }


def test_json_of_an_unfinished_session_has_provisional_scores(mini: CompiledScenario) -> None:
    session = Session(mini, 2)
    session.advance()
    doc = json.loads(render("json", {}, session.events, mini))
    assert doc["outcome"]["ended"] is False
    assert doc["scores"]["final"] is False
    assert doc["scores"]["actors"]["red"] == {"total": 3, "objectives": {"tension_high": 3}}
    assert doc["turns"] == [
        {
            "number": 1, "id": "t1", "title": "First", "date": "2022-01-01", "place": "",
            "complete": False, "state": {"tension": 3, "talks_open": True, "alert": "low"},
        }
    ]  # fmt: skip


@given(st.text())
def test_the_formula_guard_is_undone_exactly(text: str) -> None:
    """unguard(guard(x)) == x for any text without control characters (those are removed:
    clean_cell), and a guarded cell never starts a formula."""
    cell = guard(text)
    assert unguard(cell) == clean_cell(text)
    assert (
        clean_cell(text) == text
        or any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text)
        or (any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in text))
    )
    assert not cell or cell[0] not in "=+-@\t\r"
