"""The evaluation part of the after-action report (the AAR/IP): pure, from the events.

Reads the evaluation's events in effect (undone ones are left out: the AAR/IP is the
record as it stands): the session details, observations, the hotwash's ratings, the
improvement plan and the participants' feedback; strength and improvement notes that
name an exercise objective; and the discussion questions of the turns reached, with the
teams' answers.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from tabletop.engine.audience import FACILITATOR
from tabletop.engine.wording import RATINGS, decimal_text
from tabletop.export.model import (
    AnswerItem,
    Evaluation,
    FeedbackItem,
    ImprovementItem,
    ObjectiveEvaluation,
    ObservationItem,
    QuestionSet,
    TeamSeats,
)
from tabletop.export.text import format_date, format_timestamp
from tabletop.scenario.compiled import CompiledScenario

Event = Mapping[str, Any]

NOT_RATED = "Not rated"


def build_evaluation(
    header: Mapping[str, Any],
    events: Sequence[Event],
    scenario: CompiledScenario,
    done: Collection[int],
) -> Evaluation:
    """The evaluation of a session; `done` is the actions in effect."""
    details: Event | None = None
    ratings: dict[str, Event] = {}
    plan: dict[int, Event] = {}
    observations: list[ObservationItem] = []
    feedback: list[FeedbackItem] = []
    noted: dict[str, dict[str, list[str]]] = {}
    reached: list[int] = []
    delivered: list[str] = []
    answers: dict[int, list[AnswerItem]] = {}
    withheld = str(header.get("audience") or FACILITATOR) != FACILITATOR
    for event in events:
        if event.get("action", event["seq"]) not in done:
            continue
        kind = event["kind"]
        if kind == "turn_started":
            reached.append(int(event.get("turn", 0)))
        elif kind == "inject_delivered" and event.get("inject"):
            delivered.append(str(event["inject"]))
        elif kind == "question_answered":
            answers.setdefault(int(event.get("turn", 0)), []).append(
                AnswerItem(
                    int(event.get("question", 0)),
                    _name(scenario, event.get("actor")),
                    str(event.get("text", "")),
                )
            )
        elif kind == "session_details":
            details = event
        elif kind == "objective_rated":
            ratings[str(event["objective"])] = event
        elif kind == "improvement_planned":
            if event.get("withdrawn"):
                plan.pop(int(event["item"]), None)
            else:
                plan[int(event["item"])] = event
        elif kind == "observation":
            observations.append(
                ObservationItem(
                    seq=event["seq"],
                    turn=int(event.get("turn", 0)) + 1,
                    objective=str(event["objective"]),
                    text=str(event.get("text", "")),
                    team=_name(scenario, event.get("actor")),
                    by=str(event.get("by", "") or "facilitator"),
                )
            )
        elif kind == "feedback" and not withheld:
            # a team's view holds its own form, but the feedback (and an "average" of
            # that one form) is the facilitator's, as in the report: left out
            feedback.append(
                FeedbackItem(
                    seq=event["seq"],
                    participant=str(event.get("participant", "")),
                    team=_name(scenario, event.get("actor")),
                    worked=str(event.get("worked", "")),
                    change=str(event.get("change", "")),
                    rating=int(event.get("rating", 0)),
                    by=str(event.get("by", "") or "facilitator"),
                )
            )
        elif kind == "note" and event.get("objective"):
            tag = event.get("tag", "note")
            if tag in ("strength", "improvement"):
                lists = noted.setdefault(str(event["objective"]), {})
                lists.setdefault(tag, []).append(str(event.get("text", "")))
    settings = header.get("settings") or {}
    facilitator = str(settings.get("facilitator") or "")
    if details is not None and details.get("facilitator"):  # the details win over the header
        facilitator = str(details["facilitator"])
    return Evaluation(
        exercise=str((details or {}).get("exercise", "")),
        facilitator=facilitator,
        evaluators=tuple(str(e) for e in (details or {}).get("evaluators", ())),
        venue=str((details or {}).get("venue", "")),
        conducted=_conducted(header, events),
        participants=_seats(scenario, (details or {}).get("participants") or {}),
        objectives=tuple(
            _objective(scenario, objective, ratings.get(objective), observations, noted, delivered)
            for objective in scenario.exercise
        ),
        questions=tuple(
            QuestionSet(
                i + 1,
                scenario.turns[i].title,
                tuple(scenario.turns[i].questions),
                tuple(answers.get(i, ())),
            )
            for i in sorted(set(reached))
            if 0 <= i < len(scenario.turns) and scenario.turns[i].questions
        ),
        improvements=tuple(_improvement(scenario, plan[item]) for item in sorted(plan)),
        feedback=tuple(feedback),
        feedback_average=(
            round(sum(f.rating for f in feedback) / len(feedback), 2) if feedback else None
        ),
        feedback_average_text=_mean_text([f.rating for f in feedback]),
        withheld=withheld,
    )


def _mean_text(ratings: Sequence[int]) -> str:
    """The mean of whole ratings, one decimal, rounded half up as it reads ("" for none):
    a mean that ends in 5 (3.25, 3.05) is a short decimal, which the float's shortest
    repr that `decimal_text` rounds gives exactly."""
    return decimal_text(sum(ratings) / len(ratings), 1) if ratings else ""


def _name(scenario: CompiledScenario, actor: object) -> str:
    if not actor:
        return ""
    found = scenario.actors.get(actor) if isinstance(actor, str) else None
    return found.name if found else str(actor)


def _seats(scenario: CompiledScenario, participants: Mapping[str, Any]) -> tuple[TeamSeats, ...]:
    """Each team's people, in the scenario's order of actors (then any it no longer knows)."""
    order = [a for a in scenario.actors if a in participants]
    order += [a for a in participants if a not in scenario.actors]
    return tuple(
        TeamSeats(_name(scenario, a), a, tuple(str(n) for n in participants[a]))
        for a in order
        if participants[a]
    )


def _conducted(header: Mapping[str, Any], events: Sequence[Event]) -> str:
    """From the journal's creation to its last event, in real time."""
    start = format_timestamp(header.get("created"))
    end = ""
    for event in reversed(events):
        if event.get("at"):
            end = format_timestamp(event["at"])
            break
    if not start or not end or start == end:
        return start or end
    if start[:10] == end[:10]:  # one day: "2026-01-15 09:00 – 10:12 UTC"
        return f"{start.removesuffix(' UTC')} – {end[11:]}"
    return f"{start} – {end}"


def _objective(
    scenario: CompiledScenario,
    objective: str,
    rating: Event | None,
    observations: Sequence[ObservationItem],
    noted: Mapping[str, Mapping[str, list[str]]],
    delivered: Sequence[str],
) -> ObjectiveEvaluation:
    model = scenario.exercise[objective]
    letter = str(rating["rating"]) if rating is not None else None
    notes = noted.get(objective, {})
    rated_strengths = tuple(str(t) for t in (rating or {}).get("strengths") or ())
    rated_improvements = tuple(str(t) for t in (rating or {}).get("improvements") or ())
    return ObjectiveEvaluation(
        id=objective,
        description=model.description,
        capability=model.capability,
        critical_tasks=tuple(model.critical_tasks),
        rating=letter,
        rating_text=RATINGS.get(letter, letter) if letter else NOT_RATED,
        rationale=str((rating or {}).get("observation", "")),
        strengths=(*rated_strengths, *notes.get("strength", ())),
        improvements=(*rated_improvements, *notes.get("improvement", ())),
        observations=tuple(o for o in observations if o.objective == objective),
        injects=tuple(
            scenario.injects[i].model.title
            for i in delivered
            if i in scenario.injects and scenario.injects[i].model.objective == objective
        ),
        rated_by=str((rating or {}).get("by", "")),
        rated_strengths=rated_strengths,
        rated_improvements=rated_improvements,
    )


def _improvement(scenario: CompiledScenario, event: Event) -> ImprovementItem:
    objective = str(event.get("objective") or "")
    model = scenario.exercise.get(objective)
    due = str(event.get("due", "") or "")
    return ImprovementItem(
        item=int(event["item"]),
        objective=objective,
        objective_text=model.description if model else objective,
        capability=str(event.get("capability", "")),
        issue=str(event.get("issue", "")),
        action=str(event.get("corrective_action", "")),
        owner=str(event.get("owner", "")),
        due=due,
        due_text=format_date(due) if due else "",
    )
