"""Evaluation: the exercise's details, observations, ratings, improvement plan and feedback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from tabletop.engine import errors
from tabletop.engine.events import Event
from tabletop.engine.session_core import SessionCore, _clean, _submitted
from tabletop.engine.wording import RATINGS


class SessionEvaluation(SessionCore):
    """The session's evaluation commands (HSEEP)."""

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
        whole set: a later call replaces it, and one with every field blank clears them).

        Details that change nothing record nothing (returns []): the same as those in
        effect, or every field blank in a session that has none (a form saved empty)."""
        self._require("evaluate")
        seated: dict[str, list[str]] = {}
        for actor, names in (participants or {}).items():
            self._team(actor)
            cleaned = _clean(names)
            if cleaned:
                seated[actor] = cleaned
        fields: dict[str, Any] = {
            "exercise": exercise.strip(),
            "facilitator": facilitator.strip(),
            "evaluators": _clean(evaluators),
            "venue": venue.strip(),
            "participants": seated,
        }
        current = self.state.details
        if current is None:
            if not any(fields.values()):
                return []
        elif all(current.get(k) == v for k, v in fields.items()):
            return []
        return self._run(lambda: self._push("session_details", {**fields, "by": by}))

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
        fields = self._rating(
            objective,
            rating,
            observation=observation,
            strengths=strengths,
            improvements=improvements,
        )
        return self._run(lambda: self._push("objective_rated", {**fields, "by": by}))

    def rate_all(
        self, ratings: Mapping[str, Mapping[str, Any]], *, by: str = "facilitator"
    ) -> list[Event]:
        """The hotwash saved at once: each objective's rating (`rating`, and optionally
        `observation`, `strengths`, `improvements`, as `rate` takes them), all checked
        before any is recorded, then recorded as one action (one undo takes the save back),
        so a save is whole or not at all. A rating the same as the one in effect records
        nothing; nothing changed, nothing is recorded (returns [])."""
        self._require("evaluate")
        changed: list[dict[str, Any]] = []
        for objective, form in ratings.items():
            try:
                fields = self._rating(
                    objective,
                    str(form.get("rating", "")),
                    observation=str(form.get("observation") or ""),
                    strengths=form.get("strengths") or (),
                    improvements=form.get("improvements") or (),
                )
            except errors.BadEvaluation as exc:  # which of them
                raise errors.BadEvaluation(f"{objective}: {exc}") from None
            rated = self.state.ratings.get(fields["objective"])
            if rated is None or any(
                (rated.get(k) or ("" if isinstance(v, str) else [])) != v for k, v in fields.items()
            ):
                changed.append(fields)
        if not changed:
            return []

        def record() -> None:
            for fields in changed:
                self._push("objective_rated", {**fields, "by": by})

        return self._run(record)

    def _rating(
        self,
        objective: str,
        rating: str,
        *,
        observation: str,
        strengths: Sequence[str],
        improvements: Sequence[str],
    ) -> dict[str, Any]:
        """An objective_rated event's fields, checked: an objective of the exercise, a
        rating of P, S, M or U (in any case)."""
        objective = self._objective(objective)
        letter = rating.strip().upper()
        if letter not in RATINGS:
            meanings = "; ".join(f"{k}: {v.lower()}" for k, v in RATINGS.items())
            raise errors.BadEvaluation(f"a rating is P, S, M or U ({meanings}), not '{rating}'")
        return {
            "objective": objective,
            "rating": letter,
            "observation": observation.strip(),
            "strengths": _clean(strengths),
            "improvements": _clean(improvements),
        }

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
