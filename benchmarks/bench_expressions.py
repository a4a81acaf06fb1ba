"""Compiled scenario expressions vs hand-written Python lambdas.

Run: .venv/bin/python benchmarks/bench_expressions.py

Both sides evaluate the same ~10 expressions over the same ~1000 state dicts; each timing
is the best of several repeats. An expression has one way to be called, `expr.fn(state)`
(the compiled function itself); the goal of the "all" line is engine / lambdas <= 1.2.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from tabletop.scenario.expressions import (
    NameType,
    compile_effect,
    compile_expression,
)

GOAL = 1.2
REPEATS = 7
LEVELS = ("low", "medium", "high")
NAMES = {
    "troops_near_border": NameType("number"),
    "talks_open": NameType("bool"),
    "tension": NameType("number"),
    "sanctions_level": NameType("number"),
    "alert": NameType("level", LEVELS),
    "casualties": NameType("number"),
    "blockade": NameType("bool"),
    "turn": NameType("number", assignable=False),
}

Fn = Callable[[Any], object]


# (expression text, the same written by hand as a Python lambda)
CASES: list[tuple[str, Fn]] = [
    (
        "troops_near_border >= 150000 and talks_open",
        lambda s: s["troops_near_border"] >= 150000 and s["talks_open"],
    ),
    (
        "clamp(tension + 2 * sanctions_level, 0, 10)",
        lambda s: min(max(s["tension"] + 2 * s["sanctions_level"], 0), 10),
    ),
    ('alert == "high" or not talks_open', lambda s: s["alert"] == "high" or not s["talks_open"]),
    (
        "if(talks_open, 1, -1) * max(tension, 3)",
        lambda s: (1 if s["talks_open"] else -1) * max(s["tension"], 3),
    ),
    (
        "tension > 7 and (blockade or casualties >= 100)",
        lambda s: s["tension"] > 7 and (s["blockade"] or s["casualties"] >= 100),
    ),
    ("casualties / turn", lambda s: s["casualties"] / s["turn"] if s["turn"] else 0),
    (
        "tension * 1.5 - sanctions_level / 2",
        lambda s: s["tension"] * 1.5 - s["sanctions_level"] / 2,
    ),
    (
        'turn >= 3 and alert != "low" and not blockade',
        lambda s: s["turn"] >= 3 and s["alert"] != "low" and not s["blockade"],
    ),
    ("abs(tension - 5) <= 2", lambda s: abs(s["tension"] - 5) <= 2),
    (
        "min(troops_near_border // 1000, 300) + turn % 4",
        lambda s: min(s["troops_near_border"] // 1000, 300) + s["turn"] % 4,
    ),
]
EFFECT = (
    "tension += if(blockade, 2, 1) * 0.5",
    lambda s: s["tension"] + (2 if s["blockade"] else 1) * 0.5,
)


def make_states(count: int, seed: int = 7) -> list[dict[str, object]]:
    rng = random.Random(seed)
    return [
        {
            "troops_near_border": rng.randrange(0, 300_000),
            "talks_open": rng.random() < 0.5,
            "tension": rng.choice([rng.randrange(0, 11), rng.uniform(0, 10)]),
            "sanctions_level": rng.randrange(0, 5),
            "alert": rng.choice(LEVELS),
            "casualties": rng.randrange(0, 500),
            "blockade": rng.random() < 0.3,
            "turn": rng.randrange(0, 12),
        }
        for _ in range(count)
    ]


def best_time(fns: Sequence[Fn], states: list[dict[str, object]]) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        for fn in fns:
            for state in states:
                fn(state)
        best = min(best, time.perf_counter() - start)
    return best


def _row(engine: float, lambdas: float, text: str) -> None:
    print(f"  {engine * 1e3:7.3f} ms vs {lambdas * 1e3:7.3f} ms  x{engine / lambdas:4.2f}  {text}")


def main() -> None:
    states = make_states(1000)
    compiled = [compile_expression(text, NAMES) for text, _ in CASES]
    effect = compile_effect(EFFECT[0], NAMES)
    for expr, (text, ref) in zip(compiled, CASES, strict=True):  # same answers, or no race
        assert all(expr.fn(s) == ref(s) for s in states), text
    assert all(effect.fn(s) == EFFECT[1](s) for s in states)

    print(f"{len(CASES)} expressions + 1 effect x {len(states)} states, best of {REPEATS}")
    for (text, ref), expr in zip(CASES, compiled, strict=True):
        t_engine, t_lambda = best_time([expr.fn], states), best_time([ref], states)
        _row(t_engine, t_lambda, text)
    t_eff, t_eff_ref = best_time([effect.fn], states), best_time([EFFECT[1]], states)
    _row(t_eff, t_eff_ref, EFFECT[0])

    engine = best_time([e.fn for e in compiled], states)
    lambdas = best_time([ref for _, ref in CASES], states)
    ratio = engine / lambdas
    print(f"all, engine (expr.fn):     {engine * 1e3:8.3f} ms")
    print(f"all, plain lambdas:        {lambdas * 1e3:8.3f} ms")
    print(f"ratio engine / lambdas = {ratio:.2f}")
    verdict = "MEETS" if ratio <= GOAL else "MISSES"
    print(f"verdict: {verdict} the goal (within {GOAL:.1f}x of hand-written lambdas): x{ratio:.2f}")


if __name__ == "__main__":
    main()
