"""A scenario changed for a simulation: moves banned, tracks started elsewhere, answers
to an offer forced.

`simulate --ban MOVE --set TRACK=VALUE --answer MOVE[:ACTOR]=ANSWER` asks "what if this
move did not exist?", "what if the crisis started here?" and "what if Washington had
accepted?". A variant is the compiled scenario with the banned moves taken out of their
actors' catalogues (so no draw can pick them and no team can declare them), the named
tracks starting at the given values, and the computer's answer doctrine for the forced
offers replaced by the one answer (for the first offer of that move, by that addressee or
by all of them). Everything else (expressions, rules, endings, the sha256 of the file) is
shared with the scenario it came from, and so are the engine's tables for it once they are
built (`engine.tables.derive`): only the tables of what the variant changed are built again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from tabletop.engine.tables import derive
from tabletop.scenario.compiled import CompiledAnswer, CompiledMove, CompiledScenario, Value
from tabletop.scenario.expressions import compile_condition


class VariantError(ValueError):
    """A ban or start value that does not fit the scenario; the message is ready to print."""


@dataclasses.dataclass(frozen=True)
class Variant:
    """What changes: banned move ids (sorted) and start values (track, value) in file order."""

    bans: tuple[str, ...] = ()
    starts: tuple[tuple[str, Value], ...] = ()
    answers: tuple[tuple[str, str, str], ...] = ()
    """Forced answers (move, addressee or "" for every addressee, answer), sorted."""

    def __bool__(self) -> bool:
        return bool(self.bans or self.starts or self.answers)

    def with_ban(self, move: str) -> Variant:
        return Variant(tuple(sorted({*self.bans, move})), self.starts, self.answers)

    def describe(self) -> dict[str, object]:
        """The variant as the JSON report shows it (`answer` only when some is forced)."""
        out: dict[str, object] = {"ban": list(self.bans), "set": dict(self.starts)}
        if self.answers:
            out["answer"] = {
                f"{move}:{actor}" if actor else move: answer for move, actor, answer in self.answers
            }
        return out


NO_VARIANT = Variant()
"""The scenario as written."""


def parse_variant(
    scenario: CompiledScenario,
    bans: Iterable[str],
    settings: Iterable[str],
    answers: Iterable[str] = (),
) -> Variant:
    """Check `--ban MOVE`, `--set TRACK=VALUE` and `--answer MOVE[:ACTOR]=ANSWER` against the
    scenario; VariantError if wrong."""
    banned: set[str] = set()
    for move in bans:
        if move not in scenario.moves:
            raise VariantError(
                f"--ban {move}: there is no move '{move}'{_close(move, scenario.moves)}"
            )
        banned.add(move)
    starts: dict[str, Value] = {}
    for setting in settings:
        track_id, sep, text = setting.partition("=")
        track_id, text = track_id.strip(), text.strip()
        if not sep or not track_id or not text:
            raise VariantError(f"--set {setting}: write TRACK=VALUE, e.g. tension=5")
        if track_id not in scenario.tracks:
            close = _close(track_id, scenario.tracks)
            raise VariantError(f"--set {setting}: there is no track '{track_id}'{close}")
        starts[track_id] = _value(scenario, track_id, text, setting)
    order = {t.id: i for i, t in enumerate(scenario.model.tracks)}
    forced = {(m, a): answer for m, a, answer in (_answer(scenario, text) for text in answers)}
    return Variant(
        tuple(sorted(banned)),
        tuple(sorted(starts.items(), key=lambda kv: order[kv[0]])),
        tuple(sorted((m, a, answer) for (m, a), answer in forced.items())),
    )


ANSWERS = ("accept", "reject", "counter")


def _answer(scenario: CompiledScenario, text: str) -> tuple[str, str, str]:
    """(move, addressee or "", answer) from `MOVE[:ACTOR]=ANSWER`, checked."""
    head, sep, answer = text.partition("=")
    move_id, _, actor = head.strip().partition(":")
    move_id, actor, answer = move_id.strip(), actor.strip(), answer.strip()
    if not sep or not move_id or not answer:
        raise VariantError(f"--answer {text}: write MOVE=ANSWER or MOVE:ACTOR=ANSWER")
    move = scenario.moves.get(move_id)
    if move is None:
        raise VariantError(
            f"--answer {text}: there is no move '{move_id}'{_close(move_id, scenario.moves)}"
        )
    offer = move.offer
    if offer is None:
        raise VariantError(f"--answer {text}: move '{move_id}' is not an offer (no offer_to)")
    if actor and actor not in offer.to:
        to = ", ".join(offer.to)
        raise VariantError(f"--answer {text}: '{move_id}' is offered to {to}, not '{actor}'")
    if answer not in ANSWERS:
        raise VariantError(
            f"--answer {text}: an answer is accept, reject or counter, not '{answer}'"
        )
    if answer == "counter" and not offer.model.counter_terms:
        raise VariantError(
            f"--answer {text}: the computer counters only with the offer's counter_terms, "
            f"and '{move_id}' has none"
        )
    return move_id, actor, answer


def _value(scenario: CompiledScenario, track_id: str, text: str, setting: str) -> Value:
    track = scenario.tracks[track_id]
    if track.type == "flag":
        if text.lower() not in ("true", "false"):
            raise VariantError(f"--set {setting}: '{track_id}' is true or false, not '{text}'")
        return text.lower() == "true"
    if track.type == "level":
        if text not in track.levels:
            levels = ", ".join(track.levels)
            raise VariantError(f"--set {setting}: '{track_id}' is one of {levels}, not '{text}'")
        return text
    try:
        number = float(text.replace("_", ""))
    except ValueError:
        raise VariantError(f"--set {setting}: '{track_id}' is a number, not '{text}'") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise VariantError(f"--set {setting}: '{track_id}' needs a finite number")
    low, high = track.min, track.max
    if (low is not None and number < low) or (high is not None and number > high):
        span = f"{_g(low)} to {_g(high)}"
        raise VariantError(f"--set {setting}: '{track_id}' goes from {span}, not {text}")
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _g(value: float | None) -> str:
    return "unlimited" if value is None else f"{value:g}"


def _close(name: str, known: Mapping[str, object]) -> str:
    import difflib

    found = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean '{found[0]}'?)" if found else ""


def apply_variant(scenario: CompiledScenario, variant: Variant) -> CompiledScenario:
    """The scenario with the variant's moves banned and its tracks starting elsewhere."""
    if not variant:
        return scenario
    banned = set(variant.bans)
    by_actor = {
        actor: tuple(m for m in moves if m.id not in banned)
        for actor, moves in scenario.moves_by_actor.items()
    }
    model = scenario.model
    if variant.starts:
        starts = dict(variant.starts)
        tracks = [
            t.model_copy(update={"initial": starts[t.id]}) if t.id in starts else t
            for t in model.tracks
        ]
        model = model.model_copy(update={"tracks": tracks})
    plan = {
        actor: tuple(planned for planned in moves if planned[1] not in banned)
        for actor, moves in scenario.doctrine_plan.items()
    }
    moves = _forced(scenario, variant.answers) if variant.answers else scenario.moves
    if moves is not scenario.moves:
        by_actor = {actor: tuple(moves[m.id] for m in ms) for actor, ms in by_actor.items()}
    changed = dataclasses.replace(
        scenario, model=model, moves=moves, moves_by_actor=by_actor, doctrine_plan=plan
    )
    if scenario.tables is not None:  # played already: share what the variant leaves alone
        changed.tables = derive(scenario, changed)
    return changed


def _forced(
    scenario: CompiledScenario, answers: Iterable[tuple[str, str, str]]
) -> dict[str, CompiledMove]:
    """The moves with the forced offers' answer doctrine replaced: for each forced addressee
    one entry that always holds, and no other entry that weighs its first answer (the
    entries for every addressee are kept, per addressee, for the others)."""
    moves = dict(scenario.moves)
    always = compile_condition("true", {})
    by_move: dict[str, dict[str, str]] = {}
    for move_id, actor, answer in answers:
        offer = scenario.moves[move_id].offer
        assert offer is not None
        for addressee in (actor,) if actor else offer.to:
            by_move.setdefault(move_id, {})[addressee] = answer
    for move_id, forced in by_move.items():
        move = moves[move_id]
        offer = move.offer
        assert offer is not None
        entries: list[CompiledAnswer] = []
        for entry in offer.answers:
            if entry.actor is None:
                entries.extend(
                    dataclasses.replace(entry, actor=a) for a in offer.to if a not in forced
                )
            elif entry.actor not in forced:
                entries.append(entry)
        entries.extend(
            CompiledAnswer(answer, actor, always, 1.0, f"forced: {answer} (simulate --answer)")
            for actor, answer in forced.items()
        )
        moves[move_id] = dataclasses.replace(
            move,
            offer=dataclasses.replace(offer, answers=tuple(entries)),
        )
    return moves
