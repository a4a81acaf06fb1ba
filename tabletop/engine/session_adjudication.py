"""Adjudication: rolling for a declared move and deciding its outcome, by rule, choice or override.

`_adjudicate_move` and `_roll_move` are the hot loop's path for catalogue moves, over the
plans of engine/tables.py; `_adjudicate` is the general one (free-form moves).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tabletop.engine import errors
from tabletop.engine.dice import (
    chance_now,
    first_unit,
    roll_argument,
    roll_chance,
    roll_dice,
    roll_move,
    weighted_choice,
)
from tabletop.engine.events import Event
from tabletop.engine.session_core import _tidy
from tabletop.engine.session_odds import SessionOdds
from tabletop.engine.session_offers import SessionOffers
from tabletop.engine.state import Declaration
from tabletop.engine.tables import MovePlan
from tabletop.engine.wording import quoted
from tabletop.scenario.compiled import CompiledMove


class SessionAdjudication(SessionOdds, SessionOffers):
    """The session's adjudication commands."""

    # -------------------------------------------------------- matrix-game arguments

    def roll(self, seq: int) -> list[Event]:
        """Roll the dice (or draw the probability) for a declared move, once."""
        self._require("adjudicate", seq=seq)
        declaration = self._declaration(seq)
        if self.method(declaration) not in ("dice", "probability", "argument"):
            raise errors.BadOutcome(
                f"{quoted(declaration.label)} is not decided by dice, argument or probability"
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
                f"'{outcome}' is not an outcome of {quoted(declaration.label)} ({', '.join(ids)})"
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
        fused = chosen_plan.fused
        if fused is None:
            changes = self._steps(chosen_plan.effects)
        else:  # _steps(), its first try inlined: a call fewer a move
            try:
                changes = fused(self.state.values)
            except ArithmeticError:  # an overflow, or a value to clamp: one by one
                changes = self._steps(chosen_plan.effects)
        extra: dict[str, Any] | None = None
        if plan.priced and (plan.always_priced or self.state.uses.get(move.model.id, 1) > 1):
            changes, extra = self._priced(move, changes, plan)
        seq, action = len(self.events) + 1, self._action  # _head(), inlined
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
        seq, action = len(self.events) + 1, self._action  # _head(), inlined
        state = self.state
        event: dict[str, Any] = {
            "seq": seq,
            "kind": "dice_rolled",
            "action": action,
            "turn": state.turn,
            "phase": state.phase,
            "declaration": declaration.seq,
        }
        if plan.dice is None:  # a probability
            chance = chance_now(plan.move, state.values)
            roll_chance(event, chance, first_unit(self.seed, seq))
        else:
            strong = declaration.strong()
            dice, modifiers = plan.dice, plan.modifiers
            roll_dice(event, plan.move, dice, modifiers, state.values, self.seed, seq, strong)
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
            repeat = plan.repeat_cost if earlier else ()
            steps = plan.cost + repeat * earlier if repeat else plan.cost
            if steps:
                base = dict(self.state.values)
                for track, _before, after in changes:
                    base[track] = after
                extra["cost"] = self._steps(steps, base, None if repeat else plan.cost_fused)
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
