"""What every command prints the same way: exit statuses, problem lines, output files.

A command's results go to stdout and its problems to stderr, one line each, through
`out`, `write` and `err` below: the one place where command-line text meets the
terminal, so a filter that makes text from files terminal-safe belongs here (and then
covers every command). Problems with input exit 1, usage errors exit 2 (argparse).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from tabletop.engine.wording import printable_block, terminal_line
from tabletop.safe_read import special_kind
from tabletop.scenario.problems import ScenarioError

EXIT_OK = 0
EXIT_INPUT = 1
"""A problem with the input: a scenario, a journal, a script, a file that exists."""
EXIT_USAGE = 2
"""The command line itself is wrong (argparse's status)."""
EXIT_INTERRUPTED = 130


def out(line: str = "") -> None:
    """One line of a command's results, on stdout (no control character from a file)."""
    print(terminal_line(line))


def write(text: str) -> None:
    """A command's results as one block of text (a report, CSV, JSON), on stdout; control
    characters removed (the exports have none of their own: this is the last guard)."""
    sys.stdout.write(printable_block(text))
    sys.stdout.flush()


def err(line: str) -> None:
    """One line about a problem or a warning, on stderr (no control character)."""
    print(terminal_line(line), file=sys.stderr)


def problems(lines: Iterable[str]) -> int:
    """Print the lines of a problem; the exit status of a problem with input."""
    for line in lines:
        err(line)
    return EXIT_INPUT


def scenario_problems(exc: ScenarioError) -> int:
    """`FILE:LINE: field.path: what is wrong`, one line each; exit status 1."""
    return problems(exc.lines())


def refuse_existing(path: Path | None, force: bool) -> bool:
    """Say so and return True when `path` exists (a link to nothing counts: a write would
    go where it points) and `--force` was not given."""
    if path is None or force or not (path.exists() or path.is_symlink()):
        return False
    err(f"{path}: exists already (use --force to overwrite)")
    return True


def write_output(text: str, output: Path | None) -> int:
    """Write to the output file (atomically: a temporary file renamed into place) or stdout."""
    if output is None:
        write(text)
        return EXIT_OK
    directory = output.parent if str(output.parent) else Path(".")
    try:
        if output.is_dir():
            err(f"{output}: is a directory")
            return EXIT_INPUT
        special = special_kind(output)
        if special is not None:  # a rename would replace it: /dev/null itself, as root
            err(
                f"{output}: is {special}, not a regular file: tabletop replaces only files "
                "(write to standard output with no -o)"
            )
            return EXIT_INPUT
        if output.exists():
            from tabletop.journal.reader import is_journal  # only when replacing a file

            if is_journal(output):  # the record is evidence: --force is for old exports
                err(
                    f"{output}: is a session journal; tabletop never overwrites one "
                    "(choose another output file)"
                )
                return EXIT_INPUT
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        err(f"{output}: cannot write: {exc.strerror or exc}")
        return EXIT_INPUT
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(tmp, _mode(output))
        os.replace(tmp, output)
    except OSError as exc:
        err(f"{output}: cannot write: {exc.strerror or exc}")
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return EXIT_INPUT
    return EXIT_OK


def _mode(output: Path) -> int:
    """The permissions for the output: those of the file it replaces, else the umask's."""
    try:
        return output.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def usage_error(line: str) -> int:
    """A usage error (a bad option value only the scenario can judge): exit status 2."""
    err(f"tabletop: {line}")
    return EXIT_USAGE
