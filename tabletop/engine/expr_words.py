"""Scenario expressions in words: what a facilitator reads instead of code.

`needs troops_near_border >= 120000 and talks_open` is how a designer writes a
precondition; the console and the reports say `Russian troops near the border at least
120,000 and Talks under way`. The words are made from the parsed tree (the same
parser that checked the scenario at load time), never by rewriting the text, so every
name becomes its track's label and every number is shown with the track's unit (once:
not after a label that already names it, `wording.unit_after_label`).

Pure: no I/O, no Textual. Text that does not parse (it cannot come from a loaded
scenario) is given back as it is, without control characters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from tabletop.engine.wording import format_number, printable, unit_after_label, with_unit
from tabletop.scenario.compiled import BUILTINS
from tabletop.scenario.expr_parse import ExpressionError, NameType, Node, parse_expression
from tabletop.scenario.expressions import parse_effect

if TYPE_CHECKING:
    from tabletop.scenario.compiled import CompiledScenario
    from tabletop.scenario.models import Track

_COMPARE_NUMBER = {
    ">=": "at least",
    ">": "more than",
    "<=": "at most",
    "<": "less than",
    "==": "is",
    "!=": "is not",
}
_COMPARE_LEVEL = {
    ">=": "{v} or higher",
    ">": "above {v}",
    "<=": "{v} or lower",
    "<": "below {v}",
    "==": "is {v}",
    "!=": "is not {v}",
}
_COMPARE_TURN = {
    ">=": "turn {v} or later",
    ">": "after turn {v}",
    "<=": "turn {v} or earlier",
    "<": "before turn {v}",
    "==": "turn {v}",
    "!=": "any turn but {v}",
}
_FLIP = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "==": "==", "!=": "!="}
_ARITHMETIC = {"+": "+", "-": "−", "*": "×", "/": "÷", "//": "÷", "%": "mod", "**": "^"}


class _Words:
    """One rendering: the scenario's labels and units for the names in a tree, and its
    endings' titles for the values `ending` is compared with."""

    def __init__(self, tracks: Mapping[str, Track], endings: Mapping[str, str] | None = None):
        self.tracks = tracks
        self.endings = endings or {}

    def label(self, name: str) -> str:
        if name == "turn":
            return "the turn"
        if name == "ending":
            return "the ending"
        track = self.tracks.get(name)
        return printable(track.label) if track is not None else name

    def unit(self, node: Node) -> str:
        """The unit a number compared with this node takes: the track's, unless its label
        already names it (`Russian troops near Ukraine at least 100,000`)."""
        if node.kind == "name":
            track = self.tracks.get(node.op)
            if track is not None:
                return unit_after_label(track.label, track.unit)
        return ""

    def value(self, node: Node, unit: str = "") -> str:
        """A value: a literal with the unit of what it is compared with, or an expression."""
        if node.kind == "lit":
            if isinstance(node.value, bool):
                return "yes" if node.value else "no"
            if isinstance(node.value, str):
                return printable(node.value)
            return with_unit(node.value, unit)
        return self.render(node, 0)

    def render(self, node: Node, outer: int) -> str:
        """`outer`: 0 at the top, 1 inside `and`/`or` (an `or` gets brackets), 2 inside
        arithmetic (any operator gets brackets)."""
        kind = node.kind
        if kind == "lit":
            return self.value(node)
        if kind == "name":
            label = self.label(node.op)
            return label
        if kind == "unary":
            inner = node.args[0]
            if node.op == "not":
                if inner.kind == "name" and inner.type == "bool":
                    return f"{self.label(inner.op)}: no"
                return f"not ({self.render(inner, 0)})"
            return f"−{self.render(inner, 2)}"
        if kind == "call":
            return self.call(node)
        return self.binary(node, outer)

    def call(self, node: Node) -> str:
        args = node.args
        if node.op == "if":
            cond, yes, no = args
            return f"{self.render(yes, 2)} if {self.render(cond, 1)}, else {self.render(no, 2)}"
        if node.op == "clamp" and len(args) == 3:
            value, low, high = (self.render(a, 0) for a in args)
            return f"{value} kept within {low} to {high}"
        names = {"abs": "the size of", "round": "rounded", "max": "the larger of"}
        names["min"] = "the smaller of"
        joined = " and ".join(self.render(a, 2) for a in args)
        return f"{names.get(node.op, node.op)} {joined}"

    def binary(self, node: Node, outer: int) -> str:
        op = node.op
        left, right = node.args
        if op in ("and", "or"):
            same_level = self._level_choice(node)
            if same_level is not None:
                return same_level
            text = f"{self.render(left, 1)} {op} {self.render(right, 1)}"
            return f"({text})" if (op == "or" and outer >= 1) or outer >= 2 else text
        if op in _COMPARE_NUMBER:
            return self.compare(node)
        text = f"{self.render(left, 2)} {_ARITHMETIC.get(op, op)} {self.render(right, 2)}"
        return f"({text})" if outer >= 2 else text

    def compare(self, node: Node) -> str:
        op = node.op
        left, right = node.args
        if left.kind == "lit" and right.kind != "lit":
            left, right, op = right, left, _FLIP[op]
        if left.kind == "name" and left.op == "turn" and right.kind == "lit":
            return _COMPARE_TURN[op].format(v=self.value(right))
        if left.kind == "name" and left.op == "ending" and right.kind == "lit":
            verb = "is" if op == "==" else "is not"
            return f"the ending {verb} {self.level('ending', str(right.value))}"
        if left.type == "bool" and right.kind == "lit" and isinstance(right.value, bool):
            holds = right.value if op == "==" else not right.value
            return f"{self.render(left, 1)}: {'yes' if holds else 'no'}"
        if left.type in ("level", "string") and op in _COMPARE_LEVEL:
            return f"{self.render(left, 1)} {_COMPARE_LEVEL[op].format(v=self.value(right))}"
        unit = self.unit(left) or self.unit(right)
        return f"{self.render(left, 1)} {_COMPARE_NUMBER[op]} {self.value(right, unit)}"

    def _level_choice(self, node: Node) -> str | None:
        """`x == "a" or x == "b"` → `X a or b` (one track, several levels)."""
        if node.op != "or":
            return None
        options: list[str] = []
        name: str | None = None
        stack = [node]
        while stack:
            current = stack.pop()
            if current.kind == "bin" and current.op == "or":
                stack.extend(reversed(current.args))
                continue
            if current.kind != "bin" or current.op != "==":
                return None
            left, right = current.args
            if left.kind == "lit":
                left, right = right, left
            if left.kind != "name" or right.kind != "lit" or not isinstance(right.value, str):
                return None
            if name is not None and left.op != name:
                return None
            name = left.op
            options.append(self.level(name, right.value))
        if name is None:
            return None
        return f"{self.label(name)} is {' or '.join(options)}"

    def level(self, name: str, value: str) -> str:
        """A level's name as shown; for `ending`, the ending's title."""
        title = self.endings.get(value) if name == "ending" else None
        return printable(title if title else value)


def condition_words(scenario: CompiledScenario, text: str) -> str:
    """A condition (a precondition, a rule's `when`) in words: `Talks under way and
    Tension at most 5`; `` for one that always holds (`true`)."""
    stripped = text.strip()
    if stripped in ("", "true", "True"):
        return ""
    try:
        node = parse_expression(stripped, _names(scenario))
    except ExpressionError:
        return printable(stripped)
    return _words(scenario).render(node, 0)


def value_words(scenario: CompiledScenario, text: str) -> str:
    """A number expression (a modifier's value, a chance) in words."""
    try:
        node = parse_expression(text.strip(), _names(scenario))
    except ExpressionError:
        return printable(text.strip())
    return _words(scenario).value(node)


def score_words(scenario: CompiledScenario, text: str) -> str:
    """An objective's score in words: `Alliance unity ÷ 10`; a condition scores 1 when it
    holds (`1 if Talks under way, else 0`); the ending by its title (`1 if the ending is
    Negotiated de-escalation, else 0`)."""
    try:
        node = parse_expression(text.strip(), _names(scenario))
    except ExpressionError:
        return printable(text.strip())
    words = _words(scenario)
    if node.type == "bool":
        return f"1 if {words.render(node, 1)}, else 0"
    return words.value(node)


def effect_words(scenario: CompiledScenario, text: str) -> str:
    """An effect in words: `Diplomatic progress +1`, `Tension −2`, `Talks under way: no`,
    `Russian escalation: coercion`, `Russian escalation one level up`."""
    try:
        target, op, node, _ = parse_effect(text, _names(scenario))
    except ExpressionError:
        return printable(text.strip())
    words = _words(scenario)
    label = words.label(target)
    track = scenario.tracks.get(target)
    unit = unit_after_label(track.label, track.unit) if track is not None else ""
    if node.kind == "call" and node.op == "_step":  # a level stepped up or down
        steps = node.args[1]
        down = steps.kind == "unary" and steps.op == "-"
        if down:
            steps = steps.args[0]
        way = "down" if down else "up"
        if steps.kind == "lit" and isinstance(steps.value, int | float):
            count = steps.value
            if count < 0:
                count, way = -count, ("up" if down else "down")
            levels = "one level" if count == 1 else f"{format_number(count)} levels"
            return f"{label} {levels} {way}"
        return f"{label} {way} by {words.render(steps, 2)} levels"
    if node.kind == "call" and node.op == "if" and op == "=":
        cond, yes, no = node.args
        if no.kind == "name" and no.op == target:  # if(c, x, the track): else unchanged
            value = words.value(yes, unit) if yes.kind == "lit" else words.render(yes, 2)
            if track is not None and track.type in ("level", "flag") and yes.kind == "lit":
                return f"{label}: {value} if {words.render(cond, 1)}"
            return f"{label} set to {value} if {words.render(cond, 1)}"
    if op == "+=" or op == "-=":
        negative = op == "-="
        if node.kind == "lit" and isinstance(node.value, int | float):
            amount = node.value
            if amount < 0:
                amount, negative = -amount, not negative
            return f"{label} {'−' if negative else '+'}{with_unit(amount, unit)}"
        return f"{label} {'−' if negative else '+'} {words.render(node, 2)}"
    if op == "*=":
        return f"{label} ×{words.value(node)}"
    if track is not None and track.type == "flag" and node.kind == "lit":
        return f"{label}: {words.value(node)}"
    if node.kind == "lit" and track is not None and track.type == "level":
        return f"{label}: {words.value(node)}"
    return f"{label} set to {words.value(node, unit)}"


def effects_words(scenario: CompiledScenario, effects: list[str] | tuple[str, ...]) -> str:
    """Several effects in words, `; `-separated."""
    return "; ".join(effect_words(scenario, e) for e in effects)


def score_maximum(scenario: CompiledScenario, text: str) -> float | None:
    """The most an objective's score can be, from the tracks' ranges (an interval
    analysis of the parsed tree): 1 for a condition, 1 for `tension / 10` on a 0–10
    track, the largest branch of an `if`. None when it cannot be known (a track without
    a `max`, a division by what may be 0)."""
    try:
        node = parse_expression(text.strip(), _names(scenario))
    except ExpressionError:
        return None
    span = _span(node, scenario.tracks)
    return None if span is None else span[1]


def _objectives(scenario: CompiledScenario, actor: str) -> list[tuple[str, float, str]]:
    """An actor's objectives as (id, weight, score text): the compiled ones, else those of
    the model (an audience's scenario compiles none, yet its report shows the scores the
    audience may see, each out of the most it can be)."""
    compiled = scenario.objectives.get(actor)
    if compiled is not None:
        return [(o.id, o.weight, o.score.text) for o in compiled]
    model = scenario.actors.get(actor)
    return [(o.id, o.weight, o.score) for o in model.objectives] if model else []


def objective_maximum(scenario: CompiledScenario, actor: str, objective: str) -> float | None:
    """The most an objective can add to its actor's total: weight × its score's most."""
    for item, weight, score in _objectives(scenario, actor):
        if item == objective:
            most = score_maximum(scenario, score)
            return None if most is None else weight * most
    return None


def actor_maximum(scenario: CompiledScenario, actor: str) -> float | None:
    """The most an actor's total can be (None when one objective's most is unknown)."""
    total = 0.0
    for item, _, _ in _objectives(scenario, actor):
        most = objective_maximum(scenario, actor, item)
        if most is None:
            return None
        total += most
    return total


_Span = tuple[float, float]


def _span(node: Node, tracks: Mapping[str, Track]) -> _Span | None:
    """The (lowest, highest) a number or condition node can be; None when unknown."""
    if node.type == "bool":
        return (0.0, 1.0)  # a condition counts 1 when it holds, 0 when not
    if node.kind == "lit":
        value = node.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return (float(value), float(value))
        return None
    if node.kind == "name":
        track = tracks.get(node.op)
        if track is None or track.min is None or track.max is None:
            return None
        return (float(track.min), float(track.max))
    spans = [_span(arg, tracks) for arg in node.args]
    if any(span is None for span in spans):
        if node.kind == "call" and node.op == "clamp" and len(spans) == 3:
            low, high = spans[1], spans[2]
            if low is not None and high is not None:
                return (low[0], high[1])
        return None
    known = [span for span in spans if span is not None]
    if node.kind == "unary" and node.op == "-":
        return (-known[0][1], -known[0][0])
    if node.kind == "bin":
        return _arithmetic(node.op, known[0], known[1])
    if node.kind == "call":
        return _call(node.op, known)
    return None


def _arithmetic(op: str, a: _Span, b: _Span) -> _Span | None:
    if op == "+":
        return (a[0] + b[0], a[1] + b[1])
    if op == "-":
        return (a[0] - b[1], a[1] - b[0])
    if op == "*":
        products = [x * y for x in a for y in b]
        return (min(products), max(products))
    if op == "/" and (b[0] > 0 or b[1] < 0):
        quotients = [x / y for x in a for y in b]
        return (min(quotients), max(quotients))
    return None


def _call(name: str, spans: list[_Span]) -> _Span | None:
    if name == "if" and len(spans) == 3:
        return (min(spans[1][0], spans[2][0]), max(spans[1][1], spans[2][1]))
    if name == "clamp" and len(spans) == 3:
        value, low, high = spans
        return (max(value[0], low[0]), min(value[1], high[1]))
    if name == "min":
        return (min(s[0] for s in spans), min(s[1] for s in spans))
    if name == "max":
        return (max(s[0] for s in spans), max(s[1] for s in spans))
    if name == "round" and spans:
        return (float(round(spans[0][0])), float(round(spans[0][1])))
    if name == "abs" and spans:
        least, most = spans[0]
        bottom = 0.0 if least <= 0 <= most else min(abs(least), abs(most))
        return (bottom, max(abs(least), abs(most)))
    return None


def _words(scenario: CompiledScenario) -> _Words:
    return _Words(scenario.tracks, {e.id: e.title for e in scenario.model.endings})


def _names(scenario: CompiledScenario) -> Mapping[str, NameType]:
    """What expressions may read: the tracks, `turn`, and (in scores) `ending`."""
    ending = NameType("level", tuple(e.id for e in scenario.model.endings), assignable=False)
    return {**BUILTINS, "ending": ending, **scenario.names}
