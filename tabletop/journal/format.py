"""The session journal format: name, version, header, and the checks shared by writer and reader.

A journal is JSON Lines: the header on line 1, then one event per line. See
docs/session-format.md for the full description.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from hashlib import blake2b
from pathlib import Path
from typing import Any

FORMAT_NAME = "tabletop-session"
FORMAT_VERSION = 2
CHAINED_SINCE = 2
"""The first version whose event lines carry a hash chained to the line before them."""

HASH_KEY = "hash"
HASH_MARK = ',"hash":"'
"""What precedes the hash at the end of a chained line: `…,"hash":"<32 hex digits>"}`."""
HASH_HEX = 32
HASH_TAIL = len(HASH_MARK) + HASH_HEX + 2
"""The length of `,"hash":"…"}`: a chained line's body is the line without it."""

__all__ = [
    "CHAINED_SINCE",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "HASH_KEY",
    "HASH_MARK",
    "HASH_TAIL",
    "JournalError",
    "chain_hash",
    "chained_line",
    "dumps",
    "event_problem",
    "header_hash",
    "header_problem",
    "make_header",
    "utc_now",
    "validate_header",
]


class JournalError(Exception):
    """A session journal that cannot be read or written.

    `str(error)` is `FILE:LINE: message`, or `FILE: message` when the line is not known.
    """

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.message}"

    def __reduce__(self) -> tuple[Any, ...]:  # picklable across process pools
        return (type(self), (self.path, self.line, self.message))


def utc_now() -> str:
    """The current time as ISO 8601 UTC with seconds precision: `2026-11-27T21:30:05Z`."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def dumps(obj: dict[str, Any]) -> str:
    """One journal line (without the newline): compact JSON, UTF-8 text kept as is, key order kept.

    NaN and infinities are refused: they are not JSON and other tools cannot read them.
    """
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def header_hash(header_line: bytes) -> str:
    """The link the first event chains to: the hash of the header line as written
    (without its newline)."""
    return blake2b(header_line, digest_size=HASH_HEX // 2).hexdigest()


def chain_hash(prev: str, body: str) -> str:
    """The hash of an event line: over the previous link and the line's body, the exact
    text written before `,"hash":"…"}` (nothing is re-serialised to check it)."""
    return blake2b((prev + body).encode("utf-8"), digest_size=HASH_HEX // 2).hexdigest()


def chained_line(prev: str, event: dict[str, Any]) -> tuple[str, str]:
    """One chained journal line for `event` (without its newline) and its hash."""
    body = dumps(event)[:-1]
    digest = chain_hash(prev, body)
    return f'{body}{HASH_MARK}{digest}"}}', digest


def make_header(
    *,
    scenario_id: str,
    scenario_sha256: str,
    scenario_title: str,
    scenario_path: str,
    seed: int,
    parent: dict[str, Any] | None = None,
    settings: dict[str, Any] | None = None,
    created: str | None = None,
) -> dict[str, Any]:
    """The header line of a new session journal (checked: a bad argument raises ValueError)."""
    header: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "scenario": {
            "id": scenario_id,
            "sha256": scenario_sha256,
            "path": str(scenario_path),
            "title": scenario_title,
        },
        "seed": seed,
        "created": created if created is not None else utc_now(),
        "parent": dict(parent) if parent is not None else None,
        "settings": dict(settings) if settings is not None else {},
    }
    problem = header_problem(header)
    if problem is not None:
        raise ValueError(problem)
    return header


def header_problem(header: object) -> str | None:
    """What is wrong with a header of a supported version, or None when it is fine.

    Unknown extra fields are allowed (a later minor addition to version 1 may add some).
    """
    if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
        return f'not a tabletop session journal (the first line has no "format": "{FORMAT_NAME}")'
    version = header.get("version")
    if type(version) is not int:
        return f"header: version must be an integer, not {json.dumps(version)}"
    if version > FORMAT_VERSION:
        return (
            f"session format version {version} is newer than this tabletop can read "
            f"(it reads version {FORMAT_VERSION}); upgrade tabletop to open this session"
        )
    if version < 1:
        return f"header: version {version} is not a valid session format version"
    scenario = header.get("scenario")
    if not isinstance(scenario, dict):
        return "header: scenario must be an object with id, sha256, path and title"
    for key in ("id", "sha256"):
        if not isinstance(scenario.get(key), str) or not scenario[key]:
            return f"header: scenario.{key} must be a non-empty string"
    for key in ("path", "title"):
        if key in scenario and not isinstance(scenario[key], str):
            return f"header: scenario.{key} must be a string"
    if "\x00" in scenario.get("path", ""):
        return "header: scenario.path cannot hold a NUL character"
    if type(header.get("seed")) is not int:
        return "header: seed must be an integer"
    if not isinstance(header.get("created"), str):
        return "header: created must be an ISO 8601 timestamp string"
    parent = header.get("parent")
    if parent is not None:
        if not isinstance(parent, dict):
            return 'header: parent must be null or {"session": ..., "at": <seq>}'
        if not isinstance(parent.get("session"), str):
            return "header: parent.session must be a string (the parent session's path or name)"
        if type(parent.get("at")) is not int or parent["at"] < 0:
            return "header: parent.at must be a non-negative integer (a seq of the parent)"
    if "settings" in header and not isinstance(header["settings"], dict):
        return "header: settings must be an object"
    return _settings_problem(header.get("settings") or {})


def _settings_problem(settings: dict[str, Any]) -> str | None:
    """The types of the settings that say who plays (the engine and the reports use them);
    whether the actors named are the scenario's is checked with the scenario."""
    computer = settings.get("computer")
    if computer is not None and not (
        type(computer) is list and all(type(actor) is str for actor in computer)
    ):
        return "header: settings.computer must be a list of actor ids"
    player = settings.get("player")
    if player is not None and type(player) is not str:
        return "header: settings.player must be an actor id or null"
    played_by = settings.get("played_by")
    if played_by is not None and not (
        type(played_by) is dict and all(type(who) is str for who in played_by.values())
    ):
        return "header: settings.played_by must be an object of texts"
    return None


def validate_header(header: object, path: Path | str, line: int | None = 1) -> dict[str, Any]:
    """Return the header when it is a valid one, else raise JournalError at `line`."""
    problem = header_problem(header)
    if problem is not None:
        raise JournalError(path, line, problem)
    assert isinstance(header, dict)
    return header


def event_problem(event: object, expected_seq: int) -> str | None:
    """What is wrong with an event that should carry `expected_seq`, or None when it is fine.

    Only the envelope is checked (seq, kind, action); the kinds belong to the engine.
    """
    if type(event) is not dict:
        return f"an event must be a JSON object, not {type(event).__name__}"
    seq = event.get("seq")
    if type(seq) is not int:
        return 'an event needs "seq", an integer' if seq is None else '"seq" must be an integer'
    if seq != expected_seq:
        return f"seq {seq} out of order: expected {expected_seq} (events must be consecutive)"
    kind = event.get("kind")
    if type(kind) is not str or not kind:
        return 'an event needs "kind", a non-empty string'
    action = event.get("action")
    if type(action) is not int:
        return 'an event needs "action", an integer (the seq of its action\'s first event)'
    if not 1 <= action <= seq:
        return f'"action" {action} must be between 1 and the event\'s seq {seq}'
    return None
