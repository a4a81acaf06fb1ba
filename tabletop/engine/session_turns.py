"""The turn's flow: phase to phase, the computer's moves on the way, rules, endings and scores."""

from __future__ import annotations

from typing import Any

from tabletop.engine.events import Event
from tabletop.engine.session_adjudication import SessionAdjudication
from tabletop.engine.session_core import _tidy
from tabletop.engine.session_declarations import SessionDeclarations
from tabletop.engine.state import Value
from tabletop.scenario.bounds import as_float, bounded


class SessionTurns(SessionDeclarations, SessionAdjudication):
    """The session's turn flow."""

    # ---------------------------------------------------------------- turn flow

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
            seq, action = len(self.events) + 1, self._action  # _head(), inlined
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
        fused = self._tables.scores
        if fused is not None:
            try:
                return fused(env)
            except ArithmeticError:  # an overflow, or a score to clamp: one by one
                pass
        out: dict[str, dict[str, Any]] = {}
        for actor, objectives in self.scenario.objectives.items():
            values: dict[str, Value] = {}
            total = 0.0
            for objective in objectives:
                raw: Any = objective.score.fn(env)
                value = bounded(as_float(raw)) if not isinstance(raw, str) else 0.0
                if type(value) is float and value.is_integer():  # round() keeps it (< 2**53)
                    values[objective.id] = int(value)
                else:
                    values[objective.id] = _tidy(round(value, 4))
                total += objective.weight * value
            out[actor] = {"total": _tidy(round(total, 4)), "objectives": values}
        return out
