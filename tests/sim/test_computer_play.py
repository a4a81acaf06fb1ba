"""Computer actors play by their doctrine: only legal moves, each journaled with its why.

Every run is replayed event by event; at each computer declaration the state just before
it is checked against the move's precondition, its limit, the turn's declarations and the
doctrine entry the event names. The fused draw in the engine is also checked against the
reference: `weighted_choice` over `available()` with `weigh()`'s weights.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.engine.dice import number, rng_for, weighted_choice
from tabletop.engine.doctrine import NO_DOCTRINE, available, choose, weigh
from tabletop.engine.events import apply
from tabletop.engine.state import State
from tabletop.scenario.bundled import bundled_paths
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario
from tabletop.sim import play, run_seed
from tests.sim.conftest import COIN, MINI

SCENARIOS = [MINI, COIN, *bundled_paths()]
_LOADED: dict[Path, CompiledScenario] = {}


def scenario(path: Path) -> CompiledScenario:
    if path not in _LOADED:
        _LOADED[path] = load_scenario(path)[0]
    return _LOADED[path]


def check_run(compiled: CompiledScenario, seed: int) -> int:
    """Play one run and check every computer declaration in it; the number checked."""
    session = play(compiled, seed)
    state = State(values={**compiled.initial_values(), "turn": 0})
    checked = 0
    for event in session.events:
        if event["kind"] == "move_declared" and event["by"] == "computer":
            check_declaration(compiled, state, event, seed)
            checked += 1
        apply(state, event)
    assert state.over and state == session.state
    return checked


def check_declaration(
    compiled: CompiledScenario, state: State, event: dict[str, object], seed: int
) -> None:
    actor, move_id = str(event["actor"]), str(event["move"])
    move = compiled.moves[move_id]
    assert move.model.actor == actor
    assert actor in compiled.participants(state.turn)
    # the precondition held in the state just before the declaration
    assert move.requires.fn(state.values) is True, f"{move_id}: {move.requires.text}"
    limit = move.model.limit
    assert limit is None or state.uses.get(move_id, 0) < limit
    assert all(d.move != move_id for d in state.declarations if d.actor == actor)
    # the doctrine entry that led to it
    doctrine = event["doctrine"]
    assert isinstance(doctrine, dict)
    entries = compiled.doctrine.get(actor, ())
    if entries:
        entry = entries[doctrine["entry"]]
        assert entry.move == move_id
        assert entry.when.fn(state.values) is True
        assert number(entry.weight, state.values) > 0
        assert event["reason"] == entry.reason or (
            not entry.reason and str(event["reason"]).startswith("doctrine entry")
        )
    else:
        assert doctrine["entry"] is None and event["reason"] == NO_DOCTRINE
    # the same draw as the reference implementation, from the same generator
    moves = available(compiled, state, actor)
    weights, reasons = weigh(compiled, state.values, actor, moves)
    picked = weighted_choice(rng_for(seed, event["seq"]), moves, weights)  # type: ignore[arg-type]
    assert picked is not None and picked.id == move_id
    weight = weights[moves.index(picked)]
    assert doctrine["weight"] == pytest.approx(weight, rel=1e-6)
    assert doctrine["chance"] == pytest.approx(weight / sum(w for w in weights if w > 0), abs=1e-6)
    assert reasons[moves.index(picked)] == event["reason"]
    choice = choose(compiled, state, actor, rng_for(seed, event["seq"]))  # type: ignore[arg-type]
    assert choice is not None and choice.move.id == move_id and choice.reason == event["reason"]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(min_value=0, max_value=2**63 - 1))
def test_computer_declarations_are_legal_and_explained(path: Path, seed: int) -> None:
    check_run(scenario(path), seed)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_simulation_seeds_play_legally(path: Path) -> None:
    """The very seeds `simulate --seed 1` uses, for its first runs."""
    compiled = scenario(path)
    checked = sum(check_run(compiled, run_seed(1, run)) for run in range(1, 31))
    assert checked > 0


def test_an_actor_without_doctrine_picks_any_available_move(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8")
    start = text.index('[[actors.doctrine]]\nmove = "talk"')
    end = text.index("[[tracks]]")
    path = tmp_path / "blue_free.toml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    compiled = load_scenario(path)[0]
    assert not compiled.doctrine.get("blue")
    seen = set()
    for seed in range(40):
        check_run(compiled, seed)
        events = play(compiled, seed).events
        seen |= {e["move"] for e in events if e["kind"] == "move_declared" and e["actor"] == "blue"}
    assert seen == {"talk", "pressure"}


def test_a_reasonless_entry_is_described(mini: CompiledScenario) -> None:
    """mini.toml's `pressure` entry has no reason: the journal says which entry it was."""
    for seed in range(200):
        for event in play(mini, seed).events:
            if event["kind"] == "move_declared" and event["move"] == "pressure":
                assert event["reason"] == "doctrine entry 2: pressure when tension >= 5 (weight 1)"
                assert event["doctrine"]["entry"] == 1
                return
    pytest.fail("blue never pressured")
