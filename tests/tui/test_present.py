"""What the screens say, worked out without an app (tabletop.tui.present)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tabletop.engine.session import Session
from tabletop.scenario.compiled import CompiledScenario
from tabletop.tui import present


def test_values_bars_and_sparklines(mini: CompiledScenario) -> None:
    tension = mini.tracks["tension"]
    assert present.format_value(tension, 100000) == "100,000"
    assert present.format_value(tension, 2.5) == "2.5"
    assert present.format_value(mini.tracks["talks_open"], False) == "no"
    assert present.format_delta(tension, 3, 5) == "+2"
    assert present.format_delta(tension, 5, 3) == "−2"
    assert present.format_delta(mini.tracks["alert"], "low", "high") == "low→high"
    assert present.fraction(tension, 5) == 0.5
    assert present.fraction(mini.tracks["alert"], "medium") == 0.5
    assert present.bar(0.5, 8) == "████░░░░"
    assert present.bar(0.0, 4) == "░░░░" and present.bar(1.0, 4) == "████"
    assert present.sparkline(tension, [0, 5, 10], 3) == "▁▄█"
    assert present.sparkline(tension, list(range(11)), 4) == "▆▇██"  # the latest four


def test_track_views_show_change_since_last_turn(mini: CompiledScenario) -> None:
    session = Session(mini, seed=3)
    session.advance()
    session.declare("red", "mobilise")
    session.advance()
    session.adjudicate(session.state.pending()[0].seq)
    views = {v.track.id: v for v in present.track_views(mini, session.state)}
    assert views["tension"].text == "5" and views["tension"].delta == "+2"
    assert views["talks_open"].frac is None  # flags get no bar
    session.advance()
    session.advance()  # turn 2: the news inject adds one
    views = {v.track.id: v for v in present.track_views(mini, session.state)}
    assert views["tension"].delta == "+1" and views["tension"].history == (5, 6)


def test_actor_views_and_sealed_moves(mini: CompiledScenario) -> None:
    session = Session(mini, seed=3, computer=["red"])
    session.advance()
    session.declare("blue", "talk", sealed=True)
    views = {v.id: v for v in present.actor_views(mini, session.state, computer={"red"})}
    assert views["red"].controller == "computer" and views["red"].status == "declared"
    assert views["blue"].detail == "sealed" and views["blue"].status == "declared"
    events = session.events
    sealed = events[-1]
    assert present.describe_event(mini, sealed, hide_sealed=True) == "Blue declares a sealed move"
    assert present.describe_event(mini, sealed) == "Blue declares “Talk” (sealed)"
    session.advance()
    views = {v.id: v for v in present.actor_views(mini, session.state)}
    assert views["blue"].detail.startswith("Talk (sealed)") and views["blue"].status != "declared"


def test_event_descriptions(mini: CompiledScenario) -> None:
    session = Session(mini, seed=3)
    session.advance()
    session.declare("red", "gamble", reasons_for=["Nerve"])
    session.advance()
    seq = session.state.pending()[0].seq
    session.roll(seq)
    roll = session.events[-1]
    text = present.describe_event(mini, roll, events=session.events)
    assert text.startswith("Roll for “Gamble”: 2d6 [") and "+1 for 1 argued reason" in text
    session.adjudicate(seq, "lose" if roll["result"] == "success" else "win", reason="Argued down")
    adjudicated = session.events[-1]
    text = present.describe_event(mini, adjudicated, events=session.events)
    assert "override: Argued down" in text and "[Tension 3→" in text
    session.undo()
    undo = session.events[-1]
    assert present.describe_event(mini, undo, events=session.events).startswith("Undo: Red: Gamble")
    assert present.is_undone(adjudicated, present.actions_in_effect(session.events))
    detail = present.describe_detail(mini, session.events[2], events=session.events)
    assert "For: Nerve" in detail


def test_reflow_relative_time_and_scores(mini: CompiledScenario) -> None:
    assert present.reflow("One\ntwo.\n\n- a\n- b\n") == "One two.\n\n- a\n- b"
    now = datetime(2026, 1, 15, 12, tzinfo=UTC)
    assert present.relative_time(now - timedelta(seconds=5), now) == "just now"
    assert present.relative_time(now - timedelta(hours=3), now) == "3 h ago"
    assert present.relative_time(now - timedelta(days=30), now) == "2025-12-16"
    session = Session(mini, seed=3)
    rows = present.scores_rows(mini, session.scores("deal"))
    # Each score weighted, one decimal, out of the most it could be (Tension is 0–10).
    assert ("Blue", "Reach a deal", "2", "2.0 / 2") in rows
    assert ("Blue", "Total", "", "2.0 / 2") in rows
    assert ("Red", "Keep tension high", "1", "3.0 / 10") in rows
    # A total a participant may not see (it counts a score withheld from them) is not
    # shown as 0.
    rows = present.scores_rows(mini, {"red": {"objectives": {}}})
    assert rows == [("Red", "Total", "", "not shown")]


def test_hidden_tracks_stay_with_the_facilitator() -> None:
    from tabletop.scenario.load import parse_scenario

    from .helpers import MINI

    text = MINI.read_text(encoding="utf-8").replace(
        'id = "alert"\nlabel = "Alert"', 'id = "alert"\nlabel = "Alert"\nvisible = false'
    )
    hidden, _ = parse_scenario(text)
    session = Session(hidden, seed=3)
    assert [v.track.id for v in present.track_views(hidden, session.state)][-1] == "alert"
    solo = present.track_views(hidden, session.state, show_hidden=False)
    assert "alert" not in [v.track.id for v in solo]
    changes = [["tension", 3, 4], ["alert", "low", "high"]]
    assert present.format_changes(hidden, changes) == "Tension 3→4, Alert low→high"
    assert present.format_changes(hidden, changes, show_hidden=False) == "Tension 3→4"


def test_reflow_keeps_an_indented_list_of_keys_one_a_line() -> None:
    """Given a briefing with an indented list whose items wrap under a hanging indent (the
    tutorial's "The keys you need:" list), when it is reflowed, then each item starts a
    line of its own and its wrapped lines join it; prose indented as a whole (a TOML
    string indented with its table) still reads as one paragraph. (The tutorial's keys
    ran together as one paragraph: "n  next phase (or next turn) d  declare a move…".)"""
    keys = (
        "The keys you need:\n"
        "  n  next phase\n"
        "  d  declare a move: pick the country,\n"
        "     then a move from its list.\n"
        "  ?  help\n"
        "Press n to go on."
    )
    assert present.reflow(keys) == (
        "The keys you need:\n"
        "  n  next phase\n"
        "  d  declare a move: pick the country, then a move from its list.\n"
        "  ?  help\n"
        "Press n to go on."
    )
    assert present.reflow("    One line\n    and its next.\n\n    Two.") == (
        "One line and its next.\n\nTwo."
    )
    assert present.reflow("One\ntwo.\n\n- a\n- b\n") == "One two.\n\n- a\n- b"
