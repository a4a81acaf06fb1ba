"""A validated scenario with every expression compiled: what the engine runs on.

These are the types only; `scenario/checks.py` builds them (`compile_scenario`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from tabletop.scenario.expressions import (
    Effect,
    Expression,
    NameType,
    compile_effect,
)
from tabletop.scenario.models import (
    Actor,
    Deception,
    Ending,
    ExerciseObjective,
    Inject,
    Move,
    Offer,
    Outcome,
    Rule,
    Scenario,
    Track,
    Turn,
)

Value = float | bool | str
BUILTINS: dict[str, NameType] = {"turn": NameType("number", assignable=False)}
"""Names every expression may read besides the tracks: `turn` is the 1-based turn number."""


@dataclass(frozen=True)
class CompiledOutcome:
    model: Outcome
    when: Expression | None
    effects: tuple[Effect, ...]


@dataclass(frozen=True)
class CompiledModifier:
    label: str
    value: Expression | int
    when: Expression


GRADE_FALLBACK: dict[str, tuple[str, ...]] = {
    "yes_and": ("yes_and", "success", "yes_but"),
    "yes_but": ("yes_but", "success", "yes_and"),
    "no_but": ("no_but", "failure", "no_and"),
    "no_and": ("no_and", "failure", "no_but"),
}
"""For a graded roll, the outcome results to look for, in order: its own grade, then
plain success or failure, then the other grade on its side."""
SUCCESS_SIDE = ("success", "yes_and", "yes_but")
FAILURE_SIDE = ("failure", "no_but", "no_and")


@dataclass(frozen=True)
class CompiledAnswer:
    """One entry of an offer's answer doctrine."""

    answer: str
    actor: str | None
    when: Expression
    weight: Expression | float
    reason: str


@dataclass(frozen=True)
class CompiledOffer:
    """A move's offer: its addressees and what each answer does."""

    model: Offer
    to: tuple[str, ...]
    accepted: tuple[Effect, ...]
    rejected: tuple[Effect, ...]
    countered: tuple[Effect, ...]
    expired: tuple[Effect, ...]
    answers: tuple[CompiledAnswer, ...]
    answer_from: int = 0
    """The 0-based index of `answer_from`'s turn (0: no such floor)."""

    def result(self, answer: str) -> tuple[tuple[Effect, ...], str]:
        """The effects and narrative of an answer (accept, reject, counter, expire)."""
        model = self.model
        if answer == "accept":
            return self.accepted, model.accepted.narrative
        if answer == "reject":
            return self.rejected, model.rejected.narrative
        if answer == "counter":
            return self.countered, model.countered.narrative
        return self.expired, model.expired.narrative


@dataclass(frozen=True)
class CompiledDeception:
    """A move's public face and who may see through it."""

    model: Deception
    observers: tuple[str, ...]
    modifier: Expression | int
    dice_count: int
    dice_sides: int
    seen: tuple[Effect, ...]


@dataclass(frozen=True)
class CompiledMove:
    model: Move
    requires: Expression
    outcomes: tuple[CompiledOutcome, ...]
    modifiers: tuple[CompiledModifier, ...]
    chance: Expression | float | None
    dice_count: int
    dice_sides: int
    cost: tuple[Effect, ...] = ()
    """Effects on the mover every use pays."""
    repeat_cost: tuple[Effect, ...] = ()
    """Paid once more per earlier use."""
    offer: CompiledOffer | None = None
    deception: CompiledDeception | None = None

    @property
    def id(self) -> str:
        return self.model.id

    def outcome(self, outcome_id: str) -> CompiledOutcome | None:
        for outcome in self.outcomes:
            if outcome.model.id == outcome_id:
                return outcome
        return None

    def auto_outcome(self, values: Mapping[str, Value]) -> CompiledOutcome:
        """The outcome an automatic move takes with these values: the first whose condition
        holds (one without a condition always does), else the last."""
        for outcome in self.outcomes:
            if outcome.when is None or outcome.when.fn(values) is True:
                return outcome
        return self.outcomes[-1]

    def outcome_for(self, result: str, grade: str | None = None) -> CompiledOutcome:
        """The outcome a roll selects: its grade's, else its side's (see GRADE_FALLBACK)."""
        for wanted in GRADE_FALLBACK.get(grade or "", (result,)):
            for outcome in self.outcomes:
                if outcome.model.result == wanted:
                    return outcome
        for outcome in self.outcomes:
            if outcome.model.result == result:
                return outcome
        return self.outcomes[0]


@dataclass(frozen=True)
class CompiledInject:
    model: Inject
    when: Expression | None
    effects: tuple[Effect, ...]
    turn_index: int | None


@dataclass(frozen=True)
class CompiledRule:
    model: Rule
    when: Expression
    effects: tuple[Effect, ...]


@dataclass(frozen=True)
class CompiledEnding:
    model: Ending
    when: Expression | None
    effects: tuple[Effect, ...] = ()


@dataclass(frozen=True)
class CompiledDoctrine:
    move: str
    when: Expression
    weight: Expression | float
    reason: str


@dataclass(frozen=True)
class CompiledObjective:
    id: str
    description: str
    score: Expression
    weight: float


Evaluator = Callable[[Mapping[str, object]], object]
"""A compiled expression's function: the values in, the result out."""
PlannedEntry = tuple[int, Evaluator | None, float, Evaluator | None]
"""A doctrine entry ready for the hot loop: (its index in the actor's doctrine, `when` or
None for always, constant weight, weight expression or None for the constant)."""
PlannedMove = tuple[CompiledMove, str, int | None, Evaluator | None, tuple[PlannedEntry, ...]]
"""An actor's move ready for the hot loop: (move, id, limit, precondition or None for
always, the doctrine entries that weigh it)."""


@dataclass
class CompiledScenario:
    """The scenario the engine plays: models plus compiled expressions and indices."""

    model: Scenario
    sha256: str = ""
    names: dict[str, NameType] = field(default_factory=dict)
    tracks: dict[str, Track] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    turns: tuple[Turn, ...] = ()
    moves: dict[str, CompiledMove] = field(default_factory=dict)
    moves_by_actor: dict[str, tuple[CompiledMove, ...]] = field(default_factory=dict)
    injects: dict[str, CompiledInject] = field(default_factory=dict)
    rules: tuple[CompiledRule, ...] = ()
    endings: tuple[CompiledEnding, ...] = ()
    doctrine: dict[str, tuple[CompiledDoctrine, ...]] = field(default_factory=dict)
    objectives: dict[str, tuple[CompiledObjective, ...]] = field(default_factory=dict)
    """Each actor's objectives (scored at the end)."""
    exercise: dict[str, ExerciseObjective] = field(default_factory=dict)
    """The exercise objectives (`[[scenario.objectives]]`), by id, in order: what the
    hotwash rates."""
    _participants: dict[int, tuple[tuple[str, ...], frozenset[str]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _effects: dict[str, Effect] = field(default_factory=dict, init=False, repr=False, compare=False)
    freeform: CompiledMove | None = None
    """How a free-form move is adjudicated: a move with a `success` and a `failure`
    outcome and the scenario's `[freeform.adjudication]` (see `models.Freeform`)."""
    freeform_stated: bool = False
    """Whether the scenario states `[freeform]` (else the facilitator chooses the outcome
    of a free-form move they record; a player's still gets the default argued 2d6)."""
    freeform_reach: dict[str, frozenset[str]] = field(default_factory=dict)
    """The tracks each actor's free-form moves may change when a player declares them:
    those its catalogue moves touch, plus those `[freeform.limits]` names."""
    doctrine_plan: dict[str, tuple[PlannedMove, ...]] = field(default_factory=dict)
    """Each actor's moves with their doctrine entries as plain tuples, for computer play
    (engine/doctrine.py): built with the scenario by `plan_doctrine`."""
    tables: object = field(default=None, init=False, repr=False, compare=False)
    """The engine's decision and effect tables for this scenario (`engine/tables.py`
    builds them on first play and types them): kept here, so they live and die with the
    scenario; a variant (`dataclasses.replace`) starts without them (`sim.variant` then
    gives it the ones it shares, `engine.tables.derive`)."""

    @property
    def id(self) -> str:
        return self.model.scenario.id

    @property
    def title(self) -> str:
        return self.model.scenario.title

    def initial_values(self) -> dict[str, Value]:
        values: dict[str, Value] = {}
        for track in self.model.tracks:
            initial = track.initial
            if isinstance(initial, float) and initial.is_integer():
                initial = int(initial)
            values[track.id] = initial
        return values

    def participants(self, turn_index: int) -> tuple[str, ...]:
        """The actors who act in a turn (every actor when the turn names none)."""
        return self._participation(turn_index)[0]

    def takes_part(self, turn_index: int, actor: str) -> bool:
        """Whether `actor` acts in a turn (a look-up, however many actors there are)."""
        return actor in self._participation(turn_index)[1]

    def _participation(self, turn_index: int) -> tuple[tuple[str, ...], frozenset[str]]:
        """A turn's participants, worked out once: asked on every command, they would
        otherwise cost a pass over every actor each time (quadratic in a large scenario)."""
        found = self._participants.get(turn_index)
        if found is None:
            named = self.turns[turn_index].participants
            actors = tuple(named) if named else tuple(self.actors)
            found = self._participants[turn_index] = (actors, frozenset(actors))
        return found

    @cached_property
    def number_bounds(self) -> dict[str, tuple[float | None, float | None]]:
        """(min, max) of every number track, by id: what an effect's new value is kept
        within (the engine looks it up for every change it makes)."""
        return {t.id: (t.min, t.max) for t in self.tracks.values() if t.type == "number"}

    def effect(self, text: str) -> Effect:
        """The effect `text` (free-form, or a counter-offer's) compiled against the
        scenario's names, once per text: computer play accepts the same counter-offer's
        effects again and again (ExpressionError, uncached, when it does not compile)."""
        found = self._effects.get(text)
        if found is None:
            found = self._effects[text] = compile_effect(text, self.names)
        return found

    def ending(self, ending_id: str) -> Ending | None:
        for ending in self.endings:
            if ending.model.id == ending_id:
                return ending.model
        return None

    def default_ending(self) -> Ending | None:
        for ending in self.endings:
            if ending.when is None:
                return ending.model
        return None


def _always(expression: Expression) -> bool:
    return expression.text.strip() == "true"


def plan_doctrine(scenario: CompiledScenario) -> dict[str, tuple[PlannedMove, ...]]:
    """Each actor's moves with the doctrine entries that weigh them, as tuples a hot loop
    unpacks (an always-true condition becomes None: no call at all)."""
    plan: dict[str, tuple[PlannedMove, ...]] = {}
    for actor, moves in scenario.moves_by_actor.items():
        by_move: dict[str, list[PlannedEntry]] = {}
        for j, entry in enumerate(scenario.doctrine.get(actor, ())):
            when = None if _always(entry.when) else entry.when.fn
            if isinstance(entry.weight, Expression):
                by_move.setdefault(entry.move, []).append((j, when, 0.0, entry.weight.fn))
            else:
                by_move.setdefault(entry.move, []).append((j, when, float(entry.weight), None))
        plan[actor] = tuple(
            (
                move,
                move.id,
                move.model.limit,
                None if _always(move.requires) else move.requires.fn,
                tuple(by_move.get(move.id, ())),
            )
            for move in moves
        )
    return plan
