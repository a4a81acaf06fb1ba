"""The interval of a paired difference (--effects): Tango's score interval, checked against
the score test it inverts, its edges, and its coverage where --effects lives (most pairs end
the same way, few differ)."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tabletop.sim.stats import Z95, paired_difference


def _score(b: int, c: int, n: int, delta: float) -> float:
    """Tango's statistic at `delta`, the nuisance parameter (the chance of a pair being
    'second only') maximised numerically by golden section: no closed form shared with
    the code under test."""

    def loglik(q: float) -> float:
        p12, p21 = q + delta, q
        rest = 1 - p12 - p21
        if min(p12, p21, rest) < 0:
            return -math.inf
        total = 0.0
        for count, p in ((b, p12), (c, p21), (n - b - c, rest)):
            if count:
                total += count * math.log(p) if p > 0 else -math.inf
        return total

    lo, hi = max(0.0, -delta), (1 - delta) / 2
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(200):
        x1, x2 = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
        if loglik(x1) < loglik(x2):
            lo = x1
        else:
            hi = x2
    q = (lo + hi) / 2
    return (b - c - n * delta) / math.sqrt(n * (2 * q + delta * (1 - delta)))


@pytest.mark.parametrize(
    ("both", "first_only", "second_only", "neither"),
    [(1, 1, 7, 12), (59, 6, 16, 80), (40, 40, 20, 60), (5, 3, 0, 2), (300, 12, 4, 684)],
)
def test_the_interval_inverts_the_score_test(
    both: int, first_only: int, second_only: int, neither: int
) -> None:
    """Given a paired table, when its interval is computed, then at each end the score
    test of 'the difference is this' sits exactly on the 95% critical value."""
    n = both + first_only + second_only + neither
    delta, low, high = paired_difference(both, first_only, second_only, neither)
    assert delta == pytest.approx((first_only - second_only) / n)
    assert _score(first_only, second_only, n, low) == pytest.approx(Z95, abs=1e-4)
    assert _score(first_only, second_only, n, high) == pytest.approx(-Z95, abs=1e-4)


def test_a_published_value() -> None:
    """Bentur et al. (2009) as analysed by Fagerland, Lydersen and Laake (2014): airway
    hyper-responsiveness before and after stem cell transplantation, 1, 1, 7, 12 pairs;
    the Tango interval is −0.2857 (−0.5172 to −0.0260)."""
    delta, low, high = paired_difference(1, 1, 7, 12)
    assert (round(delta, 4), round(low, 4), round(high, 4)) == (-0.2857, -0.5172, -0.0260)


@pytest.mark.parametrize("n", [1, 10, 100, 10_000])
def test_no_pair_differs_is_not_certainty(n: int) -> None:
    """Given n pairs that all end the same way (half of them with the ending), when the
    interval is computed, then it is ±z²/(n+z²) (0.28 for 10 pairs; the 'rule of three'
    for 10,000), not a point: that no pair differed does not prove that none ever would."""
    half = n // 2
    delta, low, high = paired_difference(half, 0, 0, n - half)
    expected = Z95**2 / (n + Z95**2)
    assert delta == 0
    assert low == pytest.approx(-expected, rel=1e-6)
    assert high == pytest.approx(expected, rel=1e-6)


def test_one_differing_pair_in_a_hundred_is_not_an_effect() -> None:
    _, low, high = paired_difference(50, 1, 0, 49)
    assert low < 0 < high


def test_every_pair_differs() -> None:
    """Given 10 pairs that all differ the same way, the interval reaches the bound on
    that side and stops at (n − z²)/(n + z²) on the other."""
    edge = (10 - Z95**2) / (10 + Z95**2)
    assert paired_difference(0, 10, 0, 0) == (1.0, pytest.approx(edge), 1.0)
    assert paired_difference(0, 0, 10, 0) == (-1.0, -1.0, pytest.approx(-edge))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 300), st.integers(0, 300), st.integers(0, 300), st.integers(0, 300))
def test_the_interval_holds_the_difference(a: int, b: int, c: int, d: int) -> None:
    if a + b + c + d == 0:
        assert paired_difference(a, b, c, d) == (0.0, -1.0, 1.0)
        return
    delta, low, high = paired_difference(a, b, c, d)
    assert -1.0 <= low <= delta <= high <= 1.0
    assert low < high
    if b == c:
        assert low < 0 < high  # a table with no net difference never claims one


@pytest.mark.parametrize(
    ("n", "p_both", "p_first", "p_second"),
    [
        (100, 0.5, 0.01, 0.0),  # a move that changes one run in a hundred
        (1000, 0.5, 0.002, 0.0),  # … or two in a thousand
        (100, 0.45, 0.03, 0.01),
        (200, 0.2, 0.3, 0.3),  # many pairs differ, no net effect
    ],
)
def test_coverage_where_effects_live(
    n: int, p_both: float, p_first: float, p_second: float
) -> None:
    """Given pairs drawn with a known difference, when 1,000 simulated tables are each given
    their 95% interval, then at least 93% of them hold the true difference (a fixed seed:
    this never flakes). The Newcombe interval used before held it in 62% to 87% of tables
    in the first two cases."""
    rng = random.Random(20261201)
    true = p_first - p_second
    held = 0
    tables = 1000
    for _ in range(tables):
        counts = [0, 0, 0, 0]
        for _ in range(n):
            u = rng.random()
            slot = (
                0
                if u < p_both
                else 1
                if u < p_both + p_first
                else 2
                if u < p_both + p_first + p_second
                else 3
            )
            counts[slot] += 1
        _, low, high = paired_difference(*counts)
        held += low <= true <= high
    assert held / tables >= 0.93
