"""What the screens show, worked out from the session: plain text, no Textual.

Every function here is read-only over the session, its state and its events, so the
screens stay thin and these are tested (and timed) without running an app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tabletop.engine import wording
from tabletop.engine.events import GROUPS, KINDS, Words, describe
from tabletop.engine.events import KIND_GROUPS as KIND_GROUPS
from tabletop.engine.expr_words import actor_maximum, effects_words, objective_maximum
from tabletop.engine.flow import flow
from tabletop.engine.wording import PHASE_TITLES as PHASE_TITLES
from tabletop.engine.wording import describe_roll as describe_roll
from tabletop.engine.wording import ended_because, score_text, weight_text
from tabletop.engine.wording import format_changes as format_changes
from tabletop.engine.wording import format_number as format_number
from tabletop.engine.wording import format_value as format_value
from tabletop.engine.wording import one_line as one_line
from tabletop.engine.wording import plural as plural
from tabletop.engine.wording import quoted as quoted
from tabletop.engine.wording import reasons_words as reasons_words
from tabletop.tui.files import relative_time as relative_time

if TYPE_CHECKING:
    from tabletop.engine.events import Event
    from tabletop.engine.state import Declaration, State
    from tabletop.scenario.compiled import CompiledMove, CompiledScenario
    from tabletop.scenario.models import Track


PHASE_HINTS = {
    "briefing": "Brief the room; n opens declarations.",
    "declaration": "d declares each team's moves; then n.",
    "adjudication": "a adjudicates the next move; then n.",
    "consequences": "Read out the consequences; n starts the next turn.",
    "ended": "The session has ended: o shows the outcome, u undoes the ending.",
}

SOLO_PHASE_HINTS = {
    **PHASE_HINTS,
    "briefing": "Read the turn's briefing and its injects; n opens declarations.",
    "consequences": "Read the consequences; n starts the next turn.",
}
"""The hints in solo play: one player at the keyboard, no room to brief or read out to."""

ACTOR_COLOURS = (
    "#e43f44",
    "#3081c4",
    "#a57406",
    "#298d5d",
    "#9c64cd",
    "#0f8c7e",
    "#d6409f",
    "#8d7a5e",
)
"""Colours for actors, one per side, as markers beside their names: each at least 3:1
(WCAG's UI parts) on the backgrounds of every offered theme, dark and light
(`tests/tui/test_themes.py`). Names themselves are drawn in the text colour."""

KIND_GROUP_TITLES = GROUPS
"""The event log's kind filter groups, with their titles (declared with the kinds)."""

KIND_TO_GROUP = {kind.name: kind.group for kind in KINDS.values()}

SPARK_BLOCKS = "▁▂▃▄▅▆▇█"


# ---------------------------------------------------------------- text


def reflow(text: str) -> str:
    """Join the hard-wrapped lines of each paragraph, so the terminal wraps them to fit.

    The rule is `tabletop.engine.flow.flow` (shared with the reports): blank lines part
    paragraphs; list items and lines indented past their paragraph start a line (keeping
    their indent), and the lines indented deeper under one join it.
    """
    return "\n\n".join("\n".join(lines) for lines in flow(text))


# ---------------------------------------------------------------- values


def format_delta(track: Track, before: Any, after: Any) -> str:
    """The change of a track as shown beside it: +2, −10,000, low→high, or empty."""
    if before == after or before is None:
        return ""
    if (
        track.type == "number"
        and isinstance(after, int | float)
        and isinstance(before, int | float)
    ):
        diff = after - before
        sign = "+" if diff > 0 else "−"
        return f"{sign}{format_number(abs(diff))}"
    return f"{format_value(track, before)}→{format_value(track, after)}"


def fraction(track: Track, value: Any) -> float | None:
    """Where a value sits in its track's range, 0..1 (None when it has no range)."""
    if track.type == "flag":
        return 1.0 if value is True else 0.0
    if track.type == "level":
        levels = track.levels
        if value in levels and len(levels) > 1:
            return levels.index(value) / (len(levels) - 1)
        return None
    if track.min is None or track.max is None or track.max <= track.min:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return min(1.0, max(0.0, (value - track.min) / (track.max - track.min)))


def bar(frac: float | None, width: int) -> str:
    """A horizontal bar of `width` cells filled to `frac`, in eighths."""
    if width <= 0:
        return ""
    if frac is None:
        return " " * width
    eighths = round(frac * width * 8)
    full, part = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[part] if part else ""
    text = "█" * full + partial
    return text + "░" * (width - len(text))


def sparkline(track: Track, values: Sequence[Any], width: int) -> str:
    """The track's history as block characters, scaled to its range; the latest at the right."""
    if width <= 0 or not values:
        return ""
    values = list(values)[-width:]
    out = []
    for value in values:
        frac = fraction(track, value)
        if frac is None:
            numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
            low, high = (min(numbers), max(numbers)) if numbers else (0, 0)
            if high > low and isinstance(value, int | float):
                frac = (value - low) / (high - low)
            else:
                frac = 0.5
        out.append(SPARK_BLOCKS[min(7, int(frac * 7.999))])
    return "".join(out)


@dataclass(frozen=True)
class TrackView:
    """One row of the state board."""

    track: Track
    value: Any
    text: str
    frac: float | None
    delta: str
    history: tuple[Any, ...]


def track_views(
    scenario: CompiledScenario, state: State, *, show_hidden: bool = True
) -> list[TrackView]:
    """Every track with its value, place in its range, change since last turn and history.

    `show_hidden=False` leaves out the tracks participants may not see (solo play).
    """
    turn = max(state.turn, 0)
    # history[t] holds the values at the end of turn t; the baseline is the turn before.
    if 0 < turn <= len(state.history):
        baseline = state.history[turn - 1]
    else:
        baseline = scenario.initial_values()
    views = []
    for track in scenario.model.tracks:
        if not track.visible and not show_hidden:
            continue
        value = state.values.get(track.id)
        history = tuple(h.get(track.id) for h in state.history)
        if not state.over:
            history = (*history, value)
        elif not history:
            history = (value,)
        views.append(
            TrackView(
                track=track,
                value=value,
                text=format_value(track, value),
                frac=_bar_fraction(track, value),
                delta=format_delta(track, baseline.get(track.id), value),
                history=history,
            )
        )
    return views


def _bar_fraction(track: Track, value: Any) -> float | None:
    """Numbers shown as bars and levels get a bar; flags and plain numbers do not."""
    if track.type == "flag" or (track.type == "number" and track.display != "bar"):
        return None
    return fraction(track, value)


# ---------------------------------------------------------------- turns and actors


def turn_heading(scenario: CompiledScenario, turn: int) -> str:
    """`Turn 2 of 9 · 2021-12-31 · Mixed signals from Moscow`."""
    turns = scenario.turns
    if not 0 <= turn < len(turns):
        return f"Turn {turn + 1}"
    model = turns[turn]
    return f"Turn {turn + 1} of {len(turns)} · {model.date.isoformat()} · {model.title}"


@dataclass(frozen=True)
class ActorView:
    """One line of the actors panel: who the actor is and where they are this turn."""

    id: str
    name: str
    side: str
    colour: str
    playing: bool
    """Whether the actor takes part in the current turn."""
    status: str
    """to declare, declared, adjudicated, no move, not this turn."""
    detail: str
    """The moves this turn, as the facilitator may see them now."""
    controller: str
    """"computer", "player" (solo), or "" (the facilitator records for a team)."""


def actor_colours(scenario: CompiledScenario) -> dict[str, str]:
    """A colour per actor: actors on one side share it (the scenario format says so)."""
    by_side: dict[str, str] = {}
    colours: dict[str, str] = {}
    for actor in scenario.model.actors:
        key = actor.side or f"\0{actor.id}"
        if key not in by_side:
            by_side[key] = ACTOR_COLOURS[len(by_side) % len(ACTOR_COLOURS)]
        colours[actor.id] = by_side[key]
    return colours


def hides_sealed(state: State, turn: int) -> bool:
    """Whether a sealed move declared in `turn` still hides its label."""
    return not state.over and state.turn == turn and state.phase in ("briefing", "declaration")


def declaration_label(declaration: Declaration, state: State) -> str:
    """The move's label, or `sealed` while sealed moves stay hidden."""
    if declaration.sealed and hides_sealed(state, state.turn):
        return "sealed"
    label = wording.printable(declaration.label)  # a journal's text, as in the log
    if declaration.sealed:
        label += " (sealed)"
    return label


def actor_views(
    scenario: CompiledScenario,
    state: State,
    *,
    computer: Iterable[str] = (),
    player: str | None = None,
) -> list[ActorView]:
    """The actors panel: each actor's state this turn."""
    colours = actor_colours(scenario)
    computer = set(computer)
    participants = (
        set(scenario.participants(state.turn)) if 0 <= state.turn < len(scenario.turns) else set()
    )
    views = []
    for actor in scenario.model.actors:
        declarations = [d for d in state.declarations if d.actor == actor.id]
        playing = actor.id in participants and not state.over
        if state.over:
            status = "ended"
        elif not playing:
            status = "not this turn"
        elif not declarations:
            status = "to declare" if state.phase in ("briefing", "declaration") else "no move"
        elif any(d.pending for d in declarations):
            status = "declared" if state.phase != "adjudication" else "to adjudicate"
        else:
            status = "adjudicated"
        parts = []
        for d in declarations:
            label = declaration_label(d, state)
            if d.adjudication is not None:
                label += f" → {d.adjudication.get('label', d.adjudication.get('outcome', ''))}"
            parts.append(label)
        controller = (
            "computer" if actor.id in computer else ("player" if actor.id == player else "")
        )
        views.append(
            ActorView(
                id=actor.id,
                name=actor.name,
                side=actor.side,
                colour=colours[actor.id],
                playing=playing,
                status=status,
                detail="; ".join(parts),
                controller=controller,
            )
        )
    return views


# ---------------------------------------------------------------- moves


def method_text(move: CompiledMove | None, words: Callable[[str], str] = wording.printable) -> str:
    """How a move is decided, in words; `words` turns a chance's expression into words
    (`expr_words.value_words` for the scenario, as the dialog may show it)."""
    if move is None:
        return "facilitator's choice (free-form move)"
    adj = move.model.adjudication
    if adj.method == "dice":
        return f"dice: {adj.dice} against {adj.target}"
    if adj.method == "probability":
        chance = adj.chance
        if isinstance(chance, int | float):
            return f"probability: {chance:.0%}"
        return f"probability: {words(str(chance))}"
    if adj.method == "argument":
        return f"argued: {adj.dice} against {adj.target or 7}, strong reasons count"
    if adj.method == "auto":
        return "automatic: the first outcome whose condition holds"
    return "facilitator's choice"


# ---------------------------------------------------------------- events


def actor_name(scenario: CompiledScenario, actor: str | None) -> str:
    if actor is None:
        return ""
    model = scenario.actors.get(actor)
    return model.name if model else actor


def event_actor(event: Event, declarations: Mapping[int, str] | None = None) -> str | None:
    """The actor an event is about, if any (dice rolls by their declaration)."""
    actor = event.get("actor")
    if actor:
        return str(actor)
    if event["kind"] == "dice_rolled" and declarations is not None:
        return declarations.get(event.get("declaration", -1))
    return None


def describe_event(
    scenario: CompiledScenario,
    event: Event,
    *,
    hide_sealed: bool = False,
    events: Sequence[Event] = (),
    brief: bool = False,
    show_hidden: bool = True,
) -> str:
    """One line for the event log (`brief`: an inject's title without its text;
    `show_hidden=False`: no changes to tracks participants may not see).

    The words are the event kind's own (`tabletop.engine.events`)."""
    words = Words(scenario, events, hide_sealed=hide_sealed, brief=brief, show_hidden=show_hidden)
    return describe(event, words)


def describe_detail(
    scenario: CompiledScenario,
    event: Event,
    *,
    hide_sealed: bool = False,
    events: Sequence[Event] = (),
    show_hidden: bool = True,
) -> list[str]:
    """Every detail of an event, one paragraph per item, for the detail pane."""
    lines = [
        describe_event(
            scenario, event, hide_sealed=hide_sealed, events=events, show_hidden=show_hidden
        )
    ]
    if event["kind"] == "move_declared" and not (event.get("sealed") and hide_sealed):
        freeform = event.get("freeform") or {}
        if freeform.get("narrative"):
            lines.append(f"Narrative: {freeform['narrative']}")
        if freeform.get("effects"):
            lines.append(f"Effects on success: {effects_words(scenario, freeform['effects'])}")
        for reason in event.get("reasons_for") or ():
            lines.append(f"For: {reason}")
        for reason in event.get("reasons_against") or ():
            lines.append(f"Against: {reason}")
    elif event["kind"] == "move_adjudicated":
        natural = event.get("natural")
        if natural and natural != event["outcome"]:
            method = wording.method_name(event["method"])
            gave = wording.outcome_label(scenario, event.get("move"), natural)
            lines.append(f"The {method} result was “{gave}”")
        if event.get("narrative"):
            lines.append(reflow(event.get("narrative", "")))
    elif event["kind"] == "rule_fired" and event.get("narrative"):
        lines.append(reflow(event.get("narrative", "")))
    elif event["kind"] == "session_ended":
        if event.get("note"):
            lines.append(f"Note: {event.get('note')}")
        lines.append(ended_because(event.get("reason", "")))
    lines.append(f"#{event['seq']} · turn {event['turn'] + 1} · {event['phase']}")
    return [wording.printable(line) for line in lines]  # a journal's texts are a stranger's


def scores_rows(
    scenario: CompiledScenario, scores: Mapping[str, Mapping[str, Any]]
) -> list[tuple[str, str, str, str]]:
    """(actor, objective, weight, score) rows for the end screen, with a total per actor:
    each score weighted, with one decimal, out of the most it could be (`0.6 / 2`, the
    total `4.3 / 10`)."""
    rows: list[tuple[str, str, str, str]] = []
    for actor_id, score in scores.items():
        name = actor_name(scenario, actor_id)
        objectives = {o.id: o for o in scenario.objectives.get(actor_id, ())}
        for objective_id, value in (score.get("objectives") or {}).items():
            objective = objectives.get(objective_id)
            description = objective.description if objective else objective_id
            weight = objective.weight if objective else 1.0
            most = objective_maximum(scenario, actor_id, objective_id)
            rows.append((name, description, weight_text(weight), score_text(value * weight, most)))
        if "total" in score:
            total = score_text(score["total"], actor_maximum(scenario, actor_id))
        else:  # it counts a score withheld from this audience (engine.audience)
            total = wording.WITHHELD
        rows.append((name, "Total", "", total))
    return rows


def timeline(
    scenario: CompiledScenario,
    events: Sequence[Event],
    in_effect: Callable[[Event], bool],
    *,
    show_hidden: bool = True,
) -> list[tuple[str, list[str]]]:
    """Turn by turn: the injects, moves with their outcomes, rules and notes that count."""
    out: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    for event in events:
        if not in_effect(event):
            continue
        kind = event["kind"]
        if kind == "turn_started":
            current = []
            out.append((turn_heading(scenario, event["turn"]), current))
            continue
        if current is None or kind in ("phase_changed", "dice_rolled", "undo", "redo"):
            continue
        if kind == "move_declared":
            continue  # shown with its adjudication
        current.append(
            describe_event(scenario, event, events=events, brief=True, show_hidden=show_hidden)
        )
    return out


def actions_in_effect(events: Sequence[Event]) -> set[int]:
    """The actions (seq of their first event) not undone, from the whole event list."""
    from tabletop.engine.replay import undo_stacks

    done, _ = undo_stacks(events)
    return set(done)


def is_undone(event: Event, in_effect: set[int]) -> bool:
    """Whether the event belongs to an action that is undone now."""
    return event["kind"] not in ("undo", "redo") and event["action"] not in in_effect
