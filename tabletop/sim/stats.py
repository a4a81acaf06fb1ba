"""The statistics of a simulation: Wilson score intervals, percentiles, exact means.

Everything here is deterministic and independent of the order the runs finished in:
means use `math.fsum` (exactly rounded, so the order of the terms does not matter) and
percentiles sort their input.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

Z95 = 1.959963984540054
"""The 97.5th percentile of the standard normal distribution: a two-sided 95% interval."""


def wilson_interval(count: int, total: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion of `count` successes in `total` trials.

    Unlike the normal approximation (p ± z·√(p(1-p)/n)) it stays within [0, 1] and is
    not degenerate at 0 or `total` successes: with 0 of 100 the 95% interval is about
    [0, 0.037]. `total` 0 gives (0, 1): nothing is known.
    """
    if total <= 0:
        return 0.0, 1.0
    if not 0 <= count <= total:
        raise ValueError(f"count {count} is not between 0 and {total}")
    n = float(total)
    p = count / n
    z2 = z * z
    denominator = 1.0 + z2 / n
    centre = (p + z2 / (2.0 * n)) / denominator
    half = (z / denominator) * math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n))
    low = 0.0 if count == 0 else max(0.0, centre - half)
    high = 1.0 if count == total else min(1.0, centre + half)
    return low, high


def percentile(ordered: Sequence[float], q: float) -> float:
    """The q-th quantile (0 ≤ q ≤ 1) of sorted data, interpolating linearly between ranks.

    This is the common "type 7" definition (numpy's and R's default): the position is
    h = (n - 1)·q in the 0-based sorted data, and the value is interpolated between the
    values on either side of h.
    """
    if not ordered:
        raise ValueError("no data")
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"q must be between 0 and 1, not {q}")
    h = (len(ordered) - 1) * q
    low = math.floor(h)
    high = min(low + 1, len(ordered) - 1)
    a, b = ordered[low], ordered[high]
    if a == b:
        return a
    return a + (h - low) * (b - a)


def nearest_rank(ordered: Sequence[float], q: float) -> float:
    """The q-th quantile by nearest rank: always one of the data values (for levels, flags)."""
    if not ordered:
        raise ValueError("no data")
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def mean(values: Sequence[float]) -> float:
    """The arithmetic mean, exactly rounded whatever the order of the values."""
    if not values:
        raise ValueError("no data")
    return math.fsum(values) / len(values)


def difference_interval(
    first: int, first_total: int, second: int, second_total: int, z: float = Z95
) -> tuple[float, float, float]:
    """The difference of two independent proportions, first/first_total − second/second_total,
    with Newcombe's (1998) hybrid score interval (his method 10 for independent samples):
    each proportion's Wilson interval, the distances to them added in quadrature. Like the
    Wilson interval it stays within [−1, 1] and is no point at 0 or all. Both totals must
    be positive. Returns (difference, low, high)."""
    p1, p2 = first / first_total, second / second_total
    l1, u1 = wilson_interval(first, first_total, z)
    l2, u2 = wilson_interval(second, second_total, z)
    delta = p1 - p2
    low = delta - math.hypot(p1 - l1, u2 - p2)
    high = delta + math.hypot(u1 - p1, p2 - l2)
    return delta, max(-1.0, low), min(1.0, high)


def paired_difference(
    both: int, first_only: int, second_only: int, neither: int, z: float = Z95
) -> tuple[float, float, float]:
    """The difference of two paired proportions, first − second, with its interval.

    For n pairs of yes/no results: `both` pairs yes in both, `first_only` yes only in the
    first, `second_only` yes only in the second, `neither` no in both. The difference is
    (first_only − second_only) / n; the interval is Tango's (1998) asymptotic score
    interval: every difference that the score test does not reject at level z. It stays
    within [−1, 1], holds its level where few pairs differ (the usual case in --effects,
    where the Newcombe interval used before held a difference of 1 in 100 runs only about
    two times in three), and when no pair differs it is ±z²/(n+z²), not a point.
    Returns (difference, low, high).
    """
    n = both + first_only + second_only + neither
    if n <= 0:
        return 0.0, -1.0, 1.0
    b, c = first_only, second_only
    delta = (b - c) / n
    low = -1.0 if c == n else _bisect(lambda d: _tango(b, c, n, d) - z, -1.0, delta)
    high = 1.0 if b == n else _bisect(lambda d: _tango(b, c, n, d) + z, delta, 1.0)
    return delta, low, high


def _tango(b: int, c: int, n: int, delta: float) -> float:
    """Tango's score statistic for the paired difference `delta`, with the chance of a
    'second only' pair at its maximum likelihood under that difference (a closed form)."""
    w = (2 * n - b + c) * delta - b - c
    q = (math.sqrt(max(0.0, w * w + 8.0 * n * c * delta * (1.0 - delta))) - w) / (4.0 * n)
    variance = n * (2.0 * q + delta * (1.0 - delta))
    excess = b - c - n * delta
    if variance <= 0.0:
        return math.copysign(math.inf, excess) if excess else 0.0
    return excess / math.sqrt(variance)


def _bisect(f: Callable[[float], float], low: float, high: float) -> float:
    """The root of a decreasing `f` between `low` (f > 0) and `high` (f ≤ 0), to the
    last bit a float has: a fixed number of halvings, so the same on every machine."""
    for _ in range(100):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if f(middle) > 0:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def mean_difference(
    first: Sequence[float], second: Sequence[float], z: float = Z95
) -> tuple[float, float, float]:
    """The mean of paired differences first − second, with its normal 95% interval.

    For many pairs of numbers (scores); (difference, low, high). With fewer than two
    pairs there is no spread to measure, and the interval is (−inf, inf): unknown (the
    report writes null), not the difference itself as a certainty. With no spread among
    many pairs it is the difference itself (every pair differed by exactly that).
    """
    if len(first) != len(second) or not first:
        raise ValueError("paired data of the same, non-zero length")
    diffs = [a - b for a, b in zip(first, second, strict=True)]
    n = len(diffs)
    centre = math.fsum(diffs) / n
    if n < 2:
        return centre, -math.inf, math.inf
    variance = math.fsum((d - centre) ** 2 for d in diffs) / (n - 1)
    half = z * math.sqrt(variance / n)
    return centre, centre - half, centre + half


def mean_interval(values: Sequence[float], z: float = Z95) -> tuple[float, float]:
    """The normal 95% interval of a mean: mean ± z·sd/√n, sd with n − 1. With fewer than
    two values there is no spread to measure: (−inf, inf), unknown."""
    n = len(values)
    if n < 2:
        return -math.inf, math.inf
    centre = math.fsum(values) / n
    variance = math.fsum((v - centre) ** 2 for v in values) / (n - 1)
    half = z * math.sqrt(variance / n)
    return centre - half, centre + half
