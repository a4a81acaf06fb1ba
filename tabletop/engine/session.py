"""The session: a scenario plus its events, and every action a facilitator can take.

Each command checks the rules, then records the events it decided on (through the
`sink`, which the journal makes durable) and only then returns. The state is always
the replay of the events; the TUI, the CLI, solo play and headless simulation all
drive this one object.

`Session` is made of one module per job, each a class over `SessionCore`
(engine/session_core.py: recording, state, checks, effects): the odds
(session_odds.py), declarations (session_declarations.py), offers and deception
(session_offers.py), adjudication (session_adjudication.py), the turn's flow
(session_turns.py), evaluation (session_evaluation.py) and the room
(session_room.py). What needs all of them is here: matrix-game arguments, the
facilitator's own commands (injects, notes, the end, undo and redo) and whole runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from tabletop.engine import errors
from tabletop.engine.events import REDUCERS, Event
from tabletop.engine.options import MoveOption
from tabletop.engine.replay import replay
from tabletop.engine.session_core import Sink, _submitted
from tabletop.engine.session_evaluation import SessionEvaluation
from tabletop.engine.session_room import SessionRoom
from tabletop.engine.session_turns import SessionTurns
from tabletop.engine.state import Declaration
from tabletop.engine.wording import NOTE_TAGS, plural, quoted
from tabletop.scenario.compiled import FAILURE_SIDE, SUCCESS_SIDE, CompiledMove

__all__ = ["MoveOption", "Session", "Sink"]


class Session(SessionTurns, SessionEvaluation, SessionRoom):
    """A scenario being played: its events, its state, and the commands that extend them."""

    # -------------------------------------------------------- matrix-game arguments

    def _unrolled(self, seq: int, doing: str) -> Declaration:
        self._require("adjudicate", seq=seq)
        declaration = self._declaration(seq)
        if declaration.roll is not None:
            raise errors.AlreadyAdjudicated(
                f"{quoted(declaration.label)} has been rolled already: "
                f"{doing} comes before the roll"
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
                    f"grade each of the {plural(len(reasons), 'reason')} {side} the move, "
                    f"not {len(grades)}"
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
            raise errors.BadOutcome(f"{quoted(declaration.label)} cannot be argued: {why}")
        return self._run(lambda: self._roll(declaration, argued=True))

    # ---------------------------------------------------------------- facilitator

    def deliver_inject(self, inject_id: str) -> list[Event]:
        """Deliver one of the scenario's injects now, by hand."""
        self._require("inject")
        inject = self.scenario.injects.get(inject_id)
        if inject is None:
            known = ", ".join(self.scenario.injects) or "none"
            raise errors.UnknownInject(f"there is no inject '{inject_id}' (injects: {known})")
        if inject_id in self.state.delivered:
            raise errors.UnknownInject(f"{quoted(inject.model.title)} has been delivered already")
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
        while (state := self.state).ended is None and state.turn == start:
            phase = state.phase
            if phase == "declaration" and not self._computer_plays_all:
                for actor in self.participants():
                    if actor not in self.computer and actor not in self.state.by_actor:
                        self._run(lambda a=actor: self._computer_declare(a))  # type: ignore[misc]
            if phase == "adjudication":
                for declaration in list(self.state.pending()):
                    self._run(lambda d=declaration: self._adjudicate(d, None, "", "computer"))  # type: ignore[misc]
                if self.state.offers and any(self._answerable_now()):
                    self._run(lambda: self._computer_answers(None))
            # advance(), without asking why_not: the session is not over (the loop's
            # test) and no move is pending (those of this phase were just adjudicated)
            self._run(self._advance)

    def play_to_end(self) -> None:
        """Let the computer play every actor to an ending."""
        while not self.state.over:
            self.play_computer_turn()
