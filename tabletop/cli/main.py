"""The command line: the parser and the table of commands.

Each command is one row of `COMMANDS`: its name, its help, the module of its group and,
in that module, the function that declares its arguments and the one that runs it. A
group's module is imported only when its command runs (or its arguments are asked for):
`tabletop` opens the TUI without importing what `export` or `simulate` need (the engine,
pydantic, the exports, multiprocessing), so its first frame waits for none of it. Problems
with input go to stderr as `FILE:LINE: field.path: what is wrong` with exit status 1;
usage errors exit 2 (argparse); nothing a user types prints a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from tabletop import __version__
from tabletop.cli.output import EXIT_INPUT, EXIT_INTERRUPTED, err
from tabletop.engine import wording


@dataclass(frozen=True)
class Command:
    """One `tabletop NAME ...` command: `group` is its module in `tabletop.cli`, which
    declares its arguments in the function named `add` and runs it in the one named `runs`."""

    name: str
    help: str
    group: str
    add: str
    runs: str

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        """Declare the command's arguments on `parser` (imports its group's module)."""
        getattr(self._module(), self.add)(parser)

    def run(self, args: argparse.Namespace) -> int:
        """Run the command; its exit status."""
        return int(getattr(self._module(), self.runs)(args))

    def _module(self) -> object:
        return importlib.import_module(f"tabletop.cli.{self.group}")


COMMANDS: tuple[Command, ...] = (
    Command(
        "play", "the TUI on a scenario (a file or a bundled id)", "play", "add_play", "run_play"
    ),
    Command(
        "resume",
        "continue a saved or interrupted session in the TUI",
        "play",
        "add_resume",
        "run_resume",
    ),
    Command(
        "watch",
        "the projector: the room's view (or a team's) of a live session, read-only",
        "play",
        "add_watch",
        "run_watch",
    ),
    Command(
        "serve",
        "team seats and the projector in browsers, with a join code per team",
        "room",
        "add_serve",
        "run_serve",
    ),
    Command(
        "seat", "one team's seat on a live session, in a terminal", "room", "add_seat", "run_seat"
    ),
    Command("validate", "check scenario files", "scenarios", "add_validate", "run_validate"),
    Command(
        "schema",
        "print the JSON Schema of the scenario format",
        "scenarios",
        "add_schema",
        "run_schema",
    ),
    Command(
        "scenarios",
        "list the bundled scenarios, or copy them out to edit",
        "scenarios",
        "add_scenarios",
        "run_scenarios",
    ),
    Command(
        "run",
        "a headless playthrough; the computer decides the rest",
        "sessions",
        "add_run",
        "run_run",
    ),
    Command(
        "simulate",
        "many computer playthroughs; outcome statistics",
        "simulate",
        "add_simulate",
        "run_simulate",
    ),
    Command(
        "replay",
        "check a journal and print the state it leads to",
        "sessions",
        "add_replay",
        "run_replay",
    ),
    Command(
        "branch",
        'start a "what if" session from any event of one',
        "sessions",
        "add_branch",
        "run_branch",
    ),
    Command("export", "export a session: report or data", "export", "add_export", "run_export"),
    Command(
        "events",
        "a scenario's injects as a master events list (CSV)",
        "export",
        "add_events",
        "run_events",
    ),
)
DEFAULT_COMMAND = "play"


def build_parser() -> argparse.ArgumentParser:
    """The parser of `tabletop`, with one sub-parser per row of COMMANDS."""
    return _build()[0]


def _chosen(argv: Sequence[str]) -> str:
    """The command `argv` names (its first word that is not an option: the top parser's
    options take no value), or the default; an unknown word is left to the parser."""
    return next((word for word in argv if not word.startswith("-")), DEFAULT_COMMAND)


def _build(
    only: str | None = None,
) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The parser and each command's sub-parser; with `only`, the arguments of that
    command alone are declared (the others' modules are not imported): enough to parse
    a command line that names it, and for `tabletop --help`, which lists the commands
    by their help."""
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
        if only is None or command.name == only:
            command.arguments(child)
        child.set_defaults(run=command.run)
        children[command.name] = child
    return parser, children


def main(argv: Sequence[str] | None = None) -> int:
    """Parse `argv` (default: sys.argv) and run the command; its exit status."""
    if argv is None:
        argv = sys.argv[1:]
    parser, children = _build(only=_chosen(argv))
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
