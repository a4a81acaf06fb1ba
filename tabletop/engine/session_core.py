"""The session's core: its events and state, how an action records them, and the rules' checks.

Every other part of the `Session` (engine/session.py) builds on this: `_run` makes one
action's events durable (through the `sink`) before it returns and undoes them if it
fails; `_push`/`_record` apply each event as it is made; `why_not` is the one place the
commands and the surfaces read what can be done now; `_changes`/`_steps` turn effects into
[track, before, after] changes; and a new session starts here (its turn 0 and the injects
due then). The helpers at the end are shared by the parts that build events.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from tabletop.engine import errors
from tabletop.engine.dice import Draws, rng_for
from tabletop.engine.events import REDUCERS, Event
from tabletop.engine.options import (
    ACTIONS,
    Action,
    ActionOption,
    ActorOption,
    MoveOption,
    Refusal,
    declare_phase_refusal,
    move_options,
    not_taking_part,
)
from tabletop.engine.replay import replay, undo_stacks
from tabletop.engine.state import Declaration, State, Value
from tabletop.engine.tables import EffectStep, InjectPlan, Tables, effect_steps, tables
from tabletop.engine.wording import plural, quoted
from tabletop.scenario.bounds import LIMIT, bounded
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.expressions import Effect, ExpressionError

Sink = Callable[[list[dict[str, Any]]], None]
"""Where an action's events go before it returns (the journal): plain JSON objects."""


class SessionCore:
    """A scenario being played: its events, its state, and how an action extends them."""

    def __init__(
        self,
        scenario: CompiledScenario,
        seed: int,
        events: Sequence[Event] | Sequence[dict[str, Any]] = (),
        *,
        sink: Sink | None = None,
        computer: Iterable[str] = (),
        auto_adjudicate: bool = False,
        undo_depth: int = 200,
    ) -> None:
        self.scenario = scenario
        self.seed = seed
        self.events: list[Event] = cast(list[Event], list(events))
        """Every event so far (those given are trusted: check a journal's with
        `tabletop.engine.events.check_events` first)."""
        self.sink = sink
        self.computer = frozenset(computer)
        """Actors the computer declares for, by doctrine."""
        self.auto_adjudicate = auto_adjudicate
        """Whether the computer adjudicates every move (solo play)."""
        for actor in self.computer:
            if actor not in scenario.actors:
                raise errors.UnknownActor(self._unknown_actor(actor))
        self._computer_plays_all = self.computer.issuperset(scenario.actors)
        self._tables: Tables = tables(scenario)
        """The scenario's decision and effect tables (engine/tables.py)."""
        self.state: State = replay(scenario.initial_values(), self.events)
        self._done, self._undone = undo_stacks(self.events)
        self._action = 0
        """The seq of the first event of the action being run (0: none is running)."""
        self._clamped: list[str] = []
        """Tracks `_changes` clamped at the bound, for the event it is building."""
        self.undo_depth = undo_depth
        """How many recent actions keep a snapshot for instant undo (0: replay instead)."""
        self._before: OrderedDict[int, State] = OrderedDict()
        """The state before each of the last `undo_depth` actions (an OrderedDict: dropping
        the oldest of a plain dict, again and again, costs more the longer it runs)."""
        self.considered: set[str] | None = None
        """When a set, the computer's draws add every move they could have picked to it
        (simulate's paired runs use it; None costs nothing)."""
        if not self.events:
            self._run(self._start)

    # ---------------------------------------------------------------- recording

    def _run(self, build: Callable[[], object]) -> list[Event]:
        """Run one action: build its events, make them durable, keep them.

        The action's events are the slice of `events` its build appended (`_record`
        appends to that list alone); `_action`, the seq of its first event, is every
        event's `action` field."""
        start = len(self.events)
        before = self.state.clone() if self.undo_depth else None
        self._action = start + 1
        try:
            build()
            new = self.events[start:]
            if new and self.sink is not None:
                self.sink(cast(list[dict[str, Any]], new))
        except BaseException:
            del self.events[start:]
            self.state = (
                before
                if before is not None
                else replay(self.scenario.initial_values(), self.events)
            )
            raise
        finally:
            self._action = 0
        if new:
            first = new[0]
            if first["kind"] not in ("undo", "redo"):
                self._done.append(first["seq"])
                for dropped in self._undone:
                    self._before.pop(dropped, None)
                self._undone.clear()
                if before is not None:
                    self._remember(first["seq"], before)
        return new

    def _remember(self, action: int, before: State) -> None:
        """Keep the state before an action, for the last `undo_depth` actions."""
        self._before[action] = before
        if len(self._before) > self.undo_depth:
            self._before.popitem(last=False)

    def _emit(self, kind: str, **fields: Any) -> Event:
        return self._push(kind, fields)

    def _emit_one(self, kind: str, name: str, value: Any) -> Event:
        """`_emit(kind, name=value)` for the turn's own events, without the copies."""
        seq = len(self.events) + 1  # _head(), inlined
        event = {
            "seq": seq,
            "kind": kind,
            "action": self._action,
            "turn": 0,
            "phase": "",
            name: value,
        }
        return self._record(event)

    def _push(self, kind: str, fields: dict[str, Any]) -> Event:
        """Record one event (seq, kind, action, turn, phase, then `fields`) and apply it;
        turn and phase are those after it applies (`_record`)."""
        seq = len(self.events) + 1  # _head(), inlined
        return self._record(
            {"seq": seq, "kind": kind, "action": self._action, "turn": 0, "phase": "", **fields}
        )

    def _record(self, event: dict[str, Any]) -> Event:
        """Record and apply an event built in its final shape: seq, kind, action, turn,
        phase first (`_head()`), then its fields; no copy of it is made. Its turn and phase
        are set to the state's once it applies (a turn_started or phase_changed event
        carries the turn or phase it begins)."""
        assert self._action, "events are emitted inside an action"
        if self._clamped:
            event["clamped"] = self._clamped
            self._clamped = []
        state = self.state
        REDUCERS[event["kind"]](state, event)
        state.seq = event["seq"]
        event["turn"] = state.turn
        event["phase"] = state.phase
        self.events.append(event)  # type: ignore[arg-type]
        return event  # type: ignore[return-value]

    def _head(self) -> tuple[int, int]:
        """The seq and action of the next event (see `_push`)."""
        return len(self.events) + 1, self._action

    def _next_rng(self) -> Draws:
        return rng_for(self.seed, len(self.events) + 1)

    # ---------------------------------------------------------------- queries

    @property
    def solo(self) -> bool:
        """Solo play: the computer plays and adjudicates for everyone but a player. Its
        actors declare when the player ends the declaration phase, not before (the moves
        are simultaneous: the player never sees the computer's before declaring)."""
        return self.auto_adjudicate and not self._computer_plays_all

    @property
    def turn(self) -> int:
        return self.state.turn

    @property
    def phase(self) -> str:
        return self.state.phase

    @property
    def over(self) -> bool:
        return self.state.over

    # What can be done now, and why not (engine/options.py). Each command raises the
    # refusal its query gives, so a surface that asks never disagrees with the rules.

    def why_not(
        self, action: Action, *, actor: str | None = None, seq: int | None = None
    ) -> Refusal | None:
        """Why `action` cannot be done now (None: it can).

        `actor` narrows `declare` to one actor; `seq` narrows `adjudicate` to one
        declared move.
        """
        state = self.state
        if action == "note" or action == "evaluate":
            return None
        if action == "undo":
            if len(self._done) <= 1:
                return Refusal(errors.NothingToUndo, "there is nothing to undo")
            if self.solo and self._decided_by_chance(self._done[-1]):
                return Refusal(
                    errors.DecidedByChance,
                    "in solo play what the computer and the dice decided stands: "
                    "undo takes back only your own moves and notes",
                )
            return None
        if action == "redo":
            return (
                None if self._undone else Refusal(errors.NothingToUndo, "there is nothing to redo")
            )
        if state.over:
            return Refusal(
                errors.SessionOver, "the session has ended; undo the ending to go on playing"
            )
        if action == "advance":
            if state.phase == "adjudication":
                pending = state.pending()
                if pending:
                    actors = self.scenario.actors
                    labels = "; ".join(  # a name may hold commas: "Europe (EU, Germany, …)"
                        f"{actors[d.actor].name if d.actor in actors else d.actor}: {d.label}"
                        for d in pending
                    )
                    return Refusal(
                        errors.MovesPending,
                        f"{plural(len(pending), 'move')} still to adjudicate ({labels})",
                    )
            return None
        if action == "declare":
            wrong = declare_phase_refusal(state.phase)
            if wrong is not None:
                return wrong
            return None if actor is None else self._actor_refusal(actor)
        if action == "adjudicate":
            if state.phase != "adjudication":
                return Refusal(
                    errors.WrongPhase,
                    "moves are adjudicated in the adjudication phase; it is the "
                    f"{state.phase} phase now",
                )
            if seq is not None:
                return self._declaration_refusal(seq)
            if not state.pending():
                return Refusal(
                    errors.NothingToAdjudicate, "every move this turn has been adjudicated"
                )
            return None
        return None  # inject, end: any time until the session ends

    def _decided_by_chance(self, action: int) -> bool:
        """Whether the action holds a roll or a choice of the computer's (its declarations,
        adjudications, answers): in solo play such an action is not undone, or the player
        could see the computer's moves before choosing its own, or roll again."""
        for event in self.events[action - 1 :]:  # an action's events are contiguous
            if event["action"] != action:
                break
            if event["kind"] == "dice_rolled" or event.get("by") == "computer":
                return True
        return False

    def actions(self) -> list[ActionOption]:
        """Every action, each with why it cannot be done now (OpenSpiel's legal actions,
        with the refusals of the others)."""
        return [ActionOption(action, self.why_not(action)) for action in ACTIONS]

    def legal_actions(self) -> list[Action]:
        """The actions that can be done now."""
        return [option.action for option in self.actions() if option.available]

    def can_advance(self) -> str | None:
        """Why the phase cannot advance now, or None when it can."""
        refusal = self.why_not("advance")
        return refusal.why if refusal else None

    def can_undo(self) -> bool:
        return self.why_not("undo") is None

    def can_redo(self) -> bool:
        return bool(self._undone)

    def declare_options(self) -> list[ActorOption]:
        """Every actor, each with why a move cannot be declared for it now."""
        return [
            ActorOption(actor, self.why_not("declare", actor=actor))
            for actor in self.scenario.actors
        ]

    def move_options(self, actor: str) -> list[MoveOption]:
        """Every move in the actor's catalogue, each with whether it can be declared now
        (as far as the move goes: `why_not("declare", actor=...)` says whether the actor
        can declare at all)."""
        return move_options(self.scenario, self.state, actor)

    def participants(self) -> tuple[str, ...]:
        return self.scenario.participants(max(self.state.turn, 0))

    # ---------------------------------------------------------------- checks

    def _unknown_actor(self, actor: str) -> str:
        known = ", ".join(self.scenario.actors)
        return f"there is no actor '{actor}' (actors: {known})"

    def _require(self, action: Action, *, actor: str | None = None, seq: int | None = None) -> None:
        """Refuse the command as `why_not` says (the one place both read the rules)."""
        refusal = self.why_not(action, actor=actor, seq=seq)
        if refusal is not None:
            raise refusal.exception()

    def _require_declare(self, actor: str, by: str) -> None:
        """`_require("declare")` for a move declared `by` someone: the computer may declare
        for the actors it plays in solo play (a test or a tool forcing its move)."""
        refusal = self.why_not("declare", actor=actor)
        if refusal is not None and not (
            by == "computer" and refusal.error is errors.PlayedByComputer
        ):
            raise refusal.exception()

    def _actor_refusal(self, actor: str) -> Refusal | None:
        if actor not in self.scenario.actors:
            return Refusal(errors.UnknownActor, self._unknown_actor(actor))
        if not self.scenario.takes_part(max(self.state.turn, 0), actor):
            return not_taking_part(self.scenario.actors[actor].name)
        if self.solo and actor in self.computer:
            return Refusal(
                errors.PlayedByComputer,
                f"{self.scenario.actors[actor].name} is played by the computer in solo play",
            )
        return None

    def _declaration_refusal(self, seq: int) -> Refusal | None:
        declaration = self.state.declaration(seq)
        if declaration is None:
            return Refusal(errors.UnknownDeclaration, f"no move #{seq} was declared this turn")
        if declaration.adjudication is not None:
            return Refusal(
                errors.AlreadyAdjudicated,
                f"{quoted(declaration.label)} has been adjudicated already",
            )
        return None

    def _declaration(self, seq: int) -> Declaration:
        """A pending declaration of this turn (callers checked `why_not` first)."""
        declaration = self.state.declaration(seq)
        assert declaration is not None
        return declaration

    # ---------------------------------------------------------------- effects

    def _changes(
        self, effects: Sequence[Effect], base: dict[str, Value] | None = None
    ) -> list[list[Any]]:
        """Apply effects in order to a copy of the values (or of `base`); the
        [track, before, after] list. For effects the tables did not prepare (endings,
        offers, deception, free-form moves): `_steps` over them."""
        if not effects:
            return []
        return self._steps(effect_steps(effects, self.scenario.number_bounds), base)

    def _steps(
        self,
        steps: tuple[EffectStep, ...],
        base: dict[str, Value] | None = None,
        fused: Callable[..., list[list[Any]]] | None = None,
    ) -> list[list[Any]]:
        """`_changes()` over effects the tables prepared (bounds looked up once); `fused`,
        the same effects as one function (`tables.fuse_effects`), tried first."""
        if not steps:
            return []
        if fused is not None:
            try:
                return fused(self.state.values if base is None else base)
            except ArithmeticError:  # an overflow, or a value to clamp: one by one
                pass
        values = self.state.values if base is None else base
        several = len(steps) > 1
        if several:  # later effects see earlier ones; one effect needs no copy
            values = dict(values)
        changes: list[list[Any]] = []
        for target, fn, low, high, is_number in steps:
            before = values[target]
            after: Any = fn(values)
            if is_number:
                if type(after) is bool or not isinstance(after, (int, float)):
                    continue
                if not -LIMIT <= after <= LIMIT:  # beyond the bound, or NaN: clamped
                    after = bounded(after, before)  # type: ignore[arg-type]
                    self._clamped.append(target)  # recorded on the event (_record)
                if low is not None and after < low:
                    after = low
                if high is not None and after > high:
                    after = high
                if type(after) is float and after.is_integer() and abs(after) < 2**53:
                    after = int(after)  # _tidy(), inlined
            if several:
                values[target] = after
            changes.append([target, before, after])
        return changes

    def _compile_effects(self, texts: Sequence[str]) -> list[Effect]:
        effects = []
        for text in texts:
            try:
                effects.append(self.scenario.effect(text))
            except ExpressionError as exc:
                raise errors.BadEffect(f"effect `{text}`: {exc.message}") from None
            if effects[-1].target not in self.scenario.tracks:
                raise errors.BadEffect(f"effect `{text}`: '{effects[-1].target}' is not a track")
        return effects

    # ---------------------------------------------------------------- turn flow

    def _start(self) -> None:
        self._emit("turn_started", turn=0)
        self._deliver_due()

    def _deliver_due(self) -> None:
        state = self.state
        turn = state.turn
        delivered = set(state.delivered)  # those delivered in this loop are not met again
        injects = self._tables.injects
        first = self._tables.first_due
        start = 0
        while first is not None:  # the loop below, as one function (tables.fuse_due)
            try:
                k = first(state.values, delivered, turn, start)
            except ArithmeticError:  # an overflow: the injects' own, safe, code from here
                break
            if k < 0:
                return
            self._deliver(injects[k])
            start = k + 1
        for inject in injects[start:]:
            turn_index = inject.turn_index
            if turn_index is not None and turn_index > turn:
                continue
            if inject.id in delivered:
                continue
            when = inject.when
            if when is not None and when(state.values) is not True:
                continue
            self._deliver(inject)

    def _deliver(self, inject: InjectPlan) -> None:
        """Deliver a scenario inject that is due (`_deliver_due`)."""
        seq, action = len(self.events) + 1, self._action  # _head(), inlined
        self._record(
            {
                "seq": seq,
                "kind": "inject_delivered",
                "action": action,
                "turn": 0,
                "phase": "",
                "inject": inject.id,
                "title": inject.title,
                "text": inject.text,
                "effects": self._steps(inject.effects, None, inject.fused),
                "by": "scenario",
            }
        )


def _submitted(submission: str | None) -> dict[str, str]:
    """The `submission` field of an event that accepts a seat's submission (none else)."""
    return {"submission": submission} if submission else {}


def _clean(reasons: Sequence[str]) -> list[str]:
    return [r.strip() for r in reasons if r.strip()]


def _tidy(value: Value) -> Value:
    """Whole floats become ints, so journals and exports read 100000, not 100000.0."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
