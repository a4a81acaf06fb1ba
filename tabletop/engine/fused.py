"""Generated functions for the engine's hot loop: many checked expressions as one function.

Each function here is compiled from a template of this module's own making (indices and
placeholders only) into which the scenario's expressions enter as their checked trees
(`expressions.fast_code`, `effect_code`), never as text; `fused_function` compiles the
result. Each decides exactly as the plain loop over the same expressions would, or raises
ArithmeticError where that loop's expressions would fall back to their overflow-safe code
(or a value needs clamping): the caller then takes the plain loop
(`tests/engine/test_tables.py` compares both in any state).
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from tabletop.scenario.bounds import LIMIT
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.expressions import (
    Effect,
    Expression,
    effect_code,
    fast_code,
    fused_function,
)


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
    several = _chained(effects)
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


def _chained(effects: Sequence[Effect]) -> bool:
    """Whether an effect reads or sets a track an earlier one of `effects` sets: only
    then must the effects run on a copy of the values that each one updates (`_steps`
    copies whenever there are several). Most outcomes set tracks none of their other
    effects reads, and copying the values was a tenth of applying them."""
    written: set[str] = set()
    for effect in effects:
        if effect.target in written or not written.isdisjoint(effect.names):
            return True
        written.add(effect.target)
    return False


def _compiled(
    lines: list[str], pieces: dict[str, ast.expr], names: dict[str, object]
) -> Callable[..., Any]:
    """The function `lines` define, with each placeholder name in `pieces` replaced by its
    code (an expression's checked tree, or a constant)."""
    func = ast.parse("\n".join(lines)).body[0]
    assert isinstance(func, ast.FunctionDef)

    used: set[str] = set()

    class Inline(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            found = pieces.get(node.id)
            if found is None:
                return node
            if node.id in used:  # a piece placed twice: each place gets its own tree
                return copy.deepcopy(found)
            used.add(node.id)  # each piece is a fresh tree (`fast_code` makes a new one)
            return found

    return fused_function(Inline().visit(func), names)


def fuse_scores(
    objectives: Mapping[str, Sequence[tuple[str, Expression, float]]],
) -> Callable[..., dict[str, dict[str, Any]]] | None:
    """Every actor's objective scores compiled into one function of the values (with
    `ending`): the dict `Session.scores` makes of them, each score's code inlined, where
    the loop made ~10 calls an objective (its function, `as_float`, `bounded`, `round`,
    `_tidy`): a fifth of the end of a run.

    `objectives` is (objective id, score expression, weight) per actor, in order. A score
    that is not a finite number within ±LIMIT (to clamp), or an overflow, raises
    ArithmeticError: `Session.scores` then scores the plain way.
    """
    pieces: dict[str, ast.expr] = {}
    lines = ["def scores(s):", "    out = {}"]
    for a, (actor, entries) in enumerate(objectives.items()):
        pieces[f"_A_{a}"] = ast.Constant(actor)
        lines += ["    v = {}", "    t = 0.0"]
        for k, (objective, score, weight) in enumerate(entries):
            code = fast_code(score)
            if code is None:
                return None
            pieces[f"_S_{a}_{k}"] = code
            pieces[f"_O_{a}_{k}"] = ast.Constant(objective)
            pieces[f"_W_{a}_{k}"] = ast.Constant(weight)
            lines += [
                f"    r = _S_{a}_{k}",
                "    x = 0.0 if isinstance(r, str) else float(r)",
                "    if not -_LIMIT <= x <= _LIMIT:",
                "        raise ArithmeticError",
                "    if x.is_integer():",
                f"        v[_O_{a}_{k}] = int(x)",
                "    else:",
                "        r = round(x, 4)",
                "        if r.is_integer() and abs(r) < 9007199254740992:",
                "            r = int(r)",
                f"        v[_O_{a}_{k}] = r",
                f"    t += _W_{a}_{k} * x",
            ]
        lines += [
            "    r = round(t, 4)",
            "    if type(r) is float and r.is_integer() and abs(r) < 9007199254740992:",
            "        r = int(r)",
            f"    out[_A_{a}] = {{'total': r, 'objectives': v}}",
        ]
    lines.append("    return out")
    names = {
        "_LIMIT": LIMIT,
        "isinstance": isinstance,
        "str": str,
        "float": float,
        "int": int,
        "round": round,
        "abs": abs,
        "type": type,
        "ArithmeticError": ArithmeticError,
    }
    return _compiled(lines, pieces, names)


def fuse_due(
    injects: Sequence[tuple[str, int | None, Expression | None]],
) -> Callable[..., int] | None:
    """The scenario's own injects checked in file order, compiled into one function of
    (values, delivered, turn, start): the index of the first inject from `start` on that
    is due now (its turn reached, not delivered yet, its condition true); -1 for none.

    `injects` is (id, 0-based turn it is due from or None, condition or None) per inject.
    The loop it replaces read five attributes of every inject at every turn's start, most
    of them long delivered. It may raise ArithmeticError like any expression: the caller
    then checks the injects one by one.
    """
    pieces: dict[str, ast.expr] = {}
    lines = ["def first_due(s, delivered, turn, start):"]
    for i, (inject, turn_index, when) in enumerate(injects):
        pieces[f"_ID_{i}"] = ast.Constant(inject)
        test = f"start <= {i}"
        if turn_index is not None:
            test += f" and {int(turn_index)} <= turn"
        test += f" and _ID_{i} not in delivered"
        if when is not None:
            code = fast_code(when)
            if code is None:
                return None
            pieces[f"_COND_{i}"] = code
            test += f" and _COND_{i} is True"
        lines.append(f"    if {test}:")
        lines.append(f"        return {i}")
    lines.append("    return -1")
    return _compiled(lines, pieces, {})
