"""What can be done now, and why not: the answers the session's queries give.

In the spirit of OpenSpiel's `legal_actions`: a surface (the TUI's footer, palette and
dialogs, the command line, a seat) asks the session what it may offer instead of
re-deciding the rules, and the session's commands refuse with the very same `Refusal`
(one code path: a command raises the refusal its query gives).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tabletop.engine import errors
from tabletop.engine.expr_words import condition_words
from tabletop.engine.state import Declaration, OfferState, State
from tabletop.engine.wording import quoted, times
from tabletop.scenario.compiled import CompiledMove, CompiledScenario

Action = Literal[
    "advance", "declare", "adjudicate", "inject", "note", "evaluate", "undo", "redo", "end"
]
"""A facilitator's action on a session, by name (each is one or more Session commands).

`evaluate` is the evaluation's record: session details, observations, the hotwash's
ratings, the improvement plan and participant feedback (any time, after the end too)."""

ACTIONS: tuple[Action, ...] = (
    "advance",
    "declare",
    "adjudicate",
    "inject",
    "note",
    "evaluate",
    "undo",
    "redo",
    "end",
)
"""Every action, in the order a turn uses them."""


@dataclass(frozen=True)
class Refusal:
    """Why something cannot be done now: the error the command raises, and its message."""

    error: type[errors.ActionError]
    why: str
    """In words a facilitator understands, lower-case first (a surface may capitalise)."""

    def exception(self) -> errors.ActionError:
        """The exception the command raises for this refusal."""
        return self.error(self.why)


@dataclass(frozen=True)
class ActionOption:
    """One action, and why it cannot be done now (None: it can)."""

    action: Action
    refusal: Refusal | None = None

    @property
    def available(self) -> bool:
        return self.refusal is None

    @property
    def why(self) -> str:
        return self.refusal.why if self.refusal else ""


@dataclass(frozen=True)
class ActorOption:
    """An actor a move could be declared for now, or why not."""

    actor: str
    refusal: Refusal | None = None

    @property
    def available(self) -> bool:
        return self.refusal is None

    @property
    def why(self) -> str:
        return self.refusal.why if self.refusal else ""


@dataclass(frozen=True)
class MoveOption:
    """A catalogue move as the declare dialog shows it: can it be declared now, if not why."""

    move: CompiledMove
    refusal: Refusal | None = None
    holds: bool = True
    """Whether the move's precondition holds now."""
    uses: int = 0
    """How often the move has been taken this session (its limit counts these)."""

    @property
    def available(self) -> bool:
        return self.refusal is None

    @property
    def why(self) -> str:
        return self.refusal.why if self.refusal else ""


@dataclass(frozen=True)
class Modifier:
    """A dice modifier that applies now."""

    label: str
    value: int


@dataclass(frozen=True)
class OutcomeOption:
    """One outcome of a declared move, with its chance as things stand."""

    id: str
    label: str
    effects: tuple[str, ...]
    """The effects as the scenario writes them (expressions), in order."""
    chance: float | None
    """The probability the rules give it now (0..1): before a roll, the roll's odds;
    after it (or for an automatic move), 1 for the outcome the rules give and 0 for the
    rest. None for the facilitator's choice."""
    natural: bool
    """Whether it is the outcome the rules give now (after the roll, for dice)."""


@dataclass(frozen=True)
class Odds:
    """How a declared move is adjudicated now: method, modifiers, each outcome's chance."""

    declaration: Declaration
    method: str
    """choice, dice, probability or auto."""
    modifiers: tuple[Modifier, ...]
    """The dice modifiers that apply in this state (dice only)."""
    reasons: int
    """Reasons argued for minus reasons against."""
    reason_bonus: int
    """What the argued reasons add to a dice total (dice only)."""
    target: int | None
    """The total needed to succeed (dice only)."""
    needed: int | None
    """What the dice faces must add up to, after modifiers and reasons (dice only)."""
    success: float | None
    """The chance of a `success` result before the roll (dice and probability)."""
    rolled: bool
    """Whether the dice have been rolled (or the probability drawn) already."""
    natural: str | None
    """The outcome the rules give now (None: a choice, or a roll still to make)."""
    outcomes: tuple[OutcomeOption, ...]
    refusal: Refusal | None = None
    """Why it cannot be adjudicated now (None: it can)."""

    @property
    def can_roll(self) -> bool:
        """Whether a roll (or draw) is still to make: dice or probability, not rolled."""
        return self.refusal is None and self.method in ("dice", "probability") and not self.rolled


def move_options(scenario: CompiledScenario, state: State, actor: str) -> list[MoveOption]:
    """Every move in the actor's catalogue, each with whether it can be declared now (as
    far as the move goes; the session's `why_not("declare", actor=...)` says whether the
    actor can declare at all). Pure, so a team's view (engine/audience.py) asks it too."""
    out: list[MoveOption] = []
    declared = {d.move for d in state.declared_by(actor)}
    for move in scenario.moves_by_actor.get(actor, ()):
        limit = move.model.limit
        uses = state.uses.get(move.id, 0)
        holds = move.requires.fn(state.values) is True
        refusal: Refusal | None = None
        if limit is not None and uses >= limit:
            refusal = Refusal(
                errors.LimitReached,
                f"already taken {times(int(limit))}, the most the scenario allows",
            )
        elif move.id in declared:
            refusal = Refusal(errors.AlreadyDeclared, ALREADY_DECLARED)
        elif not holds:
            refusal = Refusal(
                errors.PreconditionFailed, f"needs: {condition_words(scenario, move.requires.text)}"
            )
        out.append(MoveOption(move, refusal, holds, uses))
    return out


ANSWERS = ("accept", "reject", "counter")
"""The answers an addressee can give an offer."""


@dataclass(frozen=True)
class AnswerOption:
    """An offer an actor may be asked to answer, and why it cannot answer now (None: it can)."""

    offer: OfferState
    refusal: Refusal | None = None

    @property
    def available(self) -> bool:
        return self.refusal is None


NOT_STARTED = "the session has not started a turn yet"
ALREADY_DECLARED = "already declared this turn"


def declare_phase_refusal(phase: str) -> Refusal | None:
    """Why no move can be declared in `phase` (None: the declaration phase)."""
    if phase == "declaration":
        return None
    return Refusal(
        errors.WrongPhase,
        f"moves are declared in the declaration phase; it is the {phase} phase now",
    )


def argue_phase_refusal(phase: str) -> Refusal | None:
    """Why the floor is closed in `phase` (None: the adjudication phase)."""
    if phase == "adjudication":
        return None
    return Refusal(
        errors.WrongPhase, f"the floor opens in the adjudication phase; it is the {phase} phase now"
    )


def not_taking_part(name: str) -> Refusal:
    """The refusal for an actor (by `name`) that takes no part in the current turn."""
    return Refusal(errors.NotParticipating, f"{name} takes no part in this turn")


def offer_refusal(state: State, offer: OfferState, actor: str) -> Refusal | None:
    """Why `actor` cannot answer `offer` now (None: it can)."""
    if state.over:
        return Refusal(errors.SessionOver, "the session has ended")
    if actor not in offer.to:
        return Refusal(errors.OfferClosed, f"the offer is not addressed to {actor}")
    answer = offer.answers.get(actor)
    if answer == "expired":
        return Refusal(errors.OfferClosed, "the offer has expired")
    if answer is not None:
        return Refusal(errors.OfferClosed, f"{actor} has answered it already ({answer})")
    if state.turn < offer.opens:
        return Refusal(errors.OfferClosed, f"it can be answered from turn {offer.opens + 1}")
    if state.turn > offer.closes:
        return Refusal(errors.OfferClosed, "the offer has expired")
    return None


def answer_options(state: State, actor: str) -> list[AnswerOption]:
    """The offers addressed to `actor` still waiting for its answer, each with why it
    cannot be answered now (not open yet) — what a console, a seat or a script offers."""
    return [
        AnswerOption(offer, offer_refusal(state, offer, actor))
        for offer in state.offers.values()
        if actor in offer.to and actor not in offer.answers
    ]


def argue_refusal(scenario: CompiledScenario, state: State, seq: int, actor: str) -> Refusal | None:
    """Why `actor`'s team cannot argue for or against the move declared at `seq` now (None:
    it can). The floor is open in the adjudication phase, for another team's move that is
    not sealed from the room and not yet rolled (a roll counts the reasons argued so far)."""
    if state.over:
        return Refusal(errors.SessionOver, "the session has ended")
    if actor not in scenario.actors:
        return Refusal(errors.UnknownActor, f"there is no actor '{actor}'")
    closed = argue_phase_refusal(state.phase)
    if closed is not None:
        return closed
    declaration = state.declaration(seq)
    if declaration is None:
        return Refusal(errors.UnknownDeclaration, f"no move #{seq} was declared this turn")
    if declaration.actor == actor:
        return Refusal(errors.ActionError, "a team argues for its own move when it declares it")
    if declaration.secret:
        return Refusal(errors.ActionError, "a sealed move cannot be argued until it is revealed")
    if declaration.adjudication is not None:
        return Refusal(
            errors.AlreadyAdjudicated, f"{quoted(declaration.label)} has been adjudicated already"
        )
    if declaration.roll is not None:
        return Refusal(errors.ActionError, f"{quoted(declaration.label)} has been rolled already")
    return None


def answer_refusal(
    scenario: CompiledScenario, state: State, question: int, actor: str
) -> Refusal | None:
    """Why `actor`'s team cannot answer discussion question `question` (from 0) of the
    current turn now (None: it can)."""
    if state.over:
        return Refusal(errors.SessionOver, "the session has ended")
    if actor not in scenario.actors:
        return Refusal(errors.UnknownActor, f"there is no actor '{actor}'")
    if not 0 <= state.turn < len(scenario.turns):
        return Refusal(errors.WrongPhase, NOT_STARTED)
    questions = scenario.turns[state.turn].questions
    if not 0 <= question < len(questions):
        return Refusal(errors.ActionError, f"this turn has no discussion question {question + 1}")
    return None
