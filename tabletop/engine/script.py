"""Scripted headless playthroughs: some decisions from a file, the computer decides the rest.

A script is TOML (documented in docs/headless.md):

    seed = 7                       # optional; --seed wins

    [[declare]]
    turn = 1                       # 1-based turn number
    actor = "usa"
    move = "sanctions_warning"     # or label/narrative/effects for a free-form move
    reasons_for = ["Allies are aligned"]

    [[adjudicate]]
    turn = 1
    actor = "usa"
    move = "sanctions_warning"     # which declared move (free-form: its label)
    outcome = "heeded"             # optional: the outcome (an override needs `reason`)
    reason = "The room argued it convincingly"

    [[inject]]
    turn = 2
    id = "lavrov_statement"        # a scenario inject delivered by hand

    [[note]]
    turn = 1
    text = "Team USA hesitated over allies"
    tag = "improvement"

    stop_after_turn = 5            # optional: end there, by the facilitator

Actors the script declares nothing for in a turn are played by their doctrine;
moves it does not adjudicate are decided by the computer (seeded dice, outcome weights).
"""

from __future__ import annotations

import tomllib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tabletop.engine.errors import ActionError
from tabletop.engine.session import Session


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScriptDeclare(_Strict):
    turn: int = Field(ge=1)
    actor: str
    move: str | None = None
    label: str | None = None
    narrative: str = ""
    effects: list[str] = []
    reasons_for: list[str] = []
    reasons_against: list[str] = []
    sealed: bool = False


class ScriptAdjudicate(_Strict):
    turn: int = Field(ge=1)
    actor: str
    move: str
    outcome: str | None = None
    reason: str = ""


class ScriptInject(_Strict):
    turn: int = Field(ge=1)
    id: str


class ScriptNote(_Strict):
    turn: int = Field(ge=1)
    text: str
    tag: Literal["note", "strength", "improvement"] = "note"


class Script(_Strict):
    seed: int | None = None
    stop_after_turn: int | None = Field(default=None, ge=1)
    declare: list[ScriptDeclare] = []
    adjudicate: list[ScriptAdjudicate] = []
    inject: list[ScriptInject] = []
    note: list[ScriptNote] = []


class ScriptError(ValueError):
    """A script that cannot be read or cannot be played; `lines` are ready to print."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))


def parse_script(text: str, file: str) -> Script:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScriptError([f"{file}: invalid TOML: {exc}"]) from None
    try:
        return Script.model_validate(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            path = ".".join(str(p) for p in error["loc"])
            lines.append(f"{file}: {path}: {error['msg'][0].lower()}{error['msg'][1:]}")
        raise ScriptError(lines) from None


def run_script(session: Session, script: Script, file: str = "script") -> None:
    """Play the session to its end, taking the script's decisions where it gives them."""

    def fail(kind: str, index: int, exc: ActionError) -> ScriptError:
        return ScriptError([f"{file}: {kind}[{index}]: {exc}"])

    while not session.over:
        turn = session.turn + 1
        phase = session.phase
        if phase == "briefing":
            for i, inject in enumerate(script.inject):
                if inject.turn == turn:
                    try:
                        session.deliver_inject(inject.id)
                    except ActionError as exc:
                        raise fail("inject", i, exc) from None
            for note in script.note:
                if note.turn == turn:
                    session.note(note.text, note.tag)
        elif phase == "declaration":
            for i, item in enumerate(script.declare):
                if item.turn != turn:
                    continue
                try:
                    if item.move is not None:
                        session.declare(
                            item.actor,
                            item.move,
                            reasons_for=item.reasons_for,
                            reasons_against=item.reasons_against,
                            sealed=item.sealed,
                            by="script",
                        )
                    else:
                        session.declare_freeform(
                            item.actor,
                            item.label or "",
                            narrative=item.narrative,
                            effects=item.effects,
                            reasons_for=item.reasons_for,
                            reasons_against=item.reasons_against,
                            sealed=item.sealed,
                            by="script",
                        )
                except ActionError as exc:
                    raise fail("declare", i, exc) from None
            for actor in session.participants():
                if actor not in session.state.by_actor and actor not in session.computer:
                    session.computer_declare(actor)
        elif phase == "adjudication":
            for i, ruling in enumerate(script.adjudicate):
                if ruling.turn != turn:
                    continue
                match = next(
                    (
                        d
                        for d in session.state.pending()
                        if d.actor == ruling.actor and ruling.move in (d.move, d.label)
                    ),
                    None,
                )
                if match is None:
                    raise ScriptError(
                        [
                            f"{file}: adjudicate[{i}]: {ruling.actor} declared no "
                            f"'{ruling.move}' in turn {turn}"
                        ]
                    )
                try:
                    session.adjudicate(match.seq, ruling.outcome, reason=ruling.reason, by="script")
                except ActionError as exc:
                    raise fail("adjudicate", i, exc) from None
            for declaration in list(session.state.pending()):
                session.computer_adjudicate(declaration.seq)
        elif phase == "consequences" and script.stop_after_turn == turn:
            session.end(None, note=f"the script stops after turn {turn}")
            break
        session.advance()
