"""The rules a journal's events must follow together, which no one event shows alone.

Each event is checked on its own first (`events.event_problem`: fields, types, names).
A journal can still pass that and break the rules of play: a hand-edited or forged line
whose hash chain was recomputed, or a buggy writer. Replaying it would show a state the
engine can never reach (two adjudications of one move, a track past its range, turn 3
after turn 1), and resuming would go on from it. So the events in effect (undone actions
left out, as replay does) are walked once, with only what the rules need, and the first
that breaks one is named with what is wrong.

The rules are the engine's own (`engine.options`, `engine.session_*`): a turn follows the
one before it, every event is stamped with the turn and phase it happened in, a move is
declared by its own actor in the declaration phase of a turn it takes part in, once a
turn and within its limit, and adjudicated once, in the adjudication phase of that
turn, by an outcome it has; a number track stays within its range; after the end only
notes and the evaluation are recorded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tabletop.scenario.compiled import CompiledScenario

__all__ = ["order_problem"]

Raw = Mapping[str, Any]

_PLAY = frozenset(
    (
        "turn_started",
        "phase_changed",
        "inject_delivered",
        "move_declared",
        "argument_added",
        "reasons_graded",
        "dice_rolled",
        "move_adjudicated",
        "move_withdrawn",
        "move_revealed",
        "rule_fired",
        "session_ended",
    )
)
"""The kinds that are play: none of them can follow the end (undo the end first)."""

_CHANGING = frozenset(
    (
        "inject_delivered",
        "move_adjudicated",
        "rule_fired",
        "offer_answered",
        "offer_countered",
        "offer_expired",
        "deception_seen",
        "session_ended",
    )
)
"""The kinds whose events change tracks."""

_DECIDING = frozenset(("move_adjudicated", "dice_rolled", "move_withdrawn"))
"""The kinds that decide (or take back) a declaration."""

_CHANGES = ("effects", "cost")
"""The fields of an event that hold track changes, `[track, before, after]`."""

_FREEFORM = ("success", "failure")
"""The outcomes of a free-form move."""


class _Declared:
    __slots__ = ("actor", "adjudicated", "move", "rolled", "turn", "withdrawn")

    def __init__(self, actor: str, move: str | None, turn: int) -> None:
        self.actor = actor
        self.move = move
        self.turn = turn
        self.rolled = False
        self.adjudicated = False
        self.withdrawn = False


def order_problem(
    events: Sequence[Raw], done: Sequence[int], scenario: CompiledScenario
) -> tuple[int, str] | None:
    """The first event in effect that breaks a rule of play, as (seq, what is wrong).

    `done` is the actions in effect (`replay.undo_stacks`); every event's fields have
    been checked already.
    """
    keep = set(done)
    moves = scenario.moves
    ranges = {
        track.id: (track.min, track.max)
        for track in scenario.tracks.values()
        if track.type == "number" and (track.min is not None or track.max is not None)
    }
    turn = -1
    phase = "setup"  # before the first turn
    ended = False
    declared: dict[int, _Declared] = {}
    this_turn: set[tuple[str, str]] = set()
    uses: dict[str, int] = {}
    for event in events:
        kind = event["kind"]
        if kind == "undo" or kind == "redo" or event["action"] not in keep:
            continue
        seq = event["seq"]
        if ended and kind in _PLAY:
            return seq, f"{kind} after the session ended (undo the ending to go on playing)"
        if kind == "turn_started":
            if event["turn"] != turn + 1:
                before = "before the first turn" if turn < 0 else f"after turn {turn}"
                return seq, (
                    f"turn_started: turn {event['turn']} {before}: "
                    "the turns of the calendar follow one another"
                )
            turn, phase = event["turn"], "briefing"
            this_turn = set()
        elif kind == "phase_changed":
            phase = event["phase"]
        elif kind == "session_ended":
            ended, phase = True, "ended"
        if event["turn"] != turn:
            return seq, f"{kind}: turn: {event['turn']}, but the session is in turn {turn}"
        if event["phase"] != phase:
            return seq, f"{kind}: phase: {event['phase']!r}, but the phase is {phase!r}"
        problem: str | None = None
        if kind == "move_declared":
            problem = _declare(event, phase, turn, scenario, this_turn, uses)
            if problem is None:
                declared[seq] = _Declared(event["actor"], event["move"], turn)
        elif kind in _DECIDING:
            problem = _decide(event, kind, phase, turn, declared, moves, uses, this_turn)
        if problem is None and ranges and kind in _CHANGING:
            problem = _out_of_range(event, ranges)
        if problem is not None:
            return seq, f"{kind}: {problem}"
    return None


def _declare(
    event: Raw,
    phase: str,
    turn: int,
    scenario: CompiledScenario,
    this_turn: set[tuple[str, str]],
    uses: dict[str, int],
) -> str | None:
    actor, move_id = event["actor"], event["move"]
    if phase != "declaration":
        return f"declared in the {phase} phase; moves are declared in the declaration phase"
    if not scenario.takes_part(turn, actor):
        return f"actor: {actor!r} takes no part in turn {turn}"
    if move_id is None:
        return None
    move = scenario.moves[move_id]
    if move.model.actor != actor:
        return f"move: {move_id!r} is a move of {move.model.actor!r}, not of {actor!r}"
    if (actor, move_id) in this_turn:
        return f"move: {actor!r} declared {move_id!r} already this turn"
    limit = move.model.limit
    if limit is not None and uses.get(move_id, 0) >= limit:
        return f"move: {move_id!r} was taken {uses.get(move_id, 0)} times, its limit"
    this_turn.add((actor, move_id))
    uses[move_id] = uses.get(move_id, 0) + 1
    return None


def _decide(
    event: Raw,
    kind: str,
    phase: str,
    turn: int,
    declared: dict[int, _Declared],
    moves: Mapping[str, Any],
    uses: dict[str, int],
    this_turn: set[tuple[str, str]],
) -> str | None:
    seq = event["declaration"]
    found = declared.get(seq)
    if found is None:  # declared, then undone
        return f"declaration: {seq} is not a move declared and in effect"
    if found.turn != turn:
        return f"declaration: {seq} was declared in turn {found.turn}, not in this turn"
    if found.withdrawn:
        return f"declaration: {seq} was withdrawn"
    if found.adjudicated:
        return f"declaration: {seq} has been adjudicated already"
    if kind == "move_withdrawn":
        if found.rolled:
            return f"declaration: {seq} has been rolled for already"
        found.withdrawn = True
        if found.move is not None:
            uses[found.move] -= 1
            this_turn.discard((found.actor, found.move))
        return None
    if phase != "adjudication":
        return f"in the {phase} phase; moves are decided in the adjudication phase"
    if kind == "dice_rolled":
        if found.rolled:
            return f"declaration: {seq} has been rolled for already"
        found.rolled = True
        return None
    if event["actor"] != found.actor:
        return f"actor: {event['actor']!r}, but declaration {seq} is {found.actor!r}'s"
    if event["move"] != found.move:
        return f"move: {event['move']!r}, but declaration {seq} is of {found.move!r}"
    outcome = event["outcome"]
    if found.move is None:
        known: Sequence[str] = _FREEFORM
    else:
        known = [o.model.id for o in moves[found.move].outcomes]
    if outcome not in known:
        return f"outcome: {outcome!r} is not an outcome of the move ({', '.join(known)})"
    found.adjudicated = True
    return None


Ranges = Mapping[str, tuple[float | None, float | None]]


def _out_of_range(event: Raw, ranges: Ranges) -> str | None:
    for field in _CHANGES:
        changes = event.get(field)
        if not changes:
            continue
        for i, (track, _before, after) in enumerate(changes):
            bounds = ranges.get(track)
            if bounds is None:
                continue
            low, high = bounds
            if (low is not None and after < low) or (high is not None and after > high):
                shown = (
                    f"{low:g} to {high:g}"
                    if low is not None and high is not None
                    else (f"at least {low:g}" if low is not None else f"at most {high:g}")
                )
                return f"{field}[{i}]: {track} {after!r} is outside its range ({shown})"
    return None
