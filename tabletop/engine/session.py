"""The session: a scenario plus its events, and every action a facilitator can take.

Each command checks the rules, then records the events it decided on (through the
`sink`, which the journal makes durable) and only then returns. The state is always
the replay of the events; the TUI, the CLI, solo play and headless simulation all
drive this one object.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, cast

from tabletop.engine import errors
from tabletop.engine.dice import (
    Draws,
    modifiers_now,
    number,
    rng_for,
    roll_argument,
    roll_dice,
    roll_move,
    success_chance,
    target_of,
    weighted_choice,
)
from tabletop.engine.doctrine import choose_answer, pick
from tabletop.engine.events import REDUCERS, Event
from tabletop.engine.options import (
    ACTIONS,
    ANSWERS,
    Action,
    ActionOption,
    ActorOption,
    AnswerOption,
    Modifier,
    MoveOption,
    Odds,
    OutcomeOption,
    Refusal,
    answer_options,
    answer_refusal,
    move_options,
    offer_refusal,
)
from tabletop.engine.replay import replay, undo_stacks
from tabletop.engine.state import Declaration, OfferState, State, Value
from tabletop.engine.tables import EffectStep, MovePlan, Tables, tables
from tabletop.engine.wording import NOTE_TAGS, RATINGS
from tabletop.scenario.bounds import LIMIT, bounded
from tabletop.scenario.compiled import (
    FAILURE_SIDE,
    SUCCESS_SIDE,
    CompiledDeception,
    CompiledMove,
    CompiledScenario,
)
from tabletop.scenario.expressions import Effect, ExpressionError, compile_effect

Sink = Callable[[list[dict[str, Any]]], None]
"""Where an action's events go before it returns (the journal): plain JSON objects."""

__all__ = ["MoveOption", "Session", "Sink"]


class Session:
    """A scenario being played: its events, its state, and the commands that extend them."""

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
        self._pending: list[Event] | None = None
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
        """Run one action: build its events, make them durable, keep them."""
        start = len(self.events)
        before = self.state.clone() if self.undo_depth else None
        self._pending = []
        try:
            build()
            new = self._pending
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
            self._pending = None
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
        seq, action = self._head()
        event = {"seq": seq, "kind": kind, "action": action, "turn": 0, "phase": "", name: value}
        return self._record(event)

    def _push(self, kind: str, fields: dict[str, Any]) -> Event:
        """Record one event (seq, kind, action, turn, phase, then `fields`) and apply it."""
        pending = self._pending
        assert pending is not None, "events are emitted inside an action"
        seq = len(self.events) + 1
        action = pending[0]["seq"] if pending else seq
        # built by the engine: its fields are the kind's (turn and phase: see below)
        event: Event = {
            "seq": seq,
            "kind": kind,
            "action": action,
            "turn": 0,
            "phase": "",
            **fields,
        }  # type: ignore[assignment]
        if self._clamped:  # the event built from the changes that were clamped
            event["clamped"] = self._clamped
            self._clamped = []
        state = self.state
        REDUCERS[kind](state, event)  # apply(), without its check for unknown kinds
        state.seq = seq
        event["turn"] = state.turn
        event["phase"] = state.phase
        self.events.append(event)
        pending.append(event)
        return event

    def _record(self, event: dict[str, Any]) -> Event:
        """`_push()` for an event the hot loop built in its final shape: seq, kind, action,
        turn, phase first (`_head()`), then its fields; no copy of it is made."""
        pending = self._pending
        assert pending is not None, "events are emitted inside an action"
        if self._clamped:
            event["clamped"] = self._clamped
            self._clamped = []
        state = self.state
        REDUCERS[event["kind"]](state, event)
        state.seq = event["seq"]
        event["turn"] = state.turn
        event["phase"] = state.phase
        self.events.append(event)  # type: ignore[arg-type]
        pending.append(event)  # type: ignore[arg-type]
        return event  # type: ignore[return-value]

    def _head(self) -> tuple[int, int]:
        """The seq and action of the next event (see `_push`)."""
        seq = len(self.events) + 1
        pending = self._pending
        return seq, (pending[0]["seq"] if pending else seq)

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
            return (
                None
                if len(self._done) > 1
                else Refusal(errors.NothingToUndo, "there is nothing to undo")
            )
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
                    labels = ", ".join(f"{d.actor}: {d.label}" for d in pending)
                    return Refusal(
                        errors.MovesPending,
                        f"{len(pending)} move(s) still to adjudicate ({labels})",
                    )
            return None
        if action == "declare":
            if state.phase != "declaration":
                return Refusal(
                    errors.WrongPhase,
                    f"moves are declared in the declaration phase; it is the {state.phase} "
                    "phase now",
                )
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
        return len(self._done) > 1

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

    def odds(self, seq: int) -> Odds:
        """How declared move `seq` is adjudicated now: its method, the modifiers that apply,
        and each outcome's chance; `refusal` says why it cannot be adjudicated now."""
        declaration = self.state.declaration(seq)
        if declaration is None:
            raise errors.UnknownDeclaration(f"no move #{seq} was declared this turn")
        refusal = self.why_not("adjudicate", seq=seq)
        method = self.method(declaration)
        pros, cons = declaration.strong()
        reasons = pros - cons
        rolled = declaration.roll is not None
        natural = self.natural_outcome(declaration)
        move = self._move_of(declaration)
        modifiers: tuple[Modifier, ...] = ()
        bonus = 0
        target = needed = None
        success: float | None = None
        argued = method == "argument"
        if move is not None and method in ("dice", "probability", "argument"):
            adj = move.model.adjudication
            success, needed = success_chance(move, self.state.values, reasons, argued)
            if method != "probability":
                modifiers = tuple(Modifier(*m) for m in modifiers_now(move, self.state.values))
                bonus = reasons * adj.reason_bonus
                target = target_of(move)
        elif move is None and argued:
            from tabletop.engine.dice import ARGUMENT_TARGET, at_least

            target, bonus = ARGUMENT_TARGET, reasons
            needed = ARGUMENT_TARGET - reasons
            success = at_least(2, 6, needed)
        outcomes = []
        for outcome_id, label, effects in self._outcome_rows(declaration):
            chance: float | None = None
            if natural is not None:
                chance = 1.0 if outcome_id == natural else 0.0
            elif move is not None and success is not None:
                chance = 0.0
                for result, p in (("success", success), ("failure", 1.0 - success)):
                    if move.outcome_for(result).model.id == outcome_id:
                        chance += p
            elif move is None and success is not None:
                chance = success if outcome_id == "success" else 1.0 - success
            outcomes.append(
                OutcomeOption(outcome_id, label, effects, chance, outcome_id == natural)
            )
        return Odds(
            declaration=declaration,
            method=method,
            modifiers=modifiers,
            reasons=reasons,
            reason_bonus=bonus,
            target=target,
            needed=needed,
            success=success,
            rolled=rolled,
            natural=natural,
            outcomes=tuple(outcomes),
            refusal=refusal,
        )

    def _outcome_rows(self, declaration: Declaration) -> list[tuple[str, str, tuple[str, ...]]]:
        """(id, label, effect texts) of every outcome the declaration can have."""
        if declaration.move is None:
            effects = tuple((declaration.freeform or {}).get("effects") or ())
            return [
                ("success", "Succeeds: the effects apply", effects),
                ("failure", "Fails: no effect", ()),
            ]
        return [
            (o.model.id, o.model.label, tuple(o.model.effects))
            for o in self.scenario.moves[declaration.move].outcomes
        ]

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

    def _actor_refusal(self, actor: str) -> Refusal | None:
        if actor not in self.scenario.actors:
            return Refusal(errors.UnknownActor, self._unknown_actor(actor))
        if not self.scenario.takes_part(max(self.state.turn, 0), actor):
            name = self.scenario.actors[actor].name
            return Refusal(errors.NotParticipating, f"{name} takes no part in this turn")
        return None

    def _declaration_refusal(self, seq: int) -> Refusal | None:
        declaration = self.state.declaration(seq)
        if declaration is None:
            return Refusal(errors.UnknownDeclaration, f"no move #{seq} was declared this turn")
        if declaration.adjudication is not None:
            return Refusal(
                errors.AlreadyAdjudicated, f"'{declaration.label}' has been adjudicated already"
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
        [track, before, after] list."""
        if not effects:
            return []
        values = self.state.values if base is None else base
        several = len(effects) > 1
        if several:  # later effects see earlier ones; one effect needs no copy
            values = dict(values)
        number_bounds = self.scenario.number_bounds
        changes: list[list[Any]] = []
        for effect in effects:
            target = effect.target
            before = values[target]
            after: Any = effect.fn(values)
            bounds = number_bounds.get(target)
            if bounds is not None:  # a number track
                if type(after) is bool or not isinstance(after, (int, float)):
                    continue
                if not -LIMIT <= after <= LIMIT:  # beyond the bound, or NaN: clamped
                    after = bounded(after, before)  # type: ignore[arg-type]
                    self._clamped.append(target)  # recorded on the event (_push)
                low, high = bounds
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

    def _check_reach(self, actor: str, texts: Sequence[str]) -> None:
        """Refuse a player's free-form effect on a track out of its reach.

        Compiled against the visible tracks only, so no message names a hidden one.
        """
        reach = set(self.freeform_tracks(actor))
        names = {
            k: v
            for k, v in self.scenario.names.items()
            if k not in self.scenario.tracks or self.scenario.tracks[k].visible
        }
        for text in texts:
            try:
                effect = compile_effect(text, names)
            except ExpressionError as exc:
                raise errors.BadEffect(f"effect `{text}`: {exc.message}") from None
            if effect.target not in reach:
                shown = ", ".join(self.freeform_tracks(actor)) or "none"
                raise errors.BadEffect(
                    f"effect `{text}`: a free-form move of {self.scenario.actors[actor].name} "
                    f"may change only what its own moves change ({shown})"
                )

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
        for inject in self._tables.injects:
            turn_index = inject.turn_index
            if turn_index is not None and turn_index > turn:
                continue
            if inject.id in delivered:
                continue
            when = inject.when
            if when is not None and when(state.values) is not True:
                continue
            seq, action = self._head()
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

    def advance(self) -> list[Event]:
        """Move to the next phase (or the next turn); refused while something is pending."""
        self._require("advance")
        return self._run(self._advance)

    def _advance(self) -> None:
        phase = self.state.phase
        if phase == "briefing":
            self._emit_one("phase_changed", "phase", "declaration")
            if not self.solo:
                for actor in self.participants():
                    if actor in self.computer:
                        self._computer_declare(actor)
        elif phase == "declaration":
            if self.solo:  # simultaneous: the computer declares once the player has
                for actor in self.participants():
                    if actor in self.computer and not any(
                        d.actor == actor for d in self.state.declarations
                    ):
                        self._computer_declare(actor)
            self._emit_one("phase_changed", "phase", "adjudication")
            for declaration in list(self.state.pending()):
                if self.auto_adjudicate or declaration.actor in self.computer:
                    self._adjudicate(declaration, None, "", "computer")
        elif phase == "adjudication":
            self._emit_one("phase_changed", "phase", "consequences")
            if self.state.offers:
                self._computer_answers(self.computer)
            self._fire_rules()
            self._check_endings()
        else:
            if self.state.turn + 1 >= len(self.scenario.turns):
                default = self.scenario.default_ending()
                self._end(default.id if default else None, "calendar")
                return
            self._emit_one("turn_started", "turn", self.state.turn + 1)
            if self.state.offers:
                self._expire_offers()
            self._deliver_due()

    def _fire_rules(self) -> None:
        """Each rule in order whose condition holds (a rule that does not repeat, once):
        later rules see the changes of earlier ones."""
        rules = self._tables.rules
        k = self._next_rule(0)
        while k >= 0:
            rule = rules[k]
            seq, action = self._head()
            self._record(
                {
                    "seq": seq,
                    "kind": "rule_fired",
                    "action": action,
                    "turn": 0,
                    "phase": "",
                    "rule": rule.id,
                    "description": rule.description,
                    "narrative": rule.narrative,
                    "effects": self._steps(rule.effects, None, rule.fused),
                }
            )
            k = self._next_rule(k + 1)

    def _next_rule(self, start: int) -> int:
        """The index of the first rule from `start` on that fires now; -1 for none."""
        state = self.state
        first = self._tables.first_rule
        if first is not None:
            try:
                return first(state.values, state.fired, start)
            except ArithmeticError:  # an overflow: each rule's own, overflow-safe, code
                pass
        rules = self._tables.rules
        for i in range(start, len(rules)):
            rule = rules[i]
            if (rule.repeat or not state.fired.get(rule.id)) and rule.when(state.values) is True:
                return i
        return -1

    def _check_endings(self) -> None:
        tables = self._tables
        first = tables.first_ending
        if first is not None:
            try:
                k = first(self.state.values, None, 0)
            except ArithmeticError:  # an overflow: each ending's own, safe, code
                pass
            else:
                if k >= 0:
                    self._end(self.scenario.endings[tables.endings[k]].model.id, "condition")
                return
        for ending in self.scenario.endings:
            if ending.when is not None and ending.when.fn(self.state.values) is True:
                self._end(ending.model.id, "condition")
                return

    def _end(self, ending_id: str | None, reason: str, note: str = "") -> None:
        """End the session; the ending's own effects apply first, then the actors are scored."""
        compiled = next((e for e in self.scenario.endings if e.model.id == ending_id), None)
        changes = self._changes(compiled.effects) if compiled is not None else []
        values = self.state.values
        if changes:
            values = dict(values)
            for track, _before, after in changes:
                values[track] = after
        self._emit(
            "session_ended",
            ending=ending_id,
            title=compiled.model.title if compiled else "Session closed",
            summary=compiled.model.summary if compiled else "",
            reason=reason,
            note=note,
            effects=changes,
            scores=self.scores(ending_id, values),
        )

    def scores(
        self, ending_id: str | None = None, at: dict[str, Value] | None = None
    ) -> dict[str, dict[str, Any]]:
        """Each actor's objective scores (and weighted total) in the current state (or in
        the values `at`)."""
        env = {**(self.state.values if at is None else at), "ending": ending_id or "none"}
        out: dict[str, dict[str, Any]] = {}
        for actor, objectives in self.scenario.objectives.items():
            values: dict[str, Value] = {}
            total = 0.0
            for objective in objectives:
                raw: Any = objective.score.fn(env)
                value = bounded(float(raw)) if not isinstance(raw, str) else 0.0
                if type(value) is float and value.is_integer():  # round() keeps it (< 2**53)
                    values[objective.id] = int(value)
                else:
                    values[objective.id] = _tidy(round(value, 4))
                total += objective.weight * value
            out[actor] = {"total": _tidy(round(total, 4)), "objectives": values}
        return out

    # ---------------------------------------------------------------- declarations

    def declare(
        self,
        actor: str,
        move: str,
        *,
        reasons_for: Sequence[str] = (),
        reasons_against: Sequence[str] = (),
        sealed: bool = False,
        by: str = "facilitator",
        submission: str | None = None,
    ) -> list[Event]:
        """Declare a catalogue move for an actor (`submission`: the seat's submission this
        accepts)."""
        self._require("declare", actor=actor)
        option = next((o for o in self.move_options(actor) if o.move.id == move), None)
        if option is None:
            known = ", ".join(m.id for m in self.scenario.moves_by_actor.get(actor, ()))
            raise errors.UnknownMove(f"'{move}' is not one of {actor}'s moves ({known})")
        if option.refusal is not None:  # the option's reason, naming the move
            raise option.refusal.error(f"{option.move.model.label}: {option.why}")
        return self._run(
            lambda: self._emit(
                "move_declared",
                actor=actor,
                move=move,
                label=option.move.model.label,
                freeform=None,
                reasons_for=_clean(reasons_for),
                reasons_against=_clean(reasons_against),
                sealed=sealed,
                by=by,
                reason="",
                **_submitted(submission),
            )
        )

    def declare_freeform(
        self,
        actor: str,
        label: str,
        *,
        narrative: str = "",
        effects: Sequence[str] = (),
        reasons_for: Sequence[str] = (),
        reasons_against: Sequence[str] = (),
        sealed: bool = False,
        by: str = "facilitator",
        bounded: bool | None = None,
        submission: str | None = None,
    ) -> list[Event]:
        """Declare a move that is not in the catalogue; its effects apply on success.

        `bounded` (default: in solo play) is a player's move: its effects may change only
        `freeform_tracks(actor)`, each by at most `freeform_limit`, and nothing hidden is
        named in what it says back.
        """
        self._require("declare", actor=actor)
        if not label.strip():
            raise errors.EmptyText("a free-form move needs a label")
        texts = [t.strip() for t in effects if t.strip()]
        if bounded is None:
            bounded = self.auto_adjudicate
        if bounded:
            self._check_reach(actor, texts)
        else:
            self._compile_effects(texts)
        return self._run(
            lambda: self._emit(
                "move_declared",
                actor=actor,
                move=None,
                label=label.strip(),
                freeform={"narrative": narrative.strip(), "effects": texts}
                | ({"bounded": True} if bounded else {}),
                reasons_for=_clean(reasons_for),
                reasons_against=_clean(reasons_against),
                sealed=sealed,
                by=by,
                reason="",
                **_submitted(submission),
            )
        )

    def _computer_declare(self, actor: str) -> None:
        table = self._tables.actors.get(actor)
        if table is None:
            return
        seq = len(self.events) + 1
        drawn = pick(table, self.state, actor, rng_for(self.seed, seq), self.considered)
        if drawn is None:
            return
        move, reason, weight, entry, chance = drawn
        model = move.model
        if type(weight) is float:  # (LIMIT, an int, caps a weight)
            if not weight.is_integer():  # round() keeps a whole number as it is
                weight = round(weight, 6)
            if weight.is_integer() and abs(weight) < 2**53:  # _tidy()
                weight = int(weight)
        pending = self._pending
        state = self.state
        self._record(
            {
                "seq": seq,
                "kind": "move_declared",
                "action": pending[0]["seq"] if pending else seq,
                "turn": state.turn,
                "phase": state.phase,
                "actor": actor,
                "move": model.id,
                "label": model.label,
                "freeform": None,
                "reasons_for": [],
                "reasons_against": [],
                "sealed": False,
                "by": "computer",
                "reason": reason,
                "doctrine": {
                    "entry": entry,
                    "weight": weight,
                    "chance": round(chance, 6),
                },
            }
        )

    def computer_declare(self, actor: str) -> list[Event]:
        """Let the computer declare for an actor by its doctrine (none if nothing fits)."""
        self._require("declare", actor=actor)
        return self._run(lambda: self._computer_declare(actor))

    # ---------------------------------------------------------------- adjudication

    def _move_of(self, declaration: Declaration) -> CompiledMove | None:
        """The catalogue move declared, or the scenario's free-form move for a free-form one."""
        if declaration.move is None:
            bounded = (declaration.freeform or {}).get("bounded")
            return self.scenario.freeform if self.scenario.freeform_stated or bounded else None
        return self.scenario.moves.get(declaration.move)

    def method(self, declaration: Declaration) -> str:
        """How the move is decided: its method (the scenario's free-form one for a free-form
        move), or "argument" once the facilitator argued it."""
        roll = declaration.roll
        if roll is not None and roll.get("method") == "argument":
            return "argument"
        move = self._move_of(declaration)
        return "choice" if move is None else move.model.adjudication.method

    # -------------------------------------------------------- matrix-game arguments

    def _unrolled(self, seq: int, doing: str) -> Declaration:
        self._require("adjudicate", seq=seq)
        declaration = self._declaration(seq)
        if declaration.roll is not None:
            raise errors.AlreadyAdjudicated(
                f"'{declaration.label}' has been rolled already: {doing} comes before the roll"
            )
        return declaration

    def add_argument(
        self,
        seq: int,
        actor: str,
        side: str,
        text: str,
        *,
        by: str = "facilitator",
        submission: str | None = None,
    ) -> list[Event]:
        """A team's argument for or against a declared move, when the facilitator opens
        the floor (before the roll); it counts like a reason once graded strong. `by`:
        "seat" when the team's seat submitted it (`submission`, its inbox id)."""
        declaration = self._unrolled(seq, "arguing")
        if actor not in self.scenario.actors:
            raise errors.UnknownActor(self._unknown_actor(actor))
        if side not in ("for", "against"):
            raise errors.ActionError(f"an argument is 'for' or 'against', not '{side}'")
        if not text.strip():
            raise errors.EmptyText("the argument is empty")
        return self._run(
            lambda: self._emit(
                "argument_added",
                declaration=declaration.seq,
                actor=actor,
                side=side,
                text=text.strip(),
                **({"by": by} if by != "facilitator" else {}),
                **_submitted(submission),
            )
        )

    def grade_reasons(
        self, seq: int, grades_for: Sequence[str], grades_against: Sequence[str]
    ) -> list[Event]:
        """The facilitator grades every reason for and against a move strong or weak
        (in the order of `Declaration.pros()` and `cons()`): only strong ones count."""
        declaration = self._unrolled(seq, "grading")
        for grades, reasons, side in (
            (grades_for, declaration.pros(), "for"),
            (grades_against, declaration.cons(), "against"),
        ):
            if len(grades) != len(reasons):
                raise errors.ActionError(
                    f"grade each of the {len(reasons)} reason(s) {side} the move, not {len(grades)}"
                )
            wrong = [g for g in grades if g not in ("strong", "weak")]
            if wrong:
                raise errors.ActionError(f"a reason is 'strong' or 'weak', not '{wrong[0]}'")
        return self._run(
            lambda: self._emit(
                "reasons_graded",
                declaration=declaration.seq,
                grades_for=list(grades_for),
                grades_against=list(grades_against),
            )
        )

    def why_not_argue(self, declaration: Declaration) -> str | None:
        """Why this move cannot be adjudicated by argument (None: it can)."""
        if declaration.roll is not None:
            return "it has been rolled already"
        move = self._move_of(declaration)
        if move is None:  # a free-form move the facilitator decides: argued success/failure
            return None
        if move.model.adjudication.method == "probability":
            return None if self._has_sides(move) else "its outcomes have no result"
        if not self._has_sides(move):
            return (
                "no outcome says which side of the roll it is: give one outcome "
                'result = "success" and one result = "failure" in the scenario'
            )
        return None

    @staticmethod
    def _has_sides(move: CompiledMove) -> bool:
        results = {o.model.result for o in move.outcomes}
        return bool(results & set(SUCCESS_SIDE)) and bool(results & set(FAILURE_SIDE))

    def argue(self, seq: int) -> list[Event]:
        """Adjudicate a move by argument (Engle's matrix game), whatever its method:
        2d6 plus strong reasons for, minus strong reasons against, against the target (7
        unless the move sets one); the grade picks "yes, and" … "no, and" where the
        scenario defines them. The facilitator may still override, with a reason."""
        declaration = self._unrolled(seq, "arguing")
        why = self.why_not_argue(declaration)
        if why is not None:
            raise errors.BadOutcome(f"'{declaration.label}' cannot be argued: {why}")
        return self._run(lambda: self._roll(declaration, argued=True))

    def outcomes(self, declaration: Declaration) -> list[tuple[str, str]]:
        """(id, label) of every outcome the declaration can have."""
        return [(o, label) for o, label, _ in self._outcome_rows(declaration)]

    def roll(self, seq: int) -> list[Event]:
        """Roll the dice (or draw the probability) for a declared move, once."""
        self._require("adjudicate", seq=seq)
        declaration = self._declaration(seq)
        if self.method(declaration) not in ("dice", "probability", "argument"):
            raise errors.BadOutcome(
                f"'{declaration.label}' is not decided by dice, argument or probability"
            )
        if declaration.roll is not None:
            return []
        return self._run(lambda: self._roll(declaration))

    def _roll(self, declaration: Declaration, argued: bool = False) -> Event:
        strong = declaration.strong()
        move = self._move_of(declaration)
        if move is None:  # a free-form move the facilitator argues
            fields = roll_argument(self._next_rng(), strong)
        else:
            fields = roll_move(move, self.state.values, self._next_rng(), strong, argued)
        return self._push("dice_rolled", {"declaration": declaration.seq, **fields})

    def natural_outcome(self, declaration: Declaration) -> str | None:
        """The outcome the rules give (after the roll, for dice), before any override."""
        method = self.method(declaration)
        if method == "choice":
            return None
        move = self._move_of(declaration)
        if move is None:  # a free-form move, argued
            return None if declaration.roll is None else str(declaration.roll["result"])
        return self._natural(declaration, move, method)

    def _natural(self, declaration: Declaration, move: CompiledMove, method: str) -> str | None:
        """natural_outcome() for a catalogue move whose method is not choice."""
        if method == "auto":
            for outcome in move.outcomes:
                if outcome.when is None or outcome.when.fn(self.state.values) is True:
                    return outcome.model.id
            return move.outcomes[-1].model.id
        roll = declaration.roll
        if roll is None:
            return None
        return move.outcome_for(roll["result"], roll.get("grade")).model.id

    def adjudicate(
        self, seq: int, outcome: str | None = None, *, reason: str = "", by: str = "facilitator"
    ) -> list[Event]:
        """Decide a declared move: the rules' outcome, the facilitator's choice, or an override.

        Dice and probability moves are rolled first if they were not. Choosing another
        outcome than the rules give is an override and needs a reason.
        """
        self._require("adjudicate", seq=seq)
        declaration = self._declaration(seq)
        ids = [o for o, _ in self.outcomes(declaration)]
        if outcome is not None and outcome not in ids:
            raise errors.BadOutcome(
                f"'{outcome}' is not an outcome of '{declaration.label}' ({', '.join(ids)})"
            )
        method = self.method(declaration)
        labels = dict(self.outcomes(declaration))
        if outcome is None and method == "choice":
            raise errors.BadOutcome(
                f"choose an outcome for “{declaration.label}”: {', '.join(labels.values())}"
            )
        if outcome is not None and method != "choice" and not reason.strip():
            natural = self.natural_outcome(declaration)
            if natural is None or natural != outcome:
                raise errors.OverrideNeedsReason(_override_words(method, labels, outcome, natural))
        return self._run(lambda: self._adjudicate(declaration, outcome, reason.strip(), by))

    def computer_adjudicate(self, seq: int) -> list[Event]:
        """Let the computer decide a move (choice outcomes drawn by weight)."""
        self._require("adjudicate", seq=seq)
        declaration = self._declaration(seq)
        return self._run(lambda: self._adjudicate(declaration, None, "", "computer"))

    def _adjudicate(
        self, declaration: Declaration, outcome: str | None, reason: str, by: str
    ) -> None:
        """Decide a move, by the rules (`outcome` None) or as chosen: its roll first if it
        needs one, then one move_adjudicated event with the outcome's changes (a player's
        free-form move bounded; a catalogue move's diminished, with its costs and its
        public face), then the offer it puts and the observers' rolls to see through it."""
        if declaration.move is not None:
            plan = self._tables.moves.get(declaration.move)
            if plan is not None:
                self._adjudicate_move(plan, declaration, outcome, reason, by)
                return
        move = self._move_of(declaration)
        roll = declaration.roll
        if roll is not None and roll.get("method") == "argument":  # method(), inlined
            method = "argument"
        else:
            method = "choice" if move is None else move.model.adjudication.method
        if roll is None and method in ("dice", "probability", "argument"):
            self._roll(declaration)
            declaration = self._declaration(declaration.seq)  # with its roll
            roll = declaration.roll
        if method == "choice":  # natural_outcome() is None for a choice
            natural = self._computer_pick(declaration) if outcome is None else None
        elif move is None:  # a free-form move, argued
            assert roll is not None
            natural = str(roll["result"])
        else:
            natural = self._natural(declaration, move, method)
        chosen = outcome or natural
        assert chosen is not None
        extra: dict[str, Any] | None = None
        if declaration.move is None:  # free-form: its own effects apply on success
            freeform = declaration.freeform or {}
            success = chosen == "success"
            effects = self._compile_effects(freeform.get("effects", ())) if success else []
            label = "Succeeds" if success else "Fails"
            narrative = freeform.get("narrative", "") if success else ""
            changes = self._changes(effects)
            if freeform.get("bounded"):
                changes = self._bounded(declaration.actor, changes)
            move = None  # a free-form move puts no offer and has no public face
        else:
            assert move is not None
            move_outcome = move.outcome(chosen)
            assert move_outcome is not None
            label = move_outcome.model.label
            narrative = move_outcome.model.narrative
            changes = self._changes(move_outcome.effects)
            if move.cost or move.repeat_cost or move.model.diminishing or move.deception:
                changes, extra = self._priced(move, changes)
        fields: dict[str, Any] = {
            "declaration": declaration.seq,
            "actor": declaration.actor,
            "move": declaration.move,
            "method": method,
            "outcome": chosen,
            "label": label,
            "natural": natural,
            "override": reason if (method != "choice" and chosen != natural) else None,
            "reason": reason if method == "choice" else "",
            "narrative": narrative,
            "effects": changes,
            "by": by,
        }
        if extra:
            fields.update(extra)
        self._push("move_adjudicated", fields)
        if move is not None and move.offer is not None:
            self._make_offer(move, declaration)
        if move is not None and move.deception is not None:
            self._test_deception(declaration, move.deception)

    def _adjudicate_move(
        self,
        plan: MovePlan,
        declaration: Declaration,
        outcome: str | None,
        reason: str,
        by: str,
    ) -> None:
        """`_adjudicate()` of a catalogue move, over its plan (engine/tables.py)."""
        move = plan.move
        roll = declaration.roll
        if roll is not None and roll.get("method") == "argument":  # method(), inlined
            method = "argument"
        else:
            method = plan.method
        if roll is None and method in ("dice", "probability", "argument"):
            roll = self._roll_move(plan, declaration)
        if method == "choice":  # natural_outcome() is None for a choice
            natural = self._computer_pick(declaration) if outcome is None else None
        elif method == "auto":
            values = self.state.values
            natural = plan.ordered[-1][1].id
            for when, candidate in plan.ordered:
                if when is None or when(values) is True:
                    natural = candidate.id
                    break
        else:
            assert roll is not None
            found = plan.by_roll.get((roll["result"], roll.get("grade")))
            natural = (
                found.id
                if found is not None
                else move.outcome_for(roll["result"], roll.get("grade")).model.id
            )
        chosen = outcome or natural
        assert chosen is not None
        chosen_plan = plan.outcomes[chosen]
        changes = self._steps(chosen_plan.effects, None, chosen_plan.fused)
        extra: dict[str, Any] | None = None
        if plan.priced:
            changes, extra = self._priced(move, changes, plan)
        seq, action = self._head()
        state = self.state
        event: dict[str, Any] = {
            "seq": seq,
            "kind": "move_adjudicated",
            "action": action,
            "turn": state.turn,
            "phase": state.phase,
            "declaration": declaration.seq,
            "actor": declaration.actor,
            "move": declaration.move,
            "method": method,
            "outcome": chosen,
            "label": chosen_plan.label,
            "natural": natural,
            "override": reason if (method != "choice" and chosen != natural) else None,
            "reason": reason if method == "choice" else "",
            "narrative": chosen_plan.narrative,
            "effects": changes,
            "by": by,
        }
        if extra:
            event.update(extra)
        self._record(event)
        if move.offer is not None:
            self._make_offer(move, declaration)
        if move.deception is not None:
            self._test_deception(declaration, move.deception)

    def _roll_move(self, plan: MovePlan, declaration: Declaration) -> dict[str, Any]:
        """`_roll()` of a catalogue move not argued, over its plan: the dice_rolled event."""
        seq, action = self._head()
        state = self.state
        event: dict[str, Any] = {
            "seq": seq,
            "kind": "dice_rolled",
            "action": action,
            "turn": state.turn,
            "phase": state.phase,
            "declaration": declaration.seq,
        }
        rng = rng_for(self.seed, seq)
        if plan.dice is None:  # a probability
            event.update(roll_move(plan.move, state.values, rng, declaration.strong()))
        else:
            strong = declaration.strong()
            roll_dice(event, plan.move, plan.dice, plan.modifiers, state.values, rng, strong)
        self._record(event)
        return event

    def _priced(
        self, move: CompiledMove, changes: list[list[Any]], plan: MovePlan | None = None
    ) -> tuple[list[list[Any]], dict[str, Any]]:
        """A catalogue move's changes shrunk by earlier uses (diminishing returns), and the
        fields its adjudication adds: the mover's costs, counted after the changes, and
        the public face of a deceptive move."""
        model = move.model
        earlier = max(self.state.uses.get(model.id, 1) - 1, 0)
        if model.diminishing and earlier:
            changes = _diminished(changes, (1 - model.diminishing) ** earlier)
        extra: dict[str, Any] = {}
        if plan is not None:  # the costs as the tables prepared them
            steps = plan.cost + plan.repeat_cost * earlier
            if steps:
                base = dict(self.state.values)
                for track, _before, after in changes:
                    base[track] = after
                extra["cost"] = self._steps(steps, base)
        else:
            costs = list(move.cost) + list(move.repeat_cost) * earlier
            if costs:
                base = dict(self.state.values)
                for track, _before, after in changes:
                    base[track] = after
                extra["cost"] = self._changes(costs, base)
        if move.deception is not None:
            face = move.deception.model
            extra["deception"] = {"label": face.label, "narrative": face.narrative}
        return changes, extra

    def _bounded(self, actor: str, changes: list[list[Any]]) -> list[list[Any]]:
        """A player's free-form changes, each number kept within the scenario's bound: the
        `[freeform.limits]` of the track, else the largest change the actor's own
        catalogue moves would make to it now (see `freeform_limit`)."""
        out = []
        for target, before, after in changes:
            track = self.scenario.tracks[target]
            if track.type == "number" and isinstance(after, int | float):
                limit = self.freeform_limit(actor, target)
                after = min(max(after, before - limit), before + limit)
                after = _tidy(after) if isinstance(after, float) else after
            out.append([target, before, after])
        return out

    def freeform_limit(self, actor: str, track: str) -> float:
        """The most a player's free-form move may change a number track now."""
        freeform = self.scenario.model.freeform
        stated = freeform.limits.get(track) if freeform is not None else None
        if stated is not None:
            return stated
        values = self.state.values
        before = values.get(track)
        largest = 0.0
        if not isinstance(before, int | float) or isinstance(before, bool):
            return largest
        for move in self.scenario.moves_by_actor.get(actor, ()):
            for outcome in move.outcomes:
                for effect in outcome.effects:
                    if effect.target != track:
                        continue
                    after = effect.fn(values)
                    if isinstance(after, int | float) and not isinstance(after, bool):
                        largest = max(largest, abs(after - before))
        return largest

    def freeform_tracks(self, actor: str) -> list[str]:
        """The tracks a player's free-form move may change (never a hidden one)."""
        reach = self.scenario.freeform_reach.get(actor, frozenset())
        return [t.id for t in self.scenario.model.tracks if t.id in reach and t.visible]

    def _computer_pick(self, declaration: Declaration) -> str:
        move = self._move_of(declaration)
        if move is None:
            return "success"
        outcomes = move.outcomes
        rng = self._next_rng()
        picked = weighted_choice(
            rng, [o.model.id for o in outcomes], [o.model.weight for o in outcomes]
        )
        return picked or outcomes[0].model.id

    # ---------------------------------------------------------------- offers

    def _make_offer(self, move: CompiledMove, declaration: Declaration) -> None:
        offer = move.offer
        assert offer is not None
        model = offer.model
        turn = self.state.turn
        opens = max(turn if model.answer_in == "same_turn" else turn + 1, offer.answer_from)
        self._push(
            "offer_made",
            {
                "actor": declaration.actor,
                "move": move.id,
                "to": list(offer.to),
                "terms": model.terms,
                "private": model.private,
                "opens": opens,
                "closes": opens + model.expires - 1,
                "counter_of": None,
                "declaration": declaration.seq,
            },
        )

    def answer_options(self, actor: str) -> list[AnswerOption]:
        """The offers waiting for `actor`'s answer, each with why it cannot answer now."""
        return answer_options(self.state, actor)

    def open_offers(self) -> list[tuple[OfferState, str]]:
        """Every (offer, addressee) that may be answered now, oldest first."""
        state = self.state
        turn = state.turn
        return [
            (offer, actor)
            for offer in state.offers.values()
            if offer.opens <= turn <= offer.closes  # the others are refused: skip them fast
            for actor in offer.waiting()
            if offer_refusal(state, offer, actor) is None
        ]

    def find_offer(self, actor: str, ref: int | str) -> OfferState:
        """The offer `ref` (its seq, or the id of the move it comes from: then the latest
        offer from that move, counters included, waiting for `actor`'s answer)."""
        offers = self.state.offers
        if isinstance(ref, int) and not isinstance(ref, bool):
            found = offers.get(ref)
            if found is None:
                raise errors.UnknownOffer(f"there is no offer #{ref}")
            return found
        waiting = [o for o in offers.values() if o.move == ref and actor in o.to]
        if not waiting:
            raise errors.UnknownOffer(f"no offer from move '{ref}' is addressed to {actor}")
        unanswered = [o for o in waiting if actor not in o.answers]
        return (unanswered or waiting)[-1]

    def _offer_effects(self, offer: OfferState, answer: str) -> tuple[Sequence[Effect], str]:
        """What an answer does: the scenario's result for a move's offer; for a
        counter-offer, its own terms' effects if accepted and nothing else."""
        if offer.counter_of is None:
            compiled = self.scenario.moves.get(offer.move)
            if compiled is None or compiled.offer is None:
                return (), ""
            return compiled.offer.result(answer)
        if answer == "accept":
            return self._compile_effects(offer.if_accepted), ""
        return (), ""

    def answer_offer(
        self,
        offer: int | str,
        actor: str,
        answer: str,
        *,
        terms: str = "",
        effects: Sequence[str] = (),
        reason: str = "",
        by: str = "facilitator",
        submission: str | None = None,
    ) -> list[Event]:
        """`actor` answers an offer: accept, reject, or counter with amended `terms` (and the
        `effects` they have if the offerer accepts them), a new offer back (`submission`:
        the seat's submission it accepts, `by` then "seat")."""
        if actor not in self.scenario.actors:
            raise errors.UnknownActor(self._unknown_actor(actor))
        found = self.find_offer(actor, offer)
        refusal = offer_refusal(self.state, found, actor)
        if refusal is not None:
            raise refusal.exception()
        if answer not in ANSWERS:
            raise errors.ActionError(f"an answer is accept, reject or counter, not '{answer}'")
        texts = [t.strip() for t in effects if t.strip()]
        if answer == "counter":
            if not terms.strip():
                raise errors.EmptyText("a counter-offer needs its amended terms")
            self._compile_effects(texts)
        return self._run(
            lambda: self._answer(
                found, actor, answer, terms.strip(), texts, reason.strip(), by, submission
            )
        )

    def _answer(
        self,
        offer: OfferState,
        actor: str,
        answer: str,
        terms: str,
        texts: Sequence[str],
        reason: str,
        by: str,
        submission: str | None = None,
    ) -> None:
        effects, narrative = self._offer_effects(offer, answer)
        fields: dict[str, Any] = {
            "offer": offer.seq,
            "actor": actor,
            "effects": self._changes(effects),
            "narrative": narrative,
            "by": by,
            "reason": reason,
            **_submitted(submission),
        }
        if offer.private:  # its parties, so that each event says who may see it
            fields["between"] = [offer.actor, *offer.to]
        if answer != "counter":
            self._push("offer_answered", {**fields, "answer": answer})
            return
        self._push("offer_countered", {**fields, "terms": terms})
        compiled = self.scenario.moves.get(offer.move)
        model = compiled.offer.model if compiled is not None and compiled.offer else None
        turn = self.state.turn
        opens = turn if model is None or model.answer_in == "same_turn" else turn + 1
        expires = 1 if model is None else model.expires
        self._push(
            "offer_made",
            {
                "actor": actor,
                "move": offer.move,
                "to": [offer.actor],
                "terms": terms,
                "private": offer.private,
                "opens": opens,
                "closes": opens + expires - 1,
                "counter_of": offer.seq,
                "if_accepted": list(texts),
                "declaration": None,
            },
        )

    def _computer_answers(self, actors: Iterable[str] | None) -> None:
        """The computer answers every offer open to one of `actors` (None: anyone), by the
        offer's doctrine; counters it makes that are open at once are answered too."""
        wanted = None if actors is None else frozenset(actors)
        while True:
            state = self.state
            if state.over:
                return
            turn = state.turn
            todo = [  # open_offers(), without a refusal built to be thrown away
                (offer, actor)
                for offer in state.offers.values()
                if offer.opens <= turn <= offer.closes
                for actor in offer.to
                if actor not in offer.answers and (wanted is None or actor in wanted)
            ]
            if not todo:
                return
            for offer, actor in todo:
                compiled = self.scenario.moves.get(offer.move)
                if compiled is None or compiled.offer is None:
                    answer, reason = "reject", "no doctrine for this offer"
                else:
                    answer, reason = choose_answer(
                        compiled.offer,
                        offer.counter_of,
                        actor,
                        self.state.values,
                        self._next_rng(),
                    )
                terms = ""
                texts: list[str] = []
                if answer == "counter" and compiled is not None and compiled.offer is not None:
                    terms = compiled.offer.model.counter_terms
                    texts = list(compiled.offer.model.counter_effects)
                self._answer(offer, actor, answer, terms, texts, reason, "computer")

    def answer_offer_by_computer(self, offer: int | str, actor: str) -> list[Event]:
        """Let the computer answer an offer for `actor` by the offer's doctrine."""
        found = self.find_offer(actor, offer)
        refusal = offer_refusal(self.state, found, actor)
        if refusal is not None:
            raise refusal.exception()

        def build() -> None:
            compiled = self.scenario.moves.get(found.move)
            if compiled is None or compiled.offer is None:
                self._answer(found, actor, "reject", "", [], "no doctrine", "computer")
                return
            answer, reason = choose_answer(
                compiled.offer, found.counter_of, actor, self.state.values, self._next_rng()
            )
            model = compiled.offer.model
            terms = model.counter_terms if answer == "counter" else ""
            texts = list(model.counter_effects) if answer == "counter" else []
            self._answer(found, actor, answer, terms, texts, reason, "computer")

        return self._run(build)

    def _expire_offers(self) -> None:
        turn = self.state.turn
        for offer in list(self.state.offers.values()):
            waiting = offer.waiting()
            if not waiting or offer.closes >= turn:
                continue
            effects, narrative = self._offer_effects(offer, "expire")
            self._push(
                "offer_expired",
                {
                    "offer": offer.seq,
                    "actors": list(waiting),
                    "effects": self._changes(effects),
                    "narrative": narrative,
                }
                | ({"between": [offer.actor, *offer.to]} if offer.private else {}),
            )

    # ---------------------------------------------------------------- deception

    def _test_deception(self, declaration: Declaration, deception: CompiledDeception) -> None:
        """Each observer rolls to see through a deceptive move; the first sight applies the
        scenario's consequences once."""
        seen: list[str] = []
        for observer in deception.observers:
            rng = self._next_rng()
            faces = [rng.randint(1, deception.dice_sides) for _ in range(deception.dice_count)]
            modifier = deception.modifier
            bonus = (
                modifier if isinstance(modifier, int) else int(number(modifier, self.state.values))
            )
            total = sum(faces) + bonus
            target = deception.model.target
            self._push(
                "deception_tested",
                {
                    "declaration": declaration.seq,
                    "actor": observer,
                    "dice": deception.model.dice,
                    "faces": faces,
                    "modifier": bonus,
                    "total": total,
                    "target": target,
                    "seen": total >= target,
                },
            )
            if total >= target:
                seen.append(observer)
        if seen:
            self._push(
                "deception_seen",
                {
                    "declaration": declaration.seq,
                    "actors": seen,
                    "effects": self._changes(deception.seen),
                    "narrative": deception.model.seen.narrative,
                },
            )

    # ---------------------------------------------------------------- sealed moves

    def _sealed(self, seq: int) -> Declaration:
        declaration = self.state.declaration(seq)
        if declaration is None:
            raise errors.UnknownDeclaration(f"no move #{seq} was declared this turn")
        if not declaration.secret:
            raise errors.ActionError(f"move #{seq} is not a sealed move still hidden from the room")
        return declaration

    def why_not_withdraw(self, seq: int) -> str | None:
        """Why the declaration `seq` cannot be withdrawn now (None: it can): only a move
        of this turn that nothing has built on yet (no roll, argument or grading)."""
        state = self.state
        if state.over:
            return "the session has ended"
        if state.phase not in ("declaration", "adjudication"):
            return f"moves are withdrawn before their adjudication; it is the {state.phase} phase"
        refusal = self._declaration_refusal(seq)
        if refusal is not None:
            return refusal.why
        declaration = self._declaration(seq)
        if declaration.roll is not None:
            return f"'{declaration.label}' has been rolled already"
        if declaration.arguments or declaration.grades is not None:
            return f"'{declaration.label}' has been argued already"
        return None

    def withdraw(self, seq: int, reason: str = "") -> list[Event]:
        """Take back a declaration (a slip corrected: the wrong team or the wrong move);
        any declaration of the turn, not only the last, as long as nothing built on it."""
        why = self.why_not_withdraw(seq)
        if why is not None:
            raise errors.ActionError(why)
        return self._run(
            lambda: self._emit("move_withdrawn", declaration=seq, reason=reason.strip())
        )

    def reveal(self, seq: int) -> list[Event]:
        """Reveal a sealed move to the room (its adjudication reveals it anyway)."""
        self._require("inject")  # any time until the session ends
        declaration = self._sealed(seq)
        return self._run(lambda: self._emit("move_revealed", declaration=declaration.seq))

    def peek(self, seq: int, reason: str = "") -> list[Event]:
        """The facilitator looks at a sealed move on purpose; the journal records it."""
        self._require("inject")
        declaration = self._sealed(seq)
        return self._run(
            lambda: self._emit("move_peeked", declaration=declaration.seq, reason=reason.strip())
        )

    # ---------------------------------------------------------------- the room's voice

    def answer(
        self,
        question: int,
        actor: str,
        text: str,
        *,
        by: str = "facilitator",
        submission: str | None = None,
    ) -> list[Event]:
        """Record a team's answer to one of the turn's discussion questions (from 0)."""
        refusal = answer_refusal(self.scenario, self.state, question, actor)
        if refusal is not None:
            raise refusal.exception()
        if not text.strip():
            raise errors.EmptyText("the answer is empty")
        prompt = self.scenario.turns[self.state.turn].questions[question]
        return self._run(
            lambda: self._emit(
                "question_answered",
                question=question,
                prompt=prompt,
                actor=actor,
                text=text.strip(),
                by=by,
                **_submitted(submission),
            )
        )

    def return_submission(
        self, actor: str, submission: str, reason: str, *, what: str = ""
    ) -> list[Event]:
        """Hand a seat's submission back to its team with a reason (the team sees it)."""
        if actor not in self.scenario.actors:
            raise errors.UnknownActor(self._unknown_actor(actor))
        if not submission.strip():
            raise errors.ActionError("which submission? (its id is empty)")
        if not reason.strip():
            raise errors.EmptyText("say why the submission goes back to the team")
        fields: dict[str, Any] = {"actor": actor, "submission": submission.strip()}
        if what.strip():
            fields["what"] = what.strip()
        fields["reason"] = reason.strip()
        return self._run(lambda: self._push("submission_returned", fields))

    # ---------------------------------------------------------------- the timer

    def set_timer(self, seconds: int, deadline: str) -> list[Event]:
        """Give the current phase `seconds` (0 clears the timer); `deadline` is when that
        is, ISO 8601 UTC (the caller reads the clock: the engine has none)."""
        self._require("inject")  # any time until the session ends
        if seconds < 0 or seconds > 24 * 3600:
            raise errors.ActionError("a timer runs from 1 second to 24 hours (0 clears it)")
        if seconds and not deadline:
            raise errors.ActionError("a running timer needs its deadline")
        return self._run(
            lambda: self._emit(
                "timer_set", seconds=int(seconds), deadline=deadline if seconds else ""
            )
        )

    def timer_expired(self) -> list[Event]:
        """Record that the phase's time ran out (it decides nothing by itself)."""
        timer = self.state.timer
        if timer is None or timer.get("expired"):
            raise errors.ActionError("no timer is running")
        return self._run(lambda: self._emit("timer_expired", deadline=str(timer["deadline"])))

    # ---------------------------------------------------------------- facilitator

    def deliver_inject(self, inject_id: str) -> list[Event]:
        """Deliver one of the scenario's injects now, by hand."""
        self._require("inject")
        inject = self.scenario.injects.get(inject_id)
        if inject is None:
            known = ", ".join(self.scenario.injects) or "none"
            raise errors.UnknownInject(f"there is no inject '{inject_id}' (injects: {known})")
        if inject_id in self.state.delivered:
            raise errors.UnknownInject(f"'{inject.model.title}' has been delivered already")
        return self._run(
            lambda: self._emit(
                "inject_delivered",
                inject=inject_id,
                title=inject.model.title,
                text=inject.model.text,
                effects=self._changes(inject.effects),
                by="facilitator",
            )
        )

    def deliver_adhoc(self, title: str, text: str = "", effects: Sequence[str] = ()) -> list[Event]:
        """Deliver an inject the facilitator makes up on the spot."""
        self._require("inject")
        if not title.strip():
            raise errors.EmptyText("an inject needs a title")
        compiled = self._compile_effects([t.strip() for t in effects if t.strip()])
        return self._run(
            lambda: self._emit(
                "inject_delivered",
                inject=None,
                title=title.strip(),
                text=text.strip(),
                effects=self._changes(compiled),
                by="facilitator",
            )
        )

    def note(self, text: str, tag: str = "note", *, objective: str | None = None) -> list[Event]:
        """A facilitator note; `strength` and `improvement` feed the report's debrief, and
        may name the exercise objective they are about."""
        self._require("note")
        if not text.strip():
            raise errors.EmptyText("the note is empty")
        if tag not in NOTE_TAGS:
            raise errors.ActionError(f"a note's tag is one of {', '.join(NOTE_TAGS)}, not '{tag}'")
        fields: dict[str, Any] = {"text": text.strip(), "tag": tag}
        if objective:
            fields["objective"] = self._objective(objective)
        return self._run(lambda: self._push("note", fields))

    # ---------------------------------------------------------------- evaluation

    def _objective(self, objective: str) -> str:
        if objective not in self.scenario.exercise:
            known = ", ".join(self.scenario.exercise)
            raise errors.UnknownObjective(
                f"there is no exercise objective '{objective}' (objectives: {known})"
                if known
                else "the scenario has no exercise objectives"
            )
        return objective

    def _team(self, actor: str | None) -> str | None:
        if actor and actor not in self.scenario.actors:
            raise errors.UnknownActor(self._unknown_actor(actor))
        return actor or None

    def set_details(
        self,
        *,
        exercise: str = "",
        facilitator: str = "",
        evaluators: Sequence[str] = (),
        venue: str = "",
        participants: Mapping[str, Sequence[str]] | None = None,
        by: str = "facilitator",
    ) -> list[Event]:
        """Record who runs the exercise, where, and who sits at each team's table (the
        whole set: a later call replaces it)."""
        self._require("evaluate")
        seated: dict[str, list[str]] = {}
        for actor, names in (participants or {}).items():
            self._team(actor)
            cleaned = _clean(names)
            if cleaned:
                seated[actor] = cleaned
        return self._run(
            lambda: self._emit(
                "session_details",
                exercise=exercise.strip(),
                facilitator=facilitator.strip(),
                evaluators=_clean(evaluators),
                venue=venue.strip(),
                participants=seated,
                by=by,
            )
        )

    def observe(
        self, text: str, objective: str, *, actor: str | None = None, by: str = "facilitator"
    ) -> list[Event]:
        """An observation against an exercise objective, of one team or of the room."""
        self._require("evaluate")
        objective = self._objective(objective)
        team = self._team(actor)
        if not text.strip():
            raise errors.EmptyText("the observation is empty")
        fields: dict[str, Any] = {"objective": objective, "text": text.strip()}
        if team:
            fields["actor"] = team
        fields["by"] = by.strip() or "facilitator"
        return self._run(lambda: self._push("observation", fields))

    def rate(
        self,
        objective: str,
        rating: str,
        *,
        observation: str = "",
        strengths: Sequence[str] = (),
        improvements: Sequence[str] = (),
        by: str = "facilitator",
    ) -> list[Event]:
        """The hotwash's rating of an exercise objective: P, S, M or U (HSEEP), with why,
        its strengths and its areas for improvement. Rating again replaces it."""
        self._require("evaluate")
        objective = self._objective(objective)
        letter = rating.strip().upper()
        if letter not in RATINGS:
            meanings = "; ".join(f"{k}: {v.lower()}" for k, v in RATINGS.items())
            raise errors.BadEvaluation(f"a rating is P, S, M or U ({meanings}), not '{rating}'")
        return self._run(
            lambda: self._emit(
                "objective_rated",
                objective=objective,
                rating=letter,
                observation=observation.strip(),
                strengths=_clean(strengths),
                improvements=_clean(improvements),
                by=by,
            )
        )

    def plan_improvement(
        self,
        issue: str,
        action: str,
        *,
        objective: str | None = None,
        capability: str | None = None,
        owner: str = "",
        due: str | dt.date | None = None,
        item: int | None = None,
        by: str = "facilitator",
    ) -> list[Event]:
        """An item of the improvement plan (a new one, or `item` replaced). The capability
        defaults to the objective's."""
        self._require("evaluate")
        if not issue.strip():
            raise errors.EmptyText("an improvement needs the issue it addresses")
        if not action.strip():
            raise errors.EmptyText("an improvement needs a corrective action")
        named = self._objective(objective) if objective else None
        if capability is None:
            capability = self.scenario.exercise[named].capability if named else ""
        if item is None:
            item = max(self._plan_items(), default=0) + 1
        elif item < 1:
            raise errors.BadEvaluation(f"improvement plan items are numbered from 1, not {item}")
        return self._run(
            lambda: self._emit(
                "improvement_planned",
                item=item,
                issue=issue.strip(),
                corrective_action=action.strip(),
                objective=named,
                capability=capability.strip(),
                owner=owner.strip(),
                due=_due(due),
                by=by,
            )
        )

    def withdraw_improvement(self, item: int, *, by: str = "facilitator") -> list[Event]:
        """Take an item out of the improvement plan."""
        self._require("evaluate")
        planned = self.state.improvements.get(item)
        if planned is None:
            raise errors.BadEvaluation(f"the improvement plan has no item {item}")
        return self._run(
            lambda: self._emit(
                "improvement_planned",
                item=item,
                issue=planned["issue"],
                corrective_action=planned["corrective_action"],
                withdrawn=True,
                by=by,
            )
        )

    def _plan_items(self) -> list[int]:
        """Every item number used so far, in effect or not (a new item never reuses one)."""
        return [e["item"] for e in self.events if e["kind"] == "improvement_planned"]

    def feedback(
        self,
        worked: str,
        change: str,
        rating: int,
        *,
        participant: str = "",
        actor: str | None = None,
        by: str = "facilitator",
        submission: str | None = None,
    ) -> list[Event]:
        """A participant's feedback form: what worked, what to change, a rating 1 to 5.
        Entered by the facilitator, or submitted from a team's seat (`by="seat"`, with
        the `submission` it accepts)."""
        self._require("evaluate")
        team = self._team(actor)
        if type(rating) is not int or not 1 <= rating <= 5:
            raise errors.BadEvaluation(f"a feedback rating is from 1 to 5, not {rating!r}")
        if not worked.strip() and not change.strip():
            raise errors.EmptyText("the feedback says neither what worked nor what to change")
        fields: dict[str, Any] = {"participant": participant.strip()}
        if team:
            fields["actor"] = team
        fields.update(worked=worked.strip(), change=change.strip(), rating=rating, by=by)
        fields.update(_submitted(submission))
        return self._run(lambda: self._push("feedback", fields))

    def end(self, ending: str | None = None, *, note: str = "") -> list[Event]:
        """End the session now, with a named ending or none."""
        self._require("end")
        if ending is not None and self.scenario.ending(ending) is None:
            known = ", ".join(e.model.id for e in self.scenario.endings) or "none"
            raise errors.ActionError(f"there is no ending '{ending}' (endings: {known})")
        return self._run(lambda: self._end(ending, "facilitator", note.strip()))

    def undo(self) -> list[Event]:
        """Undo the last action in effect (the session's start cannot be undone)."""
        self._require("undo")
        target = self._done[-1]
        events = self._run(lambda: self._emit("undo", target=target))
        self._undone.append(self._done.pop())
        before = self._before.get(target)
        if before is None:
            self.state = replay(self.scenario.initial_values(), self.events)
        else:
            self.state = before.clone()
            self.state.seq = events[-1]["seq"]
        return events

    def redo(self) -> list[Event]:
        """Redo the action undone last, unless something else was done since."""
        self._require("redo")
        target = self._undone[-1]
        events = self._run(lambda: self._emit("redo", target=target))
        self._done.append(self._undone.pop())
        if target in self._before:  # the state is the one before the action: apply it again
            for event in self.events[target - 1 :]:  # an action's events are contiguous
                if event["action"] != target:
                    break
                REDUCERS[event["kind"]](self.state, event)
            self.state.seq = events[-1]["seq"]
        else:
            self.state = replay(self.scenario.initial_values(), self.events)
        return events

    # ---------------------------------------------------------------- whole runs

    def branch_events(self, at_seq: int) -> list[Event]:
        """The events up to the end of the action that holds event `at_seq`: a branch's start."""
        if not 1 <= at_seq <= len(self.events):
            raise errors.ActionError(f"there is no event {at_seq} (1–{len(self.events)})")
        action = self.events[at_seq - 1]["action"]
        end = at_seq
        while end < len(self.events) and self.events[end]["action"] == action:
            end += 1
        return [cast(Event, dict(e)) for e in self.events[:end]]

    def play_computer_turn(self) -> None:
        """Play the rest of the current turn for every actor by the computer."""
        start = self.state.turn
        while not self.state.over and self.state.turn == start:
            if self.state.phase == "declaration":
                for actor in self.participants():
                    if actor not in self.computer and actor not in self.state.by_actor:
                        self._run(lambda a=actor: self._computer_declare(a))  # type: ignore[misc]
            if self.state.phase == "adjudication":
                for declaration in list(self.state.pending()):
                    self._run(lambda d=declaration: self._adjudicate(d, None, "", "computer"))  # type: ignore[misc]
                if self.state.offers and self.open_offers():
                    self._run(lambda: self._computer_answers(None))
            self.advance()

    def play_to_end(self) -> None:
        """Let the computer play every actor to an ending."""
        while not self.state.over:
            self.play_computer_turn()


def _submitted(submission: str | None) -> dict[str, str]:
    """The `submission` field of an event that accepts a seat's submission (none else)."""
    return {"submission": submission} if submission else {}


def _clean(reasons: Sequence[str]) -> list[str]:
    return [r.strip() for r in reasons if r.strip()]


def _due(due: str | dt.date | None) -> str:
    """A due date as YYYY-MM-DD ("" for none); refused unless it is a real date."""
    if due is None or due == "":
        return ""
    if isinstance(due, dt.date):
        return due.isoformat()
    try:
        return dt.date.fromisoformat(due.strip()).isoformat()
    except ValueError:
        raise errors.BadEvaluation(
            f"a due date is YYYY-MM-DD, like 2026-03-31, not '{due}'"
        ) from None


def _tidy(value: Value) -> Value:
    """Whole floats become ints, so journals and exports read 100000, not 100000.0."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _diminished(changes: list[list[Any]], factor: float) -> list[list[Any]]:
    """Changes to number tracks shrunk by `factor` (diminishing returns of a repeated move)."""
    out = []
    for track, before, after in changes:
        if (
            isinstance(after, int | float)
            and isinstance(before, int | float)
            and not isinstance(after, bool)
            and not isinstance(before, bool)
        ):
            after = _tidy(round(before + (after - before) * factor, 6))
        out.append([track, before, after])
    return out


def _override_words(
    method: str, labels: Mapping[str, str], outcome: str, natural: str | None
) -> str:
    """Why an override needs a reason, naming the outcomes by their labels: `choosing
    “Moscow warns” instead of “The allies hedge”, which the roll gives, is an override:
    give a reason`."""
    source = {"auto": "rules", "probability": "draw"}.get(method, "roll")
    chosen = f"choosing “{labels.get(outcome, outcome)}”"
    if natural is None:
        return f"{chosen} before the {source} is an override: give a reason"
    return (
        f"{chosen} instead of “{labels.get(natural, natural)}”, which the {source} gives, "
        "is an override: give a reason"
    )
