"""The journal a computer playthrough writes is pinned, byte for byte, per scenario.

Given each bundled scenario and each test scenario, when N seeded playthroughs are played
(`tabletop.sim.worker.play`, what `simulate` does per run) and when N seeded solo
sessions are played (the computer declares and adjudicates for all but one actor, a
player declares through the session's commands), then the sha256 of their events, each
serialised as the journal writes it, equals the digest in `tests/data/journal_digests.json`.

Why a digest may change only with a deliberate rule change: the same seed must give the
same session forever (a journal resumed, branched or replayed by a later version reads
the same; `simulate` results can be compared across versions). The engine's speed work
(compiled decision tables, effect plans) must leave every byte of every event as it was.
If a change to the rules (what the computer decides, how an outcome applies, what an
event records) is meant to change the journal, regenerate the digests with
`python tests/engine/test_journal_digest.py` and say so in the commit; never to make a
refactoring pass.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tabletop.engine.session import Session  # noqa: E402
from tabletop.journal.format import dumps  # noqa: E402
from tabletop.scenario.bundled import bundled_paths  # noqa: E402
from tabletop.scenario.compiled import CompiledScenario  # noqa: E402
from tabletop.scenario.load import load_scenario  # noqa: E402
from tabletop.sim.seeds import run_seed  # noqa: E402
from tabletop.sim.worker import play  # noqa: E402

DIGESTS = ROOT / "tests" / "data" / "journal_digests.json"
DATA = ROOT / "tests" / "data"
RUNS = 40
"""Seeded runs per scenario and mode: enough to reach every rule, offer and deception of
the bundled scenarios many times over, few enough to take well under a second."""


def scenarios() -> dict[str, Path]:
    """Every bundled scenario and every scenario the tests play, by file name."""
    paths = [*bundled_paths(), *sorted(DATA.glob("*.toml"))]
    return {path.name: path for path in paths}


def _digest(runs: list[list[dict[str, object]]]) -> str:
    hasher = hashlib.sha256()
    for events in runs:
        for event in events:
            hasher.update(dumps(event).encode("utf-8"))
            hasher.update(b"\n")
        hasher.update(b"--\n")
    return hasher.hexdigest()


def _solo(scenario: CompiledScenario, seed: int) -> list[dict[str, object]]:
    """A solo session: the first actor is the player and declares its first declarable
    move each turn (by the session's own query); the computer does everything else."""
    player = next(iter(scenario.actors))
    others = [a for a in scenario.actors if a != player]
    session = Session(scenario, seed, computer=others, auto_adjudicate=True, undo_depth=0)
    while not session.over:
        if session.phase == "briefing":
            session.advance()
            continue
        if session.phase == "declaration" and session.why_not("declare", actor=player) is None:
            option = next((o for o in session.move_options(player) if o.available), None)
            if option is not None:
                session.declare(player, option.move.id)
        session.play_computer_turn()
    return [dict(e) for e in session.events]


def digests() -> dict[str, dict[str, str]]:
    """The digests of every scenario's playthroughs and solo sessions, as the code is now."""
    out: dict[str, dict[str, str]] = {}
    for name, path in scenarios().items():
        scenario, _ = load_scenario(path)
        seeds = [run_seed(7, run) for run in range(1, RUNS + 1)]
        out[name] = {
            "playthrough": _digest([[dict(e) for e in play(scenario, s).events] for s in seeds]),
            "solo": _digest([_solo(scenario, s) for s in seeds]),
        }
    return out


@pytest.mark.parametrize("name", sorted(scenarios()))
def test_playthrough_journal_is_unchanged(name: str) -> None:
    expected = json.loads(DIGESTS.read_text(encoding="utf-8"))
    assert name in expected, f"no pinned digest for {name}: regenerate (see the docstring)"
    scenario, _ = load_scenario(scenarios()[name])
    seeds = [run_seed(7, run) for run in range(1, RUNS + 1)]
    got = _digest([[dict(e) for e in play(scenario, s).events] for s in seeds])
    assert got == expected[name]["playthrough"]
    assert _digest([_solo(scenario, s) for s in seeds]) == expected[name]["solo"]


if __name__ == "__main__":  # regenerate the pinned digests (a deliberate rule change only)
    DIGESTS.write_text(json.dumps(digests(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {DIGESTS}")
