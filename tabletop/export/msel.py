"""The master scenario events list (MSEL): a scenario's injects as CSV, and back.

Exercise planners keep the injects of an exercise in a spreadsheet, one row per
inject. `export_events` writes a scenario's injects in that shape; `import_events`
reads such a sheet back and returns the scenario's TOML with its injects replaced.
Export then import gives the same scenario models (see docs/exports.md for the
columns and what the round trip keeps).

Both functions are pure (text in, text out); `tabletop.cli.export` reads and writes
the files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import tomli_w
from pydantic import ValidationError

from tabletop.engine.expr_words import condition_words, effect_words
from tabletop.engine.wording import yes_no
from tabletop.export.csvsafe import guard, unguard
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import parse_scenario
from tabletop.scenario.models import Inject
from tabletop.scenario.problems import Problem, ScenarioError

COLUMNS = (
    "number",
    "id",
    "turn",
    "when",
    "when in words",
    "date",
    "type",
    "from",
    "to",
    "title",
    "description",
    "expected action",
    "objective",
    "source",
    "hypothetical",
    "effects",
    "effects in words",
)
"""The columns of the master scenario events list, in order."""

WORDS_COLUMNS = ("when in words", "effects in words")
"""Columns written on export for the people who read the list (a trigger and effects as
every other surface says them, `engine/expr_words.py`) and ignored on import: they are
derived from `when` and `effects`, which import reads."""

FIELD_OF = {
    "id": "id",
    "turn": "turn",
    "when": "when",
    "type": "kind",
    "from": "sender",
    "to": "recipients",
    "title": "title",
    "description": "text",
    "expected action": "expected_action",
    "objective": "objective",
    "source": "source",
    "hypothetical": "hypothetical",
    "effects": "effects",
}
"""Column → Inject field."""
COLUMN_OF = {field: column for column, field in FIELD_OF.items()}

REQUIRED = ("id", "title")
ID_RULE = "an id is lower-case letters, digits and _, starting with a letter"
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}


class MselError(ValueError):
    """A master events list that cannot be imported: one `FILE:ROW: column: message` a line."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))


# ------------------------------------------------------------------ export


def export_rows(scenario: CompiledScenario) -> list[list[str]]:
    """The rows of the list (without the heading), cells unguarded."""
    dates = {t.id: t.date.isoformat() for t in scenario.turns}
    rows = []
    for number, inject in enumerate(scenario.model.injects, start=1):
        rows.append(
            [
                str(number),
                inject.id,
                inject.turn or "",
                inject.when or "",
                _when_words(scenario, inject.when),
                dates.get(inject.turn or "", ""),
                inject.kind,
                inject.sender,
                "; ".join(inject.recipients),
                inject.title,
                inject.text,
                inject.expected_action,
                inject.objective,
                inject.source,
                yes_no(inject.hypothetical),
                "; ".join(inject.effects),
                "; ".join(effect_words(scenario, e) for e in inject.effects),
            ]
        )
    return rows


def _when_words(scenario: CompiledScenario, when: str | None) -> str:
    """A trigger in words; `always` for one that always holds (`true`), as the words of
    such a condition are empty."""
    if when is None or not when.strip():
        return ""
    return condition_words(scenario, when) or "always"


def export_events(scenario: CompiledScenario) -> str:
    """The scenario's injects as CSV (UTF-8 text, `\\r\\n` line ends, cells guarded)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([guard(c) for c in row] for row in export_rows(scenario))
    return buffer.getvalue()


# ------------------------------------------------------------------ import


def split_list(text: str) -> list[str]:
    """Split `a; b; c` on semicolons outside quoted text ('…' or "…"); items trimmed."""
    items: list[str] = []
    current: list[str] = []
    quote = ""
    for char in text:
        if quote:
            current.append(char)
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
            current.append(char)
        elif char == ";":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def _column_name(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text.strip().lower())


@dataclass
class _Row:
    number: int
    """The row's number in the sheet (the heading is row 1)."""
    data: dict[str, Any]


class _Reader:
    def __init__(self, scenario: CompiledScenario, name: str) -> None:
        self.scenario = scenario
        self.name = name
        self.problems: list[str] = []
        self.turn_dates = {t.id: t.date for t in scenario.turns}
        self.actor_ids = {a.id: a.id for a in scenario.model.actors}
        self.actor_names = {a.name.strip().lower(): a.id for a in scenario.model.actors}

    def problem(self, row: int | None, column: str | None, message: str) -> None:
        where = f"{self.name}:{row}" if row else self.name
        self.problems.append(f"{where}: {column}: {message}" if column else f"{where}: {message}")

    def read(self, text: str) -> list[_Row]:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            records = list(reader)
        except csv.Error as exc:
            self.problem(reader.line_num or None, None, f"not valid CSV: {exc}")
            return []
        if not records or not any(cell.strip() for cell in records[0]):
            self.problem(None, None, "empty: the first row must name the columns")
            return []
        heading = [_column_name(c) for c in records[0]]
        known = set(COLUMNS)
        bad = False
        for i, column in enumerate(heading):
            if column not in known:
                hint = _did_you_mean(column)
                self.problem(
                    1,
                    column or f"column {i + 1}",
                    f"unknown column{hint} (columns: {', '.join(COLUMNS)})",
                )
                bad = True
            elif heading.index(column) != i:
                self.problem(1, column, "this column appears twice")
                bad = True
        for column in REQUIRED:
            if column not in heading:
                self.problem(1, column, "missing column")
                bad = True
        if bad:
            return []
        rows: list[_Row] = []
        for number, record in enumerate(records[1:], start=2):
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(heading) and any(c.strip() for c in record[len(heading) :]):
                self.problem(
                    number,
                    None,
                    f"{len(record)} cells, but the heading names {len(heading)} columns",
                )
                continue
            cells = {
                column: unguard(record[i]) if i < len(record) else ""
                for i, column in enumerate(heading)
            }
            data = self.row(number, cells)
            if data is not None:
                rows.append(_Row(number, data))
        return rows

    def row(self, number: int, cells: dict[str, str]) -> dict[str, Any] | None:
        before = len(self.problems)
        data: dict[str, Any] = {}
        ident = cells.get("id", "").strip()
        if not ident:
            self.problem(number, "id", "an inject needs an id")
        data["id"] = ident
        title = cells.get("title", "")
        if not title.strip():
            self.problem(number, "title", "an inject needs a title")
        data["title"] = title
        if cells.get("number", "").strip() and not re.fullmatch(r"\d+", cells["number"].strip()):
            self.problem(
                number, "number", f"expected a whole number, got '{cells['number'].strip()}'"
            )
        turn = cells.get("turn", "").strip()
        if turn:
            if turn not in self.turn_dates:
                known = ", ".join(self.turn_dates)
                self.problem(number, "turn", f"unknown turn '{turn}' (turns: {known})")
            data["turn"] = turn
        date_text = cells.get("date", "").strip()
        if date_text:
            self.date(number, date_text, turn, data)
        when = cells.get("when", "").strip()
        if when:
            data["when"] = when
        for name in ("type", "from", "description", "expected action", "objective", "source"):
            value = cells.get(name, "")
            if value:
                data[FIELD_OF[name]] = value
        to = cells.get("to", "")
        if to.strip():
            data["recipients"] = self.recipients(number, to)
        flag = cells.get("hypothetical", "").strip().lower()
        if flag in YES:
            data["hypothetical"] = True
        elif flag not in NO:
            self.problem(
                number, "hypothetical", f"expected yes or no, got '{cells['hypothetical'].strip()}'"
            )
        effects = split_list(cells.get("effects", ""))
        if effects:
            data["effects"] = effects
        flagged = {
            line.split(": ", 2)[1] for line in self.problems[before:] if line.count(": ") >= 2
        }
        try:
            Inject.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                loc = error["loc"]
                column = COLUMN_OF.get(str(loc[0]), str(loc[0])) if loc else None
                if column in flagged:
                    continue
                msg = str(error["msg"])
                if error["type"] == "string_pattern_mismatch" and loc and loc[0] in ("id", "turn"):
                    msg = f"{ID_RULE}, not '{error['input']}'"
                elif error["type"] == "string_too_long":
                    msg = f"{msg} (it has {len(str(error['input']))})"
                self.problem(number, column, msg[0].lower() + msg[1:])
        if len(self.problems) == before:
            return data
        order = {column: i for i, column in enumerate(COLUMNS)}
        mine = self.problems[before:]
        mine.sort(key=lambda line: order.get(line.split(": ", 2)[1], len(order)))
        self.problems[before:] = mine
        return None

    def date(self, number: int, text: str, turn: str, data: dict[str, Any]) -> None:
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            self.problem(number, "date", f"expected a date as YYYY-MM-DD, got '{text}'")
            return
        if turn:
            expected = self.turn_dates.get(turn)
            if expected is not None and expected != date:
                self.problem(
                    number,
                    "date",
                    f"{text} is not the date of turn '{turn}' ({expected.isoformat()})",
                )
            return
        matches = [t for t, d in self.turn_dates.items() if d == date]
        if not matches:
            known = ", ".join(f"{t} {d.isoformat()}" for t, d in self.turn_dates.items())
            self.problem(number, "date", f"no turn falls on {text} (turns: {known})")
            return
        data["turn"] = matches[0]

    def recipients(self, number: int, text: str) -> list[str]:
        out = []
        for item in re.split(r"[;,]", text):
            item = item.strip()
            if not item:
                continue
            ident = self.actor_ids.get(item) or self.actor_names.get(item.lower())
            if ident is None:
                known = ", ".join(self.actor_ids)
                self.problem(number, "to", f"unknown actor '{item}' (actors: {known})")
                continue
            out.append(ident)
        return out


def _did_you_mean(column: str) -> str:
    import difflib

    close = difflib.get_close_matches(column, COLUMNS, n=1)
    return f" '{column}' (did you mean '{close[0]}'?)" if close else f" '{column}'"


def schema_line(
    original: str, source: PurePath | None = None, target: PurePath | None = None
) -> str:
    """The `#:schema` line of a scenario text, re-pointed for a file at `target`.

    A relative schema path is relative to the scenario file, so it is rewritten to
    point at the same schema from the new file's folder. Returns "" when there is none.
    """
    first = original.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    if not first.startswith("#:schema"):
        return ""
    ref = first[len("#:schema") :].strip()
    if source is None or target is None or not ref or "://" in ref or PurePath(ref).is_absolute():
        return first
    schema = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(source)), ref))
    try:
        rel = os.path.relpath(schema, os.path.dirname(os.path.abspath(target)))
    except ValueError:  # another drive (Windows)
        rel = schema
    return f"#:schema {PurePath(rel).as_posix()}"


def import_events(
    scenario_text: str,
    scenario: CompiledScenario,
    csv_text: str,
    *,
    csv_name: str = "<csv>",
    output_name: str = "<output>",
    source: PurePath | None = None,
    target: PurePath | None = None,
) -> tuple[str, list[Problem]]:
    """The scenario's TOML with its injects replaced by those of the list, and its warnings.

    Raises MselError with one `FILE:ROW: column: message` line per problem; the new
    scenario is checked like any scenario file before it is returned.
    """
    reader = _Reader(scenario, csv_name)
    rows = reader.read(csv_text.lstrip("\ufeff"))
    seen: dict[str, int] = {}
    for row in rows:
        ident = row.data["id"]
        if ident in seen:
            reader.problem(
                row.number,
                "id",
                f"duplicate inject id '{ident}' (already used in row {seen[ident]})",
            )
        else:
            seen[ident] = row.number
    if reader.problems:
        raise MselError(reader.problems)
    data = tomllib.loads(scenario_text)
    data["injects"] = [row.data for row in rows]
    if not data["injects"]:
        del data["injects"]
    body = tomli_w.dumps(_ordered(data), multiline_strings=True)
    header = schema_line(scenario_text, source, target)
    text = f"{header}\n{body}" if header else body
    try:
        _, problems = parse_scenario(text, output_name)
    except ScenarioError as exc:
        lines = []
        for problem in exc.problems:
            path = problem.path
            if (
                len(path) >= 2
                and path[0] == "injects"
                and isinstance(path[1], int)
                and path[1] < len(rows)
            ):
                column = COLUMN_OF.get(str(path[2]), str(path[2])) if len(path) > 2 else None
                if problem.severity != "error":
                    continue
                where = f"{csv_name}:{rows[path[1]].number}"
                lines.append(
                    f"{where}: {column}: {problem.message}"
                    if column
                    else f"{where}: {problem.message}"
                )
            elif problem.severity == "error":
                lines.append(problem.format(output_name, exc.data))
        raise MselError(lines) from None
    return text, problems


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    """The scenario's tables in the usual order (tomli-w writes them as given)."""
    order = ("scenario", "actors", "tracks", "turns", "moves", "injects", "rules", "endings")
    out = {key: data[key] for key in order if key in data}
    out.update({k: v for k, v in data.items() if k not in out})
    return out
