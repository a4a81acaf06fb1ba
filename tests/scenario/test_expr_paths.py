"""The expression parser's fast path against its reference path, on any text.

`Parser(text, names, lazy=True)` reads tokens one at a time and builds every node through
`prefix` and `binary`: the parser as it was before validation got its fast path (all
tokens read by one `findall`, common nodes built inline in `expr`). Whatever the text,
both must give the same tree (same nodes, columns and value types) and the same names
read, or the same error (message and column). benchmarks/fuzz_expressions.py runs the
same comparison on many more texts.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.scenario.expr_parse import (
    ExpressionError,
    NameType,
    Node,
    Parser,
    _all_tokens,
    _tokens,
    names_read,
)
from tabletop.scenario.expressions import _parse_effect
from tests.scenario.test_expressions import GEN_NAMES, Tree, bools, levels, numbers, render

LEVELS = ("low", "medium", "high")
NAMES: dict[str, NameType] = {
    "tension": NameType("number"),
    "talks_open": NameType("bool"),
    "alert": NameType("level", LEVELS),
    "mood": NameType("level", ("high", "low")),
    "phase2": NameType("level", ("low", "medium", "high")),
    "turn": NameType("number", assignable=False),
}
ODD_NAMES: dict[str, NameType] = {
    **NAMES,
    # names no scenario can define, but the parser takes any mapping
    **{"and": NameType("bool"), "max": NameType("number"), "true": NameType("number")},
    **{"if": NameType("bool"), "lambda": NameType("number"), "not": NameType("bool")},
}
WORDS = [
    *NAMES,
    *("and", "or", "not", "true", "false", "True", "False", "if", "abs", "min", "max"),
    *("round", "clamp", "lambda", "in", "is", "None", "x", "tension2", "_", "import"),
]
NUMBERS = ["0", "1", "7", "10", "2.5", "1_000", "1.", ".5", "1__0", "1e3", "0x1", "007", "3.2.1"]
TEXTS = ["'low'", '"high"', '"medium"', "'nope'", '""', "'lo w'", '"', "'", 'f"x"', "b'low'"]
OPERATORS = [
    *("+", "-", "*", "/", "//", "%", "**", "<", "<=", ">", ">=", "==", "!=", "="),
    *("+=", "-=", "*=", "/=", "//=", "%=", "**=", "(", ")", ",", ":=", "!", "<>"),
]
JUNK = [".", "[", "]", "{", "}", ":", ";", "#", "$", "^", "&", "|", "@", "~", "\\", "`"]
JUNK += ["“", "”", "é", "²", "\n", "\t", "\u00a0", "\x00", "\u2028"]
SPACES = st.sampled_from(["", "", " ", " ", "  ", "\t", "\u00a0", "\n"])
TOKEN = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(NUMBERS),
    st.sampled_from(TEXTS),
    st.sampled_from(OPERATORS),
    st.sampled_from(JUNK),
    st.text(max_size=3),
)


def _walk(node: Node) -> list[Node]:
    out, stack = [], [node]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(n.args)
    return out


def outcome(text: str, names: Mapping[str, NameType], lazy: bool) -> tuple[object, ...]:
    """What parsing gives: ("tree", repr of the tree, names read) or ("error", ...)."""
    try:
        parser = Parser(text, names, lazy)
        node = parser.finish(parser.expr(0, 0))
    except ExpressionError as exc:
        return ("error", exc.message, exc.column)
    read = {n.op for n in _walk(node) if n.kind == "name"}
    assert names_read(node) == read  # what an expression's `names` gives when first read
    return ("tree", repr(node), sorted(read))


def effect_outcome(text: str, names: Mapping[str, NameType], lazy: bool) -> tuple[object, ...]:
    try:
        target, op, node, value_text = _parse_effect(text, names, lazy)
    except ExpressionError as exc:
        return ("error", exc.message, exc.column)
    return ("effect", target, op, repr(node), value_text)


def assert_same(text: str) -> None:
    for names in (NAMES, ODD_NAMES):
        assert outcome(text, names, False) == outcome(text, names, True), text
        assert effect_outcome(text, names, False) == effect_outcome(text, names, True), text


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(SPACES, TOKEN), max_size=30), SPACES)
def test_given_token_soup_then_both_paths_give_the_same_tree_or_error(
    pieces: list[tuple[str, str]], tail: str
) -> None:
    """Given the language's tokens, junk and random characters in any order and spacing,
    then the fast path and the reference path agree."""
    assert_same("".join(space + token for space, token in pieces) + tail)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_given_any_text_then_both_paths_give_the_same_tree_or_error(text: str) -> None:
    assert_same(text)


def _well_formed(depth: int) -> st.SearchStrategy[str]:
    """Texts that mostly parse: values joined by operators, in parentheses and calls."""
    atom = st.sampled_from([*NAMES, *NUMBERS[:7], *TEXTS[:4], "true", "False"])
    if depth == 0:
        return atom
    sub = _well_formed(depth - 1)
    return st.one_of(
        atom,
        st.builds(lambda a, op, b: f"{a} {op} {b}", sub, st.sampled_from(OPERATORS[:13]), sub),
        st.builds(lambda a, op, b: f"{a}{op}{b}", sub, st.sampled_from(["and", "or"]), sub),
        st.builds(lambda a: f"({a})", sub),
        st.builds(lambda op, a: f"{op}{a}", st.sampled_from(["-", "+", "not ", "- -"]), sub),
        st.builds(
            lambda f, args: f"{f}({', '.join(args)})",
            st.sampled_from(["abs", "min", "max", "round", "clamp", "if", "nope"]),
            st.lists(sub, max_size=4),
        ),
    )


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_well_formed(4), st.sampled_from(["", "tension = ", "alert += ", "tension *= "]))
def test_given_well_formed_expressions_then_both_paths_agree(text: str, prefix: str) -> None:
    """Mostly valid expressions (and effects), where the fast path builds its nodes."""
    assert_same(prefix + text)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(bools(4), numbers(4), levels(3)), st.integers(0, 2**32))
def test_given_well_typed_expressions_then_both_paths_give_the_same_tree(
    tree: Tree, seed: int
) -> None:
    """Valid expressions of every kind (from the evaluation tests' grammar), with extra
    parentheses here and there: the trees the fast path builds are the reference's."""
    rng = random.Random(seed)
    text, _ = render(tree, lambda: rng.random() < 0.1)
    fast, reference = outcome(text, GEN_NAMES, False), outcome(text, GEN_NAMES, True)
    assert fast == reference
    assert fast[0] == "tree" or "power" in str(fast[1])  # ** takes a plain number only


def test_given_limits_then_both_paths_agree() -> None:
    """The node count, the nesting depth and the length limits, at and past each."""
    for text in (
        " + ".join(["tension"] * 100),
        " + ".join(["tension"] * 101),
        " and ".join(["alert == 'high'"] * 66),
        " and ".join(["alert == 'high'"] * 67),
        "(" * 32 + "1" + ")" * 32,
        "(" * 33 + "1" + ")" * 33,
        "-" * 40 + "1",
        "not " * 40 + "true",
        "1" * 1000,
        "1" * 1001,
        "2 ** 10",
        "2 ** 11",
        "2 ** -10",
        "tension ** tension",
    ):
        assert_same(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(SPACES, TOKEN), max_size=20))
def test_given_any_text_then_the_tokens_read_at_once_are_those_read_one_by_one(
    pieces: list[tuple[str, str]],
) -> None:
    """`_all_tokens` gives every token `_tokens` gives, or None (then the parser reads
    with `_tokens`): it never gives other tokens."""
    text = "".join(space + token for space, token in pieces)
    fast = _all_tokens(text)
    if fast is not None:
        assert fast == list(_tokens(text))
