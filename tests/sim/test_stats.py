"""The statistics functions against values computed by hand and published tables."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabletop.sim.seeds import run_seed
from tabletop.sim.stats import Z95, mean, nearest_rank, percentile, wilson_interval


@pytest.mark.parametrize(
    ("count", "total", "low", "high"),
    [
        # Published 95% Wilson intervals (e.g. Newcombe 1998, Table I; R's prop.test
        # without continuity correction gives the same).
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (5, 10, 0.2366, 0.7634),
        (1, 10, 0.0179, 0.4042),
        (50, 100, 0.4038, 0.5962),
        (1, 100, 0.0018, 0.0545),
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
    ],
)
def test_wilson_interval_matches_known_values(
    count: int, total: int, low: float, high: float
) -> None:
    got = wilson_interval(count, total)
    assert got[0] == pytest.approx(low, abs=5e-5)
    assert got[1] == pytest.approx(high, abs=5e-5)


def test_wilson_interval_by_hand() -> None:
    """The formula written out once more, plainly: centre ± half-width."""
    n, x, z = 2000, 1026, 1.959963984540054
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert wilson_interval(x, n) == pytest.approx((centre - half, centre + half), abs=1e-15)
    assert pytest.approx(1.959963984540054) == Z95


@given(st.integers(1, 10_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_holds_the_share(case: tuple[int, int]) -> None:
    count, total = case
    low, high = wilson_interval(count, total)
    assert 0.0 <= low <= count / total <= high <= 1.0
    assert (low == 0.0) == (count == 0) and (high == 1.0) == (count == total)


def test_wilson_interval_edges() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError):
        wilson_interval(3, 2)


def test_percentile_interpolates_like_numpy() -> None:
    data = [1.0, 2.0, 3.0, 4.0]
    assert percentile(data, 0.0) == 1.0
    assert percentile(data, 1.0) == 4.0
    assert percentile(data, 0.5) == 2.5
    assert percentile(data, 0.05) == pytest.approx(1.15)
    assert percentile(data, 0.95) == pytest.approx(3.85)
    assert percentile([7.0], 0.95) == 7.0
    assert percentile(list(range(101)), 0.05) == 5.0


def test_nearest_rank_is_a_data_value() -> None:
    data = [0.0] * 10 + [1.0] * 90
    assert nearest_rank(data, 0.05) == 0.0
    assert nearest_rank(data, 0.10) == 0.0
    assert nearest_rank(data, 0.11) == 1.0
    assert nearest_rank(data, 0.95) == 1.0
    assert nearest_rank([2.0], 0.05) == 2.0


def test_mean_does_not_depend_on_order() -> None:
    values = [1e16, 1.0, -1e16, 3.0] * 5
    assert mean(values) == mean(list(reversed(values))) == 1.0


def test_run_seeds_are_stable_and_distinct() -> None:
    """Pinned values: a run's seed never changes between versions, processes or machines."""
    assert run_seed(1, 1) == run_seed(1, 1)
    seeds = {run_seed(master, run) for master in range(5) for run in range(1, 1001)}
    assert len(seeds) == 5000
    assert all(0 <= s < 2**63 for s in seeds)
    assert [run_seed(1, i) for i in (1, 2)] == [577477229586647570, 3786692297727909478]
