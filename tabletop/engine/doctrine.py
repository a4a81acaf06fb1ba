"""Computer play: choose an actor's move by the doctrine its scenario gives it.

Among the actor's moves that can be declared now (precondition holds, under the limit,
not declared this turn), each gets the sum of the weights of the doctrine entries for it
whose `when` holds; a move is then drawn with probability weight / total, using the
generator the session derives from its seed. The choice carries the doctrine entry that
weighed most for the chosen move, so the journal can say why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tabletop.engine.dice import Rng, weighted_choice
from tabletop.engine.state import State
from tabletop.engine.tables import NO_DOCTRINE, ActorTable, Answering, answering, reason, tables
from tabletop.scenario.bounds import LIMIT, as_float
from tabletop.scenario.compiled import CompiledMove, CompiledOffer, CompiledScenario, PlannedEntry


@dataclass(frozen=True)
class Choice:
    """A move the computer chose, and why."""

    move: CompiledMove
    reason: str
    weight: float
    """The move's total doctrine weight now."""
    entry: int | None = None
    """Index (0-based) in the actor's doctrine of the entry that weighed most for the move;
    None when the actor has no doctrine."""
    chance: float = 1.0
    """The probability the draw had of picking this move: weight / total weight."""


def available(scenario: CompiledScenario, state: State, actor: str) -> list[CompiledMove]:
    """The actor's moves whose precondition holds, under their limit, not yet declared."""
    values = state.values
    uses = state.uses
    declared = {d.move for d in state.declared_by(actor)}
    return [
        move
        for move, move_id, limit, requires, _ in scenario.doctrine_plan.get(actor, ())
        if (limit is None or uses.get(move_id, 0) < limit)
        and move_id not in declared
        and (requires is None or requires(values) is True)
    ]


def _weight(entries: tuple[PlannedEntry, ...], values: Mapping[str, object]) -> tuple[float, int]:
    """A move's doctrine weight now, and its strongest entry (-1 when none applies)."""
    total = 0.0
    best = 0.0
    strongest = -1
    for j, when, constant, expression in entries:
        if when is not None and when(values) is not True:
            continue
        weight = constant if expression is None else as_float(expression(values))  # type: ignore[arg-type]
        if not weight > 0:  # also refuses NaN
            continue
        if weight > LIMIT:  # an overflowing weight (inf) would break the draw
            weight = LIMIT
        total += weight
        if weight > best:
            best = weight
            strongest = j
    return total, strongest


def _reason(scenario: CompiledScenario, actor: str, entry: int) -> str:
    """The entry's reason, or a description of it when the scenario gives none."""
    return reason(scenario, actor, entry)


def weigh(
    scenario: CompiledScenario, values: Mapping[str, object], actor: str, moves: list[CompiledMove]
) -> tuple[list[float], list[str]]:
    """Each move's doctrine weight, with the reason of its strongest entry."""
    if not scenario.doctrine.get(actor):
        return [1.0] * len(moves), [NO_DOCTRINE] * len(moves)
    entries = {move_id: found for _, move_id, _, _, found in scenario.doctrine_plan.get(actor, ())}
    weights: list[float] = []
    reasons: list[str] = []
    for move in moves:
        weight, strongest = _weight(entries.get(move.id, ()), values)
        weights.append(weight)
        reasons.append(_reason(scenario, actor, strongest) if strongest >= 0 else "")
    return weights, reasons


def choose(scenario: CompiledScenario, state: State, actor: str, rng: Rng) -> Choice | None:
    """Draw a move by doctrine weight; None when the doctrine allows nothing now.

    The same draw as `weighted_choice` over `available()` with `weigh()`'s weights, in one
    pass: moves of weight 0 are left out, as the draw would never pick them.
    """
    drawn = draw(scenario, state, actor, rng)
    return None if drawn is None else Choice(*drawn)


def draw(
    scenario: CompiledScenario,
    state: State,
    actor: str,
    rng: Rng,
    considered: set[str] | None = None,
) -> tuple[CompiledMove, str, float, int | None, float] | None:
    """`choose()` as a plain tuple (move, reason, weight, entry, chance): for the hot loop.

    `considered`, when given, collects the id of every move the draw could have picked
    (available, positive weight). A move never considered in a run cannot have changed
    it: `simulate --effects` relies on that to skip replaying such runs without it.
    """
    table = tables(scenario).actors.get(actor)
    if table is None:
        return None
    return pick(table, state, actor, rng, considered)


def pick(
    table: ActorTable,
    state: State,
    actor: str,
    rng: Rng,
    considered: set[str] | None = None,
) -> tuple[CompiledMove, str, float, int | None, float] | None:
    """`draw()` over the actor's table (engine/tables.py): one pass over its options."""
    options, weights = weigh_options(table, state, actor, considered)
    return drawn(table, options, weights, rng.random()) if options else None


def drawn(
    table: ActorTable, options: list[tuple[CompiledMove, int]], weights: list[float], unit: float
) -> tuple[CompiledMove, str, float, int | None, float]:
    """The option `unit` (the generator's draw in [0, 1)) picks by weight, as `pick()`
    gives it: `weighted_choice()`, inlined (every weight here is > 0)."""
    total = sum(weights)
    point = unit * total
    picked = len(weights) - 1
    for i, weight in enumerate(weights):
        point -= weight
        if point < 0:
            picked = i
            break
    move, strongest = options[picked]
    weight = weights[picked]
    chance = weight / total
    if not table.has_doctrine:
        return move, NO_DOCTRINE, weight, None, chance
    return move, table.reasons[strongest], weight, strongest, chance


def weigh_options(
    table: ActorTable, state: State, actor: str, considered: set[str] | None = None
) -> tuple[list[tuple[CompiledMove, int]], list[float]]:
    """The moves the actor may draw now, each with its doctrine's strongest entry (-1:
    none), and their weights (all > 0): one pass over the table's options."""
    values = state.values
    uses = state.uses
    mine = state.by_actor.get(actor)
    declared = {d.move for d in mine} if mine else ()
    has_doctrine = table.has_doctrine
    options: list[tuple[CompiledMove, int]] = []
    weights: list[float] = []
    moves = table.options
    if not has_doctrine:
        for move, move_id, limit, requires, _ in moves:
            if limit is not None and uses.get(move_id, 0) >= limit:
                continue
            if move_id in declared:
                continue
            if requires is None or requires(values) is True:
                options.append((move, -1))
                weights.append(1.0)
    fused = table.fused
    if fused is not None:
        try:
            fused(values, uses, declared, options, weights)
        except ArithmeticError:  # an overflow: the loop below, whose expressions recover
            options.clear()
            weights.clear()
        else:
            moves = ()
    for move, move_id, limit, requires, entries in moves if has_doctrine else ():
        if not entries:  # no entry weighs it: never drawn
            continue
        if limit is not None and uses.get(move_id, 0) >= limit:
            continue
        if move_id in declared:
            continue
        # The weight first, then the precondition: both are pure, so the order changes
        # nothing but the time taken.
        if len(entries) == 1:  # the common case, without the loop
            strongest, when, total, expression = entries[0]
            if when is not None and when(values) is not True:
                continue
            if expression is not None:
                total = as_float(expression(values))  # type: ignore[arg-type]
                total = LIMIT if total > LIMIT else total if total > 0 else 0.0
        else:  # _weight(), inlined: the call costs ~15% of a playthrough of the default
            total = 0.0
            best = 0.0
            strongest = -1
            for j, when, constant, expression in entries:
                if when is not None and when(values) is not True:
                    continue
                weight = constant if expression is None else float(expression(values))  # type: ignore[arg-type]
                if not weight > 0:  # also refuses NaN
                    continue
                if weight > LIMIT:  # an overflowing weight (inf) would break the draw
                    weight = LIMIT
                total += weight
                if weight > best:
                    best = weight
                    strongest = j
        if total > 0 and (requires is None or requires(values) is True):
            options.append((move, strongest))
            weights.append(total)
    if considered is not None:
        considered.update(option[0].model.id for option in options)
    return options, weights


def choose_answer(
    offer: CompiledOffer, counter_of: int | None, actor: str, values: Mapping[str, object], rng: Rng
) -> tuple[str, str]:
    """How a computer-played addressee answers an offer: (answer, reason).

    The offer's `answers` entries for this actor (and, for the first offer, those for
    every addressee) that hold now add up per answer; the draw is by weight. Without an
    entry that holds, accept and reject (and counter, where the scenario gives counter
    terms) are equally likely. A counter-offer is never countered by the computer (so a
    chain of counters ends).
    """
    return answer_by(answering(offer, actor, counter_of is None), values, rng)


def answer_by(plan: Answering, values: Mapping[str, object], rng: Rng) -> tuple[str, str]:
    """`choose_answer()` over the entries that count (engine/tables.py's `answering`)."""
    allowed = plan.allowed
    totals = dict.fromkeys(allowed, 0.0)
    reasons: dict[str, tuple[float, str]] = {}
    for answer, when, constant, expression, why in plan.entries:
        if when(values) is not True:
            continue
        weight = constant if expression is None else float(expression(values))  # type: ignore[arg-type]
        if not weight > 0:  # also refuses NaN
            continue
        if weight > LIMIT:
            weight = LIMIT
        totals[answer] += weight
        found = reasons.get(answer)
        if found is None or weight > found[0]:
            reasons[answer] = (weight, why)
    if reasons:  # some entry holds with a weight
        weights = [totals[a] for a in allowed]
        answer = weighted_choice(rng, allowed, weights) or allowed[0]
        chance = totals[answer] / sum(totals.values())
        found = reasons.get(answer)
        why = found[1] if found is not None else ""
        return answer, why or f"doctrine: {answer} (chance {chance:.0%})"
    answer = weighted_choice(rng, allowed, [1.0] * len(allowed)) or allowed[0]
    return answer, NO_DOCTRINE
