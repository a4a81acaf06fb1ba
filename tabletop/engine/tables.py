"""The scenario compiled once more, for the engine's hot loop: decision and effect tables.

A computer playthrough asks the same questions of the same scenario hundreds of times a
run: which of an actor's moves may it draw and with what weight, which outcome does a
roll select, which effects does an outcome apply to which tracks within which bounds. The
answers that do not depend on the state are worked out here once per scenario, so the
loop reads flat tuples and dicts instead of walking models (and the reason a doctrine
entry gives is a string, not formatted anew for every draw).

Built on a session's first need and kept on the `CompiledScenario` it describes
(`scenario.tables`): it lives and dies with the scenario, and a variant of a scenario
(`dataclasses.replace`) starts without one, unless `derive` gives it those of the
scenario it came from that it leaves alone. Nothing here changes what the engine
decides: every table holds what the models say, in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tabletop.engine.fused import fuse, fuse_due, fuse_effects, fuse_first, fuse_scores
from tabletop.scenario.bounds import bounded
from tabletop.scenario.compiled import (
    GRADE_FALLBACK,
    CompiledMove,
    CompiledOffer,
    CompiledOutcome,
    CompiledScenario,
    Evaluator,
    PlannedMove,
)
from tabletop.scenario.expressions import Effect, Expression

NO_DOCTRINE = "no doctrine: any available move"

Modifier = tuple[str, Evaluator, int | None, Evaluator | None]
"""A dice modifier ready to apply: (label, condition, its value when a constant (as
`dice.number` makes it), else None and the value's expression)."""
EffectStep = tuple[str, Evaluator, float | None, float | None, bool]
"""One effect ready to apply: (target, its function, low bound, high bound, whether the
target is a number track)."""


@dataclass(frozen=True, slots=True)
class ActorTable:
    """An actor's moves as the computer draws among them."""

    options: tuple[PlannedMove, ...]
    """(move, id, limit, precondition or None, doctrine entries): `plan_doctrine`'s."""
    has_doctrine: bool
    """Whether the actor has a doctrine (without one, every available move weighs 1)."""
    reasons: tuple[str, ...]
    """Each doctrine entry's reason, or its description when the scenario gives none."""
    fused: Callable[..., None] | None = None
    """The doctrine pass as one function (`fuse`): fills the options and weights lists as
    the loop over `options` would, without a call per expression. None when the actor
    has no doctrine or an expression's tree was not kept."""


@dataclass(frozen=True, slots=True)
class OutcomePlan:
    """One outcome of a catalogue move: what its adjudication records and applies."""

    outcome: CompiledOutcome
    id: str
    label: str
    narrative: str
    effects: tuple[EffectStep, ...]
    fused: Callable[..., list[list[Any]]] | None = None
    """`fuse_effects` of the effects."""


@dataclass(frozen=True, slots=True)
class MovePlan:
    """How a catalogue move is adjudicated, with everything that does not depend on the
    state looked up."""

    move: CompiledMove
    method: str
    outcomes: dict[str, OutcomePlan]
    """By outcome id."""
    ordered: tuple[tuple[Evaluator | None, OutcomePlan], ...]
    """For an auto move: each outcome's condition (None: always), in file order."""
    by_roll: dict[tuple[str, str | None], OutcomePlan]
    """The outcome a roll selects, by (result, grade): `CompiledMove.outcome_for`'s."""
    choice_ids: tuple[str, ...]
    choice_weights: tuple[float, ...]
    priced: bool
    """Whether the move has costs, diminishing returns or a public face (`_priced`)."""
    always_priced: bool
    """Whether its first use is priced too (costs or a public face): diminishing returns
    and repeat costs change nothing before a second use, so `_priced` is skipped then."""
    cost: tuple[EffectStep, ...]
    repeat_cost: tuple[EffectStep, ...]
    cost_fused: Callable[..., list[list[Any]]] | None
    """`fuse_effects` of the costs every use pays (what a first use, or a move without
    repeat costs, pays)."""
    dice: tuple[int, int, int] | None
    """For a roll: (dice count, sides, the rejection limit of one face: see `Draws`)."""
    modifiers: tuple[Modifier, ...]
    offer: OfferPlan | None = None


Answer = tuple[str, Evaluator, float, Evaluator | None, str]
"""An answer doctrine entry ready to weigh: (answer, condition, its weight when a constant
(else 0.0), the weight's expression (None for a constant), reason)."""


@dataclass(frozen=True, slots=True)
class Answering:
    """How one addressee may answer one offer (a first offer or a counter-offer)."""

    allowed: tuple[str, ...]
    """accept, reject, and counter where the offer may be countered, in that order."""
    entries: tuple[Answer, ...]
    """The offer's answer entries that count for this addressee, in file order."""


@dataclass(frozen=True, slots=True)
class Result:
    """What one answer to a move's offer does."""

    effects: tuple[EffectStep, ...]
    fused: Callable[..., list[list[Any]]] | None
    narrative: str


@dataclass(frozen=True, slots=True)
class OfferPlan:
    """A move's offer, ready for the computer to answer."""

    offer: CompiledOffer
    answering: dict[tuple[str, bool], Answering]
    """By (addressee, whether it answers the first offer rather than a counter): for the
    addressees of the offer and for the actors whose moves put it."""
    results: dict[str, Result]
    """By answer: accept, reject, counter and expire."""

    def answering_for(self, actor: str, first: bool) -> Answering:
        found = self.answering.get((actor, first))
        return found if found is not None else answering(self.offer, actor, first)


def answering(offer: CompiledOffer, actor: str, first: bool) -> Answering:
    """The answers `actor` may give to `offer` (`first`: not a counter-offer) and the
    doctrine entries that weigh them (an entry for every addressee counts for a first offer
    only; a counter-offer is never countered by the computer, so a chain of counters ends)."""
    allowed: tuple[str, ...] = ("accept", "reject")
    if first and offer.model.counter_terms:
        allowed = ("accept", "reject", "counter")
    entries = tuple(
        (
            entry.answer,
            entry.when.fn,
            entry.weight if isinstance(entry.weight, float) else 0.0,
            None if isinstance(entry.weight, float) else entry.weight.fn,
            entry.reason,
        )
        for entry in offer.answers
        if entry.answer in allowed
        and (entry.actor is not None or first)
        and (entry.actor is None or entry.actor == actor)
    )
    return Answering(allowed, entries)


@dataclass(frozen=True, slots=True)
class RulePlan:
    id: str
    repeat: bool
    when: Evaluator
    description: str
    narrative: str
    effects: tuple[EffectStep, ...]
    fused: Callable[..., list[list[Any]]] | None = None


@dataclass(frozen=True, slots=True)
class InjectPlan:
    turn_index: int | None
    """The 0-based turn it is due from (None: whenever `when` holds)."""
    when: Evaluator | None
    id: str
    title: str
    text: str
    effects: tuple[EffectStep, ...]
    fused: Callable[..., list[list[Any]]] | None = None


@dataclass(frozen=True, slots=True)
class Tables:
    """Every table of one scenario."""

    actors: dict[str, ActorTable]
    moves: dict[str, MovePlan]
    rules: tuple[RulePlan, ...]
    first_rule: Callable[..., int] | None
    """`fuse_first` over the rules' conditions (None: check them one by one)."""
    first_ending: Callable[..., int] | None
    """`fuse_first` over the conditions of the endings that have one, in file order."""
    endings: tuple[int, ...]
    """The index in `scenario.endings` of each ending `first_ending` checks."""
    injects: tuple[InjectPlan, ...]
    """The injects the scenario delivers itself (not those only delivered by hand), in
    file order."""
    first_due: Callable[..., int] | None = None
    """`fuse_due` over `injects` (None: check them one by one)."""
    scores: Callable[..., dict[str, dict[str, Any]]] | None = None
    """`fuse_scores` over every actor's objectives (None: score them one by one)."""


def tables(scenario: CompiledScenario) -> Tables:
    """The scenario's tables, built on first use and kept on the scenario."""
    found = scenario.tables
    if found is None:
        found = scenario.tables = build(scenario)
    return found  # type: ignore[return-value]


def effect_steps(
    effects: Sequence[Effect], bounds: Mapping[str, tuple[float | None, float | None]]
) -> tuple[EffectStep, ...]:
    """Effects ready to apply: each with its target's bounds (`bounds` is the scenario's
    `number_bounds`; a target not in it is not a number track)."""
    out = []
    for effect in effects:
        found = bounds.get(effect.target)
        low, high = found if found is not None else (None, None)
        out.append((effect.target, effect.fn, low, high, found is not None))
    return tuple(out)


def build(scenario: CompiledScenario) -> Tables:
    bounds = scenario.number_bounds

    def steps(effects: tuple[Effect, ...]) -> tuple[EffectStep, ...]:
        return effect_steps(effects, bounds)

    actors = {actor: _actor_table(scenario, actor) for actor in scenario.actors}
    moves = {move_id: _move_plan(move, steps, bounds) for move_id, move in scenario.moves.items()}
    rules = tuple(
        RulePlan(
            rule.model.id,
            rule.model.repeat,
            rule.when.fn,
            rule.model.description,
            rule.model.narrative,
            steps(rule.effects),
            fuse_effects(rule.effects, bounds),
        )
        for rule in scenario.rules
    )
    injects = tuple(
        InjectPlan(
            inject.turn_index,
            None if inject.when is None else inject.when.fn,
            inject.model.id,
            inject.model.title,
            inject.model.text,
            steps(inject.effects),
            fuse_effects(inject.effects, bounds),
        )
        for inject in scenario.injects.values()
        if inject.turn_index is not None or inject.when is not None
    )
    first_rule = fuse_first(
        [(rule.when, None if rule.model.repeat else rule.model.id) for rule in scenario.rules]
    )
    endings = tuple(i for i, e in enumerate(scenario.endings) if e.when is not None)
    first_ending = fuse_first(
        [(when, None) for i in endings if (when := scenario.endings[i].when) is not None]
    )
    first_due = fuse_due(
        [
            (inject.model.id, inject.turn_index, inject.when)
            for inject in scenario.injects.values()
            if inject.turn_index is not None or inject.when is not None
        ]
    )
    return Tables(
        actors,
        moves,
        rules,
        first_rule,
        first_ending,
        endings,
        injects,
        first_due,
        _scores(scenario),
    )


def _scores(scenario: CompiledScenario) -> Callable[..., dict[str, dict[str, Any]]] | None:
    return fuse_scores(
        {
            actor: [(o.id, o.score, o.weight) for o in objectives]
            for actor, objectives in scenario.objectives.items()
        }
    )


def derive(base: CompiledScenario, scenario: CompiledScenario) -> Tables:
    """The tables of `scenario`, a variant of `base` (`sim.variant.apply_variant`: moves
    banned, tracks started elsewhere, offers' answers forced), sharing every table of
    `base`'s (built now if not yet) that the variant leaves as it was.

    Each table is a function of the scenario parts it is built from; where the variant
    kept those parts (the same objects, or an equal doctrine plan), the table is the one
    `build` would make again. Only the actors whose catalogue lost a move and the moves
    whose offer changed are built anew: compiling the fused functions is what a table
    costs, and `simulate --effects` plays a variant for every catalogue move.
    """
    old = tables(base)
    bounds = scenario.number_bounds
    if (
        bounds != base.number_bounds
        or scenario.rules is not base.rules
        or scenario.injects is not base.injects
        or scenario.endings is not base.endings
        or scenario.doctrine is not base.doctrine
        or scenario.actors.keys() != base.actors.keys()
    ):
        return build(scenario)

    def steps(effects: tuple[Effect, ...]) -> tuple[EffectStep, ...]:
        return effect_steps(effects, bounds)

    actors = {
        actor: old.actors[actor]
        if scenario.doctrine_plan.get(actor, ()) == base.doctrine_plan.get(actor, ())
        else _actor_table(scenario, actor)
        for actor in scenario.actors
    }
    moves = {
        move_id: old.moves[move_id]
        if base.moves.get(move_id) is move
        else _move_plan(move, steps, bounds)
        for move_id, move in scenario.moves.items()
    }
    return Tables(
        actors,
        moves,
        old.rules,
        old.first_rule,
        old.first_ending,
        old.endings,
        old.injects,
        old.first_due,
        old.scores if scenario.objectives is base.objectives else _scores(scenario),
    )


def _actor_table(scenario: CompiledScenario, actor: str) -> ActorTable:
    doctrine = scenario.doctrine.get(actor, ())
    return ActorTable(
        scenario.doctrine_plan.get(actor, ()),
        bool(doctrine),
        tuple(reason(scenario, actor, j) for j in range(len(doctrine))),
        fuse(scenario, actor) if doctrine else None,
    )


def _move_plan(
    move: CompiledMove, steps: object, bounds: dict[str, tuple[float | None, float | None]]
) -> MovePlan:
    plan = {
        o.model.id: OutcomePlan(
            o,
            o.model.id,
            o.model.label,
            o.model.narrative,
            steps(o.effects),  # type: ignore[operator]
            fuse_effects(o.effects, bounds),
        )
        for o in move.outcomes
    }
    by_roll: dict[tuple[str, str | None], OutcomePlan] = {}
    for result in ("success", "failure"):
        for grade in (None, *GRADE_FALLBACK):
            by_roll[(result, grade)] = plan[move.outcome_for(result, grade).model.id]
    model = move.model
    adjudication = model.adjudication
    dice = None
    if adjudication.method in ("dice", "argument"):
        span = move.dice_sides
        dice = (move.dice_count, span, (1 << 64) - (1 << 64) % span)
    return MovePlan(
        move=move,
        method=adjudication.method,
        outcomes=plan,
        ordered=tuple(
            (None if o.when is None else o.when.fn, plan[o.model.id]) for o in move.outcomes
        ),
        by_roll=by_roll,
        choice_ids=tuple(o.model.id for o in move.outcomes),
        choice_weights=tuple(o.model.weight for o in move.outcomes),
        priced=bool(move.cost or move.repeat_cost or model.diminishing or move.deception),
        always_priced=bool(move.cost or move.deception),
        cost=steps(move.cost),  # type: ignore[operator]
        repeat_cost=steps(move.repeat_cost),  # type: ignore[operator]
        cost_fused=fuse_effects(move.cost, bounds),
        dice=dice,
        modifiers=tuple(
            (m.label, m.when.fn, None, m.value.fn)
            if isinstance(m.value, Expression)
            else (m.label, m.when.fn, int(bounded(float(m.value))), None)
            for m in move.modifiers
        ),
        offer=None if move.offer is None else _offer_plan(move, steps, bounds),
    )


def _offer_plan(
    move: CompiledMove, steps: object, bounds: dict[str, tuple[float | None, float | None]]
) -> OfferPlan:
    offer = move.offer
    assert offer is not None
    results = {}
    for answer in ("accept", "reject", "counter", "expire"):
        effects, narrative = offer.result(answer)
        results[answer] = Result(steps(effects), fuse_effects(effects, bounds), narrative)  # type: ignore[operator]
    keys = [(actor, True) for actor in offer.to] + [(move.model.actor, False)]
    return OfferPlan(offer, {key: answering(offer, *key) for key in keys}, results)


def reason(scenario: CompiledScenario, actor: str, entry: int) -> str:
    """A doctrine entry's reason, or a description of it when the scenario gives none."""
    doctrine = scenario.doctrine[actor][entry]
    if doctrine.reason:
        return doctrine.reason
    weight = doctrine.weight
    weight_text = f"{weight:g}" if isinstance(weight, float) else weight.text
    always = doctrine.when.text.strip() == "true"
    when = "" if always else f" when {doctrine.when.text}"
    return f"doctrine entry {entry + 1}: {doctrine.move}{when} (weight {weight_text})"
