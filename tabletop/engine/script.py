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

    [[answer]]
    turn = 2
    actor = "usa"
    offer = "draft_treaties"       # the offering move's id (or the offer's seq)
    answer = "counter"             # accept, reject or counter
    terms = "Arms control, not NATO's door"   # a counter's amended terms
    effects = ["tension -= 1"]     # what the counter does if accepted
    reason = "As answered in writing on 26 January"

    [[inject]]
    turn = 2
    id = "lavrov_statement"        # a scenario inject delivered by hand

    [[note]]
    turn = 1
    text = "Team USA hesitated over allies"
    tag = "improvement"
    objective = "allied_coordination"   # optional: the exercise objective it is about

    stop_after_turn = 5            # optional: end there, by the facilitator

The evaluation (docs/headless.md): session details at the top, observations during play,
and the hotwash after the end:

    exercise = "Winter Shield 2026"
    facilitator = "Maj. R. Example"
    venue = "Staff college, room 4"
    evaluators = ["Dr A. Evaluator"]
    participants = { usa = ["J. Smith", "K. Jones"] }

    [[observe]]
    turn = 2
    objective = "allied_coordination"
    actor = "usa"                  # optional: the team observed
    text = "Washington consulted the allies before the Geneva talks"

    [[rate]]
    objective = "allied_coordination"
    rating = "S"                   # P, S, M or U
    observation = "Consulted, but late"
    strengths = ["..."]
    improvements = ["..."]

    [[improve]]
    objective = "allied_coordination"
    issue = "Allies heard of the offer from the press"
    action = "Agree a consultation checklist before talks"
    owner = "J5 Plans"
    due = 2026-03-31               # a TOML date

    [[feedback]]
    participant = "J. Smith"
    actor = "usa"
    worked = "..."
    change = "..."
    rating = 4                     # 1 to 5

Actors the script declares nothing for in a turn are played by their doctrine;
moves it does not adjudicate are decided by the computer (seeded dice, outcome weights).
Notes and observations are recorded in their turn's briefing (those of a turn the
session never reaches are not recorded); ratings, the improvement plan and feedback
after the end, in the order written. Problems are `FILE:LINE: entry: what is wrong`.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
)

from tabletop.engine.errors import ActionError
from tabletop.engine.session import Session
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.locate import LineIndex
from tabletop.scenario.text import prose
from tabletop.scenario.translate import nested_too_deeply, toml_problem


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Text = Annotated[str, AfterValidator(prose)]
"""A text of the script as it is recorded: without control characters (escape sequences,
bells, bidi controls), as a scenario's texts and what a seat sends."""


class ScriptDeclare(_Strict):
    turn: int = Field(ge=1)
    actor: str
    move: str | None = None
    label: Text | None = None
    narrative: Text = ""
    effects: list[str] = []
    reasons_for: list[Text] = []
    reasons_against: list[Text] = []
    sealed: bool = False


class ScriptAdjudicate(_Strict):
    turn: int = Field(ge=1)
    actor: str
    move: Text
    outcome: str | None = None
    reason: Text = ""


class ScriptAnswer(_Strict):
    turn: int = Field(ge=1)
    actor: str
    offer: str | int
    answer: Literal["accept", "reject", "counter"]
    terms: Text = ""
    effects: list[str] = []
    reason: Text = ""


class ScriptInject(_Strict):
    turn: int = Field(ge=1)
    id: str


class ScriptNote(_Strict):
    turn: int = Field(ge=1)
    text: Text
    tag: Literal["note", "strength", "improvement"] = "note"
    objective: str | None = None


class ScriptObserve(_Strict):
    turn: int = Field(ge=1)
    objective: str
    text: Text
    actor: str | None = None
    by: Text = "facilitator"


class ScriptRate(_Strict):
    objective: str
    rating: str
    observation: Text = ""
    strengths: list[Text] = []
    improvements: list[Text] = []


class ScriptImprove(_Strict):
    issue: Text
    action: Text
    objective: str | None = None
    capability: Text | None = None
    owner: Text = ""
    due: dt.date | None = None


class ScriptFeedback(_Strict):
    worked: Text = ""
    change: Text = ""
    rating: int
    participant: Text = ""
    actor: str | None = None


class Script(_Strict):
    seed: int | None = None
    """The session's seed, as `--seed` takes it: from 0 to 2**63-1."""
    stop_after_turn: int | None = Field(default=None, ge=1)
    exercise: Text = ""
    facilitator: Text = ""
    venue: Text = ""
    evaluators: list[Text] = []
    participants: dict[str, list[Text]] = {}
    declare: list[ScriptDeclare] = []
    adjudicate: list[ScriptAdjudicate] = []
    answer: list[ScriptAnswer] = []
    inject: list[ScriptInject] = []
    note: list[ScriptNote] = []
    observe: list[ScriptObserve] = []
    rate: list[ScriptRate] = []
    improve: list[ScriptImprove] = []
    feedback: list[ScriptFeedback] = []
    _lines: dict[tuple[str | int, ...], int] = PrivateAttr(default_factory=dict)
    """Where each entry starts in the file (filled by `parse_script`)."""

    @field_validator("seed")
    @classmethod
    def _seed_in_range(cls, seed: int | None) -> int | None:
        if seed is not None and not 0 <= seed < 2**63:
            raise ValueError("a seed is between 0 and 2**63-1")
        return seed

    def has_details(self) -> bool:
        return bool(
            self.exercise or self.facilitator or self.venue or self.evaluators or self.participants
        )

    def where(self, file: str, *path: str | int) -> str:
        """`FILE:LINE` of an entry (or of its closest enclosing part the file defines)."""
        return _where(self._lines, file, path)


def _where(lines: dict[tuple[str | int, ...], int], file: str, path: tuple[Any, ...]) -> str:
    for end in range(len(path), 0, -1):
        line = lines.get(path[:end])
        if line:
            return f"{file}:{line}"
    return file


class ScriptError(ValueError):
    """A script that cannot be read or cannot be played; `lines` are ready to print."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))


def _entry(path: tuple[str | int, ...]) -> str:
    """`rate[0].rating` from ("rate", 0, "rating")."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_script(text: str, file: str) -> Script:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # in the words scenario files get
        raise ScriptError([toml_problem(str(exc), text).format(file)]) from None
    except RecursionError:
        raise ScriptError([nested_too_deeply(text).format(file)]) from None
    lines = LineIndex(text).lines
    try:
        script = Script.model_validate(data, strict=True)  # as a scenario: `turn = "1"` is text
    except RecursionError:
        raise ScriptError([nested_too_deeply(text).format(file)]) from None
    except ValidationError as exc:
        out = []
        for error in exc.errors():
            path = tuple(error["loc"])
            msg = str(error["msg"]).removeprefix("Value error, ")
            message = f"{msg[0].lower()}{msg[1:]}"
            out.append(f"{_where(lines, file, path)}: {_entry(path)}: {message}")
        raise ScriptError(out) from None
    script._lines = lines
    return script


def _check_turns(script: Script, turns: int, file: str) -> None:
    """Every entry for a turn past the calendar, as errors: such a turn never comes, so
    the entry would be dropped without a word (a typo for turn 5 written 50)."""
    out = []
    for kind in ("declare", "adjudicate", "answer", "inject", "note", "observe"):
        for index, item in enumerate(getattr(script, kind)):
            if item.turn > turns:
                out.append(
                    f"{script.where(file, kind, index)}: {kind}[{index}]: turn {item.turn} is "
                    f"past the calendar: the scenario has {turns} turns"
                )
    if out:
        raise ScriptError(out)


def run_script(session: Session, script: Script, file: str = "script") -> None:
    """Play the session to its end, taking the script's decisions where it gives them;
    then record the hotwash (ratings, improvement plan, feedback)."""

    def fail(kind: str, index: int, exc: ActionError | str) -> ScriptError:
        return ScriptError([f"{script.where(file, kind, index)}: {kind}[{index}]: {exc}"])

    def attempt(kind: str, index: int, command: Callable[[], Any]) -> None:
        try:
            command()
        except ActionError as exc:
            raise fail(kind, index, exc) from None

    _check_turns(script, len(session.scenario.turns), file)
    if script.has_details():
        try:
            session.set_details(
                exercise=script.exercise,
                facilitator=script.facilitator,
                venue=script.venue,
                evaluators=script.evaluators,
                participants=script.participants,
                by="script",
            )
        except ActionError as exc:
            raise ScriptError([f"{script.where(file, 'participants')}: {exc}"]) from None

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
            for i, note in enumerate(script.note):
                if note.turn == turn:
                    attempt(
                        "note",
                        i,
                        partial(session.note, note.text, note.tag, objective=note.objective),
                    )
            for i, seen in enumerate(script.observe):
                if seen.turn == turn:
                    attempt(
                        "observe",
                        i,
                        partial(
                            session.observe, seen.text, seen.objective, actor=seen.actor, by=seen.by
                        ),
                    )
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
                    raise fail(
                        "adjudicate",
                        i,
                        f"{ruling.actor} declared no '{ruling.move}' in turn {turn}",
                    )
                try:
                    session.adjudicate(match.seq, ruling.outcome, reason=ruling.reason, by="script")
                except ActionError as exc:
                    raise fail("adjudicate", i, exc) from None
            for declaration in list(session.state.pending()):
                session.computer_adjudicate(declaration.seq)
            for i, reply in enumerate(script.answer):
                if reply.turn != turn:
                    continue
                attempt(
                    "answer",
                    i,
                    partial(
                        session.answer_offer,
                        reply.offer,
                        reply.actor,
                        reply.answer,
                        terms=reply.terms,
                        effects=reply.effects,
                        reason=reply.reason,
                        by="script",
                    ),
                )
            for offer, actor in session.open_offers():
                if actor not in session.computer:  # the computer's own answer at the phase's end
                    session.answer_offer_by_computer(offer.seq, actor)
        elif phase == "consequences" and script.stop_after_turn == turn:
            session.end(None, note=f"the script stops after turn {turn}")
            break
        session.advance()
    _hotwash(session, script, attempt)


def _hotwash(
    session: Session,
    script: Script,
    attempt: Callable[[str, int, Callable[[], Any]], None],
) -> None:
    """The script's ratings, improvement plan and feedback, after the end, in order."""
    for i, rate in enumerate(script.rate):
        attempt(
            "rate",
            i,
            partial(
                session.rate,
                rate.objective,
                rate.rating,
                observation=rate.observation,
                strengths=rate.strengths,
                improvements=rate.improvements,
                by="script",
            ),
        )
    for i, item in enumerate(script.improve):
        attempt(
            "improve",
            i,
            partial(
                session.plan_improvement,
                item.issue,
                item.action,
                objective=item.objective,
                capability=item.capability,
                owner=item.owner,
                due=item.due,
                by="script",
            ),
        )
    for i, form in enumerate(script.feedback):
        attempt(
            "feedback",
            i,
            partial(
                session.feedback,
                form.worked,
                form.change,
                form.rating,
                participant=form.participant,
                actor=form.actor,
            ),
        )


def played_by(compiled: CompiledScenario, script: Script) -> dict[str, str]:
    """Who plays each actor in a scripted run, for the journal's header: `script` (the
    script declares its every move), `computer` (never scripted), or `script and
    computer` (the computer declares in the turns the script leaves out)."""
    out: dict[str, str] = {}
    for actor in compiled.actors:
        playing = {t + 1 for t in range(len(compiled.turns)) if compiled.takes_part(t, actor)}
        scripted = {d.turn for d in script.declare if d.actor == actor}
        if not scripted:
            out[actor] = "computer"
        elif playing <= scripted:
            out[actor] = "script"
        else:
            out[actor] = "script and computer"
    return out
