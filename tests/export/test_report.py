"""The report model: what each export shows, built once from the header, events and scenario."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.engine import errors
from tabletop.engine.replay import replay
from tabletop.engine.session import Session
from tabletop.export import ExportError, build_report, render
from tabletop.export.text import format_date, format_value, is_web_url, paragraphs
from tabletop.scenario.bundled import BUNDLED_DIR
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario

BUNDLED = sorted(BUNDLED_DIR.glob("*.toml"))


def test_undone_actions_are_shown_as_undone_not_dropped(mini: CompiledScenario) -> None:
    """Given a declaration that was undone and another that replaced it, then both are in
    the report, the first marked undone, and the outcome of the second is in effect."""
    s = Session(mini, 1)
    s.advance()
    s.declare("red", "mobilise")
    s.undo()
    s.declare("red", "gamble")
    report = build_report({}, s.events, mini)
    turn = report.turns[0]
    assert [(d.label, d.undone) for d in turn.declarations] == [
        ("Mobilise", True),
        ("Gamble", False),
    ]
    assert [m.kind for m in turn.markers] == ["undo"]
    assert turn.markers[0].about == "Red declaring “Mobilise”"
    assert report.undone_actions == (3,)


def test_a_redone_action_is_in_effect(mini: CompiledScenario) -> None:
    s = Session(mini, 1)
    s.note("first")
    s.undo()
    s.redo()
    report = build_report({}, s.events, mini)
    assert [(n.text, n.undone) for n in report.notes["note"]] == [("first", False)]
    assert [m.kind for m in report.turns[0].markers] == ["undo", "redo"]
    assert report.undone_actions == ()


def test_an_overridden_roll_keeps_the_roll_and_the_reason(
    golden_header: dict[str, Any],
    golden_events: list[dict[str, Any]],
    golden_scenario: CompiledScenario,
) -> None:
    report = build_report(golden_header, golden_events, golden_scenario)
    gamble = report.turns[0].declarations[0]
    assert gamble.roll is not None and gamble.roll.method == "dice"
    assert gamble.roll.text.startswith("2d6: ")
    adjudication = gamble.adjudication
    assert adjudication is not None
    assert adjudication.override and adjudication.natural != adjudication.outcome
    freeform = report.turns[0].declarations[1]
    assert freeform.freeform and freeform.freeform_effects == ("Tension −1",)  # in words


def test_track_values_are_the_replayed_state_at_the_end_of_each_turn(
    golden_events: list[dict[str, Any]], golden_scenario: CompiledScenario
) -> None:
    """Each column of the track table is the replay of the events before the next turn."""
    report = build_report({}, golden_events, golden_scenario)
    starts = [i for i, e in enumerate(golden_events) if e["kind"] == "turn_started"]
    cuts = [*starts[1:], len(golden_events)]
    expected = [
        replay(golden_scenario.initial_values(), golden_events[:cut]).tracks() for cut in cuts
    ]
    for track in report.tracks:
        assert list(track.values[1:]) == [values[track.id] for values in expected]
        assert track.values[0] == golden_scenario.initial_values()[track.id]
    assert report.columns == ("Start", "Turn 1", "Turn 2", "Turn 3")


def test_an_unfinished_turn_is_shown_so_far(mini: CompiledScenario) -> None:
    s = Session(mini, 1)
    s.advance()
    report = build_report({}, s.events, mini)
    assert report.columns == ("Start", "Turn 1 (so far)")
    assert not report.outcome.ended and not report.scores_final


def test_events_naming_unknown_things_fall_back_to_their_ids(mini: CompiledScenario) -> None:
    """A journal replayed with --force against a changed scenario still exports."""
    events = [
        {"seq": 1, "kind": "turn_started", "action": 1, "turn": 0, "phase": "briefing"},
        {
            "seq": 2, "kind": "inject_delivered", "action": 2, "turn": 0, "phase": "briefing",
            "inject": "gone", "title": "Gone", "text": "", "effects": [["tension", 3, 4]],
            "by": "scenario",
        },
        {
            "seq": 3, "kind": "move_declared", "action": 3, "turn": 0, "phase": "declaration",
            "actor": "green", "move": "vanished", "label": "Vanished", "freeform": None,
            "reasons_for": [], "reasons_against": [], "sealed": True, "by": "facilitator",
            "reason": "",
        },
    ]  # fmt: skip
    report = build_report({}, events, mini)
    declaration = report.turns[0].declarations[0]
    assert declaration.actor_name == "green" and declaration.sealed
    for fmt in ("md", "html", "json", "csv"):
        assert render(fmt, {}, events, mini)


@pytest.mark.parametrize(
    "event",
    [
        {
            "seq": 2,
            "kind": "note",
            "action": 2,
            "turn": 0,
            "phase": "briefing",
            "text": "x",
            "tag": "odd",
        },
        {"seq": 2, "kind": "inject_delivered", "action": 2, "turn": 0, "phase": "x", "effects": 5},
        {"seq": 2, "kind": "mystery", "action": 2, "turn": 0, "phase": "briefing"},
        {"seq": 2, "kind": "redo", "action": 2, "turn": 0, "phase": "briefing", "target": 1},
    ],
    ids=["odd-tag", "bad-effects", "unknown-kind", "bad-redo"],
)
def test_malformed_events_give_an_export_error_or_a_fallback(
    mini: CompiledScenario, event: dict[str, Any]
) -> None:
    events = [
        {"seq": 1, "kind": "turn_started", "action": 1, "turn": 0, "phase": "briefing"},
        event,
    ]
    for fmt in ("md", "html", "json"):
        try:
            render(fmt, {}, events, mini)
        except ExportError as exc:
            assert str(exc)


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_every_bundled_scenario_exports_in_every_format(path: Path) -> None:
    scenario, _ = load_scenario(path)
    session = Session(scenario, 4)
    session.play_to_end()
    for fmt in ("md", "html", "json", "csv"):
        text = render(fmt, {"seed": 4, "created": "2026-01-01T00:00:00Z"}, session.events, scenario)
        assert text.endswith("\n")
    doc = json.loads(render("json", {}, session.events, scenario))
    assert doc["outcome"]["ended"] and len(doc["turns"]) >= 1


ACTIONS = st.lists(
    st.sampled_from(
        ["advance", "declare", "freeform", "adjudicate", "note", "undo", "redo", "inject"]
    ),
    max_size=40,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS, seed=st.integers(0, 1000))
def test_any_session_exports_and_the_csv_matches_its_events(
    mini: CompiledScenario, actions: list[str], seed: int
) -> None:
    """Whatever the facilitator did, every format renders and the CSV has a row per event."""
    s = Session(mini, seed)
    for i, action in enumerate(actions):
        try:
            if action == "advance":
                s.advance()
            elif action == "declare":
                s.computer_declare(s.participants()[i % 2])
            elif action == "freeform":
                s.declare_freeform(s.participants()[i % 2], f"Idea {i}", effects=["tension += 1"])
            elif action == "adjudicate" and s.state.pending():
                s.computer_adjudicate(s.state.pending()[0].seq)
            elif action == "note":
                s.note(f"note {i}", tag=("note", "strength", "improvement")[i % 3])
            elif action == "undo":
                s.undo()
            elif action == "redo":
                s.redo()
            elif action == "inject":
                s.deliver_adhoc(f"Inject {i}", effects=["tension -= 1"])
        except errors.ActionError:
            pass
    for fmt in ("md", "html", "json"):
        render(fmt, {}, s.events, mini)
    rows = list(csv.DictReader(io.StringIO(render("csv", {}, s.events, mini), newline="")))
    assert [(int(r["seq"]), r["kind"]) for r in rows] == [(e["seq"], e["kind"]) for e in s.events]


def test_paragraphs_follow_how_toml_text_is_wrapped() -> None:
    text = "One line\nwrapped here.\n\nA list:\n- first\n- second\n\n\n  Last.  "
    assert paragraphs(text) == [
        ["One line wrapped here."],
        ["A list:", "- first", "- second"],
        ["Last."],
    ]
    assert paragraphs("") == []
    assert paragraphs("a\r\nb\r\n\r\nc") == [["a b"], ["c"]]


def test_values_and_dates_for_people() -> None:
    assert format_value(100000, "troops") == "100,000 troops"
    assert format_value(2.0) == "2"
    assert format_value(0.35) == "0.35"
    assert format_value(1234.5) == "1,234.5"
    assert format_value(True) == "yes" and format_value(False, "x") == "no"
    assert format_value("high") == "high"
    assert format_value(None) == "—"
    assert format_date("2022-01-10") == "10 January 2022"
    assert format_date("not a date") == "not a date"


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://www.nytimes.com/2021/12/31/world.html", True),
        ("HTTP://example.org", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>", False),
        ('https://x.org/"><script>', False),
        ("//example.org", False),
        ("https:///nohost", False),
        ("ftp://example.org", False),
        ("", False),
    ],
)
def test_only_http_urls_become_links(url: str, link: bool) -> None:
    assert is_web_url(url) is link


def test_an_indented_list_of_keys_keeps_one_item_a_line_in_the_reports() -> None:
    """Given a briefing with an indented list whose items wrap under a hanging indent (the
    tutorial's "The keys you need:"), when the reports write it, then each item keeps a
    line of its own with its wrapped lines joined, as the TUI shows it (one rule:
    `tabletop.engine.flow`); prose indented as a whole is still one paragraph. (The
    exports joined the keys into one paragraph: "n  next phase d  declare a move…".)"""
    from tabletop.export.markdown import block
    from tabletop.tui.present import reflow

    keys = (
        "The keys you need:\n"
        "  n  next phase\n"
        "  d  declare a move: pick the country,\n"
        "     then a move from its list.\n"
        "  ?  help\n"
        "Press n to go on."
    )
    assert paragraphs(keys) == [
        [
            "The keys you need:",
            "n  next phase",
            "d  declare a move: pick the country, then a move from its list.",
            "?  help",
            "Press n to go on.",
        ]
    ]
    assert block(keys).split("\\\n") == [
        "The keys you need:",
        "n  next phase",
        "d  declare a move: pick the country, then a move from its list.",
        "?  help",
        "Press n to go on.",
    ]
    assert [line.strip() for line in reflow(keys).splitlines()] == paragraphs(keys)[0]
    assert paragraphs("    One line\n    and its next.\n\n    Two.") == [
        ["One line and its next."],
        ["Two."],
    ]
