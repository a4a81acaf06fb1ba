"""Tokenizer, parser and type checker for scenario expressions (internal).

The language and the public API are described in :mod:`tabletop.scenario.expressions`;
this module turns text into a small typed tree (`Node`) or raises `ExpressionError`.
Nothing here evaluates anything.
"""

from __future__ import annotations

import difflib
import keyword
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, NamedTuple, NoReturn

from tabletop.scenario.bounds import LIMIT

ValueType = Literal["number", "bool", "level"]

MAX_LENGTH = 1000
MAX_DEPTH = 32
MAX_NODES = 200
MAX_EXPONENT = 10
FUNCTIONS = ("abs", "clamp", "if", "max", "min", "round")
ASSIGN_OPS = ("=", "+=", "-=", "*=")


@dataclass(frozen=True)
class NameType:
    """What a name holds: its type, its levels (for "level") and whether effects may set it."""

    type: ValueType
    levels: tuple[str, ...] = ()
    assignable: bool = True

    def __post_init__(self) -> None:
        """Levels are kept as a tuple, so that the parser puts them in a tree as they are
        (a name node per name read: no copy each)."""
        if type(self.levels) is not tuple:
            object.__setattr__(self, "levels", tuple(self.levels))


class ExpressionError(ValueError):
    """Bad expression text.

    `.message` is a facilitator-readable sentence without position; `.column` is the
    1-based character position of the problem (or None when it concerns the whole text).
    """

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message if column is None else f"{message} (at column {column})")
        self.message = message
        self.column = column

    def __reduce__(self) -> tuple[type[ExpressionError], tuple[str, int | None]]:
        return (type(self), (self.message, self.column))


class Token(NamedTuple):
    kind: str  # "num", "name", "str" or "op"
    text: str
    col: int


Tok = tuple[str, str, int]
"""A token as the parser reads it: (kind, text, column), tok[0], tok[1], tok[2]. The
tokens read at once are plain tuples (a named tuple costs a call each); `_tokens`
gives `Token`s."""


class Node(NamedTuple):
    """A typed tree node. `type` is a ValueType or "string" (a bare text literal).

    A named tuple, not a dataclass: validation builds one per part of every expression,
    and `tuple.__new__` makes one in half the time a dataclass's `__init__` takes."""

    kind: str  # "lit", "name", "unary", "bin" or "call"
    type: str
    col: int
    op: str = ""  # operator, function name or variable name
    args: tuple[Node, ...] = ()
    value: object = None  # for "lit"
    levels: tuple[str, ...] = ()  # "level": allowed levels; "string": the possible texts


_new_node = tuple.__new__

_TOKEN = re.compile(
    r"(?P<ws>\s+)"  # any whitespace, also non-breaking spaces pasted from documents
    r"|(?P<num>[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<str>\"[^\"]*\"|'[^']*')"
    r"|(?P<op>\*\*=|//=|\*\*|//|<=|>=|==|!=|\+=|-=|\*=|/=|%=|[-+*/%<>=(),])"
)
_BAD_CHARS = {
    ".": "'.' is not allowed: names have no parts (no attribute access like a.b)",
    **dict.fromkeys("[]", "square brackets are not allowed: there are no lists or indexing"),
    **dict.fromkeys("{}", "curly braces are not allowed"),
    "!": "'!' is not allowed: use 'not' to negate and '!=' for 'not equal'",
    "&": "'&' is not allowed: use 'and'",
    "|": "'|' is not allowed: use 'or'",
    "^": "'^' is not allowed: use '**' for powers",
    ":": "':' is not allowed (there are no lambdas, slices or dictionaries)",
    ";": "';' is not allowed: write one expression per entry",
    "#": "'#' is not allowed: expressions can't contain comments",
    **dict.fromkeys("“”‘’", "curly quotes are not allowed: use straight quotes \" or '"),
}
_HINTS = {
    "=": "'=' is not allowed here; to compare two values use '=='",
    **{
        op: f"'{op}' only works in effects (like 'tension {op} 2'), not here"
        for op in ASSIGN_OPS[1:]
    },
    ")": "unexpected ')' (a '(' or a value is missing)",
}
KIND = {"number": "a number", "bool": "true/false", "level": "a level", "string": "text"}
_WANT = {"number": ("a number", "numbers"), "bool": ("true/false", "true/false")}
_BP = {
    **{"or": 1, "and": 2, "<": 4, "<=": 4, ">": 4, ">=": 4, "==": 4, "!=": 4},
    **{"+": 5, "-": 5, "*": 6, "/": 6, "//": 6, "%": 6, "**": 8},
}
_BP_NOT, _BP_CMP, _BP_UNARY = 3, 4, 7
_TAKES = {
    **dict.fromkeys(("and", "or"), ("bool", "bool")),
    **dict.fromkeys(("==", "!="), ("number", "bool")),
    **dict.fromkeys(("<", "<=", ">", ">="), ("number", "bool")),
    **dict.fromkeys(("+", "-", "*", "/", "//", "%"), ("number", "number")),
}
"""The operators `expr` builds inline: (the kind both sides have, the result's kind).
`==` between two true/false values is left to `binary`, as are `**` and levels."""
_BOOLS = {"true": True, "True": True, "false": False, "False": False}
WORDS = frozenset({*_BOOLS, "and", "or", "not"})  # never names
_ARITY = {"abs": (1, 1), "round": (1, 1), "clamp": (3, 3), "if": (3, 3)}
_ARITY.update(min=(2, 0), max=(2, 0))


def _tokens(text: str) -> Iterator[Token]:
    """Tokens left to right; raises at the first bad character when it gets there."""
    pos, end = 0, len(text)
    while pos < end:
        m = _TOKEN.match(text, pos)
        if m is None:
            ch = text[pos]
            if ch in "\"'":
                msg = f"the text starting with {ch} has no closing {ch}"
            elif text.startswith(":=", pos):
                msg = "':=' is not allowed: expressions can't assign (changes go in effects)"
            else:
                msg = _BAD_CHARS.get(ch, f"character {ch!r} is not allowed")
            raise ExpressionError(msg, pos + 1)
        kind, nxt = m.lastgroup or "", m.end()
        if kind == "num" and nxt < end and (text[nxt].isalnum() or text[nxt] in "_."):
            bad = re.match(r"[\w.]*", text[pos:]) or m
            raise ExpressionError(
                f"'{bad.group()}' is not a number (write numbers like 12, 150_000 or 1.5)",
                pos + 1,
            )
        if kind == "name" and nxt < end and text[nxt] in "\"'":
            raise ExpressionError(f'text prefixes like {m.group()}"..." are not allowed', pos + 1)
        if kind != "ws":
            yield Token(kind, m.group(), pos + 1)
        pos = nxt


_FAST_TOKEN = re.compile(
    r"(\s*)("  # the same tokens as _TOKEN, each after its spaces; a number followed by a
    # letter, digit, '_' or '.', or a name followed by a quote, does not match at all (the
    # possessive quantifiers keep a shorter match from being tried), so it leaves a gap
    r"[A-Za-z_][A-Za-z0-9_]*+(?![\"'])"
    r"|(?:[0-9](?:_?[0-9])*+(?:\.(?:[0-9](?:_?[0-9])*+)?)?+|\.[0-9](?:_?[0-9])*+)(?![A-Za-z0-9_.])"
    r"|\"[^\"]*\"|'[^']*'"
    r"|\*\*=?|//=?|[-+*/%<>=!]=|[-+*/%<>(),=])"
)
_KIND_OF = {
    **dict.fromkeys("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_", "name"),
    **dict.fromkeys("0123456789.", "num"),
    '"': "str",
    "'": "str",
}
"""A token's kind by its first character (the tokens' first characters never overlap)."""
_NO_TOKENS: Iterator[Token] = iter(())
"""The lazy reader of a text read at once: nothing more to read."""


def _all_tokens(text: str) -> list[Tok] | None:
    """Every token at once when the text has no bad character (the common case), else
    None: then `_tokens` reads lazily, so that errors still come in reading order.

    One `findall` with two groups (spaces, token), the kind from the first character:
    about twice as fast as a named group per kind, and validation parses every
    expression of a scenario. What `_tokens` refuses besides a bad character (`12abc`,
    `f"text"`) leaves a gap here too (a non-ASCII letter after a number is a gap of its
    own), so the loop only adds up columns."""
    out: list[Tok] = []
    append = out.append
    kind_of = _KIND_OF.get
    col = 1
    for space, tok in _FAST_TOKEN.findall(text):
        col += len(space)
        append((kind_of(tok[0], "op"), tok, col))
        col += len(tok)
    # A character no token matched leaves a gap: what is left is then not only spaces.
    return out if col > len(text) or text[col - 1 :].isspace() else None


def describe(n: Node) -> str:
    """How a value reads in messages: "a number ('tension')", "true/false", ..."""
    kind = KIND[n.type]
    return f"{kind} ('{n.op}')" if n.kind == "name" else kind


def label(n: Node) -> str:
    return f"'{n.op}'" if n.kind == "name" else "this value"


def _shared_start(a: str, b: str) -> int:
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def _closest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1)
    if not close:  # else the longest shared start of at least 4 characters
        best = max(options, key=lambda o: _shared_start(word, o), default="")
        close = [best] if best and _shared_start(word, best) >= 4 else []
    return f"; did you mean '{close[0]}'?" if close else ""


class Parser:
    """Pratt parser that type-checks as it builds; one instance per text.

    Two paths give the same tree or the same error: the fast one (every token read at
    once, common nodes built inline in `expr`) and the reference one (`lazy=True`, also
    taken for a text with a bad character: tokens read one at a time, every node built
    by `prefix` and `binary`). tests/scenario/test_expr_paths.py and
    benchmarks/fuzz_expressions.py compare the two."""

    def __init__(self, text: object, names: Mapping[str, NameType], lazy: bool = False) -> None:
        if not isinstance(text, str):
            raise ExpressionError(f"expected the expression as text, got {type(text).__name__}")
        if len(text) > MAX_LENGTH:
            raise ExpressionError(
                f"expression too long ({len(text)} characters, at most {MAX_LENGTH})"
            )
        self.text, self.names = text, names
        fast = None if lazy else _all_tokens(text)
        # Lazy when a character is bad, so errors come in reading order.
        self.stream = _tokens(text) if fast is None else _NO_TOKENS
        self.toks: list[Tok] = fast or []
        self.pos = 0
        self.count = 0
        if not fast and self.peek() is None:
            raise ExpressionError("the expression is empty")

    # -- helpers ---------------------------------------------------------------------
    def fail(self, message: str, tok: Tok | Node | None = None) -> NoReturn:
        raise ExpressionError(message, tok[2] if tok is not None else len(self.text) + 1)

    def peek(self, ahead: int = 0) -> Tok | None:
        i = self.pos + ahead
        toks = self.toks
        if i < len(toks):
            return toks[i]
        if self.stream is _NO_TOKENS:  # every token was read at once
            return None
        while len(self.toks) <= i:
            tok = next(self.stream, None)
            if tok is None:
                return None
            self.toks.append(tok)
        return self.toks[i]

    def take(self) -> Tok | None:
        tok = self.peek()
        self.pos += tok is not None
        return tok

    def node(
        self,
        kind: str,
        type_: str,
        tok: Tok,
        op: str = "",
        args: tuple[Node, ...] = (),
        value: object = None,
        levels: tuple[str, ...] = (),
    ) -> Node:
        self.count += 1
        if self.count > MAX_NODES:
            self.fail(f"expression too complex (more than {MAX_NODES} parts); split it up", tok)
        return _new_node(Node, (kind, type_, tok[2], op, args, value, levels))

    def unexpected(self, tok: Tok) -> NoReturn:
        if tok[0] == "op" and tok[1] in _HINTS:
            self.fail(_HINTS[tok[1]], tok)
        if tok[0] == "name" and tok[1] == "if":
            self.fail(
                "write if(condition, value_if_true, value_if_false) instead of '... if ...'", tok
            )
        if tok[0] == "name" and keyword.iskeyword(tok[1]) and tok[1] not in _BP:
            self.fail(f"'{tok[1]}' is not allowed in expressions", tok)
        what = {"num": "number ", "str": "text "}.get(tok[0], "")
        text = tok[1] if tok[0] == "str" else f"'{tok[1]}'"
        self.fail(f"unexpected {what}{text} (is an operator such as '+' or 'and' missing?)", tok)

    def too_large(self, tok: Tok) -> NoReturn:
        """A number past the bound of every number in a scenario (as in load.py's walk of
        the file's own numbers; `inf` as a float literal of 400 digits too)."""
        word = tok[1]
        shown = word if len(word) <= 24 else f"a number of {len(word)} digits"
        self.fail(
            f"{shown} is too large: numbers in a scenario are at most 10^15 "
            "(1,000,000,000,000,000)",
            tok,
        )

    def unknown_name(self, tok: Tok, options: list[str] | None = None) -> NoReturn:
        name = tok[1]
        if name == "if":
            self.fail("write if(condition, value_if_true, value_if_false)", tok)
        if name in FUNCTIONS:
            self.fail(f"'{name}' is a function: use it like {name}(...)", tok)
        if name in _BP or name == "not":
            self.fail(f"'{name}' needs a value on its left", tok)
        if keyword.iskeyword(name):
            self.fail(f"'{name}' is not allowed in expressions", tok)
        known = sorted(self.names) if options is None else options
        listed = ", ".join(known[:8]) + (", …" if len(known) > 8 else "")
        tail = f" (known: {listed})" if known else " (no names are defined)"
        self.fail(f"unknown name '{name}'{_closest(name, known)}{tail}", tok)

    def check_levels(self, text: Node, levels: tuple[str, ...], owner: str) -> None:
        for value in text.levels:
            if value not in levels:
                hint = _closest(value, list(levels))
                allowed = ", ".join(levels[:12]) + (", …" if len(levels) > 12 else "")
                self.fail(f"'{value}' is not a level of {owner} (levels: {allowed}){hint}", text)

    def same_levels(self, a: Node, b: Node) -> None:
        if set(a.levels) != set(b.levels):
            self.fail(f"{label(a)} and {label(b)} have different levels", b)

    def need(self, tok: Tok, want: str, *sides: tuple[str, Node]) -> None:
        for side, n in sides:
            if n.type != want:
                one, two = _WANT[want]
                what = f"{two} on both sides" if len(sides) == 2 else one
                self.fail(f"'{tok[1]}' needs {what}, got {describe(n)}{side}", tok)

    # -- grammar ---------------------------------------------------------------------
    def expr(self, min_bp: int, depth: int) -> Node:
        """One expression whose operators bind tighter than `min_bp`.

        Every token is read already here (see `_expr_lazy` for a text with a bad
        character). The common cases, a known name, a number, an operator between two
        values of the kind it takes, are built inline; the rest goes to `prefix` and
        `binary`, which give the same tree or the same error, only slower."""
        if self.stream is not _NO_TOKENS:
            return self._expr_lazy(min_bp, depth)
        if depth > MAX_DEPTH:
            self.fail(f"expression nested too deeply (more than {MAX_DEPTH} levels)", self.peek())
        toks, names = self.toks, self.names
        end, pos = len(toks), self.pos
        if pos >= end:
            self.fail("the expression ends too early (a value is missing at the end)")
        tok = toks[pos]
        self.pos = pos = pos + 1
        kind, word, col = tok
        nt = names.get(word) if kind == "name" else None
        if nt is not None and word not in WORDS and (pos == end or toks[pos][1] != "("):
            count = self.count = self.count + 1
            if count > MAX_NODES:
                self.node("name", "", tok)  # too many parts: its error
            left = _new_node(Node, ("name", nt.type, col, word, (), None, nt.levels))
        elif kind == "num":
            count = self.count = self.count + 1
            if count > MAX_NODES:
                self.node("lit", "", tok)
            value = float(word) if "." in word else int(word)
            if value > LIMIT:  # a literal is never negative (a minus is an operator)
                self.too_large(tok)
            left = _new_node(Node, ("lit", "number", col, "", (), value, ()))
        elif kind == "str":
            count = self.count = self.count + 1
            if count > MAX_NODES:
                self.node("lit", "", tok)
            text = word[1:-1]
            left = _new_node(Node, ("lit", "string", col, "", (), text, (text,)))
        elif word == "(" and kind == "op":
            left = self.expr(0, depth + 1)
            pos = self.pos
            if pos == end:
                self.fail(f"the '(' at column {col} is never closed", tok)
            self.pos = pos + 1
            if toks[pos][1] != ")":
                self.unexpected(toks[pos])
        elif word == "not" and kind == "name" and min_bp <= _BP_NOT:
            operand = self.expr(_BP_NOT, depth + 1)
            if operand.type != "bool":
                self.need(tok, "bool", ("", operand))
            count = self.count = self.count + 1
            if count > MAX_NODES:
                self.node("unary", "", tok)
            left = _new_node(Node, ("unary", "bool", col, "not", (operand,), None, ()))
        else:
            left = self.prefix(tok, min_bp, depth)
        compared = False
        while True:
            pos = self.pos
            if pos == end:
                return left
            tok = toks[pos]
            kind, op, col = tok
            if kind != "op" and kind != "name":
                return left
            bp = _BP.get(op, 0)
            if bp <= min_bp:
                return left
            self.pos = pos + 1
            if bp == _BP_CMP:
                if compared:
                    self.fail("comparisons can't be chained: write 'a < b and b < c'", tok)
                compared = True
            right = self.expr(bp - 1 if op == "**" else bp, depth + 1)
            takes, lt, rt = _TAKES.get(op), left.type, right.type
            if takes is not None and lt == rt == takes[0]:
                result = takes[1]
            elif (op == "==" or op == "!=") and (
                (
                    (lt == "level" and rt == "string" and right.kind == "lit")
                    and right.value in left.levels
                )
                or (
                    (rt == "level" and lt == "string" and left.kind == "lit")
                    and left.value in right.levels
                )
            ):  # a level track and one of its levels: `alert == "high"`
                result = "bool"
            else:
                left = self.binary(tok, left, right)
                continue
            count = self.count = self.count + 1
            if count > MAX_NODES:
                self.node("bin", "", tok)
            left = _new_node(Node, ("bin", result, col, op, (left, right), None, ()))

    def _expr_lazy(self, min_bp: int, depth: int) -> Node:
        """`expr` for a text with a bad character: tokens are read as they are needed,
        so the first error in reading order is the one reported."""
        if depth > MAX_DEPTH:
            self.fail(f"expression nested too deeply (more than {MAX_DEPTH} levels)", self.peek())
        toks = self.toks  # take() and peek(), inlined for tokens read already
        pos = self.pos
        if pos < len(toks):
            tok: Tok | None = toks[pos]
            self.pos = pos + 1
        else:
            tok = self.take()
        if tok is None:
            self.fail("the expression ends too early (a value is missing at the end)")
        left = self.prefix(tok, min_bp, depth)
        compared = False
        while True:
            pos = self.pos
            tok = toks[pos] if pos < len(toks) else self.peek()
            if tok is None or (tok[0] != "op" and tok[0] != "name"):
                break
            bp = _BP.get(tok[1], 0)
            if bp <= min_bp:
                break
            self.pos += 1
            if bp == _BP_CMP:
                if compared:
                    self.fail("comparisons can't be chained: write 'a < b and b < c'", tok)
                compared = True
            right = self.expr(bp - 1 if tok[1] == "**" else bp, depth + 1)
            left = self.binary(tok, left, right)
        return left

    def prefix(self, tok: Tok, min_bp: int, depth: int) -> Node:
        kind, word, _ = tok
        if kind == "name" and word in self.names and word not in WORDS:  # the common case
            nxt = self.peek()
            if nxt is None or nxt[1] != "(":
                nt = self.names[word]
                return self.node("name", nt.type, tok, op=word, levels=nt.levels)
        if kind == "num":
            value = float(word) if "." in word else int(word)
            if value > LIMIT:
                self.too_large(tok)
            return self.node("lit", "number", tok, value=value)
        if kind == "str":
            text = word[1:-1]
            return self.node("lit", "string", tok, value=text, levels=(text,))
        if kind == "name":
            if word in _BOOLS:
                return self.node("lit", "bool", tok, value=_BOOLS[word])
            if word == "not":
                if min_bp > _BP_NOT:
                    self.fail("put 'not ...' in parentheses here, like a == (not b)", tok)
                operand = self.expr(_BP_NOT, depth + 1)
                self.need(tok, "bool", ("", operand))
                return self.node("unary", "bool", tok, op="not", args=(operand,))
            nxt = self.peek()
            if nxt is not None and nxt[0] == "op" and nxt[1] == "(":
                return self.call(tok, depth)
            if tok[1] in self.names:
                nt = self.names[tok[1]]
                return self.node("name", nt.type, tok, op=tok[1], levels=nt.levels)
            self.unknown_name(tok)
        if tok[1] in ("-", "+"):
            operand = self.expr(_BP_UNARY, depth + 1)
            self.need(tok, "number", ("", operand))
            if tok[1] == "+":
                return operand
            if operand.kind == "lit":
                return Node("lit", "number", tok[2], value=-operand.value)  # type: ignore[operator]
            return self.node("unary", "number", tok, op="-", args=(operand,))
        if tok[1] == "(":
            inner = self.expr(0, depth + 1)
            close = self.take()
            if close is None:
                self.fail(f"the '(' at column {tok[2]} is never closed", tok)
            if close[1] != ")":
                self.unexpected(close)
            return inner
        if tok[0] == "op" and tok[1] in _HINTS:
            self.unexpected(tok)
        self.fail(f"expected a value (a number, a name or '(') but found '{tok[1]}'", tok)

    def binary(self, tok: Tok, left: Node, right: Node) -> Node:
        op, sides = tok[1], ((" on the left", left), (" on the right", right))
        if op in ("and", "or"):
            self.need(tok, "bool", *sides)
            return self.node("bin", "bool", tok, op=op, args=(left, right))
        if op in ("==", "!="):
            if left.type == right.type == "string":
                self.fail("text can only be compared with a level track, like alert == 'high'", tok)
            self.unify(tok, left, right, f"'{op}' compares two values of the same kind")
            return self.node("bin", "bool", tok, op=op, args=(left, right))
        if op in ("<", "<=", ">", ">=") and {left.type, right.type} & {"level", "string"}:
            return self.ordered(tok, left, right)
        self.need(tok, "number", *sides)
        if op == "**" and (right.kind != "lit" or not abs(right.value) <= MAX_EXPONENT):  # type: ignore[arg-type]
            limit = MAX_EXPONENT
            self.fail(
                f"the power after '**' must be a plain number from -{limit} to {limit}", right
            )
        type_ = "bool" if _BP[op] == _BP_CMP else "number"
        return self.node("bin", type_, tok, op=op, args=(left, right))

    def ordered(self, tok: Tok, left: Node, right: Node) -> Node:
        """`escalation >= "coercion"`: levels compare by their order in the track's list."""
        op = tok[1]
        if left.type == right.type == "string":
            self.fail(f"'{op}' compares a level track with one of its levels, not two texts", tok)
        kind, levels = self.unify(tok, left, right, f"'{op}' compares two levels of one track")
        if kind != "level":
            self.fail(f"'{op}' compares numbers or levels, got {describe(left)}", tok)
        if left.type == right.type == "level" and left.levels != right.levels:
            self.fail(f"{label(left)} and {label(right)} list their levels in another order", tok)
        return self.node("bin", "bool", tok, op=op, args=(left, right), levels=levels)

    def unify(self, tok: Tok, a: Node, b: Node, what: str) -> tuple[str, tuple[str, ...]]:
        """The common kind of two values that must be alike (for == and if): type, levels."""
        kinds = {a.type, b.type}
        if kinds == {"level"}:
            self.same_levels(a, b)
        elif kinds == {"level", "string"}:
            lvl, text = (a, b) if a.type == "level" else (b, a)
            self.check_levels(text, lvl.levels, label(lvl))
            return "level", lvl.levels
        elif kinds == {"string"}:
            return "string", tuple(dict.fromkeys(a.levels + b.levels))
        elif len(kinds) != 1:
            left, right = (" on the left", " on the right") if tok[1] != "if" else ("", "")
            self.fail(f"{what}, got {describe(a)}{left} and {describe(b)}{right}", tok)
        return a.type, a.levels

    def call(self, tok: Tok, depth: int) -> Node:
        fname = tok[1]
        if fname not in FUNCTIONS:
            if fname in self.names:
                self.fail(f"'{fname}' is a name, not a function", tok)
            allowed = ", ".join(FUNCTIONS)
            hint = _closest(fname, list(FUNCTIONS))
            self.fail(f"function '{fname}' is not allowed (allowed: {allowed}){hint}", tok)
        self.pos += 1  # the "("
        args: list[Node] = []
        while True:
            first, second = self.peek(), self.peek(1)
            if first is not None and first[1] == ")" and not args:
                self.pos += 1
                break
            if first and second and first[0] == "name" and second[1] == "=":
                self.fail(f"keyword arguments like '{first[1]}=' are not allowed", first)
            args.append(self.expr(0, depth + 1))
            sep = self.take()
            if sep is None:
                self.fail(f"'{fname}(' is missing its closing ')'", tok)
            if sep[1] == ")":
                break
            if sep[1] != ",":
                self.unexpected(sep)
        return self.typed_call(tok, fname, tuple(args))

    def typed_call(self, tok: Tok, fname: str, args: tuple[Node, ...]) -> Node:
        low, high = _ARITY[fname]
        if len(args) < low or (high and len(args) > high):
            count = f"exactly {low} value" if high else f"at least {low} value"
            self.fail(f"'{fname}' needs {count}{'s' * (low > 1)}, got {len(args)}", tok)
        if fname != "if":
            for i, arg in enumerate(args, 1):
                if arg.type != "number":
                    self.fail(f"'{fname}' needs numbers, got {describe(arg)} as value {i}", arg)
            return self.node("call", "number", tok, op=fname, args=args)
        cond, a, b = args
        if cond.type != "bool":
            self.fail(f"the first value of if(...) must be true/false, got {describe(cond)}", cond)
        type_, levels = self.unify(tok, a, b, "both results of if(...) must be the same kind")
        return self.node("call", type_, tok, op="if", args=args, levels=levels)

    def finish(self, node: Node) -> Node:
        tok = self.peek()
        if tok is not None:
            self.unexpected(tok)
        return node


def names_read(node: Node) -> frozenset[str]:
    """The names of a tree's name nodes: what the expression reads."""
    found: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if n.kind == "name":
            found.append(n.op)
        else:
            stack.extend(n.args)
    return frozenset(found)


def parse_expression(text: str, names: Mapping[str, NameType], lazy: bool = False) -> Node:
    """Parse and type-check an expression; the root's type may be "string"."""
    parser = Parser(text, names, lazy)
    return parser.finish(parser.expr(0, 0))
