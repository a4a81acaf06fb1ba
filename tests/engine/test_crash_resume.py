"""Kill a facilitator's session at random moments; resume it; nothing recorded is lost.

A child process plays a journaled session (tests/engine/crash_session_child.py) and
prints its event count after each command returns; the parent kills it with SIGKILL
after a random delay, then resumes the journal and checks that every event the child
acknowledged is there, that the state replays, and that play goes on from it.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tabletop.engine.replay import replay
from tabletop.live import resume_session
from tests.conftest import MINI

CHILD = Path(__file__).with_name("crash_session_child.py")
TRIALS = 6

pytestmark = pytest.mark.durability


def run_child(journal: Path, seed: int, delay: float) -> int:
    """Run the child for `delay` seconds after it is ready, kill it; the last count it printed."""
    process = subprocess.Popen(
        [sys.executable, str(CHILD), str(MINI), str(journal), str(seed)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.startswith("ready"), first
    time.sleep(delay)
    process.kill()
    output, _ = process.communicate()
    counts = [int(line) for line in output.splitlines() if line.strip().isdigit()]
    return counts[-1] if counts else int(first.split()[1])


def test_a_killed_session_resumes_with_every_acknowledged_event(tmp_path: Path) -> None:
    """Given a session killed at random moments (twice in a row on the same journal),
    when it is resumed, then every acknowledged event is in the journal, the state is
    the replay of the events, and the session takes new actions."""
    rng = random.Random(2026)
    acknowledged_total = lost_total = 0
    for trial in range(TRIALS):
        journal = tmp_path / f"trial{trial}.jsonl"
        for _ in range(2):  # killed, resumed by the next child, killed again
            acknowledged = run_child(journal, seed=trial, delay=rng.uniform(0.05, 0.4))
            live = resume_session(journal)
            recorded = len(live.session.events)
            assert recorded >= acknowledged, f"lost {acknowledged - recorded} event(s)"
            acknowledged_total += acknowledged
            lost_total += max(0, acknowledged - recorded)
            state = replay(live.scenario.initial_values(), live.session.events)
            assert state.values == live.session.state.values
            live.session.note("resumed after a crash")
            assert len(live.session.events) == recorded + 1
            live.close()
    assert lost_total == 0
    print(f"trials {TRIALS * 2}, events acknowledged {acknowledged_total}, lost {lost_total}")
