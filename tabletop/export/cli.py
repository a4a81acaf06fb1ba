"""`tabletop export` and `tabletop events`: the export layer's files and messages.

The only module of `tabletop.export` that reads or writes files. Every problem is one
line on stderr and exit status 1; output goes to stdout unless `-o` names a file,
which is never overwritten without `--force`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from pathlib import Path

from tabletop.export import ExportError, render
from tabletop.export.msel import MselError, export_events, import_events

OK, PROBLEM = 0, 1


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def _write(text: str, output: Path | None) -> int:
    """Write to the output file (atomically: a temporary file renamed into place) or stdout."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return OK
    directory = output.parent if str(output.parent) else Path(".")
    try:
        if output.is_dir():
            _err(f"{output}: is a directory")
            return PROBLEM
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        _err(f"{output}: cannot write: {exc.strerror or exc}")
        return PROBLEM
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(tmp, _mode(output))
        os.replace(tmp, output)
    except OSError as exc:
        _err(f"{output}: cannot write: {exc.strerror or exc}")
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return PROBLEM
    return OK


def _mode(output: Path) -> int:
    """The permissions for the output: those of the file it replaces, else the umask's."""
    try:
        return output.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def run_export(args: argparse.Namespace) -> int:
    """`tabletop export SESSION --format F [-o OUT] [--force] [--scenario FILE]`."""
    from tabletop.commands import existing_output
    from tabletop.journal import JournalError
    from tabletop.live import open_journal
    from tabletop.scenario.problems import ScenarioError

    refusal = existing_output(args.output, args.force)
    if refusal:
        _err(refusal)
        return PROBLEM
    try:
        journal, compiled, _, _ = open_journal(
            args.session, scenario_path=args.scenario, force=args.force
        )
    except ScenarioError as exc:
        for line in exc.lines():
            _err(line)
        return PROBLEM
    except JournalError as exc:
        _err(str(exc))
        return PROBLEM
    for warning in journal.warnings:
        _err(warning)
    try:
        text = render(
            args.format, journal.header, journal.events, compiled, journal=str(args.session)
        )
    except ExportError as exc:
        _err(f"{args.session}: cannot export: {exc}")
        return PROBLEM
    return _write(text, args.output)


def run_events(args: argparse.Namespace) -> int:
    """`tabletop events export SCENARIO` and `tabletop events import SCENARIO CSV -o OUT`."""
    from tabletop.commands import existing_output
    from tabletop.scenario.bundled import resolve_scenario
    from tabletop.scenario.load import load_scenario
    from tabletop.scenario.problems import ScenarioError

    refusal = existing_output(args.output, args.force)
    if refusal:
        _err(refusal)
        return PROBLEM
    path = resolve_scenario(args.scenario)
    try:
        compiled, _ = load_scenario(path)
    except ScenarioError as exc:
        for line in exc.lines():
            _err(line)
        return PROBLEM
    if args.events_command == "export":
        return _write(export_events(compiled), args.output)

    try:
        scenario_text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:  # pragma: no cover - it just loaded
        _err(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}")
        return PROBLEM
    csv_path: Path = args.csv
    try:
        if csv_path.is_dir():
            _err(f"{csv_path}: is a directory, not a CSV file")
            return PROBLEM
        raw = csv_path.read_bytes()
    except FileNotFoundError:
        _err(f"{csv_path}: no such file")
        return PROBLEM
    except OSError as exc:
        _err(f"{csv_path}: cannot read: {exc.strerror or exc}")
        return PROBLEM
    if b"\x00" in raw:
        _err(f"{csv_path}: binary data, not a CSV text file")
        return PROBLEM
    try:
        csv_text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        _err(f"{csv_path}:{row}: not UTF-8 text (save the sheet as CSV UTF-8)")
        return PROBLEM
    try:
        text, problems = import_events(
            scenario_text,
            compiled,
            csv_text,
            csv_name=str(csv_path),
            output_name=str(args.output),
            source=path,
            target=args.output,
        )
    except MselError as exc:
        for line in exc.lines:
            _err(line)
        return PROBLEM
    for problem in problems:
        if problem.severity == "warning":
            _err(problem.format(str(args.output)))
    status = _write(text, args.output)
    if status == OK:
        count = text.count("\n[[injects]]")
        print(
            f"{args.output}: ok: {count} inject(s) from {csv_path}; comments of {path} are not kept"
        )
    return status
