"""How a declared move is decided, read-only: its method, outcomes, natural outcome and odds.

Also the bounds of a player's free-form move (the tracks it may change, and by how much).
Nothing here records an event: the commands that do (declarations, adjudication,
arguments) ask these.
"""

from __future__ import annotations

from tabletop.engine import errors
from tabletop.engine.dice import modifiers_now, success_chance, target_of
from tabletop.engine.options import Modifier, Odds, OutcomeOption
from tabletop.engine.session_core import SessionCore
from tabletop.engine.state import Declaration
from tabletop.scenario.compiled import CompiledMove


class SessionOdds(SessionCore):
    """The session's answers about how a declared move is decided."""

    # ---------------------------------------------------------------- queries

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

    def outcomes(self, declaration: Declaration) -> list[tuple[str, str]]:
        """(id, label) of every outcome the declaration can have."""
        return [(o, label) for o, label, _ in self._outcome_rows(declaration)]

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
            return move.auto_outcome(self.state.values).model.id
        roll = declaration.roll
        if roll is None:
            return None
        return move.outcome_for(roll["result"], roll.get("grade")).model.id

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
