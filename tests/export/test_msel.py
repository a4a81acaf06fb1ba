"""The master scenario events list: export a scenario's injects as CSV, import them back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tabletop.export.msel import COLUMNS, MselError, export_events, import_events, split_list
from tabletop.scenario.bundled import BUNDLED_DIR
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario, parse_scenario
from tests.conftest import MINI

SCENARIOS = [MINI, *sorted(BUNDLED_DIR.glob("*.toml"))]


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def round_trip(path: Path, edit: str | None = None) -> tuple[CompiledScenario, CompiledScenario]:
    compiled, _ = load_scenario(path)
    sheet = export_events(compiled) if edit is None else edit
    text, _ = import_events(path.read_text(encoding="utf-8"), compiled, sheet, csv_name="msel.csv")
    again, _ = parse_scenario(text, "out.toml")
    return compiled, again


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_export_then_import_gives_the_same_scenario(path: Path) -> None:
    """Given a scenario, when its injects are exported and imported back, then every model
    is equal (injects and all the rest, which tomli-w writes out again)."""
    compiled, again = round_trip(path)
    assert again.model == compiled.model


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_the_list_has_one_row_per_inject(path: Path) -> None:
    compiled, _ = load_scenario(path)
    text = export_events(compiled)
    assert text.split("\r\n", 1)[0] == ",".join(COLUMNS)
    listed = rows(text)
    assert [r["id"] for r in listed] == [i.id for i in compiled.model.injects]
    assert [r["number"] for r in listed] == [str(n) for n in range(1, len(listed) + 1)]
    dates = {t.id: t.date.isoformat() for t in compiled.turns}
    for row, inject in zip(listed, compiled.model.injects, strict=True):
        assert row["turn"] == (inject.turn or "")
        assert row["date"] == dates.get(inject.turn or "", "")
        assert row["type"] == inject.kind
        assert row["to"] == "; ".join(inject.recipients)
        assert row["hypothetical"] == ("yes" if inject.hypothetical else "no")


def test_the_schema_line_is_kept_and_repointed(tmp_path: Path) -> None:
    """tomli-w drops comments; the `#:schema` line is written again, relative to the new file."""
    compiled, _ = load_scenario(MINI)
    target = tmp_path / "deep" / "out.toml"
    text, _ = import_events(
        MINI.read_text(encoding="utf-8"),
        compiled,
        export_events(compiled),
        source=MINI,
        target=target,
    )
    first = text.split("\n", 1)[0]
    assert first.startswith("#:schema ")
    schema = (target.parent / first.removeprefix("#:schema ")).resolve()
    assert schema == (BUNDLED_DIR / "scenario.schema.json").resolve()


def test_a_planners_sheet_is_read_leniently() -> None:
    """Columns in any order and case, names for recipients, a date for a turn, yes/no,
    a BOM, guarded cells and blank rows are all understood."""
    sheet = (
        "\ufeffTitle,ID,Date,To,Hypothetical,Effects,Description,Expected_Action\r\n"
        "Flash,flash,2022-01-02,Red; Blue,Yes,"
        'tension += 1; alert = "high",\'=not a formula,Call\r\n'
        ",,,,,,,\r\n"
        "Later,later,,,no,,,\r\n"
    )
    _, again = round_trip(MINI, sheet)
    flash, later = again.model.injects
    assert flash.id == "flash" and flash.turn == "t2" and flash.recipients == ["red", "blue"]
    assert flash.hypothetical is True
    assert flash.effects == ["tension += 1", 'alert = "high"']
    assert flash.text == "=not a formula" and flash.expected_action == "Call"
    assert later.turn is None and later.when is None and later.kind == "news"


def test_semicolons_inside_quoted_text_do_not_split_effects() -> None:
    assert split_list("a = 'x;y'; b += 1;; ") == ["a = 'x;y'", "b += 1"]


@pytest.mark.parametrize(
    ("sheet", "expected"),
    [
        ("id,title\r\nbad id,T\r\n", "msel.csv:2: id: "),
        ("id,title\r\nok,\r\n", "msel.csv:2: title: an inject needs a title"),
        ("id,title,turn\r\nok,T,t9\r\n", "msel.csv:2: turn: unknown turn 't9' (turns: t1, t2, t3)"),
        ("id,title,date\r\nok,T,2022-02-30\r\n", "msel.csv:2: date: expected a date as YYYY-MM-DD"),
        ("id,title,date\r\nok,T,2023-01-01\r\n", "msel.csv:2: date: no turn falls on 2023-01-01"),
        (
            "id,title,turn,date\r\nok,T,t1,2022-01-02\r\n",
            "msel.csv:2: date: 2022-01-02 is not the date of turn 't1'",
        ),
        (
            "id,title,to\r\nok,T,green\r\n",
            "msel.csv:2: to: unknown actor 'green' (actors: red, blue)",
        ),
        (
            "id,title,hypothetical\r\nok,T,maybe\r\n",
            "msel.csv:2: hypothetical: expected yes or no, got 'maybe'",
        ),
        ("id,title,effects\r\nok,T,tension += 'x'\r\n", "msel.csv:2: effects: "),
        ("id,title,effects\r\nok,T,nope = 1\r\n", "msel.csv:2: effects: "),
        ("id,title,when\r\nok,T,tension >>= 2\r\n", "msel.csv:2: when: "),
        (
            "id,title\r\na,T\r\nb,T\r\na,T\r\n",
            "msel.csv:4: id: duplicate inject id 'a' (already used in row 2)",
        ),
        (
            "id,title,descripton\r\n",
            "msel.csv:1: descripton: unknown column 'descripton' (did you mean 'description'?)",
        ),
        ("id\r\nx\r\n", "msel.csv:1: title: missing column"),
        ("id,title,id\r\n", "msel.csv:1: id: this column appears twice"),
        ("", "msel.csv: empty: the first row must name the columns"),
        ("id,title\r\nx,T,extra\r\n", "msel.csv:2: 3 cells, but the heading names 2 columns"),
        ('id,title\r\nx,"T\r\n', "msel.csv:"),
        (
            "id,title,number\r\nx,T,one\r\n",
            "msel.csv:2: number: expected a whole number, got 'one'",
        ),
    ],
)
def test_problems_name_the_file_row_and_column(sheet: str, expected: str) -> None:
    """Given a bad sheet, when imported, then each problem is `FILE:ROW: column: message`."""
    with pytest.raises(MselError) as caught:
        round_trip(MINI, sheet)
    assert any(line.startswith(expected) for line in caught.value.lines), caught.value.lines


def test_every_problem_is_reported_at_once() -> None:
    sheet = "id,title,turn,to\r\nBad,T,t1,red\r\nok,,t9,green\r\n"
    with pytest.raises(MselError) as caught:
        round_trip(MINI, sheet)
    assert len(caught.value.lines) == 4


def test_triggers_and_effects_are_also_in_words() -> None:
    """Given a scenario, when its injects are exported, then a planner reads each trigger
    and each effect in words (as the console and the reports say them), beside the
    expression that import reads back."""
    compiled, _ = load_scenario(MINI)
    listed = {row["id"]: row for row in rows(export_events(compiled))}
    assert listed["crisis"]["when"] == "tension >= 8"
    assert listed["crisis"]["when in words"] == "Tension at least 8"
    assert listed["crisis"]["effects"] == 'alert = "high"'
    assert listed["crisis"]["effects in words"] == "Alert: high"
    assert listed["news"]["effects in words"] == "Tension +1"
    assert listed["news"]["when in words"] == listed["spare"]["effects in words"] == ""
    heading = list(COLUMNS)
    assert heading.index("when in words") == heading.index("when") + 1
    assert heading.index("effects in words") == heading.index("effects") + 1


def test_the_words_are_not_read_back() -> None:
    """Given a sheet whose words columns were edited, when imported, then the expressions
    decide (the words are derived from them and written again on the next export)."""
    compiled, _ = load_scenario(MINI)
    sheet = export_events(compiled).replace("Tension at least 8", "whenever you like")
    assert "whenever you like" in sheet
    _, again = round_trip(MINI, sheet)
    assert again.model == compiled.model
