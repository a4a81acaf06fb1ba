"""The command line: parse arguments, then call the layers below.

Problems with input go to stderr as `FILE:LINE: field.path: what is wrong` with exit
status 1; usage errors exit 2 (argparse); nothing a user types prints a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from tabletop import __version__

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a seed is a whole number, not '{text}'") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError("a seed is between 0 and 2**63-1")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, not {value}")
    return value


def _setting(text: str) -> str:
    track, sep, value = text.partition("=")
    if not sep or not track.strip() or not value.strip():
        raise argparse.ArgumentTypeError(f"write TRACK=VALUE (e.g. tension=5), not '{text}'")
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tabletop",
        description="Run political-military tabletop exercises and seminar wargames.",
        epilog="With no command, opens the TUI on the bundled default scenario.",
    )
    parser.add_argument("--version", action="version", version=f"tabletop {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser("play", help="the TUI on a scenario (a file or a bundled id)")
    play.add_argument(
        "scenario", nargs="?", help="scenario file or bundled id (default: the default)"
    )
    play.add_argument("--as", dest="actor", metavar="ACTOR", help="solo play as this actor")
    play.add_argument("--seed", type=_seed, help="seed for dice and computer play")
    play.add_argument(
        "--session", type=Path, metavar="OUT", help="journal path (default: data dir)"
    )

    resume = sub.add_parser("resume", help="continue a saved or interrupted session in the TUI")
    resume.add_argument("session", nargs="?", type=Path, help="journal file (default: pick one)")
    resume.add_argument("--scenario", type=Path, help="the scenario file, if it moved")
    resume.add_argument("--force", action="store_true", help="go on though the scenario changed")

    validate = sub.add_parser("validate", help="check scenario files")
    validate.add_argument("files", nargs="+", help="scenario files (or bundled ids)")
    validate.add_argument("-q", "--quiet", action="store_true", help="print problems only")

    sub.add_parser("schema", help="print the JSON Schema of the scenario format")
    sub.add_parser("scenarios", help="list the bundled scenarios")

    run = sub.add_parser("run", help="a headless playthrough; the computer decides the rest")
    run.add_argument("scenario", help="scenario file or bundled id")
    run.add_argument("--script", type=Path, help="a TOML script of declarations and adjudications")
    run.add_argument("--session", type=Path, metavar="OUT", help="journal path (default: data dir)")
    run.add_argument("--seed", type=_seed, default=None, help="seed (default: the script's, or 1)")

    simulate = sub.add_parser("simulate", help="many computer playthroughs; outcome statistics")
    simulate.add_argument("scenario", help="scenario file or bundled id")
    simulate.add_argument("--runs", type=_positive, required=True, help="number of playthroughs")
    simulate.add_argument("--seed", type=_seed, default=1, help="master seed (default 1)")
    simulate.add_argument("--jobs", type=_positive, default=None, help="processes (default: cores)")
    simulate.add_argument("--json", action="store_true", help="machine-readable output")
    simulate.add_argument("--sessions", type=Path, metavar="DIR", help="keep every run's journal")
    simulate.add_argument(
        "--ban",
        action="append",
        default=[],
        metavar="MOVE",
        help="take a move out of play in every run (repeatable)",
    )
    simulate.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        type=_setting,
        metavar="TRACK=VALUE",
        help="start a track at another value (repeatable)",
    )
    simulate.add_argument(
        "--effects",
        action="store_true",
        help="measure each move's effect on the endings by paired runs with it banned",
    )

    replay = sub.add_parser("replay", help="check a journal and print the state it leads to")
    replay.add_argument("session", type=Path, help="journal file")
    replay.add_argument("--turn", type=_positive, help="the state after this turn (1-based)")
    replay.add_argument("--json", action="store_true", help="machine-readable, deterministic")
    replay.add_argument("--scenario", type=Path, help="the scenario file, if it moved")
    replay.add_argument("--force", action="store_true", help="go on though the scenario changed")

    branch = sub.add_parser("branch", help='start a "what if" session from any event of one')
    branch.add_argument("session", type=Path, help="journal file to branch from")
    branch.add_argument("--at", type=_positive, required=True, metavar="SEQ", help="event number")
    branch.add_argument("--session", dest="out", type=Path, metavar="OUT", help="new journal path")
    branch.add_argument("--scenario", type=Path, help="the scenario file, if it moved")
    branch.add_argument("--force", action="store_true", help="go on though the scenario changed")

    export = sub.add_parser("export", help="export a session: report or data")
    export.add_argument("session", type=Path, help="journal file")
    export.add_argument("--format", required=True, choices=["md", "html", "json", "csv"])
    export.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    export.add_argument("--force", action="store_true", help="overwrite an existing output file")
    export.add_argument("--scenario", type=Path, help="the scenario file, if it moved")

    events = sub.add_parser("events", help="a scenario's injects as a master events list (CSV)")
    events_sub = events.add_subparsers(dest="events_command", metavar="ACTION", required=True)
    ev_export = events_sub.add_parser("export", help="write the injects as CSV")
    ev_export.add_argument("scenario", help="scenario file or bundled id")
    ev_export.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    ev_export.add_argument("--force", action="store_true", help="overwrite an existing file")
    ev_import = events_sub.add_parser("import", help="replace a scenario's injects from CSV")
    ev_import.add_argument("scenario", help="scenario file to read")
    ev_import.add_argument("csv", type=Path, help="the master events list")
    ev_import.add_argument("-o", "--output", type=Path, required=True, help="new scenario file")
    ev_import.add_argument("--force", action="store_true", help="overwrite an existing file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "play"
    if args.command is None:
        args = parser.parse_args(["play"])
    try:
        from tabletop import commands

        handler = getattr(commands, f"cmd_{command}")
        return int(handler(args))
    except KeyboardInterrupt:
        print("tabletop: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PROBLEM
    except Exception as exc:  # the last line of defence: a message, never a traceback
        if os.environ.get("TABLETOP_DEBUG"):
            raise
        print(f"tabletop: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(
            "tabletop: set TABLETOP_DEBUG=1 to see the details, and please report it",
            file=sys.stderr,
        )
        return EXIT_PROBLEM


if __name__ == "__main__":
    sys.exit(main())
