"""Check a scenario model and compile its expressions into a `CompiledScenario`.

`compile_scenario` checks what the pydantic models cannot check alone (references,
unique ids, ranges, dates in order, expression names and types) and collects every
problem rather than stopping at the first, so a designer fixes a file in one pass.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tabletop.scenario.compiled import (
    BUILTINS,
    FAILURE_SIDE,
    SUCCESS_SIDE,
    CompiledAnswer,
    CompiledDeception,
    CompiledDoctrine,
    CompiledEnding,
    CompiledInject,
    CompiledModifier,
    CompiledMove,
    CompiledObjective,
    CompiledOffer,
    CompiledOutcome,
    CompiledRule,
    CompiledScenario,
    plan_doctrine,
)
from tabletop.scenario.expressions import (
    Effect,
    Expression,
    ExpressionError,
    NameType,
    ValueType,
    compile_effect,
    compile_expression,
)
from tabletop.scenario.models import Actor, Freeform, Move, Outcome, Scenario, Track, Turn
from tabletop.scenario.never import never_holds
from tabletop.scenario.problems import Path, Problem
from tabletop.scenario.text import ANY_UNSAFE

_EFFECT_TARGET = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*[-+*]?=")


class _Checker:
    """Collects problems while compiling; every check reports and carries on."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.targets: set[str] = set()
        """Every track some effect changes (also from items that failed to compile)."""
        self._cache: dict[tuple[str, str, int], Expression | Effect | ExpressionError] = {}

    def error(self, path: Path, message: str) -> None:
        self.problems.append(Problem(path, message))

    def warn(self, path: Path, message: str) -> None:
        self.problems.append(Problem(path, message, "warning"))

    def unique(self, items: Iterable[tuple[Path, str]], what: str) -> None:
        """Ids must differ; `items` are (path of the item, its id)."""
        seen: dict[str, Path] = {}
        reported: set[str] = set()
        for path, ident in items:
            if ident not in seen:
                seen[ident] = path
            elif ident not in reported:  # once per id, however many times it is repeated
                reported.add(ident)
                self.problems.append(
                    Problem(
                        (*path, "id"),
                        f"duplicate {what} id '{ident}'",
                        related=(*seen[ident], "id"),
                    )
                )

    def unique_ids(self, where: Path, items: Sequence[Any], what: str) -> None:
        """The ids of `items`, each at `(*where, index)`, must differ; paths are built
        only when two are the same."""
        ids = [item.id for item in items]
        if len(set(ids)) != len(ids):
            self.unique((((*where, i), ident) for i, ident in enumerate(ids)), what)

    def _compile(
        self, kind: str, text: str, names: Mapping[str, NameType]
    ) -> Expression | Effect | ExpressionError:
        """Compile a text not met before with this kind and name table, and keep the
        result: scenarios repeat many expressions (every default `when = "true"`,
        `tension += 1` in many outcomes). `expr` and `effects` look the cache up
        themselves, one call fewer for each of a scenario's thousands of texts."""
        found: Expression | Effect | ExpressionError
        try:
            if kind == "effect":
                found = compile_effect(text, names)
            else:
                found = compile_expression(text, names, _EXPECT[kind])
        except ExpressionError as exc:
            found = exc
        self._cache[kind, text, id(names)] = found
        return found

    def expr(
        self, path: Path, text: str, names: Mapping[str, NameType], kind: str
    ) -> Expression | None:
        found = self._cache.get((kind, text, id(names)))
        if found is None:
            found = self._compile(kind, text, names)
        if isinstance(found, Expression):  # the common case, asked first
            return found
        assert isinstance(found, ExpressionError)
        self.error(path, f"{_explain(found, names)} in `{text}`")
        return None

    def effects(
        self, path: Path, texts: list[str], names: Mapping[str, NameType]
    ) -> tuple[Effect, ...]:
        if not texts:  # most lists of effects (costs, offers' results) are empty
            return ()
        out: list[Effect] = []
        cache, table = self._cache, id(names)
        for i, text in enumerate(texts):
            effect = cache.get(("effect", text, table))
            if effect is None:
                effect = self._compile("effect", text, names)
            if isinstance(effect, Effect):  # the common case, asked first
                self.targets.add(effect.target)
                out.append(effect)
                continue
            assert isinstance(effect, ExpressionError)
            self.error((*path, i), f"{_explain(effect, names)} in `{text}`")
            target = _EFFECT_TARGET.match(text)
            if target:
                self.targets.add(target.group(1))
        return tuple(out)


def _explain(error: ExpressionError, names: Mapping[str, NameType]) -> str:
    """The parser's message, or why `ending` is unknown here: only scores know it."""
    if "ending" not in names and error.message.startswith("unknown name 'ending'"):
        return (
            "`ending` (the ending the session reached) is known only in an objective's "
            "`score`, worked out once the session is over; it cannot be used here"
        )
    return error.message


_EXPECT: dict[str, ValueType | None] = {"bool": "bool", "number": "number", "": None}
"""What an expression of each kind (`_Checker.expr`'s `kind`) must give; "" any value."""


_NUMBER, _FLAG = NameType("number"), NameType("bool")
"""What every number track and every flag gives expressions: one (frozen) object each."""


def _track_names(tracks: list[Track]) -> dict[str, NameType]:
    """The names tracks give expressions; with a duplicate id, the first track counts."""
    names: dict[str, NameType] = {}
    for track in tracks:
        if track.id in names:
            continue
        if track.type == "flag":
            names[track.id] = _FLAG
        elif track.type == "level":
            names[track.id] = NameType("level", tuple(track.levels))
        else:
            names[track.id] = _NUMBER
    return names


def _check_track(check: _Checker, i: int, track: Track) -> None:
    path: Path = ("tracks", i)
    if track.type == "number":
        # (a tuple: `int | float` would build a union object on every call)
        if isinstance(track.initial, bool) or not isinstance(track.initial, (int, float)):
            hint = (
                ' (for a track with named levels, add type = "level")'
                if isinstance(track.initial, str)
                else ' (for a true/false track, add type = "flag")'
            )
            check.error(
                (*path, "initial"),
                "a number track needs a number as its initial value, "
                f"not {_show(track.initial)}{hint}",
            )
            return
        if track.min is not None and track.max is not None and track.min > track.max:
            check.error(
                (*path, "min"),
                f"min {track.min:g} is above max {track.max:g}: min must be the lower of the two",
            )
        elif track.min is not None and track.initial < track.min:
            check.error(
                (*path, "initial"),
                f"initial {track.initial:g} is below min {track.min:g}: it must be from "
                f"{track.min:g} to {_show(track.max)}",
            )
        elif track.max is not None and track.initial > track.max:
            check.error(
                (*path, "initial"),
                f"initial {track.initial:g} is above max {track.max:g}: it must be from "
                f"{_show(track.min)} to {track.max:g}",
            )
        if track.display == "bar" and (track.min is None or track.max is None):
            check.error(
                (*path, "display"),
                "a track shown as a bar (the default) needs both min and max: add them, "
                'or set display = "number"',
            )
        if track.levels:
            check.error((*path, "levels"), 'only a level track has levels: add type = "level"')
    elif track.type == "flag":
        if not isinstance(track.initial, bool):
            check.error(
                (*path, "initial"),
                "a flag track needs true or false as its initial value, "
                f"not {_show(track.initial)}",
            )
        for key in ("min", "max"):
            if getattr(track, key) is not None:
                check.error((*path, key), f"a flag track (true/false) has no {key}: remove it")
        if track.levels:
            check.error((*path, "levels"), 'only a level track has levels: set type = "level"')
    else:
        if len(track.levels) < 2:
            check.error(
                (*path, "levels"),
                "a level track needs at least two levels, lowest first, "
                'like levels = ["low", "high"]',
            )
        elif len(set(track.levels)) != len(track.levels):
            twice = sorted({lv for lv in track.levels if track.levels.count(lv) > 1})
            check.error((*path, "levels"), f"levels must differ: {', '.join(twice)} appears twice")
        for i, level in enumerate(track.levels):
            if not level.strip():
                check.error((*path, "levels", i), 'a level needs a name, like "high"')
            elif len(level) > 64:
                check.error(
                    (*path, "levels", i),
                    f"is too long: at most 64 characters, this has {len(level)}",
                )
            elif ANY_UNSAFE.search(level):
                check.error(
                    (*path, "levels", i),
                    f"{_show(level)} holds a control character: a level is a name, "
                    "written in printable characters",
                )
        if not isinstance(track.initial, str) or track.initial not in track.levels:
            allowed = ", ".join(f'"{lv}"' for lv in track.levels[:12])
            allowed += ", …" if len(track.levels) > 12 else ""
            close = (
                difflib.get_close_matches(track.initial, track.levels, n=1)
                if isinstance(track.initial, str)
                else []
            )
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            check.error(
                (*path, "initial"),
                f"initial {_show(track.initial)} is not one of the levels: "
                f"{allowed or 'none'}{hint}",
            )
        for key in ("min", "max"):
            if getattr(track, key) is not None:
                check.error((*path, key), f"a level track has no {key}: remove it")


def _show(value: object) -> str:
    """A value as a designer wrote it in TOML."""
    if value is None:
        return "unlimited"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def _compile_move(
    check: _Checker,
    i: int,
    move: Move,
    names: Mapping[str, NameType],
    actors: Mapping[str, Actor],
    turns: Sequence[Turn] = (),
) -> CompiledMove | None:
    path: Path = ("moves", i)
    if move.actor not in actors:
        check.error((*path, "actor"), _unknown("actor", move.actor, actors))
    requires = check.expr((*path, "requires"), move.requires, names, "bool")
    check.unique_ids((*path, "outcomes"), move.outcomes, "outcome")
    outcomes = _compile_outcomes(check, path, move, names)
    _check_adjudication(check, path, move)
    chance = _compile_chance(check, path, move, names)
    modifiers = _compile_modifiers(check, path, move, names)
    count, sides = map(int, move.adjudication.dice.split("d"))
    cost = check.effects((*path, "cost"), move.cost, names)
    repeat_cost = check.effects((*path, "repeat_cost"), move.repeat_cost, names)
    offer = _compile_offer(check, path, move, names, actors, turns)
    deception = _compile_deception(check, path, move, names, actors)
    if requires is None:
        return None
    return CompiledMove(
        move,
        requires,
        outcomes,
        modifiers,
        chance,
        count,
        sides,
        cost,
        repeat_cost,
        offer,
        deception,
    )


def _compile_offer(
    check: _Checker,
    path: Path,
    move: Move,
    names: Mapping[str, NameType],
    actors: Mapping[str, Actor],
    turns: Sequence[Turn],
) -> CompiledOffer | None:
    """The move's offer, checked: addressees known and not the mover, effects compiled."""
    offer = move.offer
    if offer is None:
        if move.offer_to:
            check.error((*path, "offer_to"), "an offer needs its terms: add [moves.offer]")
        return None
    if not move.offer_to:
        check.error((*path, "offer"), "an offer needs its addressees: add offer_to = [...]")
    for j, actor in enumerate(move.offer_to):
        if actor not in actors:
            check.error((*path, "offer_to", j), _unknown("actor", actor, actors))
        elif actor == move.actor:
            check.error((*path, "offer_to", j), "an actor cannot make an offer to itself")
    opath: Path = (*path, "offer")
    results = {
        key: check.effects((*opath, key, "effects"), getattr(offer, key).effects, names)
        for key in ("accepted", "rejected", "countered", "expired")
    }
    check.effects((*opath, "counter_effects"), offer.counter_effects, names)
    answers: list[CompiledAnswer] = []
    for j, entry in enumerate(offer.answers):
        apath: Path = (*opath, "answers", j)
        if entry.actor is not None and entry.actor not in (*move.offer_to, move.actor):
            check.error(
                (*apath, "actor"),
                f"'{entry.actor}' neither answers this offer nor a counter to it "
                f"({', '.join((*move.offer_to, move.actor))})",
            )
        if entry.answer == "counter" and not offer.counter_terms:
            check.warn(
                (*apath, "answer"),
                "the computer counters only with `counter_terms`; without them this entry "
                "is never used",
            )
        when = check.expr((*apath, "when"), entry.when, names, "bool")
        weight: Expression | float | None = (
            entry.weight
            if isinstance(entry.weight, float)
            else check.expr((*apath, "weight"), entry.weight, names, "number")
        )
        if when is not None and weight is not None:
            answers.append(CompiledAnswer(entry.answer, entry.actor, when, weight, entry.reason))
    answer_from = 0
    if offer.answer_from is not None:
        turn_ids = [t.id for t in turns]
        if offer.answer_from in turn_ids:
            answer_from = turn_ids.index(offer.answer_from)
        else:
            check.error((*opath, "answer_from"), _unknown("turn", offer.answer_from, turn_ids))
    return CompiledOffer(
        offer,
        tuple(move.offer_to),
        results["accepted"],
        results["rejected"],
        results["countered"],
        results["expired"],
        tuple(answers),
        answer_from,
    )


def _compile_deception(
    check: _Checker,
    path: Path,
    move: Move,
    names: Mapping[str, NameType],
    actors: Mapping[str, Actor],
) -> CompiledDeception | None:
    """The move's public face, checked: observers known, modifier and effects compiled."""
    deception = move.deception
    if deception is None:
        return None
    dpath: Path = (*path, "deception")
    for j, actor in enumerate(deception.observers):
        if actor not in actors:
            check.error((*dpath, "observers", j), _unknown("actor", actor, actors))
        elif actor == move.actor:
            check.error((*dpath, "observers", j), "an actor cannot see through its own move")
    observers = tuple(deception.observers) or tuple(a for a in actors if a != move.actor)
    modifier: Expression | int | None = (
        deception.modifier
        if isinstance(deception.modifier, int)
        else check.expr((*dpath, "modifier"), deception.modifier, names, "number")
    )
    seen = check.effects((*dpath, "seen", "effects"), deception.seen.effects, names)
    count, sides = map(int, deception.dice.split("d"))
    if modifier is None:
        return None
    return CompiledDeception(deception, observers, modifier, count, sides, seen)


def _compile_outcomes(
    check: _Checker, path: Path, move: Move, names: Mapping[str, NameType]
) -> tuple[CompiledOutcome, ...]:
    method = move.adjudication.method
    outcomes: list[CompiledOutcome] = []
    for j, outcome in enumerate(move.outcomes):
        opath: Path = (*path, "outcomes", j)
        when = None
        # `result` on a choice or auto move is not ignored: it is what an argued roll
        # selects when the facilitator adjudicates the move by argument (Session.argue)
        if outcome.when is not None:
            if method != "auto":
                check.warn(
                    (*opath, "when"),
                    f'`when` is only used by the auto method; this move uses "{method}", '
                    "so it is ignored",
                )
            when = check.expr((*opath, "when"), outcome.when, names, "bool")
        effects = check.effects((*opath, "effects"), outcome.effects, names)
        outcomes.append(CompiledOutcome(outcome, when, effects))
    return tuple(outcomes)


def _check_adjudication(check: _Checker, path: Path, move: Move) -> None:
    """What each adjudication method needs of the move's outcomes and settings."""
    adj = move.adjudication
    if adj.method == "probability":
        results = [o.result for o in move.outcomes]
        wrong: list[str] = []
        where: Path = (*path, "outcomes")
        for result in ("success", "failure"):
            count = results.count(result)
            if count == 0:
                wrong.append(f'no "{result}" outcome')
            elif count > 1:
                wrong.append(f'{count} "{result}" outcomes')
                second = [j for j, r in enumerate(results) if r == result][1]
                where = (*path, "outcomes", second, "result")
        graded = [j for j, r in enumerate(results) if r not in (None, "success", "failure")]
        if graded:
            where = (*path, "outcomes", graded[0], "result")
            wrong.append("a graded result (yes_and, yes_but, no_but, no_and), which only dice tell")
        if wrong:
            check.error(
                where,
                f'the {adj.method} method needs one outcome with result = "success" and one '
                f'with result = "failure"; this move has {" and ".join(wrong)}',
            )
    elif adj.method in ("dice", "argument"):
        _check_graded(check, path, move)
    if adj.method == "dice" and adj.target is None:
        check.error(
            (*path, "adjudication", "target"),
            f"the dice method needs a target: add target = N, the total of {adj.dice} "
            "(after modifiers) needed to succeed",
        )
    if adj.method == "auto" and all(o.when is not None for o in move.outcomes):
        check.warn(
            (*path, "outcomes"),
            "every outcome has `when`: when none holds, the last one is taken; "
            "leave `when` out of the last one to make that plain",
        )


_SIDES = {"success": "or yes_and, yes_but", "failure": "or no_but, no_and"}


def _check_graded(check: _Checker, path: Path, move: Move) -> None:
    """Dice and argued rolls: each result at most once, and both sides covered."""
    results = [o.result for o in move.outcomes]
    for j, result in enumerate(results):
        if result is not None and result in results[:j]:
            check.error(
                (*path, "outcomes", j, "result"),
                f'two outcomes have result = "{result}": a roll must select exactly one',
            )
            return
    present = set(results)
    missing = [
        side
        for side, names in (("success", SUCCESS_SIDE), ("failure", FAILURE_SIDE))
        if present.isdisjoint(names)
    ]
    if missing:
        method = move.adjudication.method
        check.error(
            (*path, "outcomes"),
            f"the {method} method needs an outcome for each side of the roll: "
            + " and ".join(f'one with result = "{m}" ({_SIDES[m]})' for m in missing),
        )


def _compile_chance(
    check: _Checker, path: Path, move: Move, names: Mapping[str, NameType]
) -> Expression | float | None:
    adj = move.adjudication
    cpath: Path = (*path, "adjudication", "chance")
    if adj.method != "probability":
        return None
    if adj.chance is None:
        check.error(
            cpath,
            "the probability method needs a chance: add chance = 0.5 "
            "(from 0 to 1, a number or an expression)",
        )
        return None
    if isinstance(adj.chance, str):
        return check.expr(cpath, adj.chance, names, "number")
    if not 0 <= adj.chance <= 1:
        check.error(cpath, f"a chance is from 0 to 1, not {adj.chance:g}")
        return None
    return float(adj.chance)


def _compile_modifiers(
    check: _Checker, path: Path, move: Move, names: Mapping[str, NameType]
) -> tuple[CompiledModifier, ...]:
    modifiers: list[CompiledModifier] = []
    for k, mod in enumerate(move.adjudication.modifiers):
        mpath: Path = (*path, "adjudication", "modifiers", k)
        value: Expression | int | None = mod.value if isinstance(mod.value, int) else None
        if isinstance(mod.value, str):
            value = check.expr((*mpath, "value"), mod.value, names, "number")
        cond = check.expr((*mpath, "when"), mod.when, names, "bool")
        if value is not None and cond is not None:
            modifiers.append(CompiledModifier(mod.label, value, cond))
    return tuple(modifiers)


FREEFORM_OUTCOMES = (
    Outcome(id="success", label="Succeeds: the effects apply", result="success"),
    Outcome(id="failure", label="Fails: no effect", result="failure"),
)


def _compile_freeform(check: _Checker, model: Scenario, out: CompiledScenario) -> None:
    """The free-form move's adjudication, compiled as a move with two outcomes."""
    path: Path = ("freeform",)
    freeform = model.freeform or Freeform()
    out.freeform_stated = model.freeform is not None
    adj = freeform.adjudication
    if adj.method == "auto":
        check.error(
            (*path, "adjudication", "method"),
            "a free-form move is adjudicated, never granted: use dice, probability or choice",
        )
    if adj.method == "dice" and adj.target is None:
        check.error(
            (*path, "adjudication", "target"),
            "the dice method needs a target: add target = 7 (the total needed to succeed)",
        )
    for track_id, limit in freeform.limits.items():
        track = out.tracks.get(track_id)
        if track is None:
            check.error((*path, "limits", track_id), _unknown("track", track_id, out.tracks))
        elif track.type != "number":
            check.error(
                (*path, "limits", track_id), f"'{track_id}' is a {track.type}, not a number"
            )
        elif limit < 0:
            check.error((*path, "limits", track_id), "a limit is 0 or more")
    move = Move(
        id="freeform",
        actor=model.actors[0].id,
        label="Free-form move",
        adjudication=adj,
        outcomes=list(FREEFORM_OUTCOMES),
    )
    chance = _compile_chance(check, path, move, out.names)
    modifiers = _compile_modifiers(check, path, move, out.names)
    count, sides = map(int, adj.dice.split("d"))
    outcomes = tuple(CompiledOutcome(o, None, ()) for o in FREEFORM_OUTCOMES)
    requires = check.expr(path, "true", out.names, "bool")  # the default `requires`: cached
    assert requires is not None
    out.freeform = CompiledMove(move, requires, outcomes, modifiers, chance, count, sides)
    reach: dict[str, frozenset[str]] = {}
    for actor, moves in out.moves_by_actor.items():
        targets = {e.target for m in moves for o in m.outcomes for e in o.effects}
        reach[actor] = frozenset(targets.union(freeform.limits))
    out.freeform_reach = reach


def _unknown(what: str, ident: str, known: Iterable[str]) -> str:
    names = sorted(known)
    close = difflib.get_close_matches(ident, names, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    listed = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    return f"unknown {what} '{ident}'{hint} (known: {listed or 'none'})"


def compile_scenario(model: Scenario) -> tuple[CompiledScenario, list[Problem]]:
    """Check and compile a scenario; the problems include warnings.

    The compiled scenario is usable only when no problem is an error.
    """
    check = _Checker()
    out = CompiledScenario(model=model)
    _check_unique_ids(check, model)
    _check_exercise_objectives(check, model)
    out.actors = {a.id: a for a in model.actors}
    out.tracks = {t.id: t for t in model.tracks}
    out.turns = tuple(model.turns)
    out.exercise = {o.id: o for o in model.scenario.objectives}
    _check_tracks(check, model)
    out.names = {**_track_names(model.tracks), **BUILTINS}
    _check_turns(check, model, out)
    _compile_moves(check, model, out)
    _compile_injects(check, model, out)
    _compile_rules(check, model, out)
    _compile_endings(check, model, out)
    _compile_freeform(check, model, out)
    _compile_actors(check, model, out)
    _warn_suspicious(check, model, out)
    if not any(p.severity == "error" for p in check.problems):
        out.doctrine_plan = plan_doctrine(out)
    return out, check.problems


def _check_unique_ids(check: _Checker, model: Scenario) -> None:
    check.unique_ids(("actors",), model.actors, "actor")
    check.unique_ids(("tracks",), model.tracks, "track")
    check.unique_ids(("turns",), model.turns, "turn")
    check.unique_ids(("moves",), model.moves, "move")
    check.unique_ids(("injects",), model.injects, "inject")
    check.unique_ids(("rules",), model.rules, "rule")
    check.unique_ids(("endings",), model.endings, "ending")
    check.unique_ids(("scenario", "objectives"), model.scenario.objectives, "exercise objective")


_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _check_exercise_objectives(check: _Checker, model: Scenario) -> None:
    """An inject's `objective` names an exercise objective: by id, when the scenario has
    them (a sentence is kept as text only in a scenario without exercise objectives)."""
    known = [o.id for o in model.scenario.objectives]
    for i, inject in enumerate(model.injects):
        named = inject.objective
        if not named or named in known:
            continue
        path: Path = ("injects", i, "objective")
        if known and _ID.match(named):
            check.error(path, _unknown("exercise objective", named, known))
        elif known:
            check.error(
                path,
                "an inject's objective is the id of one of [[scenario.objectives]] "
                f"({', '.join(known)}), not a sentence",
            )
        elif _ID.match(named):
            check.error(
                path,
                f"unknown exercise objective '{named}': the scenario has no "
                "[[scenario.objectives]] (add one with this id, or write a sentence)",
            )


def _check_tracks(check: _Checker, model: Scenario) -> None:
    for i, track in enumerate(model.tracks):
        if track.id in BUILTINS or track.id == "ending":  # scores read the session's ending
            check.error(
                ("tracks", i, "id"),
                f"'{track.id}' is a name the program provides; choose another id",
            )
        _check_track(check, i, track)


def _check_turns(check: _Checker, model: Scenario, out: CompiledScenario) -> None:
    for i, turn in enumerate(model.turns):
        for j, who in enumerate(turn.participants):
            if who not in out.actors:
                check.error(("turns", i, "participants", j), _unknown("actor", who, out.actors))
        if i and turn.date < model.turns[i - 1].date:
            before = model.turns[i - 1]
            check.error(
                ("turns", i, "date"),
                f"{turn.date} is before {before.date}, the date of the turn above "
                f"('{before.id}'): turns must be in date order",
            )


def _compile_moves(check: _Checker, model: Scenario, out: CompiledScenario) -> None:
    by_actor: dict[str, list[CompiledMove]] = {a: [] for a in out.actors}
    for i, move in enumerate(model.moves):
        compiled = _compile_move(check, i, move, out.names, out.actors, model.turns)
        if compiled is not None:
            out.moves[move.id] = compiled
            by_actor.setdefault(move.actor, []).append(compiled)
    out.moves_by_actor = {a: tuple(ms) for a, ms in by_actor.items()}


def _compile_injects(check: _Checker, model: Scenario, out: CompiledScenario) -> None:
    turn_index = {turn.id: i for i, turn in enumerate(model.turns)}
    for i, inject in enumerate(model.injects):
        path: Path = ("injects", i)
        if inject.turn is not None and inject.turn not in turn_index:
            check.error((*path, "turn"), _unknown("turn", inject.turn, turn_index))
        for j, who in enumerate(inject.recipients):
            if who not in out.actors:
                check.error((*path, "recipients", j), _unknown("actor", who, out.actors))
        when = (
            None
            if inject.when is None
            else check.expr((*path, "when"), inject.when, out.names, "bool")
        )
        effects = check.effects((*path, "effects"), inject.effects, out.names)
        index = turn_index.get(inject.turn) if inject.turn else None
        out.injects[inject.id] = CompiledInject(inject, when, effects, index)


def _compile_rules(check: _Checker, model: Scenario, out: CompiledScenario) -> None:
    rules: list[CompiledRule] = []
    for i, rule in enumerate(model.rules):
        when = check.expr(("rules", i, "when"), rule.when, out.names, "bool")
        effects = check.effects(("rules", i, "effects"), rule.effects, out.names)
        if when is not None:
            rules.append(CompiledRule(rule, when, effects))
    out.rules = tuple(rules)


def _compile_endings(check: _Checker, model: Scenario, out: CompiledScenario) -> None:
    endings: list[CompiledEnding] = []
    defaults = 0
    for i, ending in enumerate(model.endings):
        when = None
        if ending.when is None:
            defaults += 1
            if defaults > 1:
                check.error(
                    ("endings", i, "id"),
                    "only one ending may lack `when` (the default ending, reached when the "
                    "calendar runs out); give this one a `when`",
                )
        else:
            when = check.expr(("endings", i, "when"), ending.when, out.names, "bool")
        effects = check.effects(("endings", i, "effects"), ending.effects, out.names)
        for j, actor in enumerate(ending.bad_for):
            if actor not in out.actors:
                check.error(("endings", i, "bad_for", j), _unknown("actor", actor, out.actors))
        endings.append(CompiledEnding(ending, when, effects))
    out.endings = tuple(endings)
    if not model.endings:
        check.warn(
            ("endings",), "no endings: sessions end without a named outcome (add [[endings]])"
        )
    elif defaults == 0:
        check.warn(
            ("endings",),
            "no default ending (one without `when`): when the calendar runs out and no "
            "ending's condition holds, the session ends without a named outcome",
        )


def _compile_actors(check: _Checker, model: Scenario, out: CompiledScenario) -> None:
    """Each actor's objectives (scored with `ending` known) and doctrine."""
    ending_ids = (*(e.id for e in model.endings), "none")
    score_names = {**out.names, "ending": NameType("level", ending_ids, assignable=False)}
    move_ids = {m.id for m in model.moves}
    for i, actor in enumerate(model.actors):
        out.objectives[actor.id] = _compile_objectives(check, i, actor, score_names)
        out.doctrine[actor.id] = _compile_doctrine(check, i, actor, move_ids, out)


def _compile_objectives(
    check: _Checker, i: int, actor: Actor, score_names: Mapping[str, NameType]
) -> tuple[CompiledObjective, ...]:
    apath: Path = ("actors", i)
    check.unique_ids((*apath, "objectives"), actor.objectives, "objective")
    objectives: list[CompiledObjective] = []
    for j, objective in enumerate(actor.objectives):
        path: Path = (*apath, "objectives", j, "score")
        score = check.expr(path, objective.score, score_names, "")
        if score is not None and score.type == "level":
            check.error(
                path,
                "a score must be a number or true/false, not a level; compare the level, "
                'like alert == "high"',
            )
        elif score is not None:
            objectives.append(
                CompiledObjective(objective.id, objective.description, score, objective.weight)
            )
    return tuple(objectives)


def _compile_doctrine(
    check: _Checker, i: int, actor: Actor, move_ids: set[str], out: CompiledScenario
) -> tuple[CompiledDoctrine, ...]:
    doctrine: list[CompiledDoctrine] = []
    for j, entry in enumerate(actor.doctrine):
        dpath: Path = ("actors", i, "doctrine", j)
        target = out.moves.get(entry.move)
        if entry.move not in move_ids:
            check.error((*dpath, "move"), _unknown("move", entry.move, move_ids))
        elif (
            target is not None
            and target.model.actor != actor.id
            and target.model.actor in out.actors
        ):
            check.error(
                (*dpath, "move"),
                f"move '{entry.move}' belongs to actor '{target.model.actor}': "
                f"the doctrine of '{actor.id}' can only use its own moves",
            )
        when = check.expr((*dpath, "when"), entry.when, out.names, "bool")
        weight: Expression | float | None = (
            entry.weight
            if isinstance(entry.weight, float)
            else check.expr((*dpath, "weight"), entry.weight, out.names, "number")
        )
        if when is not None and weight is not None:
            doctrine.append(CompiledDoctrine(entry.move, when, weight, entry.reason))
    return tuple(doctrine)


_Ranges = Mapping[str, tuple[float | None, float | None]]


def _never(when: Expression | None, ranges: _Ranges) -> str | None:
    """Why a compiled condition can never hold given the tracks' ranges (only comparisons
    are looked at: a condition without one is passed over; the tree is the one compiled,
    not parsed a second time)."""
    if when is None or when.node is None:
        return None
    text = when.text
    if "<" not in text and ">" not in text and "==" not in text:
        return None
    return never_holds(when.node, ranges)


def _reads_no_name(expr: Expression) -> bool:
    """Whether an expression reads no name (is a constant): a walk of its tree that stops
    at the first name, rather than gathering its `names`, made only when first read."""
    if expr.node is None:
        return not expr.names
    stack = [expr.node]
    while stack:
        node = stack.pop()
        if node.kind == "name":
            return False
        stack.extend(node.args)
    return True


def _warn_suspicious(check: _Checker, model: Scenario, out: CompiledScenario) -> None:
    """Legal but probably unintended: tracks nothing changes, moves no one can take."""
    for i, track in enumerate(model.tracks):
        if track.id not in check.targets:
            check.warn(
                ("tracks", i, "id"),
                f"nothing changes track '{track.id}': no effect of a move, inject or rule "
                "sets it, so it keeps its initial value",
            )
    ranges: dict[str, tuple[float | None, float | None]] = {
        t.id: (t.min, t.max) for t in model.tracks if t.type == "number"
    }
    ranges["turn"] = (1, len(model.turns))  # conditions are checked within the calendar
    if any(p.severity == "error" for p in check.problems):
        ranges = {}  # the ranges may be what is wrong: no warnings drawn from them
    acting: set[str] = set()
    for index in range(len(model.turns)):
        acting.update(out.participants(index))
    for i, move in enumerate(model.moves):
        if move.actor in out.actors and move.actor not in acting:
            check.warn(
                ("moves", i, "actor"),
                f"actor '{move.actor}' takes part in no turn (see each turn's participants), "
                "so this move can never be taken",
            )
        compiled = out.moves.get(move.id)
        if compiled and _reads_no_name(compiled.requires):
            node = compiled.requires.node
            if node is not None and node.kind == "lit":  # "true": no code to generate
                never = node.value is False
            else:
                try:
                    never = compiled.requires.fn({}) is False
                except Exception:  # a constant that cannot run is reported elsewhere
                    never = False
            if never:
                check.warn(
                    ("moves", i, "requires"),
                    "the precondition is always false: the move can never be taken",
                )
        elif compiled and ranges:
            why = _never(compiled.requires, ranges)
            if why:
                check.warn(
                    ("moves", i, "requires"),
                    f"the precondition can never hold ({why}): the move can never be taken",
                )
    # With no error, every item compiled, so the compiled lists follow the file's order.
    for kind, whens in (
        ("rules", [r.when for r in out.rules] if ranges else []),
        ("injects", [x.when for x in out.injects.values()] if ranges else []),
        ("endings", [e.when for e in out.endings] if ranges else []),
    ):
        for i, when in enumerate(whens):
            why = _never(when, ranges)
            if why:  # the path built only for a warning
                check.warn((kind, i, "when"), f"this condition can never hold ({why})")
    # Once a scenario prices its moves (some move has a cost or diminishing returns),
    # a move that is free and unlimited stands out as probably forgotten.
    priced = any(m.cost or m.repeat_cost or m.diminishing for m in model.moves)
    for i, move in enumerate(model.moves if priced else ()):
        free = not (move.cost or move.repeat_cost or move.diminishing or move.costly)
        if free and move.limit is None and move.offer is None:
            check.warn(
                ("moves", i, "id"),
                f"move '{move.id}' is free and repeatable: it costs its actor nothing and has "
                "no limit, so nothing stops a team taking it every turn (add `cost`, "
                "`repeat_cost`, `diminishing` or `limit`, or say why in `costly`)",
            )
    for i, actor in enumerate(model.actors):
        if not actor.objectives:
            check.warn(
                ("actors", i, "id"),
                f"actor '{actor.id}' has no objectives, so its play cannot be scored "
                "(add [[actors.objectives]])",
            )
