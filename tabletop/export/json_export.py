"""A session as one JSON document: everything, in a documented and versioned shape.

    {
      "format": "tabletop-export",
      "version": 1,
      "scenario": {...},      metadata, sha256 and the whole scenario definition
      "header": {...},        the journal's header line, as recorded
      "journal": "..." | null,
      "summary": {...},       counts: events, turns played, undone actions
      "tracks": [...],        each track's id, label, type, unit, range, levels, visibility
      "initial": {...},       every track's value at the start
      "turns": [...],         each turn played, with the state at its end
      "outcome": {...},       the ending (or "ended": false)
      "scores": {...},        each actor's objective scores and total; final or provisional
      "notes": {...},         the facilitator's notes by tag
      "evaluation": {...},    the exercise: details, objectives rated, questions,
                              improvement plan, participant feedback (the AAR/IP)
      "undone_actions": [...],
      "events": [...]         the journal's events, unchanged, in seq order
    }

The top-level keys come in this order; every object below them has its keys sorted,
so the same session always gives the same bytes. `events` holds one event per line.
The shape is described in docs/exports.md; a change that removes or renames a field
raises the version.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from tabletop.engine.wording import BIDI_CONTROLS
from tabletop.export.model import Report
from tabletop.scenario.compiled import CompiledScenario

FORMAT_NAME = "tabletop-export"
FORMAT_VERSION = 1


_ONE_LINE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, allow_nan=False).encode


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2, allow_nan=False)


def document(
    report: Report,
    header: Mapping[str, Any],
    events: Sequence[Mapping[str, Any]],
    scenario: CompiledScenario,
    *,
    journal: str | None = None,
) -> dict[str, Any]:
    """The export as plain data (without the events' one-per-line layout)."""
    meta = scenario.model.scenario
    outcome = report.outcome
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "scenario": {
            "id": meta.id,
            "title": meta.title,
            "version": meta.version,
            "author": meta.author,
            "summary": meta.summary,
            "sha256": scenario.sha256,
            "definition": scenario.model.model_dump(mode="json"),
        },
        "audience": report.overview.audience,
        "header": dict(header),
        "journal": journal,
        "summary": {
            "events": len(events),
            "turns_played": report.overview.turns_played,
            "turns_total": report.overview.turns_total,
            "ended": outcome.ended,
            "undone_actions": len(report.undone_actions),
        },
        "tracks": [
            {
                "id": t.id,
                "label": t.label,
                "type": t.type,
                "unit": t.unit,
                "min": t.min,
                "max": t.max,
                "levels": list(t.levels),
                "visible": t.visible,
            }
            for t in report.tracks
        ],
        "initial": report.initial,
        "turns": [
            {
                "number": t.number,
                "id": t.id,
                "title": t.title,
                "date": t.date,
                "place": t.place,
                "complete": t.complete,
                "state": t.values,
            }
            for t in report.turns
            if t.values is not None
        ],
        "outcome": {
            "ended": outcome.ended,
            "ending": outcome.ending,
            "title": outcome.title if outcome.ended else None,
            "summary": outcome.summary if outcome.ended else None,
            "reason": outcome.reason if outcome.ended else None,
            "note": outcome.note if outcome.ended else None,
            "turn": outcome.turn,
            "seq": outcome.seq,
        },
        "scores": {"final": report.scores_final, "actors": report.scores},
        "notes": {
            tag: [{"seq": n.seq, "turn": n.turn, "text": n.text, "undone": n.undone} for n in notes]
            for tag, notes in report.notes.items()
        },
        "evaluation": evaluation(report),
        "undone_actions": list(report.undone_actions),
        "events": list(events),
    }


def evaluation(report: Report) -> dict[str, Any]:
    """The evaluation as data: `objectives[]` (id, capability, rating, observations, …)
    and `improvements[]`, with the exercise's details, questions and feedback."""
    e = report.evaluation
    return {
        "exercise": e.exercise,
        "facilitator": e.facilitator,
        "evaluators": list(e.evaluators),
        "venue": e.venue,
        "participants": {s.actor: list(s.names) for s in e.participants},
        "objectives": [
            {
                "id": o.id,
                "description": o.description,
                "capability": o.capability,
                "critical_tasks": list(o.critical_tasks),
                "rating": o.rating,
                "rating_text": o.rating_text,
                "rationale": o.rationale,
                "strengths": list(o.strengths),
                "improvements": list(o.improvements),
                "observations": [
                    {"seq": s.seq, "turn": s.turn, "team": s.team, "by": s.by, "text": s.text}
                    for s in o.observations
                ],
                "injects": list(o.injects),
            }
            for o in e.objectives
        ],
        "questions": [
            {
                "turn": q.turn,
                "title": q.title,
                "questions": list(q.questions),
                "answers": [
                    {"question": a.question, "team": a.team, "text": a.text} for a in q.answers
                ],
            }
            for q in e.questions
        ],
        "improvements": [
            {
                "item": i.item,
                "objective": i.objective or None,
                "capability": i.capability,
                "issue": i.issue,
                "corrective_action": i.action,
                "owner": i.owner,
                "due": i.due or None,
            }
            for i in e.improvements
        ],
        "feedback": [
            {
                "seq": f.seq,
                "participant": f.participant,
                "team": f.team,
                "worked": f.worked,
                "change": f.change,
                "rating": f.rating,
                "by": f.by,
            }
            for f in e.feedback
        ],
        "feedback_average": e.feedback_average,
    }


def render_json(
    report: Report,
    header: Mapping[str, Any],
    events: Sequence[Mapping[str, Any]],
    scenario: CompiledScenario,
    *,
    journal: str | None = None,
) -> str:
    """The JSON export: top-level keys in a fixed order, nested keys sorted, one event a line."""
    doc = document(report, header, events, scenario, journal=journal)
    parts = []
    for key, value in doc.items():
        if key == "events":
            body = "[\n    " + ",\n    ".join(map(_ONE_LINE, value)) + "\n  ]" if value else "[]"
        else:
            body = _dump(value).replace("\n", "\n  ")
        parts.append(f"  {json.dumps(key)}: {body}")
    return _escape_controls("{\n" + ",\n".join(parts) + "\n}\n")


_UNESCAPED = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}]")
"""What json.dumps leaves raw with ensure_ascii=False and a terminal acts on: DEL, the
C1 controls and the bidi controls (C0 controls are always escaped)."""


def _escape_controls(text: str) -> str:
    """The JSON with those characters as \\uXXXX escapes: the same data, safe to print
    (they can only occur inside strings, where an escape means the same)."""
    return _UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
