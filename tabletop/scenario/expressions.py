"""The small, safe expression language of scenario conditions, numbers and effects.

Scenario files are written by strangers, so expressions are never handed to Python's
`eval`: the text is parsed and type-checked by our own parser (`expr_parse`), and only
code generated from that checked tree is compiled. Compiled expressions run as fast as a
hand-written lambda.

Language
--------
Python-like infix syntax over the scenario's own names.

Values have three kinds: **numbers** (whole or decimal), **true/false**, and **levels**
(the value of a level track, one of its declared levels, e.g. "low", "high").

* Numbers: ``12``, ``150_000``, ``1.5``, ``.5``.
* true/false: ``true``, ``false`` (``True`` and ``False`` work too).
* Text in double or single quotes (``"high"``, ``'high'``) is only for levels: comparing
  with a level track (``alert == "high"``), as a result of ``if(...)`` or in an effect
  (``alert = "high"``). It must be one of that track's levels. No escapes.
* Names: the scenario's track ids and the built-ins the program provides (e.g. ``turn``).
  A name is letters, digits and ``_``, not starting with a digit.

Operators, from loosest to tightest binding:

=================================  ================================================
``or``                             true if either side is true
``and``                            true if both sides are true
``not``                            negation
``<  <=  >  >=  ==  !=``           comparisons; one per group (``a < b < c`` is an
                                   error: write ``a < b and b < c``)
``+  -``                           addition, subtraction
``*  /  //  %``                    multiply, divide, whole division, remainder
``-x  +x``                         sign
``**``                             power; the right side must be a plain number from
                                   -10 to 10 (``x ** 2``, ``x ** 0.5``, ``x ** -1``)
``( )``  and function calls        grouping
=================================  ================================================

Functions (no others exist):

* ``min(a, b, ...)``, ``max(a, b, ...)``: smallest/largest of two or more numbers.
* ``abs(x)``: distance from zero.
* ``round(x)``: nearest whole number; halves round away from zero (``round(2.5)`` is 3,
  ``round(-2.5)`` is -3). Infinite values pass through unchanged.
* ``clamp(x, lo, hi)``: x limited to lo..hi, i.e. ``min(max(x, lo), hi)``.
* ``if(condition, a, b)``: a when the condition is true, otherwise b; only the chosen one
  is worked out. a and b must be the same kind.

Type rules: arithmetic needs numbers; ``< <= > >=`` need two numbers, or two levels of
one track (a level track and one of its quoted levels, or two level tracks listing the
same levels in the same order), which compare by their order in the list, lowest first
(``escalation >= "coercion"``); ``and``, ``or``, ``not`` need
true/false (a number is never "true"); ``==`` and ``!=`` need two values of the same kind
(two numbers, two true/false values, two levels with the same level list, or a level and a
quoted text that is one of its levels). A condition must give true/false.

Arithmetic never fails: dividing by zero (``/``, ``//``, ``%``) gives 0, and so does a
power with no real answer (``0 ** -1``, ``(-8) ** 0.5``). Whole numbers stay exact; a
decimal result too big to hold (beyond about 1e308, e.g. ``1e200 ** 2`` or a huge whole
number times 1.5) becomes infinite, and from there Python's rules for infinity apply.

Limits: at most 1000 characters, 200 parts (numbers, names, operators and calls) and 32
levels of nesting (parentheses, calls and operators inside one another).

Not allowed, among others: attributes (``a.b``), indexing (``a[0]``), keyword arguments,
assignment inside conditions (``=``, ``:=``), any function not listed above, lambdas,
comprehensions, imports, and prefixed strings (``f"..."``). The words ``and or not true
false True False`` always mean themselves, so a track with such an id can't be named.

Effects
-------
An effect changes one track: ``name = value``, ``name += value``, ``name -= value`` or
``name *= value``. ``+= -= *=`` need a number track and a number value, except that
``+=`` and ``-=`` on a level track step it that many levels up or down, kept within its
levels (``escalation += 1``); ``=`` needs a
value of the track's kind (for a level track: a quoted level such as ``alert = "high"``,
or another level value with the same levels). Read-only names (like ``turn``) can't be
changed. The effect computes the new value; the caller applies the track's min/max.

API
---
`compile_expression`, `compile_condition`, `compile_number` and `compile_effect` return
`Expression`/`Effect` objects or raise `ExpressionError` (never anything else); its
``.message`` is a sentence for the designer, ``.column`` the 1-based position (or None),
and ``str(error)`` adds "(at column N)". Evaluate with ``expr.fn(state)`` (the one way:
the compiled function itself, no wrapper), where ``state`` maps each name to its value
(numbers as int/float, true/false as bool, levels as str). With values of the declared
types, evaluation never raises.
"""

from __future__ import annotations

import ast
import math
import operator
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from tabletop.scenario.bounds import as_float
from tabletop.scenario.expr_parse import (
    ASSIGN_OPS,
    KIND,
    WORDS,
    ExpressionError,
    NameType,
    Node,
    Parser,
    ValueType,
    describe,
    label,
    names_read,
)

__all__ = [
    "Effect",
    "Expression",
    "ExpressionError",
    "NameType",
    "ValueType",
    "compile_condition",
    "compile_effect",
    "compile_expression",
    "compile_number",
    "effect_code",
    "fast_code",
    "fused_function",
]

Evaluator = Callable[[Mapping[str, object]], object]


@dataclass(frozen=True)
class Expression:
    """A compiled expression: `fn(values)` evaluates it over a mapping name -> value.

    There is one way to call it, `expr.fn(values)`: the compiled function itself, as fast
    as a hand-written lambda (a `__call__` would add a Python frame, 1.7x the cost).
    """

    text: str
    type: ValueType
    names: frozenset[str]
    fn: Evaluator = field(repr=False, compare=False)
    node: Node | None = field(default=None, repr=False, compare=False)
    """The checked tree it was compiled from (the loader's checks read it again)."""


@dataclass(frozen=True)
class Effect:
    """A compiled effect; `fn(state)` returns the target's new value (not clamped).

    `names` are the names the effect reads (for += -= *= this includes the target).
    """

    text: str
    target: str
    op: Literal["=", "+=", "-=", "*="]
    value: Expression
    fn: Evaluator = field(repr=False, compare=False)
    names: frozenset[str]
    node: Node | None = field(default=None, repr=False, compare=False)
    """The checked tree of the value (see `effect_code`)."""


# -- run-time helpers (the only things generated code can reach) ----------------------
_float = as_float  # an int beyond float range is ±inf


def _safe(op: Callable[[Any, Any], Any], zero_divisor_gives_0: bool) -> Callable[[Any, Any], Any]:
    def run(a: Any, b: Any) -> Any:
        if zero_divisor_gives_0 and not b:
            return 0
        try:
            return op(a, b)
        except OverflowError:  # huge int mixed with float: work in floats (inf)
            return op(_float(a), _float(b))

    return run


def _pow(base: Any, exp: int | float) -> Any:
    if type(base) is int and (type(exp) is not int or base.bit_length() * abs(exp) > 1024):
        base = _float(base)  # keeps ints small: nested powers can't eat memory
    try:
        result = base**exp
    except ZeroDivisionError:
        return 0
    except OverflowError:
        if base < 0 and exp != int(exp):
            return 0
        return -math.inf if base < 0 and int(exp) % 2 else math.inf
    return 0 if isinstance(result, complex) else result


def _round(x: Any) -> Any:
    if type(x) is int or not math.isfinite(x):
        return x
    whole = math.floor(abs(x))
    up = whole + 1 if abs(x) - whole >= 0.5 else whole
    return up if x >= 0 else -up


_SAFE = {
    "+": _safe(operator.add, False),
    "-": _safe(operator.sub, False),
    "*": _safe(operator.mul, False),
    "/": _safe(operator.truediv, True),
    "//": _safe(operator.floordiv, True),
    "%": _safe(operator.mod, True),
}
_HELPER_NAMES = {"+": "_add", "-": "_sub", "*": "_mul", "/": "_div", "//": "_fdiv", "%": "_mod"}
_GLOBALS: dict[str, Any] = {"__builtins__": {}, "min": min, "max": max, "abs": abs}
_GLOBALS.update({name: _SAFE[op] for op, name in _HELPER_NAMES.items()})
_GLOBALS.update(_pow=_pow, _round=_round, _ArithmeticError=ArithmeticError)

# -- code generation --------------------------------------------------------------------
_BINOPS = {"+": ast.Add, "-": ast.Sub, "*": ast.Mult, "/": ast.Div, "//": ast.FloorDiv}
_BINOPS["%"] = ast.Mod
_CMPOPS = {"<": ast.Lt, "<=": ast.LtE, ">": ast.Gt, ">=": ast.GtE, "==": ast.Eq, "!=": ast.NotEq}


_N = TypeVar("_N", bound=ast.AST)


def _at(node: _N) -> _N:
    """Give a generated node a position; cheaper than ast.fix_missing_locations afterwards."""
    node.lineno = node.end_lineno = 1  # type: ignore[attr-defined]
    node.col_offset = node.end_col_offset = 0  # type: ignore[attr-defined]
    return node


def _call(func: str, args: list[ast.expr]) -> ast.expr:
    return _at(ast.Call(_at(ast.Name(func, ast.Load())), args, []))


def _read(name: str) -> ast.expr:
    return _at(ast.Subscript(_at(ast.Name("s", ast.Load())), _at(ast.Constant(name)), ast.Load()))


def _rank(node: Node, code: ast.expr, levels: tuple[str, ...]) -> ast.expr:
    """A level's position in `levels`: a constant for a quoted level, else a lookup."""
    if node.kind == "lit":
        return _at(ast.Constant(levels.index(str(node.value))))
    table = _at(ast.Constant(levels))  # type: ignore[arg-type]  # a tuple constant is valid
    return _call("_level_rank", [table, code])


def _level_rank(levels: tuple[str, ...], value: str) -> int:
    return levels.index(value) if value in levels else -1


def _step(levels: tuple[str, ...], current: str, steps: Any) -> str:
    """`escalation += 1`: the level `steps` places up (down if negative), kept in range."""
    if current not in levels or isinstance(steps, bool) or not math.isfinite(steps):
        return current
    where = levels.index(current) + int(_round(steps))
    return levels[min(max(where, 0), len(levels) - 1)]


_GLOBALS.update(_level_rank=_level_rank, _step=_step)


def _gen(n: Node, safe: bool, names: set[str]) -> ast.expr:
    """Python code for a checked node; `safe` routes arithmetic through overflow helpers."""
    if n.kind == "lit":
        return _at(ast.Constant(n.value))  # type: ignore[arg-type]
    if n.kind == "name":
        names.add(n.op)
        return _read(n.op)
    args = [_gen(a, safe, names) for a in n.args]
    op = n.op
    if n.kind == "unary":
        return _at(ast.UnaryOp(ast.Not() if op == "not" else ast.USub(), args[0]))
    if n.kind == "call":
        if op == "if":
            return _at(ast.IfExp(args[0], args[1], args[2]))
        if op == "clamp":
            return _call("min", [_call("max", args[:2]), args[2]])
        if op == "_step":
            return _call("_step", [_at(ast.Constant(n.levels)), *args])  # type: ignore[arg-type]
        return _call("_round" if op == "round" else op, args)
    if op in ("and", "or"):
        values: list[ast.expr] = []
        for child, code in zip(n.args, args, strict=True):
            same = child.kind == "bin" and child.op == op and isinstance(code, ast.BoolOp)
            values.extend(code.values if same else [code])  # type: ignore[attr-defined]
        return _at(ast.BoolOp(ast.And() if op == "and" else ast.Or(), values))
    if op in _CMPOPS and n.levels:  # levels compare by their rank in the track's list
        ranked = [_rank(child, code, n.levels) for child, code in zip(n.args, args, strict=True)]
        return _at(ast.Compare(ranked[0], [_CMPOPS[op]()], [ranked[1]]))
    if op in _CMPOPS:
        return _at(ast.Compare(args[0], [_CMPOPS[op]()], [args[1]]))
    if op == "**":
        return _call("_pow", args)
    if safe:
        return _call(_HELPER_NAMES[op], args)
    plain = _at(ast.BinOp(args[0], _BINOPS[op](), args[1]))
    divisor = n.args[1]
    if op not in ("/", "//", "%") or (divisor.kind == "lit" and divisor.value):
        return plain
    if divisor.kind == "lit":  # dividing by a literal zero
        return _at(ast.Constant(0))
    if divisor.kind == "name":  # cheap to read twice: inline the zero check
        return _at(ast.IfExp(_read(divisor.op), plain, _at(ast.Constant(0))))
    return _call(_HELPER_NAMES[op], args)


def _function(body: ast.expr, fallback: Evaluator | None) -> Evaluator:
    """`def f(s): try: return body except ArithmeticError: return fallback(s)`.

    With no fallback, the plain function (used for the overflow-safe version itself).
    """
    ret = _at(ast.Return(body))
    if fallback is None:
        params = ast.arguments([], [_at(ast.arg("s"))], None, [], [], None, [])
        stmts: list[ast.stmt] = [ret]
    else:
        args = [_at(ast.arg("s")), _at(ast.arg("_slow"))]
        params = ast.arguments([], args, None, [], [], None, [])
        state = _at(ast.Name("s", ast.Load()))
        call = _at(ast.Call(_at(ast.Name("_slow", ast.Load())), [state], []))
        error = _at(ast.Name("_ArithmeticError", ast.Load()))
        handler = _at(ast.ExceptHandler(error, None, [_at(ast.Return(call))]))
        stmts = [_at(ast.Try([ret], [handler], [], []))]
    func = _at(ast.FunctionDef("scenario_expression", params, stmts, [], None, None))
    code = compile(ast.Module([func], []), "<scenario expression>", "exec")
    func_code = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    defaults = None if fallback is None else (fallback,)
    return types.FunctionType(func_code, _GLOBALS, None, defaults)


class _SlowPath:
    """The overflow-safe version of an expression, compiled the first time it is needed.

    Arithmetic errors are rare (huge numbers, overflow), so building this eagerly for
    every expression would double the cost of loading a scenario for nothing.
    """

    __slots__ = ("_fn", "_node", "_op", "_target")

    def __init__(self, node: Node, target: str | None, op: str) -> None:
        self._node, self._target, self._op = node, target, op
        self._fn: Evaluator | None = None

    def __call__(self, s: Any) -> Any:
        if self._fn is None:
            slow = _gen(self._node, True, set())
            if self._target is not None:
                slow = _call(_HELPER_NAMES[self._op[0]], [_read(self._target), slow])
            self._fn = _function(slow, None)
        return self._fn(s)


def _stub_code() -> types.CodeType:
    def scenario_expression(s: Any, _lazy: Any) -> Any:
        return _lazy.compile_and_call(s)

    return scenario_expression.__code__


_STUB = _stub_code()


class _Deferred:
    """Compiles an expression's code the first time it runs, then gets out of the way.

    Validating a scenario only needs the parse and the type check; generating and
    compiling Python code costs ~50 µs an expression, so it waits until the engine
    first evaluates it. The function object keeps its identity: its `__code__` and
    defaults are swapped for the compiled ones, so callers that hold it run at full
    speed from the second call on.
    """

    __slots__ = ("_fn", "_node", "_op", "_target")

    def __init__(self, node: Node, target: str | None, op: str) -> None:
        self._node, self._target, self._op = node, target, op
        self._fn: Any = None

    def bind(self) -> Evaluator:
        self._fn = types.FunctionType(_STUB, _GLOBALS, "scenario_expression", (self,))
        return self._fn  # type: ignore[no-any-return]

    def compile_and_call(self, s: Any) -> Any:
        fn = self._fn
        if fn.__code__ is _STUB:
            names: set[str] = set()
            fast = _gen(self._node, False, names)
            if self._target is not None:
                fast = _at(ast.BinOp(_read(self._target), _BINOPS[self._op[0]](), fast))
            real = _function(fast, _SlowPath(self._node, self._target, self._op))
            fn.__defaults__ = real.__defaults__
            fn.__code__ = real.__code__
        return fn(s)


_new_object, _set_attribute = object.__new__, object.__setattr__
_Made = TypeVar("_Made", "Expression", "Effect")


def _frozen(cls: type[_Made], fields: dict[str, Any]) -> _Made:
    """`cls(**fields)` without the frozen dataclass's `__init__` (an `object.__setattr__`
    call a field): twice as fast, and validation makes one for every expression of a
    scenario. `fields` names every field (tests/scenario/test_expressions.py checks)."""
    made: _Made = _new_object(cls)
    _set_attribute(made, "__dict__", fields)
    return made


def _build(node: Node, target: str | None = None, op: str = "=") -> Evaluator:
    return _Deferred(node, target, op).bind()


class _FnOnFirstRead:
    """`fn` of an expression or effect compiled with its tree kept, made the first time it
    is read and then stored as the instance's own attribute.

    A non-data descriptor: once `fn` is in the instance's `__dict__` that wins, so
    `expr.fn(values)` costs what it did. Validation reads few of them (most wait for the
    engine), and making each stub costs ~0.4 µs an expression."""

    def __get__(self, made: Expression | Effect | None, owner: type) -> Any:
        if made is None:
            return self
        fn: Evaluator
        node = made.node
        assert node is not None  # `fn` is left out only when the tree is kept
        if isinstance(made, Effect):
            fn = made.value.fn if made.op == "=" else _build(node, made.target, made.op)
        else:
            fn = _build(node)
        made.__dict__["fn"] = fn
        return fn


class _NamesOnFirstRead:
    """`names` of an expression or effect compiled with its tree kept, gathered from the
    tree the first time it is read and then stored as the instance's own attribute (a
    non-data descriptor, as `fn` is).

    Validation reads few of them (the engine none), yet a frozenset was made for each
    (two for an effect), with the list the parser gathered it in."""

    def __get__(self, made: Expression | Effect | None, owner: type) -> Any:
        if made is None:
            return self
        node = made.node
        assert node is not None  # `names` is left out only when the tree is kept
        names = names_read(node)
        if isinstance(made, Effect) and made.op != "=":  # `tension += 1` reads tension
            names |= {made.target}
        made.__dict__["names"] = names
        return names


setattr(Expression, "fn", _FnOnFirstRead())  # noqa: B010 (after the dataclass is made)
setattr(Effect, "fn", _FnOnFirstRead())  # noqa: B010
setattr(Expression, "names", _NamesOnFirstRead())  # noqa: B010
setattr(Effect, "names", _NamesOnFirstRead())  # noqa: B010


def fast_code(expression: Expression) -> ast.expr | None:
    """The code `expression.fn` runs on its fast path, as an `ast` expression over the
    values `s` (None when the checked tree was not kept).

    For the engine, which fuses many expressions into one function (an actor's whole
    doctrine, engine/tables.py) to save a call per expression. Compile the fused code with
    `fused_function`; like each expression's own function, it may raise ArithmeticError
    (an overflow), and the caller must then use the expressions' own functions, which fall
    back to their overflow-safe code.
    """
    if expression.node is None:
        return None
    return _gen(expression.node, False, set())


def effect_code(effect: Effect) -> ast.expr | None:
    """The code `effect.fn` runs on its fast path (the target's new value), as `fast_code`
    gives an expression's; None when the checked tree was not kept."""
    if effect.node is None:
        return None
    fast = _gen(effect.node, False, set())
    if effect.op != "=":
        fast = _at(ast.BinOp(_read(effect.target), _BINOPS[effect.op[0]](), fast))
    return fast


def fused_function(func: ast.FunctionDef, names: Mapping[str, Any]) -> Callable[..., Any]:
    """Compile a function built around `fast_code` pieces; it sees the expressions' own
    helpers and `names` (nothing else: no builtins)."""
    code = compile(ast.fix_missing_locations(ast.Module([func], [])), "<fused>", "exec")
    func_code = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    return types.FunctionType(func_code, {**_GLOBALS, **names}, func.name)


def compile_expression(
    text: str, names: Mapping[str, NameType], expect: ValueType | None = None
) -> Expression:
    """Compile `text`; with `expect`, its result must be of that type."""
    parser = Parser(text, names)
    node = parser.finish(parser.expr(0, 0))
    if node.type == "string":
        raise ExpressionError(
            "quoted text on its own is not a value; compare it with a level track, "
            "like alert == 'high'"
        )
    if expect is not None and node.type != expect:
        got = KIND[node.type]
        if expect == "bool":
            hint = "alert == 'high'" if node.type == "level" else "tension > 3"
            bare = names.get(text.strip())
            if bare is not None:  # `requires = "mediation"`: compare that track itself
                name = text.strip()
                top = bare.levels[-1] if bare.levels else ""
                hint = f"{name} == '{top}'" if node.type == "level" and top else f"{name} > 0"
            raise ExpressionError(
                f"a condition must be true or false, but this gives {got} (compare it, like {hint})"
            )
        raise ExpressionError(f"expected {KIND[expect]}, but this gives {got}")
    fields = {"text": text, "type": node.type, "node": node}  # fn and names: when read
    return _frozen(Expression, fields)


def compile_condition(text: str, names: Mapping[str, NameType]) -> Expression:
    """Compile a condition: an expression that gives true/false."""
    return compile_expression(text, names, "bool")


def compile_number(text: str, names: Mapping[str, NameType]) -> Expression:
    """Compile an expression that gives a number."""
    return compile_expression(text, names, "number")


def compile_effect(text: str, names: Mapping[str, NameType]) -> Effect:
    """Compile `name = value`, `name += value`, `name -= value` or `name *= value`."""
    target, op, node, value_text = _parse_effect(text, names)
    value_type = "level" if node.type == "string" else node.type
    fields: dict[str, Any] = {"text": value_text, "type": value_type, "node": node}
    value = _frozen(Expression, fields)  # fn and names: when read, as the effect's
    fields = {"text": text, "target": target, "op": op, "value": value, "node": node}
    return _frozen(Effect, fields)  # fn: when read (the value's for `=`), names too


def parse_effect(text: str, names: Mapping[str, NameType]) -> tuple[str, str, Node, str]:
    """Parse and type-check an effect: (target, op, value node, value text); a level
    stepped with += or -= comes back as `=` with a `_step` call (for its words)."""
    return _parse_effect(text, names)


def _parse_effect(
    text: str, names: Mapping[str, NameType], lazy: bool = False
) -> tuple[str, str, Node, str]:
    """Parse and type-check `name op expr`: (target, op, value node, value text); `lazy`
    takes the parser's reference path."""
    p = Parser(text, names, lazy)
    target, op = p.toks[0], p.peek(1)  # the constructor read the first token
    if target[0] != "name" or target[1] in WORDS:
        p.fail(
            "an effect must start with the name of the track to change, like 'tension += 1'", target
        )
    if op is None or op[0] != "op" or op[1] not in ASSIGN_OPS:
        if op is not None and op[1] == "==":
            p.fail("'==' compares; an effect sets a value with '=' (like 'tension = 3')", op)
        if op is not None and op[1] in ("/=", "//=", "%=", "**="):
            p.fail(f"'{op[1]}' is not allowed; effects can use =, +=, -= or *=", op)
        p.fail("an effect must change a track, like 'tension += 1' (with =, +=, -= or *=)", op)
    if target[1] not in p.names:
        p.unknown_name(target, sorted(n for n, t in p.names.items() if t.assignable))
    kind, owner = p.names[target[1]], f"'{target[1]}'"
    if not kind.assignable:
        p.fail(f"{owner} can't be changed by an effect (it is read-only)", target)
    p.pos = 2
    if p.peek() is None:
        p.fail(f"a value is missing after '{op[1]}'")
    value = p.finish(p.expr(0, 0))
    if op[1] in ("+=", "-=") and kind.type == "level":
        if value.type != "number":
            p.fail(f"'{op[1]}' on a level steps it up or down: it needs a number", value)
        if op[1] == "-=":
            value = Node("unary", "number", value.col, op="-", args=(value,))
        levels = tuple(kind.levels)
        target_node = Node("name", "level", target[2], op=target[1], levels=levels)
        value = Node(
            "call", "level", value.col, op="_step", args=(target_node, value), levels=levels
        )
        value_text = text[op[2] - 1 + len(op[1]) :].strip()
        return target[1], "=", value, value_text
    elif op[1] != "=":
        if kind.type != "number":
            p.fail(f"'{op[1]}' only works on number tracks, but {owner} is {KIND[kind.type]}", op)
        if value.type != "number":
            p.fail(f"'{op[1]}' needs a number on the right, got {describe(value)}", value)
    elif kind.type == "level" and value.type == "string":
        p.check_levels(value, tuple(kind.levels), owner)
    elif kind.type == "level" and value.type == "level":
        if set(value.levels) != set(kind.levels):
            p.fail(f"{label(value)} and {owner} have different levels", value)
    elif value.type != kind.type:
        want = KIND[kind.type]
        p.fail(
            f"{owner} holds {want}, so the value must be {want} too, got {describe(value)}", value
        )
    value_text = text[op[2] - 1 + len(op[1]) :].strip()
    return target[1], op[1], value, value_text
