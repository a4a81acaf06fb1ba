"""What each command-line command does, over the session, journal and export layers."""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tabletop.engine.events import UnknownEvent
from tabletop.engine.replay import ReplayError, replay
from tabletop.journal import JournalError
from tabletop.scenario.bundled import bundled_paths, resolve_scenario
from tabletop.scenario.load import load_scenario
from tabletop.scenario.problems import ScenarioError

OK, PROBLEM = 0, 1


def err(line: str) -> None:
    print(line, file=sys.stderr)


def _report(exc: ScenarioError) -> int:
    for line in exc.lines():
        err(line)
    return PROBLEM


def cmd_validate(args: argparse.Namespace) -> int:
    status = OK
    for name in args.files:
        path = resolve_scenario(name)
        try:
            compiled, warnings = load_scenario(path)
        except ScenarioError as exc:
            _report(exc)
            status = PROBLEM
            continue
        for warning in warnings:
            err(warning.format(str(path)))
        if not args.quiet:
            print(
                f"{path}: ok: {compiled.title} ({len(compiled.turns)} turns, "
                f"{len(compiled.actors)} actors, {len(compiled.moves)} moves, "
                f"{len(warnings)} warning(s))"
            )
    return status


def cmd_schema(args: argparse.Namespace) -> int:
    from tabletop.scenario.schema import schema_text

    sys.stdout.write(schema_text())
    return OK


def cmd_scenarios(args: argparse.Namespace) -> int:
    status = OK
    for path in bundled_paths():
        try:
            compiled, _ = load_scenario(path)
        except ScenarioError as exc:
            _report(exc)
            status = PROBLEM
            continue
        print(
            f"{compiled.id:<16} {compiled.title}  "
            f"({len(compiled.turns)} turns, {len(compiled.actors)} actors)"
        )
    return status


def _load(name: str) -> Any:
    path = resolve_scenario(name)
    compiled, _ = load_scenario(path)
    return path, compiled


def cmd_run(args: argparse.Namespace) -> int:
    from tabletop.engine.script import Script, ScriptError, parse_script, run_script
    from tabletop.live import start_session

    try:
        path, compiled = _load(args.scenario)
    except ScenarioError as exc:
        return _report(exc)
    script = Script()
    if args.script is not None:
        try:
            text = args.script.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            err(f"{args.script}: cannot read the script: {getattr(exc, 'strerror', None) or exc}")
            return PROBLEM
        try:
            script = parse_script(text, str(args.script))
        except ScriptError as exc:
            for line in exc.lines:
                err(line)
            return PROBLEM
    seed = args.seed if args.seed is not None else (script.seed if script.seed is not None else 1)
    try:
        live = start_session(path, seed=seed, session_path=args.session, compiled=compiled)
    except JournalError as exc:
        err(str(exc))
        return PROBLEM
    try:
        run_script(live.session, script, str(args.script or "script"))
    except ScriptError as exc:
        for line in exc.lines:
            err(line)
        err(f"{live.path}: the journal keeps the events up to the problem")
        return PROBLEM
    finally:
        live.close()
    state = live.session.state
    ended: Mapping[str, Any] = state.ended or {}
    print(f"scenario: {compiled.title}")
    print(f"seed:     {seed}")
    print(f"turns:    {state.turn + 1} of {len(compiled.turns)}")
    print(f"outcome:  {ended.get('title', 'none')} ({ended.get('ending') or 'no ending'})")
    for actor, score in (ended.get("scores") or {}).items():
        print(f"score:    {compiled.actors[actor].name}: {score['total']}")
    print(f"events:   {len(live.session.events)}")
    print(f"journal:  {live.path}")
    return OK


def state_summary(compiled: Any, events: list[dict[str, Any]], turn: int | None) -> dict[str, Any]:
    """The replayed state as plain data: depends only on the scenario and the events."""
    selected = events
    if turn is not None:
        cut = next(
            (i for i, e in enumerate(events) if e["kind"] == "turn_started" and e["turn"] >= turn),
            len(events),
        )
        selected = events[:cut]
    state = replay(compiled.initial_values(), selected)
    ended = state.ended
    return {
        "scenario": compiled.id,
        "events": len(selected),
        "turn": state.turn + 1,
        "turns": len(compiled.turns),
        "phase": state.phase,
        "tracks": state.tracks(),
        "delivered": list(state.delivered),
        "rules_fired": dict(sorted(state.fired.items())),
        "ended": None
        if ended is None
        else {
            "ending": ended.get("ending"),
            "title": ended.get("title"),
            "reason": ended.get("reason"),
            "scores": ended.get("scores"),
        },
    }


def cmd_replay(args: argparse.Namespace) -> int:
    from tabletop.live import open_journal

    try:
        journal, compiled, _, _ = open_journal(
            args.session, scenario_path=args.scenario, force=args.force
        )
    except ScenarioError as exc:
        return _report(exc)
    except JournalError as exc:
        err(str(exc))
        return PROBLEM
    for warning in journal.warnings:
        err(warning)
    if args.turn is not None and args.turn > len(compiled.turns):
        err(f"{args.session}: --turn {args.turn}: the scenario has {len(compiled.turns)} turns")
        return PROBLEM
    try:
        summary = state_summary(compiled, journal.events, args.turn)
    except (ReplayError, UnknownEvent, KeyError, TypeError, ValueError) as exc:
        err(f"{args.session}: the events do not replay: {exc}")
        return PROBLEM
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False, sort_keys=True))
        return OK
    print(f"{args.session}: ok: {summary['events']} events replayed")
    print(f"turn {summary['turn']} of {summary['turns']}, phase {summary['phase']}")
    for track_id, value in summary["tracks"].items():
        track = compiled.tracks[track_id]
        if isinstance(value, bool):
            shown = "yes" if value else "no"
        elif isinstance(value, str):
            shown = value
        else:
            shown = f"{value:,}"
        print(f"  {track.label:<40} {shown} {track.unit}".rstrip())
    if summary["ended"]:
        ended = summary["ended"]
        print(f"outcome: {ended['title']} ({ended['ending']})")
        for actor, score in (ended["scores"] or {}).items():
            print(f"  {compiled.actors[actor].name:<40} {score['total']}")
    return OK


def cmd_branch(args: argparse.Namespace) -> int:
    from tabletop.engine.errors import ActionError
    from tabletop.live import branch_session, resume_session

    try:
        live = resume_session(args.session, scenario_path=args.scenario, force=args.force)
    except ScenarioError as exc:
        return _report(exc)
    except JournalError as exc:
        err(str(exc))
        return PROBLEM
    try:
        branch = branch_session(live, args.at, args.out)
    except ActionError as exc:
        err(f"{args.session}: --at {args.at}: {exc}")
        return PROBLEM
    except JournalError as exc:
        err(str(exc))
        return PROBLEM
    finally:
        live.close()
    state = branch.session.state
    branch.close()
    print(f"branched {args.session} at event {args.at}: turn {state.turn + 1}, {state.phase}")
    print(f"journal:  {branch.path}")
    print(f"continue: tabletop resume {branch.path}")
    return OK


def cmd_play(args: argparse.Namespace) -> int:
    from tabletop.tui.launch import launch_play

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 2**31)
    scenario = resolve_scenario(args.scenario) if args.scenario else None
    return launch_play(scenario, seed=seed, actor=args.actor, session=args.session)


def cmd_resume(args: argparse.Namespace) -> int:
    from tabletop.tui.launch import launch_resume

    return launch_resume(args.session, scenario=args.scenario, force=args.force)


def cmd_simulate(args: argparse.Namespace) -> int:
    from tabletop.sim.cli import run_simulate

    return run_simulate(args)


def cmd_export(args: argparse.Namespace) -> int:
    from tabletop.export.cli import run_export

    return run_export(args)


def cmd_events(args: argparse.Namespace) -> int:
    from tabletop.export.cli import run_events

    return run_events(args)


def existing_output(path: Path | None, force: bool) -> str | None:
    """Why an output path may not be written, or None."""
    if path is None or force:
        return None
    if path.exists():
        return f"{path}: exists already (use --force to overwrite)"
    return None
