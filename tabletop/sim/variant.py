"""A scenario changed for a simulation: moves banned, tracks started elsewhere.

`simulate --ban MOVE --set TRACK=VALUE` asks "what if this move did not exist?" and "what
if the crisis started here?". A variant is the compiled scenario with the banned moves
taken out of their actors' catalogues (so no draw can pick them and no team can declare
them) and the named tracks starting at the given values. Everything else (expressions,
rules, endings, the sha256 of the file) is shared with the scenario it came from.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from tabletop.scenario.compiled import CompiledScenario, Value


class VariantError(ValueError):
    """A ban or start value that does not fit the scenario; the message is ready to print."""


@dataclasses.dataclass(frozen=True)
class Variant:
    """What changes: banned move ids (sorted) and start values (track, value) in file order."""

    bans: tuple[str, ...] = ()
    starts: tuple[tuple[str, Value], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.bans or self.starts)

    def with_ban(self, move: str) -> Variant:
        return Variant(tuple(sorted({*self.bans, move})), self.starts)

    def describe(self) -> dict[str, object]:
        """The variant as the JSON report shows it."""
        return {"ban": list(self.bans), "set": dict(self.starts)}


NO_VARIANT = Variant()
"""The scenario as written."""


def parse_variant(
    scenario: CompiledScenario, bans: Iterable[str], settings: Iterable[str]
) -> Variant:
    """Check `--ban MOVE` and `--set TRACK=VALUE` against the scenario; VariantError if wrong."""
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
    return Variant(
        tuple(sorted(banned)), tuple(sorted(starts.items(), key=lambda kv: order[kv[0]]))
    )


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
    return dataclasses.replace(scenario, model=model, moves_by_actor=by_actor, doctrine_plan=plan)
