"""The state of a session, and the reducer that applies one event to it.

Events are facts (what was declared, what the dice showed, which values changed),
so applying them needs no expressions and no dice: replaying a journal reproduces
the live state exactly and quickly. Deciding what the events are is the job of
`tabletop.engine.session`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

Value = float | bool | str
Event = dict[str, Any]

PHASES = ("briefing", "declaration", "adjudication", "consequences")
"""The phases of a turn, in order."""


@dataclass
class Declaration:
    """A move declared this turn, and how it was decided once it was."""

    seq: int
    actor: str
    move: str | None
    label: str
    sealed: bool
    by: str
    reason: str = ""
    reasons_for: list[str] = field(default_factory=list)
    reasons_against: list[str] = field(default_factory=list)
    freeform: dict[str, Any] | None = None
    roll: Event | None = None
    adjudication: Event | None = None

    @property
    def pending(self) -> bool:
        return self.adjudication is None


@dataclass
class State:
    """Everything the rules need to know about a session at one moment."""

    values: dict[str, Value]
    """Every track's value, plus the built-in `turn` (1-based)."""
    turn: int = -1
    """The 0-based index of the current turn; -1 before the first."""
    phase: str = "setup"
    declarations: list[Declaration] = field(default_factory=list)
    """The moves declared in the current turn."""
    delivered: list[str] = field(default_factory=list)
    """The scenario injects delivered so far, in order."""
    fired: dict[str, int] = field(default_factory=dict)
    """How many times each rule has fired."""
    uses: dict[str, int] = field(default_factory=dict)
    """How many times each move has been declared."""
    history: list[dict[str, Value]] = field(default_factory=list)
    """The track values at the end of each completed turn (index = turn)."""
    ended: Event | None = None
    """The session_ended event, once the session is over."""
    seq: int = 0
    """The seq of the last event applied."""

    def clone(self) -> State:
        """A copy that later events cannot change.

        Event dicts (a declaration's roll and adjudication, `ended`) and the per-turn
        history entries are never mutated once recorded, so they are shared.
        """
        return State(
            values=dict(self.values),
            turn=self.turn,
            phase=self.phase,
            declarations=[copy.copy(d) for d in self.declarations],
            delivered=list(self.delivered),
            fired=dict(self.fired),
            uses=dict(self.uses),
            history=list(self.history),
            ended=self.ended,
            seq=self.seq,
        )

    @property
    def over(self) -> bool:
        return self.ended is not None

    def declaration(self, seq: int) -> Declaration | None:
        for declaration in self.declarations:
            if declaration.seq == seq:
                return declaration
        return None

    def pending(self) -> list[Declaration]:
        return [d for d in self.declarations if d.adjudication is None]

    def tracks(self) -> dict[str, Value]:
        """The track values without the built-in names."""
        return {k: v for k, v in self.values.items() if k != "turn"}


def _set_changes(state: State, changes: list[list[Any]]) -> None:
    values = state.values
    for track, _before, after in changes:
        values[track] = after


def _turn_started(state: State, event: Event) -> None:
    if state.turn >= 0:
        state.history.append(state.tracks())
    state.turn = event["turn"]
    state.values["turn"] = state.turn + 1
    state.phase = "briefing"
    state.declarations = []


def _phase_changed(state: State, event: Event) -> None:
    state.phase = event["phase"]


def _inject_delivered(state: State, event: Event) -> None:
    if event.get("inject"):
        state.delivered.append(event["inject"])
    _set_changes(state, event["effects"])


def _move_declared(state: State, event: Event) -> None:
    move = event.get("move")
    if move:
        state.uses[move] = state.uses.get(move, 0) + 1
    get = event.get
    state.declarations.append(
        Declaration(  # positional (seq, actor, move, label, sealed, by, reason, ...): faster
            event["seq"],
            event["actor"],
            move,
            get("label", ""),
            get("sealed", False),
            get("by", "facilitator"),
            get("reason", ""),
            list(get("reasons_for", ())),
            list(get("reasons_against", ())),
            get("freeform"),
        )
    )


def _dice_rolled(state: State, event: Event) -> None:
    declaration = state.declaration(event["declaration"])
    if declaration is not None:
        declaration.roll = event


def _move_adjudicated(state: State, event: Event) -> None:
    declaration = state.declaration(event["declaration"])
    if declaration is not None:
        declaration.adjudication = event
    _set_changes(state, event["effects"])


def _rule_fired(state: State, event: Event) -> None:
    rule = event["rule"]
    state.fired[rule] = state.fired.get(rule, 0) + 1
    _set_changes(state, event["effects"])


def _session_ended(state: State, event: Event) -> None:
    _set_changes(state, event.get("effects") or [])
    if len(state.history) <= state.turn:
        state.history.append(state.tracks())
    state.ended = event
    state.phase = "ended"


def _nothing(state: State, event: Event) -> None:
    """Notes, undo and redo change no state of their own."""


REDUCERS = {
    "turn_started": _turn_started,
    "phase_changed": _phase_changed,
    "inject_delivered": _inject_delivered,
    "move_declared": _move_declared,
    "dice_rolled": _dice_rolled,
    "move_adjudicated": _move_adjudicated,
    "rule_fired": _rule_fired,
    "session_ended": _session_ended,
    "note": _nothing,
    "undo": _nothing,
    "redo": _nothing,
}
"""One function per event kind; unknown kinds are refused by `apply`."""


class UnknownEvent(ValueError):
    """An event kind this version of tabletop does not know."""


def apply(state: State, event: Event) -> None:
    """Apply one event to the state, in place."""
    try:
        reducer = REDUCERS[event["kind"]]
    except KeyError:
        raise UnknownEvent(f"unknown event kind '{event.get('kind')}'") from None
    reducer(state, event)
    state.seq = event["seq"]
