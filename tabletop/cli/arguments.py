"""Argument types and options that several commands share, worded once."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from tabletop.scenario.bundled import DEFAULT_SCENARIO

SCENARIO_HELP = "scenario file or bundled id (`tabletop scenarios` lists them)"


def seed(text: str) -> int:
    """A seed: a whole number from 0 to 2**63-1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a seed is a whole number, not '{text}'") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError("a seed is between 0 and 2**63-1")
    return value


def positive(text: str) -> int:
    """A count or a number: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, not {value}")
    return value


def positive_up_to(limit: int) -> Callable[[str], int]:
    """`positive`, and at most `limit`: a count that costs memory or processes."""

    def count(text: str) -> int:
        value = positive(text)
        if value > limit:
            raise argparse.ArgumentTypeError(f"expected at most {limit:,}, not {value}")
        return value

    return count


def scenario_name(text: str) -> str:
    """A scenario named on the command line: never empty (an unset shell variable in
    `tabletop validate "$FILE"` must not check the bundled default in its place)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("a scenario is a file or a bundled id, not an empty name")
    return text


def add_scenario(parser: argparse.ArgumentParser, *, optional: bool = False) -> None:
    """The SCENARIO argument: a file or a bundled id."""
    if optional:
        parser.add_argument(
            "scenario",
            nargs="?",
            type=scenario_name,
            help=f"{SCENARIO_HELP} (default: {DEFAULT_SCENARIO})",
        )
    else:
        parser.add_argument("scenario", type=scenario_name, help=SCENARIO_HELP)


def add_moved_scenario(parser: argparse.ArgumentParser) -> None:
    """--scenario FILE and --allow-changed-scenario: for commands that read a journal."""
    parser.add_argument(
        "--scenario",
        type=Path,
        metavar="FILE",
        help="the session's scenario file, if it is no longer where the journal says",
    )
    parser.add_argument(
        "--allow-changed-scenario",
        action="store_true",
        help="go on though the scenario file changed since the session was recorded",
    )


def add_force(parser: argparse.ArgumentParser) -> None:
    """--force: overwrite an existing output file (and nothing else)."""
    parser.add_argument("--force", action="store_true", help="overwrite an existing output file")


def add_audience(parser: argparse.ArgumentParser) -> None:
    """--audience WHO: whom the output is for (what it may contain)."""
    parser.add_argument(
        "--audience",
        default="facilitator",
        metavar="WHO",
        help="whom it is for: facilitator (everything; used when not given), room (what is "
        "public), or an actor's id (that team's view)",
    )
