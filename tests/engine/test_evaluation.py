"""The exercise's evaluation, one test per event kind, stated as given / when / then.

The scenario is tests/data/mini_eval.toml: mini (see test_rules.py) with two exercise
objectives, `calm` (Operational Coordination) and `warning` (Public Information and
Warning), discussion questions on turns 1 and 2, and the `news` inject serving `warning`.
"""

from __future__ import annotations

import pytest

from tabletop.engine import errors
from tabletop.engine.check import EventProblem, check_events
from tabletop.engine.replay import replay
from tabletop.engine.session import Session
from tabletop.scenario.compiled import CompiledScenario


def last(session: Session) -> dict[str, object]:
    return dict(session.events[-1])


# ----------------------------------------------------------------- session details


def test_session_details_are_recorded_and_the_latest_counts(mini_eval: CompiledScenario) -> None:
    """Given a session, when the details are set twice, then the state holds the second
    set (exercise, facilitator, evaluators, venue, each team's participants), and undo
    brings back the first."""
    session = Session(mini_eval, seed=1)
    session.set_details(exercise="Drill 1", facilitator="A. Facilitator")
    session.set_details(
        exercise=" Drill 2 ",
        facilitator="A. Facilitator",
        evaluators=["E. One", " "],
        venue="Room 4",
        participants={"red": ["R. Smith", ""], "blue": []},
    )
    details = session.state.details
    assert details is not None
    assert (details["exercise"], details["evaluators"], details["venue"]) == (
        "Drill 2",
        ["E. One"],
        "Room 4",
    )
    assert details["participants"] == {"red": ["R. Smith"]}
    session.undo()
    assert session.state.details is not None and session.state.details["exercise"] == "Drill 1"


def test_details_refuse_an_unknown_team(mini_eval: CompiledScenario) -> None:
    """Given a session, when participants are seated at a team that does not exist, then
    UnknownActor, and nothing is recorded."""
    session = Session(mini_eval, seed=1)
    before = len(session.events)
    with pytest.raises(errors.UnknownActor, match="no actor 'green'"):
        session.set_details(participants={"green": ["A"]})
    assert len(session.events) == before


def test_blank_details_over_none_record_nothing(mini_eval: CompiledScenario) -> None:
    """Given a session without details, when details are set with every field blank (a
    form saved empty), then nothing is recorded (it recorded an empty session_details
    event, which the log calls "cleared" though nothing was there)."""
    session = Session(mini_eval, seed=1)
    before = len(session.events)
    assert session.set_details(exercise=" ", evaluators=["", " "], participants={"red": []}) == []
    assert len(session.events) == before and session.state.details is None


def test_details_as_they_are_record_nothing_and_blank_ones_clear(
    mini_eval: CompiledScenario,
) -> None:
    """Given recorded details, when the same are set again, then nothing is recorded; when
    every field is set blank, then the details are cleared (one event), and undo brings them
    back."""
    session = Session(mini_eval, seed=1)
    session.set_details(exercise="Drill", participants={"blue": ["B"]})
    before = len(session.events)
    assert session.set_details(exercise="Drill ", participants={"blue": [" B"]}) == []
    assert len(session.events) == before
    cleared = session.set_details()
    assert [e["kind"] for e in cleared] == ["session_details"]
    assert session.state.details is not None and not session.state.details["exercise"]
    session.undo()
    assert session.state.details is not None and session.state.details["exercise"] == "Drill"


# ----------------------------------------------------------------- observations


def test_an_observation_names_an_objective_and_optionally_a_team(
    mini_eval: CompiledScenario,
) -> None:
    """Given a session, when an evaluator records an observation of Blue against `calm`,
    then the event carries the objective, the team and who observed; the state's
    tracks do not change."""
    session = Session(mini_eval, seed=1)
    values = dict(session.state.values)
    session.observe(" Blue called Red first ", "calm", actor="blue", by="E. One")
    event = last(session)
    assert event["kind"] == "observation"
    assert (event["objective"], event["actor"], event["text"], event["by"]) == (
        "calm",
        "blue",
        "Blue called Red first",
        "E. One",
    )
    assert session.state.values == values


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda s: s.observe("Seen", "nope"), errors.UnknownObjective, "no exercise objective"),
        (lambda s: s.observe("Seen", "calm", actor="green"), errors.UnknownActor, "green"),
        (lambda s: s.observe("  ", "calm"), errors.EmptyText, "observation is empty"),
    ],
)
def test_a_bad_observation_is_refused(
    mini_eval: CompiledScenario, call: object, error: type[Exception], message: str
) -> None:
    """Given a session, when an observation names an unknown objective or team, or says
    nothing, then it is refused with a reason, and nothing is recorded."""
    session = Session(mini_eval, seed=1)
    before = len(session.events)
    with pytest.raises(error, match=message):
        call(session)  # type: ignore[operator]
    assert len(session.events) == before


def test_observing_needs_exercise_objectives(mini: CompiledScenario) -> None:
    """Given a scenario without exercise objectives, when an observation is recorded,
    then it is refused saying so (a note is the way to record it)."""
    session = Session(mini, seed=1)
    with pytest.raises(errors.UnknownObjective, match="has no exercise objectives"):
        session.observe("Seen", "calm")


def test_a_strength_note_can_name_an_objective(mini_eval: CompiledScenario) -> None:
    """Given a session, when a strength note names `warning`, then the note carries it;
    an unknown objective is refused."""
    session = Session(mini_eval, seed=1)
    session.note("A clear statement within minutes", "strength", objective="warning")
    assert last(session)["objective"] == "warning"
    with pytest.raises(errors.UnknownObjective):
        session.note("Slow", "improvement", objective="nope")


# ----------------------------------------------------------------- the hotwash


def test_rating_an_objective_records_the_hseep_letter(mini_eval: CompiledScenario) -> None:
    """Given an ended session, when the hotwash rates `calm` S with strengths and areas
    for improvement, then the state holds that rating; rating it again replaces it, and
    undo brings back the first."""
    session = Session(mini_eval, seed=1)
    session.end("standoff")
    session.rate(
        "calm",
        "s",
        observation="Channel opened, late",
        strengths=["Blue called early"],
        improvements=["Agree the line before talks", ""],
    )
    rating = session.state.ratings["calm"]
    assert (rating["rating"], rating["observation"]) == ("S", "Channel opened, late")
    assert rating["improvements"] == ["Agree the line before talks"]
    session.rate("calm", "M")
    assert session.state.ratings["calm"]["rating"] == "M"
    session.undo()
    assert session.state.ratings["calm"]["rating"] == "S"


def test_a_rating_is_p_s_m_or_u(mini_eval: CompiledScenario) -> None:
    """Given a session, when an objective is rated X, then BadEvaluation lists the four
    ratings with their HSEEP meanings."""
    session = Session(mini_eval, seed=1)
    with pytest.raises(errors.BadEvaluation, match="P: performed without challenges"):
        session.rate("calm", "X")


def test_a_hotwash_is_saved_whole_or_not_at_all(mini_eval: CompiledScenario) -> None:
    """Given an ended session, when the hotwash saves `calm` rated P and `warning` rated X,
    then BadEvaluation names `warning`, and `calm` is not rated either (saved one by one, the
    ratings before the bad one were kept)."""
    session = Session(mini_eval, seed=1)
    session.end("standoff")
    before = len(session.events)
    with pytest.raises(errors.BadEvaluation, match="warning"):
        session.rate_all({"calm": {"rating": "P"}, "warning": {"rating": "X"}})
    with pytest.raises(errors.UnknownObjective):
        session.rate_all({"calm": {"rating": "P"}, "nope": {"rating": "S"}})
    assert len(session.events) == before and session.state.ratings == {}


def test_a_hotwash_the_journal_refuses_records_nothing(mini_eval: CompiledScenario) -> None:
    """Given an ended session whose journal refuses the next write, when the hotwash saves
    two ratings, then neither is kept; once the journal takes it, both are recorded as one
    action, which one undo takes back."""
    session = Session(mini_eval, seed=1)
    session.end("standoff")
    before = len(session.events)

    def full(events: object) -> None:
        raise OSError("disk full")

    session.sink = full
    ratings = {"calm": {"rating": "P", "strengths": ["Fast"]}, "warning": {"rating": "m"}}
    with pytest.raises(OSError, match="disk full"):
        session.rate_all(ratings)
    assert len(session.events) == before and session.state.ratings == {}
    session.sink = None
    events = session.rate_all(ratings)
    assert [(e["kind"], e["objective"], e["rating"]) for e in events] == [
        ("objective_rated", "calm", "P"),
        ("objective_rated", "warning", "M"),
    ]
    assert len({e["action"] for e in events}) == 1
    assert session.state.ratings["calm"]["strengths"] == ["Fast"]
    assert session.rate_all(ratings) == []  # unchanged: nothing to record
    session.undo()
    assert session.state.ratings == {}


def test_the_improvement_plan_numbers_edits_and_withdraws_items(
    mini_eval: CompiledScenario,
) -> None:
    """Given an ended session, when two improvements are planned, the first edited and
    the second withdrawn, then the plan holds item 1 as edited; the capability comes
    from the objective unless given, and a new item never reuses a number."""
    session = Session(mini_eval, seed=1)
    session.end("standoff")
    session.plan_improvement(
        "No agreed line", "Write a common line", objective="calm", owner="J5", due="2026-03-31"
    )
    first = session.state.improvements[1]
    assert (first["capability"], first["due"], first["owner"]) == (
        "Operational Coordination",
        "2026-03-31",
        "J5",
    )
    session.plan_improvement("Statement late", "Pre-draft statements", objective="warning")
    session.plan_improvement(
        "No agreed line", "Write and rehearse a common line", item=1, capability="Planning"
    )
    session.withdraw_improvement(2)
    plan = session.state.improvements
    assert list(plan) == [1]
    assert (plan[1]["corrective_action"], plan[1]["capability"]) == (
        "Write and rehearse a common line",
        "Planning",
    )
    session.plan_improvement("Another", "Fix it")
    assert list(session.state.improvements) == [1, 3]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"issue": "", "action": "Do"}, "needs the issue"),
        ({"issue": "Slow", "action": " "}, "needs a corrective action"),
        ({"issue": "Slow", "action": "Do", "due": "31 March"}, "YYYY-MM-DD"),
        ({"issue": "Slow", "action": "Do", "objective": "nope"}, "no exercise objective"),
    ],
)
def test_a_bad_improvement_is_refused(
    mini_eval: CompiledScenario, kwargs: dict[str, str], message: str
) -> None:
    """Given a session, when an improvement lacks its issue or action, or has a bad date
    or objective, then it is refused with a reason, and nothing is recorded."""
    session = Session(mini_eval, seed=1)
    before = len(session.events)
    with pytest.raises(errors.ActionError, match=message):
        session.plan_improvement(kwargs.pop("issue"), kwargs.pop("action"), **kwargs)  # type: ignore[arg-type]
    assert len(session.events) == before


def test_withdrawing_an_item_the_plan_lacks_is_refused(mini_eval: CompiledScenario) -> None:
    """Given an empty plan, when item 4 is withdrawn, then BadEvaluation says so."""
    session = Session(mini_eval, seed=1)
    with pytest.raises(errors.BadEvaluation, match="no item 4"):
        session.withdraw_improvement(4)


# ----------------------------------------------------------------- feedback


def test_participant_feedback_is_recorded(mini_eval: CompiledScenario) -> None:
    """Given an ended session, when a participant's form is entered from Blue's seat,
    then the event has the name, team, both answers, the rating and `by`."""
    session = Session(mini_eval, seed=1)
    session.end("standoff")
    session.feedback(
        "Real choices", "More time", 4, participant="R. Smith", actor="blue", by="seat"
    )
    event = last(session)
    assert (event["kind"], event["participant"], event["actor"], event["rating"], event["by"]) == (
        "feedback",
        "R. Smith",
        "blue",
        4,
        "seat",
    )


@pytest.mark.parametrize("rating", [0, 6, True, 2.5])
def test_a_feedback_rating_is_from_1_to_5(mini_eval: CompiledScenario, rating: object) -> None:
    """Given a session, when feedback is rated outside 1–5 (or not a whole number), then
    BadEvaluation."""
    session = Session(mini_eval, seed=1)
    with pytest.raises(errors.BadEvaluation, match="from 1 to 5"):
        session.feedback("Good", "", rating)  # type: ignore[arg-type]


def test_empty_feedback_is_refused(mini_eval: CompiledScenario) -> None:
    """Given a session, when a form says neither what worked nor what to change, then
    EmptyText."""
    with pytest.raises(errors.EmptyText):
        Session(mini_eval, seed=1).feedback(" ", "", 3)


# ----------------------------------------------------------------- the record


def test_the_evaluation_replays_and_passes_the_journal_check(mini_eval: CompiledScenario) -> None:
    """Given a session with every evaluation event, when its events are checked and
    replayed, then the check passes and the replay has the same details, ratings and
    plan as the live state."""
    session = Session(mini_eval, seed=1)
    session.set_details(exercise="Drill", participants={"blue": ["B"]})
    session.observe("Seen", "calm", actor="red")
    session.end(None)
    session.rate("warning", "U", observation="No statement")
    session.plan_improvement("No statement", "Name a spokesperson", objective="warning")
    session.feedback("", "Shorter briefing", 3)
    events = [dict(e) for e in session.events]
    check_events(events, mini_eval)
    state = replay(mini_eval.initial_values(), events)
    assert state.details == session.state.details
    assert state.ratings == session.state.ratings
    assert state.improvements == session.state.improvements


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rating", "Q", "objective_rated: rating: must be one of"),
        ("objective", "nope", "objective_rated: objective: 'nope' is not an exercise objective"),
    ],
)
def test_a_journal_with_a_bad_rating_is_refused(
    mini_eval: CompiledScenario, field: str, value: str, message: str
) -> None:
    """Given a journal whose rating names no objective or no HSEEP letter, when checked,
    then EventProblem names the event and the field."""
    session = Session(mini_eval, seed=1)
    session.rate("calm", "P")
    events = [dict(e) for e in session.events]
    events[-1][field] = value
    with pytest.raises(EventProblem, match=message):
        check_events(events, mini_eval)


def test_bad_feedback_and_due_dates_in_a_journal_are_refused(mini_eval: CompiledScenario) -> None:
    """Given a journal with a feedback rating of 9 or a due date in words, when checked,
    then EventProblem names the field."""
    session = Session(mini_eval, seed=1)
    session.feedback("Good", "", 4)
    session.plan_improvement("Slow", "Drill", due="2026-01-31")
    events = [dict(e) for e in session.events]
    events[-2]["rating"] = 9
    with pytest.raises(EventProblem, match="feedback: rating: must be a whole number from 1 to 5"):
        check_events(events, mini_eval)
    events[-2]["rating"] = 4
    events[-1]["due"] = "end of March"
    with pytest.raises(EventProblem, match="improvement_planned: due: must be a date"):
        check_events(events, mini_eval)


# ----------------------------------------------------------------- audiences


def test_the_room_sees_the_questions_and_details_but_not_the_evaluation(
    mini_eval: CompiledScenario,
) -> None:
    """Given an evaluated session, when the room's view is made, then it has the turn's
    discussion questions, the session details and the objectives (without their critical
    tasks), and none of the observations, ratings, improvement plan or feedback; the
    facilitator's view has them all (so this test can fail)."""
    from tabletop.engine.audience import view

    session = Session(mini_eval, seed=1)
    session.set_details(exercise="Drill MARKER-D", participants={"blue": ["B"]})
    session.observe("MARKER-O", "calm")
    session.rate("calm", "M", observation="MARKER-R")
    session.plan_improvement("MARKER-I", "Fix")
    session.feedback("MARKER-F", "", 3)
    room = view(mini_eval, session.events, "room")
    assert room.turn is not None and room.turn.questions == tuple(mini_eval.turns[0].questions)
    text = repr(room.to_dict())
    assert "MARKER-D" in text
    for marker in ("MARKER-O", "MARKER-R", "MARKER-I", "MARKER-F"):
        assert marker not in text
    assert room.scenario is not None
    assert room.scenario.exercise["calm"].critical_tasks == []
    assert room.scenario.exercise["calm"].capability == "Operational Coordination"
    everything = repr(view(mini_eval, session.events, "facilitator").to_dict())
    for marker in ("MARKER-D", "MARKER-O", "MARKER-R", "MARKER-I", "MARKER-F"):
        assert marker in everything
