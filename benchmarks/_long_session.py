"""A long, realistic session for benchmarks: mini.toml stretched to many turns."""

from __future__ import annotations

import re
from pathlib import Path

from tabletop.engine.session import Session
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import parse_scenario

MINI = Path(__file__).resolve().parent.parent / "tests" / "data" / "mini.toml"


def long_scenario(turns: int) -> CompiledScenario:
    """mini.toml with `turns` turns and no endings that stop play early."""
    text = MINI.read_text(encoding="utf-8")
    text = re.sub(r"\[\[turns\]\].*?(?=\[\[moves\]\])", "", text, flags=re.S)
    text = text.replace('when = "tension >= 10"', 'when = "tension > 10"')
    text = text.replace('when = "tension <= 0"', 'when = "tension < 0"')
    calendar = "".join(
        f'[[turns]]\nid = "t{i}"\ntitle = "Turn {i}"\ndate = 2022-01-01\n\n'
        for i in range(1, turns + 1)
    )
    text += calendar
    compiled, _ = parse_scenario(text, "long.toml")
    return compiled


def long_session(events: int, seed: int = 1) -> Session:
    """A session of about `events` events: computer moves, free-form moves, notes, undo/redo."""
    scenario = long_scenario(max(10, events // 10))
    session = Session(scenario, seed)
    i = 0
    while len(session.events) < events and not session.over:
        i += 1
        if session.phase == "declaration":
            session.computer_declare("red")
            session.declare_freeform(
                "blue", f"Back channel {i}", narrative="A quiet call", effects=["tension -= 1"]
            )
            session.note(f"Observation {i}: Blue's team debated the risk of escalation at length.")
        elif session.phase == "adjudication":
            for declaration in list(session.state.pending()):
                session.computer_adjudicate(declaration.seq)
            if i % 5 == 0:
                session.undo()
                session.redo()
        session.advance()
    return session
