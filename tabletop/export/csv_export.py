"""A session as CSV: one row per journal event, flat columns, ready for a spreadsheet.

Written with the csv module (RFC 4180 quoting, `\\r\\n` line ends), as UTF-8 text.
Every text cell goes through the formula-injection guard (`tabletop.export.csvsafe`).
The columns are described in docs/exports.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from tabletop.engine.events import Words, describe
from tabletop.engine.expr_words import actor_maximum
from tabletop.engine.replay import undo_stacks
from tabletop.engine.wording import WITHHELD, roll_text, score_text
from tabletop.export.csvsafe import guard
from tabletop.export.model import ExportError
from tabletop.scenario.compiled import CompiledScenario

COLUMNS = (
    "seq",
    "turn",
    "date",
    "phase",
    "kind",
    "actor",
    "move",
    "method",
    "roll",
    "result",
    "effects",
    "text",
    "undone",
)
"""The columns of the session CSV, in order."""


def effects_text(effects: Any) -> str:
    """`tension: 3 -> 6; talks_open: true -> false` (track ids, JSON-style values); a
    change that changed nothing (a track already at its bound) is no change: left out."""
    return "; ".join(
        f"{t}: {_value(b)} -> {_value(a)}"
        for t, b, a in effects or ()
        if not (b == a and type(b) is type(a))
    )


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


def _scores_words(scenario: CompiledScenario, scores: Mapping[str, Any]) -> str:
    """`Russia 1.9 / 10, United States 4.3 / 10`: each actor by name, its weighted total
    out of the most it could score; a total this audience may not see, `WITHHELD`."""
    parts = []
    for actor, score in scores.items():
        total = (score or {}).get("total")
        model = scenario.actors.get(actor)
        if isinstance(total, int | float) and not isinstance(total, bool):
            shown = score_text(total, actor_maximum(scenario, actor))
        else:  # it counts a score withheld from this audience (engine.audience)
            shown = WITHHELD
        parts.append(f"{model.name if model else actor} {shown}")
    return ", ".join(parts)


def rows(
    header: Mapping[str, Any], events: Sequence[Mapping[str, Any]], scenario: CompiledScenario
) -> list[list[str]]:
    """The CSV rows (without the heading), cells unguarded."""
    try:
        done = set(undo_stacks(events)[0])
    except (KeyError, TypeError, ValueError) as exc:
        raise ExportError(f"the events do not make a valid history: {exc}") from None
    dates = [t.date.isoformat() for t in scenario.turns]
    methods = {m.id: m.model.adjudication.method for m in scenario.moves.values()}
    declared: dict[Any, tuple[str, str, str]] = {}
    words = Words(scenario, events)
    out: list[list[str]] = []
    for event in events:
        try:
            out.append(_row(event, done, dates, methods, declared, words))
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise ExportError(
                f"event {event.get('seq')} ({event.get('kind', '?')}) is malformed: {exc!r}"
            ) from None
    return out


def _row(
    e: Mapping[str, Any],
    done: set[int],
    dates: list[str],
    methods: Mapping[str, str],
    declared: dict[Any, tuple[str, str, str]],
    words: Words,
) -> list[str]:
    """One event's cells: the columns each kind fills; its own words for any other kind."""
    scenario = words.scenario
    kind = e["kind"]
    turn = e.get("turn", 0)
    turn = turn if isinstance(turn, int) and not isinstance(turn, bool) else 0
    date = dates[min(max(turn, 0), len(dates) - 1)] if dates else ""
    undone = kind not in ("undo", "redo") and e.get("action", e["seq"]) not in done
    actor = move = method = roll = result = effects = text = ""
    if kind == "turn_started":
        index = min(max(turn, 0), len(scenario.turns) - 1)
        text = scenario.turns[index].title
    elif kind == "phase_changed":
        text = str(e.get("phase", ""))
    elif kind == "inject_delivered":
        move = str(e.get("inject") or "")
        title, body = str(e.get("title", "")), str(e.get("text", ""))
        text = f"{title}: {body}" if body else title
        effects = effects_text(e.get("effects"))
    elif kind == "move_declared":
        actor = str(e.get("actor", ""))
        move = str(e.get("move") or "")
        method = methods.get(move, "choice") if move else "choice"
        text = str(e.get("label", ""))
        declared[e["seq"]] = (actor, move, method)
    elif kind == "dice_rolled":
        actor, move, _ = declared.get(e.get("declaration"), ("", "", ""))
        method = str(e.get("method", ""))
        roll = roll_text(e)
        result = str(e.get("result", ""))
    elif kind == "move_adjudicated":
        actor = str(e.get("actor", ""))
        move = str(e.get("move") or "")
        method = str(e.get("method", ""))
        result = str(e.get("outcome", ""))
        effects = effects_text(e.get("effects"))
        parts = [str(e.get("label", ""))]
        if e.get("override"):
            parts.append(f"override: {e['override']}")
        if e.get("reason"):
            parts.append(f"reason: {e['reason']}")
        if e.get("narrative"):
            parts.append(str(e["narrative"]))
        text = " | ".join(p for p in parts if p)
    elif kind == "rule_fired":
        move = str(e.get("rule", ""))
        text = str(e.get("description", ""))
        if e.get("narrative"):
            text += f" | {e['narrative']}"
        effects = effects_text(e.get("effects"))
    elif kind == "note":
        result = str(e.get("tag", "note"))
        text = str(e.get("text", ""))
    elif kind in ("undo", "redo"):
        result = str(e.get("target", ""))
        text = f"{kind} of action {e.get('target')}"
    elif kind == "session_ended":
        result = str(e.get("ending") or "")
        method = str(e.get("reason", ""))
        parts = [str(e.get("title", ""))]
        if e.get("summary"):
            parts.append(str(e["summary"]))
        scores = e.get("scores") or {}
        if scores:
            parts.append("scores: " + _scores_words(scenario, scores))
        if e.get("note"):
            parts.append(f"note: {e['note']}")
        text = " | ".join(parts)
    else:  # a kind without columns of its own: its description
        text = describe(e, words)
    return [
        str(e["seq"]),
        str(turn + 1),
        date,
        str(e.get("phase", "")),
        str(kind),
        actor,
        move,
        method,
        roll,
        result,
        effects,
        text,
        "true" if undone else "false",
    ]


def render_csv(
    header: Mapping[str, Any], events: Sequence[Mapping[str, Any]], scenario: CompiledScenario
) -> str:
    """The session CSV: a heading row, then one row per event in seq order."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows(header, events, scenario):
        # seq, turn, date and undone are numbers, ISO dates and true/false; the rest is guarded
        row[3:12] = map(guard, row[3:12])
        writer.writerow(row)
    return buffer.getvalue()
