"""The expression parser's fast path against its reference path, on many random texts.

    .venv/bin/python benchmarks/fuzz_expressions.py [TEXTS]

Makes TEXTS (default 240,000) random texts, a quarter each of: token soup (the
language's names, numbers, texts, operators and junk characters in any order and
spacing), loosely formed expressions (operators, parentheses, calls, `not`, unary minus;
some as effects), random characters, and well-typed expressions (mostly valid, some as
effects). Parses each with the fast path and with the reference path
(`Parser(..., lazy=True)`, the parser as it was before the fast path), as an expression
and as an effect, over two name tables; prints how many gave a tree, an error, and how
many differed (goal: 0). Text n comes from seed n, so a difference is reproduced by its
seed, printed with it.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.scenario.test_expr_paths import (
    JUNK,
    NAMES,
    NUMBERS,
    ODD_NAMES,
    OPERATORS,
    TEXTS,
    WORDS,
    effect_outcome,
    outcome,
)

SPACES = ["", "", " ", " ", "  ", "\t", "\u00a0", "\n"]
CHARS = "abcxyz_019 .()+-*/%<>=!,'\"[]{}:;#$^&|@~\\é²“\u00a0\t\n"


def soup(rng: random.Random) -> str:
    pools = [WORDS, NUMBERS, TEXTS, OPERATORS, JUNK]
    return "".join(
        rng.choice(SPACES) + rng.choice(rng.choice(pools)) for _ in range(rng.randint(0, 25))
    )


def well_formed(rng: random.Random, depth: int) -> str:
    if depth == 0 or rng.random() < 0.3:
        return rng.choice([*NAMES, *NUMBERS[:7], *TEXTS[:4], "true", "False"])
    kind = rng.randrange(6)
    sub = lambda: well_formed(rng, depth - 1)  # noqa: E731
    if kind == 0:
        return f"{sub()} {rng.choice(OPERATORS[:13])} {sub()}"
    if kind == 1:
        return f"{sub()} {rng.choice(['and', 'or'])} {sub()}"
    if kind == 2:
        return f"({sub()})"
    if kind == 3:
        return rng.choice(["-", "+", "not ", "- -"]) + sub()
    if kind == 4:
        name = rng.choice(["abs", "min", "max", "round", "clamp", "if", "nope"])
        return f"{name}({', '.join(sub() for _ in range(rng.randint(0, 4)))})"
    return f"{sub()}{rng.choice(OPERATORS)}{sub()}"


def typed(rng: random.Random, kind: str, depth: int) -> str:
    """A valid expression of `kind` (number, bool or level) over NAMES, mostly."""
    if depth == 0 or rng.random() < 0.25:
        leaves = {
            "number": ["tension", "turn", *NUMBERS[:7]],
            "bool": ["talks_open", "true", "False"],
            "level": ["alert", "phase2"],
        }
        return rng.choice(leaves[kind])
    sub = lambda k: typed(rng, k, depth - 1)  # noqa: E731
    paren = lambda t: f"({t})" if rng.random() < 0.7 else t  # noqa: E731
    if kind == "number":
        choice = rng.randrange(5)
        if choice == 0:
            return f"{paren(sub('number'))} {rng.choice(OPERATORS[:6])} {paren(sub('number'))}"
        if choice == 1:
            return f"-{paren(sub('number'))}"
        if choice == 2:
            return f"{paren(sub('number'))} ** {rng.randint(-10, 10)}"
        if choice == 3:
            name = rng.choice(["abs", "round", "min", "max", "clamp"])
            count = {"abs": 1, "round": 1, "clamp": 3}.get(name, rng.randint(2, 4))
            return f"{name}({', '.join(sub('number') for _ in range(count))})"
        return f"if({sub('bool')}, {sub('number')}, {sub('number')})"
    if kind == "bool":
        choice = rng.randrange(5)
        if choice == 0:
            return f"{paren(sub('bool'))} {rng.choice(['and', 'or'])} {paren(sub('bool'))}"
        if choice == 1:
            return f"not {paren(sub('bool'))}"
        if choice == 2:
            return f"{paren(sub('number'))} {rng.choice(OPERATORS[7:13])} {paren(sub('number'))}"
        if choice == 3:
            level = rng.choice([f"'{rng.choice(['low', 'medium', 'high'])}'", sub("level")])
            return f"{paren(sub('level'))} {rng.choice(OPERATORS[7:13])} {level}"
        return f"{paren(sub('bool'))} {rng.choice(['==', '!='])} {paren(sub('bool'))}"
    return f"if({sub('bool')}, {sub('level')}, {rng.choice(['alert', TEXTS[1]])})"


def text_for(seed: int) -> str:
    rng = random.Random(seed)
    kind = seed % 4
    if kind == 3:
        prefix = rng.choice(["", "", "tension += ", "talks_open = ", "alert = "])
        return prefix + typed(rng, rng.choice(["number", "bool", "level"]), rng.randint(1, 5))
    if kind == 0:
        return soup(rng)
    if kind == 1:
        prefix = rng.choice(["", "", "tension = ", "alert += ", "tension *= ", "talks_open ="])
        return prefix + well_formed(rng, rng.randint(1, 6))
    return "".join(rng.choice(CHARS) for _ in range(rng.randint(0, 40)))


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 240_000
    start = time.perf_counter()
    trees = errors = 0
    differ: list[str] = []
    for seed in range(count):
        text = text_for(seed)
        for names in (NAMES, ODD_NAMES):
            fast, reference = outcome(text, names, False), outcome(text, names, True)
            trees += fast[0] == "tree"
            errors += fast[0] == "error"
            if fast != reference:
                differ.append(f"seed {seed}: {text!r}: {fast} != {reference}")
            if effect_outcome(text, names, False) != effect_outcome(text, names, True):
                differ.append(f"seed {seed}: {text!r} as an effect")
    print(
        f"{count:,} texts, each parsed by both paths as an expression and as an effect over "
        f"two name tables: {trees:,} trees, {errors:,} errors, {len(differ)} differences "
        f"({time.perf_counter() - start:.0f} s)"
    )
    for line in differ[:10]:
        print("   ", line)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
