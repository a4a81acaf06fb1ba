"""The bound every number in a session stays within, and the clamp that keeps it there.

A scenario's numbers are refused at load time when they are not finite or are larger
than `LIMIT` in size; what expressions compute at run time (a track grown by `x *= x`
every turn, a weight that overflows to infinity, `0 * inf`) is clamped to it when it is
applied, so a session can always advance and its journal never holds NaN or Infinity.
"""

from __future__ import annotations

import math

LIMIT = 10**15
"""The largest size of any number in a scenario or a session (10^15, exact as a float)."""


def bounded(value: float, fallback: float = 0) -> float:
    """`value` within ±LIMIT; NaN (no meaningful value) becomes `fallback`."""
    if value != value:  # NaN
        return fallback
    if value > LIMIT:
        return LIMIT
    if value < -LIMIT:
        return -LIMIT
    return value


def as_float(value: float) -> float:
    """`float(value)`, where a whole number past a float's range (expressions keep whole
    numbers exact: `(10 ** 10) ** 10 * …`) is ±infinity, for `bounded` to
    clamp: float() raises OverflowError for it."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def usable(value: float) -> bool:
    """Whether a number may appear in a scenario: finite and at most LIMIT in size."""
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return -LIMIT <= value <= LIMIT
