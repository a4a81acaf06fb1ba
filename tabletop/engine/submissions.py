"""What a team's seat hands in, and where each submission stands. Pure: no I/O.

A seat submits to its team's inbox (journal/inbox.py); the facilitator's console reads
the inboxes and accepts each submission into the journal (a `move_declared`,
`argument_added`, `question_answered`, `feedback`, `offer_answered` or `offer_countered`
event naming the submission) or
returns it with a reason (`submission_returned`). Where a submission stands is therefore
a function of the submissions and the journal's events:

- each submission fills a *slot* of its team in its turn: the declaration, the argument
  about one declared move, the answer to one question, the reply to one offer (accept,
  reject, or counter with amended terms); the last submission to a slot
  counts, earlier ones are superseded (a participant's feedback form is a slot of its
  own, and it never closes: feedback is given after the end);
- accepted: an event in effect names it (an undone acceptance makes it pending again);
- returned: a `submission_returned` in effect names it;
- closed: the turn moved on before it was accepted;
- pending: none of these: the console shows it, one key accepts them all.

Inbox lines are untrusted (`parse`): unknown fields are dropped, texts lose their control
characters and are cut to their limits, lists are bounded, and a line that claims another
team than the inbox's is refused (a seat acts only for its team).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from tabletop.engine import wording
from tabletop.engine.audience import (
    DeclarationView,
    OfferView,
    View,
    believed_tracks,
    lens,
    why_for,
)
from tabletop.engine.errors import PreconditionFailed, UnknownOffer
from tabletop.engine.options import (
    ALREADY_DECLARED,
    NOT_STARTED,
    argue_phase_refusal,
    argue_refusal,
    declare_phase_refusal,
    not_taking_part,
)
from tabletop.engine.replay import effective
from tabletop.engine.session import Session
from tabletop.engine.state import State
from tabletop.engine.wording import printable
from tabletop.scenario.compiled import CompiledScenario

SubmissionKind = Literal["declare", "argue", "answer", "feedback", "reply"]
KINDS: tuple[SubmissionKind, ...] = ("declare", "argue", "answer", "feedback", "reply")
REPLIES = ("accept", "reject", "counter")
"""What a team's reply to an offer says (engine/options.py's ANSWERS)."""
MAX_NAME = 120
MAX_LABEL = 200
MAX_TEXT = 2000
MAX_REASONS = 10
MAX_EFFECTS = 10
MAX_EFFECT = 200

MAX_PER_TURN = 30
"""The most a team hands in during one turn (feedback forms aside): a seat refuses one
more with words it shows, and the facilitator's desk does not read it. Every slot's last
submission counts, so a team that keeps changing its mind has room to; a seat held down
on a key does not fill the team's inbox (journal/inbox.py's bound for the whole session)."""
MAX_FEEDBACK = 30
"""The most feedback forms a team hands in during the session (a form never closes)."""

_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_SPACES = re.compile(r"[ \t]+")

Standing = Literal["pending", "accepted", "returned", "superseded", "closed"]


@dataclass(frozen=True)
class Submission:
    """One thing a team's seat handed in."""

    id: str
    team: str
    kind: SubmissionKind
    turn: int
    """The turn (0-based) the seat saw when it submitted."""
    at: str = ""
    """When, ISO 8601 UTC (the seat's clock; shown, never trusted for order)."""
    move: str | None = None
    """declare: a catalogue move's id (None: a free-form move, see `label`)."""
    label: str = ""
    narrative: str = ""
    effects: tuple[str, ...] = ()
    reasons_for: tuple[str, ...] = ()
    reasons_against: tuple[str, ...] = ()
    sealed: bool = False
    declaration: int | None = None
    """argue: the seq of the declared move argued about."""
    side: str = ""
    """argue: `for` or `against`."""
    question: int | None = None
    """answer: the question's index (from 0) in the turn's questions."""
    text: str = ""
    """argue: the reason; answer: the answer."""
    participant: str = ""
    """feedback: who fills the form in (empty: anonymous)."""
    worked: str = ""
    """feedback: what worked."""
    change: str = ""
    """feedback: what to change."""
    rating: int | None = None
    """feedback: 1 to 5."""
    offer: int | None = None
    """reply: the offer's id (the seq of its offer_made event)."""
    reply: str = ""
    """reply: accept, reject or counter."""
    terms: str = ""
    """reply: a counter's amended terms."""

    @property
    def slot(self) -> str:
        """What it fills for its team this turn (the last submission to a slot counts)."""
        if self.kind == "argue":
            return f"argue:{self.declaration}"
        if self.kind == "answer":
            return f"answer:{self.question}"
        if self.kind == "feedback":
            return f"feedback:{self.id}"  # each participant's form stands on its own
        if self.kind == "reply":
            return f"reply:{self.offer}"
        return "declare"

    def to_record(self) -> dict[str, Any]:
        """The line a seat appends to its inbox."""
        out: dict[str, Any] = {"id": self.id, "team": self.team, "kind": self.kind}
        out["turn"] = self.turn
        out["at"] = self.at
        if self.kind == "declare":
            out.update(
                move=self.move,
                label=self.label,
                narrative=self.narrative,
                effects=list(self.effects),
                reasons_for=list(self.reasons_for),
                reasons_against=list(self.reasons_against),
                sealed=self.sealed,
            )
        elif self.kind == "argue":
            out.update(declaration=self.declaration, side=self.side, text=self.text)
        elif self.kind == "reply":
            out.update(offer=self.offer, reply=self.reply, terms=self.terms, text=self.text)
        elif self.kind == "feedback":
            out.update(
                participant=self.participant,
                worked=self.worked,
                change=self.change,
                rating=self.rating,
            )
        else:
            out.update(question=self.question, text=self.text)
        return out


@dataclass(frozen=True)
class Status:
    """Where one submission stands."""

    submission: Submission
    standing: Standing
    reason: str = ""
    """Why it was returned (returned only)."""
    seq: int | None = None
    """The event that accepted or returned it."""


# ------------------------------------------------------------------ reading untrusted lines


_SURROGATES = dict.fromkeys(range(0xD800, 0xE000))
"""Lone surrogates (JSON's `\\ud800`): no UTF-8 file, so no journal, can hold one."""


def clean_text(value: object, limit: int) -> str:
    """Untrusted text as kept: a string without control characters (line breaks kept) or
    lone surrogates, trimmed, cut to `limit` characters."""
    if not isinstance(value, str):
        return ""
    text = printable(value.replace("\r\n", "\n").replace("\r", "\n")).translate(_SURROGATES)
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return text.strip()[:limit]


def _texts(value: object, count: int, limit: int) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    out = [clean_text(v, limit) for v in value[: count * 2]]
    return tuple(t for t in out if t)[:count]


def _int(value: object) -> int | None:
    return value if type(value) is int and -1 <= value < 1_000_000 else None


def parse(record: Mapping[str, Any], team: str) -> Submission | None:
    """A submission from one inbox line of `team`'s inbox, or None when it is not one (a
    missing or malformed field, or a line that claims another team)."""
    sid = record.get("id")
    kind = record.get("kind")
    turn = _int(record.get("turn"))
    if not isinstance(sid, str) or not _ID.match(sid) or kind not in KINDS or turn is None:
        return None
    if record.get("team") != team:
        return None
    base: dict[str, Any] = {
        "id": sid,
        "team": team,
        "kind": kind,
        "turn": turn,
        "at": clean_text(record.get("at"), 40),
    }
    if kind == "declare":
        move = record.get("move")
        if move is not None and (not isinstance(move, str) or not _ID.match(move)):
            return None
        label = clean_text(record.get("label"), MAX_LABEL).replace("\n", " ")
        if move is None and not label:
            return None
        return Submission(
            **base,
            move=move,
            label=label,
            narrative=clean_text(record.get("narrative"), MAX_TEXT),
            effects=tuple(
                e.replace("\n", " ") for e in _texts(record.get("effects"), MAX_EFFECTS, MAX_EFFECT)
            ),
            reasons_for=_texts(record.get("reasons_for"), MAX_REASONS, MAX_TEXT),
            reasons_against=_texts(record.get("reasons_against"), MAX_REASONS, MAX_TEXT),
            sealed=record.get("sealed") is True,
        )
    if kind == "feedback":
        rating = record.get("rating")
        worked = clean_text(record.get("worked"), MAX_TEXT)
        change = clean_text(record.get("change"), MAX_TEXT)
        if type(rating) is not int or not 1 <= rating <= 5 or not (worked or change):
            return None
        return Submission(
            **base,
            participant=clean_text(record.get("participant"), MAX_NAME).replace("\n", " "),
            worked=worked,
            change=change,
            rating=rating,
        )
    if kind == "reply":
        offer = _int(record.get("offer"))
        reply = record.get("reply")
        terms = clean_text(record.get("terms"), MAX_TEXT)
        if offer is None or offer < 1 or reply not in REPLIES or (reply == "counter" and not terms):
            return None
        return Submission(
            **base,
            offer=offer,
            reply=str(reply),
            terms=terms if reply == "counter" else "",
            text=clean_text(record.get("text"), MAX_TEXT),
        )
    text = clean_text(record.get("text"), MAX_TEXT)
    if not text:
        return None
    if kind == "argue":
        declaration = _int(record.get("declaration"))
        side = record.get("side")
        if declaration is None or side not in ("for", "against"):
            return None
        return Submission(**base, declaration=declaration, side=str(side), text=text)
    question = _int(record.get("question"))
    if question is None or question < 0:
        return None
    return Submission(**base, question=question, text=text)


# ------------------------------------------------------------------ where they stand


def statuses(
    submissions: Sequence[Submission],
    events: Sequence[Mapping[str, Any]],
    turn: int,
    over: bool = False,
) -> list[Status]:
    """Where each submission stands, in the order given (the inboxes' order), by the
    events (the journal's, or a team's view of them: a team sees its own acceptances and
    returns) and the current turn (0-based)."""
    accepted: dict[str, int] = {}
    returned: dict[str, tuple[int, str]] = {}
    for event in effective(events):
        sid = event.get("submission")
        if not isinstance(sid, str):
            continue
        if event["kind"] == "submission_returned":
            returned[sid] = (event["seq"], str(event.get("reason", "")))
        else:
            accepted[sid] = event["seq"]
    latest: dict[tuple[str, int, str], str] = {}
    for submission in submissions:
        latest[(submission.team, submission.turn, submission.slot)] = submission.id
    out: list[Status] = []
    for submission in submissions:
        sid = submission.id
        if sid in accepted:
            out.append(Status(submission, "accepted", seq=accepted[sid]))
        elif sid in returned:
            seq, reason = returned[sid]
            out.append(Status(submission, "returned", reason, seq))
        elif latest[(submission.team, submission.turn, submission.slot)] != sid:
            out.append(Status(submission, "superseded"))
        elif submission.kind == "feedback":
            out.append(Status(submission, "pending"))  # a form waits, the end come or not
        elif submission.turn != turn or over:
            out.append(Status(submission, "closed"))
        else:
            out.append(Status(submission, "pending"))
    return out


def pending(
    submissions: Sequence[Submission], events: Sequence[Mapping[str, Any]], state: State
) -> list[Submission]:
    """The submissions waiting for the facilitator, in the order they came."""
    standings = statuses(submissions, events, state.turn, state.over)
    return [s.submission for s in standings if s.standing == "pending"]


# ------------------------------------------------------------------ words and acceptance


def seat_refusals(view: View) -> dict[str, str | None]:
    """What a team's seat can hand in now, and why not (None: it can), from the team's
    view: the seat dims a key that cannot run and says why when it is pressed, in the
    words the session's own refusals use (`moves are declared in the declaration phase;
    it is the adjudication phase now`, `it can be answered from turn 6`). The session
    checks again when the facilitator accepts a submission."""
    turn = view.turn
    if view.ended is not None or turn is None:
        why = "the session has ended" if view.ended is not None else NOT_STARTED
        return {"declare": why, "argue": why, "answer": why, "feedback": None, "reply": why}
    team = view.audience
    name = next((a.name for a in view.actors if a.id == team), team)
    wrong = declare_phase_refusal(view.phase)
    declare: str | None = None
    if wrong is not None:
        declare = wrong.why
    elif team not in turn.participants:
        declare = not_taking_part(name).why
    elif any(d.actor == team for d in view.declarations):
        declare = ALREADY_DECLARED
    closed = argue_phase_refusal(view.phase)
    argue: str | None = None
    if closed is not None:
        argue = closed.why
    elif not arguable(view):
        argue = "no other team's move is open to argument now (sealed, rolled or adjudicated)"
    answer = None if turn.questions else "this turn has no discussion questions"
    reply: str | None = None
    if not answerable(view):
        later = next((o for o in view.offers if o.why_not), None)
        reply = (
            f"{later.actor_name}'s offer #{later.seq}: {later.why_not}"
            if later is not None
            else "no offer is waiting for your team's answer"
        )
    # feedback: any time, after the end too
    return {"declare": declare, "argue": argue, "answer": answer, "feedback": None, "reply": reply}


def arguable(view: View) -> list[DeclarationView]:
    """The moves the team may argue about now, by its view (the session checks again when
    the facilitator accepts)."""
    if argue_phase_refusal(view.phase) is not None or view.ended is not None:
        return []
    return [
        d
        for d in view.declarations
        if d.actor != view.audience and not d.secret and d.outcome is None and not d.roll
    ]


def answerable(view: View) -> list[OfferView]:
    """The offers the team is to answer now, by its view (the session checks again when the
    facilitator accepts the answer)."""
    if view.ended is not None:
        return []
    return [o for o in view.offers if o.yours]


def _actor(scenario: CompiledScenario, actor: str) -> str:
    found = scenario.actors.get(actor)
    return found.name if found else actor


def _declared_label(events: Iterable[Mapping[str, Any]], seq: int | None) -> tuple[str, str]:
    for event in events:
        if event["seq"] == seq and event["kind"] == "move_declared":
            return str(event["actor"]), str(event.get("label", ""))
    return "", f"move #{seq}"


_REPLY_WORDS = {"accept": "accepts", "reject": "rejects", "counter": "counters"}


def _offer_words(
    scenario: CompiledScenario, events: Iterable[Mapping[str, Any]], seq: int | None
) -> str:
    """`Russia's offer #12` (a counter-offer: `counter-offer`), from the offer_made event."""
    for event in events:
        if event["seq"] == seq and event["kind"] == "offer_made":
            what = "counter-offer" if event.get("counter_of") else "offer"
            return f"{_actor(scenario, str(event['actor']))}'s {what} #{seq}"
    return f"offer #{seq}"


def what(scenario: CompiledScenario, submission: Submission) -> str:
    """What it is, in a few words, for its own team (a sealed move's label included)."""
    if submission.kind == "declare":
        if submission.move is not None:
            move = scenario.moves.get(submission.move)
            return move.model.label if move is not None else submission.move
        return f"free-form: {submission.label}"
    if submission.kind == "argue":
        return f"argument {submission.side} move #{submission.declaration}"
    if submission.kind == "feedback":
        return f"feedback ({submission.rating}/5)"
    if submission.kind == "reply":
        return f"{submission.reply} offer #{submission.offer}"
    return f"answer to question {(submission.question or 0) + 1}"


def headline(
    scenario: CompiledScenario,
    submission: Submission,
    events: Sequence[Mapping[str, Any]] = (),
) -> str:
    """How the console announces it: `Russia submitted (sealed)`, `Ukraine submitted:
    Mobilise reserves`, `Ukraine argues against Russia's “Mobilise reserves”`. A sealed
    move's label is not shown (the console shows sealed moves only on purpose)."""
    name = _actor(scenario, submission.team)
    if submission.kind == "declare":
        if submission.sealed:
            return f"{name} submitted (sealed)"
        return f"{name} submitted: {what(scenario, submission)}"
    if submission.kind == "argue":
        actor, label = _declared_label(events, submission.declaration)
        whose = f"{_actor(scenario, actor)}'s " if actor else ""
        return f"{name} argues {submission.side} {whose}{wording.quoted(label)}"
    if submission.kind == "feedback":
        who = submission.participant or "a participant"
        return f"{name}: feedback from {who} ({submission.rating}/5)"
    if submission.kind == "reply":
        verb = _REPLY_WORDS.get(submission.reply, submission.reply)
        return f"{name} {verb} {_offer_words(scenario, events, submission.offer)}"
    return f"{name} answered question {(submission.question or 0) + 1}"


def accept(session: Session, submission: Submission) -> list[Any]:
    """Record a submission in the session as its team's, by the session's own commands (so
    it is refused exactly as the console refuses a facilitator's entry: ActionError)."""
    team = submission.team
    sid = submission.id
    if submission.kind == "declare":
        if submission.move is not None:
            try:
                return session.declare(
                    team,
                    submission.move,
                    reasons_for=submission.reasons_for,
                    reasons_against=submission.reasons_against,
                    sealed=submission.sealed,
                    by="seat",
                    submission=sid,
                )
            except PreconditionFailed:  # the words go back to the team: its view's
                option = next(o for o in session.move_options(team) if o.move.id == submission.move)
                believed = believed_tracks(session.scenario, session.events, team)
                why = why_for(lens(session.scenario, team), option, believed)
                raise PreconditionFailed(f"{option.move.model.label}: {why}") from None
        return session.declare_freeform(
            team,
            submission.label,
            narrative=submission.narrative,
            effects=submission.effects,
            reasons_for=submission.reasons_for,
            reasons_against=submission.reasons_against,
            sealed=submission.sealed,
            by="seat",
            bounded=True,
            submission=sid,
        )
    if submission.kind == "argue":
        assert submission.declaration is not None
        refusal = argue_refusal(session.scenario, session.state, submission.declaration, team)
        if refusal is not None:
            raise refusal.exception()
        return session.add_argument(
            submission.declaration,
            team,
            submission.side,
            submission.text,
            by="seat",
            submission=sid,
        )
    if submission.kind == "reply":
        assert submission.offer is not None
        offer = session.state.offers.get(submission.offer)
        if offer is not None and offer.private and team not in (offer.actor, *offer.to):
            # Refused as an offer that never was: a private offer is its parties' business.
            raise UnknownOffer(f"there is no offer #{submission.offer}")
        return session.answer_offer(
            submission.offer,
            team,
            submission.reply,
            terms=submission.terms,
            reason=submission.text,
            by="seat",
            submission=sid,
        )
    if submission.kind == "feedback":
        assert submission.rating is not None
        return session.feedback(
            submission.worked,
            submission.change,
            submission.rating,
            participant=submission.participant,
            actor=team,
            by="seat",
            submission=sid,
        )
    assert submission.question is not None
    return session.answer(submission.question, team, submission.text, by="seat", submission=sid)


def flood_refusal(submissions: Iterable[Submission], new: Submission) -> str | None:
    """Why a team may not hand `new` in (None: it may): it has handed in the most a turn
    takes (MAX_PER_TURN), or the most feedback forms a session takes (MAX_FEEDBACK)."""
    if new.kind == "feedback":
        forms = sum(1 for s in submissions if s.team == new.team and s.kind == "feedback")
        if forms >= MAX_FEEDBACK:
            return f"your team has handed in {MAX_FEEDBACK} feedback forms, the most a team may"
        return None
    count = sum(
        1 for s in submissions if s.team == new.team and s.turn == new.turn and s.kind != "feedback"
    )
    if count >= MAX_PER_TURN:
        return (
            f"your team has handed in {MAX_PER_TURN} things this turn, the most one turn "
            "takes (the last of each kind counts): wait for the next turn"
        )
    return None


@dataclass
class Inboxes:
    """Every submission read so far, team by team, in the order they came (pure: the
    caller feeds it the raw lines it read)."""

    scenario: CompiledScenario
    submissions: list[Submission] = field(default_factory=list)
    rejected: int = 0
    """Lines that were not valid submissions of their inbox's team."""
    _ids: set[str] = field(default_factory=set)

    def add(self, team: str, records: Iterable[Mapping[str, Any]]) -> list[Submission]:
        """Add what was read from `team`'s inbox; the valid new submissions."""
        new: list[Submission] = []
        if team not in self.scenario.actors:
            return new
        for record in records:
            submission = parse(record, team)
            if (
                submission is None
                or submission.id in self._ids
                or flood_refusal(self.submissions, submission) is not None
            ):
                self.rejected += 1
                continue
            self._ids.add(submission.id)
            self.submissions.append(submission)
            new.append(submission)
        return new
