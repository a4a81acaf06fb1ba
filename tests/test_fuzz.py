"""Fuzzing: hostile variants of a scenario and of a journal never meet an internal error
or a hang; each is accepted or refused with a message. benchmarks/fuzz.py runs many more
cases and prints the figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.chain import rechain
from tests.conftest import MINI
from tests.fuzz_cases import journal_case, mutate, run, scenario_case

FUZZ = settings(
    max_examples=100,
    deadline=5000,  # a hang shows up as a failure, not as a stuck suite
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("fuzz") / "good.jsonl"
    assert run("run", str(MINI), "--session", str(path), "--seed", "3")[0] == 0
    return path.read_bytes()


@FUZZ
@given(seed=st.integers(0, 2**32), rounds=st.integers(1, 3))
def test_a_mutated_scenario_is_accepted_or_refused(tmp_path: Path, seed: int, rounds: int) -> None:
    """Given a scenario put through byte flips, truncation, type swaps, huge and
    non-finite numbers, deep nesting or control characters, when it is validated (and
    played if valid), then tabletop accepts it or refuses it with a message."""
    _, data = mutate(MINI.read_bytes(), seed, rounds)
    assert scenario_case(data, tmp_path) in ("accepted", "refused")


@FUZZ
@given(seed=st.integers(0, 2**32), rounds=st.integers(1, 3), forged=st.booleans())
def test_a_mutated_journal_is_accepted_or_refused(
    tmp_path: Path, recorded: bytes, seed: int, rounds: int, forged: bool
) -> None:
    """Given a recorded journal put through the same mutations (and, when `forged`,
    given a valid hash chain again, as a buggy or hostile writer would), when it is
    replayed, exported and branched, then each command accepts or refuses it."""
    _, data = mutate(recorded, seed, rounds)
    if forged:
        try:
            lines = data.decode("utf-8").split("\n")
        except UnicodeDecodeError:
            lines = None
        if lines and lines[-1] == "":
            data = ("\n".join(rechain(lines[:-1])) + "\n").encode()
    assert journal_case(data, tmp_path) in ("accepted", "refused")
