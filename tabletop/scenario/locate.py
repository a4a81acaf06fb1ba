"""Find the source line of a value in TOML text.

tomllib reports no positions for values, so validation errors would otherwise only
name a field path. This scanner follows table headers and keys line by line, which is
enough to point a designer at the right line of a hand-written scenario.
"""

from __future__ import annotations

import re

from tabletop.scenario.problems import Path

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'. ]+?)\s*=")


def _split_key(text: str) -> list[str]:
    return [part.strip().strip("\"'") for part in text.split(".")]


class LineIndex:
    """Maps concrete data paths (with list indices) to the line they start on."""

    def __init__(self, source: str) -> None:
        self.lines: dict[Path, int] = {}
        self._counts: dict[Path, int] = {}
        self._scan(source)

    def _resolve(self, keys: list[str], is_array: bool) -> Path:
        path: Path = ()
        for i, key in enumerate(keys):
            path = (*path, key)
            last = i == len(keys) - 1
            if last and is_array:
                index = self._counts.get(path, 0)
                self._counts[path] = index + 1
                path = (*path, index)
            elif not last and path in self._counts:
                path = (*path, self._counts[path] - 1)
        return path

    def _scan(self, source: str) -> None:
        table: Path = ()
        in_string: str | None = None
        array_key: Path | None = None
        array_index = 0
        for number, line in enumerate(source.splitlines(), start=1):
            if in_string:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if array_key is not None:
                if stripped.startswith("]"):
                    array_key = None
                    continue
                self.lines.setdefault((*array_key, array_index), number)
                array_index += 1
                if stripped.rstrip(",").endswith("]") and not stripped.startswith(("[", '"')):
                    array_key = None
                continue
            header = _HEADER.match(line)
            if header and not _KEY.match(line):
                table = self._resolve(_split_key(header.group(2)), header.group(1) == "[[")
                self.lines.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if not key:
                continue
            path = (*table, *_split_key(key.group(1)))
            self.lines.setdefault(path, number)
            value = line[key.end() :].strip()
            for quote in ('"""', "'''"):
                if value.startswith(quote) and value.count(quote) == 1:
                    in_string = quote
            if value.startswith("[") and value.rstrip().rstrip(",") == "[":
                array_key, array_index = path, 0

    def line_of(self, path: Path) -> int | None:
        """The line of the longest prefix of `path` that the scan found."""
        for end in range(len(path), 0, -1):
            found = self.lines.get(tuple(path[:end]))
            if found is not None:
                return found
        return None
