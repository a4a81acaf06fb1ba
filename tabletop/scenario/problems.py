"""Problems found in a scenario: what is wrong, where, and how bad."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from tabletop.scenario.text import UNSAFE

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with (or suspicious in) a scenario file."""

    path: Path
    """Where in the data: keys and list indices, e.g. ("moves", 3, "requires")."""
    message: str
    """What is wrong, in words a scenario designer understands."""
    severity: Literal["error", "warning"] = "error"
    line: int | None = None
    """The line in the source file, when it can be found."""
    field: str = ""
    """The path as shown to people, with list items named by id where they have one."""
    related: Path | None = None
    """Another place the problem involves (e.g. the first use of a duplicate id)."""

    def format(self, file: str, data: object = None) -> str:
        """Render as `FILE:LINE: field.path: message` (the line left out when unknown)."""
        where = f"{file}:{self.line}" if self.line else file
        field = self.field or format_path(self.path, data)
        prefix = "warning: " if self.severity == "warning" else ""
        return _one_line(f"{where}: {field + ': ' if field else ''}{prefix}{self.message}")


_CONTROL = re.compile(f"[\x00-\x1f\u2028\u2029{re.escape(UNSAFE)}]")
"""What a problem line shows as an escape: every character a terminal may not be shown
(C0 and C1 controls, DEL, bidi controls), and the Unicode line separators."""
_SIMPLE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_LABEL = re.compile(r"[^\x00-\x1f\x7f\[\]]{1,64}")
"""An id shown in place of a list index: printable, no brackets, not too long."""


def one_line(text: str) -> str:
    """A file's name (or any text from a file) for a line about it: line breaks and other
    control characters shown as escapes, as a problem line shows them."""
    return _one_line(text)


def _one_line(text: str) -> str:
    """Control characters (a newline in a key or an expression, a bidi override) shown
    as escapes, so the line says what the file holds and stays one line."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


SHOWN = 60
"""The most characters of a key a problem line shows (a key may be megabytes long)."""


def clip(text: str, limit: int = SHOWN) -> str:
    """The text, or its first `limit` characters and an ellipsis."""
    return text if len(text) <= limit + 1 else text[:limit] + "…"


def _key(part: str) -> str:
    """A key as TOML writes it: bare when it can be, else in quotes; clipped."""
    if _SIMPLE_KEY.fullmatch(part):
        return clip(part)
    part = clip(part)
    return '"' + _one_line(part.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def format_path(path: Path, data: object = None) -> str:
    """`moves[invade].outcomes[0].effects[1]`: list items by id where the data has one."""
    out = ""
    node = data
    for part in path:
        if isinstance(part, int):
            label: str = str(part)
            if isinstance(node, Sequence) and not isinstance(node, str) and 0 <= part < len(node):
                node = node[part]
                ident = node.get("id") if isinstance(node, dict) else None
                if isinstance(ident, str) and ident and _LABEL.fullmatch(ident):
                    label = ident
            else:
                node = None
            out += f"[{label}]"
        else:
            node = node.get(part) if isinstance(node, dict) else None
            out += f".{_key(part)}" if out else _key(part)
    return out


class ScenarioError(Exception):
    """A scenario that cannot be used: every problem found, errors and warnings."""

    def __init__(self, file: str, problems: list[Problem], data: object = None) -> None:
        self.file = file
        self.problems = problems
        self.data = data
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{file}: {len(errors)} problem(s)")

    def lines(self) -> list[str]:
        """One `FILE:LINE: field.path: message` line per problem."""
        return [p.format(self.file, self.data) for p in self.problems]
