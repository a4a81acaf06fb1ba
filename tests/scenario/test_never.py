"""The never-holds warning's shortcut for one comparison against its interval analysis."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tabletop.scenario.expr_parse import NameType, Node, parse_expression
from tabletop.scenario.never import _comparisons, never_holds

NAMES = {"x": NameType("number"), "y": NameType("number")}
OPS = st.sampled_from(["<", "<=", ">", ">=", "==", "!="])
BOUNDS = st.one_of(st.none(), st.integers(-3, 3))
VALUES = st.one_of(st.integers(-4, 4), st.sampled_from(["0.5", "-2.5", "3.0"]))


@given(BOUNDS, BOUNDS, OPS, VALUES, st.booleans())
def test_given_one_comparison_then_the_shortcut_says_what_the_intervals_say(
    low: int | None, high: int | None, op: str, value: int | str, flipped: bool
) -> None:
    """Given a track kept in low..high and one comparison of it with a number, when checked
    alone (the shortcut) and beside a comparison of a track without a range (the interval
    analysis), then both give the same reason, or both none."""
    if low is not None and high is not None and low > high:
        low, high = high, low  # a range with min above max is an error, never checked
    comparison = f"{value} {op} x" if flipped else f"x {op} {value}"
    ranges = {"x": (low, high)}
    alone = never_holds(parse_expression(comparison, NAMES), ranges)
    beside = never_holds(parse_expression(f"{comparison} and y > 0", NAMES), ranges)
    assert alone == beside


def test_given_a_comparison_outside_the_range_then_it_never_holds() -> None:
    node = parse_expression("x > 10", NAMES)
    assert never_holds(node, {"x": (0, 10)}) == "'x' is kept from 0 to 10"
    assert never_holds(node, {"x": (0, 11)}) is None


def _with_huge(text: str) -> Node:
    """`text` parsed, its literal 7 replaced by 1 and 400 zeros (the parser refuses such a
    literal, see tests/engine/test_bounds.py; the never-holds check is kept safe anyway,
    since it may be handed any tree)."""

    def swap(node: Node) -> Node:
        if node.kind == "lit" and node.value == 7:
            return node._replace(value=10**400)
        return node._replace(args=tuple(swap(arg) for arg in node.args))

    return swap(parse_expression(text, NAMES))


def test_given_a_number_beyond_floats_then_it_is_compared_as_infinite() -> None:
    """Given a comparison with a whole number too large for a float (1 and 400 zeros, which
    `float()` refuses), then it is checked as ±infinity rather than failing validation."""
    assert never_holds(_with_huge("x >= 7"), {"x": (0, 10)}) == "'x' is kept from 0 to 10"
    assert never_holds(_with_huge("x > -7"), {"x": (0, 10)}) is None
    assert never_holds(_with_huge("x <= 7 and y > 0"), {"x": (0, 10)}) is None


def _comparisons_before(node: Node) -> list[tuple[str, str, float]] | None:
    """`never._comparisons` as it was, a list a part (the reference it is checked
    against: it now fills one list down the `and` chain)."""
    if node.kind != "bin":
        return None
    op = node.op
    if op == "and":
        out: list[tuple[str, str, float]] = []
        for arg in node.args:
            out += _comparisons_before(arg) or []
        return out
    flip = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
    if op not in flip or len(node.args) != 2:
        return None
    left, right = node.args
    if left.kind == "name" and right.kind == "lit" and left.type == "number":
        name, value = left.op, right.value
    elif right.kind == "name" and left.kind == "lit" and right.type == "number":
        name, op, value = right.op, flip[op], left.value
    else:
        return None
    if type(value) not in (int, float):
        return None
    return [(name, op, float(value))]  # type: ignore[arg-type]


MIXED = {**NAMES, "f": NameType("bool"), "lv": NameType("level", ("low", "high"))}
PARTS = st.sampled_from(
    ["x > 1", "2 <= y", "x == 0.5", "-3 != x", "f", "not f", "x + 1 > 2", "x < y",
     "lv == 'high'", "true", "f == (x > 1)", "x >= -2 or y < 1", "(y > 2 and x < 0)"]
)  # fmt: skip


@given(st.lists(PARTS, min_size=1, max_size=5), st.lists(st.sampled_from(["and", "or"])))
def test_given_any_condition_then_its_comparisons_are_those_found_before(
    parts: list[str], joins: list[str]
) -> None:
    """Given a condition made of comparisons, flags, arithmetic, `and` and `or`, then
    the comparisons the never-holds check reads are those a list a part found."""
    text = parts[0]
    for part, join in zip(parts[1:], [*joins, *["and"] * len(parts)], strict=False):
        text += f" {join} {part}"
    node = parse_expression(text, MIXED)
    found: list[tuple[str, str, float]] = []
    _comparisons(node, found)
    assert found == (_comparisons_before(node) or [])
