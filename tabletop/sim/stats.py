"""The statistics of a simulation: Wilson score intervals, percentiles, exact means.

Everything here is deterministic and independent of the order the runs finished in:
means use `math.fsum` (exactly rounded, so the order of the terms does not matter) and
percentiles sort their input.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

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


def paired_difference(
    both: int, first_only: int, second_only: int, neither: int, z: float = Z95
) -> tuple[float, float, float]:
    """The difference of two paired proportions, first − second, with its interval.

    For n pairs of yes/no results: `both` pairs yes in both, `first_only` yes only in the
    first, `second_only` yes only in the second, `neither` no in both. The difference is
    (first_only − second_only) / n; the interval is Newcombe's (1998) method 10, built from
    the Wilson intervals of the two proportions and their correlation, so like them it
    stays within [−1, 1] and is not degenerate when no pair differs. Returns
    (difference, low, high).
    """
    n = both + first_only + second_only + neither
    if n <= 0:
        return 0.0, -1.0, 1.0
    p1 = (both + first_only) / n
    p2 = (both + second_only) / n
    l1, u1 = wilson_interval(both + first_only, n, z)
    l2, u2 = wilson_interval(both + second_only, n, z)
    product = float(both + first_only) * (second_only + neither) * (both + second_only)
    product *= first_only + neither
    phi = (both * neither - first_only * second_only) / math.sqrt(product) if product else 0.0
    delta = p1 - p2
    dl = math.sqrt(max(0.0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2))
    du = math.sqrt(max(0.0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2))
    return delta, max(-1.0, delta - dl), min(1.0, delta + du)


def mean_difference(
    first: Sequence[float], second: Sequence[float], z: float = Z95
) -> tuple[float, float, float]:
    """The mean of paired differences first − second, with its normal 95% interval.

    For many pairs of numbers (scores); (difference, low, high). With fewer than two
    pairs, or no spread, the interval is the difference itself.
    """
    if len(first) != len(second) or not first:
        raise ValueError("paired data of the same, non-zero length")
    diffs = [a - b for a, b in zip(first, second, strict=True)]
    n = len(diffs)
    centre = math.fsum(diffs) / n
    if n < 2:
        return centre, centre, centre
    variance = math.fsum((d - centre) ** 2 for d in diffs) / (n - 1)
    half = z * math.sqrt(variance / n)
    return centre, centre - half, centre + half
