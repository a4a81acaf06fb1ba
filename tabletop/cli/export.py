"""`tabletop export` (a session as a report or data) and `tabletop events` (the MSEL).

The export layer renders text; this module reads the journal and the files and writes
the output. Output goes to stdout unless `-o` names a file, which is never overwritten
without `--force`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tabletop.cli.arguments import (
    add_audience,
    add_force,
    add_moved_scenario,
    add_scenario,
    scenario_name,
)
from tabletop.cli.output import (
    EXIT_INPUT,
    EXIT_OK,
    err,
    out,
    problems,
    refuse_existing,
    scenario_problems,
    usage_error,
    write_output,
)
from tabletop.engine import wording
from tabletop.engine.audience import UnknownAudience, check_audience
from tabletop.export import FORMATS, ExportError, render
from tabletop.export.msel import MselError, export_events, import_events
from tabletop.journal import JournalError
from tabletop.live import open_journal
from tabletop.safe_read import MAX_TEXT_BYTES, Refused, read_regular
from tabletop.scenario.bundled import resolve_scenario
from tabletop.scenario.load import load_scenario
from tabletop.scenario.problems import ScenarioError

FORMAT_HELP = (
    "md: the after-action report in Markdown; html: the same, one self-contained page; "
    "json: the report and every event as data; csv: one row per event; "
    "ip: the improvement plan as CSV"
)


def add_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("session", type=Path, help="the journal file")
    parser.add_argument("--format", required=True, choices=list(FORMATS), help=FORMAT_HELP)
    parser.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="the output file (default: stdout)"
    )
    add_audience(parser)
    add_force(parser)
    add_moved_scenario(parser)


def run_export(args: argparse.Namespace) -> int:
    """`tabletop export SESSION --format F [-o OUT] [--force] [--scenario FILE]`."""
    if refuse_existing(args.output, args.force):
        return EXIT_INPUT
    try:
        journal, compiled, _, _ = open_journal(
            args.session, scenario_path=args.scenario, force=args.allow_changed_scenario
        )
    except ScenarioError as exc:
        return scenario_problems(exc)
    except JournalError as exc:
        return problems([str(exc)])
    for warning in journal.warnings:
        err(warning)
    try:
        check_audience(compiled, args.audience)
    except UnknownAudience as exc:
        return usage_error(f"--audience: {exc}")
    try:
        text = render(
            args.format,
            journal.header,
            journal.events,
            compiled,
            journal=str(args.session),
            audience=args.audience,
        )
    except ExportError as exc:
        return problems([f"{args.session}: {wording.CANNOT_EXPORT}: {exc}"])
    return write_output(text, args.output)


def add_events(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="events_command", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export", help="write the injects as CSV", description="Write the injects as CSV."
    )
    add_scenario(export)
    export.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="the output file (default: stdout)"
    )
    add_force(export)
    imports = actions.add_parser(
        "import",
        help="replace a scenario's injects from CSV",
        description="Write a new scenario file: the scenario with the CSV's injects.",
    )
    imports.add_argument("scenario", type=scenario_name, help="the scenario file to read")
    imports.add_argument("csv", type=Path, help="the master events list (CSV)")
    imports.add_argument(
        "-o", "--output", type=Path, metavar="OUT", required=True, help="the new scenario file"
    )
    add_force(imports)


def run_events(args: argparse.Namespace) -> int:
    """`tabletop events export SCENARIO` and `tabletop events import SCENARIO CSV -o OUT`."""
    if refuse_existing(args.output, args.force):
        return EXIT_INPUT
    path = resolve_scenario(args.scenario)
    try:
        compiled, _ = load_scenario(path)
    except ScenarioError as exc:
        return scenario_problems(exc)
    if args.events_command == "export":
        return write_output(export_events(compiled), args.output)

    try:
        scenario_text = read_regular(path, MAX_TEXT_BYTES, "scenario file").decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:  # pragma: no cover - it just loaded
        return problems([f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}"])
    csv_path: Path = args.csv
    csv_text = _read_csv(csv_path)
    if csv_text is None:
        return EXIT_INPUT
    try:
        text, found = import_events(
            scenario_text,
            compiled,
            csv_text,
            csv_name=str(csv_path),
            output_name=str(args.output),
            source=path,
            target=args.output,
        )
    except MselError as exc:
        return problems(exc.lines)
    for problem in found:
        if problem.severity == "warning":
            err(problem.format(str(args.output)))
    status = write_output(text, args.output)
    if status == EXIT_OK:
        count = text.count("\n[[injects]]")
        out(
            f"{args.output}: ok: {count} inject(s) from {csv_path}; comments of {path} are not kept"
        )
    return status


def _read_csv(csv_path: Path) -> str | None:
    """The CSV's text, or None after saying why it cannot be read."""
    try:
        raw = read_regular(csv_path, MAX_TEXT_BYTES, "events list")
    except FileNotFoundError:
        err(f"{csv_path}: no such file")
        return None
    except Refused as exc:
        err(f"{csv_path}: {exc.what_instead('a CSV file')}")
        return None
    except OSError as exc:
        err(f"{csv_path}: cannot read: {exc.strerror or exc}")
        return None
    if b"\x00" in raw:
        err(f"{csv_path}: binary data, not a CSV text file")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        err(f"{csv_path}:{row}: not UTF-8 text (save the sheet as CSV UTF-8)")
        return None
