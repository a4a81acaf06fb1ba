"""Every event kind, declared once: its fields, its reducer, its description, its check.

An event is a plain dict (what `json.loads` gives for a journal line, so reading stays
as fast as parsing), typed for mypy by one `TypedDict` per kind below. Each kind's
`Kind` entry in `KINDS` ties together:

- its fields: the `TypedDict`, whose annotations are also the runtime check
  (`check_events`), with `Annotated` markers for what refers to the scenario (a track,
  an actor, a move, an earlier declaration);
- its reducer: how it changes the `State` (replay is these functions, in order);
- its description: the one line the console, the event log, the CSV and the report
  print for it, and the short phrase an undo or redo uses to name it;
- the log's filter group it belongs to.

Adding a kind is one `TypedDict`, its reducer and description, and one `Kind` entry
here (plus its tests); every surface reads this table.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Generic,
    Literal,
    NotRequired,
    TypedDict,
    TypeVar,
    Union,
    get_args,
    get_origin,
    get_type_hints,
)

from tabletop.engine import wording
from tabletop.engine.state import PHASES, Declaration, OfferState, State

if TYPE_CHECKING:
    from tabletop.scenario.bounds import LIMIT
from tabletop.scenario.bounds import LIMIT
from tabletop.scenario.compiled import CompiledScenario

Value = float | bool | str
Change = list[Any]
"""One track change as recorded: `[track, before, after]`."""


# ------------------------------------------------------------------ checks of one field


@dataclass
class Context:
    """What a check needs to know: the scenario's names, and the journal so far."""

    tracks: Mapping[str, Any]
    actors: frozenset[str]
    moves: frozenset[str]
    turns: int
    objectives: frozenset[str] = frozenset()
    """The exercise objectives' ids (`[[scenario.objectives]]`)."""
    declared: set[int] = field(default_factory=set)
    """The seq of every move_declared event seen so far."""
    offered: set[int] = field(default_factory=set)
    """The seq of every offer_made event seen so far."""

    @classmethod
    def of(cls, scenario: CompiledScenario) -> Context:
        return cls(
            tracks=scenario.tracks,
            actors=frozenset(scenario.actors),
            moves=frozenset(scenario.moves),
            turns=len(scenario.turns),
            objectives=frozenset(scenario.exercise),
        )


Check = Callable[[Any, Context], str | None]
"""A check of one field's value: what is wrong with it, or None."""

MAX_DEPTH = 32
"""How deeply a value may nest (lists and objects inside each other) in an event."""


def _finite(value: Any) -> bool:
    """A number a journal may hold: finite, and no larger than the engine ever makes one
    (a 400-digit whole number would overflow what is computed from it)."""
    if type(value) is int:
        return -LIMIT <= value <= LIMIT
    return type(value) is float and math.isfinite(value)


def _name(value: Any) -> str:
    if type(value) is int and value.bit_length() > 1000:  # repr of a huge int may refuse
        return "a whole number of hundreds of digits"
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _number(value: Any, ctx: Context) -> str | None:
    if _finite(value):
        return None
    if type(value) in (float, int):
        return f"{_name(value)} is not a finite number within ±10^15"
    return f"must be a number, not {_name(value)}"


def _probability(value: Any, ctx: Context) -> str | None:
    if _finite(value) and 0 <= value <= 1:
        return None
    return f"must be a number from 0 to 1, not {_name(value)}"


def _str_list(value: Any, ctx: Context) -> str | None:
    if type(value) is not list or any(type(v) is not str for v in value):
        return "must be a list of strings"
    return None


def _grade_list(value: Any, ctx: Context) -> str | None:
    if type(value) is not list or any(v not in ("strong", "weak") for v in value):
        return 'must be a list of "strong" or "weak"'
    return None


def _int_list(value: Any, ctx: Context) -> str | None:
    if type(value) is not list or any(type(v) is not int for v in value):
        return "must be a list of whole numbers"
    return None


def _actor(value: Any, ctx: Context) -> str | None:
    if type(value) is str and value in ctx.actors:
        return None
    return f"unknown actor {_name(value)}"


def _move(value: Any, ctx: Context) -> str | None:
    if value is None or (type(value) is str and value in ctx.moves):
        return None
    return f"unknown move {_name(value)}"


def _declaration(value: Any, ctx: Context) -> str | None:
    if type(value) is int and value in ctx.declared:
        return None
    return f"{_name(value)} is not the seq of an earlier move_declared event"


def _offer(value: Any, ctx: Context) -> str | None:
    if type(value) is int and value in ctx.offered:
        return None
    return f"{_name(value)} is not the seq of an earlier offer_made event"


def _face(value: Any, ctx: Context) -> str | None:
    if type(value) is not dict or type(value.get("label")) is not str:
        return "must be {label, narrative}"
    return None if type(value.get("narrative", "")) is str else "narrative: must be a string"


def _actors(value: Any, ctx: Context) -> str | None:
    if type(value) is not list:
        return "must be a list of actor ids"
    for item in value:
        if type(item) is not str or item not in ctx.actors:
            return f"unknown actor {_name(item)}"
    return None


def _actor_or_none(value: Any, ctx: Context) -> str | None:
    return None if value is None else _actor(value, ctx)


def _objective(value: Any, ctx: Context) -> str | None:
    if type(value) is str and value in ctx.objectives:
        return None
    return f"{_name(value)} is not an exercise objective of the scenario"


def _objective_or_none(value: Any, ctx: Context) -> str | None:
    return None if value is None else _objective(value, ctx)


def _date(value: Any, ctx: Context) -> str | None:
    if type(value) is str and (value == "" or _ISO_DATE.match(value)):
        return None
    return f"must be a date as YYYY-MM-DD (or empty), not {_name(value)}"


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _one_to_five(value: Any, ctx: Context) -> str | None:
    if type(value) is int and 1 <= value <= 5:
        return None
    return f"must be a whole number from 1 to 5, not {_name(value)}"


def _positive(value: Any, ctx: Context) -> str | None:
    if type(value) is int and value >= 1:
        return None
    return f"must be a whole number from 1, not {_name(value)}"


def _participants(value: Any, ctx: Context) -> str | None:
    if type(value) is not dict:
        return "must be {actor: [names]}"
    for actor, names in value.items():
        if actor not in ctx.actors:
            return f"unknown actor {_name(actor)}"
        if _str_list(names, ctx):
            return f"{actor}: must be a list of strings"
    return None


def _turn(value: Any, ctx: Context) -> str | None:
    if type(value) is int and -1 <= value < ctx.turns:
        return None
    return f"{_name(value)} is not a turn of the scenario (0 to {ctx.turns - 1})"


def _opens(value: Any, ctx: Context) -> str | None:
    """An offer's first turn of answers: one past the last turn for an offer made in the
    last turn (its answers never open, and it expires with the session)."""
    if type(value) is int and 0 <= value <= ctx.turns:
        return None
    return (
        f"{_name(value)} is not a turn of the scenario, nor the one after the last "
        f"(0 to {ctx.turns})"
    )


def _phase(value: Any, ctx: Context) -> str | None:
    if type(value) is str and value in _PHASES:
        return None
    return f"unknown phase {_name(value)}"


_PHASES = frozenset((*PHASES, "ended", "setup"))


def _track_value(track: Any, value: Any) -> str | None:
    kind = track.type
    if kind == "number":
        if _finite(value) and -LIMIT <= value <= LIMIT:  # a decimal too: the engine clamps
            return None
        if type(value) is float and not math.isfinite(value):
            return f"{_name(value)} is not a finite number"
        if type(value) is float:
            return f"{value!r} is beyond ±10^15, the bound of a track"
        if type(value) is int:
            return f"{_name(value)} is beyond ±10^15, the bound of a track"
        return f"track '{track.id}' is a number, not {_name(value)}"
    if kind == "flag":
        return None if type(value) is bool else f"track '{track.id}' is a flag, not {_name(value)}"
    if type(value) is str and value in track.levels:
        return None
    return f"{_name(value)} is not a level of track '{track.id}'"


def _changes(value: Any, ctx: Context) -> str | None:
    if type(value) is not list:
        return "must be a list of [track, before, after]"
    tracks = ctx.tracks
    for i, change in enumerate(value):
        if type(change) is not list or len(change) != 3:
            return f"[{i}]: must be [track, before, after]"
        name, before, after = change
        track = tracks.get(name) if type(name) is str else None
        if track is None:
            return f"[{i}]: unknown track {_name(name)}"
        problem = _track_value(track, before) or _track_value(track, after)
        if problem:
            return f"[{i}]: {problem}"
    return None


def _clamped(value: Any, ctx: Context) -> str | None:
    if type(value) is not list or not value:
        return "must be a non-empty list of track ids"
    for i, name in enumerate(value):
        if type(name) is not str or name not in ctx.tracks:
            return f"[{i}]: unknown track {_name(name)}"
    return None


def _freeform(value: Any, ctx: Context) -> str | None:
    if value is None:
        return None
    if type(value) is not dict:
        return "must be null or {narrative, effects}"
    if type(value.get("narrative", "")) is not str:
        return "narrative: must be a string"
    if _str_list(value.get("effects", []), ctx):
        return "effects: must be a list of strings"
    return None


def _modifiers(value: Any, ctx: Context) -> str | None:
    if type(value) is not list or any(
        type(m) is not list or len(m) != 2 or type(m[0]) is not str or type(m[1]) is not int
        for m in value
    ):
        return "must be a list of [label, whole number]"
    return None


def _doctrine(value: Any, ctx: Context) -> str | None:
    if type(value) is not dict:
        return "must be {entry, weight, chance}"
    for key in ("entry", "weight", "chance"):
        if key == "entry" and value.get(key, 0) is None:
            continue  # an actor without doctrine: the computer took any available move
        if key in value and not _finite(value[key]):
            return f"{key}: must be a finite number, not {_name(value[key])}"
    return None


def _scores(value: Any, ctx: Context) -> str | None:
    if type(value) is not dict:
        return "must be {actor: {total, objectives}}"
    for actor, score in value.items():
        if actor not in ctx.actors:
            return f"unknown actor {_name(actor)}"
        if type(score) is not dict or not _finite(score.get("total")):
            return f"{actor}.total: must be a finite number"
        objectives = score.get("objectives", {})
        if type(objectives) is not dict:
            return f"{actor}.objectives: must be an object"
        for objective, number in objectives.items():
            if not _finite(number):
                return f"{actor}.objectives.{objective}: must be a finite number"
    return None


def plain_problem(value: Any, depth: int = 0) -> str | None:
    """What keeps a value from being plain JSON data: a non-finite number, deep nesting."""
    if depth > MAX_DEPTH:
        return f"nested more than {MAX_DEPTH} levels deep"
    kind = type(value)
    if kind is float:
        return None if math.isfinite(value) else f"{_name(value)} is not a finite number"
    if kind is list:
        for item in value:
            problem = plain_problem(item, depth + 1)
            if problem:
                return problem
    elif kind is dict:
        for item in value.values():
            problem = plain_problem(item, depth + 1)
            if problem:
                return problem
    return None


Track = Annotated[list[Change], _changes]
Actor = Annotated[str, _actor]
MoveId = Annotated[str | None, _move]
DeclarationRef = Annotated[int, _declaration]
OfferRef = Annotated[int, _offer]
Face = Annotated[dict[str, Any], _face]
Actors = Annotated[list[str], _actors]
Number = Annotated[float, _number]
Probability = Annotated[float, _probability]
Strings = Annotated[list[str], _str_list]
Faces = Annotated[list[int], _int_list]
Grades = Annotated[list[str], _grade_list]
Modifiers = Annotated[list[list[Any]], _modifiers]
Freeform = Annotated[dict[str, Any] | None, _freeform]
Doctrine = Annotated[dict[str, Any], _doctrine]
Scores = Annotated[dict[str, dict[str, Any]], _scores]
TurnIndex = Annotated[int, _turn]
OpensAt = Annotated[int, _opens]
ActorOrNone = Annotated[str | None, _actor_or_none]
ObjectiveRef = Annotated[str, _objective]
ObjectiveOrNone = Annotated[str | None, _objective_or_none]
DateText = Annotated[str, _date]
OneToFive = Annotated[int, _one_to_five]
ItemNumber = Annotated[int, _positive]
Participants = Annotated[dict[str, list[str]], _participants]
RatingLetter = Literal["P", "S", "M", "U"]
Phase = Annotated[str, _phase]


# ------------------------------------------------------------------ the kinds' fields


class _Envelope(TypedDict):
    """The fields every event has (see docs/session-format.md)."""

    seq: int
    action: int
    """The seq of the first event of the user action this event belongs to."""
    turn: TurnIndex
    """The 0-based turn after the event (-1 before the first)."""
    phase: Phase
    """The phase after the event."""
    at: NotRequired[str]
    """When it was written, ISO 8601 UTC (added by the writer)."""
    clamped: NotRequired[Annotated[list[str], _clamped]]
    """The tracks whose new value went past the bound of every number (±1e15, or NaN)
    and was clamped to it; only on events that change tracks, only when it happened."""


class TurnStarted(_Envelope):
    """A turn of the calendar begins; `turn` is the new turn."""

    kind: Literal["turn_started"]


class PhaseChanged(_Envelope):
    """The turn moves to its next phase; `phase` is the new phase."""

    kind: Literal["phase_changed"]


class InjectDelivered(_Envelope):
    """An inject reaches the players (`inject` None: one the facilitator made up)."""

    kind: Literal["inject_delivered"]
    inject: str | None
    title: str
    text: NotRequired[str]
    effects: Track
    by: NotRequired[str]


class MoveDeclared(_Envelope):
    """An actor declares a move (`move` None: a free-form move, see `freeform`)."""

    kind: Literal["move_declared"]
    actor: Actor
    move: MoveId
    label: NotRequired[str]
    freeform: NotRequired[Freeform]
    reasons_for: NotRequired[Strings]
    reasons_against: NotRequired[Strings]
    sealed: NotRequired[bool]
    by: NotRequired[str]
    reason: NotRequired[str]
    doctrine: NotRequired[Doctrine]
    submission: NotRequired[str]
    """The id of the seat's submission this declaration accepted (`by` is "seat")."""


class ArgumentAdded(_Envelope):
    """A team's argument for or against a declared move, when the floor is opened."""

    kind: Literal["argument_added"]
    declaration: DeclarationRef
    actor: Actor
    side: Literal["for", "against"]
    text: str
    by: NotRequired[str]
    """Who entered it: the facilitator, or "seat" when the team's seat submitted it."""
    submission: NotRequired[str]
    """The id of the seat's submission this accepted."""


class ReasonsGraded(_Envelope):
    """The facilitator's grading of every reason of a declared move, strong or weak."""

    kind: Literal["reasons_graded"]
    declaration: DeclarationRef
    grades_for: Grades
    grades_against: Grades


class DiceRolled(_Envelope):
    """The roll (dice, an argued roll, or a probability draw) for `declaration`."""

    kind: Literal["dice_rolled"]
    declaration: DeclarationRef
    method: Literal["dice", "probability", "argument"]
    result: Literal["success", "failure"]
    grade: NotRequired[Literal["yes_and", "yes_but", "no_but", "no_and"]]
    strong_for: NotRequired[int]
    strong_against: NotRequired[int]
    dice: NotRequired[str]
    faces: NotRequired[Faces]
    modifiers: NotRequired[Modifiers]
    reasons: NotRequired[int]
    reason_bonus: NotRequired[int]
    total: NotRequired[int]
    target: NotRequired[int]
    chance: NotRequired[Probability]
    draw: NotRequired[Probability]


class MoveAdjudicated(_Envelope):
    """How the declaration `declaration` turned out, and its effects."""

    kind: Literal["move_adjudicated"]
    declaration: DeclarationRef
    actor: Actor
    move: MoveId
    method: str
    outcome: str
    label: NotRequired[str]
    natural: NotRequired[str | None]
    override: NotRequired[str | None]
    reason: NotRequired[str]
    narrative: NotRequired[str]
    effects: Track
    by: NotRequired[str]
    cost: NotRequired[Track]
    """The mover's costs paid for this use (the move's `cost` and `repeat_cost`)."""
    deception: NotRequired[Face]
    """For a deceptive move: its public face, {label, narrative}."""


class OfferMade(_Envelope):
    """An actor puts an offer to others (a move's offer once adjudicated, or a counter-
    offer); the offer's id is this event's seq."""

    kind: Literal["offer_made"]
    actor: Actor
    move: MoveId
    to: Actors
    terms: str
    private: bool
    opens: OpensAt
    closes: int
    counter_of: NotRequired[int | None]
    if_accepted: NotRequired[Strings]
    declaration: NotRequired[int | None]


class OfferAnswered(_Envelope):
    """An addressee accepts or rejects an offer, and what that does."""

    kind: Literal["offer_answered"]
    offer: OfferRef
    actor: Actor
    answer: Literal["accept", "reject"]
    effects: Track
    narrative: NotRequired[str]
    by: NotRequired[str]
    reason: NotRequired[str]
    submission: NotRequired[str]
    """The seat's submission this answer accepts (`by` is "seat")."""
    between: NotRequired[Actors]
    """For a private offer: its maker and addressees, the only teams that may see this."""


class OfferCountered(_Envelope):
    """An addressee answers an offer with amended terms; an offer_made (the counter-offer,
    back to the offerer) follows in the same action."""

    kind: Literal["offer_countered"]
    offer: OfferRef
    actor: Actor
    terms: str
    effects: Track
    narrative: NotRequired[str]
    by: NotRequired[str]
    reason: NotRequired[str]
    submission: NotRequired[str]
    """The seat's submission this answer accepts (`by` is "seat")."""
    between: NotRequired[Actors]
    """For a private offer: its maker and addressees, the only teams that may see this."""


class OfferExpired(_Envelope):
    """An offer's answer closed with `actors` not having answered."""

    kind: Literal["offer_expired"]
    offer: OfferRef
    actors: Actors
    effects: Track
    narrative: NotRequired[str]
    between: NotRequired[Actors]
    """For a private offer: its maker and addressees, the only teams that may see this."""


class DeceptionTested(_Envelope):
    """An observer's roll to see through a deceptive move's public face."""

    kind: Literal["deception_tested"]
    declaration: DeclarationRef
    actor: Actor
    dice: str
    faces: Faces
    modifier: int
    total: int
    target: int
    seen: bool


class DeceptionSeen(_Envelope):
    """Some observers saw through a deceptive move: they learn its truth, and the
    scenario's consequences apply."""

    kind: Literal["deception_seen"]
    declaration: DeclarationRef
    actors: Actors
    effects: Track
    narrative: NotRequired[str]


class MoveWithdrawn(_Envelope):
    """A declaration taken back before its roll and adjudication (a slip corrected): it
    no longer counts this turn, nor towards its move's limit."""

    kind: Literal["move_withdrawn"]
    declaration: DeclarationRef
    reason: NotRequired[str]


class MoveRevealed(_Envelope):
    """A sealed declaration is revealed to the room (before its adjudication)."""

    kind: Literal["move_revealed"]
    declaration: DeclarationRef


class MovePeeked(_Envelope):
    """The facilitator looked on purpose at a sealed declaration still hidden from the
    room (journaled so that the record shows who knew what, and when)."""

    kind: Literal["move_peeked"]
    declaration: DeclarationRef
    reason: NotRequired[str]


class RuleFired(_Envelope):
    """A scenario rule whose condition held, and its effects."""

    kind: Literal["rule_fired"]
    rule: str
    description: NotRequired[str]
    narrative: NotRequired[str]
    effects: Track


class Note(_Envelope):
    """A facilitator's note; `tag` feeds the report's debrief."""

    kind: Literal["note"]
    text: str
    tag: NotRequired[Literal["note", "strength", "improvement"]]
    objective: NotRequired[ObjectiveOrNone]
    """The exercise objective a strength or an area for improvement is about."""


class SessionDetails(_Envelope):
    """Who runs the exercise, where, and who sits at each team's table.

    The latest in effect counts: editing the details records a new event."""

    kind: Literal["session_details"]
    exercise: str
    """The exercise's name (e.g. "Winter Shield 2026")."""
    facilitator: str
    evaluators: Strings
    venue: str
    participants: Participants
    """The people at each team's table, by actor id."""
    by: NotRequired[str]


class Observation(_Envelope):
    """What the facilitator or an evaluator saw, against an exercise objective."""

    kind: Literal["observation"]
    objective: ObjectiveRef
    text: str
    actor: NotRequired[ActorOrNone]
    """The team observed, if one."""
    by: NotRequired[str]
    """Who observed: "facilitator" or an evaluator's name."""


class ObjectiveRated(_Envelope):
    """The hotwash's rating of an exercise objective (HSEEP P, S, M or U).

    The latest in effect for an objective counts: re-rating records a new event."""

    kind: Literal["objective_rated"]
    objective: ObjectiveRef
    rating: RatingLetter
    observation: NotRequired[str]
    """Why this rating, in a sentence or two."""
    strengths: NotRequired[Strings]
    improvements: NotRequired[Strings]
    """Areas for improvement."""
    by: NotRequired[str]


class ImprovementPlanned(_Envelope):
    """An item of the improvement plan: an issue, its corrective action, who, by when.

    `item` numbers the plan from 1; an event with an item already planned replaces it,
    and `withdrawn` takes it out of the plan."""

    kind: Literal["improvement_planned"]
    item: ItemNumber
    issue: str
    corrective_action: str
    objective: NotRequired[ObjectiveOrNone]
    capability: NotRequired[str]
    owner: NotRequired[str]
    due: NotRequired[DateText]
    """The due date, YYYY-MM-DD, or empty."""
    withdrawn: NotRequired[bool]
    by: NotRequired[str]


class Feedback(_Envelope):
    """A participant's feedback form: what worked, what to change, a rating from 1 to 5."""

    kind: Literal["feedback"]
    participant: str
    """The participant's name (empty: anonymous)."""
    actor: NotRequired[ActorOrNone]
    """The participant's team, if one."""
    worked: str
    change: str
    rating: OneToFive
    by: NotRequired[str]
    """Who entered it: "facilitator", or "seat" when the team's seat submitted it."""
    submission: NotRequired[str]
    """The seat's submission it accepts (see engine/submissions.py)."""


class QuestionAnswered(_Envelope):
    """A team's answer to one of the turn's discussion questions."""

    kind: Literal["question_answered"]
    question: int
    """The question's index (from 0) in the turn's `questions`."""
    prompt: str
    """The question, as it was asked."""
    actor: Actor
    text: str
    by: NotRequired[str]
    submission: NotRequired[str]


class SubmissionReturned(_Envelope):
    """The facilitator hands a seat's submission back to its team, with the reason (only
    that team and the facilitator see it)."""

    kind: Literal["submission_returned"]
    actor: Actor
    submission: str
    """The id of the submission returned."""
    what: NotRequired[str]
    """What it was, in a few words (`Mobilise reserves`)."""
    reason: str


class TimerSet(_Envelope):
    """The facilitator sets the time left for the current phase (`seconds` 0 clears it)."""

    kind: Literal["timer_set"]
    seconds: int
    deadline: str
    """When the time is up, ISO 8601 UTC ("" when cleared)."""


class TimerExpired(_Envelope):
    """The phase's time ran out. It decides nothing: the facilitator goes on as they see fit."""

    kind: Literal["timer_expired"]
    deadline: str


class Undo(_Envelope):
    """Undo of the action `target` (the seq of its first event)."""

    kind: Literal["undo"]
    target: int


class Redo(_Envelope):
    """Redo of the action `target`, undone last."""

    kind: Literal["redo"]
    target: int


class SessionEnded(_Envelope):
    """The end: the ending (None: closed without one), why, and the scores."""

    kind: Literal["session_ended"]
    ending: str | None
    title: str
    summary: NotRequired[str]
    reason: NotRequired[str]
    note: NotRequired[str]
    effects: NotRequired[Track]
    """The ending's own consequences, applied before the scores (absent: none)."""
    scores: NotRequired[Scores]


Event = Union[  # noqa: UP007  # a union of TypedDicts: mypy narrows it on `kind`
    ArgumentAdded,
    ReasonsGraded,
    TurnStarted,
    PhaseChanged,
    InjectDelivered,
    MoveDeclared,
    DiceRolled,
    MoveAdjudicated,
    OfferMade,
    OfferAnswered,
    OfferCountered,
    OfferExpired,
    DeceptionTested,
    DeceptionSeen,
    MoveRevealed,
    MovePeeked,
    RuleFired,
    Note,
    Undo,
    Redo,
    SessionEnded,
    SessionDetails,
    Observation,
    ObjectiveRated,
    ImprovementPlanned,
    Feedback,
    QuestionAnswered,
    SubmissionReturned,
    TimerSet,
    TimerExpired,
]
"""Any event a journal holds, typed by its kind."""


# ------------------------------------------------------------------ reducers


def _set_changes(state: State, changes: list[Change]) -> None:
    values = state.values
    for track, _before, after in changes:
        values[track] = after


def _turn_started(state: State, event: TurnStarted) -> None:
    if state.turn >= 0:
        state.history.append(state.tracks())
    state.turn = event["turn"]
    state.values["turn"] = state.turn + 1
    state.phase = "briefing"
    state.new_turn()
    state.timer = None


def _phase_changed(state: State, event: PhaseChanged) -> None:
    state.phase = event["phase"]
    state.timer = None


def _timer_set(state: State, event: TimerSet) -> None:
    state.timer = event if event["seconds"] > 0 else None


def _timer_expired(state: State, event: TimerExpired) -> None:
    if state.timer is not None:
        state.timer = {**state.timer, "expired": True}


def _inject_delivered(state: State, event: InjectDelivered) -> None:
    inject = event["inject"]
    if inject:
        state.delivered.append(inject)
    _set_changes(state, event["effects"])


def _move_declared(state: State, event: MoveDeclared) -> None:
    move = event["move"]
    if move:
        state.uses[move] = state.uses.get(move, 0) + 1
    state.declare(
        Declaration(  # positional (seq, actor, move, label, sealed, by, reason, ...): faster
            event["seq"],
            event["actor"],
            move,
            event.get("label", ""),
            event.get("sealed", False),
            event.get("by", "facilitator"),
            event.get("reason", ""),
            list(event.get("reasons_for") or ()),
            list(event.get("reasons_against") or ()),
            event.get("freeform"),
        )
    )


def _argument_added(state: State, event: ArgumentAdded) -> None:
    declaration = state.changed_declaration(event["declaration"])
    if declaration is not None:  # a new list: a copied declaration shares the old one
        argument = [event["side"], event["actor"], event["text"]]
        declaration.arguments = [*declaration.arguments, argument]


def _reasons_graded(state: State, event: ReasonsGraded) -> None:
    declaration = state.changed_declaration(event["declaration"])
    if declaration is not None:
        declaration.grades = {
            "for": list(event["grades_for"]),
            "against": list(event["grades_against"]),
        }


def _dice_rolled(state: State, event: DiceRolled) -> None:
    declaration = state.changed_declaration(event["declaration"])
    if declaration is not None:
        declaration.roll = event


def _move_adjudicated(state: State, event: MoveAdjudicated) -> None:
    declaration = state.changed_declaration(event["declaration"])
    if declaration is not None:
        declaration.adjudication = event
    _set_changes(state, event["effects"])
    cost = event.get("cost")
    if cost:
        _set_changes(state, cost)


def _offer_made(state: State, event: OfferMade) -> None:
    seq = event["seq"]
    state.offers = {
        **state.offers,
        seq: OfferState(
            seq,
            event["actor"],
            event["move"] or "",
            tuple(event["to"]),
            event["terms"],
            event["private"],
            event["opens"],
            event["closes"],
            event.get("counter_of"),
            tuple(event.get("if_accepted") or ()),
        ),
    }


def _answered(state: State, offer: int, actors: Sequence[str], answer: str) -> None:
    found = state.offers.get(offer)
    if found is not None:
        answers = {**found.answers, **dict.fromkeys(actors, answer)}
        state.offers = {**state.offers, offer: dataclasses.replace(found, answers=answers)}


def _offer_answered(state: State, event: OfferAnswered) -> None:
    _answered(state, event["offer"], (event["actor"],), event.get("answer", "accept"))
    _set_changes(state, event["effects"])


def _offer_countered(state: State, event: OfferCountered) -> None:
    _answered(state, event["offer"], (event["actor"],), "counter")
    _set_changes(state, event["effects"])


def _offer_expired(state: State, event: OfferExpired) -> None:
    _answered(state, event["offer"], event["actors"], "expired")
    _set_changes(state, event["effects"])


def _deception_seen(state: State, event: DeceptionSeen) -> None:
    _set_changes(state, event["effects"])


def _move_withdrawn(state: State, event: MoveWithdrawn) -> None:
    state.withdraw(event["declaration"])


def _move_revealed(state: State, event: MoveRevealed) -> None:
    declaration = state.changed_declaration(event["declaration"])
    if declaration is not None:
        declaration.revealed = True


def _rule_fired(state: State, event: RuleFired) -> None:
    rule = event["rule"]
    state.fired[rule] = state.fired.get(rule, 0) + 1
    _set_changes(state, event["effects"])


def _session_ended(state: State, event: SessionEnded) -> None:
    _set_changes(state, event.get("effects") or [])
    if len(state.history) <= state.turn:
        state.history.append(state.tracks())
    state.ended = event
    state.phase = "ended"


def _session_details(state: State, event: SessionDetails) -> None:
    state.details = event


def _objective_rated(state: State, event: ObjectiveRated) -> None:
    # Copy on write: a state's clone shares these dicts (see State.clone).
    state.ratings = {**state.ratings, event["objective"]: event}


def _improvement_planned(state: State, event: ImprovementPlanned) -> None:
    plan = dict(state.improvements)
    if event.get("withdrawn"):
        plan.pop(event["item"], None)
    else:
        plan[event["item"]] = event
    state.improvements = plan


def _nothing(state: State, event: Any) -> None:
    """Notes, undo and redo change no state of their own."""


# ------------------------------------------------------------------ descriptions


@dataclass(frozen=True)
class Words:
    """How to describe events: the scenario's names, the journal, and what to leave out."""

    scenario: CompiledScenario
    events: Sequence[Mapping[str, Any]] = ()
    """The journal (to name the move a roll or an undo refers to)."""
    hide_sealed: bool = False
    """Say "a sealed move" instead of a sealed move's label (participants' screens)."""
    brief: bool = False
    """An inject's title without its text."""
    show_hidden: bool = True
    """Show changes to tracks participants may not see."""
    _where: dict[object, int] = field(default_factory=dict, repr=False, compare=False)
    """Each event's position in `events` by seq, filled as lookups need it (a participant's
    events have gaps, so a seq is not its position: looking each up from the start made
    a long log quadratic). A list that grows is indexed on."""

    def actor(self, actor: object) -> str:
        found = self.scenario.actors.get(actor) if isinstance(actor, str) else None
        return found.name if found else ("" if actor is None else str(actor))

    def changes(self, changes: Sequence[Sequence[Any]]) -> str:
        text = wording.format_changes(self.scenario, changes, show_hidden=self.show_hidden)
        return f" [{text}]" if text else ""

    def event(self, seq: object) -> Mapping[str, Any] | None:
        events = self.events
        if type(seq) is int and 1 <= seq <= len(events) and events[seq - 1]["seq"] == seq:
            return events[seq - 1]
        where = self._where
        position = where.get(seq)
        if position is None or position >= len(events) or events[position]["seq"] != seq:
            if len(where) > len(events) or (position is not None):
                where.clear()  # the list was changed, not only grown
            for i in range(len(where), len(events)):
                where.setdefault(events[i]["seq"], i)
            position = where.get(seq)
            if position is None:
                return None
        return events[position]

    def declared_label(self, seq: object) -> str:
        declared = self.event(seq)
        if declared is None:
            return f"move #{seq}"
        return str(declared.get("label") or f"move #{seq}")

    def declared_title(self, seq: object) -> str:
        """The declared move's title set inside a sentence: quoted (`Roll for “Put the
        draft treaties…”`); `move #12` for one the record does not have."""
        declared = self.event(seq)
        if declared is None or not declared.get("label"):
            return f"move #{seq}"
        return wording.quoted(declared["label"])


def _describe_turn_started(event: TurnStarted, words: Words) -> str:
    turn = event["turn"]
    text = f"Turn {turn + 1} begins"
    turns = words.scenario.turns
    if 0 <= turn < len(turns):
        model = turns[turn]
        if model.place:
            text += f" · {model.place}"
        if model.briefing:
            text += f" — {wording.one_line(model.briefing)}"
    return text


def _describe_phase_changed(event: PhaseChanged, words: Words) -> str:
    return f"Phase: {wording.PHASE_TITLES.get(event['phase'], event['phase'])}"


def _describe_inject(event: InjectDelivered, words: Words) -> str:
    source = "Inject" if event["inject"] or event.get("private") else "Made-up inject"
    text = f"{source}: {wording.one_line(event['title'])}"
    body = event.get("text")
    if body and not words.brief:
        text += f" — {wording.one_line(body)}"
    return text + words.changes(event["effects"])


def _describe_declared(event: MoveDeclared, words: Words) -> str:
    name = words.actor(event["actor"])
    who = f"{name} (computer)" if event.get("by") == "computer" else name
    if event.get("sealed") and words.hide_sealed:
        return f"{who} declares a sealed move"
    label = event.get("label", "")
    if event.get("freeform") is not None:
        text = f"{who} declares a free-form move: {label}"
    else:
        text = f"{who} declares {wording.quoted(label)}"
    if event.get("sealed"):
        text += " (sealed)"
    if event.get("reason"):
        text += f" — {event.get('reason')}"
    return text


def _describe_answered(event: QuestionAnswered, words: Words) -> str:
    name = words.actor(event["actor"])
    return (
        f"{name} answers “{wording.one_line(event['prompt'])}”: {wording.one_line(event['text'])}"
    )


def _describe_returned(event: SubmissionReturned, words: Words) -> str:
    name = words.actor(event["actor"])
    what = f" ({wording.one_line(event.get('what', ''))})" if event.get("what") else ""
    return f"{name}'s submission{what} returned: {wording.one_line(event['reason'])}"


def _describe_timer_set(event: TimerSet, words: Words) -> str:
    seconds = event["seconds"]
    if seconds <= 0:
        return "Timer cleared"
    return f"Timer set: {wording.duration(seconds)} for the {event['phase']} phase"


def _describe_timer_expired(event: TimerExpired, words: Words) -> str:
    return "Time is up (the timer decides nothing by itself)"


def _about_answered(event: QuestionAnswered, words: Words) -> str:
    return f"{words.actor(event['actor'])}’s answer"


def _about_returned(event: SubmissionReturned, words: Words) -> str:
    return f"the return of {words.actor(event['actor'])}’s submission"


def _about_timer(event: TimerSet | TimerExpired, words: Words) -> str:
    return "the timer"


def _describe_rolled(event: DiceRolled, words: Words) -> str:
    label = words.declared_title(event["declaration"])
    return f"Roll for {label}: {wording.describe_roll(event)}"


def _describe_argument(event: ArgumentAdded, words: Words) -> str:
    label = words.declared_title(event["declaration"])
    side = "for" if event["side"] == "for" else "against"
    return f"{words.actor(event['actor'])} argues {side} {label}: {event['text']}"


def _describe_graded(event: ReasonsGraded, words: Words) -> str:
    label = words.declared_title(event["declaration"])
    pros = sum(1 for g in event["grades_for"] if g == "strong")
    cons = sum(1 for g in event["grades_against"] if g == "strong")
    return (
        f"Reasons graded for {label}: {pros} of {len(event['grades_for'])} for strong, "
        f"{cons} of {len(event['grades_against'])} against strong"
    )


def _describe_adjudicated(event: MoveAdjudicated, words: Words) -> str:
    label = words.declared_label(event["declaration"])
    name = words.actor(event["actor"])
    text = f"{name}: {label} → {event.get('label', event['outcome'])}"
    if event.get("by") == "computer":
        text += " (by the computer)"
    if event.get("override"):
        text += f" — override: {event.get('override')}"
    elif event.get("reason"):
        text += f" — {event.get('reason')}"
    face = event.get("deception")
    if isinstance(face, dict):
        text += f" — hidden behind the public face “{face.get('label', '')}”"
    cost = event.get("cost")
    text += words.changes(event["effects"])
    if cost:
        text += " cost" + words.changes(cost)
    return text


def _offer_words(words: Words, offer: object) -> str:
    made = words.event(offer)
    if made is None:
        return f"offer #{offer}"
    return (
        f"{words.actor(made.get('actor'))}'s offer ({wording.one_line(str(made.get('terms', '')))})"
    )


def _describe_offer_made(event: OfferMade, words: Words) -> str:
    to = ", ".join(words.actor(a) for a in event["to"])
    what = "counters with an offer to" if event.get("counter_of") else "offers"
    text = f"{words.actor(event['actor'])} {what} {to}: {wording.one_line(event['terms'])}"
    if event["private"]:
        text += " (private)"
    return text


def _describe_offer_answered(event: OfferAnswered, words: Words) -> str:
    if event.get("private"):
        return "Private talks have consequences" + words.changes(event["effects"])
    verb = "accepts" if event["answer"] == "accept" else "rejects"
    text = f"{words.actor(event['actor'])} {verb} {_offer_words(words, event['offer'])}"
    if event.get("by") == "computer":
        text += " (by the computer)"
    if event.get("reason"):
        text += f" — {event.get('reason')}"
    return text + words.changes(event["effects"])


def _describe_offer_countered(event: OfferCountered, words: Words) -> str:
    if event.get("private"):
        return "Private talks have consequences" + words.changes(event["effects"])
    text = f"{words.actor(event['actor'])} counters {_offer_words(words, event['offer'])}"
    if event.get("by") == "computer":
        text += " (by the computer)"
    if event.get("reason"):
        text += f" — {event.get('reason')}"
    return text + words.changes(event["effects"])


def _describe_offer_expired(event: OfferExpired, words: Words) -> str:
    if event.get("private"):
        return "Private talks have consequences" + words.changes(event["effects"])
    names = ", ".join(words.actor(a) for a in event["actors"])
    text = f"{_offer_words(words, event['offer'])} expires unanswered by {names}"
    return text + words.changes(event["effects"])


def _describe_deception_tested(event: DeceptionTested, words: Words) -> str:
    label = words.declared_title(event["declaration"])
    seen = "sees through" if event["seen"] else "does not see through"
    return (
        f"{words.actor(event['actor'])} {seen} {label}: {event['dice']} "
        f"{'+'.join(str(f) for f in event['faces'])} {event['modifier']:+d} = "
        f"{event['total']} against {event['target']}"
    )


def _describe_deception_seen(event: DeceptionSeen, words: Words) -> str:
    label = words.declared_title(event["declaration"])
    names = ", ".join(words.actor(a) for a in event["actors"])
    return f"{names} saw through {label}" + words.changes(event["effects"])


def _about_offer(event: Any, words: Words) -> str:
    return f"the offer by {words.actor(event.get('actor'))}"


def _about_answer(event: Any, words: Words) -> str:
    return f"{words.actor(event.get('actor'))}'s answer to an offer"


def _about_expired(event: Any, words: Words) -> str:
    return "an offer's expiry"


def _about_deception(event: Any, words: Words) -> str:
    return f"the test of {words.declared_title(event['declaration'])}"


def _describe_withdrawn(event: MoveWithdrawn, words: Words) -> str:
    declared = words.event(event["declaration"])
    name = words.actor(declared.get("actor")) if declared else "?"
    text = f"{name} withdraws {words.declared_title(event['declaration'])}"
    return f"{text}: {event['reason']}" if event.get("reason") else text


def _describe_revealed(event: MoveRevealed, words: Words) -> str:
    declared = words.event(event["declaration"])
    name = words.actor(declared.get("actor")) if declared else "?"
    return f"{name} reveals its sealed move: {words.declared_label(event['declaration'])}"


def _describe_peeked(event: MovePeeked, words: Words) -> str:
    declared = words.event(event["declaration"])
    name = words.actor(declared.get("actor")) if declared else "?"
    text = f"The facilitator looked at {name}'s sealed move"
    if event.get("reason"):
        text += f" — {event.get('reason')}"
    return text


def _describe_rule(event: RuleFired, words: Words) -> str:
    text = f"Rule: {event.get('description', event['rule'])}"
    return text + words.changes(event["effects"])


def _describe_note(event: Note, words: Words) -> str:
    tag = event.get("tag", "note")
    return f"{wording.NOTE_TAG_TITLES.get(tag, tag)}: {event['text']}"


def _describe_undo_redo(event: Undo | Redo, words: Words) -> str:
    target = words.event(event["target"])
    what = (
        describe(target, Words(words.scenario, words.events, hide_sealed=True)) if target else "?"
    )
    return f"{event['kind'].capitalize()}: {what}"


def _describe_ended(event: SessionEnded, words: Words) -> str:
    text = f"Session ended: {event['title']}"
    if event.get("summary"):
        text += f" — {wording.one_line(event.get('summary', ''))}"
    return text


def _objective_name(words: Words, objective: object) -> str:
    found = words.scenario.exercise.get(objective) if isinstance(objective, str) else None
    return wording.one_line(found.description) if found else str(objective)


def _describe_details(event: SessionDetails, words: Words) -> str:
    parts = [
        f"{label} {value}"
        for label, value in (
            ("exercise", event["exercise"]),
            ("facilitator", event["facilitator"]),
            ("venue", event["venue"]),
        )
        if value
    ]
    if event["evaluators"]:
        parts.append(f"evaluators {', '.join(event['evaluators'])}")
    seated = sum(len(names) for names in event["participants"].values())
    if seated:
        parts.append(wording.plural(seated, "participant"))
    return "Session details: " + (wording.one_line("; ".join(parts)) or "cleared")


def _describe_observation(event: Observation, words: Words) -> str:
    team = f" · {words.actor(event.get('actor'))}" if event.get("actor") else ""
    by = event.get("by", "facilitator")
    who = f" ({by})" if by and by != "facilitator" else ""
    return (
        f"Observation on “{_objective_name(words, event['objective'])}”{team}{who}: "
        f"{wording.one_line(event['text'])}"
    )


def _describe_rated(event: ObjectiveRated, words: Words) -> str:
    rating = event["rating"]
    text = (
        f"Rated “{_objective_name(words, event['objective'])}”: {rating} "
        f"({wording.RATINGS.get(rating, rating).lower()})"
    )
    if event.get("observation"):
        text += f" — {wording.one_line(event.get('observation', ''))}"
    return text


def _describe_improvement(event: ImprovementPlanned, words: Words) -> str:
    if event.get("withdrawn"):
        return f"Improvement plan item {event['item']} withdrawn"
    text = f"Improvement plan item {event['item']}: {wording.one_line(event['issue'])}"
    if event["corrective_action"]:
        text += f" → {wording.one_line(event['corrective_action'])}"
    extra = [
        part
        for part in (event.get("owner", ""), f"due {event['due']}" if event.get("due") else "")
        if part
    ]
    return text + (f" ({', '.join(extra)})" if extra else "")


def _describe_feedback(event: Feedback, words: Words) -> str:
    who = event["participant"] or "a participant"
    team = f" ({words.actor(event.get('actor'))})" if event.get("actor") else ""
    return f"Feedback from {wording.one_line(who)}{team}: {event['rating']}/5"


def _about_details(event: SessionDetails, words: Words) -> str:
    return "the session details"


def _about_observation(event: Observation, words: Words) -> str:
    return "an observation"


def _about_rated(event: ObjectiveRated, words: Words) -> str:
    return f"the rating of “{_objective_name(words, event['objective'])}”"


def _about_improvement(event: ImprovementPlanned, words: Words) -> str:
    return f"improvement plan item {event['item']}"


def _about_feedback(event: Feedback, words: Words) -> str:
    return "a participant's feedback"


def _about_turn_started(event: TurnStarted, words: Words) -> str:
    return f"the start of turn {event['turn'] + 1}"


def _about_phase_changed(event: PhaseChanged, words: Words) -> str:
    return f"the move to the {event['phase']} phase"


def _about_inject(event: InjectDelivered, words: Words) -> str:
    return f"the inject {wording.quoted(event['title'])}"


def _about_declared(event: MoveDeclared, words: Words) -> str:
    return f"{words.actor(event['actor'])} declaring {wording.quoted(event.get('label', ''))}"


def _about_rolled(event: DiceRolled, words: Words) -> str:
    return "a roll"


def _about_argument(event: ArgumentAdded, words: Words) -> str:
    return f"{words.actor(event['actor'])}’s argument"


def _about_graded(event: ReasonsGraded, words: Words) -> str:
    return "the grading of the reasons"


def _about_adjudicated(event: MoveAdjudicated, words: Words) -> str:
    return f"the adjudication of {words.actor(event['actor'])}’s move"


def _about_withdrawn(event: MoveWithdrawn, words: Words) -> str:
    return f"the withdrawal of {words.declared_title(event['declaration'])}"


def _about_revealed(event: MoveRevealed, words: Words) -> str:
    return "the reveal of a sealed move"


def _about_peeked(event: MovePeeked, words: Words) -> str:
    return "a look at a sealed move"


def _about_rule(event: RuleFired, words: Words) -> str:
    return f"the rule “{event.get('description', event['rule'])}”"


def _about_note(event: Note, words: Words) -> str:
    return f"a note ({event.get('tag', 'note')})"


def _about_undo_redo(event: Undo | Redo, words: Words) -> str:
    return f"an {event['kind']}" if event["kind"] == "undo" else f"a {event['kind']}"


def _about_ended(event: SessionEnded, words: Words) -> str:
    return f"the ending “{event['title']}”"


# ------------------------------------------------------------------ the table

E = TypeVar("E")


@dataclass(frozen=True)
class Kind(Generic[E]):
    """One event kind: its fields, how it changes the state, how it reads."""

    name: str
    fields: type
    """The kind's TypedDict: its annotations are the fields and their checks."""
    reduce: Callable[[State, E], None]
    describe: Callable[[E, Words], str]
    """The one line the console, the log, the CSV and the report print."""
    about: Callable[[E, Words], str]
    """A short phrase naming the event, for an undo or a redo of its action."""
    group: str
    """The event log's filter group (see `GROUPS`)."""
    checks: tuple[tuple[str, bool, type | None, Check | None], ...] = ()
    """(field, required, exact type, check) for every field but `kind`: from `fields`."""
    names: frozenset[str] = frozenset()
    """Every field this kind declares, `kind` included."""


GROUPS = {
    "moves": "Moves and adjudications",
    "injects": "Injects",
    "rules": "Rules and endings",
    "notes": "Facilitator notes",
    "flow": "Turns and phases",
    "undo": "Undo and redo",
    "evaluation": "Evaluation",
}
"""The event log's kind filter groups, with their titles, in order."""


def _kind(
    name: str,
    fields: type,
    reduce: Callable[[State, Any], None],
    describe: Callable[[Any, Words], str],
    about: Callable[[Any, Words], str],
    group: str,
) -> Kind[Any]:
    checks = _field_checks(fields)
    return Kind(
        name,
        fields,
        reduce,
        describe,
        about,
        group,
        checks,
        frozenset(c[0] for c in checks) | {"kind"},
    )


def _field_checks(fields: type) -> tuple[tuple[str, bool, type | None, Check | None], ...]:
    """The runtime check of each field, read from the TypedDict's annotations."""
    hints = get_type_hints(fields, include_extras=True)
    out = []
    for name, hint in hints.items():
        if name == "kind":
            continue
        required = True
        if get_origin(hint) is NotRequired:
            required, hint = False, get_args(hint)[0]
        out.append((name, required, *_check_of(hint)))
    return tuple(out)


_SCALARS = frozenset((str, int, float, bool, type(None)))
"""The JSON values that can be looked up in a set (a list or an object cannot)."""


def _check_of(hint: Any) -> tuple[type | None, Check | None]:
    """An exact type to test with `type(v) is t`, or a check function, for a type hint."""
    if get_origin(hint) is Annotated:
        return None, hint.__metadata__[0]
    if hint in (int, str, bool):
        return hint, None
    if get_origin(hint) is Literal:
        allowed = frozenset(get_args(hint))
        shown = ", ".join(sorted(str(a) for a in allowed))

        def literal(value: Any, ctx: Context) -> str | None:
            if type(value) in _SCALARS and value in allowed:  # (a list is not hashable)
                return None
            return f"must be one of {shown}, not {_name(value)}"

        return None, literal
    args = get_args(hint)
    if len(args) == 2 and type(None) in args:
        inner = next(a for a in args if a is not type(None))
        exact, check = _check_of(inner)

        def optional(value: Any, ctx: Context) -> str | None:
            if value is None:
                return None
            if exact is not None:
                return None if type(value) is exact else f"must be {exact.__name__} or null"
            assert check is not None
            return check(value, ctx)

        return None, optional
    raise TypeError(f"no runtime check for the field type {hint!r}")  # pragma: no cover


KINDS: dict[str, Kind[Any]] = {
    k.name: k
    for k in (
        _kind(
            "turn_started",
            TurnStarted,
            _turn_started,
            _describe_turn_started,
            _about_turn_started,
            "flow",
        ),
        _kind(
            "phase_changed",
            PhaseChanged,
            _phase_changed,
            _describe_phase_changed,
            _about_phase_changed,
            "flow",
        ),
        _kind(
            "inject_delivered",
            InjectDelivered,
            _inject_delivered,
            _describe_inject,
            _about_inject,
            "injects",
        ),
        _kind(
            "move_declared",
            MoveDeclared,
            _move_declared,
            _describe_declared,
            _about_declared,
            "moves",
        ),
        _kind(
            "argument_added",
            ArgumentAdded,
            _argument_added,
            _describe_argument,
            _about_argument,
            "moves",
        ),
        _kind(
            "reasons_graded",
            ReasonsGraded,
            _reasons_graded,
            _describe_graded,
            _about_graded,
            "moves",
        ),
        _kind("dice_rolled", DiceRolled, _dice_rolled, _describe_rolled, _about_rolled, "moves"),
        _kind(
            "move_adjudicated",
            MoveAdjudicated,
            _move_adjudicated,
            _describe_adjudicated,
            _about_adjudicated,
            "moves",
        ),
        _kind(
            "offer_made",
            OfferMade,
            _offer_made,
            _describe_offer_made,
            _about_offer,
            "moves",
        ),
        _kind(
            "offer_answered",
            OfferAnswered,
            _offer_answered,
            _describe_offer_answered,
            _about_answer,
            "moves",
        ),
        _kind(
            "offer_countered",
            OfferCountered,
            _offer_countered,
            _describe_offer_countered,
            _about_answer,
            "moves",
        ),
        _kind(
            "offer_expired",
            OfferExpired,
            _offer_expired,
            _describe_offer_expired,
            _about_expired,
            "moves",
        ),
        _kind(
            "deception_tested",
            DeceptionTested,
            _nothing,
            _describe_deception_tested,
            _about_deception,
            "moves",
        ),
        _kind(
            "deception_seen",
            DeceptionSeen,
            _deception_seen,
            _describe_deception_seen,
            _about_deception,
            "moves",
        ),
        _kind(
            "move_withdrawn",
            MoveWithdrawn,
            _move_withdrawn,
            _describe_withdrawn,
            _about_withdrawn,
            "moves",
        ),
        _kind(
            "move_revealed",
            MoveRevealed,
            _move_revealed,
            _describe_revealed,
            _about_revealed,
            "moves",
        ),
        _kind("move_peeked", MovePeeked, _nothing, _describe_peeked, _about_peeked, "notes"),
        _kind("rule_fired", RuleFired, _rule_fired, _describe_rule, _about_rule, "rules"),
        _kind("note", Note, _nothing, _describe_note, _about_note, "notes"),
        _kind("undo", Undo, _nothing, _describe_undo_redo, _about_undo_redo, "undo"),
        _kind("redo", Redo, _nothing, _describe_undo_redo, _about_undo_redo, "undo"),
        _kind(
            "session_ended",
            SessionEnded,
            _session_ended,
            _describe_ended,
            _about_ended,
            "rules",
        ),
        _kind(
            "session_details",
            SessionDetails,
            _session_details,
            _describe_details,
            _about_details,
            "evaluation",
        ),
        _kind(
            "observation",
            Observation,
            _nothing,
            _describe_observation,
            _about_observation,
            "evaluation",
        ),
        _kind(
            "objective_rated",
            ObjectiveRated,
            _objective_rated,
            _describe_rated,
            _about_rated,
            "evaluation",
        ),
        _kind(
            "improvement_planned",
            ImprovementPlanned,
            _improvement_planned,
            _describe_improvement,
            _about_improvement,
            "evaluation",
        ),
        _kind("feedback", Feedback, _nothing, _describe_feedback, _about_feedback, "evaluation"),
        _kind(
            "question_answered",
            QuestionAnswered,
            _nothing,
            _describe_answered,
            _about_answered,
            "evaluation",
        ),
        _kind(
            "submission_returned",
            SubmissionReturned,
            _nothing,
            _describe_returned,
            _about_returned,
            "moves",
        ),
        _kind("timer_set", TimerSet, _timer_set, _describe_timer_set, _about_timer, "flow"),
        _kind(
            "timer_expired",
            TimerExpired,
            _timer_expired,
            _describe_timer_expired,
            _about_timer,
            "flow",
        ),
    )
}
"""Every event kind this tabletop knows, by name."""

REDUCERS: dict[str, Callable[[State, Any], None]] = {k.name: k.reduce for k in KINDS.values()}
"""One reducer per kind (the hot path of replay reads this plain dict)."""

KIND_GROUPS: dict[str, tuple[str, ...]] = {
    group: tuple(k.name for k in KINDS.values() if k.group == group) for group in GROUPS
}
"""The event log's kind filter: the kinds of each group."""


class UnknownEvent(ValueError):
    """An event kind this version of tabletop does not know."""


def apply(state: State, event: Mapping[str, Any]) -> None:
    """Apply one event to the state, in place."""
    try:
        reducer = REDUCERS[event["kind"]]
    except KeyError:
        raise UnknownEvent(f"unknown event kind '{event.get('kind')}'") from None
    reducer(state, event)
    state.seq = event["seq"]


def describe(event: Mapping[str, Any], words: Words) -> str:
    """The event in one line, as the console, the log, the CSV and the report print it:
    without control characters (a journal's texts are a stranger's, as a scenario's are)."""
    return wording.printable(_describe(event, words))


def _describe(event: Mapping[str, Any], words: Words) -> str:
    kind = KINDS.get(event["kind"])
    if kind is None:
        return str(event["kind"])
    text = kind.describe(event, words)
    clamped = event.get("clamped")
    if clamped:
        tracks = words.scenario.tracks
        names = [
            tracks[t].label
            for t in clamped
            if t in tracks and (tracks[t].visible or words.show_hidden)
        ]
        if names:
            text += f" ({', '.join(names)} clamped at the bound of every number)"
    return text


def about(event: Mapping[str, Any], words: Words) -> str:
    """A short phrase naming the event (`the inject “Morning news”`), for undo and redo."""
    kind = KINDS.get(event["kind"])
    return (
        wording.printable(kind.about(event, words))
        if kind is not None
        else f"action {event['seq']}"
    )


# ------------------------------------------------------------------ checking a journal


class EventProblem(ValueError):
    """An event that does not fit the scenario or the history: `seq` and what is wrong."""

    def __init__(self, seq: int, message: str) -> None:
        self.seq = seq
        self.message = message
        super().__init__(f"event {seq}: {message}")


def event_problem(event: Mapping[str, Any], ctx: Context) -> str | None:
    """What is wrong with one event (its envelope already read), or None."""
    kind = KINDS.get(event["kind"])
    if kind is None:
        known = ", ".join(KINDS)
        return f"unknown event kind {_name(event['kind'])} (this tabletop knows {known})"
    present = 1
    for name, required, exact, check in kind.checks:
        if name not in event:
            if required:
                return f"{kind.name}: missing field '{name}'"
            continue
        present += 1
        value = event[name]
        if exact is not None:
            if type(value) is not exact:
                return f"{kind.name}: {name}: must be {exact.__name__}, not {_name(value)}"
        elif check is not None:
            problem = check(value, ctx)
            if problem is not None:
                joint = "" if problem.startswith("[") else ": "
                return f"{kind.name}: {name}{joint}{problem}"
    if present != len(event):
        for name in event.keys() - kind.names:
            problem = plain_problem(event[name])
            if problem is not None:
                return f"{kind.name}: {name}: {problem}"
    if kind.name == "move_declared":
        ctx.declared.add(event["seq"])
    elif kind.name == "offer_made":
        ctx.offered.add(event["seq"])
    return None
