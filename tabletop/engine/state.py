"""The state of a session, and the reducer that applies one event to it.

Events are facts (what was declared, what the dice showed, which values changed),
so applying them needs no expressions and no dice: replaying a journal reproduces
the live state exactly and quickly. Each kind's reducer is declared with the kind in
`tabletop.engine.events`; deciding what the events are is the job of
`tabletop.engine.session`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Value = float | bool | str
Recorded = Mapping[str, Any]
"""An event kept in the state (a roll, an adjudication, the ending): its kind's fields are
declared in `tabletop.engine.events`, which builds on this module (so not imported here)."""

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
    roll: Recorded | None = None
    adjudication: Recorded | None = None
    revealed: bool = False
    """For a sealed move: whether it has been revealed to the room (a move_revealed
    event, or its adjudication)."""

    @property
    def secret(self) -> bool:
        """Whether only its own team (and the facilitator) may know what it is now."""
        return self.sealed and not self.revealed and self.adjudication is None

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
    ended: Recorded | None = None
    """The session_ended event, once the session is over."""
    details: Recorded | None = None
    """The session_details event in effect (exercise, facilitator, venue, teams)."""
    ratings: dict[str, Recorded] = field(default_factory=dict)
    """The objective_rated event in effect for each rated exercise objective. Replaced,
    never changed in place (so clones share it)."""
    improvements: dict[int, Recorded] = field(default_factory=dict)
    """The improvement plan: the improvement_planned event in effect for each item.
    Replaced, never changed in place (so clones share it)."""
    timer: Recorded | None = None
    """The timer_set event running for the current phase (with `expired` once its
    timer_expired was recorded), or None. Cleared when the phase changes."""
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
            details=self.details,
            ratings=self.ratings,
            improvements=self.improvements,
            timer=self.timer,
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
