"""Computer play: choose an actor's move by the doctrine its scenario gives it."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

from tabletop.engine.dice import number, weighted_choice
from tabletop.engine.state import State
from tabletop.scenario.compiled import CompiledMove, CompiledScenario


@dataclass(frozen=True)
class Choice:
    """A move the computer chose, and why."""

    move: CompiledMove
    reason: str
    weight: float


def available(scenario: CompiledScenario, state: State, actor: str) -> list[CompiledMove]:
    """The actor's moves whose precondition holds, under their limit, not yet declared."""
    values = state.values
    declared = {d.move for d in state.declarations if d.actor == actor}
    out = []
    for move in scenario.moves_by_actor.get(actor, ()):
        limit = move.model.limit
        if limit is not None and state.uses.get(move.id, 0) >= limit:
            continue
        if move.id in declared:
            continue
        if move.requires(values) is True:
            out.append(move)
    return out


def weigh(
    scenario: CompiledScenario, values: Mapping[str, object], actor: str, moves: list[CompiledMove]
) -> tuple[list[float], list[str]]:
    """Each move's doctrine weight, with the reason of its strongest entry."""
    doctrine = scenario.doctrine.get(actor, ())
    if not doctrine:
        return [1.0] * len(moves), ["no doctrine: any available move"] * len(moves)
    index = {move.id: i for i, move in enumerate(moves)}
    weights = [0.0] * len(moves)
    best = [0.0] * len(moves)
    reasons = [""] * len(moves)
    for entry in doctrine:
        i = index.get(entry.move)
        if i is None or entry.when(values) is not True:
            continue
        weight = number(entry.weight, values)
        if weight <= 0:
            continue
        weights[i] += weight
        if weight > best[i]:
            best[i] = weight
            reasons[i] = entry.reason
    return weights, reasons


def choose(
    scenario: CompiledScenario, state: State, actor: str, rng: random.Random
) -> Choice | None:
    """Draw a move by doctrine weight; None when the doctrine allows nothing now."""
    moves = available(scenario, state, actor)
    if not moves:
        return None
    weights, reasons = weigh(scenario, state.values, actor, moves)
    picked = weighted_choice(rng, list(range(len(moves))), weights)
    if picked is None:
        return None
    return Choice(moves[picked], reasons[picked], weights[picked])
