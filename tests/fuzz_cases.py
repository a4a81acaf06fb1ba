"""Hostile variants of a scenario or a journal, and one run of tabletop over each.

Shared by the fuzz tests (hypothesis, a bounded number of examples) and
benchmarks/fuzz.py (many random cases, with the figures). A case is the bytes of a good
file put through one mutation: a byte flip, a truncation, a value of another type, a
huge or non-finite number, deep nesting, control characters. Running a case must end
in one of two ways: accepted, or refused with a message (`FILE:LINE: …`, exit 1);
never tabletop's catch-all "internal error", never a hang.
"""

from __future__ import annotations

import io
import random
import re
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from tabletop.cli import main
from tabletop.engine.wording import UNSAFE

NUMBER = re.compile(rb"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")
STRING = re.compile(rb'"[^"\n]*"')
CONTROL = [
    b"\x1b[31m", b"\x07", b"\x00", b"\x9b", b"\x1b]0;pwned\x07", b"\r", b"\x7f",
    "\u202e".encode(), "\u009b".encode(), b"[bold red]", b"[@click=app.quit]",
    b"\\u001b]0;pwned\\u0007", b"\\u009b", b"\\u202e",  # escaped, as JSON and TOML write them
]  # fmt: skip
HUGE = [b"1" + b"0" * 400, b"1e400", b"-1e400", b"nan", b"inf", b"-inf", b"NaN", b"Infinity"]
SWAPS = [b"true", b"1", b"[]", b"{}", b'"x"', b"1.5", b"2022-01-01", b"null"]


def flip(data: bytes, rnd: random.Random) -> bytes:
    if not data:
        return data
    i = rnd.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << rnd.randrange(8))]) + data[i + 1 :]


def truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: rnd.randrange(len(data) + 1)]


def _replace_match(
    data: bytes, rnd: random.Random, pattern: re.Pattern[bytes], new: bytes
) -> bytes:
    found = list(pattern.finditer(data))
    if not found:
        return data
    m = rnd.choice(found)
    return data[: m.start()] + new + data[m.end() :]


def huge_number(data: bytes, rnd: random.Random) -> bytes:
    return _replace_match(data, rnd, NUMBER, rnd.choice(HUGE))


def type_swap(data: bytes, rnd: random.Random) -> bytes:
    pattern = rnd.choice([NUMBER, STRING])
    return _replace_match(data, rnd, pattern, rnd.choice(SWAPS))


def control(data: bytes, rnd: random.Random) -> bytes:
    found = list(STRING.finditer(data))
    if not found:
        return data
    m = rnd.choice(found)
    at = rnd.randrange(m.start() + 1, m.end())
    return data[:at] + rnd.choice(CONTROL) + data[at:]


def deep(data: bytes, rnd: random.Random) -> bytes:
    depth = rnd.choice([50, 500, 5000, 100_000])
    if data.startswith(b"{"):  # a journal: nest inside a line's value
        return _replace_match(data, rnd, STRING, b"[" * depth + b"1" + b"]" * depth)
    return _replace_match(data, rnd, NUMBER, b"[" * depth + b"1" + b"]" * depth)


def duplicate_line(data: bytes, rnd: random.Random) -> bytes:
    lines = data.splitlines(keepends=True)
    if len(lines) < 2:
        return data
    i = rnd.randrange(len(lines))
    lines.insert(rnd.randrange(len(lines)), lines[i])
    return b"".join(lines)


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "flip": flip,
    "truncate": truncate,
    "huge": huge_number,
    "swap": type_swap,
    "control": control,
    "deep": deep,
    "duplicate": duplicate_line,
}


def mutate(data: bytes, seed: int, rounds: int = 1) -> tuple[str, bytes]:
    rnd = random.Random(seed)
    names = []
    for _ in range(rounds):
        name = rnd.choice(sorted(MUTATIONS))
        names.append(name)
        data = MUTATIONS[name](data, rnd)
    return "+".join(names), data


def run(*args: str) -> tuple[int, str, str]:
    """tabletop's command line in this process: status, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def scenario_case(data: bytes, tmp: Path) -> str:
    """Validate a scenario, and play it when it is valid: 'accepted' or 'refused'."""
    path = tmp / "case.toml"
    path.write_bytes(data)
    status, out, err = run("validate", str(path))
    _check(status, out, err)
    if status != 0:
        return "refused"
    journal = tmp / "case.jsonl"
    journal.unlink(missing_ok=True)
    status, out, err = run("run", str(path), "--session", str(journal))
    _check(status, out, err)
    return "accepted" if status == 0 else "refused"


def journal_case(data: bytes, tmp: Path) -> str:
    """Replay, export and branch a journal: 'accepted' or 'refused'."""
    path = tmp / "case.jsonl"
    path.write_bytes(data)
    outcome = "accepted"
    for args in (
        ("replay", str(path)),
        ("replay", str(path), "--json"),
        ("export", str(path), "--format", "md", "-o", str(tmp / "r.md"), "--force"),
        ("export", str(path), "--format", "csv", "-o", str(tmp / "r.csv"), "--force"),
        ("export", str(path), "--format", "html", "-o", str(tmp / "r.html"), "--force"),
    ):
        status, out, err = run(*args)
        _check(status, out, err)
        if status != 0:
            outcome = "refused"
    for report in (tmp / "r.md", tmp / "r.csv", tmp / "r.html"):
        if report.exists():  # what a `cat` of the export would show
            _check(0, report.read_text(encoding="utf-8").replace("\r\n", "\n"), "")
    branch = tmp / "branch.jsonl"
    branch.unlink(missing_ok=True)
    status, out, err = run("branch", str(path), "--at", "2", "--session", str(branch))
    _check(status, out, err)
    return outcome


class InternalError(AssertionError):
    """tabletop met a case it has no message for."""


class UncleanOutput(InternalError):
    """A control character (but newline and tab) reached what a terminal would show."""


def _check(status: int, out: str, err: str) -> None:
    if "internal error" in err or status not in (0, 1):
        raise InternalError(f"status {status}: {err.strip()[:300]}")
    for stream in (out, err):
        bad = [ch for ch in stream if ch in UNSAFE]
        if bad:
            raise UncleanOutput(f"control characters on a terminal: {bad[:5]!r}")
