"""Read a scenario file: TOML text → pydantic models → compiled scenario.

Every failure becomes a `ScenarioError` listing one `Problem` per thing wrong, with
the line found from the source text; nothing else escapes, whatever the input.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tabletop.scenario.compiled import CompiledScenario, compile_scenario
from tabletop.scenario.locate import LineIndex
from tabletop.scenario.models import Scenario
from tabletop.scenario.problems import Problem, ScenarioError, format_path

MAX_BYTES = 5_000_000
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def load_scenario(path: str | Path) -> tuple[CompiledScenario, list[Problem]]:
    """Load and check a scenario file; returns it with its warnings.

    Raises ScenarioError for a file that cannot be read or has any error.
    """
    path = Path(path)
    file = str(path)
    try:
        if path.is_dir():
            raise ScenarioError(file, [Problem((), "is a directory, not a scenario file")])
        if path.stat().st_size > MAX_BYTES:
            raise ScenarioError(file, [Problem((), f"file is larger than {MAX_BYTES} bytes")])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(file, [Problem((), "no such file")]) from None
    except PermissionError:
        raise ScenarioError(file, [Problem((), "permission denied")]) from None
    except OSError as exc:
        raise ScenarioError(file, [Problem((), f"cannot read: {exc.strerror or exc}")]) from None
    return parse_scenario(raw, file)


def parse_scenario(raw: bytes | str, file: str = "<scenario>") -> tuple[CompiledScenario, list[Problem]]:
    """Check and compile scenario text (bytes are decoded as UTF-8)."""
    if isinstance(raw, bytes):
        if b"\x00" in raw:
            raise ScenarioError(file, [Problem((), "binary data, not a TOML text file")])
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise ScenarioError(file, [Problem((), "not valid UTF-8 text", line=line)]) from None
    else:
        text = raw
    if not text.strip():
        raise ScenarioError(file, [Problem((), "the file is empty")])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        line = int(found.group(1)) if found else None
        message = _TOML_POSITION.sub("", message)
        raise ScenarioError(file, [Problem((), f"invalid TOML: {message}", line=line)]) from None
    except RecursionError:
        raise ScenarioError(file, [Problem((), "invalid TOML: nested too deeply")]) from None
    index = LineIndex(text)
    try:
        model = Scenario.model_validate(data, strict=False)
    except ValidationError as exc:
        problems = [_from_pydantic(error, data, index) for error in exc.errors()]
        raise ScenarioError(file, problems, data) from None
    compiled, problems = compile_scenario(model)
    problems = [
        Problem(p.path, p.message, p.severity, index.line_of(p.path), format_path(p.path, data))
        for p in problems
    ]
    if any(p.severity == "error" for p in problems):
        raise ScenarioError(file, problems, data)
    compiled.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return compiled, problems


def _valid_prefix(loc: tuple[Any, ...], data: Any) -> tuple[str | int, ...]:
    """The part of a pydantic location that exists in the data (drops union tags)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict):
            node = node.get(part)
            path.append(part)
            if node is None:
                break
            continue
        else:
            break
        path.append(part)
    return tuple(path)


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


_TYPE_NAMES = {
    "string_type": "text",
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
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD)",
}


def _from_pydantic(error: Any, data: Any, index: LineIndex) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    path = _valid_prefix(loc, data)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        parent = _valid_prefix(loc[:-1], data)
        model_fields = _fields_at(loc[:-1])
        close = difflib.get_close_matches(key, model_fields, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        allowed = f" (allowed: {', '.join(sorted(model_fields))})" if model_fields and not close else ""
        return Problem((*parent, key), f"unknown key '{key}'{hint}{allowed}", line=index.line_of((*parent, key)))
    if kind == "missing":
        key = str(loc[-1])
        return Problem(path + ((key,) if path[-1:] != (key,) else ()), f"missing required key '{key}'", line=index.line_of(path))
    if kind in _TYPE_NAMES:
        message = f"expected {_TYPE_NAMES[kind]}, got {_describe(error.get('input'))}"
    elif kind == "literal_error":
        message = f"{error['msg'][0].lower()}{error['msg'][1:]}, got {_describe(error.get('input'))}"
    else:
        msg = str(error["msg"])
        message = msg[0].lower() + msg[1:] if msg else kind
        if "input" in error and not isinstance(error["input"], dict | list):
            message += f", got {_describe(error['input'])}"
    return Problem(path, message, line=index.line_of(path))


def _fields_at(loc: tuple[Any, ...]) -> list[str]:
    """The field names the model at a location allows (for 'did you mean')."""
    from pydantic import BaseModel

    model: type[BaseModel] | None = Scenario
    for part in loc:
        if model is None:
            return []
        if isinstance(part, int):
            continue
        info = model.model_fields.get(str(part))
        if info is None:
            return []
        model = _model_in(info.annotation)
    return list(model.model_fields) if model else []


def _model_in(annotation: Any) -> Any:
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
