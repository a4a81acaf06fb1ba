"""Headless session commands: `run` (a playthrough), `replay` (check a journal), `branch`."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tabletop.cli.arguments import add_audience, add_moved_scenario, add_scenario, positive, seed
from tabletop.cli.output import (
    EXIT_INPUT,
    EXIT_OK,
    err,
    out,
    problems,
    scenario_problems,
    usage_error,
)
from tabletop.engine import wording
from tabletop.engine.audience import (
    FACILITATOR,
    UnknownAudience,
    audience_name,
    check_audience,
    view,
)
from tabletop.engine.errors import ActionError
from tabletop.engine.events import UnknownEvent
from tabletop.engine.expr_words import actor_maximum
from tabletop.engine.replay import ReplayError, replay
from tabletop.engine.script import Script, ScriptError, parse_script, played_by, run_script
from tabletop.journal import JournalError
from tabletop.live import branch_session, open_journal, read_session, start_session
from tabletop.safe_read import MAX_TEXT_BYTES, Refused, read_regular
from tabletop.scenario.bundled import resolve_scenario
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import decode_text, load_scenario
from tabletop.scenario.problems import ScenarioError


def add_run(parser: argparse.ArgumentParser) -> None:
    add_scenario(parser)
    parser.add_argument(
        "--script",
        type=Path,
        metavar="FILE",
        help="a TOML script of declarations and adjudications (see docs/headless.md)",
    )
    parser.add_argument(
        "--session",
        type=Path,
        metavar="OUT",
        help="the journal to write (default: a new file in the data directory)",
    )
    parser.add_argument(
        "--seed", type=seed, default=None, help="seed (default: the script's, else 1)"
    )


def run_run(args: argparse.Namespace) -> int:
    try:
        path = resolve_scenario(args.scenario)
        compiled, _ = load_scenario(path)
    except ScenarioError as exc:
        return scenario_problems(exc)
    script = Script()
    if args.script is not None:
        try:
            raw = read_regular(args.script, MAX_TEXT_BYTES, "script")
            text = decode_text(raw, str(args.script))
        except Refused as exc:
            err(f"{args.script}: {exc.what_instead('a script file')}")
            return EXIT_INPUT
        except OSError as exc:
            err(f"{args.script}: cannot read the script: {exc.strerror or exc}")
            return EXIT_INPUT
        except ScenarioError as exc:  # not UTF-8: in the words a scenario gets
            return scenario_problems(exc)
        try:
            script = parse_script(text, str(args.script))
        except ScriptError as exc:
            return problems(exc.lines)
    run_seed = args.seed
    if run_seed is None:
        run_seed = script.seed if script.seed is not None else 1
    try:
        live = start_session(
            path,
            seed=run_seed,
            session_path=args.session,
            compiled=compiled,
            undo=False,
            mode="run",
            played_by=played_by(compiled, script),
        )
    except JournalError as exc:
        return problems([str(exc)])
    try:
        run_script(live.session, script, str(args.script or "script"))
    except ScriptError as exc:
        return problems(
            [*exc.lines, f"{live.path}: the journal keeps the events up to the problem"]
        )
    finally:
        live.close()
    state = live.session.state
    ended: Mapping[str, Any] = state.ended or {}
    out(f"scenario: {compiled.title}")
    out(f"seed:     {run_seed}")
    out(f"turns:    {state.turn + 1} of {len(compiled.turns)}")
    out(f"outcome:  {ended.get('title', 'none')} ({ended.get('ending') or 'no ending'})")
    for actor, score in (ended.get("scores") or {}).items():
        total = wording.score_text(score["total"], actor_maximum(compiled, actor))
        out(f"score:    {compiled.actors[actor].name}: {total}")
    out(f"events:   {len(live.session.events)}")
    out(f"journal:  {live.path}")
    return EXIT_OK


def state_summary(
    compiled: CompiledScenario,
    events: list[dict[str, Any]],
    turn: int | None,
    audience: str = FACILITATOR,
) -> dict[str, Any]:
    """The replayed state as plain data: depends only on the scenario and the events.

    For any audience but the facilitator, it is the replay of that audience's view
    (its events and its scenario: no hidden track, no private inject, no sealed move).
    """
    selected = events
    if turn is not None:
        cut = next(
            (i for i, e in enumerate(events) if e["kind"] == "turn_started" and e["turn"] >= turn),
            len(events),
        )
        selected = events[:cut]
    if audience != FACILITATOR:
        seen = view(compiled, selected, audience)
        assert seen.scenario is not None
        compiled, selected = seen.scenario, list(seen.events)
    state = replay(compiled.initial_values(), selected)
    ended = state.ended
    return {
        "audience": audience,
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


def add_replay(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("session", type=Path, help="the journal file")
    parser.add_argument(
        "--turn", type=positive, help="the state after this turn, 1-based (default: the last)"
    )
    parser.add_argument(
        "--json", action="store_true", help="machine-readable, deterministic output"
    )
    add_audience(parser)
    add_moved_scenario(parser)


def run_replay(args: argparse.Namespace) -> int:
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
    if args.turn is not None and args.turn > len(compiled.turns):
        err(f"{args.session}: --turn {args.turn}: the scenario has {len(compiled.turns)} turns")
        return EXIT_INPUT
    try:
        check_audience(compiled, args.audience)
    except UnknownAudience as exc:
        return usage_error(f"--audience: {exc}")
    try:
        summary = state_summary(compiled, journal.events, args.turn, args.audience)
    except (ReplayError, UnknownEvent, KeyError, TypeError, ValueError) as exc:
        return problems([f"{args.session}: {wording.EVENTS_DO_NOT_REPLAY}: {exc}"])
    if args.json:
        out(json.dumps(summary, indent=2, ensure_ascii=False, sort_keys=True))
        return EXIT_OK
    out(f"{args.session}: ok: {summary['events']} events replayed")
    if journal.last_hash is not None:
        out(f"last link: {journal.last_hash}")
    out(f"turn {summary['turn']} of {summary['turns']}, phase {summary['phase']}")
    if args.audience != FACILITATOR:
        out(f"as {audience_name(compiled, args.audience)} may see it")
    for track_id, value in summary["tracks"].items():
        track = compiled.tracks[track_id]
        if isinstance(value, bool):
            shown = wording.yes_no(value)
        elif isinstance(value, str):
            shown = value
        else:
            shown = wording.with_unit(value, track.unit)  # `1 carrier group`, `46%`
        out(f"  {track.label:<40} {shown}".rstrip())
    if summary["ended"]:
        ended = summary["ended"]
        out(f"outcome: {ended['title']} ({ended['ending']})")
        for actor, score in (ended["scores"] or {}).items():
            if "total" in score:
                total = wording.score_text(score["total"], actor_maximum(compiled, actor))
            else:  # it counts a score withheld from this audience (engine.audience)
                total = wording.WITHHELD
            out(f"  {compiled.actors[actor].name:<40} {total}")
    return EXIT_OK


def add_branch(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("session", type=Path, help="the journal file to branch from")
    parser.add_argument(
        "--at",
        type=positive,
        required=True,
        metavar="SEQ",
        help="the event number to branch after (`tabletop replay` and the log show them)",
    )
    parser.add_argument(
        "--session",
        dest="out",
        type=Path,
        metavar="OUT",
        help="the new journal (default: a new file in the data directory)",
    )
    add_moved_scenario(parser)


def run_branch(args: argparse.Namespace) -> int:
    try:
        live = read_session(
            args.session, scenario_path=args.scenario, force=args.allow_changed_scenario
        )
    except ScenarioError as exc:
        return scenario_problems(exc)
    except JournalError as exc:
        return problems([str(exc)])
    try:
        branch = branch_session(live, args.at, args.out)
    except ActionError as exc:
        return problems([f"{args.session}: --at {args.at}: {exc}"])
    except JournalError as exc:
        return problems([str(exc)])
    finally:
        live.close()
    state = branch.session.state
    branch.close()
    out(f"branched {args.session} at event {args.at}: turn {state.turn + 1}, {state.phase}")
    out(f"journal:  {branch.path}")
    out(f"continue: tabletop resume {branch.path}")
    return EXIT_OK
