"""Small read-only helpers over files: scenario metadata, journal headers, path display.

No Textual here, and nothing heavy: the start screen lists the bundled scenarios with a
plain TOML read of their metadata, so the full loader (pydantic, expression compiler)
runs only when a scenario is opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tabletop.safe_read import MAX_TEXT_BYTES, open_binary, read_regular


@dataclass(frozen=True)
class ScenarioEntry:
    """A scenario as listed on the start screen."""

    path: Path
    id: str
    title: str
    summary: str
    turns: int
    actors: int


def scenario_entry(path: Path) -> ScenarioEntry:
    """Read a scenario's metadata without checking it (the loader checks when it is opened)."""
    import tomllib

    try:
        data = tomllib.loads(read_regular(path, MAX_TEXT_BYTES).decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return ScenarioEntry(
            path, path.stem, path.stem, "(cannot be read: open it to see why)", 0, 0
        )
    meta: dict[str, Any] = data["scenario"] if isinstance(data.get("scenario"), dict) else {}
    turns: list[Any] = data["turns"] if isinstance(data.get("turns"), list) else []
    actors: list[Any] = data["actors"] if isinstance(data.get("actors"), list) else []
    return ScenarioEntry(
        path=path,
        id=str(meta.get("id", path.stem)),
        title=str(meta.get("title", path.stem)),
        summary=str(meta.get("summary", "")),
        turns=len(turns),
        actors=len(actors),
    )


def bundled_entries() -> list[ScenarioEntry]:
    """The bundled scenarios, the default first."""
    from tabletop.scenario.bundled import bundled_paths

    return [scenario_entry(path) for path in bundled_paths()]


def read_header(path: Path) -> dict[str, Any]:
    """A journal's header line (empty when it cannot be read)."""
    import json

    try:
        with open_binary(path) as f:
            line = f.readline(16 * 1024 * 1024)
        header = json.loads(line.decode("utf-8-sig"))
    except (OSError, ValueError):
        return {}
    return header if isinstance(header, dict) else {}


def session_player(path: Path) -> str | None:
    """The actor a solo session is played as, from its journal's header."""
    settings = read_header(path).get("settings") or {}
    player = settings.get("player") if isinstance(settings, dict) else None
    return player if isinstance(player, str) and player else None


def display_path(path: Path) -> str:
    """A path as shown on screen: the home directory as ~."""
    try:
        return "~/" + str(path.resolve().relative_to(Path.home().resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def relative_time(when: datetime, now: datetime) -> str:
    """`just now`, `5 min ago`, `3 h ago`, `2 days ago`, or the date."""
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    if seconds < 7 * 86400:
        days = int(seconds // 86400)
        return f"{days} day{'s' if days > 1 else ''} ago"
    return when.strftime("%Y-%m-%d")
