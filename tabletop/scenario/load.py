"""Read a scenario file: TOML text → pydantic models → compiled scenario.

Every failure becomes a `ScenarioError` listing one `Problem` per thing wrong, with
the line found from the source text; nothing else escapes, whatever the input.

The designer's wording of tomllib's and pydantic's errors is in `translate.py`.
"""

from __future__ import annotations

import codecs
import errno
import gc
import hashlib
import math
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tabletop.safe_read import MAX_TEXT_BYTES, Refused, read_regular
from tabletop.scenario.bounds import LIMIT, usable
from tabletop.scenario.checks import compile_scenario
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.locate import LineIndex
from tabletop.scenario.models import Scenario
from tabletop.scenario.problems import Path as DataPath
from tabletop.scenario.problems import Problem, ScenarioError, format_path
from tabletop.scenario.translate import (
    describe,
    from_pydantic,
    nested_too_deeply,
    toml_problem,
)

MAX_BYTES = MAX_TEXT_BYTES


def load_scenario(path: str | Path) -> tuple[CompiledScenario, list[Problem]]:
    """Load and check a scenario file; returns it with its warnings.

    Raises ScenarioError for a file that cannot be read or has any error.
    """
    path = Path(path)
    file = str(path)
    try:
        raw = read_regular(path, MAX_BYTES, "scenario file")
    except FileNotFoundError:
        raise ScenarioError(file, [Problem((), "no such file")]) from None
    except PermissionError:
        raise ScenarioError(
            file, [Problem((), "permission denied: the file cannot be read")]
        ) from None
    except Refused as exc:
        message = exc.what_instead("a scenario file")
        if exc.errno == errno.EFBIG:
            message += "; is it a scenario?"
        raise ScenarioError(file, [Problem((), message)]) from None
    except OSError as exc:
        raise ScenarioError(file, [Problem((), f"cannot read: {exc.strerror or exc}")]) from None
    return parse_scenario(raw, file)


def parse_scenario(
    raw: bytes | str, file: str = "<scenario>"
) -> tuple[CompiledScenario, list[Problem]]:
    """Check and compile scenario text (bytes are decoded as UTF-8).

    The cyclic GC is paused meanwhile: checking builds many small objects and frees
    few, so its collections would only walk the growing TOML and model trees again.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse_scenario(raw, file)
    finally:
        if collecting:
            gc.enable()


def _parse_scenario(raw: bytes | str, file: str) -> tuple[CompiledScenario, list[Problem]]:
    text = decode_text(raw, file)
    if not text or text.isspace():  # (strip() would copy the whole file)
        raise ScenarioError(
            file,
            [
                Problem(
                    (), "the file is empty: a scenario needs [scenario], [[actors]] and [[turns]]"
                )
            ],
        )
    data = _parse_toml(text, file)
    problems = _unusable_numbers(data)
    model: Scenario | None = None
    try:
        model = Scenario.model_validate(data, strict=True)
    except ValidationError as exc:
        numbers = {p.path for p in problems}  # said once: not again in pydantic's words
        problems += [p for p in from_pydantic(exc.errors(), data) if p.path not in numbers]
    except RecursionError:
        problems.append(nested_too_deeply(text))
    if model is not None and not problems:
        compiled, found = compile_scenario(model)
        problems = found
    else:
        compiled = None
    if problems:  # lines are looked up only when there is something to point at
        problems = _place(problems, data, LineIndex(text))
    if compiled is None or any(p.severity == "error" for p in problems):
        raise ScenarioError(file, problems, data)
    compiled.sha256 = _sha256(raw, text)
    return compiled, problems


def _sha256(raw: bytes | str, text: str) -> str:
    """The SHA-256 of the text as UTF-8 (no byte order mark): of the bytes read, when
    there are some, which are that already. Encoding the text again copied the whole file
    into freshly mapped memory (0.3 ms of loading the 500-rule benchmark scenario)."""
    if isinstance(raw, bytes):
        return hashlib.sha256(raw.removeprefix(codecs.BOM_UTF8)).hexdigest()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- bytes and TOML ---------------------------------------------------------------------
def decode_text(raw: bytes | str, file: str) -> str:
    """A TOML file's bytes as text: UTF-8, a byte order mark dropped; UTF-16, NUL bytes
    and bytes that are not UTF-8 raise ScenarioError (with the line). Run scripts too."""
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ScenarioError(
            file, [Problem((), "the file is saved as UTF-16 (or UTF-32): save it as UTF-8")]
        )
    if b"\x00" in raw:
        raise ScenarioError(file, [Problem((), "binary data, not a TOML text file")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start : exc.start + 1].hex()
        raise ScenarioError(
            file,
            [
                Problem(
                    (),
                    f"not valid UTF-8 text (byte 0x{byte} at column {column}): "
                    "save the file as UTF-8",
                    line=line,
                )
            ],
        ) from None
    return text.removeprefix("\ufeff")


def _parse_toml(text: str, file: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(file, [toml_problem(str(exc), text)]) from None
    except RecursionError:
        raise ScenarioError(file, [nested_too_deeply(text)]) from None
    except ValueError:  # Python reads no whole number of more than 4,300 digits
        found = _LONG_NUMBER.search(text)
        line = text.count("\n", 0, found.start()) + 1 if found else None
        message = "invalid TOML: a number with far too many digits (more than 4,300)"
        raise ScenarioError(file, [Problem((), message, line=line)]) from None


_LONG_NUMBER = re.compile(r"(?<![\w.])(?:[0-9]_?){4301}")
"""A whole number longer than Python reads (`sys.get_int_max_str_digits`)."""


def _unusable_numbers(data: Any) -> list[Problem]:
    """nan, inf and numbers beyond ±10^15 are valid TOML but no use in a scenario (and a
    value of 10^400 would overflow what is computed from it)."""
    if not _any_unusable(data):  # the common case: a quick walk, no paths built
        return []
    problems: list[Problem] = []
    stack: list[tuple[DataPath, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            stack.extend(((*path, k), v) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(node))))
        elif isinstance(node, float) and not math.isfinite(node):
            problems.append(
                Problem(path, f"{describe(node)} is not a usable number: write a number like 10")
            )
        elif isinstance(node, int | float) and not isinstance(node, bool) and not usable(node):
            shown = (
                f"{node:.3g}"
                if isinstance(node, float)
                else f"a number of {len(str(node))} digits"
                if node.bit_length() < 10_000
                else "it"
            )
            problems.append(
                Problem(
                    path,
                    f"{shown} is too large: numbers in a scenario are at most 10^15 "
                    "(1,000,000,000,000,000) in size",
                )
            )
    return problems


def _any_unusable(data: Any) -> bool:
    """Whether any number in tomllib's output is unusable (containers are dict and list).

    The stack holds containers' values, not values: most values are text, passed over
    where they are met rather than pushed and popped (a third faster)."""
    stack: list[Iterable[Any]] = [(data,)]
    pop, push = stack.pop, stack.append
    while stack:
        for node in pop():
            kind = type(node)
            if kind is str:
                continue
            if kind is dict:
                push(node.values())
            elif kind is list:
                push(node)
            elif (kind is float or kind is int) and not -LIMIT <= node <= LIMIT:
                return True  # NaN fails every comparison, so it lands here too
    return False


def _place(problems: Iterable[Problem], data: Any, index: LineIndex) -> list[Problem]:
    """Give each problem its line and display path; sorted by line, a duplicate id first
    (with it, a reference to the id it replaced is unknown: a knock-on error, listed after)."""
    problems = list(problems)
    errors = sum(p.severity == "error" for p in problems)
    duplicates = sum(p.related is not None for p in problems)
    placed: list[Problem] = []
    for p in problems:
        message = p.message
        if p.related is not None:
            first = index.line_of(p.related)
            message += f" (first used on line {first})" if first else " (already used above)"
            if errors > duplicates:
                message += "; fix this first: the problems listed after it may follow from it"
        line = p.line if p.line is not None else index.line_of(p.path)
        field = p.field or format_path(p.path, data)
        placed.append(Problem(p.path, message, p.severity, line, field, p.related))
    placed.sort(key=lambda p: (p.related is None, p.line or 0))
    return placed
