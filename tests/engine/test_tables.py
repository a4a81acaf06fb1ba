"""The engine's tables (engine/tables.py) decide as the scenario's models say.

The fused doctrine pass (an actor's whole doctrine compiled into one function) must fill
the same options with the same weights as the loop over the actor's moves, in any state;
when it gives up on an arithmetic error, the loop decides.
"""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.engine.dice import chance_now, first_unit, rng_for, roll_chance, roll_dice, roll_move
from tabletop.engine.doctrine import pick
from tabletop.engine.fused import fuse_effects
from tabletop.engine.session import Session
from tabletop.engine.state import Declaration, State
from tabletop.engine.tables import answering, effect_steps, tables
from tabletop.scenario.bundled import bundled_paths
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario
from tabletop.sim.worker import play

DATA = Path(__file__).resolve().parents[1] / "data"
PATHS = {p.name: p for p in [*bundled_paths(), DATA / "talks.toml", DATA / "mini.toml"]}
_LOADED: dict[str, CompiledScenario] = {}


def _scenario(name: str) -> CompiledScenario:
    if name not in _LOADED:
        _LOADED[name] = load_scenario(PATHS[name])[0]
    return _LOADED[name]


@st.composite
def states(draw: st.DrawFn, scenario: CompiledScenario) -> State:
    """Any values the tracks may hold (their bounds, their extremes), any turn, any uses."""
    values: dict[str, Any] = {}
    for track in scenario.tracks.values():
        if track.type == "flag":
            values[track.id] = draw(st.booleans())
        elif track.type == "level":
            values[track.id] = draw(st.sampled_from(list(track.levels)))
        else:
            low = track.min if track.min is not None else -(10**15)
            high = track.max if track.max is not None else 10**15
            values[track.id] = draw(
                st.one_of(st.integers(int(low), int(high)), st.sampled_from([low, high]))
            )
    values["turn"] = draw(st.integers(1, len(scenario.turns)))
    state = State(values=values, turn=values["turn"] - 1, phase="declaration")
    for move in scenario.moves:
        state.uses[move] = draw(st.integers(0, 3))
    return state


@pytest.mark.parametrize("name", sorted(PATHS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_fused_pass_draws_as_the_loop_does(name: str, data: st.DataObject) -> None:
    """Same state, same generator: the same move, weight, entry and chance, and the same
    set of moves the draw could have picked (`considered`), with or without fusing."""
    scenario = _scenario(name)
    state = data.draw(states(scenario))
    for actor, table in tables(scenario).actors.items():
        if table.fused is None:
            continue
        mine = data.draw(st.sets(st.sampled_from(list(scenario.moves))))
        for seq, move in enumerate(sorted(mine), start=1):
            state.declare(Declaration(seq, actor, move, move, False, "computer"))
        plain = dataclasses.replace(table, fused=None)
        for seq in range(1, 4):
            seen: set[str] = set()
            seen_plain: set[str] = set()
            drawn = pick(table, state, actor, rng_for(11, seq), seen)
            assert drawn == pick(plain, state, actor, rng_for(11, seq), seen_plain)
            assert seen == seen_plain
        state.new_turn()


def test_an_arithmetic_error_in_the_fused_pass_leaves_the_choice_to_the_loop() -> None:
    scenario = _scenario("ukraine_2022.toml")
    state = State(values={**scenario.initial_values(), "turn": 3}, turn=2, phase="declaration")
    for actor, table in tables(scenario).actors.items():

        def overflow(*_: object) -> None:
            raise OverflowError("as an expression's fast path may")

        broken = dataclasses.replace(table, fused=overflow)
        plain = dataclasses.replace(table, fused=None)
        for seq in range(1, 30):
            assert pick(broken, state, actor, rng_for(5, seq)) == pick(
                plain, state, actor, rng_for(5, seq)
            )


@pytest.mark.parametrize("name", sorted(PATHS))
def test_rules_and_endings_checked_one_by_one_decide_alike(name: str) -> None:
    """Given the fused rule and ending checks giving up (an overflow), when the same seeded
    playthroughs are played, then every event is the same as with them."""
    scenario = _scenario(name)
    fused = [play(scenario, seed).events for seed in range(1, 16)]

    def overflow(*_: object) -> int:
        raise OverflowError("as an expression's fast path may")

    copy = dataclasses.replace(scenario)
    copy.tables = dataclasses.replace(tables(scenario), first_rule=overflow, first_ending=overflow)
    assert [play(copy, seed).events for seed in range(1, 16)] == fused
    copy.tables = dataclasses.replace(tables(scenario), first_rule=None, first_ending=None)
    assert [play(copy, seed).events for seed in range(1, 16)] == fused


@pytest.mark.parametrize("name", sorted(PATHS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fused_effects_change_what_the_effects_one_by_one_change(
    name: str, data: st.DataObject
) -> None:
    """Every outcome's, rule's and inject's effects, in any state (track extremes too):
    the same [track, before, after] changes, clamped the same, fused or one by one."""
    scenario = _scenario(name)
    session = Session(scenario, 1)
    session.state = data.draw(states(scenario))
    plans = tables(scenario)
    effects = [o for m in plans.moves.values() for o in m.outcomes.values()]
    answers = [r for m in plans.moves.values() if m.offer for r in m.offer.results.values()]
    pairs = [(p.effects, p.fused) for p in [*effects, *plans.rules, *plans.injects, *answers]]
    pairs += [(m.cost, m.cost_fused) for m in plans.moves.values()]  # what a move pays
    for steps, fused in pairs:
        if fused is None:
            continue
        session._clamped = []
        plain = session._steps(steps)
        clamped, session._clamped = session._clamped, []
        assert session._steps(steps, None, fused) == plain
        assert session._clamped == clamped


@pytest.mark.parametrize("name", sorted(PATHS))
def test_the_offers_answers_and_results_are_the_scenarios(name: str) -> None:
    """Given a move's offer, the answers the tables prepared for each addressee (and for
    the mover, answering a counter) are those `answering` finds in the offer's doctrine,
    and each answer's effects and narrative are the offer's own."""
    scenario = _scenario(name)
    session = Session(scenario, 1)
    for move_id, plan in tables(scenario).moves.items():
        offer = scenario.moves[move_id].offer
        assert (plan.offer is None) == (offer is None)
        if plan.offer is None or offer is None:
            continue
        for (actor, first), prepared in plan.offer.answering.items():
            assert prepared == answering(offer, actor, first)
            assert plan.offer.answering_for(actor, first) is prepared
        for answer, result in plan.offer.results.items():
            effects, narrative = offer.result(answer)
            assert result.narrative == narrative
            assert session._steps(result.effects) == session._changes(effects)


@pytest.mark.parametrize("name", sorted(PATHS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), seed=st.integers(0, 2**64 - 1), seq=st.integers(1, 10**6))
def test_the_hot_loops_rolls_are_the_generators(
    name: str, data: st.DataObject, seed: int, seq: int
) -> None:
    """Same seed, same event: a doctrine draw, a dice roll and a probability draw made
    without the generator object give what `rng_for(seed, seq)` and `roll_move` give, in
    any state."""
    assert first_unit(seed, seq) == rng_for(seed, seq).random()
    scenario = _scenario(name)
    values = data.draw(states(scenario)).values
    strong = (data.draw(st.integers(0, 3)), data.draw(st.integers(0, 3)))
    for plan in tables(scenario).moves.values():
        if plan.method not in ("dice", "argument", "probability"):
            continue
        expected = roll_move(plan.move, values, rng_for(seed, seq), strong)
        event: dict[str, Any] = {}
        if plan.dice is None:
            roll_chance(event, chance_now(plan.move, values), first_unit(seed, seq))
        else:
            roll_dice(event, plan.move, plan.dice, plan.modifiers, values, seed, seq, strong)
        assert list(event.items()) == list(expected.items())


@pytest.mark.parametrize("name", sorted(PATHS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fused_scores_are_the_objectives_scored_one_by_one(name: str, data: st.DataObject) -> None:
    """Every actor's scores, in any state (track extremes too) and for any ending: the same
    dict, numbers of the same type, fused or objective by objective."""
    scenario = _scenario(name)
    session = Session(scenario, 1)
    values = data.draw(states(scenario)).values
    for track in scenario.tracks.values():  # fractions too: scores are rounded to 4 places
        if track.type == "number" and data.draw(st.booleans()):
            low = track.min if track.min is not None else -(10**15)
            high = track.max if track.max is not None else 10**15
            values[track.id] = data.draw(st.floats(low, high, allow_nan=False))
    plain = dataclasses.replace(scenario)
    plain.tables = dataclasses.replace(tables(scenario), scores=None)
    one_by_one = Session(plain, 1)
    for ending in [None, *(e.model.id for e in scenario.endings)]:
        fused = session.scores(ending, values)
        expected = one_by_one.scores(ending, values)
        assert repr(fused) == repr(expected)  # repr: 1 and 1.0 differ


@pytest.mark.parametrize("name", sorted(PATHS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_fused_inject_check_finds_the_loops_inject(name: str, data: st.DataObject) -> None:
    """In any state, turn and record of deliveries, the first inject due from any point on
    is the one the loop over the injects finds (or both find none)."""
    scenario = _scenario(name)
    plans = tables(scenario)
    if plans.first_due is None:
        return
    values = data.draw(states(scenario)).values
    turn = data.draw(st.integers(0, len(scenario.turns)))
    delivered = data.draw(st.sets(st.sampled_from([i.id for i in plans.injects] or ["-"])))
    for start in range(len(plans.injects) + 1):
        expected = next(
            (
                k
                for k in range(start, len(plans.injects))
                if (plans.injects[k].turn_index is None or plans.injects[k].turn_index <= turn)
                and plans.injects[k].id not in delivered
                and (plans.injects[k].when is None or plans.injects[k].when(values) is True)
            ),
            -1,
        )
        try:
            found = plans.first_due(values, delivered, turn, start)
        except ArithmeticError:  # the session then checks them one by one
            continue
        assert found == expected


@pytest.mark.parametrize("name", sorted(PATHS))
def test_injects_checked_one_by_one_are_delivered_alike(name: str) -> None:
    """Given the fused inject check giving up (an overflow) or absent, when the same seeded
    playthroughs are played, then every event is the same as with it."""
    scenario = _scenario(name)
    fused = [play(scenario, seed).events for seed in range(1, 16)]

    def overflow(*_: object) -> int:
        raise OverflowError("as an expression's fast path may")

    copy = dataclasses.replace(scenario)
    copy.tables = dataclasses.replace(tables(scenario), first_due=overflow)
    assert [play(copy, seed).events for seed in range(1, 16)] == fused
    copy.tables = dataclasses.replace(tables(scenario), first_due=None, scores=None)
    assert [play(copy, seed).events for seed in range(1, 16)] == fused


@pytest.mark.parametrize("name", sorted(PATHS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), seed=st.integers(0, 2**64 - 1))
def test_the_computers_declaration_is_the_plain_draws(
    name: str, data: st.DataObject, seed: int
) -> None:
    """In any state, the computer's declaration for each actor (the fused pass and the
    draw inlined in `_computer_declare`) records what the plain path records: the one
    `considered` takes (`weigh_options`, then `drawn`)."""
    scenario = _scenario(name)
    state = data.draw(states(scenario))
    for actor in scenario.actors:
        fast = Session(scenario, seed, computer=scenario.actors, undo_depth=0)
        plain = Session(scenario, seed, computer=scenario.actors, undo_depth=0)
        plain.considered = set()
        for session in (fast, plain):
            session.state = state.clone()
            session.state.phase = "declaration"
            session._run(lambda s=session, a=actor: s._computer_declare(a))  # type: ignore[misc]
        assert fast.events == plain.events


@pytest.mark.parametrize("name", sorted(PATHS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_first_use_without_costs_or_face_is_not_priced(name: str, data: st.DataObject) -> None:
    """`_adjudicate_move` skips `_priced` for a move's first use when it has neither costs
    nor a public face (`MovePlan.always_priced`): diminishing returns and repeat costs
    change nothing then, so `_priced` would give the changes back and add nothing."""
    scenario = _scenario(name)
    session = Session(scenario, 1)
    session.state = data.draw(states(scenario))
    for move_id, plan in tables(scenario).moves.items():
        if not plan.priced or plan.always_priced:
            continue
        session.state.uses[move_id] = data.draw(st.integers(0, 1))
        changes = [[track, 1, 2] for track in list(scenario.tracks)[:2]]
        assert session._priced(plan.move, changes, plan) == (changes, {})


@pytest.mark.parametrize(
    "texts",
    [
        ["tension += 1", "alliance_unity = tension"],  # reads what an earlier one set
        ["tension += 1", "tension *= 2"],  # sets it again
        ["tension += 1", "alliance_unity += 2"],  # independent: run on the values as given
        ["alliance_unity = tension", "tension = 3"],  # sets what an earlier one read
    ],
)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fused_effects_see_earlier_effects_and_leave_the_values_alone(
    texts: list[str], data: st.DataObject
) -> None:
    """Later effects see what earlier ones set, whether the fused function works on a copy
    of the values (effects that read or set a track set before) or on the values as
    given (independent ones); either way the values given are left as they were."""
    scenario = _scenario("ukraine_2022.toml")
    effects = [scenario.effect(text) for text in texts]
    steps = effect_steps(effects, scenario.number_bounds)
    fused = fuse_effects(effects, scenario.number_bounds)
    assert fused is not None
    session = Session(scenario, 1)
    session.state = data.draw(states(scenario))
    before = dict(session.state.values)
    plain = session._steps(steps)
    with contextlib.suppress(ArithmeticError):  # a value to clamp: `_steps` takes over
        assert fused(session.state.values) == plain
    assert session.state.values == before
