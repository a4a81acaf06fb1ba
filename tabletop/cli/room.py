"""The room's commands: `serve` (team seats and the projector in browsers) and `seat` (one
team's seat in a terminal).

`serve` starts a session from a scenario (or takes a session), makes a fresh join code
per team, keeps their hashes beside the journal and prints one line per team; the
facilitator then runs the console on the same session (`tabletop resume SESSION`), the
journal's one writer. Textual and textual-serve are imported only when these run.
"""

from __future__ import annotations

import argparse
import random
import socket
import sys
from pathlib import Path

from tabletop.cli.arguments import SCENARIO_HELP, scenario_name, seed
from tabletop.cli.output import EXIT_INPUT, EXIT_OK, err, out, scenario_problems
from tabletop.cli.play import add_theme
from tabletop.journal import JournalError
from tabletop.scenario.problems import ScenarioError

DEFAULT_PORT = 8000


def port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a port is a whole number, not '{text}'") from None
    if not 0 < value < 65536:
        raise argparse.ArgumentTypeError("a port is between 1 and 65535")
    return value


def add_serve(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source",
        metavar="SCENARIO|SESSION",
        type=scenario_name,  # an unset "$FILE" must not serve the bundled default
        help=f"a session's journal (.jsonl) to serve, or a {SCENARIO_HELP} to start one",
    )
    parser.add_argument(
        "--session",
        type=Path,
        metavar="OUT",
        help="where a new session's journal goes (default: a new file in the data directory)",
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1, this machine only; "
        "0.0.0.0 for every network the machine is on, e.g. the room's)",
    )
    parser.add_argument(
        "--port", type=port, default=DEFAULT_PORT, help=f"the port (default: {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when it is not http://HOST:PORT "
        "(e.g. behind a proxy); default: worked out from --host",
    )
    parser.add_argument("--seed", type=seed, help="seed of a new session (default: a random one)")


def _is_journal(path: Path) -> bool:
    if path.suffix == ".jsonl":
        return True
    try:
        with path.open("rb") as f:
            return f.read(32).startswith(b'{"format":"tabletop')
    except OSError:
        return False


def _session_for(args: argparse.Namespace) -> Path | None:
    """The journal to serve: the one given, or a new session of the scenario given."""
    from tabletop.live import open_journal, start_session
    from tabletop.scenario.bundled import resolve_scenario

    source = Path(args.source)
    if source.is_file() and _is_journal(source):
        if args.session is not None:
            err("tabletop serve: --session is for a new session; a session was given")
            return None
        open_journal(source)  # checked as every reader checks it
        return source
    scenario = resolve_scenario(args.source)
    if args.session is not None and args.session.exists():
        err(f"{args.session}: already exists (serve a session by giving it as SESSION)")
        return None
    play_seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 2**31)
    live = start_session(scenario, seed=play_seed, session_path=args.session)
    live.close()  # the console is the writer: it resumes this journal
    return live.path


def _lan_address() -> str:
    """This machine's address on its main network (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
    except OSError:
        return socket.gethostname()


def public_url(host: str, port_number: int) -> str:
    shown = _lan_address() if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port_number}"


def run_serve(args: argparse.Namespace) -> int:
    from tabletop.journal.inbox import new_codes, write_codes

    try:
        session = _session_for(args)
    except JournalError as exc:
        err(str(exc))
        return EXIT_INPUT
    except ScenarioError as exc:
        return scenario_problems(exc)
    if session is None:
        return EXIT_INPUT
    from tabletop.live import open_journal

    _, scenario, _, _ = open_journal(session)
    try:
        with socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((args.host, args.port))
    except OSError as exc:
        err(f"tabletop serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
        return EXIT_INPUT
    codes = new_codes(scenario.actors)
    write_codes(session, codes)
    base = (args.public_url or public_url(args.host, args.port)).rstrip("/")
    out(f"Session: {session}")
    out(f"The facilitator's console: tabletop resume {session}")
    out("Team seats (each team opens the address and types its code):")
    width = max(len(a) for a in scenario.actors)
    name_width = max(len(a.name) for a in scenario.actors.values())
    for actor_id, actor in scenario.actors.items():
        out(f"  {actor_id:<{width}}  {actor.name:<{name_width}}  {codes[actor_id]}  {base}/")
    out(f"Projector: {base}/projector/")
    out("Ctrl+C stops serving (the session stays; serve it again for new codes).")
    sys.stdout.flush()

    from tabletop.tui.serve import serve

    serve(session, host=args.host, port=args.port, public_url=base)
    return EXIT_OK


def add_seat(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("session", type=Path, help="the journal the console is recording")
    parser.add_argument(
        "--code",
        help="the team's join code (default: asked for on screen, which keeps it out of the "
        "process list that other users of the machine can read; a wrong one exits 1)",
    )
    add_theme(parser, remembered=False)


def run_seat(args: argparse.Namespace) -> int:
    from tabletop.journal.inbox import has_codes

    session: Path = args.session
    if not session.is_file():
        err(f"{session}: no such session")
        return EXIT_INPUT
    if not has_codes(session):
        err(f"{session}: no seats are open for this session (the facilitator runs tabletop serve)")
        return EXIT_INPUT
    from tabletop.tui.seat import WRONG_CODE, SeatApp, open_seat

    link = None
    if args.code is not None:
        try:
            link = open_seat(session, args.code)
        except JournalError as exc:
            err(str(exc))
            return EXIT_INPUT
        except ScenarioError as exc:
            return scenario_problems(exc)
        if link is None:
            err(f"tabletop seat: {WRONG_CODE}")
            return EXIT_INPUT
    app = SeatApp(session, link=link, theme=args.theme)
    app.run()
    return int(app.return_code or 0)
