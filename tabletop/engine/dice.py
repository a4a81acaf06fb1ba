"""Rolls and draws: every random number a session uses, derived from its seed.

Each roll gets its own generator seeded from the session seed and the seq of the
event that records it, so a roll never depends on what came before: replay reads
the recorded faces, resume and branch roll exactly as a fresh run would, and the
same seed always gives the same session.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

from tabletop.scenario.compiled import CompiledMove
from tabletop.scenario.expressions import Expression

_MIX = 0x9E3779B97F4A7C15


def rng_for(seed: int, seq: int) -> random.Random:
    """The generator for the event `seq` of a session with this seed."""
    return random.Random((seed * _MIX + seq) & 0xFFFFFFFFFFFFFFFF)


def weighted_choice(rng: random.Random, options: Sequence[Any], weights: Sequence[float]) -> Any:
    """Pick one option by weight; options with weight ≤ 0 are never picked."""
    total = sum(w for w in weights if w > 0)
    if total <= 0:
        return None
    point = rng.random() * total
    for option, weight in zip(options, weights, strict=True):
        if weight <= 0:
            continue
        point -= weight
        if point < 0:
            return option
    return next(o for o, w in zip(reversed(options), reversed(weights), strict=True) if w > 0)


def number(value: Expression | float | int, values: Mapping[str, object]) -> float:
    """Evaluate a number that may be a constant or an expression."""
    if isinstance(value, Expression):
        result = value(values)
        return float(result)  # type: ignore[arg-type]
    return float(value)


def roll_move(
    move: CompiledMove,
    values: Mapping[str, object],
    rng: random.Random,
    reasons: int,
) -> dict[str, Any]:
    """Roll a dice or probability move; the fields of a `dice_rolled` event."""
    adj = move.model.adjudication
    if adj.method == "probability":
        chance = min(1.0, max(0.0, number(move.chance or 0.0, values)))
        draw = rng.random()
        return {
            "method": "probability",
            "chance": round(chance, 6),
            "draw": round(draw, 6),
            "result": "success" if draw < chance else "failure",
        }
    faces = [rng.randint(1, move.dice_sides) for _ in range(move.dice_count)]
    modifiers = [
        [mod.label, int(number(mod.value, values))] for mod in move.modifiers if mod.when(values) is True
    ]
    bonus = reasons * adj.reason_bonus
    total = sum(faces) + sum(value for _, value in modifiers) + bonus
    target = adj.target or 0
    return {
        "method": "dice",
        "dice": adj.dice,
        "faces": faces,
        "modifiers": modifiers,
        "reasons": reasons,
        "reason_bonus": bonus,
        "total": total,
        "target": target,
        "result": "success" if total >= target else "failure",
    }
