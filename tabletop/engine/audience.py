"""What each person in the room may see: one pure function from a session to a view.

There are three kinds of audience (boardgame.io's `playerView`, applied once, in the
core, before any surface draws):

- `facilitator`: everything, the record as it is;
- `room`: what the whole room may see (the projector, a participants' report);
- an actor's id: that team's view, the room's plus what is addressed to that team (its
  private briefing, its hidden objectives, injects sent to it, its own sealed moves,
  its own move catalogue).

What the room never sees: the facilitator's notes (the scenario's `facilitator_notes`
and `note` events) and peeks at sealed moves; hidden tracks (their values, history and
changes, and any effect or condition that names them); the actors' private briefings
and hidden objectives; injects sent to other actors (only that something was
delivered, and to whom); sealed moves until they are revealed or adjudicated; other
teams' move catalogues; the computer's doctrine; the session's seed (it would predict
the dice); and what was undone (a participant sees the record as it stands).

`view(scenario, events, audience)` gives a `View`: a typed, JSON-serialisable model
(`View.to_dict()`) with the turn, the briefings the audience may read, the visible
tracks with their history, the log as the audience may read it, the declarations of
the turn, the delivered injects, the ending; and `View.events` (the events as the
audience may see them) with `View.scenario` (the scenario as the audience may see it),
from which exports and `replay --json` are made. Pure: no I/O, no Textual.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tabletop.engine import errors, wording
from tabletop.engine.events import REDUCERS, UnknownEvent, Words, describe
from tabletop.engine.options import MoveOption, move_options, offer_refusal
from tabletop.engine.replay import effective, replay, undo_stacks
from tabletop.engine.state import State, Value
from tabletop.scenario.compiled import CompiledEnding, CompiledScenario
from tabletop.scenario.models import Actor, Adjudication, Move, Result, Scenario, Track

FACILITATOR = "facilitator"
"""The facilitator's audience: everything."""
ROOM = "room"
"""The whole room's audience: what is public."""
SECRET_LABEL = "a sealed move"
"""What a sealed move is called while it is hidden from an audience."""
HIDDEN_TEXT = "(hidden)"
"""What stands for an expression that names a hidden track, in a participant's scenario."""

FACILITATOR_ONLY_KINDS = frozenset(
    {
        "note",
        "move_peeked",
        "undo",
        "redo",
        "observation",
        "objective_rated",
        "improvement_planned",
        "feedback",
    }
)
"""Event kinds no audience but the facilitator sees (undo and redo: a participant sees
the record as it stands). The evaluation's observations, ratings, improvement plan and
participants' feedback are the facilitator's and evaluators' (the hotwash may share them
in the room; a participant's export does not carry them); the session details (who,
where) and the turns' discussion questions are public."""

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class UnknownAudience(ValueError):
    """An audience that is neither `facilitator`, `room` nor an actor of the scenario."""


def audiences(scenario: CompiledScenario) -> tuple[str, ...]:
    """Every audience of a scenario: facilitator, room, then each actor's id."""
    return (FACILITATOR, ROOM, *scenario.actors)


def check_audience(scenario: CompiledScenario, who: str) -> str:
    """`who` if it is an audience of the scenario; else UnknownAudience with the choices."""
    if who in (FACILITATOR, ROOM) or who in scenario.actors:
        return who
    raise UnknownAudience(f"unknown audience '{who}' (choose {', '.join(audiences(scenario))})")


def audience_name(scenario: CompiledScenario, who: str) -> str:
    """Whom a view or a report is for, in words: `the facilitator`, `the room`,
    `the Russian Federation team`."""
    if who == FACILITATOR:
        return "the facilitator"
    if who == ROOM:
        return "the room"
    actor = scenario.actors.get(who)
    return f"the {actor.name} team" if actor else who


# ------------------------------------------------------------------ the lens


@dataclass(frozen=True)
class Lens:
    """One audience's eyes: what it may see of a scenario."""

    who: str
    hidden: frozenset[str]
    """The ids of the tracks this audience may not see."""
    notes: bool = False
    """Whether it wrote the session's notes: the solo player's team (there is no
    facilitator in solo play; its notes are the player's own)."""

    @property
    def everything(self) -> bool:
        return self.who == FACILITATOR

    @property
    def team(self) -> str | None:
        """The actor whose team this is, or None (facilitator, room)."""
        return None if self.who in (FACILITATOR, ROOM) else self.who

    def own(self, actor: object) -> bool:
        """Whether the audience may see this actor's secrets."""
        return self.everything or (self.team is not None and actor == self.team)

    def names_hidden(self, text: object) -> bool:
        """Whether a text (an expression, an effect) names a hidden track."""
        return not self.everything and names_any(text, self.hidden)

    def changes(self, changes: Iterable[Sequence[Any]]) -> list[list[Any]]:
        """[track, before, after] changes without those to hidden tracks."""
        if self.everything:
            return [list(c) for c in changes]
        return [list(c) for c in changes if c[0] not in self.hidden]


def lens(scenario: CompiledScenario, who: str) -> Lens:
    """The lens of an audience (checked: UnknownAudience for a stranger)."""
    check_audience(scenario, who)
    hidden = frozenset(t.id for t in scenario.model.tracks if not t.visible)
    return Lens(who, frozenset() if who == FACILITATOR else hidden)


# ------------------------------------------------------------------ events


def private_to(scenario: CompiledScenario, event: Mapping[str, Any]) -> tuple[str, ...]:
    """The recipients of a delivered inject that is private to them (else ())."""
    inject = event.get("inject")
    compiled = scenario.injects.get(inject) if isinstance(inject, str) else None
    if compiled is not None and compiled.model.recipients:
        return tuple(compiled.model.recipients)
    recipients = event.get("recipients")
    return tuple(recipients) if isinstance(recipients, list) else ()


def revealed_declarations(events: Iterable[Mapping[str, Any]]) -> set[int]:
    """The seq of every declaration revealed (by a move_revealed or its adjudication)."""
    return {e["declaration"] for e in events if e["kind"] in ("move_revealed", "move_adjudicated")}


def redact_events(
    scenario: CompiledScenario, events: Sequence[Mapping[str, Any]], who: str
) -> list[dict[str, Any]]:
    """The events as an audience may see them (new dicts; the facilitator's: all, copied).

    For anyone but the facilitator: only the actions in effect, without notes, peeks,
    undo and redo; hidden tracks' changes dropped; private injects reduced to who got
    something; sealed moves reduced to "a sealed move" (and their rolls dropped) until
    revealed; the computer's doctrine weights dropped; the ending's
    note and hidden objectives' scores dropped.
    """
    eye = lens(scenario, who)
    if eye.everything:
        return [dict(e) for e in events]
    return _redaction(scenario, eye, events)[0]


@dataclass
class _Known:
    """What redacting an event needs to know of the record besides the event itself."""

    revealed: set[int]
    """The declarations revealed (by a move_revealed or an adjudication)."""
    secret: set[int]
    """The sealed declarations this audience may not see (as "a sealed move")."""
    talks: dict[int, frozenset[str]]
    """Each private offer with its parties (`_talks`)."""
    faces: dict[int, frozenset[str]]
    """Each deceptive move with those who know its truth (`_faces`)."""
    moves: dict[int, str] = field(default_factory=dict)
    """Each declaration's move (`_declared_moves`): what its roll may say."""
    beliefs: Beliefs = field(default_factory=lambda: Beliefs())
    """What this audience believes of the tracks a deception it did not see through
    changed (`Beliefs`)."""


@dataclass
class Beliefs:
    """What an audience believes of the visible tracks a deceptive move's hidden truth
    changed: it saw the public face, so its board stays where it was, and every later
    change to such a track reads from the value it believes (Tension 3→2, not 7→6, after
    a hidden +4), or a later change would tell it of the truth. A number track's belief
    is the truth less an offset; a flag's or level's is the value it held, until a later
    change sets it anew."""

    offsets: dict[str, float] = field(default_factory=dict)
    held: dict[str, Value] = field(default_factory=dict)

    def deceive(self, scenario: CompiledScenario, changes: Iterable[Sequence[Any]]) -> None:
        """The audience is not shown these changes (a deceptive move's truth)."""
        for change in changes:
            track, before, after = change[0], change[1], change[2]
            model = scenario.tracks.get(track)
            if model is not None and model.type == "number" and track not in self.held:
                offset = self.offsets.get(track, 0) + (after - before)
                self._set(track, offset)
            else:
                self.held.setdefault(track, before)

    def tracks(self) -> frozenset[str]:
        """The tracks whose value the audience believes is not their true one."""
        return frozenset(self.offsets).union(self.held)

    def _set(self, track: str, offset: float) -> None:
        if offset:
            self.offsets[track] = offset
        else:
            self.offsets.pop(track, None)

    def shift(self, scenario: CompiledScenario, changes: list[list[Any]]) -> list[list[Any]]:
        """Changes the audience is shown, as they read from what it believes."""
        if not (self.offsets or self.held):
            return changes
        out = []
        for change in changes:
            track, before, after = change[0], change[1], change[2]
            if track in self.held:
                before = self.held.pop(track)  # set anew: the belief is the truth again
            elif track in self.offsets:
                offset = self.offsets[track]
                model = scenario.tracks[track]
                believed = after - offset
                if model.min is not None and believed < model.min:
                    believed = model.min
                if model.max is not None and believed > model.max:
                    believed = model.max
                before, after = before - offset, _same_kind(after, believed)
                self._set(track, change[2] - after)
            out.append([track, before, after, *change[3:]])
        return out


def _same_kind(like: Any, value: float) -> Any:
    """A whole number stays a whole number (a track's bound is written as a float)."""
    return int(value) if isinstance(like, int) and float(value).is_integer() else value


def _redaction(
    scenario: CompiledScenario, eye: Lens, events: Sequence[Mapping[str, Any]]
) -> tuple[list[dict[str, Any]], _Known]:
    """`redact_events` for anyone but the facilitator, and what it knew doing so."""
    kept = effective(events)
    known = _Known(
        revealed_declarations(kept),
        set(),
        _talks(kept),
        dict(_faces(scenario, kept)),
        _declared_moves(kept),
    )
    out: list[dict[str, Any]] = []
    for event in kept:
        redacted = _redact_event(scenario, eye, event, known)
        if redacted is not None:
            out.append(redacted)
    return out, known


def _redact_event(
    scenario: CompiledScenario, eye: Lens, event: Mapping[str, Any], known: _Known
) -> dict[str, Any] | None:
    """One event of the actions in effect as the audience may see it (None: not at all)."""
    kind = event["kind"]
    if (
        kind in FACILITATOR_ONLY_KINDS
        and not (kind == "feedback" and eye.team is not None and event.get("actor") == eye.team)
        and not (kind == "note" and eye.notes)
    ):  # a team sees its own feedback forms (its seat shows them accepted)
        return None
    if kind in OFFER_KINDS or kind in DECEPTION_KINDS or "declaration" in event:
        redacted = _redact_talks(
            scenario, eye, dict(event), known.talks, known.faces, known.beliefs
        )
        if redacted is None:
            return None
        event = redacted
    return _redact(
        scenario, eye, dict(event), known.revealed, known.secret, known.moves, known.beliefs
    )


OFFER_KINDS = frozenset({"offer_made", "offer_answered", "offer_countered", "offer_expired"})
DECEPTION_KINDS = frozenset({"deception_tested", "deception_seen"})
ANNOUNCED = "announced"
"""The outcome id a deceptive move shows to those who do not know its truth."""


def _declared_moves(events: Iterable[Mapping[str, Any]]) -> dict[int, str]:
    """Each declaration of a catalogue move (by seq) with the move's id (a free-form one
    has none)."""
    return {e["seq"]: e["move"] for e in events if e["kind"] == "move_declared" and e.get("move")}


def _talks(events: Sequence[Mapping[str, Any]]) -> dict[int, frozenset[str]]:
    """Each private offer (by seq) with the actors who may know of it: its maker and its
    addressees."""
    return {
        e["seq"]: frozenset((e["actor"], *e["to"]))
        for e in events
        if e["kind"] == "offer_made" and e.get("private")
    }


def _faces(
    scenario: CompiledScenario, events: Sequence[Mapping[str, Any]]
) -> dict[int, frozenset[str]]:
    """Each deceptive move (by declaration seq) with the actors who know its truth: its
    mover, and the observers who saw through it. (The facilitator's report shows both
    faces; the others' keep the face they were shown, after the end too.) A move is
    deceptive from its declaration on, so that its roll, which comes before its
    adjudication, is its mover's too."""
    knowing: dict[int, set[str]] = {}
    for e in events:
        kind = e["kind"]
        if kind == "move_declared":
            move = scenario.moves.get(e.get("move") or "")
            if move is not None and move.deception is not None:
                knowing[e["seq"]] = {e["actor"]}
        elif kind == "move_adjudicated" and e.get("deception"):
            knowing.setdefault(e["declaration"], {e["actor"]})
        elif kind == "deception_seen" and e["declaration"] in knowing:
            knowing[e["declaration"]].update(e["actors"])
    return {k: frozenset(v) for k, v in knowing.items()}


def _redact_talks(
    scenario: CompiledScenario,
    eye: Lens,
    event: dict[str, Any],
    talks: Mapping[int, frozenset[str]],
    faces: Mapping[int, frozenset[str]],
    beliefs: Beliefs | None = None,
) -> dict[str, Any] | None:
    """Offers and deceptions as an audience may see them (None: not at all).

    A private offer, its answers and its expiry reach only its maker, its addressees and
    the facilitator; the others see only what they change on visible tracks ("private
    talks"). A deceptive move shows its public face (no outcome, no effects, no roll) to
    whoever does not know its truth (the session's end included); an observer's roll is
    its own team's.
    """
    kind = event["kind"]
    if kind in OFFER_KINDS:
        offer = event["seq"] if kind == "offer_made" else event["offer"]
        party = talks.get(offer)
        if party is None or eye.team in party:
            return event
        if kind == "offer_made" or not eye.changes(event.get("effects") or ()):
            return None
        return {
            **{k: event[k] for k in ("seq", "kind", "action", "turn", "phase", "at") if k in event},
            "kind": kind,
            "offer": offer,
            "actor": None,
            "actors": [],
            "effects": event.get("effects") or [],
            "private": True,
        }
    declaration = event.get("declaration")
    knowing = faces.get(declaration) if isinstance(declaration, int) else None
    if kind == "deception_tested":
        return event if eye.own(event["actor"]) else None
    if knowing is None or eye.everything or eye.team in knowing:
        return event
    if kind == "dice_rolled":
        return None
    if kind == "deception_seen":
        return {**event, "effects": event["effects"], "narrative": ""}
    if kind == "move_adjudicated":
        face = event.get("deception") or {}
        if beliefs is not None:
            beliefs.deceive(scenario, eye.changes(event.get("effects") or ()))
        event.update(
            outcome=ANNOUNCED,
            label=str(face.get("label", "")),
            narrative=str(face.get("narrative", "")),
            natural=None,
            override=None,
            reason="",
            effects=[],
        )
        event.pop("deception", None)
    return event


def _redact(
    scenario: CompiledScenario,
    eye: Lens,
    event: dict[str, Any],
    revealed: set[int],
    secret: set[int],
    moves: Mapping[int, str],
    beliefs: Beliefs | None = None,
) -> dict[str, Any] | None:
    kind = event["kind"]
    if "effects" in event and kind != "move_declared":
        original = event["effects"]
        event["effects"] = eye.changes(original)
        if kind == "rule_fired" and original and not event["effects"]:
            return None  # a rule that only moves hidden tracks would betray them
        if beliefs is not None:  # (then the cost: the order the record applies them in)
            event["effects"] = beliefs.shift(scenario, event["effects"])
    if "cost" in event:
        event["cost"] = eye.changes(event["cost"])
        if beliefs is not None:
            event["cost"] = beliefs.shift(scenario, event["cost"])
    if event.get("if_accepted"):  # a counter-offer's effects, typed by a person
        event["if_accepted"] = [e for e in event["if_accepted"] if not eye.names_hidden(e)]
    if "clamped" in event:
        clamped = [t for t in event["clamped"] if t not in eye.hidden]
        if clamped:
            event["clamped"] = clamped
        else:
            del event["clamped"]
    if kind == "inject_delivered":
        recipients = private_to(scenario, event)
        if recipients:
            event["recipients"] = list(recipients)
            event["private"] = True
            if eye.team not in recipients:
                names = ", ".join(_actor_name(scenario, a) for a in recipients)
                event["inject"] = None
                event["title"] = f"A message was delivered to {names}"
                event["text"] = ""
    elif kind == "move_declared":
        event.pop("doctrine", None)  # the computer's weights; its stated reason is public
        actor = event["actor"]
        if event.get("sealed") and not eye.own(actor) and event["seq"] not in revealed:
            secret.add(event["seq"])
            event.update(
                move=None,
                label=SECRET_LABEL,
                freeform=None,
                reasons_for=[],
                reasons_against=[],
                reason="",  # a stated reason would say what it is
                secret=True,
            )
        elif isinstance(event.get("freeform"), dict):
            freeform = dict(event["freeform"])
            freeform["effects"] = [
                e for e in freeform.get("effects", ()) if not eye.names_hidden(e)
            ]
            event["freeform"] = freeform
    elif kind in ("dice_rolled", "argument_added", "reasons_graded"):
        if event["declaration"] in secret:  # (a grading counts the sealed move's reasons)
            return None
        if kind == "dice_rolled" and eye.hidden:
            _hide_hidden_factors(scenario, eye, event, moves.get(event["declaration"]))
    elif kind == "move_withdrawn":
        if event["declaration"] in secret:
            event["reason"] = ""  # why a sealed move was taken back would say what it was
    elif kind == "submission_returned":
        if not eye.own(event["actor"]):
            return None  # why a team's submission went back is that team's business
    elif kind == "session_ended":
        event.pop("note", None)
        if isinstance(event.get("scores"), dict):
            event["scores"] = _scores(scenario, eye, event["scores"])
    return event


HIDDEN_FACTOR = "a hidden factor"
"""What a participant's roll shows for a modifier that reads a hidden track."""


def _hide_hidden_factors(
    scenario: CompiledScenario, eye: Lens, roll: dict[str, Any], move_id: str | None
) -> None:
    """A roll without what it would tell of hidden tracks: a chance computed from one is
    not shown, nor the draw (which bounds it), and a modifier that reads one is "a
    hidden factor" (its value stays: the total counts it). Else the room could work a
    hidden track out from its rolls: a chance of 0.9 - resolve * 0.08 gives the resolve."""
    move = scenario.moves.get(move_id) if move_id else scenario.freeform  # (None: free-form)
    if move is None:
        return
    adjudication = move.model.adjudication
    if roll.get("method") == "probability" and eye.names_hidden(adjudication.chance):
        roll.pop("chance", None)
        roll.pop("draw", None)
    hidden = {m.label for m in adjudication.modifiers if eye.names_hidden(f"{m.when} {m.value}")}
    if hidden and roll.get("modifiers"):
        roll["modifiers"] = [
            [HIDDEN_FACTOR if label in hidden else label, value]
            for label, value in roll["modifiers"]
        ]


def scores_for(scenario: CompiledScenario, scores: Mapping[str, Any], who: str) -> dict[str, Any]:
    """Objective scores as an audience may see them (no other team's hidden agenda, nor a
    total that counts one)."""
    return _scores(scenario, lens(scenario, who), scores)


def _scores(scenario: CompiledScenario, eye: Lens, scores: Mapping[str, Any]) -> dict[str, Any]:
    """Scores without the hidden objectives of other teams, nor those of objectives whose
    score reads a hidden track (Cuba's `jupiters = jupiter_deal` would tell the room of
    the secret deal), nor a total that counts them."""
    out: dict[str, Any] = {}
    for actor, score in scores.items():
        model = scenario.actors.get(actor)
        withheld = {
            o.id
            for o in (model.objectives if model else ())
            if (not o.visible and not eye.own(actor)) or eye.names_hidden(o.score)
        }
        if not withheld:
            out[actor] = score
            continue
        shown = score.get("objectives") or {}
        out[actor] = {"objectives": {k: v for k, v in shown.items() if k not in withheld}}
    return out


@dataclass(frozen=True)
class Sight:
    """What the record so far says that a single event does not: who is party to each
    private offer, who knows each deceptive move's truth, and which sealed moves are
    still sealed (`sight`)."""

    talks: Mapping[int, frozenset[str]]
    faces: Mapping[int, frozenset[str]]
    sealed: Mapping[int, str] = field(default_factory=dict)
    """Each sealed declaration not revealed yet, with its actor: its roll and the
    arguments about it reach no one else."""
    moves: Mapping[int, str] = field(default_factory=dict)
    """Each declaration's move (`_declared_moves`)."""


def sight(scenario: CompiledScenario, events: Sequence[Mapping[str, Any]]) -> Sight:
    """The context events are seen in as they arrive: the record up to and including them
    (a deceptive move's roll arrives before its adjudication, an observer's sight after it:
    the record says both)."""
    kept = effective(events)
    revealed = revealed_declarations(kept)
    sealed = {
        e["seq"]: e["actor"]
        for e in kept
        if e["kind"] == "move_declared" and e.get("sealed") and e["seq"] not in revealed
    }
    return Sight(_talks(events), _faces(scenario, events), sealed, _declared_moves(kept))


def seen_event(
    scenario: CompiledScenario,
    event: Mapping[str, Any],
    who: str,
    known: Sight,
    beliefs: Beliefs | None = None,
) -> dict[str, Any] | None:
    """One event as an audience may see it as it arrives (None: not at all), for a
    surface that announces new events (solo play's console and notifications), in the
    context `known` of the record so far (`sight`). It follows the audience rules of
    `redact_events`: a private offer reaches only its parties; a deceptive move shows its
    public face, without its roll, to whoever did not see through it. A sealed move is
    seen as "a sealed move" (it arrives before its reveal), and its roll and the
    arguments about it not at all while it is sealed. `beliefs`, kept by a caller that
    passes each event once, in order: what the audience believes of tracks a deception
    changed (`Beliefs`), so that later changes read from it."""
    eye = lens(scenario, who)
    if eye.everything:
        return dict(event)
    kind = event["kind"]
    if kind in FACILITATOR_ONLY_KINDS:
        return None
    if kind in OFFER_KINDS or kind in DECEPTION_KINDS or "declaration" in event:
        talks = dict(known.talks)
        if kind == "offer_made" and event.get("private"):
            talks[event["seq"]] = frozenset((event["actor"], *event["to"]))
        elif isinstance(event.get("between"), list):
            talks[event["offer"]] = frozenset(event["between"])
        shown = _redact_talks(scenario, eye, dict(event), talks, known.faces, beliefs)
        if shown is None:
            return None
        event = shown
    secret = {seq for seq, actor in known.sealed.items() if not eye.own(actor)}
    return _redact(scenario, eye, dict(event), set(), secret, known.moves, beliefs)


def seen_events(
    scenario: CompiledScenario, events: Sequence[Mapping[str, Any]], who: str, start: int = 0
) -> list[dict[str, Any] | None]:
    """`seen_event` for each of `events[start:]`, in the context of all of `events`, each
    change read from what `who` believes after the events before them that are in effect
    (`Beliefs`): an announcement of new events never tells of a deception's hidden truth
    by the before and after of a later change (Tension 7→6 where the team saw 3→2)."""
    known = sight(scenario, events)
    beliefs = Beliefs()
    for event in effective(events[:start]):
        seen_event(scenario, event, who, known, beliefs)
    return [seen_event(scenario, e, who, known, beliefs) for e in events[start:]]


def seen_arrivals(
    scenario: CompiledScenario,
    events: Sequence[Mapping[str, Any]],
    who: str,
    arrived: Sequence[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """The events `arrived`, the last ones of the record `events`, as `who` may see them
    (those it may not see left out), for a surface that announces them (solo play's
    notices and consequences): `seen_events` from where they begin in the record."""
    if not arrived:
        return []
    first = arrived[0]
    start = next(
        (i for i in range(len(events) - 1, -1, -1) if events[i] is first),
        len(events) - len(arrived),
    )
    shown = seen_events(scenario, events[: start + len(arrived)], who, start)
    return [event for event in shown if event is not None]


def redact_header(header: Mapping[str, Any], who: str) -> dict[str, Any]:
    """A journal header as an audience may see it: no seed (it would predict the dice),
    no path to the scenario file (it holds everything)."""
    out = dict(header)
    if who == FACILITATOR:
        return out
    out.pop("seed", None)
    scenario = out.get("scenario")
    if isinstance(scenario, dict):
        out["scenario"] = {k: v for k, v in scenario.items() if k != "path"}
    out["audience"] = who
    return out


# ------------------------------------------------------------------ the scenario


def public_model(scenario: CompiledScenario, who: str) -> Scenario:
    """The scenario as an audience may read it (the facilitator's: the scenario itself).

    Anyone else gets no facilitator notes, no critical tasks, no hidden track, no other
    team's private briefing, hidden objectives or move catalogue (a team's options are its
    own; the moves declared are in the events), no doctrine (nor the computer's answer
    doctrine and counter-offer of an offer), no inject list and no rules (the
    facilitator's script and machinery; what was delivered or fired is in the events),
    endings without their conditions, and every expression that names a hidden track
    replaced by "(hidden)" (a condition, a chance, a modifier's, whose label is then "a
    hidden factor") or left out (an effect: of an outcome, a cost, an offer's answer, a
    deception's being seen through, an ending).
    """
    eye = lens(scenario, who)
    model = scenario.model
    if eye.everything:
        return model
    hide = _Hider(eye)
    actors = [
        a.model_copy(
            update={
                "private_briefing": a.private_briefing if eye.own(a.id) else "",
                "objectives": [
                    o.model_copy(update={"score": hide.expr(o.score)})
                    for o in a.objectives
                    if o.visible or eye.own(a.id)
                ],
                "doctrine": [],
            }
        )
        for a in model.actors
    ]
    moves = [_public_move(m, hide) for m in model.moves if eye.own(m.actor)]
    endings = [
        e.model_copy(update={"when": None, "effects": hide.effects(e.effects)})
        for e in model.endings
    ]
    tracks: list[Track] = [t for t in model.tracks if t.id not in eye.hidden]
    freeform = model.freeform
    if freeform is not None:
        freeform = freeform.model_copy(
            update={
                "limits": {k: v for k, v in freeform.limits.items() if k not in eye.hidden},
                "adjudication": _public_adjudication(freeform.adjudication, hide),
            }
        )
    return model.model_copy(
        update={
            "scenario": model.scenario.model_copy(
                update={
                    "facilitator_notes": "",
                    # The objectives are public; what the evaluators watch for is not.
                    "objectives": [
                        o.model_copy(update={"critical_tasks": []})
                        for o in model.scenario.objectives
                    ],
                }
            ),
            "actors": actors,
            "tracks": tracks,
            "moves": moves,
            "injects": [],
            "rules": [],
            "endings": endings,
            "freeform": freeform,
        }
    )


@dataclass(frozen=True)
class _Hider:
    """What `public_model` does to the expressions of one audience's scenario."""

    eye: Lens

    def expr(self, text: str) -> str:
        """A condition or value: "(hidden)" if it names a hidden track."""
        return HIDDEN_TEXT if self.eye.names_hidden(text) else text

    def effects(self, texts: Iterable[str]) -> list[str]:
        """Effects without those that name a hidden track."""
        return [t for t in texts if not self.eye.names_hidden(t)]

    def result(self, result: Result) -> Result:
        return result.model_copy(update={"effects": self.effects(result.effects)})


def _public_adjudication(adjudication: Adjudication, hide: _Hider) -> Adjudication:
    """A modifier that reads a hidden track is "a hidden factor" (as on a roll) with its
    condition and value "(hidden)"; a chance that reads one is "(hidden)"."""
    return adjudication.model_copy(
        update={
            "modifiers": [
                m.model_copy(
                    update={
                        "label": HIDDEN_FACTOR
                        if hide.eye.names_hidden(f"{m.when} {m.value}")
                        else m.label,
                        "when": hide.expr(m.when),
                        "value": hide.expr(m.value) if isinstance(m.value, str) else m.value,
                    }
                )
                for m in adjudication.modifiers
            ],
            "chance": hide.expr(adjudication.chance)
            if isinstance(adjudication.chance, str)
            else adjudication.chance,
        }
    )


def _public_move(move: Move, hide: _Hider) -> Move:
    """A move of the team's own catalogue as it may read it: no expression that names a
    hidden track; its offer without the computer's answer doctrine and counter-offer
    (the addressees' doctrine, the facilitator's)."""
    offer = move.offer
    if offer is not None:
        offer = offer.model_copy(
            update={
                "accepted": hide.result(offer.accepted),
                "rejected": hide.result(offer.rejected),
                "countered": hide.result(offer.countered),
                "expired": hide.result(offer.expired),
                "counter_terms": "",
                "counter_effects": [],
                "answers": [],
            }
        )
    deception = move.deception
    if deception is not None:
        deception = deception.model_copy(
            update={
                "modifier": hide.expr(deception.modifier)
                if isinstance(deception.modifier, str)
                else deception.modifier,
                "seen": hide.result(deception.seen),
            }
        )
    return move.model_copy(
        update={
            "requires": hide.expr(move.requires),
            "adjudication": _public_adjudication(move.adjudication, hide),
            "outcomes": [
                o.model_copy(
                    update={
                        "effects": hide.effects(o.effects),
                        "when": None if o.when is None else hide.expr(o.when),
                    }
                )
                for o in move.outcomes
            ],
            "cost": hide.effects(move.cost),
            "repeat_cost": hide.effects(move.repeat_cost),
            "offer": offer,
            "deception": deception,
        }
    )


def public_scenario(scenario: CompiledScenario, who: str) -> CompiledScenario:
    """The compiled scenario a report for an audience is built from: `public_model`, its
    tracks, actors and turns; no injects, rules, doctrine, objectives to score (an
    audience's scores are those the ending recorded, as the audience may see them)."""
    if who == FACILITATOR:
        return scenario
    model = public_model(scenario, who)
    own = {m.id for m in model.moves}
    return dataclasses.replace(
        scenario,
        model=model,
        tracks={t.id: t for t in model.tracks},
        actors={a.id: a for a in model.actors},
        moves={m.id: scenario.moves[m.id] for m in model.moves},
        moves_by_actor={
            a: tuple(m for m in ms if m.id in own) for a, ms in scenario.moves_by_actor.items()
        },
        injects={},
        rules=(),
        endings=tuple(CompiledEnding(e, None) for e in model.endings),
        doctrine={},
        objectives={},
        exercise={o.id: o for o in model.scenario.objectives},
    )


# ------------------------------------------------------------------ the view model


@dataclass(frozen=True)
class TurnView:
    index: int
    """0-based."""
    number: int
    of: int
    """How many turns the calendar has."""
    id: str
    title: str
    date: str
    """ISO date."""
    place: str
    participants: tuple[str, ...]
    """The ids of the actors who act this turn."""
    briefing: str
    questions: tuple[str, ...] = ()
    """The turn's discussion questions for the room."""


@dataclass(frozen=True)
class ObjectiveView:
    id: str
    description: str
    weight: float
    visible: bool
    """False: a hidden agenda (only its team and the facilitator see it)."""


@dataclass(frozen=True)
class ActorView:
    id: str
    name: str
    side: str
    briefing: str
    private_briefing: str
    """Only in the actor's own team's view (and the facilitator's); else ""."""
    objectives: tuple[ObjectiveView, ...]
    played_by: str
    """"computer", "player" (solo play) or "team"."""


@dataclass(frozen=True)
class TrackView:
    id: str
    label: str
    type: str
    unit: str
    min: float | None
    max: float | None
    levels: tuple[str, ...]
    display: str
    value: Value
    text: str
    """The value as shown (`100,000 troops`, `yes`)."""
    history: tuple[Value, ...]
    """The value at the start, then at the end of each completed turn."""
    trend: int
    """+1 rising, -1 falling, 0 level, since the end of the last completed turn (or the
    start). Levels compare by their order."""


@dataclass(frozen=True)
class DeclarationView:
    seq: int
    actor: str
    actor_name: str
    label: str
    """The move's label, or "a sealed move" while it is hidden from this audience."""
    move: str | None
    sealed: bool
    secret: bool
    """True while this audience may not know what the sealed move is."""
    freeform: bool
    reasons_for: tuple[str, ...]
    reasons_against: tuple[str, ...]
    by: str
    reason: str
    """The computer's stated reason for its move (the scenario's doctrine `reason`, written
    to be shown beside the computer's choice); its weights stay the facilitator's."""
    outcome: str | None
    """The outcome's label once adjudicated, else None."""
    narrative: str
    changes: tuple[str, ...]
    """The visible changes it made, in words (`Tension 3→5`)."""
    roll: str
    """The roll in words, once rolled and visible."""


@dataclass(frozen=True)
class InjectView:
    seq: int
    turn: int
    """1-based."""
    inject: str | None
    title: str
    text: str
    kind: str
    private: bool
    recipients: tuple[str, ...]
    changes: tuple[str, ...]
    recipient_names: tuple[str, ...] = ()
    """The recipients by name, as the room knows them (`recipients` are their ids)."""


@dataclass(frozen=True)
class LogLine:
    seq: int
    turn: int
    """1-based."""
    kind: str
    text: str


@dataclass(frozen=True)
class MoveView:
    """A move of the team's own catalogue, as its seat offers it."""

    id: str
    label: str
    description: str
    available: bool
    why: str
    """Why it cannot be declared now ("" when it can); names no hidden track."""


@dataclass(frozen=True)
class OfferView:
    """An offer still waiting for an answer, as an audience may see it: public offers for
    everyone, a private one for its parties alone."""

    seq: int
    """Its offer_made event: the offer's id (what a seat's answer names)."""
    actor: str
    actor_name: str
    to: tuple[str, ...]
    to_names: tuple[str, ...]
    terms: str
    private: bool
    counter: bool
    """A counter-offer (an answer to an earlier offer, back to its maker)."""
    waiting: tuple[str, ...]
    """The addressees that have not answered yet."""
    answers: dict[str, str]
    """The answers given so far, by addressee (accept, reject, counter)."""
    opens: int
    """The first turn (1-based) it may be answered in."""
    closes: int
    """The last turn (1-based) it may be answered in; it expires when a later one starts."""
    closes_date: str
    """That turn's date (ISO), or ""."""
    open: bool
    """Whether it can be answered now."""
    yours: bool
    """Whether this audience's team is to answer it now (addressed to it, not answered
    yet, open): what its seat lets it answer."""
    why_not: str = ""
    """Why this audience's team, to which it is addressed and which has not answered it,
    cannot answer it now, in the engine's words (`it can be answered from turn 6`); empty
    when it can, or when it is not the team's to answer."""


@dataclass(frozen=True)
class TimerView:
    """The time given to the current phase (surfaces count down to `deadline`)."""

    seconds: int
    deadline: str
    """ISO 8601 UTC."""
    expired: bool
    """Whether its expiry was recorded (it decides nothing by itself)."""


@dataclass(frozen=True)
class EndingView:
    ending: str | None
    title: str
    summary: str
    reason: str
    """Why it ended, in words."""
    scores: dict[str, Any]


@dataclass(frozen=True)
class View:
    """What one audience may see of a session at one moment (JSON via `to_dict`)."""

    audience: str
    audience_name: str
    scenario_id: str
    title: str
    summary: str
    briefing: str
    facilitator_notes: str
    """Only in the facilitator's view; else ""."""
    phase: str
    phase_title: str
    turn: TurnView | None
    actors: tuple[ActorView, ...]
    tracks: tuple[TrackView, ...]
    declarations: tuple[DeclarationView, ...]
    """The moves declared this turn, in order."""
    injects: tuple[InjectView, ...]
    """Every inject delivered so far, in order."""
    log: tuple[LogLine, ...]
    moves: tuple[MoveView, ...]
    """A team's own catalogue (empty for the room and the facilitator)."""
    ended: EndingView | None
    seq: int
    """The seq of the last event this audience sees (the facilitator: the last recorded).
    Seats and projectors show it: a number that moved for a note or a peek at a sealed
    move, with nothing else shown, would tell the room that the facilitator did one."""
    timer: TimerView | None = None
    """The timer running for the current phase, or None."""
    offers: tuple[OfferView, ...] = ()
    """The offers waiting for an answer that this audience may know of, oldest first."""
    events: tuple[dict[str, Any], ...] = field(repr=False, default=())
    """The events as this audience may see them (what its exports are made from)."""
    scenario: CompiledScenario | None = field(repr=False, compare=False, default=None)
    """The scenario as this audience may see it (not part of `to_dict`)."""

    def to_dict(self, *, events: bool = True) -> dict[str, Any]:
        """The view as plain JSON data (`events`: with the redacted events)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            if f.name == "scenario" or (f.name == "events" and not events):
                continue
            out[f.name] = _plain(getattr(self, f.name))
        return out


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def view(
    scenario: CompiledScenario,
    events: Sequence[Mapping[str, Any]],
    who: str,
    *,
    header: Mapping[str, Any] | None = None,
) -> View:
    """What audience `who` may see of a session (scenario + events; the header tells who
    plays what). Every surface but the facilitator's console draws from this."""
    return ViewKeeper(scenario, who, header=header).extend(events)


class ViewKeeper:
    """One audience's view of a session that grows, kept up to date as events are
    appended: `extend(new)` gives the same View as `view` of all the events so far, at a
    cost that depends on the new events, not on the record's length (the projector polls
    a journal of 10,000 events four times a second).

    The appended events are redacted, replayed and described on their own, in the
    context of the record so far. An event that changes how earlier ones are seen makes
    it start again from the whole record, as `view` does: an undo or redo (what is in
    effect changes), the reveal of a move this audience saw sealed, a deceptive move's
    truth coming to this audience's team, an event of an action not in effect.
    """

    def __init__(
        self, scenario: CompiledScenario, who: str, *, header: Mapping[str, Any] | None = None
    ) -> None:
        self.scenario = scenario
        self.who = who
        self.settings: Mapping[str, Any] = (header or {}).get("settings") or {}
        self.eye = lens(scenario, who)
        if self.eye.team is not None and self.settings.get("player") == who:
            self.eye = dataclasses.replace(self.eye, notes=True)  # solo: the player's notes
        self.public = public_scenario(scenario, who)
        self.events: list[Mapping[str, Any]] = []
        """Every event so far, as recorded."""
        self._restart()
        self.view: View = self._view()
        """The view of the events so far."""

    def _restart(self, events: Sequence[Mapping[str, Any]] = ()) -> None:
        """Everything made again from the whole record, as `view` makes it."""
        scenario, eye = self.scenario, self.eye
        if eye.everything:
            self.seen = [dict(e) for e in events]
            self.known = _Known(set(), set(), {}, {})
        else:
            self.seen, self.known = _redaction(scenario, eye, events)
        self.truth = replay(scenario.initial_values(), events)
        self.state = (
            self.truth if eye.everything else replay(self.public.initial_values(), self.seen)
        )
        self.done = set(undo_stacks(events)[0])
        """The actions in effect."""
        self.words = Words(self.public, self.seen)
        self.secret_words = Words(self.public, self.seen, hide_sealed=True)
        self.log = [self._line(e) for e in self.seen]
        self.injects = [
            _inject_view(self.public, e) for e in self.seen if e["kind"] == "inject_delivered"
        ]
        self.declared = {e["seq"]: e for e in self.seen if e["kind"] == "move_declared"}

    def extend(self, new: Sequence[Mapping[str, Any]]) -> View:
        """The view once `new` (the events appended since the last call) is recorded."""
        if not new:
            return self.view
        start = len(self.events)
        self.events.extend(new)
        try:
            if not start or not all(self._append(event) for event in new):
                self._restart(self.events)  # (`all` stops at the first that cannot be added)
        except ValueError:  # not a valid history (ReplayError, UnknownEvent): as before it
            del self.events[start:]
            self._restart(self.events)
            raise
        self.view = self._view()
        return self.view

    def _append(self, event: Mapping[str, Any]) -> bool:
        """Add one event seen in the context of the record so far; False (nothing
        changed) when it changes how earlier events are seen, or may."""
        kind = event["kind"]
        if kind in ("undo", "redo"):
            return False
        action = event["action"]
        if action != event["seq"] and action not in self.done:
            return False
        eye, known = self.eye, self.known
        if not eye.everything and self._rewrites(event):
            return False
        reduce = REDUCERS.get(kind)
        if reduce is None:
            raise UnknownEvent(f"unknown event kind '{kind}'")
        if action == event["seq"]:
            self.done.add(action)
        if eye.everything:
            seen: dict[str, Any] | None = dict(event)
        else:
            self._learn(event)
            seen = _redact_event(self.scenario, eye, event, known)
        reduce(self.truth, event)
        self.truth.seq = event["seq"]
        if seen is None:
            return True
        self.seen.append(seen)
        if not eye.everything:
            REDUCERS[seen["kind"]](self.state, seen)
            self.state.seq = seen["seq"]
        self.log.append(self._line(seen))
        if seen["kind"] == "inject_delivered":
            self.injects.append(_inject_view(self.public, seen))
        elif seen["kind"] == "move_declared":
            self.declared[seen["seq"]] = seen
        return True

    def _rewrites(self, event: Mapping[str, Any]) -> bool:
        """Whether an event changes how this audience sees earlier ones."""
        kind, known = event["kind"], self.known
        declaration = event.get("declaration")
        if kind in ("move_revealed", "move_adjudicated") and declaration in known.secret:
            return True  # shown sealed so far: its declaration reads otherwise now
        if kind == "move_adjudicated" and event.get("deception"):
            return declaration not in known.faces  # deceptive from here: its roll is hidden
        if kind == "deception_seen" and declaration in known.faces:
            team = self.eye.team  # this team saw through it: it knows the truth of before
            return team in event["actors"] and team not in known.faces[declaration]
        return False

    def _learn(self, event: Mapping[str, Any]) -> None:
        """What `_Known` learns from one more event of the record (as `_talks`, `_faces`
        and `revealed_declarations` would of the record with it)."""
        known, kind = self.known, event["kind"]
        if kind in ("move_revealed", "move_adjudicated"):
            known.revealed.add(event["declaration"])
        if kind == "offer_made" and event.get("private"):
            known.talks[event["seq"]] = frozenset((event["actor"], *event["to"]))
        elif kind == "move_declared":
            if event.get("move"):
                known.moves[event["seq"]] = event["move"]
            move = self.scenario.moves.get(event.get("move") or "")
            if move is not None and move.deception is not None:
                known.faces[event["seq"]] = frozenset({event["actor"]})
        elif kind == "move_adjudicated" and event.get("deception"):
            known.faces.setdefault(event["declaration"], frozenset({event["actor"]}))
        elif kind == "deception_seen" and event["declaration"] in known.faces:
            declaration = event["declaration"]
            known.faces[declaration] = known.faces[declaration] | frozenset(event["actors"])

    def _line(self, event: Mapping[str, Any]) -> LogLine:
        words = self.secret_words if event.get("secret") else self.words
        return LogLine(
            event["seq"], int(event.get("turn", 0)) + 1, event["kind"], describe(event, words)
        )

    def _view(self) -> View:
        scenario, public, eye, state = self.scenario, self.public, self.eye, self.state
        meta = public.model.scenario
        return View(
            audience=self.who,
            audience_name=audience_name(scenario, self.who),
            scenario_id=meta.id,
            title=meta.title,
            summary=meta.summary,
            briefing=meta.briefing,
            facilitator_notes=meta.facilitator_notes if eye.everything else "",
            phase=state.phase,
            phase_title=wording.PHASE_TITLES.get(state.phase, state.phase),
            turn=_turn_view(scenario, state),
            actors=_actor_views(public, eye, self.settings),
            tracks=_track_views(public, state),
            declarations=_declaration_views(public, state, self.declared),
            injects=tuple(self.injects),
            log=tuple(self.log),
            moves=_move_views(scenario, self.truth, eye, self.known.beliefs.tracks()),
            ended=_ending_view(state),
            seq=_last_seq(self.events if eye.everything else self.seen),
            timer=_timer_view(state),
            offers=_offer_views(public, state, eye),
            events=tuple(self.seen),
            scenario=public,
        )


def _last_seq(events: Sequence[Mapping[str, Any]]) -> int:
    return int(events[-1]["seq"]) if events else 0


def _actor_name(scenario: CompiledScenario, actor: object) -> str:
    found = scenario.actors.get(actor) if isinstance(actor, str) else None
    return found.name if found else str(actor)


def _turn_view(scenario: CompiledScenario, state: State) -> TurnView | None:
    if not 0 <= state.turn < len(scenario.turns):
        return None
    model = scenario.turns[state.turn]
    return TurnView(
        index=state.turn,
        number=state.turn + 1,
        of=len(scenario.turns),
        id=model.id,
        title=model.title,
        date=model.date.isoformat(),
        place=model.place,
        participants=scenario.participants(state.turn),
        briefing=model.briefing,
        questions=tuple(model.questions),
    )


def _actor_views(
    public: CompiledScenario, eye: Lens, settings: Mapping[str, Any]
) -> tuple[ActorView, ...]:
    computer = set(settings.get("computer") or ())
    player = settings.get("player")
    out = []
    for actor in public.model.actors:
        played_by = (
            "player" if actor.id == player else "computer" if actor.id in computer else "team"
        )
        out.append(_actor_view(actor, eye, played_by))
    return tuple(out)


def _actor_view(actor: Actor, eye: Lens, played_by: str) -> ActorView:
    return ActorView(
        id=actor.id,
        name=actor.name,
        side=actor.side,
        briefing=actor.briefing,
        private_briefing=actor.private_briefing if eye.own(actor.id) else "",
        objectives=tuple(
            ObjectiveView(o.id, o.description, o.weight, o.visible)
            for o in actor.objectives
            if o.visible or eye.own(actor.id)
        ),
        played_by=played_by,
    )


def _track_views(public: CompiledScenario, state: State) -> tuple[TrackView, ...]:
    initial = public.initial_values()
    out = []
    for track in public.model.tracks:
        value = state.values.get(track.id, initial.get(track.id))
        assert value is not None
        history = (initial[track.id], *(h[track.id] for h in state.history if track.id in h))
        out.append(
            TrackView(
                id=track.id,
                label=track.label,
                type=track.type,
                unit=track.unit,
                min=track.min,
                max=track.max,
                levels=tuple(track.levels),
                display=track.display,
                value=value,
                text=wording.format_value(track, value, unit=True),
                history=history,
                trend=_trend(track, history[-1], value),
            )
        )
    return tuple(out)


def _trend(track: Track, before: Value, now: Value) -> int:
    a: float
    b: float
    if track.type == "level":
        levels = list(track.levels)
        a = levels.index(before) if before in levels else 0
        b = levels.index(now) if now in levels else 0
    else:
        a, b = float(before), float(now)  # flags: False 0, True 1
    return (b > a) - (b < a)


def _declaration_views(
    public: CompiledScenario, state: State, by_seq: Mapping[int, Mapping[str, Any]]
) -> tuple[DeclarationView, ...]:
    """The turn's declarations (`by_seq`: the move_declared events as seen, by seq)."""
    out = []
    for declaration in state.declarations:
        event = by_seq.get(declaration.seq, {})
        secret = bool(event.get("secret"))
        adjudication = declaration.adjudication
        roll = declaration.roll
        out.append(
            DeclarationView(
                seq=declaration.seq,
                actor=declaration.actor,
                actor_name=_actor_name(public, declaration.actor),
                label=declaration.label,
                move=declaration.move,
                sealed=declaration.sealed,
                secret=secret,
                freeform=declaration.freeform is not None,
                reasons_for=tuple(declaration.reasons_for),
                reasons_against=tuple(declaration.reasons_against),
                by=declaration.by,
                reason=declaration.reason,
                outcome=str(adjudication.get("label") or adjudication.get("outcome"))
                if adjudication
                else None,
                narrative=str(adjudication.get("narrative") or "") if adjudication else "",
                changes=_change_texts(public, adjudication.get("effects") if adjudication else ()),
                roll=wording.describe_roll(roll) if roll else "",
            )
        )
    return tuple(out)


def _change_texts(public: CompiledScenario, changes: Any) -> tuple[str, ...]:
    out = []
    for change in changes or ():
        text = wording.format_changes(public, [change])
        if text:
            out.append(text)
    return tuple(out)


def _inject_view(public: CompiledScenario, event: Mapping[str, Any]) -> InjectView:
    """A delivered inject (its inject_delivered event as seen)."""
    inject = event.get("inject")
    return InjectView(
        seq=event["seq"],
        turn=int(event.get("turn", 0)) + 1,
        inject=inject,
        title=str(event.get("title", "")),
        text=str(event.get("text", "") or ""),
        kind="ad hoc" if not inject else "",
        private=bool(event.get("private")),
        recipients=tuple(event.get("recipients") or ()),
        changes=_change_texts(public, event.get("effects")),
        recipient_names=tuple(_actor_name(public, a) for a in event.get("recipients") or ()),
    )


def _move_views(
    scenario: CompiledScenario, truth: State, eye: Lens, believed: frozenset[str]
) -> tuple[MoveView, ...]:
    """The team's own moves, available or not by the true state (as the session would
    refuse them), with reasons that name no hidden track and no track the team believes
    elsewhere (`believed`)."""
    if eye.team is None:
        return ()
    out = []
    for option in move_options(scenario, truth, eye.team):
        model = option.move.model
        why = why_for(eye, option, believed)
        out.append(MoveView(model.id, model.label, model.description, option.available, why))
    return tuple(out)


HELD_BACK = "its conditions do not hold now"
"""Why a move cannot be taken, to an audience that may not see what its condition names."""


def why_for(eye: Lens, option: MoveOption, believed: frozenset[str] = frozenset()) -> str:
    """Why a move cannot be declared now, in words the audience may read: a precondition
    that names a hidden track is HELD_BACK (its words would name the track's label and
    where its value stands), and so is one that names a track the team believes stands
    elsewhere (`believed`, `Beliefs.tracks`: "needs Tension less than 5" beside a board
    that shows 3 would tell it of a deception's hidden truth)."""
    why = option.why
    if (
        option.refusal is not None
        and option.refusal.error is errors.PreconditionFailed
        and (
            eye.names_hidden(option.move.requires.text)
            or eye.names_hidden(why)
            or why.endswith(HIDDEN_TEXT)
            or names_any(option.move.requires.text, believed)
        )
    ):
        return HELD_BACK
    return why


def names_any(text: object, tracks: frozenset[str]) -> bool:
    """Whether an expression names any of `tracks` (a text reads its names as the
    `Lens` does: `Lens.names_hidden` is this for the hidden tracks)."""
    return bool(tracks) and any(word in tracks for word in _WORD.findall(str(text)))


def believed_tracks(
    scenario: CompiledScenario, events: Sequence[Mapping[str, Any]], who: str
) -> frozenset[str]:
    """The tracks `who` believes stand elsewhere than they do (`Beliefs.tracks`), from the
    record: for a refusal's words outside a view (a seat's move handed in)."""
    eye = lens(scenario, who)
    if eye.everything:
        return frozenset()
    return _redaction(scenario, eye, events)[1].beliefs.tracks()


def _offer_views(public: CompiledScenario, state: State, eye: Lens) -> tuple[OfferView, ...]:
    """The offers still waiting for an answer, from the audience's own state (replayed from
    the events it may see, so a private offer it is no party to is not there to show)."""
    if state.over:
        return ()
    out = []
    for offer in state.pending_offers():
        if offer.closes < state.turn:
            continue  # its expiry is recorded when the next turn starts
        if offer.private and not (eye.everything or eye.team in (offer.actor, *offer.to)):
            continue  # (not in a participant's state at all; a second lock)
        closes = offer.closes
        date = public.turns[closes].date.isoformat() if 0 <= closes < len(public.turns) else ""
        team = eye.team
        refusal = offer_refusal(state, offer, team) if team is not None else None
        waits = team is not None and team in offer.to and team not in offer.answers
        out.append(
            OfferView(
                seq=offer.seq,
                actor=offer.actor,
                actor_name=_actor_name(public, offer.actor),
                to=tuple(offer.to),
                to_names=tuple(_actor_name(public, a) for a in offer.to),
                terms=offer.terms,
                private=offer.private,
                counter=offer.counter_of is not None,
                waiting=offer.waiting(),
                answers={a: v for a, v in offer.answers.items() if v != "expired"},
                opens=offer.opens + 1,
                closes=closes + 1,
                closes_date=date,
                open=offer.opens <= state.turn <= closes,
                yours=team is not None and refusal is None,
                why_not=refusal.why if refusal is not None and waits else "",
            )
        )
    return tuple(out)


def _timer_view(state: State) -> TimerView | None:
    timer = state.timer
    if timer is None:
        return None
    return TimerView(int(timer["seconds"]), str(timer["deadline"]), bool(timer.get("expired")))


def _ending_view(state: State) -> EndingView | None:
    ended = state.ended
    if ended is None:
        return None
    return EndingView(
        ending=ended.get("ending"),
        title=str(ended.get("title", "")),
        summary=str(ended.get("summary", "") or ""),
        reason=wording.ENDING_REASONS.get(str(ended.get("reason", "")), ""),
        scores=dict(ended.get("scores") or {}),
    )
