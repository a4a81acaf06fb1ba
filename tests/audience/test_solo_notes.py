"""A solo player's notes are its own: its team's report keeps them.

Given solo play (the journal's header names the player), the notes are the player's,
there being no facilitator; any other audience of the same session, or a team of a
facilitated session, never sees a note (tests/audience/test_leaks.py)."""

from __future__ import annotations

from pathlib import Path

from tabletop.engine.audience import FACILITATOR
from tabletop.export import render
from tabletop.journal.reader import read_journal
from tabletop.live import start_session
from tabletop.scenario.load import load_scenario
from tests.audience.helpers import SECRETS


def _session(tmp_path: Path, player: str | None) -> tuple[dict[str, object], list[object]]:
    path = tmp_path / "s.jsonl"
    computer = ["red"] if player else []
    live = start_session(SECRETS, seed=1, session_path=path, player=player, computer=computer)
    live.session.note("zqxmine: Blue should have called first")
    live.close()
    journal = read_journal(path)
    return journal.header, list(journal.events)


def test_a_solo_players_report_keeps_its_notes(tmp_path: Path) -> None:
    """Given a solo session as Blue with a note, when Blue's report is exported, then the
    note is in it; the room's and Red's are without it."""
    header, events = _session(tmp_path, "blue")
    compiled, _ = load_scenario(SECRETS)
    for fmt in ("md", "json", "csv"):
        assert "zqxmine" in render(fmt, header, events, compiled, audience="blue")
        for other in ("room", "red"):
            assert "zqxmine" not in render(fmt, header, events, compiled, audience=other)


def test_a_team_of_a_facilitated_session_sees_no_note(tmp_path: Path) -> None:
    """Given a facilitated session with a note, when Blue's report is exported, then the
    note is not in it (it is the facilitator's)."""
    header, events = _session(tmp_path, None)
    compiled, _ = load_scenario(SECRETS)
    assert "zqxmine" not in render("md", header, events, compiled, audience="blue")


def test_a_solo_players_notes_are_titled_as_its_own(tmp_path: Path) -> None:
    """Given a solo session as Blue with a note, when its reports are exported (Blue's,
    and the whole record's), then the notes are titled "Player's notes" in Markdown and
    HTML, never "Facilitator notes" (there is no facilitator); a facilitated session's
    report keeps "Facilitator notes"."""
    (tmp_path / "solo").mkdir()
    (tmp_path / "facilitated").mkdir()
    header, events = _session(tmp_path / "solo", "blue")
    compiled, _ = load_scenario(SECRETS)
    for fmt in ("md", "html"):
        for audience in ("blue", FACILITATOR):
            shown = render(fmt, header, events, compiled, audience=audience)
            assert "Player's notes" in shown or "Player&#39;s notes" in shown
            assert "Facilitator notes" not in shown
    header, events = _session(tmp_path / "facilitated", None)
    for fmt in ("md", "html"):
        shown = render(fmt, header, events, compiled)
        assert "Facilitator notes" in shown
        assert "Player's notes" not in shown and "Player&#39;s notes" not in shown


def test_a_report_leaves_out_the_notes_its_audience_never_sees(tmp_path: Path) -> None:
    """Given a facilitated session with a note, and a solo session as Blue, when a report
    is exported for an audience that is never shown notes (a team or the room of the
    facilitated session; the room or Red in the solo one), then it has no notes section at
    all: "No notes." would claim there were none."""
    (tmp_path / "solo").mkdir()
    (tmp_path / "facilitated").mkdir()
    compiled, _ = load_scenario(SECRETS)
    for where, player, audiences in (
        ("facilitated", None, ("blue", "red", "room")),
        ("solo", "blue", ("red", "room")),
    ):
        header, events = _session(tmp_path / where, player)
        for fmt in ("md", "html"):
            for audience in audiences:
                shown = render(fmt, header, events, compiled, audience=audience)
                assert "No notes." not in shown
                assert "Facilitator notes" not in shown
                assert "s notes" not in shown  # nor "Player's notes" (&#39; in HTML)
                assert "Strengths" in shown  # the rest of the debrief is still there
