"""The scenario format as pydantic models.

A scenario is one TOML file. These models are the single source of truth for its
shape: the loader validates against them, `tabletop schema` prints their JSON Schema,
and docs/scenario-format.md documents the same fields. Unknown keys are forbidden
everywhere, so a typo is an error rather than a silent default.

Expressions are kept here as text; `tabletop.scenario.compiled` checks and compiles
them against the scenario's own names.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from tabletop.scenario.text import prose

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", min_length=1, max_length=64),
    Field(description="An identifier: lower case letters, digits and _, starting with a letter."),
]
Prose = Annotated[str, AfterValidator(prose)]
"""Free text shown to people: loaded without control characters (escape sequences, C1
controls, bidi controls), line ends as `\n`; tabs, line breaks and the rest as written."""
Text = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(prose)]


_BLANK = "must not be empty (it holds only spaces or control characters)"


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError(_BLANK)
    return text


def _named(text: str) -> str:
    """`prose`, then `_not_blank`, in one validator: pydantic's core calls a Python
    validator once per field, and a scenario has thousands of titles, names and labels."""
    text = prose(text)
    if not text.strip():
        raise ValueError(_BLANK)
    return text


Named = Annotated[str, AfterValidator(_named)]
"""A `Prose` that must say something (a title, a name, a label): not blank once loaded."""
ExpressionText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=1000),
    Field(description="An expression over the scenario's track names (see the docs)."),
]
EffectText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=1000),
    Field(description="An effect: `track = expr` (or +=, -=, *=), e.g. `tension += 2`."),
]


class Strict(BaseModel):
    """Base for every scenario model: unknown keys are errors, values are not coerced."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Source(Strict):
    """A reference the scenario is built from."""

    title: Prose
    """What the source is called (an article's headline, a report's title)."""
    publisher: Prose = ""
    """Who published it."""
    date: dt.date | None = None
    """When it was published."""
    url: Prose = ""
    """Where to find it, if it is online."""


class ExerciseObjective(Strict):
    """What the exercise sets out to test (HSEEP): distinct from the actors' objectives.

    Rated P, S, M or U in the hotwash and carried into the after-action report with its
    observations and the improvement plan.
    """

    id: Id
    """The objective's identifier: injects, observations and ratings name it."""
    description: Named = Field(min_length=1, max_length=1000)
    """What the participants should be able to do, e.g. "Coordinate the allied response
    to a Russian ultimatum within one turn"."""
    capability: Prose = Field(default="", max_length=200)
    """The capability it exercises, e.g. an HSEEP core capability such as
    "Operational Coordination" or "Intelligence and Information Sharing"."""
    critical_tasks: list[
        Annotated[
            str,
            StringConstraints(min_length=1, max_length=1000),
            AfterValidator(_named),
        ]
    ] = Field(default_factory=list)
    """What the evaluators watch for: the tasks that show the objective was met."""


class Metadata(Strict):
    """What the scenario is, who wrote it and what it is based on."""

    id: Id
    """The scenario's identifier; session files are named after it."""
    title: Named = Field(min_length=1, max_length=200)
    """The title shown on the start screen and in reports."""
    version: Prose = "1.0"
    """The scenario's own version, to tell revisions apart in reports."""
    author: Prose = ""
    """Who wrote the scenario."""
    summary: Prose = Field(default="", max_length=300)
    """One line shown in the scenario list."""
    briefing: Text = ""
    """The situation as it is briefed to the whole room at the start."""
    sources: list[Source] = Field(default_factory=list)
    """The references the scenario is built from."""
    facilitator_notes: Text = ""
    """Guidance for the facilitator only; never shown to participants."""
    objectives: list[ExerciseObjective] = Field(default_factory=list)
    """The exercise objectives the session is evaluated against (see the hotwash)."""


class Objective(Strict):
    """Something an actor wants, scored at the end of the session."""

    id: Id
    """The objective's identifier, unique within its actor."""
    description: Named = Field(min_length=1)
    """What the actor wants, in words."""
    score: ExpressionText
    """A number or true/false expression evaluated at the end; true counts 1, false 0."""
    weight: float = Field(default=1.0, ge=0)
    """How much this objective counts in the actor's total score."""
    visible: bool = True
    """False: a hidden agenda, seen only by the actor's own team and the facilitator
    (never by the room or the other teams, nor in their exports)."""


def weight_number(value: object) -> object:
    """A doctrine weight as TOML gave it: a whole number becomes a float within the bound
    (float() of a 400-digit number overflows), true/false is refused, the rest is left to
    the field's type (a float, or an expression's text)."""
    if isinstance(value, bool):
        raise ValueError("weight must be a number or an expression, not true/false")
    if isinstance(value, int):
        if not -(10**15) <= value <= 10**15:
            raise ValueError("weight is too large: at most 10^15")
        return float(value)
    return value


class DoctrineEntry(Strict):
    """One preference of a computer-played actor: a move, when, and how strongly."""

    move: Id
    """The catalogue move this entry is about (one of the actor's own moves)."""
    when: ExpressionText = "true"
    """The condition under which the preference applies."""
    weight: ExpressionText | float = 1.0
    """How strongly the move is preferred: a number or a number expression; 0 or less is never."""
    reason: Prose = ""
    """Why the actor would do this; shown to the player beside the computer's choice."""

    @field_validator("weight", mode="before")
    @classmethod
    def _weight_number(cls, value: object) -> object:
        return weight_number(value)


class Actor(Strict):
    """A party to the crisis, played by a team or by the computer."""

    id: Id
    """The actor's identifier, used by moves, turns and doctrine."""
    name: Named = Field(min_length=1, max_length=120)
    """The actor's name as shown on screen."""
    side: Prose = ""
    """A grouping of actors (e.g. "West", "Russia"); actors on one side share a colour."""
    briefing: Text = ""
    """What the actor's team is told at the start: position, red lines, means (the room
    may read it too)."""
    private_briefing: Text = ""
    """What only this actor's team (and the facilitator) may read: secret instructions,
    hidden red lines."""
    objectives: list[Objective] = Field(default_factory=list)
    """What the actor wants; scored at the end."""
    doctrine: list[DoctrineEntry] = Field(default_factory=list)
    """How the computer plays this actor; with no doctrine it picks uniformly."""


class Track(Strict):
    """A named state variable: a number, a flag, or one of a set of levels."""

    id: Id
    """The track's name, as used in expressions."""
    label: Named = Field(min_length=1, max_length=120)
    """The name shown on the state board."""
    type: Literal["number", "flag", "level"] = "number"
    """number (with min and max), flag (true/false) or level (one of `levels`)."""
    initial: float | bool | str
    """The value at the start of the session."""
    min: float | None = None
    """The lowest value a number track can take; effects are clamped to it."""
    max: float | None = None
    """The highest value a number track can take; effects are clamped to it."""
    levels: list[str] = Field(default_factory=list)
    """For a level track: its values in order from lowest to highest."""
    unit: Prose = ""
    """The unit shown after the value (e.g. "troops", "%")."""
    description: Prose = ""
    """What the track measures and where its initial value comes from."""
    visible: bool = True
    """Whether participants may see the track (on the projector and in their exports)."""
    display: Literal["bar", "number"] = "bar"
    """How the state board shows a number track: a bar within its range, or the number only."""


class Turn(Strict):
    """One step of the calendar: a date, a place, who takes part."""

    id: Id
    """The turn's identifier, used by scheduled injects."""
    title: Named = Field(min_length=1, max_length=200)
    """What the turn is (e.g. "Geneva: US–Russia Strategic Stability Dialogue")."""
    date: dt.date
    """The in-game date of the turn; dates must not go backwards."""
    place: Prose = ""
    """Where the turn happens."""
    participants: list[Id] = Field(default_factory=list)
    """The actors who act this turn; empty means every actor."""
    briefing: Text = ""
    """What the room is told at the start of the turn."""
    questions: list[
        Annotated[
            str,
            StringConstraints(min_length=1, max_length=2000),
            AfterValidator(_named),
        ]
    ] = Field(default_factory=list)
    """Discussion questions for the room in this turn (shown on the console)."""


class Modifier(Strict):
    """A bonus or penalty to a dice roll, from the state or from an argued reason."""

    label: Named = Field(min_length=1)
    """Why the modifier applies, as shown beside the roll."""
    value: ExpressionText | int
    """How much it adds (negative to subtract): a whole number or a number expression."""
    when: ExpressionText = "true"
    """The condition under which the modifier applies."""


class Adjudication(Strict):
    """How a declared move is decided."""

    method: Literal["auto", "choice", "dice", "probability", "argument"] = "choice"
    """auto: the first outcome whose condition holds; choice: the facilitator picks;
    dice: roll against a target; probability: succeed with a chance from an expression;
    argument: the matrix game's argued roll (dice plus strong reasons for, minus strong
    reasons against, against `target`, 7 if absent)."""
    dice: str = Field(default="2d6", pattern=r"^[1-9][0-9]?d(4|6|8|10|12|20|100)$")
    """For dice: what to roll, as NdS (e.g. 2d6)."""
    target: int | None = None
    """For dice: the total (after modifiers) needed to succeed."""
    modifiers: list[Modifier] = Field(default_factory=list)
    """For dice: bonuses and penalties from the state."""
    reason_bonus: int = Field(default=1, ge=0, le=6)
    """For dice and argument: added per strong reason for the move, subtracted per strong
    reason against (the facilitator grades each reason strong or weak; weak ones count 0)."""
    margin: int = Field(default=3, ge=1, le=20)
    """For dice and argument: how far above the target a total is a "yes, and" (and how far
    below it a "no, and"); in between, "yes, but" (at or above the target) or "no, but"."""
    chance: ExpressionText | float | None = None
    """For probability: the chance of success, from 0 to 1 (a number or an expression)."""


class Freeform(Strict):
    """How free-form moves (not in any catalogue) are adjudicated, and how far they reach.

    A free-form move is never granted: it goes through `adjudication` (by default the
    matrix game's argued 2d6: 7 or more succeeds, each reason argued for adds 1, each
    against takes 1). When a player declares it (solo play, a seat) its effects may only
    touch the tracks the actor's own catalogue moves touch, each by at most the largest
    change any of those moves makes to it, unless `limits` says otherwise.
    """

    adjudication: Adjudication = Field(
        default_factory=lambda: Adjudication(method="dice", dice="2d6", target=7)
    )
    """How a free-form move is decided: dice (with `target`), probability (with `chance`)
    or choice (the facilitator picks; the computer draws success and failure alike);
    never auto."""
    limits: dict[Id, float] = Field(default_factory=dict)
    """The most a free-form move may change each number track, by track id (up or down);
    a track named here may be changed by any actor's free-form move."""


class Outcome(Strict):
    """One way a move can turn out, with its effects and narrative."""

    id: Id
    """The outcome's identifier, unique within its move."""
    label: Named = Field(min_length=1, max_length=200)
    """A short name for the outcome, as shown when adjudicating."""
    result: Literal["success", "failure", "yes_and", "yes_but", "no_but", "no_and"] | None = None
    """For dice, probability and argument: which result selects this outcome. Dice and
    argued rolls can also tell "yes, and" / "yes, but" / "no, but" / "no, and" apart (see
    `margin`); a roll whose grade no outcome names takes its side's success or failure."""
    when: ExpressionText | None = None
    """For auto: the condition for this outcome (the first that holds is taken)."""
    weight: float = Field(default=1.0, ge=0)
    """For choice, when the computer adjudicates: how likely this outcome is."""
    effects: list[EffectText] = Field(default_factory=list)
    """Changes to tracks, e.g. `tension += 2`; clamped to each track's range."""
    narrative: Text = ""
    """What happens, as read out to the room."""


class Result(Strict):
    """What an answer to an offer (or a deception seen through) does: effects and words."""

    effects: list[EffectText] = Field(default_factory=list)
    """Changes to tracks when it happens."""
    narrative: Text = ""
    """What happens, as read out to those who may know it."""


class AnswerWeight(Strict):
    """How a computer-played addressee weighs one answer to an offer (its doctrine)."""

    answer: Literal["accept", "reject", "counter"]
    """The answer this entry weighs."""
    actor: Id | None = None
    """The addressee it is for; absent: every addressee."""
    when: ExpressionText = "true"
    """The condition under which the entry applies."""
    weight: ExpressionText | float = 1.0
    """How strongly the answer is preferred: a number or a number expression."""
    reason: Prose = ""
    """Why the addressee would answer so; journaled with the computer's answer."""

    @field_validator("weight", mode="before")
    @classmethod
    def _weight_number(cls, value: object) -> object:
        return weight_number(value)


class Offer(Strict):
    """The terms of a move that is an offer, and what each answer to it does.

    The offer is put once its move is adjudicated (whatever the outcome: the outcome is
    how the offer itself lands). Each addressee in `offer_to` answers it: accept, reject
    or counter with amended terms (a new offer back to the mover), or lets it expire.
    """

    terms: Annotated[Text, AfterValidator(_not_blank)] = Field(min_length=1)
    """What is offered, in words."""
    private: bool = False
    """True: only the addressees' teams and the facilitator learn of the offer and its
    answers (the room sees neither)."""
    answer_in: Literal["same_turn", "next_turn"] = "next_turn"
    """When the addressees may answer: from the same turn (once the move is adjudicated)
    or from the next turn."""
    answer_from: Id | None = None
    """A turn id: answers open no earlier than that turn (the date a written answer was
    due, for example), even if `answer_in` would open them sooner."""
    expires: int = Field(default=1, ge=1, le=50)
    """How many turns the answer stays open; unanswered after that, the offer expires."""
    accepted: Result = Field(default_factory=Result)
    """What an addressee's acceptance does (the terms' effects)."""
    rejected: Result = Field(default_factory=Result)
    """What an addressee's rejection does."""
    countered: Result = Field(default_factory=Result)
    """What a counter-offer does at once (its own terms apply only if it is accepted)."""
    expired: Result = Field(default_factory=Result)
    """What happens when the offer expires unanswered (once, whoever did not answer)."""
    counter_terms: Text = ""
    """The amended terms a computer-played addressee counters with (empty: the computer
    never counters)."""
    counter_effects: list[EffectText] = Field(default_factory=list)
    """What the computer's counter-offer does if the mover accepts it."""
    answers: list[AnswerWeight] = Field(default_factory=list)
    """How computer-played addressees choose their answer; without entries, accept and
    reject (and counter, with `counter_terms`) are equally likely."""


class Deception(Strict):
    """A move's public face, when it is not its true effect (an announced pullback that
    moves no troops). The move's outcome is the truth: the facilitator sees it; the room
    and the other teams see this face until one of them sees through it; the report
    reveals it at the end. Its true effects should touch hidden tracks (or none): what a
    visible track shows, everyone sees."""

    label: Named = Field(min_length=1, max_length=200)
    """What the others are told the move is."""
    narrative: Text = ""
    """What the others are told happened."""
    observers: list[Id] = Field(default_factory=list)
    """The actors who may see through it (each rolls); empty: every other actor."""
    dice: str = Field(default="2d6", pattern=r"^[1-9][0-9]?d(4|6|8|10|12|20|100)$")
    """What each observer rolls, as NdS."""
    target: int = 9
    """The total (after `modifier`) an observer needs to see through it."""
    modifier: ExpressionText | int = 0
    """Added to each observer's roll: a whole number or a number expression (an
    intelligence track, for example)."""
    seen: Result = Field(default_factory=Result)
    """What happens (once) when some observer sees through it."""


class Move(Strict):
    """An entry in an actor's move catalogue."""

    id: Id
    """The move's identifier, unique in the scenario."""
    actor: Id
    """The actor whose catalogue this move is in."""
    label: Named = Field(min_length=1, max_length=200)
    """A short name for the move."""
    description: Text = ""
    """What the move is, for the team considering it."""
    requires: ExpressionText = "true"
    """The precondition: the move can be declared only when this holds."""
    limit: int | None = Field(default=None, ge=1)
    """How many times the move may be taken in a session (no limit if absent)."""
    adjudication: Adjudication = Field(default_factory=Adjudication)
    """How the move is decided."""
    outcomes: list[Outcome] = Field(min_length=1)
    """The ways the move can turn out."""
    costly: Text = ""
    """Why the move can be worth making although it tends to cost its own actor (a known
    sacrifice); `simulate` then reports it rather than warning that it is dominated."""
    cost: list[EffectText] = Field(default_factory=list)
    """Effects on the mover that every use pays, whatever the outcome (political capital,
    money, credibility)."""
    repeat_cost: list[EffectText] = Field(default_factory=list)
    """Paid once more for each earlier use of the move: the n-th use pays it n-1 times."""
    diminishing: float = Field(default=0.0, ge=0, lt=1)
    """Each earlier use shrinks the changes the outcome makes to number tracks by this
    fraction (0.5: the second use gains half, the third a quarter)."""
    offer_to: list[Id] = Field(default_factory=list)
    """The actors this move is an offer to (with `[moves.offer]`); they answer it."""
    offer: Offer | None = None
    """The offer's terms and what each answer does (with `offer_to`)."""
    deception: Deception | None = None
    """The move's public face, when it is not what the move truly does."""


class Inject(Strict):
    """An event the facilitator delivers: scheduled for a turn or triggered by a condition."""

    id: Id
    """The inject's identifier."""
    title: Named = Field(min_length=1, max_length=200)
    """A headline for the inject."""
    text: Text = ""
    """The inject as read out or shown to the room."""
    turn: Id | None = None
    """Deliver at the start of this turn (a turn id)."""
    when: ExpressionText | None = None
    """Deliver at the start of the first turn when this condition holds (and, with `turn`,
    not before that turn)."""
    kind: Prose = "news"
    """What sort of inject it is (news, intelligence, diplomatic, military, …)."""
    sender: Prose = ""
    """Who or what the inject comes from (for the master scenario events list)."""
    recipients: list[Id] = Field(default_factory=list)
    """The actors it is addressed to; empty means everyone. An inject with recipients is
    private to them: the others see that something was delivered to them, not what."""
    expected_action: Prose = ""
    """What the facilitator expects the players to do about it."""
    objective: Prose = ""
    """Which exercise objective the inject serves: the id of one of
    `[[scenario.objectives]]` (checked), or a sentence when the scenario has none."""
    source: Prose = ""
    """Where the inject's facts come from."""
    hypothetical: bool = False
    """True when the inject is invented for the exercise rather than taken from a source."""
    effects: list[EffectText] = Field(default_factory=list)
    """Changes to tracks when it is delivered."""


class Rule(Strict):
    """A consequence that fires in the consequences phase when its condition holds."""

    id: Id
    """The rule's identifier."""
    description: Named = Field(min_length=1)
    """What the rule represents."""
    when: ExpressionText
    """The condition checked in each turn's consequences phase."""
    repeat: bool = False
    """False: fire once per session at most. True: fire every turn the condition holds."""
    effects: list[EffectText] = Field(default_factory=list)
    """Changes to tracks when it fires."""
    narrative: Text = ""
    """What happens, as read out to the room."""


class Ending(Strict):
    """A named outcome of the whole session."""

    id: Id
    """The ending's identifier."""
    title: Named = Field(min_length=1, max_length=200)
    """The ending's name, e.g. "Full-scale invasion"."""
    when: ExpressionText | None = None
    """The condition, checked at the end of each turn; absent for the default ending
    reached when the calendar runs out."""
    summary: Text = ""
    """What the ending means, shown on the end screen and in the report."""
    effects: list[EffectText] = Field(default_factory=list)
    """Consequences that apply when the ending fires, before the actors are scored (the
    sanctions that an invasion brings, for example)."""
    bad_for: list[Id] = Field(default_factory=list)
    """Actors whose stated interests this ending defeats; `simulate` warns when one of them
    scores more, on average, in runs with this ending than with one not bad for it."""


class Scenario(Strict):
    """A complete scenario file."""

    scenario: Metadata
    """What the scenario is."""
    actors: list[Actor] = Field(min_length=1)
    """The parties to the crisis."""
    tracks: list[Track] = Field(default_factory=list)
    """The state variables."""
    turns: list[Turn] = Field(min_length=1)
    """The calendar of turns, in order."""
    moves: list[Move] = Field(default_factory=list)
    """Every actor's move catalogue."""
    injects: list[Inject] = Field(default_factory=list)
    """Scheduled and triggered events."""
    rules: list[Rule] = Field(default_factory=list)
    """Consequences that fire when a condition holds."""
    endings: list[Ending] = Field(default_factory=list)
    """The named outcomes of the session."""
    freeform: Freeform | None = None
    """How free-form moves are adjudicated and bounded. Without it, the facilitator
    chooses the outcome of a free-form move they record, and a player's free-form move
    (solo play, a seat) gets the default: argued 2d6, 7 or more succeeds."""
