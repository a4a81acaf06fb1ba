"""A journal's events checked against their scenario, once, before anything uses them.

Each event is checked by its kind's declaration (`tabletop.engine.events`), then the
undo and redo events by the rules of undo (`tabletop.engine.replay`), then the events in
effect by the rules of play (`tabletop.engine.order`). `live.open_journal`
calls this for every command that opens a journal, so they all refuse the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from tabletop.engine.events import Context, EventProblem, event_problem
from tabletop.engine.order import order_problem
from tabletop.engine.replay import ReplayError, undo_stacks

if TYPE_CHECKING:
    from tabletop.scenario.compiled import CompiledScenario

__all__ = ["EventProblem", "check_events"]


def check_events(events: Sequence[Mapping[str, Any]], scenario: CompiledScenario) -> None:
    """Check every event against the scenario and the rules of undo; raise EventProblem.

    The one check a journal goes through before anything replays, resumes, branches
    or exports it: unknown kinds, missing fields, values of the wrong type, unknown
    tracks, actors or moves, numbers that are not finite, nesting too deep, an undo
    or a redo that does not follow the rules, events in effect that break the rules of
    play (a turn skipped, a move declared twice or by another actor, adjudicated twice or
    with an outcome it does not have, a track past its range, play after the end).
    """
    ctx = Context.of(scenario)
    for event in events:
        problem = event_problem(event, ctx)
        if problem is not None:
            raise EventProblem(event["seq"], problem)
    try:
        done, _ = undo_stacks(events)
    except ReplayError as exc:
        raise EventProblem(exc.seq, exc.message) from None
    broken = order_problem(events, done, scenario)
    if broken is not None:
        raise EventProblem(*broken)
