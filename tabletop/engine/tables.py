"""The scenario compiled once more, for the engine's hot loop: decision and effect tables.

A computer playthrough asks the same questions of the same scenario hundreds of times a
run: which of an actor's moves may it draw and with what weight, which outcome does a
roll select, which effects does an outcome apply to which tracks within which bounds. The
answers that do not depend on the state are worked out here once per scenario, so the
loop reads flat tuples and dicts instead of walking models (and the reason a doctrine
entry gives is a string, not formatted anew for every draw).

Built on a session's first need and kept on the `CompiledScenario` it describes
(`scenario.tables`): it lives and dies with the scenario, and a variant of a scenario
(`dataclasses.replace`) starts without one. Nothing here changes what the engine
decides: every table holds what the models say, in the same order.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tabletop.scenario.bounds import LIMIT, bounded
from tabletop.scenario.compiled import (
    GRADE_FALLBACK,
    CompiledMove,
    CompiledOutcome,
    CompiledScenario,
    Evaluator,
    PlannedMove,
)
from tabletop.scenario.expressions import (
    Effect,
    Expression,
    effect_code,
    fast_code,
    fused_function,
)

NO_DOCTRINE = "no doctrine: any available move"

Modifier = tuple[str, Evaluator, int | None, Evaluator | None]
"""A dice modifier ready to apply: (label, condition, its value when a constant (as
`dice.number` makes it), else None and the value's expression)."""
EffectStep = tuple[str, Evaluator, float | None, float | None, bool]
"""One effect ready to apply: (target, its function, low bound, high bound, whether the
target is a number track)."""


@dataclass(frozen=True, slots=True)
class ActorTable:
    """An actor's moves as the computer draws among them."""

    options: tuple[PlannedMove, ...]
    """(move, id, limit, precondition or None, doctrine entries): `plan_doctrine`'s."""
    has_doctrine: bool
    """Whether the actor has a doctrine (without one, every available move weighs 1)."""
    reasons: tuple[str, ...]
    """Each doctrine entry's reason, or its description when the scenario gives none."""
    fused: Callable[..., None] | None = None
    """The doctrine pass as one function (`fuse`): fills the options and weights lists as
    the loop over `options` would, without a call per expression. None when the actor
    has no doctrine or an expression's tree was not kept."""


@dataclass(frozen=True, slots=True)
class OutcomePlan:
    """One outcome of a catalogue move: what its adjudication records and applies."""

    outcome: CompiledOutcome
    id: str
    label: str
    narrative: str
    effects: tuple[EffectStep, ...]
    fused: Callable[..., list[list[Any]]] | None = None
    """`fuse_effects` of the effects."""


@dataclass(frozen=True, slots=True)
class MovePlan:
    """How a catalogue move is adjudicated, with everything that does not depend on the
    state looked up."""

    move: CompiledMove
    method: str
    outcomes: dict[str, OutcomePlan]
    """By outcome id."""
    ordered: tuple[tuple[Evaluator | None, OutcomePlan], ...]
    """For an auto move: each outcome's condition (None: always), in file order."""
    by_roll: dict[tuple[str, str | None], OutcomePlan]
    """The outcome a roll selects, by (result, grade): `CompiledMove.outcome_for`'s."""
    choice_ids: tuple[str, ...]
    choice_weights: tuple[float, ...]
    priced: bool
    """Whether the move has costs, diminishing returns or a public face (`_priced`)."""
    cost: tuple[EffectStep, ...]
    repeat_cost: tuple[EffectStep, ...]
    dice: tuple[int, int, int] | None
    """For a roll: (dice count, sides, the rejection limit of one face: see `Draws`)."""
    modifiers: tuple[Modifier, ...]


@dataclass(frozen=True, slots=True)
class RulePlan:
    id: str
    repeat: bool
    when: Evaluator
    description: str
    narrative: str
    effects: tuple[EffectStep, ...]
    fused: Callable[..., list[list[Any]]] | None = None


@dataclass(frozen=True, slots=True)
class InjectPlan:
    turn_index: int | None
    """The 0-based turn it is due from (None: whenever `when` holds)."""
    when: Evaluator | None
    id: str
    title: str
    text: str
    effects: tuple[EffectStep, ...]
    fused: Callable[..., list[list[Any]]] | None = None


@dataclass(frozen=True, slots=True)
class Tables:
    """Every table of one scenario."""

    actors: dict[str, ActorTable]
    moves: dict[str, MovePlan]
    rules: tuple[RulePlan, ...]
    first_rule: Callable[..., int] | None
    """`fuse_first` over the rules' conditions (None: check them one by one)."""
    first_ending: Callable[..., int] | None
    """`fuse_first` over the conditions of the endings that have one, in file order."""
    endings: tuple[int, ...]
    """The index in `scenario.endings` of each ending `first_ending` checks."""
    injects: tuple[InjectPlan, ...]
    """The injects the scenario delivers itself (not those only delivered by hand), in
    file order."""


def tables(scenario: CompiledScenario) -> Tables:
    """The scenario's tables, built on first use and kept on the scenario."""
    found = scenario.tables
    if found is None:
        found = scenario.tables = build(scenario)
    return found  # type: ignore[return-value]


def effect_steps(
    effects: Sequence[Effect], bounds: Mapping[str, tuple[float | None, float | None]]
) -> tuple[EffectStep, ...]:
    """Effects ready to apply: each with its target's bounds (`bounds` is the scenario's
    `number_bounds`; a target not in it is not a number track)."""
    out = []
    for effect in effects:
        found = bounds.get(effect.target)
        low, high = found if found is not None else (None, None)
        out.append((effect.target, effect.fn, low, high, found is not None))
    return tuple(out)


def build(scenario: CompiledScenario) -> Tables:
    bounds = scenario.number_bounds

    def steps(effects: tuple[Effect, ...]) -> tuple[EffectStep, ...]:
        return effect_steps(effects, bounds)

    actors = {
        actor: ActorTable(
            scenario.doctrine_plan.get(actor, ()),
            bool(scenario.doctrine.get(actor)),
            tuple(reason(scenario, actor, j) for j in range(len(scenario.doctrine.get(actor, ())))),
            fuse(scenario, actor) if scenario.doctrine.get(actor) else None,
        )
        for actor in scenario.actors
    }
    moves = {move_id: _move_plan(move, steps, bounds) for move_id, move in scenario.moves.items()}
    rules = tuple(
        RulePlan(
            rule.model.id,
            rule.model.repeat,
            rule.when.fn,
            rule.model.description,
            rule.model.narrative,
            steps(rule.effects),
            fuse_effects(rule.effects, bounds),
        )
        for rule in scenario.rules
    )
    injects = tuple(
        InjectPlan(
            inject.turn_index,
            None if inject.when is None else inject.when.fn,
            inject.model.id,
            inject.model.title,
            inject.model.text,
            steps(inject.effects),
            fuse_effects(inject.effects, bounds),
        )
        for inject in scenario.injects.values()
        if inject.turn_index is not None or inject.when is not None
    )
    first_rule = fuse_first(
        [(rule.when, None if rule.model.repeat else rule.model.id) for rule in scenario.rules]
    )
    endings = tuple(i for i, e in enumerate(scenario.endings) if e.when is not None)
    first_ending = fuse_first(
        [(when, None) for i in endings if (when := scenario.endings[i].when) is not None]
    )
    return Tables(actors, moves, rules, first_rule, first_ending, endings, injects)


def _move_plan(
    move: CompiledMove, steps: object, bounds: dict[str, tuple[float | None, float | None]]
) -> MovePlan:
    plan = {
        o.model.id: OutcomePlan(
            o,
            o.model.id,
            o.model.label,
            o.model.narrative,
            steps(o.effects),  # type: ignore[operator]
            fuse_effects(o.effects, bounds),
        )
        for o in move.outcomes
    }
    by_roll: dict[tuple[str, str | None], OutcomePlan] = {}
    for result in ("success", "failure"):
        for grade in (None, *GRADE_FALLBACK):
            by_roll[(result, grade)] = plan[move.outcome_for(result, grade).model.id]
    model = move.model
    adjudication = model.adjudication
    dice = None
    if adjudication.method in ("dice", "argument"):
        span = move.dice_sides
        dice = (move.dice_count, span, (1 << 64) - (1 << 64) % span)
    return MovePlan(
        move=move,
        method=adjudication.method,
        outcomes=plan,
        ordered=tuple(
            (None if o.when is None else o.when.fn, plan[o.model.id]) for o in move.outcomes
        ),
        by_roll=by_roll,
        choice_ids=tuple(o.model.id for o in move.outcomes),
        choice_weights=tuple(o.model.weight for o in move.outcomes),
        priced=bool(move.cost or move.repeat_cost or model.diminishing or move.deception),
        cost=steps(move.cost),  # type: ignore[operator]
        repeat_cost=steps(move.repeat_cost),  # type: ignore[operator]
        dice=dice,
        modifiers=tuple(
            (m.label, m.when.fn, None, m.value.fn)
            if isinstance(m.value, Expression)
            else (m.label, m.when.fn, int(bounded(float(m.value))), None)
            for m in move.modifiers
        ),
    )


def reason(scenario: CompiledScenario, actor: str, entry: int) -> str:
    """A doctrine entry's reason, or a description of it when the scenario gives none."""
    doctrine = scenario.doctrine[actor][entry]
    if doctrine.reason:
        return doctrine.reason
    weight = doctrine.weight
    weight_text = f"{weight:g}" if isinstance(weight, float) else weight.text
    always = doctrine.when.text.strip() == "true"
    when = "" if always else f" when {doctrine.when.text}"
    return f"doctrine entry {entry + 1}: {doctrine.move}{when} (weight {weight_text})"


def fuse(scenario: CompiledScenario, actor: str) -> Callable[..., None] | None:
    """An actor's doctrine pass compiled into one function of (values, uses, declared,
    options, weights): for each move in `plan_doctrine` order, the same checks in the same
    order as `doctrine.pick`'s loop (limit, declared, each entry's condition and weight,
    the precondition), with every expression's code inlined (`fast_code`).

    The source is a template of this module's own making (indices and placeholders only);
    the scenario's expressions enter as checked trees, never as text. It may raise
    ArithmeticError like any expression: `pick` then runs its loop instead.
    """
    doctrine = scenario.doctrine.get(actor, ())
    plan = scenario.doctrine_plan.get(actor, ())
    pieces: dict[str, ast.expr] = {}

    def constant_name(name: str, value: str | float) -> str:
        pieces[name] = ast.Constant(value)
        return name

    def piece(name: str, expression: Expression) -> str | None:
        code = fast_code(expression)
        if code is None:
            return None
        pieces[name] = code
        return name

    lines = ["def doctrine_pass(s, uses, declared, options, weights):"]
    for i, (move, key, limit, requires, entries) in enumerate(plan):
        if not entries:  # no entry weighs it: never drawn
            continue
        move_id = constant_name(f"_ID_{i}", key)
        test = f"{move_id} not in declared"
        if limit is not None:
            test = f"uses.get({move_id}, 0) < {int(limit)} and {test}"
        lines.append(f"    if {test}:")
        pre = ""
        if requires is not None:
            if piece(f"_R_{i}", move.requires) is None:
                return None
            pre = f" and _R_{i} is True"
        if len(entries) == 1:
            j, when, constant, expression = entries[0]
            pad = "        "
            if when is not None:
                if piece(f"_W_{i}", doctrine[j].when) is None:
                    return None
                lines.append(f"{pad}if _W_{i} is True:")
                pad += "    "
            if expression is None:
                if constant > 0:  # else never drawn
                    value = constant_name(f"_C_{i}", constant)
                    lines.append(f"{pad}if True{pre}:")
                    lines.append(f"{pad}    options.append(_single[{i}])")
                    lines.append(f"{pad}    weights.append({value})")
                else:
                    lines.append(f"{pad}pass")
            else:
                weight = doctrine[j].weight
                assert isinstance(weight, Expression)
                if piece(f"_E_{i}", weight) is None:
                    return None
                lines.append(f"{pad}t = float(_E_{i})")
                lines.append(f"{pad}t = _LIMIT if t > _LIMIT else t if t > 0 else 0.0")
                lines.append(f"{pad}if t > 0{pre}:")
                lines.append(f"{pad}    options.append(_single[{i}])")
                lines.append(f"{pad}    weights.append(t)")
            continue
        lines += ["        total = 0.0", "        best = 0.0", "        strongest = -1"]
        for k, (j, when, _constant, expression) in enumerate(entries):
            pad = "        "
            if when is not None:
                if piece(f"_W_{i}_{k}", doctrine[j].when) is None:
                    return None
                lines.append(f"{pad}if _W_{i}_{k} is True:")
                pad += "    "
            if expression is None:
                lines.append(f"{pad}weight = {constant_name(f'_C_{i}_{k}', _constant)}")
            else:
                weight = doctrine[j].weight
                assert isinstance(weight, Expression)
                if piece(f"_E_{i}_{k}", weight) is None:
                    return None
                lines.append(f"{pad}weight = float(_E_{i}_{k})")
            lines += [
                f"{pad}if weight > 0:",
                f"{pad}    if weight > _LIMIT:",
                f"{pad}        weight = _LIMIT",
                f"{pad}    total += weight",
                f"{pad}    if weight > best:",
                f"{pad}        best = weight",
                f"{pad}        strongest = {int(j)}",
            ]
        lines.append(f"        if total > 0{pre}:")
        lines.append(f"            options.append((_moves[{i}], strongest))")
        lines.append("            weights.append(total)")
    lines.append("    return None")
    names = {
        "_moves": tuple(move for move, _, _, _, _ in plan),
        "_single": tuple((move, entries[0][0] if entries else -1) for move, *_, entries in plan),
        "_LIMIT": LIMIT,
        "float": float,
    }
    return _compiled(lines, pieces, names)


def fuse_first(conditions: Sequence[tuple[Expression, str | None]]) -> Callable[..., int] | None:
    """Conditions checked in order, compiled into one function of (values, fired, start):
    the index of the first condition from `start` on that holds (`is True`), skipping one
    whose id (the second item, None for none) is in `fired` with a count; -1 for none.

    For rules (a rule that does not repeat and has fired is skipped) and endings, whose
    conditions are checked in file order after every change. It may raise ArithmeticError
    like any expression: the caller then checks the conditions one by one.
    """
    pieces: dict[str, ast.expr] = {}
    lines = ["def first_that_holds(s, fired, start):"]
    for i, (expression, once) in enumerate(conditions):
        code = fast_code(expression)
        if code is None:
            return None
        pieces[f"_COND_{i}"] = code
        test = f"start <= {i}"
        if once is not None:
            pieces[f"_ID_{i}"] = ast.Constant(once)
            test += f" and not fired.get(_ID_{i})"
        lines.append(f"    if {test} and _COND_{i} is True:")
        lines.append(f"        return {i}")
    lines.append("    return -1")
    return _compiled(lines, pieces, {})


def fuse_effects(
    effects: Sequence[Effect], bounds: dict[str, tuple[float | None, float | None]]
) -> Callable[..., list[list[Any]]] | None:
    """Effects applied in order, compiled into one function of the values: the list of
    [track, before, after] changes `Session._steps` makes of them (a number kept within
    its track's bounds and made whole when it is; a number effect that gives no number
    changes nothing; later effects see earlier ones), without a call per effect.

    A value beyond ±LIMIT (or NaN) is for `_steps` to clamp and record: the function raises
    ArithmeticError then, as on an overflow, and the caller runs `_steps` instead.
    """
    if not effects:
        return None
    pieces: dict[str, ast.expr] = {}
    several = len(effects) > 1
    lines = ["def apply_effects(s):"]
    if several:  # later effects see earlier ones: on a copy
        lines.append("    s = dict(s)")
    lines.append("    out = []")
    for k, effect in enumerate(effects):
        code = effect_code(effect)
        if code is None:
            return None
        pieces[f"_CODE_{k}"] = code
        pieces[f"_T_{k}"] = ast.Constant(effect.target)
        lines += [f"    b = s[_T_{k}]", f"    a = _CODE_{k}"]
        store = [f"        s[_T_{k}] = a"] if several else []
        found = bounds.get(effect.target)
        if found is None:  # a flag or a level: as it comes
            lines += [line[4:] for line in store]
            lines.append(f"    out.append([_T_{k}, b, a])")
            continue
        low, high = found
        lines += [
            "    t = type(a)",
            "    if t is int or t is float:",
            "        if not -_LIMIT <= a <= _LIMIT:",
            "            raise ArithmeticError",
        ]
        if low is not None:
            pieces[f"_LOW_{k}"] = ast.Constant(low)
            lines += [f"        if a < _LOW_{k}:", f"            a = _LOW_{k}"]
        if high is not None:
            pieces[f"_HIGH_{k}"] = ast.Constant(high)
            lines += [f"        if a > _HIGH_{k}:", f"            a = _HIGH_{k}"]
        lines += [
            "        if type(a) is float and a.is_integer() and abs(a) < 9007199254740992:",
            "            a = int(a)",
            *store,
            f"        out.append([_T_{k}, b, a])",
            "    elif t is not bool and isinstance(a, (int, float)):  # a subclass: _steps",
            "        raise ArithmeticError",
        ]
    lines.append("    return out")
    names = {
        "_LIMIT": LIMIT,
        "dict": dict,
        "type": type,
        "int": int,
        "float": float,
        "bool": bool,
        "isinstance": isinstance,
        "ArithmeticError": ArithmeticError,
    }
    return _compiled(lines, pieces, names)


def _compiled(
    lines: list[str], pieces: dict[str, ast.expr], names: dict[str, object]
) -> Callable[..., Any]:
    """The function `lines` define, with each placeholder name in `pieces` replaced by its
    code (an expression's checked tree, or a constant)."""
    func = ast.parse("\n".join(lines)).body[0]
    assert isinstance(func, ast.FunctionDef)

    class Inline(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            found = pieces.get(node.id)
            return node if found is None else copy.deepcopy(found)

    return fused_function(Inline().visit(func), names)
