"""Find the source line of a value in TOML text.

tomllib reports no positions for values, so validation errors would otherwise only
name a field path. This scanner reads the text the way a TOML parser does (headers,
dotted and quoted keys, strings of every kind, arrays and inline tables, comments) but
keeps only where each key, table and list item starts, so that a problem can point a
designer at the right line: the line of the key, of the `[[table]]` header, or of the
item in a list that spans several lines.

It never raises and always makes progress, whatever the text; on text that is not
valid TOML it still records what it can. It scans lazily, one statement at a time and
only as far as the lines asked for: a problem near the top of a long file costs a few
statements, not the whole file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tabletop.scenario.problems import Path

# Whitespace, newlines and comments between statements and between array items.
_SKIP = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_BLANK = re.compile(r"[ \t]*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC_KEY = re.compile(r'"((?:\\.|[^"\\\n])*)"')
_LITERAL_KEY = re.compile(r"'([^'\n]*)'")
# One value that is not an array or inline table: strings (multi-line first, with
# fall-backs for unterminated ones), date-times with a space, and any other scalar.
_SCALAR = re.compile(
    r'"""(?:\\.|[^\\])*?"""(?:"{0,2})'
    r"|'''[\s\S]*?'''(?:'{0,2})"
    r'|"""[\s\S]*'
    r"|'''[\s\S]*"
    r'|"(?:\\.|[^"\\\n])*"?'
    r"|'[^'\n]*'?"
    r"|\d{4}-\d\d-\d\d[ ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:[Zz]|[+-]\d\d:\d\d)?"
    r"|[^\s,\]}#]+",
    re.DOTALL,
)
# The common statement, read in one step: `bare_key = "text"`, `= 'text'` or `= 12` (also
# true, dates), then an optional comment and the end of the line.
_SIMPLE = re.compile(
    r"""([A-Za-z0-9_-]+)[ \t]*=[ \t]*(?:"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[-+0-9A-Za-z_.:]+)"""
    r"[ \t]*(?:#[^\n]*)?(?=\r?\n|$)"
)
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "e": "\x1b",
}


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if code[0] in "uU" and len(code) > 1:
        value = int(code[1:], 16)
        return chr(value) if value <= 0x10FFFF else match.group(0)
    return _ESCAPES.get(code, match.group(0))


class LineIndex:
    """Maps concrete data paths (with list indices) to the line they start on.

    `("moves", 2, "outcomes", 0, "effects", 1)` is the second effect of the first
    outcome of the third move; every table, key and list item the text defines is
    recorded, together with each prefix of its path.
    """

    def __init__(self, source: str) -> None:
        self._lines: dict[Path, int] = {}
        self._counts: dict[Path, int] = {}
        self._src = source
        self._line = 1
        self._line_pos = 0
        self._scanner = self._scan()

    @property
    def lines(self) -> dict[Path, int]:
        """Every path the text defines, with its line (scans the rest of the text)."""
        for _ in self._scanner:
            pass
        return self._lines

    # -- positions -------------------------------------------------------------------
    def _line_at(self, pos: int) -> int:
        """The 1-based line of a position; positions are asked for in increasing order."""
        if pos >= self._line_pos:
            self._line += self._src.count("\n", self._line_pos, pos)
        else:  # not expected, but stay correct
            self._line -= self._src.count("\n", pos, self._line_pos)
        self._line_pos = pos
        return self._line

    def _record(self, path: Path, pos: int, start: int = 1) -> None:
        """Record `path` (and its prefixes from length `start`) as starting at `pos`."""
        line = self._line_at(pos)
        for end in range(max(start, 1), len(path) + 1):
            self._lines.setdefault(path[:end], line)

    # -- scanning ----------------------------------------------------------------------
    def _key(self, pos: int) -> tuple[list[str], int]:
        """A dotted key (bare or quoted parts) starting at `pos`; [] if there is none."""
        src = self._src
        keys: list[str] = []
        while True:
            pos = _BLANK.match(src, pos).end()  # type: ignore[union-attr]
            match = _BARE_KEY.match(src, pos)
            if match:
                keys.append(match.group())
            elif (match := _BASIC_KEY.match(src, pos)) is not None:
                keys.append(_ESCAPE.sub(_unescape, match.group(1)))
            elif (match := _LITERAL_KEY.match(src, pos)) is not None:
                keys.append(match.group(1))
            else:
                return keys, pos
            pos = _BLANK.match(src, match.end()).end()  # type: ignore[union-attr]
            if src.startswith(".", pos):
                pos += 1
                continue
            return keys, pos

    def _resolve(self, keys: list[str], is_array: bool) -> Path:
        """The data path of a `[table]` or `[[array.of.tables]]` header."""
        path: Path = ()
        for i, key in enumerate(keys):
            path = (*path, key)
            last = i == len(keys) - 1
            if last and is_array:
                index = self._counts.get(path, 0)
                self._counts[path] = index + 1
                path = (*path, index)
            elif path in self._counts:
                path = (*path, self._counts[path] - 1)
        return path

    def _scan(self) -> Iterator[None]:
        """Record statement after statement, pausing after each."""
        src = self._src
        size = len(src)
        table: Path = ()
        pos = 0
        while True:
            yield
            pos = _SKIP.match(src, pos).end()  # type: ignore[union-attr]
            if pos >= size:
                return
            if src[pos] == "[":
                is_array = src.startswith("[[", pos)
                keys, end = self._key(pos + (2 if is_array else 1))
                if keys:
                    table = self._resolve(keys, is_array)
                    self._record(table, pos)
                closing = src.find("]", end)
                newline = src.find("\n", end)
                if closing == -1 or (newline != -1 and newline < closing):
                    pos = newline if newline != -1 else size  # an unclosed header
                else:
                    pos = closing + (2 if src.startswith("]]", closing) and is_array else 1)
                continue
            simple = _SIMPLE.match(src, pos)
            if simple is not None:
                key = simple.group(1)
                self._lines.setdefault((*table, key), self._line_at(pos))
                pos = simple.end()
                continue
            keys, end = self._key(pos)
            if not keys or not src.startswith("=", end):
                newline = src.find("\n", pos)  # not a statement: skip the line
                pos = newline if newline != -1 else size
                continue
            path = (*table, *keys)
            self._record(path, pos, len(table) + 1)
            pos = self._value(end + 1, path)

    def _value(self, pos: int, path: Path) -> int:
        """Skip one value starting at `pos`, recording the keys and items inside it."""
        src = self._src
        size = len(src)
        # Open arrays and inline tables: [path, next item index, is_array].
        stack: list[tuple[Path, list[int], bool]] = []
        current = path
        want_value = True
        while True:
            if want_value:
                want_value = False
                pos = _BLANK.match(src, pos).end()  # type: ignore[union-attr]
                char = src[pos : pos + 1]
                if char == "[":
                    stack.append((current, [0], True))
                    pos += 1
                    continue
                if char == "{":
                    stack.append((current, [0], False))
                    pos += 1
                    continue
                match = _SCALAR.match(src, pos)
                if match is not None and match.end() > pos:
                    pos = match.end()
                elif not stack:
                    return pos
                if not stack:
                    return pos
                continue
            if pos >= size:
                return pos
            frame_path, counter, is_array = stack[-1]
            pos = _SKIP.match(src, pos).end()  # type: ignore[union-attr]
            char = src[pos : pos + 1]
            if not char:
                return pos
            if char in "]}":
                stack.pop()
                pos += 1
                if not stack:
                    return pos
                continue
            if char == ",":
                pos += 1
                continue
            if is_array:
                current = (*frame_path, counter[0])
                counter[0] += 1
                self._record(current, pos, len(current))
                want_value = True
                continue
            keys, end = self._key(pos)
            if not keys:
                pos += 1  # not a key: step over the character
                continue
            current = (*frame_path, *keys)
            self._record(current, pos, len(frame_path) + 1)
            pos = _BLANK.match(src, end).end()  # type: ignore[union-attr]
            if src.startswith("=", pos):
                pos += 1
            want_value = True

    # -- lookup ------------------------------------------------------------------------
    def line_of(self, path: Path) -> int | None:
        """The line of the longest prefix of `path` that the text defines."""
        path = tuple(path)
        lines = self._lines
        if path not in lines:
            for _ in self._scanner:  # scan on until it is found (or the text ends)
                if path in lines:
                    break
        for end in range(len(path), 0, -1):
            found = lines.get(path[:end])
            if found is not None:
                return found
        return None
