"""Hostile text in every text field of a scenario and of a session (built from mini.toml)."""

from __future__ import annotations

import tomllib
from typing import Any

import tomli_w

from tabletop.engine.session import Session
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import parse_scenario
from tests.conftest import MINI

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7*7 }} {% if true %}x{% endif %}",
    "</style><style>body{display:none}</style>",
    "]]><!--",
    "<svg onload=alert(1)><a href='javascript:alert(1)'>x</a></svg>",
    '=HYPERLINK("http://evil","click")',
    "| pipe | in | a | table |\n# not a heading\n- not a list",
    "مرحبا بالعالم — שלום — 你好，世界 — 🎲🇺🇦🛰️ — \u202eRTL override",
    "&lt;script&gt; &amp; &#60;b&#62;",
    "x" * 5000 + "<script>",
]
"""Each is placed, in turn, in every text field."""

ALL_IN_ONE = " ".join(h for h in HOSTILE if len(h) < 200)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 9] + "<script>"


def hostile_data(text: str) -> dict[str, Any]:
    """mini.toml's data with `text` in every free-text field (clipped to each field's limit)."""
    data = tomllib.loads(MINI.read_text(encoding="utf-8"))
    meta = data["scenario"]
    meta.update(
        title=_clip(text, 200),
        summary=_clip(text, 300),
        briefing=f"{text}\n\n{text}",
        author=text,
        version=text,
        facilitator_notes=text,
        sources=[
            {"title": text, "publisher": text, "url": "javascript:alert(1)"},
            {"title": text, "url": 'https://example.org/"><script>alert(1)</script>'},
            {"title": text, "url": "https://example.org/ok?a=1&b=<2>"},
            {"title": text, "url": "https://example.org/fine?a=1&b=2"},
        ],
        objectives=[
            {
                "id": "hostile",
                "description": _clip(text, 1000),
                "capability": _clip(text, 200),
                "critical_tasks": [_clip(text, 1000), _clip(text, 1000)],
            }
        ],
    )
    for actor in data["actors"]:
        actor["name"] = _clip(text, 120)
        actor["side"] = text
        actor["briefing"] = text
        for objective in actor.get("objectives", []):
            objective["description"] = text
        for entry in actor.get("doctrine", []):
            entry["reason"] = text
    for track in data["tracks"]:
        track["label"] = _clip(text, 120)
        track["unit"] = text
        track["description"] = text
    for turn in data["turns"]:
        turn["title"] = _clip(text, 200)
        turn["place"] = text
        turn["briefing"] = text
        turn["questions"] = [_clip(text, 2000), _clip(text, 2000)]
    for move in data["moves"]:
        move["label"] = _clip(text, 200)
        move["description"] = text
        for modifier in move.get("adjudication", {}).get("modifiers", []):
            modifier["label"] = text
        for outcome in move["outcomes"]:
            outcome["label"] = _clip(text, 200)
            outcome["narrative"] = text
    for inject in data["injects"]:
        inject.update(
            title=_clip(text, 200),
            text=text,
            kind=text,
            sender=text,
            expected_action=text,
            objective="hostile",
            source=text,
            recipients=["red"],
        )
    for rule in data["rules"]:
        rule["description"] = text
        rule["narrative"] = text
    for ending in data["endings"]:
        ending["title"] = _clip(text, 200)
        ending["summary"] = text
    return data


def hostile_scenario(text: str) -> CompiledScenario:
    compiled, _ = parse_scenario(tomli_w.dumps(hostile_data(text)), "hostile.toml")
    return compiled


def hostile_session(scenario: CompiledScenario, text: str) -> Session:
    """A session in which every participant text is `text`: notes, moves, reasons, overrides."""
    return play_hostile(Session(scenario, 3), text)


def play_hostile(s: Session, text: str) -> Session:
    """Play the hostile session on `s` (seed 3), e.g. a live session writing its journal."""
    for tag in ("note", "strength", "improvement"):
        s.note(text, tag=tag)
    s.deliver_inject("spare")
    s.deliver_adhoc(_clip(text, 200), text, ["tension += 1"])
    s.advance()
    s.declare("red", "gamble", reasons_for=[text], reasons_against=[text, text])
    s.declare_freeform("blue", text, narrative=text, effects=["tension -= 1"], reasons_for=[text])
    s.advance()
    gamble = next(d.seq for d in s.state.pending() if d.actor == "red")
    s.roll(gamble)
    natural = s.natural_outcome(s.state.declaration(gamble))
    s.adjudicate(gamble, "lose" if natural == "win" else "win", reason=text)
    blue = next(d.seq for d in s.state.pending() if d.actor == "blue")
    s.adjudicate(blue, "success")
    s.advance()
    s.advance()
    s.advance()
    s.declare("blue", "talk", reasons_for=[text])
    s.advance()
    s.adjudicate(next(d.seq for d in s.state.pending()), "stall", reason=text)
    s.undo()
    s.adjudicate(next(d.seq for d in s.state.pending()), "progress", reason=text)
    s.set_details(
        exercise=text,
        facilitator=text,
        evaluators=[text, text],
        venue=text,
        participants={"red": [text], "blue": [text, text]},
    )
    s.observe(text, "hostile", actor="red", by=text)
    s.note(text, "strength", objective="hostile")
    s.end("deal", note=text)
    s.rate("hostile", "M", observation=text, strengths=[text], improvements=[text, text])
    s.plan_improvement(
        text, text, objective="hostile", capability=text, owner=text, due="2026-03-31"
    )
    s.feedback(text, text, 2, participant=text, actor="blue")
    return s
