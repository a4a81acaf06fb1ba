"""A scripted session of tests/data/mini.toml that uses every part of the report.

Turn 1: a strength note; Red gambles (2d6, reasons for and against) and the facilitator
overrides the dice; Blue declares a free-form back channel that succeeds; an
improvement note. Turn 2: an ad-hoc inject that is undone, a plain note, Blue talks
(facilitator's choice with a reason), Red mobilises (auto). Turn 3: Blue pressures
(probability) and the calendar ends the session.

Timestamps and paths are fixed, so exports of it are stable (golden files).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from tabletop.engine.session import Session
from tabletop.scenario.compiled import CompiledScenario

SEED = 7
CREATED = "2026-01-15T09:00:00Z"
JOURNAL = "sessions/mini-golden.jsonl"
FIXED_SHA = "0" * 64


def stable(scenario: CompiledScenario) -> CompiledScenario:
    """The scenario with a fixed sha256, so goldens do not change with mini.toml's bytes."""
    return dataclasses.replace(scenario, sha256=FIXED_SHA)


def header(scenario: CompiledScenario, seed: int = SEED, **settings: Any) -> dict[str, Any]:
    return {
        "format": "tabletop-session",
        "version": 1,
        "scenario": {
            "id": scenario.id,
            "sha256": scenario.sha256,
            "path": "scenarios/mini.toml",
            "title": scenario.title,
        },
        "seed": seed,
        "created": CREATED,
        "parent": None,
        "settings": {"computer": [], "auto_adjudicate": False, "player": None, **settings},
    }


def stamp(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give every event a fixed `at`, one minute apart, as the journal would."""
    out = []
    for i, event in enumerate(events):
        minutes = i
        out.append({**event, "at": f"2026-01-15T{9 + minutes // 60:02d}:{minutes % 60:02d}:00Z"})
    return out


def pending(session: Session, actor: str) -> int:
    return next(d.seq for d in session.state.pending() if d.actor == actor)


def scripted_session(scenario: CompiledScenario, seed: int = SEED) -> Session:
    s = Session(scenario, seed)
    # turn 1
    s.note("The room was briefed in ten minutes; everyone knew their role.", tag="strength")
    s.advance()  # declaration
    s.declare(
        "red",
        "gamble",
        reasons_for=["Blue is divided | distracted"],
        reasons_against=["Our own public is tired"],
    )
    s.declare_freeform(
        "blue",
        "Back-channel call to Red's foreign minister",
        narrative="A quiet call lowers the temperature.",
        effects=["tension -= 1"],
        reasons_for=["Talks are still open"],
    )
    s.advance()  # adjudication
    gamble = pending(s, "red")
    s.roll(gamble)
    natural = s.natural_outcome(s.state.declaration(gamble))
    forced = "lose" if natural == "win" else "win"
    s.adjudicate(
        gamble, forced, reason="The facilitator judges the dice wrong here: the <b>room</b> agreed."
    )
    s.adjudicate(pending(s, "blue"), "success")
    s.note("Adjudication of the free-form move took too long.", tag="improvement")
    s.advance()  # consequences
    s.advance()  # turn 2
    s.deliver_adhoc("Rumour of a coup", "Unconfirmed reports from the capital.", ["tension += 2"])
    s.undo()
    s.note("Blue asked for the inject to be read twice.")
    s.advance()
    s.declare("blue", "talk", reasons_for=["Both sides want a pause"])
    s.declare("red", "mobilise")
    s.advance()
    s.adjudicate(pending(s, "blue"), "progress", reason="Both teams argued well for a pause.")
    s.adjudicate(pending(s, "red"))
    s.advance()
    s.advance()  # turn 3
    s.advance()
    s.declare("blue", "pressure")
    s.advance()
    s.adjudicate(pending(s, "blue"))
    s.advance()
    while not s.over:
        s.advance()
    return s


def evaluated_session(scenario: CompiledScenario, seed: int = SEED) -> Session:
    """The scripted session of mini_eval.toml, evaluated: details before play, an
    observation and an objective's notes during it, and after the end a hotwash (both
    objectives rated, one re-rated, one undone), an improvement plan (one item edited,
    one withdrawn) and two feedback forms, with text that Markdown and HTML must escape."""
    s = scripted_session(scenario, seed)
    s.set_details(
        exercise="Drill <7> | Mini",
        facilitator="Maj. R. Example",
        evaluators=["Dr A. Evaluator", "Capt. B. Observer"],
        venue="Staff college, room 4",
        participants={"blue": ["B. One", "B. Two"], "red": ["R. One"]},
    )
    s.observe(
        "Blue called Red before tension reached 7 — *the* key step.",
        "calm",
        actor="blue",
        by="Dr A. Evaluator",
    )
    s.observe("No one was named to speak to the press.", "warning")
    s.note("Blue's statement went out within minutes.", "strength", objective="warning")
    s.rate("calm", "P")
    s.rate(
        "calm",
        "S",
        observation="The channel opened, but late; no common line before the talks.",
        strengths=["Blue called early"],
        improvements=["No common line before the talks"],
    )
    s.rate("warning", "U")
    s.undo()  # the rating of `warning` is taken back: it stays unrated
    s.plan_improvement(
        "No common line before the talks",
        "Agree a line in the first turn",
        objective="calm",
        owner="J5 Plans",
        due="2026-03-31",
    )
    s.plan_improvement("Nobody speaks to the press", "Name a spokesperson", objective="warning")
    s.plan_improvement(
        "No common line before the talks",
        "Agree and rehearse a line in the first turn",
        item=1,
        objective="calm",
        owner="J5 Plans",
        due="2026-03-31",
    )
    s.plan_improvement('=HYPERLINK("http://x")', "Check the CSV guard", owner="+cmd")
    s.withdraw_improvement(2)
    s.feedback(
        "Real choices | real pressure", "More time to talk", 4, participant="B. One", actor="blue"
    )
    s.feedback("", "A shorter briefing", 3)
    return s
