"""Declaring moves: a catalogue move, a free-form one, or the computer's by doctrine."""

from __future__ import annotations

from collections.abc import Sequence

from tabletop.engine import errors
from tabletop.engine.dice import first_unit
from tabletop.engine.doctrine import drawn, weigh_options
from tabletop.engine.events import Event
from tabletop.engine.session_core import _clean, _submitted
from tabletop.engine.session_odds import SessionOdds
from tabletop.scenario.compiled import CompiledMove
from tabletop.scenario.expressions import ExpressionError, compile_effect


class SessionDeclarations(SessionOdds):
    """The session's declaration commands."""

    # ---------------------------------------------------------------- effects

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
        self._require_declare(actor, by)
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
        self._require_declare(actor, by)
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
        state = self.state
        entry: int | None
        options: list[tuple[CompiledMove, int]]
        weights: list[float]
        fused = table.fused
        if fused is not None and self.considered is None:
            # weigh_options(), inlined for the fused pass: a call fewer per declaration
            # (tests/engine/test_tables.py compares it with the plain pass)
            mine = state.by_actor.get(actor)
            options = []
            weights = []
            try:
                fused(
                    state.values,
                    state.uses,
                    {d.move for d in mine} if mine else (),
                    options,
                    weights,
                )
            except ArithmeticError:  # an overflow: the plain loop, whose expressions recover
                options, weights = weigh_options(table, state, actor)
        else:
            options, weights = weigh_options(table, state, actor, self.considered)
        if not options:
            return
        unit = first_unit(self.seed, seq)  # rng_for(self.seed, seq).random()
        move, reason, weight, entry, chance = drawn(table, options, weights, unit)
        model = move.model
        if type(weight) is float:  # (LIMIT, an int, caps a weight)
            if not weight.is_integer():  # round() keeps a whole number as it is
                weight = round(weight, 6)
            if weight.is_integer() and abs(weight) < 2**53:  # _tidy()
                weight = int(weight)
        self._record(
            {
                "seq": seq,
                "kind": "move_declared",
                "action": self._action,
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
        self._require_declare(actor, "computer")
        return self._run(lambda: self._computer_declare(actor))
