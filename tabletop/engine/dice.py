"""Rolls and draws: every random number a session uses, derived from its seed.

Each roll gets its own generator seeded from the session seed and the seq of the
event that records it, so a roll never depends on what came before: replay reads
the recorded faces, resume and branch roll exactly as a fresh run would, and the
same seed always gives the same session.

The generator is SplitMix64 (Steele, Lea and Flood, 2014) keyed by (seed, seq): a few
integer operations to start, where seeding a Mersenne Twister (`random.Random`) for
every roll cost more than the rest of a computer playthrough's adjudication.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from tabletop.scenario.bounds import as_float, bounded
from tabletop.scenario.compiled import CompiledMove
from tabletop.scenario.expressions import Evaluator, Expression

_MIX = 0x9E3779B97F4A7C15
_MASK = 0xFFFFFFFFFFFFFFFF
_TO_UNIT = 1.0 / (1 << 53)


class Rng(Protocol):
    """What the engine asks of a generator (a `random.Random` has it too)."""

    def random(self) -> float: ...

    def randint(self, a: int, b: int) -> int: ...


class Draws:
    """A SplitMix64 stream: `random()` in [0, 1) with 53 bits, `randint(a, b)` unbiased."""

    __slots__ = ("_state",)

    def __init__(self, key: int) -> None:
        # the SplitMix64 finaliser of the key: nearby keys (seq, seq + 1) start far apart
        z = key & _MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        self._state = z ^ (z >> 31)

    def next64(self) -> int:
        """The next 64 random bits."""
        z = self._state = (self._state + _MIX) & _MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def random(self) -> float:
        return (self.next64() >> 11) * _TO_UNIT

    def randint(self, a: int, b: int) -> int:
        """A whole number from a to b inclusive, each equally likely (rejection sampling)."""
        span = b - a + 1
        if span <= 0:
            raise ValueError(f"empty range for randint({a}, {b})")
        limit = (1 << 64) - (1 << 64) % span
        while True:
            x = self.next64()
            if x < limit:
                return a + x % span


def rng_for(seed: int, seq: int) -> Draws:
    """The generator for the event `seq` of a session with this seed."""
    return Draws(seed * _MIX + seq)


def first_unit(seed: int, seq: int) -> float:
    """`rng_for(seed, seq).random()`, without making the generator: the hot loop's draws
    take one number from an event's generator (a doctrine draw, a probability)."""
    z = (seed * _MIX + seq) & _MASK  # Draws.__init__
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    z = ((z ^ (z >> 31)) + _MIX) & _MASK  # next64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return ((z ^ (z >> 31)) >> 11) * _TO_UNIT


def weighted_choice(rng: Rng, options: Sequence[Any], weights: Sequence[float]) -> Any:
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
        result = value.fn(values)
        return bounded(as_float(result))  # type: ignore[arg-type]
    return bounded(float(value))


def modifiers_now(move: CompiledMove, values: Mapping[str, object]) -> list[tuple[str, int]]:
    """The dice modifiers whose condition holds in this state, as (label, value)."""
    return [
        (mod.label, int(number(mod.value, values)))
        for mod in move.modifiers
        if mod.when.fn(values) is True
    ]


def chance_now(move: CompiledMove, values: Mapping[str, object]) -> float:
    """A probability move's chance of success in this state, within 0..1."""
    return min(1.0, max(0.0, number(move.chance or 0.0, values)))


def at_least(count: int, sides: int, total: int) -> float:
    """The probability that `count` dice of `sides` faces add up to `total` or more.

    Exact, by the distribution of the sum built one die at a time (a running sum keeps
    each step linear, so even 99d100 takes a fraction of a second).
    """
    if total <= count:
        return 1.0
    if total > count * sides:
        return 0.0
    dist = [1.0]  # dist[s]: the probability of a sum of s (over the dice so far)
    for _ in range(count):
        prefix = [0.0]
        for p in dist:
            prefix.append(prefix[-1] + p)
        size = len(dist) + sides - 1
        dist = [
            (prefix[min(s + 1, len(dist))] - prefix[max(0, s + 1 - sides)]) / sides
            for s in range(size)
        ]
    # dist[i] is the probability of a sum of count + i
    return min(1.0, sum(dist[total - count :]))


ARGUMENT_TARGET = 7
"""The total an argued roll needs when the move sets no target: 2d6 ≥ 7 (Engle's matrix
game), a little better than even before the reasons."""
ARGUMENT_MARGIN = 3
"""How far from the target an argued free-form roll is a "yes, and" or a "no, and"."""


def target_of(move: CompiledMove) -> int:
    """The total a dice or argued roll of this move needs."""
    target = move.model.adjudication.target
    return target if target is not None else ARGUMENT_TARGET


def grade(total: int, target: int, margin: int) -> str:
    """A total's matrix-game grade: "yes_and" at target + margin or more, "yes_but" from
    the target up, "no_but" within the margin below it, "no_and" further below."""
    if total >= target + margin:
        return "yes_and"
    if total >= target:
        return "yes_but"
    if total >= target - margin:
        return "no_but"
    return "no_and"


def success_chance(
    move: CompiledMove, values: Mapping[str, object], reasons: int, argued: bool = False
) -> tuple[float, int | None]:
    """A dice, argued or probability move's chance of `success` now, and for a roll the
    faces' total it needs (after modifiers and reasons); the odds `roll_move` rolls against."""
    adj = move.model.adjudication
    if adj.method == "probability" and not argued:
        return chance_now(move, values), None
    bonus = sum(value for _, value in modifiers_now(move, values)) + reasons * adj.reason_bonus
    needed = target_of(move) - bonus
    return at_least(move.dice_count, move.dice_sides, needed), needed


def roll_move(
    move: CompiledMove,
    values: Mapping[str, object],
    rng: Rng,
    strong: tuple[int, int],
    argued: bool = False,
) -> dict[str, Any]:
    """Roll a dice, argued or probability move; the fields of a `dice_rolled` event.

    `strong` is (strong reasons for, strong reasons against); each adds (takes) the move's
    `reason_bonus`. `argued`: roll the matrix game's argued dice for a move whose method
    is something else (the facilitator's call at the table).
    """
    adj = move.model.adjudication
    if adj.method == "probability" and not argued:
        chance = chance_now(move, values)
        draw = rng.random()
        return {
            "method": "probability",
            "chance": round(chance, 6),
            "draw": round(draw, 6),
            "result": "success" if draw < chance else "failure",
        }
    faces = [rng.randint(1, move.dice_sides) for _ in range(move.dice_count)]
    modifiers = modifiers_now(move, values)
    reasons = strong[0] - strong[1]
    bonus = reasons * adj.reason_bonus
    total = sum(faces) + sum(value for _, value in modifiers) + bonus
    target = target_of(move)
    return {
        "method": "dice" if adj.method == "dice" else "argument",
        "dice": adj.dice,
        "faces": faces,
        "modifiers": [[label, value] for label, value in modifiers],
        "reasons": reasons,
        "strong_for": strong[0],
        "strong_against": strong[1],
        "reason_bonus": bonus,
        "total": total,
        "target": target,
        "grade": grade(total, target, adj.margin),
        "result": "success" if total >= target else "failure",
    }


def roll_dice(
    event: dict[str, Any],
    move: CompiledMove,
    dice: tuple[int, int, int],
    planned: Sequence[tuple[str, Evaluator, int | None, Evaluator | None]],
    values: Mapping[str, object],
    seed: int,
    seq: int,
    strong: tuple[int, int],
) -> None:
    """`roll_move()` of a dice or argument move not argued, written into `event`: the same
    fields in the same order, from the same draws (`rng_for(seed, seq)`'s, drawn here
    without making the generator). `dice` is (count, sides, the rejection limit of
    `randint(1, sides)`) and `planned` the move's modifiers (label, condition, constant
    value or None, value expression), worked out once per move (engine/tables.py)."""
    adj = move.model.adjudication
    count, sides, limit = dice
    z = (seed * _MIX + seq) & _MASK  # Draws.__init__
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    state = z ^ (z >> 31)
    faces = []
    total = 0
    for _ in range(count):  # randint(1, sides): next64() until below the limit
        while True:
            state = (state + _MIX) & _MASK
            z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
            x = z ^ (z >> 31)
            if x < limit:
                face = 1 + x % sides
                faces.append(face)
                total += face
                break
    modifiers: list[list[Any]] = []
    for label, when, constant, expression in planned:  # modifiers_now()
        if when(values) is True:
            if constant is None:
                constant = int(bounded(float(expression(values))))  # type: ignore[arg-type, misc]
            modifiers.append([label, constant])
    reasons = strong[0] - strong[1]
    bonus = reasons * adj.reason_bonus
    total += bonus
    for modifier in modifiers:
        total += modifier[1]
    target = adj.target if adj.target is not None else ARGUMENT_TARGET
    event["method"] = "dice" if adj.method == "dice" else "argument"
    event["dice"] = adj.dice
    event["faces"] = faces
    event["modifiers"] = modifiers
    event["reasons"] = reasons
    event["strong_for"] = strong[0]
    event["strong_against"] = strong[1]
    event["reason_bonus"] = bonus
    event["total"] = total
    event["target"] = target
    margin = adj.margin  # grade(), inlined
    event["grade"] = (
        "yes_and"
        if total >= target + margin
        else "yes_but"
        if total >= target
        else "no_but"
        if total >= target - margin
        else "no_and"
    )
    event["result"] = "success" if total >= target else "failure"


def roll_chance(event: dict[str, Any], chance: float, unit: float) -> None:
    """`roll_move()` of a probability move not argued, written into `event`: `chance` is
    `chance_now()`'s and `unit` the event's draw (`first_unit`)."""
    event["method"] = "probability"
    event["chance"] = round(chance, 6)
    event["draw"] = round(unit, 6)
    event["result"] = "success" if unit < chance else "failure"


def roll_argument(rng: Rng, strong: tuple[int, int]) -> dict[str, Any]:
    """The argued roll of a free-form move: 2d6 + strong for − strong against, against 7."""
    faces = [rng.randint(1, 6), rng.randint(1, 6)]
    reasons = strong[0] - strong[1]
    total = sum(faces) + reasons
    return {
        "method": "argument",
        "dice": "2d6",
        "faces": faces,
        "modifiers": [],
        "reasons": reasons,
        "strong_for": strong[0],
        "strong_against": strong[1],
        "reason_bonus": reasons,
        "total": total,
        "target": ARGUMENT_TARGET,
        "grade": grade(total, ARGUMENT_TARGET, ARGUMENT_MARGIN),
        "result": "success" if total >= ARGUMENT_TARGET else "failure",
    }
