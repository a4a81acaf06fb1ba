"""The after-action report's model: plain dataclasses every format renders.

`tabletop.export.report.build_report` fills it from a session; the Markdown, HTML and
JSON renderers read it, so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tabletop.engine.wording import WITHHELD, score_text

Value = float | bool | str


class ExportError(ValueError):
    """The events cannot be made into a report (a malformed event, a bad undo)."""


@dataclass(frozen=True, slots=True)
class Change:
    """One track changed by an effect: `label: before → after`."""

    track: str
    label: str
    before: Value
    after: Value
    unit: str = ""
    """The unit after its numbers: none when the label already names it."""


@dataclass(frozen=True, slots=True)
class SourceItem:
    title: str
    publisher: str
    date: str
    url: str
    link: bool
    """True when the url is http(s) and may be shown as a link."""


@dataclass(frozen=True, slots=True)
class ObjectiveItem:
    id: str
    description: str
    weight: float
    score: str
    """The score expression as written in the scenario."""
    value: float | None
    """The value at the end (or now, when the session has not ended); None if unknown."""
    score_words: str = ""
    """The score in words (tracks' labels, endings' titles), as the reports show it."""
    maximum: float | None = None
    """The most it can add to the total (weight × the score's most), None if unknown."""

    @property
    def result(self) -> str:
        """`0.6 / 2`: the weighted score, one decimal, out of the most it could be."""
        if self.value is None:  # withheld from this audience (engine.audience)
            return WITHHELD
        return score_text(float(self.value) * self.weight, self.maximum)


@dataclass(frozen=True, slots=True)
class ActorItem:
    id: str
    name: str
    side: str
    played_by: str
    """"computer", "player" (solo play) or "team"."""
    briefing: str
    objectives: tuple[ObjectiveItem, ...]
    total: float | None
    maximum: float | None = None
    """The most the total can be (None if one objective's most is unknown)."""

    @property
    def result(self) -> str:
        """`4.3 / 10`: the weighted total, one decimal, out of the most it could be."""
        if self.total is None:  # it counts a score withheld from this audience
            return WITHHELD
        return score_text(self.total, self.maximum)


@dataclass(frozen=True, slots=True)
class Overview:
    title: str
    scenario_id: str
    scenario_version: str
    author: str
    summary: str
    briefing: str
    sources: tuple[SourceItem, ...]
    sha256: str
    dates: str
    """The in-game dates the session covered, e.g. "31 December 2021 – 10 January 2022"."""
    created: str
    """When the session was started (from the journal header), or ""."""
    last_event: str
    """When the last event was recorded (its `at`), or ""."""
    facilitator: str
    mode: str
    seed: Any
    journal: str
    parent: str
    """The session this one branched from ("PATH at event N"), or ""."""
    events: int
    turns_played: int
    turns_total: int
    undone_actions: int
    audience: str = "the facilitator"
    """Whom the report was made for (`export --audience`): the facilitator, the room, a
    team; a report for anyone but the facilitator holds only what they may see."""


@dataclass(slots=True)
class Roll:
    seq: int
    method: str
    text: str
    """The roll in words: `2d6: 4 + 6, +2 High alert = 12 against 7`."""
    result: str
    dice: str = ""
    faces: tuple[int, ...] = ()
    modifiers: tuple[tuple[str, int], ...] = ()
    reason_bonus: int = 0
    reasons_text: str = ""
    """What the argued reasons add, in words: `+1 for 1 argued reason` (or "")."""
    total: int | None = None
    target: int | None = None
    chance: float | None = None
    draw: float | None = None
    undone: bool = False


@dataclass(slots=True)
class Adjudication:
    seq: int
    method: str
    outcome: str
    label: str
    natural: str | None
    """The label of the outcome the rules gave (an override's), or None."""
    override: str | None
    """The facilitator's reason for overriding the rules' outcome, or None."""
    reason: str
    """The facilitator's reason for a choice (method "choice"), or ""."""
    narrative: str
    changes: tuple[Change, ...]
    by: str
    undone: bool = False


@dataclass(slots=True)
class Declaration:
    seq: int
    actor: str
    actor_name: str
    move: str | None
    label: str
    freeform: bool
    narrative: str
    """For a free-form move: what the team says happens if it succeeds."""
    freeform_effects: tuple[str, ...]
    reasons_for: tuple[str, ...]
    reasons_against: tuple[str, ...]
    sealed: bool
    by: str
    doctrine_reason: str
    method: str
    undone: bool = False
    withdrawn: str | None = None
    """Why it was withdrawn (a slip corrected; "" without a reason), or None."""
    rolls: list[Roll] = field(default_factory=list)
    adjudications: list[Adjudication] = field(default_factory=list)

    @property
    def roll(self) -> Roll | None:
        """The roll in effect (the last one not undone)."""
        return next((r for r in reversed(self.rolls) if not r.undone), None)

    @property
    def adjudication(self) -> Adjudication | None:
        """The adjudication in effect (the last one not undone)."""
        return next((a for a in reversed(self.adjudications) if not a.undone), None)


@dataclass(frozen=True, slots=True)
class InjectItem:
    seq: int
    inject: str | None
    """The scenario inject's id; None for an ad-hoc inject made up by the facilitator."""
    title: str
    text: str
    kind: str
    sender: str
    recipients: tuple[str, ...]
    source: str
    hypothetical: bool
    changes: tuple[Change, ...]
    by: str
    undone: bool


@dataclass(frozen=True, slots=True)
class RuleItem:
    seq: int
    rule: str
    description: str
    narrative: str
    changes: tuple[Change, ...]
    undone: bool


@dataclass(frozen=True, slots=True)
class NoteItem:
    seq: int
    turn: int
    """1-based."""
    tag: str
    text: str
    undone: bool
    objective: str = ""
    """The exercise objective a strength or an area for improvement is about, or ""."""


@dataclass(frozen=True, slots=True)
class Marker:
    """An undo or a redo, with what it was about."""

    seq: int
    kind: str
    target: int
    about: str


@dataclass(frozen=True, slots=True)
class EndingItem:
    seq: int
    turn: int
    ending: str | None
    title: str
    summary: str
    reason: str
    note: str
    undone: bool


@dataclass(slots=True)
class TurnReport:
    index: int
    number: int
    id: str
    title: str
    date: str
    """ISO date (YYYY-MM-DD)."""
    date_text: str
    """The date in words (10 January 2022)."""
    place: str
    participants: tuple[str, ...]
    briefing: str
    injects: list[InjectItem] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    rules: list[RuleItem] = field(default_factory=list)
    notes: list[NoteItem] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    endings: list[EndingItem] = field(default_factory=list)
    values: dict[str, Value] | None = None
    """Every track at the end of the turn (so far, for the current turn)."""
    complete: bool = False
    """Whether the turn was played to its end in the events in effect."""
    undone: bool = False
    """True when every start of this turn was undone (the turn is not in effect)."""


@dataclass(frozen=True, slots=True)
class TrackSeries:
    id: str
    label: str
    type: str
    unit: str
    visible: bool
    min: float | None
    max: float | None
    levels: tuple[str, ...]
    values: tuple[Value | None, ...]
    """The value at the start, then at the end of each turn played (see Report.columns)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    ended: bool
    ending: str | None
    title: str
    summary: str
    reason: str
    reason_text: str
    note: str
    turn: int | None
    seq: int | None


# ------------------------------------------------------------------ the evaluation (AAR/IP)


@dataclass(frozen=True, slots=True)
class ObservationItem:
    """What the facilitator or an evaluator saw, against an exercise objective."""

    seq: int
    turn: int
    """1-based."""
    objective: str
    text: str
    team: str
    """The team's name, or "" for the room."""
    by: str


@dataclass(frozen=True, slots=True)
class ObjectiveEvaluation:
    """An exercise objective with what the evaluation found: the analysis of a capability."""

    id: str
    description: str
    capability: str
    critical_tasks: tuple[str, ...]
    rating: str | None
    """P, S, M or U; None when the hotwash has not rated it."""
    rating_text: str
    """The rating's HSEEP meaning ("Performed with some challenges"), or "Not rated"."""
    rationale: str
    """Why this rating (the rating's observation)."""
    strengths: tuple[str, ...]
    """From the rating and from strength notes naming the objective."""
    improvements: tuple[str, ...]
    """From the rating and from improvement notes naming the objective."""
    observations: tuple[ObservationItem, ...]
    injects: tuple[str, ...]
    """The titles of the injects delivered (in effect) that serve it, in order."""
    rated_by: str
    rated_strengths: tuple[str, ...] = ()
    """The strengths the hotwash recorded with the rating (the first of `strengths`)."""
    rated_improvements: tuple[str, ...] = ()
    """The areas for improvement the hotwash recorded with the rating."""


@dataclass(frozen=True, slots=True)
class ImprovementItem:
    """A row of the improvement plan."""

    item: int
    objective: str
    """The objective's id, or ""."""
    objective_text: str
    capability: str
    issue: str
    action: str
    """The corrective action."""
    owner: str
    due: str
    """YYYY-MM-DD, or ""."""
    due_text: str
    """The due date in words (31 March 2026), or ""."""


@dataclass(frozen=True, slots=True)
class FeedbackItem:
    seq: int
    participant: str
    team: str
    worked: str
    change: str
    rating: int
    by: str


@dataclass(frozen=True, slots=True)
class AnswerItem:
    """A team's answer to a discussion question (from its seat, or taken by the facilitator)."""

    question: int
    """The question's index (from 0) in its turn's questions."""
    team: str
    text: str


@dataclass(frozen=True, slots=True)
class QuestionSet:
    """A turn's discussion questions, and the teams' answers recorded."""

    turn: int
    """1-based."""
    title: str
    questions: tuple[str, ...]
    answers: tuple[AnswerItem, ...] = ()


@dataclass(frozen=True, slots=True)
class TeamSeats:
    team: str
    """The team's (actor's) name."""
    actor: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The exercise's evaluation: who, where, the objectives rated, the questions
    discussed, the improvement plan and the participants' feedback (in effect)."""

    exercise: str = ""
    facilitator: str = ""
    evaluators: tuple[str, ...] = ()
    venue: str = ""
    conducted: str = ""
    """When the exercise was conducted (real time): "2026-01-15 09:00 – 10:12 UTC"."""
    participants: tuple[TeamSeats, ...] = ()
    objectives: tuple[ObjectiveEvaluation, ...] = ()
    questions: tuple[QuestionSet, ...] = ()
    """The discussion questions of every turn the session reached, in order."""
    improvements: tuple[ImprovementItem, ...] = ()
    feedback: tuple[FeedbackItem, ...] = ()
    feedback_average: float | None = None
    """The participants' mean rating (1–5) to two decimals (the JSON's), or None."""
    feedback_average_text: str = ""
    """The mean rating as the report prints it: the exact mean, one decimal, half up
    (17/4 reads 4.3; rounding the two-decimal 4.25 again gave 4.2)."""
    withheld: bool = False
    """True in a report made for participants (`--audience`): the observations, ratings,
    improvement plan and feedback are the facilitator's, so they are left out."""

    @property
    def rated(self) -> int:
        return sum(1 for o in self.objectives if o.rating)

    def hotwash(self, tag: str) -> tuple[tuple[str, str], ...]:
        """(objective, text) for each strength ("strength") or area for improvement
        ("improvement") the hotwash recorded with a rating: the debrief lists them after
        the notes of play, so it never reads "None recorded" over a rated objective's."""
        return tuple(
            (o.description, text)
            for o in self.objectives
            for text in (o.rated_strengths if tag == "strength" else ())
            + (o.rated_improvements if tag == "improvement" else ())
        )


@dataclass(frozen=True, slots=True)
class Report:
    overview: Overview
    actors: tuple[ActorItem, ...]
    turns: tuple[TurnReport, ...]
    columns: tuple[str, ...]
    """The headings of the track table: "Start", then one per turn played."""
    tracks: tuple[TrackSeries, ...]
    initial: dict[str, Value]
    outcome: Outcome
    scores: dict[str, dict[str, Any]]
    """{actor: {"total": n, "objectives": {id: value}}}: final, or provisional."""
    scores_final: bool
    notes: dict[str, tuple[NoteItem, ...]]
    """The notes by tag ("note", "strength", "improvement"), in order."""
    undone_actions: tuple[int, ...]
    """The seq of every action that is undone (not in effect) at the end."""
    events: int
    evaluation: Evaluation = Evaluation()
    """The exercise's evaluation (AAR/IP)."""
    notes_title: str | None = "Facilitator notes"
    """The notes' heading: "Player's notes" in solo play, where the player wrote them;
    None when the audience never sees notes (the section is left out)."""
