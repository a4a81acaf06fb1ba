"""Replay: the state a list of events leads to.

Undo and redo are events too, so history is never erased. An action is the group of
events one command produced (they share `action`, the seq of the group's first
event). The state is the replay of every action that is not undone, in order.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tabletop.engine.events import REDUCERS, UnknownEvent
from tabletop.engine.state import State, Value

Raw = Mapping[str, Any]
"""An event as read (its envelope checked): replay reads kinds and fields generically."""


class ReplayError(ValueError):
    """The events are not a valid history (e.g. undo of an unknown action)."""

    def __init__(self, seq: int, message: str) -> None:
        self.seq = seq
        self.message = message
        super().__init__(f"event {seq}: {message}")


def undo_stacks(events: Iterable[Raw]) -> tuple[list[int], list[int]]:
    """The actions in effect (in order) and the redo stack, after these events."""
    done: list[int] = []
    undone: list[int] = []
    for event in events:
        kind = event["kind"]
        if kind == "undo":
            target = event["target"]
            if not done or done[-1] != target:
                raise ReplayError(
                    event["seq"], f"undo of action {target}, which is not the last one"
                )
            undone.append(done.pop())
        elif kind == "redo":
            target = event["target"]
            if not undone or undone[-1] != target:
                raise ReplayError(
                    event["seq"], f"redo of action {target}, which was not undone last"
                )
            done.append(undone.pop())
        elif event["action"] == event["seq"]:
            done.append(event["seq"])
            undone.clear()
    return done, undone


def effective(events: Sequence[Raw]) -> list[Raw]:
    """The events of every action in effect, in order."""
    done, _ = undo_stacks(events)
    if len(done) == sum(
        1 for e in events if e["action"] == e["seq"] and e["kind"] not in ("undo", "redo")
    ):
        return [e for e in events if e["kind"] not in ("undo", "redo")]
    keep = set(done)
    return [e for e in events if e["action"] in keep and e["kind"] not in ("undo", "redo")]


def replay(initial: dict[str, Value], events: Sequence[Raw]) -> State:
    """The state the events lead to from the scenario's initial values."""
    state = State(values={**initial, "turn": 0})
    kinds = [event["kind"] for event in events]
    if "undo" in kinds or "redo" in kinds:
        events = effective(events)
        kinds = [event["kind"] for event in events]
    unknown = set(kinds).difference(REDUCERS)
    if unknown:
        first = next(event for event in events if event["kind"] in unknown)
        raise UnknownEvent(f"unknown event kind '{first['kind']}'")
    reducers = REDUCERS
    collecting = gc.isenabled()
    gc.disable()  # replay allocates many small objects and frees none: skip the GC rescans
    try:
        for kind, event in zip(kinds, events, strict=True):  # apply(), without its checks
            reducers[kind](state, event)
    finally:
        if collecting:
            gc.enable()
    if events:
        state.seq = events[-1]["seq"]
    return state
