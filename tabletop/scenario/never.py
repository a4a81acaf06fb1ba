"""Conditions that can never hold given the tracks' ranges (a warning, not an error).

A simple interval analysis: a condition that is a comparison of a number track with a
constant (`tension > 10`, `3 >= tension`), or an `and` of such comparisons, is checked
against the range `min`..`max` the track is kept in. Anything else (an `or`, arithmetic,
two tracks compared) is taken as possible: the check only speaks when it is sure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from tabletop.scenario.expr_parse import Node

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


@dataclass
class _Interval:
    lo: float | None
    hi: float | None
    lo_open: bool = False
    hi_open: bool = False

    def empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        return self.lo > self.hi or (self.lo == self.hi and (self.lo_open or self.hi_open))

    def above(self, value: float, open_: bool) -> None:
        """Keep only what is above `value` (strictly when `open_`)."""
        if self.lo is None or value > self.lo or (value == self.lo and open_):
            self.lo, self.lo_open = value, open_

    def below(self, value: float, open_: bool) -> None:
        if self.hi is None or value < self.hi or (value == self.hi and open_):
            self.hi, self.hi_open = value, open_


def _comparisons(node: Node, out: list[tuple[str, str, float]]) -> None:
    """Add to `out` the (track, op, constant) comparisons `node` is, when it is one or an
    `and` chain of them; a part that is not one may hold, so it adds nothing. One list
    filled down the chain, not one a part: the loader asks this of every condition."""
    if node.kind != "bin":
        return
    op = node.op
    if op == "and":
        for arg in node.args:
            _comparisons(arg, out)
        return
    flipped = _FLIP.get(op)
    if flipped is None or len(node.args) != 2:
        return
    left, right = node.args
    if left.kind == "name" and right.kind == "lit" and left.type == "number":
        name, value = left.op, right.value
    elif right.kind == "name" and left.kind == "lit" and right.type == "number":
        name, op, value = right.op, flipped, left.value
    else:
        return
    if type(value) in _NUMBERS:
        out.append((name, op, _as_float(value)))  # type: ignore[arg-type]  # int or float


def _as_float(value: float) -> float:
    """The number as a float; a whole number too large for one is ±infinity (as far as a
    range can tell, it is)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


_NUMBERS = (int, float)
"""A literal's value is a number when its type is one of these (a bool is not: the
parser makes only these exact types)."""


def never_holds(node: Node, ranges: Mapping[str, tuple[float | None, float | None]]) -> str | None:
    """Why `node` can never be true given each track's (min, max), or None if it may be.

    Only number tracks with a known range count; the reason names the track's range.
    """
    found: list[tuple[str, str, float]] = []
    _comparisons(node, found)
    if not found:
        return None
    if len(found) == 1:  # the common case, without interval objects: the same answer
        name, op, value = found[0]
        if name not in ranges:
            return None
        low, high = ranges[name]
        if low is None or high is None or low <= high:
            return (
                f"'{name}' is kept {_range(low, high)}"
                if _impossible(low, high, op, value)
                else None
            )
    intervals: dict[str, _Interval] = {}
    for name, op, value in found:
        if name not in ranges:
            continue
        low, high = ranges[name]
        span = intervals.setdefault(name, _Interval(low, high))
        _narrow(span, op, value)
        if span.empty():
            alone = _Interval(low, high)
            _narrow(alone, op, value)
            if alone.empty():
                return f"'{name}' is kept {_range(low, high)}"
            return f"its comparisons of '{name}' cannot all hold at once"
    return None


def _impossible(low: float | None, high: float | None, op: str, value: float) -> bool:
    """Whether `track OP value` cannot hold for a track kept in `low`..`high` (closed,
    low <= high): what narrowing an `_Interval` of that range once makes empty."""
    if op == ">":
        return high is not None and value >= high
    if op == ">=":
        return high is not None and value > high
    if op == "<":
        return low is not None and value <= low
    if op == "<=":
        return low is not None and value < low
    if op == "==":
        return (high is not None and value > high) or (low is not None and value < low)
    return low is not None and low == high == value  # "!=": a range that is only `value`


def _narrow(span: _Interval, op: str, value: float) -> None:
    """Keep what `track OP value` allows."""
    if op in (">", ">="):
        span.above(value, op == ">")
    elif op in ("<", "<="):
        span.below(value, op == "<")
    elif op == "==":
        span.above(value, False)
        span.below(value, False)
    elif span.lo is not None and span.lo == span.hi == value and not span.lo_open:
        span.lo_open = True  # `x != 5` on a range that is only 5


def _range(low: float | None, high: float | None) -> str:
    if low is None:
        assert high is not None
        return f"at most {high:g}"
    if high is None:
        return f"at least {low:g}"
    return f"from {low:g} to {high:g}"
