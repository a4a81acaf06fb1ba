"""The state of a session, and the reducer that applies one event to it.

Events are facts (what was declared, what the dice showed, which values changed),
so applying them needs no expressions and no dice: replaying a journal reproduces
the live state exactly and quickly. Each kind's reducer is declared with the kind in
`tabletop.engine.events`; deciding what the events are is the job of
`tabletop.engine.session`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field
from operator import attrgetter
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
    arguments: list[list[str]] = field(default_factory=list)
    """Arguments other teams added when the floor was opened: [side, actor, text], side
    "for" or "against" (matrix-game counter-arguments)."""
    grades: Recorded | None = None
    """The facilitator's grading of every reason: {"for": [...], "against": [...]}, each
    "strong" or "weak", in the order of `pros()` and `cons()`; None until graded."""
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

    def pros(self) -> list[str]:
        """Every reason for the move: the declaring team's, then the others' arguments."""
        return self.reasons_for + [text for side, _, text in self.arguments if side == "for"]

    def cons(self) -> list[str]:
        """Every reason against the move: the declaring team's own, then counter-arguments."""
        return self.reasons_against + [t for side, _, t in self.arguments if side == "against"]

    def strong(self) -> tuple[int, int]:
        """(strong reasons for, strong reasons against): ungraded reasons count as strong."""
        if self.grades is None:
            if not self.arguments:  # the common case, without building the lists
                return len(self.reasons_for), len(self.reasons_against)
            return len(self.pros()), len(self.cons())
        return (
            sum(1 for g in self.grades.get("for", ()) if g == "strong"),
            sum(1 for g in self.grades.get("against", ()) if g == "strong"),
        )


@dataclass(frozen=True)
class OfferState:
    """An offer put to one or more actors, and their answers so far.

    Frozen: a reducer replaces it (`dataclasses.replace`), so a clone may share it.
    """

    seq: int
    """The seq of its offer_made event: the offer's id in the record."""
    actor: str
    """Who made it."""
    move: str
    """The catalogue move it comes from (a counter keeps its original's move)."""
    to: tuple[str, ...]
    terms: str
    private: bool
    opens: int
    """The first turn (0-based) it may be answered in."""
    closes: int
    """The last turn it may be answered in; it expires when a later turn starts."""
    counter_of: int | None = None
    """For a counter-offer: the seq of the offer it answers."""
    if_accepted: tuple[str, ...] = ()
    """A counter-offer's effects if accepted (a move's offer takes the scenario's)."""
    answers: Mapping[str, str] = field(default_factory=dict)
    """Each addressee's answer so far: accept, reject, counter or expired."""

    def waiting(self) -> tuple[str, ...]:
        """The addressees that have not answered."""
        return tuple(a for a in self.to if a not in self.answers)

    def open_to(self, actor: str, turn: int) -> bool:
        """Whether `actor` may answer it in `turn`."""
        return actor in self.to and actor not in self.answers and self.opens <= turn <= self.closes


@dataclass
class State:
    """Everything the rules need to know about a session at one moment."""

    values: dict[str, Value]
    """Every track's value, plus the built-in `turn` (1-based)."""
    turn: int = -1
    """The 0-based index of the current turn; -1 before the first."""
    phase: str = "setup"
    declarations: list[Declaration] = field(default_factory=list)
    """The moves declared in the current turn, in seq order. Change it only through
    `declare`, `changed_declaration` and `new_turn`, which keep `by_actor` in step."""
    by_actor: dict[str, list[Declaration]] = field(default_factory=dict)
    """The same declarations by actor: what an actor declared is looked up, not searched
    for (a scenario with 10,000 actors would otherwise play in quadratic time)."""
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
    offers: dict[int, OfferState] = field(default_factory=dict)
    """Every offer made, by its seq (answered ones too; each is frozen, so clones share
    them)."""

    def __post_init__(self) -> None:
        self._own: set[int] = set()
        """The ids of the declarations in `declarations` that no clone shares: these may
        be changed in place (replay and scripted runs never clone, so they never copy).
        Not a field: it is bookkeeping, not part of what the state is."""

    def clone(self) -> State:
        """A copy that later events cannot change.

        Event dicts (a declaration's roll and adjudication, `ended`) and the per-turn
        history entries are never mutated once recorded, so they are shared; so are the
        declarations, which are copied when they change (`changed_declaration`), so a
        clone costs two list copies rather than a copy of every declaration. From now
        on both states share every declaration: neither changes one in place.
        """
        self._own = set()
        return State(
            values=dict(self.values),
            turn=self.turn,
            phase=self.phase,
            declarations=list(self.declarations),
            by_actor=dict(self.by_actor),
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
            offers=dict(self.offers) if self.offers else {},
        )

    @property
    def over(self) -> bool:
        return self.ended is not None

    def declaration(self, seq: int) -> Declaration | None:
        declarations = self.declarations
        i = bisect_left(declarations, seq, key=_seq)
        if i < len(declarations) and declarations[i].seq == seq:
            return declarations[i]
        return None

    def declare(self, declaration: Declaration) -> None:
        """Add a declaration of this turn (seqs only grow)."""
        self.declarations.append(declaration)
        self._own.add(id(declaration))
        mine = self.by_actor.get(declaration.actor)
        # a new list, not an append: a clone shares the old one
        self.by_actor[declaration.actor] = [*mine, declaration] if mine else [declaration]

    def changed_declaration(self, seq: int) -> Declaration | None:
        """The declaration `seq`, ready to be changed: itself when no clone shares it,
        else a copy put in its place (copy on write); None when there is none."""
        declarations = self.declarations
        i = bisect_left(declarations, seq, key=_seq)
        if i == len(declarations) or declarations[i].seq != seq:
            return None
        old = declarations[i]
        own = self._own
        if id(old) in own:
            return old
        new = declarations[i] = Declaration.__new__(Declaration)
        new.__dict__.update(old.__dict__)  # copy.copy(), without its generic machinery
        own.add(id(new))
        self.by_actor[old.actor] = [new if d is old else d for d in self.by_actor[old.actor]]
        return new

    def withdraw(self, seq: int) -> None:
        """Take back the declaration `seq` (and its use of the move's limit)."""
        declaration = self.declaration(seq)
        if declaration is None:
            return
        self.declarations = [d for d in self.declarations if d.seq != seq]
        self._own.discard(id(declaration))
        mine = [d for d in self.by_actor.get(declaration.actor, ()) if d.seq != seq]
        if mine:
            self.by_actor[declaration.actor] = mine
        else:
            self.by_actor.pop(declaration.actor, None)
        if declaration.move:
            self.uses[declaration.move] = max(0, self.uses.get(declaration.move, 0) - 1)

    def new_turn(self) -> None:
        """No declarations yet: a new turn starts."""
        self.declarations = []
        self.by_actor = {}
        self._own = set()

    def declared_by(self, actor: str) -> list[Declaration]:
        return self.by_actor.get(actor) or []

    def pending(self) -> list[Declaration]:
        return [d for d in self.declarations if d.adjudication is None]

    def pending_offers(self) -> list[OfferState]:
        """The offers some addressee has not answered yet, oldest first."""
        return [o for o in self.offers.values() if o.waiting()]

    def tracks(self) -> dict[str, Value]:
        """The track values without the built-in names."""
        tracks = dict(self.values)  # a copy and a pop: faster than a filtering comprehension
        tracks.pop("turn", None)
        return tracks


_seq = attrgetter("seq")
"""A declaration's seq (the key the declarations are sorted by; C-level, for bisect)."""
