"""A child process writing a journal is killed (SIGKILL) at random moments: nothing is lost.

Run with `-s` to see the figures; `benchmarks/crash_figures.py` runs more trials.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.journal.crash_child import run_trial

TRIALS = 8
SEED = 2026  # fixed, so a failure reproduces; benchmarks/crash_figures.py varies it

pytestmark = pytest.mark.durability


def test_kill_at_random_moments_loses_no_acknowledged_event(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    trials = [run_trial(tmp_path / f"trial{i}", rng) for i in range(TRIALS)]
    acknowledged = sum(t.acknowledged for t in trials)
    recorded = sum(t.recorded for t in trials)
    lost = sum(t.lost for t in trials)
    torn = sum(t.torn for t in trials)
    print(
        f"\ncrash test (seed {SEED}): {TRIALS} trials, {acknowledged} events acknowledged, "
        f"{recorded} recorded, {lost} lost, {torn} torn last lines"
    )
    assert lost == 0
    assert recorded >= acknowledged
    assert acknowledged > 0  # the child did get to write before the kills
