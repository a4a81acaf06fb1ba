"""tomllib's and pydantic's errors in a scenario designer's words.

The messages say what is wrong in the file's own terms (keys, tables, text in quotes,
true/false) and, where it can be told, what would be right.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable, Iterator
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from tabletop.scenario.models import Scenario
from tabletop.scenario.problems import Path as DataPath
from tabletop.scenario.problems import Problem, clip

# -- TOML errors ---------------------------------------------------------------------------
_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")
_TOML_HINTS: list[tuple[re.Pattern[str], str]] = [
    # (what tomllib says, what the designer is told: {0}, {1}… are the pattern's groups)
    (
        re.compile(r"Illegal character '\\n'"),
        "text in quotes is not closed on this line: add the closing quote "
        '(for text over several lines, use """ … """)',
    ),
    (re.compile(r"Illegal character (.+)"), "the control character {0} is not allowed in text"),
    (re.compile(r"Unterminated string"), "text in quotes is not closed: add the closing quote"),
    (re.compile(r"Expected '(\"\"\"|''')'"), "a {0} text is never closed: add {0} where it ends"),
    (re.compile(r"Expected \"'\""), "text in quotes is not closed: add the closing quote"),
    (
        re.compile(r"Expected '=' after a key in a key/value pair"),
        "expected `key = value` here (is the = missing, or text not in quotes?)",
    ),
    (
        re.compile(r"Invalid value"),
        'this value is not valid TOML: put text in quotes ("…"), write true/false in lower '
        "case, numbers without quotes and dates as 2022-01-10",
    ),
    (
        re.compile(r"Unclosed array"),
        'a list is not closed, or a comma is missing between its items: ["a", "b"]',
    ),
    (
        re.compile(r"Unclosed inline table"),
        "an inline table ({{ … }}) is not closed, or a comma is missing; it must stay on one line",
    ),
    (re.compile(r"Cannot declare (.*) twice"), "the table {0} appears twice"),
    (
        re.compile(r"Cannot overwrite a value"),
        "this key is set twice (or a table has the same name as a key set above)",
    ),
    (
        re.compile(r"Cannot (?:mutate immutable|redefine) namespace (.*)"),
        "{0} was already given in full above, so nothing can be added to it here",
    ),
    (
        re.compile(r"Expected newline or end of document after a statement"),
        "only one `key = value` fits on a line: put anything after the value on a new "
        "line, or in a # comment (is text missing its quotes?)",
    ),
    (
        re.compile(r"Invalid hex value|Escaped character is not a Unicode scalar value"),
        r'a \u or \U escape in "…" text is not a valid character code',
    ),
    (
        re.compile(r"Invalid statement"),
        "expected `key = value`, a [table] or [[list]] header, or a # comment",
    ),
    (
        re.compile(r"Expected '\]' at the end of a table declaration"),
        "a [table] header needs its ]",
    ),
    (
        re.compile(r"Expected '\]\]' at the end of an array declaration"),
        "a [[list]] header needs its ]]",
    ),
    (
        re.compile(r"Invalid initial character for a key part"),
        "a key is letters, digits, _ and -, or text in quotes",
    ),
    (
        re.compile(r"Invalid date or datetime"),
        "invalid date: write it as YYYY-MM-DD, e.g. 2022-01-10",
    ),
    (
        re.compile(r"Unescaped '\\' in a string"),
        r'a backslash (\) in "…" text must be doubled (\\), or use single quotes',
    ),
    (
        re.compile(r"Duplicate inline table key '(.*)'"),
        "the key '{0}' appears twice in an inline table ({{ … }})",
    ),
    (re.compile(r"Found invalid character (.+)"), "the character {0} is not allowed here"),
]
_TOML_KEY = re.compile(r"\((?:'[^']*'(?:, )?)+,?\)")


def _toml_message(message: str) -> str:
    """tomllib's message in a designer's words; keys shown as [a.b] rather than ('a', 'b')."""
    message = _TOML_KEY.sub(
        lambda m: "[" + ".".join(re.findall(r"'([^']*)'", m.group())) + "]", message
    )
    for pattern, friendly in _TOML_HINTS:
        found = pattern.fullmatch(message)
        if found:
            return friendly.format(*found.groups())
    return message


def toml_problem(message: str, text: str) -> Problem:
    """A `tomllib.TOMLDecodeError` message as a problem on its line."""
    found = _TOML_POSITION.search(message)
    line: int | None = None
    column = ""
    if found:
        if found.group(1):
            line = int(found.group(1))
            column = f" (column {found.group(2)})"
        else:
            opening = _unclosed_multiline(text)
            if opening is not None:  # tomllib only notices at the end: point at the start
                quotes = text[opening : opening + 3]
                return Problem(
                    (),
                    f"invalid TOML: a {quotes} text opens here and is never closed: "
                    f"add {quotes} where it ends",
                    line=text.count("\n", 0, opening) + 1,
                )
            line = text.count("\n") + (0 if text.endswith("\n") else 1)
            column = " (at the end of the file)"
    message = _TOML_POSITION.sub("", message)
    specific = _at_the_column(message, text, line, found.group(2)) if found and line else None
    if found and line is not None and _inline_table_broken(message, text, line, found.group(2)):
        message = (
            "an inline table ({ … }) must stay on one line: close it with } on this line, "
            "or write it as a [table] with one key = value a line"
        )
    elif specific is not None:
        message, column = specific
    else:
        message = _toml_message(message)
    return Problem((), f"invalid TOML: {message}{column}", line=line)


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_KEY_GAP = re.compile(r"\s*([A-Za-z0-9_-]+)([ \t]+)[A-Za-z0-9_-][^=]*=")


def _at_the_column(
    message: str, text: str, line: int, column: str | None
) -> tuple[str, str] | None:
    """A message for what tomllib's words leave unclear, read off the text where it
    stopped: a well-written date that is not a day of the calendar (2031-06-31), and a key
    with a tab or space inside it; with the column to name, else None."""
    lines = text.split("\n")
    if not column or not 0 < line <= len(lines):
        return None
    current, at = lines[line - 1], int(column) - 1
    if message in (
        "Invalid date or datetime",
        "Expected newline or end of document after a statement",
    ):  # tomllib reads 2022-01-32 as the number 2022 and stops at the "-"
        for written in _DATE.finditer(current):
            before = current[: written.start()]
            if written.start() > at or (before.count('"') + before.count("'")) % 2:
                continue  # after where tomllib stopped, or inside quoted text
            year, month, day = (int(part) for part in written.groups())
            try:
                dt.date(year, month, day)
                continue
            except ValueError:
                pass
            if not 1 <= month <= 12:
                why = "a month is 01 to 12"
            elif year < 1:
                why = "years start at 0001"
            else:
                last = calendar.monthrange(year, month)[1]
                why = f"{calendar.month_name[month]} {written.group(1)} has {last} days"
            where = f" (column {written.start() + 1})"
            return f"{written.group()} is not a day of the calendar: {why}", where
        return None
    if message == "Expected '=' after a key in a key/value pair":
        gap = _KEY_GAP.match(current)
        if gap is None or gap.end(2) != at:
            return None
        what = "a tab" if "\t" in gap.group(2) else "a space"
        return (
            f"the key '{gap.group(1)}' is followed by {what}, then more text before the =: "
            "a key is one word (letters, digits, _ and -), or text in quotes",
            f" (column {gap.start(2) + 1})",
        )
    return None


def _inline_table_broken(message: str, text: str, line: int, column: str | None) -> bool:
    """Whether tomllib stopped at the end of a line inside an inline table that is not
    closed on it (`{ a = 1,` then a line break): TOML keeps inline tables on one line."""
    if not message.startswith("Invalid initial character for a key part") or not column:
        return False
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return False
    current = lines[line - 1].rstrip("\r")
    return int(column) > len(current) and current.count("{") > current.count("}")


def nested_too_deeply(text: str) -> Problem:
    """Lists or tables inside each other too deeply to read, on the line where they go
    deepest."""
    return Problem(
        (),
        "invalid TOML: lists or tables are nested too deeply (keep them a few levels deep)",
        line=deepest_line(text),
    )


def _unclosed_multiline(text: str) -> int | None:
    """Where a triple-quoted text that is never closed opens (its offset), if one does."""
    for i, c in _code(text):
        if c == "":
            return i
    return None


def deepest_line(text: str) -> int | None:
    """The line where TOML text first reaches its deepest nesting of [ ] and { }: where a
    "nested too deeply" file goes wrong (tomllib says only that it recursed too far)."""
    depth = deepest = 0
    where: int | None = None
    for i, c in _code(text):
        if c in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, i
        elif c in "]}":
            depth = max(0, depth - 1)
    return None if where is None else text.count("\n", 0, where) + 1


def _code(text: str) -> Iterator[tuple[int, str]]:
    """Each character of TOML text outside strings and comments, with its offset; a
    triple-quoted text that is never closed ends the scan with (its offset, "")."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith(('"""', "'''"), i):
            quotes, j = text[i : i + 3], i + 3
            while j < n and not text.startswith(quotes, j):
                j += 2 if quotes == '"""' and text[j] == "\\" else 1
            if j >= n:
                yield i, ""
                return
            i = j + 3
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] not in (c, "\n"):
                j += 2 if c == '"' and text[j] == "\\" else 1
            i = j + 1
        else:
            yield i, c
            i += 1


# -- pydantic errors → designer's messages ------------------------------------------------
_UNION_TAGS = {"constrained-str", "str", "float", "int", "bool", "none"}

_TYPE_NAMES = {
    "string_type": "text in quotes",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "date_type": "a date (YYYY-MM-DD, without quotes)",
    "date_parsing": "a date (YYYY-MM-DD, without quotes)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD) without a time",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD, without quotes)",
}
_ID_PATTERN = "^[a-z][a-z0-9_]*$"


def _strip_tags(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """A pydantic location without the union-member tags at its end."""
    end = len(loc)
    while (
        end
        and isinstance(loc[end - 1], str)
        and (loc[end - 1] in _UNION_TAGS or loc[end - 1].startswith(("function-", "literal[")))
    ):
        end -= 1
    return loc[:end]


def _valid_prefix(loc: tuple[Any, ...], data: Any) -> DataPath:
    """The part of a location that exists in the data, plus a first missing key."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict):
            path.append(part)
            if part not in node:
                break
            node = node[part]
            continue
        else:
            break
        path.append(part)
    return tuple(path)


def from_pydantic(errors: list[Any], data: Any) -> list[Problem]:
    problems: list[Problem] = []
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for error in errors:
        if error["type"] == "extra_forbidden":
            problems.append(_unknown_key(tuple(error["loc"]), data))
        else:
            groups.setdefault(_strip_tags(tuple(error["loc"])), []).append(error)
    for loc, group in groups.items():
        path = _valid_prefix(loc, data)
        # A union reports one error per member: the most specific one says it best.
        specific = [e for e in group if e["type"] not in _TYPE_NAMES]
        if specific:
            problems.append(Problem(path, _message(specific[0], loc)))
        else:
            problems.append(Problem(path, _type_message(group, loc)))
    return problems


def _unknown_key(loc: tuple[Any, ...], data: Any) -> Problem:
    key = str(loc[-1])
    parent = _valid_prefix(loc[:-1], data)
    model = _model_at(loc[:-1])
    fields = list(model.model_fields) if model else []
    hint = _belongs_above(key, loc[:-1], data)
    close = None if hint else _close(key, fields)
    if close:
        hint = f" (did you mean '{close}'?)"
    for name, info in model.model_fields.items() if model and not hint else ():
        sub = _model_in(info.annotation)
        if sub is not None and key in sub.model_fields:
            hint = f" ('{key}' belongs in {_header((*loc[:-1], name), _is_model_list(info))})"
            break
    if not hint and fields:
        hint = f" (allowed here: {', '.join(sorted(fields))})"
    return Problem((*parent, key), f"unknown key '{clip(key)}'{hint}")


def _belongs_above(key: str, table: tuple[Any, ...], data: Any) -> str:
    """A hint when a key of a table was written below one of its sub-tables' headers."""
    outer = table[:-2] if table and isinstance(table[-1], int) else table[:-1]
    if not table or not outer:
        return ""
    model = _model_at(outer)
    if model is None or key not in model.model_fields:
        return ""
    node = data
    for part in outer:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return ""
    if not isinstance(node, dict) or key in node:
        return ""
    inner = _header(table, isinstance(table[-1], int))
    return (
        f" ('{key}' belongs to {_header(outer, isinstance(outer[-1], int))}: "
        f"write it above the {inner} line)"
    )


def _close(word: str, choices: Iterable[str]) -> str | None:
    choices = list(choices)
    for choice in choices:
        if choice.lower() == word.lower():
            return choice
    found = difflib.get_close_matches(word, choices, n=1)
    return found[0] if found else None


def _type_message(group: list[Any], loc: tuple[Any, ...]) -> str:
    value = group[0].get("input")
    kinds = [e["type"] for e in group]
    names: list[str] = []
    for kind in kinds:
        name = _TYPE_NAMES[kind]
        if name not in names:
            names.append(name)
    if isinstance(value, dt.datetime) and "date_type" in kinds:
        names = [_TYPE_NAMES["date_from_datetime_inexact"]]
    if len(names) == 1:
        wanted = names[0]
    else:
        wanted = ", ".join(names[:-1]) + ("," if len(names) > 2 else "") + " or " + names[-1]
    message = f"expected {wanted}, got {describe(value)}"
    info = _field_at(loc)
    if kinds[0] in ("model_type", "dict_type", "model_attributes_type"):
        header = _header(loc, isinstance(loc[-1], int))
        return f"expected a table (a {header} section), got {describe(value)}"
    if kinds == ["list_type"]:
        if info is not None and _is_model_list(info):
            header = _header(loc, True)
            if isinstance(value, dict):
                return f"expected a list of tables: write {header} (double brackets) for each one"
            return (
                f"expected a list of tables: one {header} section for each, got {describe(value)}"
            )
        example = f'{loc[-1]} = ["…", "…"]' if isinstance(loc[-1], str) else '["…", "…"]'
        return f"expected a list in square brackets, like {example}, got {describe(value)}"
    reference = _REFERENCES.get(str(loc[-1]) if not isinstance(loc[-1], int) else str(loc[-2]))
    if kinds == ["string_type"] and reference is not None:
        what, which = reference
        return f"expected {what} in quotes ({which}), got {describe(value)}"
    if isinstance(value, str) and _looks_like(value, kinds):
        message += ": leave out the quotes"
    return message


_ACTOR = ("an actor id", "the id of an [[actors]] entry")
_REFERENCES = {
    "turn": ("a turn id", "the id of a [[turns]] entry"),
    "actor": _ACTOR,
    "participants": _ACTOR,
    "recipients": _ACTOR,
    "move": ("a move id", "the id of a [[moves]] entry"),
}
"""Keys whose text names something else in the scenario: a wrong type says what to name."""


def _looks_like(text: str, kinds: list[str]) -> bool:
    """Whether quoted text would be right without its quotes."""
    text = text.strip()
    if any(k.startswith(("int_", "float_")) for k in kinds):
        try:
            float(text.replace("_", ""))
            return True
        except ValueError:
            pass
    if "bool_type" in kinds and text.lower() in ("true", "false"):
        return True
    if "date_type" in kinds:
        try:
            dt.date.fromisoformat(text)
            return True
        except ValueError:
            pass
    return False


def _message(error: Any, loc: tuple[Any, ...]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    got = f", got {describe(value)}"
    info = _field_at(loc)
    if kind == "missing":
        key = str(loc[-1])
        what = _about(info)
        if info is not None and _is_model_list(info):
            return f"missing {_header(loc, True)}: at least one is needed{what}"
        if info is not None and _model_in(info.annotation) is not None:
            return f"missing the {_header(loc, False)} table{what}"
        return f"missing required key '{key}'{what}"
    if kind == "too_short":
        if info is not None and _is_model_list(info):
            return f"needs at least one {_header(loc, True)} section"
        return f"needs at least {ctx.get('min_length', 1)} item(s)"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long: at most {ctx.get('max_length')} characters, this has {len(value)}"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == _ID_PATTERN:
            return _bad_id(value)
        if "d(4|6" in str(ctx.get("pattern")):
            return (
                f"{describe(value)} is not a dice roll: write NdS, N dice (1 to 99) of S sides "
                '(4, 6, 8, 10, 12, 20 or 100), like "2d6"'
            )
        return f"does not have the expected form ({ctx.get('pattern')}){got}"
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        listed = (
            ", ".join(f'"{a}"' for a in allowed[:-1]) + f' or "{allowed[-1]}"' if allowed else ""
        )
        message = f"must be {listed}{got}" if listed else f"{error['msg']}{got}"
        close = _close(value, allowed) if isinstance(value, str) else None
        return message + (f' (did you mean "{close}"?)' if close else "")
    if kind == "greater_than_equal":
        return f"must be {_number(ctx.get('ge'))} or more{got}"
    if kind == "less_than_equal":
        return f"must be {_number(ctx.get('le'))} or less{got}"
    if kind == "greater_than":
        return f"must be more than {_number(ctx.get('gt'))}{got}"
    if kind == "less_than":
        return f"must be less than {_number(ctx.get('lt'))}{got}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    msg = str(error["msg"])
    message = msg[0].lower() + msg[1:] if msg else kind
    if not isinstance(value, dict | list):
        message += got
    return message


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _bad_id(value: Any) -> str:
    if not isinstance(value, str):
        return f"an id is text in quotes, got {describe(value)}"
    if not value:
        return "an id must not be empty"
    suggestion = re.sub(r"[^a-z0-9_]+", "_", value.lower()).strip("_")
    if suggestion and not suggestion[0].isalpha():
        suggestion = "x_" + suggestion
    hint = f", like {describe(suggestion)}" if re.fullmatch(_ID_PATTERN, suggestion) else ""
    return (
        f"{describe(value)} is not a valid id: use lower-case letters, digits and _, "
        f"starting with a letter{hint}"
    )


def describe(value: Any) -> str:
    """A value as it would be written in TOML, shortened."""
    text = _toml_repr(value, 0)
    return text if len(text) <= 60 else text[:57] + "…"


def _toml_repr(value: Any, depth: int) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        short = value if len(value) <= 60 else value[:57] + "…"
        return '"' + short.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return "a list of tables"
        if depth > 2:
            return "[…]"
        items = [_toml_repr(v, depth + 1) for v in value[:5]]
        return "[" + ", ".join(items) + (", …" if len(value) > 5 else "") + "]"
    return type(value).__name__


# -- the models behind a location ----------------------------------------------------------
def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class in an annotation (directly, in a list, or in a union)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _is_model_list(info: FieldInfo) -> bool:
    return get_origin(info.annotation) is list and _model_in(info.annotation) is not None


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model whose fields are allowed at a location (list indices skipped)."""
    model: type[BaseModel] | None = Scenario
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None:
            return None
        info = model.model_fields.get(str(part))
        if info is None:
            return None
        model = _model_in(info.annotation)
    return model


def _field_at(loc: tuple[Any, ...]) -> FieldInfo | None:
    """The field a location names (its last key, list indices after it skipped)."""
    end = len(loc)
    while end and isinstance(loc[end - 1], int):
        end -= 1
    if not end:
        return None
    model = _model_at(loc[: end - 1])
    return model.model_fields.get(str(loc[end - 1])) if model else None


def _about(info: FieldInfo | None) -> str:
    """' (what the field is)', from the field's documentation."""
    if info is None or not info.description:
        return ""
    first = info.description.split("\n")[0].split(". ")[0].rstrip(".")
    return f" ({first[0].lower()}{first[1:]})" if first else ""


def _header(loc: tuple[Any, ...], array: bool) -> str:
    """How the table at a location is written: [moves.adjudication] or [[moves.outcomes]]."""
    name = ".".join(str(part) for part in loc if not isinstance(part, int))
    return f"[[{name}]]" if array else f"[{name}]"
