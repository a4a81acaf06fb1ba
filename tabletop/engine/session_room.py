"""The room: sealed moves (withdraw, reveal, peek), the teams' answers, the timer.

Also a seat's submission handed back to its team with a reason.
"""

from __future__ import annotations

from typing import Any

from tabletop.engine import errors
from tabletop.engine.events import Event
from tabletop.engine.options import answer_refusal
from tabletop.engine.session_core import SessionCore, _submitted
from tabletop.engine.state import Declaration
from tabletop.engine.wording import quoted


class SessionRoom(SessionCore):
    """The session's commands about the room and what it sees."""

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
            return f"{quoted(declaration.label)} has been rolled already"
        if declaration.arguments or declaration.grades is not None:
            return f"{quoted(declaration.label)} has been argued already"
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
