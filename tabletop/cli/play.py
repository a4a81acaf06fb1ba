"""The TUI commands: `play` (the default command) and `resume`.

Textual is imported only when one of these runs, so that the other commands start fast
and never need a terminal.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from tabletop.cli.arguments import add_moved_scenario, add_scenario, seed
from tabletop.scenario.bundled import resolve_scenario
from tabletop.tui.settings import DEFAULT_THEME, OFFERED


def add_theme(parser: argparse.ArgumentParser, *, remembered: bool = True) -> None:
    """`--theme`: the console's is remembered; a projector's or a seat's (`remembered`
    False) is for that screen only, the console's choice kept."""
    which = "remembered for next time" if remembered else "of this screen only"
    parser.add_argument(
        "--theme",
        choices=OFFERED,
        help=f"the colour theme, {which} (default: the last one chosen on this computer, "
        f"else {DEFAULT_THEME}); {OFFERED[1]} suits a projector",
    )


def add_play(parser: argparse.ArgumentParser) -> None:
    add_scenario(parser, optional=True)
    parser.add_argument(
        "--as", dest="actor", metavar="ACTOR", help="solo play as this actor (its id)"
    )
    parser.add_argument(
        "--seed", type=seed, help="seed for dice and computer play (default: a random one)"
    )
    parser.add_argument(
        "--session",
        type=Path,
        metavar="OUT",
        help="the journal to write (default: a new file in the data directory)",
    )
    add_theme(parser)


def run_play(args: argparse.Namespace) -> int:
    from tabletop.tui.launch import launch_play

    play_seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 2**31)
    scenario = resolve_scenario(args.scenario) if args.scenario else None
    return launch_play(
        scenario, seed=play_seed, actor=args.actor, session=args.session, theme=args.theme
    )


def add_resume(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "session",
        nargs="?",
        type=Path,
        help="the journal file (default: choose from the recent sessions)",
    )
    add_moved_scenario(parser)
    add_theme(parser)


def run_resume(args: argparse.Namespace) -> int:
    from tabletop.tui.launch import launch_resume

    return launch_resume(
        args.session, scenario=args.scenario, force=args.allow_changed_scenario, theme=args.theme
    )


def add_watch(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("session", type=Path, help="the journal the console is recording")
    parser.add_argument(
        "--as",
        dest="actor",
        metavar="ACTOR",
        help="show this team's view (its id) instead of the room's",
    )
    add_moved_scenario(parser)
    add_theme(parser, remembered=False)


def run_watch(args: argparse.Namespace) -> int:
    from tabletop.tui.launch import launch_watch

    return launch_watch(
        args.session,
        actor=args.actor,
        scenario=args.scenario,
        force=args.allow_changed_scenario,
        theme=args.theme,
    )
