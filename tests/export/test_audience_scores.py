"""Scores in a participant's export read as in the facilitator's: each shown score out of the
most it can be, the same figures, and a withheld total withheld, never 'out of 0'."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tabletop.cli import main
from tabletop.engine.wording import WITHHELD
from tabletop.scenario.bundled import resolve_scenario
from tabletop.scenario.load import load_scenario
from tabletop.tui.present import scores_rows


@pytest.fixture(scope="module")
def cuba(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A computer playthrough of cuba_1962, whose Soviet objectives 'jupiters' and
    'standing' are scored from hidden tracks (so the room sees neither, nor the total)."""
    journal = tmp_path_factory.mktemp("cuba") / "cuba.jsonl"
    assert main(["run", "cuba_1962", "--seed", "3", "--session", str(journal)]) == 0
    return journal


def _export(journal: Path, fmt: str, audience: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["export", str(journal), "--format", fmt, "--audience", audience]) == 0
    return capsys.readouterr().out


def _score_rows(markdown: str) -> dict[tuple[str, str], str]:
    """The Outcome's score table: (actor, objective or 'total') -> the score cell."""
    section = markdown.split("### Scores", 1)[1].split("\n## ", 1)[0]
    out = {}
    for line in section.splitlines():
        cells = [c.strip().strip("*") for c in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("Actor", "---"):
            out[(cells[0], cells[1])] = cells[3]
    return out


def test_the_rooms_scores_read_as_the_facilitators(
    cuba: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given a played cuba_1962 session, when it is exported for the room, then every score
    the room may see reads exactly as in the facilitator's report (`4.0 / 4`, `5.9 / 10`),
    the Soviet total that counts hidden objectives reads `not shown` alone, and nothing is
    'out of 0' (it read `5.9 / 0` and `— / 0`, and the objectives had lost their `/ most`)."""
    full = _score_rows(_export(cuba, "md", "facilitator", capsys))
    room_md = _export(cuba, "md", "room", capsys)
    room = _score_rows(room_md)
    assert room and not re.search(r"/ 0\b", room_md)
    for key, cell in room.items():
        if cell == WITHHELD:
            continue
        assert cell == full[key], key
    assert room[("United States", "total")] == full[("United States", "total")] == "5.9 / 10"
    assert room[("Soviet Union", "total")] == WITHHELD == "not shown"


def test_the_rooms_csv_and_json_agree_with_its_report(
    cuba: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The room's CSV says the same totals as its report, and its JSON the same numbers."""
    room = _score_rows(_export(cuba, "md", "room", capsys))
    rows = list(csv.DictReader(io.StringIO(_export(cuba, "csv", "room", capsys))))
    ended = next(r for r in rows if r["kind"] == "session_ended")
    said = ended["text"].split("scores: ", 1)[1]
    assert "United States 5.9 / 10" in said and "/ 0" not in said
    assert f"Soviet Union {WITHHELD}," in said
    doc = json.loads(_export(cuba, "json", "room", capsys))
    usa = doc["scores"]["actors"]["usa"]
    assert f"{usa['total']:.1f} / 10" == room[("United States", "total")]
    assert "total" not in doc["scores"]["actors"]["ussr"]


def test_a_withheld_total_reads_the_same_on_the_end_screen_and_in_the_exports(
    cuba: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given the room's view of the Soviet scores (a total that counts hidden objectives),
    when the end screen, the report (md, html) and the CSV show it, then all say the same
    words, `wording.WITHHELD` (the end screen said "not shown", the exports "—"), and
    `replay --audience` names the actor with them."""
    scenario, _ = load_scenario(resolve_scenario("cuba_1962"))
    doc = json.loads(_export(cuba, "json", "room", capsys))
    rows = scores_rows(scenario, doc["scores"]["actors"])
    assert ("Soviet Union", "Total", "", WITHHELD) in rows
    md = _score_rows(_export(cuba, "md", "room", capsys))
    assert md[("Soviet Union", "total")] == WITHHELD
    assert md[("Soviet Union", "Get the American missiles out of Turkey.")] == WITHHELD
    html = re.sub(r"<[^>]+>", "|", _export(cuba, "html", "room", capsys))
    assert f"|Total||||{WITHHELD}|" in html
    assert "||—|" not in html  # no withheld score (two objectives, the total) as a dash
    capsys.readouterr()
    assert main(["replay", str(cuba), "--audience", "room"]) == 0
    said = capsys.readouterr().out  # it left the Soviet Union out
    assert re.search(rf"^  Soviet Union +{WITHHELD}$", said, re.MULTILINE)
