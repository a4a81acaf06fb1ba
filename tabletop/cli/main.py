"""The command line: the parser and the table of commands.

Each command is one row of `COMMANDS`: its name, its help, the function that declares
its arguments and the function that runs it (in the module of its group). Problems
with input go to stderr as `FILE:LINE: field.path: what is wrong` with exit status 1;
usage errors exit 2 (argparse); nothing a user types prints a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tabletop import __version__
from tabletop.cli import export, play, room, scenarios, sessions, simulate
from tabletop.cli.output import EXIT_INPUT, EXIT_INTERRUPTED, err
from tabletop.engine import wording


@dataclass(frozen=True)
class Command:
    """One `tabletop NAME ...` command."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


COMMANDS: tuple[Command, ...] = (
    Command("play", "the TUI on a scenario (a file or a bundled id)", play.add_play, play.run_play),
    Command(
        "resume",
        "continue a saved or interrupted session in the TUI",
        play.add_resume,
        play.run_resume,
    ),
    Command(
        "watch",
        "the projector: the room's view (or a team's) of a live session, read-only",
        play.add_watch,
        play.run_watch,
    ),
    Command(
        "serve",
        "team seats and the projector in browsers, with a join code per team",
        room.add_serve,
        room.run_serve,
    ),
    Command(
        "seat",
        "one team's seat on a live session, in a terminal",
        room.add_seat,
        room.run_seat,
    ),
    Command("validate", "check scenario files", scenarios.add_validate, scenarios.run_validate),
    Command(
        "schema",
        "print the JSON Schema of the scenario format",
        scenarios.add_schema,
        scenarios.run_schema,
    ),
    Command(
        "scenarios",
        "list the bundled scenarios, or copy them out to edit",
        scenarios.add_scenarios,
        scenarios.run_scenarios,
    ),
    Command(
        "run",
        "a headless playthrough; the computer decides the rest",
        sessions.add_run,
        sessions.run_run,
    ),
    Command(
        "simulate",
        "many computer playthroughs; outcome statistics",
        simulate.add_simulate,
        simulate.run_simulate,
    ),
    Command(
        "replay",
        "check a journal and print the state it leads to",
        sessions.add_replay,
        sessions.run_replay,
    ),
    Command(
        "branch",
        'start a "what if" session from any event of one',
        sessions.add_branch,
        sessions.run_branch,
    ),
    Command("export", "export a session: report or data", export.add_export, export.run_export),
    Command(
        "events",
        "a scenario's injects as a master events list (CSV)",
        export.add_events,
        export.run_events,
    ),
)
DEFAULT_COMMAND = "play"


def build_parser() -> argparse.ArgumentParser:
    """The parser of `tabletop`, with one sub-parser per row of COMMANDS."""
    return _build()[0]


def _build() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = argparse.ArgumentParser(
        prog="tabletop",
        description="Run political-military tabletop exercises and seminar wargames.",
        epilog="With no command, opens the TUI on the bundled default scenario.",
    )
    parser.add_argument("--version", action="version", version=f"tabletop {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    children = {}
    for command in COMMANDS:
        description = command.help[0].upper() + command.help[1:] + "."
        child = sub.add_parser(command.name, help=command.help, description=description)
        command.arguments(child)
        child.set_defaults(run=command.run)
        children[command.name] = child
    return parser, children


def main(argv: Sequence[str] | None = None) -> int:
    """Parse `argv` (default: sys.argv) and run the command; its exit status."""
    parser, children = _build()
    args, extra = parser.parse_known_args(argv)
    if extra:  # said by the command's parser, so that its usage line is the one shown
        children.get(args.command, parser).error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command is None:
        args = parser.parse_args([DEFAULT_COMMAND])
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        err("tabletop: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_INPUT
    except Exception as exc:  # the last line of defence: a message, never a traceback
        if os.environ.get("TABLETOP_DEBUG"):
            raise
        err(f"{wording.INTERNAL_ERROR}: {type(exc).__name__}: {exc}")
        err("tabletop: set TABLETOP_DEBUG=1 to see the details, and please report it")
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
