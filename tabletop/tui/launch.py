"""What `tabletop play` and `tabletop resume` call: check the input, then run the app.

Problems (a bad scenario, an unknown actor, a journal that cannot be resumed) go to
stderr with exit status 1, the way every other command reports them: found before the
app starts for `resume`; for `play SCENARIO`, found by the app's loading worker, which
closes the app, and printed once the terminal is back.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tabletop.engine import wording

if TYPE_CHECKING:
    from tabletop.tui.app import TabletopApp


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def _unknown_actor(actor: str, known: list[str]) -> int:
    _err(f"--as {actor}: there is no actor '{actor}' (actors: {', '.join(known)})")
    return 1


def launch_play(
    scenario: Path | None,
    *,
    seed: int,
    actor: str | None,
    session: Path | None,
    theme: str | None = None,
) -> int:
    """`tabletop play`: the start screen (no scenario), or the scenario's briefing.

    With a scenario, the app starts at once on a loading screen and loads it in a worker
    (the first frame waits for nothing); a scenario that cannot be played (its problems,
    an unknown `--as` actor) closes the app with status 1, and its problems are printed
    on stderr once the terminal is back, as every other command prints them.
    """
    from tabletop.tui.app import TabletopApp

    if scenario is None and actor is not None:
        from tabletop.scenario.bundled import resolve_scenario

        scenario = resolve_scenario(None)
    if scenario is None:
        from tabletop.scenario.bundled import resolve_scenario

        app = TabletopApp(
            seed=seed, scenario_path=resolve_scenario(None), session_path=session, theme=theme
        )
        return _run(app)
    if session is not None and session.exists():
        _err(f"{session}: exists already; a session journal is never overwritten")
        return 1
    app = TabletopApp(
        seed=seed,
        scenario_path=scenario,
        player=actor,
        session_path=session,
        start_on="briefing",
        theme=theme,
    )
    status = _run(app)
    for line in app.startup_problems:
        _err(line)
    return status


def launch_resume(
    session: Path | None, *, scenario: Path | None, force: bool, theme: str | None = None
) -> int:
    """`tabletop resume`: the session where it was left, or the list of recent sessions."""
    if session is None:
        from tabletop.tui.app import TabletopApp

        return _run(TabletopApp(start_on="resume", theme=theme))

    from tabletop.engine.errors import ActionError
    from tabletop.engine.events import UnknownEvent
    from tabletop.engine.replay import ReplayError
    from tabletop.journal import JournalError
    from tabletop.live import resume_session
    from tabletop.scenario.problems import ScenarioError

    try:
        live = resume_session(session, scenario_path=scenario, force=force)
    except JournalError as exc:  # also ScenarioMismatch, whose message names the flag to go on
        _err(str(exc))
        return 1
    except ScenarioError as exc:
        for line in exc.lines():
            _err(line)
        return 1
    except (ReplayError, UnknownEvent, ActionError, KeyError, TypeError, ValueError) as exc:
        _err(f"{session}: {wording.EVENTS_DO_NOT_REPLAY}: {exc}")
        return 1

    from tabletop.tui.app import TabletopApp

    try:
        app = TabletopApp(live=live, seed=live.session.seed, theme=theme)
    except BaseException:
        live.close()
        raise
    return _run(app)


def _run(app: TabletopApp) -> int:
    app.run()
    if app.live is not None:
        for line in farewell(app.live.path, ended=app.live.session.over):
            print(line)
    return int(app.return_code or 0)


def farewell(path: Path, *, ended: bool) -> list[str]:
    """What the terminal shows once the TUI is gone: where the session is, and what next."""
    shown = shlex.quote(str(path))
    if ended:
        return [
            f"session ended; its journal: {path}",
            f"report: tabletop export {shown} --format md -o report.md",
        ]
    return [f"session saved: {path}", f"resume:  tabletop resume {shown}"]


def launch_watch(
    session: Path,
    *,
    actor: str | None,
    scenario: Path | None,
    force: bool,
    theme: str | None = None,
) -> int:
    """`tabletop watch`: the projector on a session's journal (the room's view, or a team's)."""
    from tabletop.engine.audience import ROOM, UnknownAudience, check_audience
    from tabletop.engine.replay import ReplayError
    from tabletop.journal import JournalError
    from tabletop.journal.follow import Follower
    from tabletop.live import open_journal
    from tabletop.scenario.problems import ScenarioError

    try:
        _, compiled, _, _ = open_journal(session, scenario_path=scenario, force=force)
        follower = Follower(session)
    except JournalError as exc:
        _err(str(exc))
        return 1
    except ScenarioError as exc:
        for line in exc.lines():
            _err(line)
        return 1
    if actor is not None:
        try:
            check_audience(compiled, actor)
        except UnknownAudience:
            return _unknown_actor(actor, list(compiled.actors))
        if actor in ("facilitator", "room"):
            return _unknown_actor(actor, list(compiled.actors))

    from tabletop.engine.events import EventProblem
    from tabletop.tui.watch import WatchApp

    try:
        app = WatchApp(follower, compiled, audience=actor or ROOM, theme=theme)
        app.run()
    except EventProblem as exc:
        _err(f"{session}:{exc.seq + 1}: {exc.message}")
        return 1
    except ReplayError as exc:
        _err(f"{session}: {wording.EVENTS_DO_NOT_REPLAY}: event {exc.seq}: {exc.message}")
        return 1
    return int(app.return_code or 0)
