"""Scenario commands: `validate`, `schema`, `scenarios` (and `scenarios --copy DIR`)."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from tabletop.cli.arguments import scenario_name
from tabletop.cli.output import (
    EXIT_INPUT,
    EXIT_OK,
    err,
    out,
    refuse_existing,
    scenario_problems,
    write,
)
from tabletop.engine.wording import plural
from tabletop.scenario.bundled import BUNDLED_DIR, SCHEMA_FILE, bundled_paths, resolve_scenario
from tabletop.scenario.load import load_scenario
from tabletop.scenario.problems import ScenarioError, one_line
from tabletop.scenario.schema import schema_text


def add_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", type=scenario_name, help="scenario files (or bundled ids)"
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print problems only, no line per valid file"
    )


def run_validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for name in args.files:
        path = resolve_scenario(name)
        try:
            compiled, warnings = load_scenario(path)
        except ScenarioError as exc:
            status = scenario_problems(exc)
            continue
        for warning in warnings:
            err(warning.format(str(path)))
        if not args.quiet:
            out(  # one line, though the file's name or its title holds a line break
                one_line(
                    f"{path}: ok: {compiled.title} ({len(compiled.turns)} turns, "
                    f"{len(compiled.actors)} actors, {len(compiled.moves)} moves, "
                    f"{plural(len(warnings), 'warning')})"
                )
            )
    return status


def add_schema(parser: argparse.ArgumentParser) -> None:
    """No arguments."""


def run_schema(args: argparse.Namespace) -> int:
    write(schema_text())
    return EXIT_OK


def add_scenarios(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--copy",
        type=Path,
        metavar="DIR",
        help="copy the bundled scenarios and the schema into DIR (created if need be), "
        "to edit them there",
    )
    parser.add_argument(
        "--force", action="store_true", help="with --copy: overwrite files already in DIR"
    )


def run_scenarios(args: argparse.Namespace) -> int:
    if args.copy is not None:
        return _copy(args.copy, force=args.force)
    status = EXIT_OK
    for path in bundled_paths():
        try:
            compiled, _ = load_scenario(path)
        except ScenarioError as exc:
            status = scenario_problems(exc)
            continue
        out(
            f"{compiled.id:<16} {compiled.title}  "
            f"({len(compiled.turns)} turns, {len(compiled.actors)} actors)"
        )
    return status


def _copy(directory: Path, *, force: bool) -> int:
    """Copy the bundled scenarios out, so that edits never touch the installed ones.

    The installed files keep their content, and so their sha256: sessions recorded on
    them still resume. A copy is a new scenario file of the user's.
    """
    sources = [*bundled_paths(), BUNDLED_DIR / SCHEMA_FILE]
    targets = [directory / source.name for source in sources]
    if directory.exists() and not directory.is_dir():
        err(f"{directory}: --copy needs a directory, and this is a file")
        return EXIT_INPUT
    if any(refuse_existing(target, force) for target in targets):
        return EXIT_INPUT
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for source, target in zip(sources, targets, strict=True):
            if target.is_symlink():  # replaced (with --force), never written through
                target.unlink()
            shutil.copyfile(source, target)
    except OSError as exc:
        err(f"{getattr(exc, 'filename', None) or directory}: cannot copy: {exc.strerror or exc}")
        return EXIT_INPUT
    for target in targets:
        out(str(target))
    out(f"edit them there; check one with `tabletop validate {targets[0]}`")
    return EXIT_OK
