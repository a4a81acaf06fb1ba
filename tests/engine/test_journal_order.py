"""A journal whose every line is well formed, with a valid hash chain, but whose events
break the rules of play (a forged or hand-edited journal, rechained) is refused by every
command with the line and what is wrong, as an edited line is; a journal that follows
the rules, undo included, is still accepted.

Each case is one edit of a journal recorded by `tabletop run` on mini.toml (seed 3):
turn 0 declares red's `mobilise` (seq 3) and blue's `talk` (seq 4), adjudicates them
(seqs 6 and 7); turn 1 starts at seq 9; the session ends at seq 29.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.chain import rechain
from tests.conftest import MINI
from tests.fuzz_cases import run

Events = list[dict[str, Any]]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    path = tmp_path_factory.mktemp("order") / "good.jsonl"
    assert run("run", str(MINI), "--session", str(path), "--seed", "3")[0] == 0
    return path.read_text(encoding="utf-8").splitlines()


def _at(seq: int, **fields: Any) -> Callable[[Events], None]:
    def edit(events: Events) -> None:
        events[seq - 1].update(fields)

    return edit


def _phases(*seqs: int, phase: str) -> Callable[[Events], None]:
    def edit(events: Events) -> None:
        for seq in seqs:
            events[seq - 1]["phase"] = phase

    return edit


def _after_end(kind: str, **fields: Any) -> Callable[[Events], None]:
    def edit(events: Events) -> None:
        last = events[-1]
        seq = last["seq"] + 1
        event = {"seq": seq, "kind": kind, "action": seq, "turn": last["turn"]}
        events.append({**event, "phase": "ended", **fields, "at": last["at"]})

    return edit


REFUSED = [
    (
        "a turn skipped",
        _at(9, turn=2),
        9,
        "turn_started: turn 2 after turn 0: the turns of the calendar follow one another",
    ),
    (
        "an event stamped with another turn",
        _at(5, turn=1),
        5,
        "phase_changed: turn: 1, but the session is in turn 0",
    ),
    (
        "an event stamped with another phase",
        _at(3, phase="briefing"),
        3,
        "move_declared: phase: 'briefing', but the phase is 'declaration'",
    ),
    (
        "a move declared outside the declaration phase",
        _phases(2, 3, 4, phase="adjudication"),
        3,
        "move_declared: declared in the adjudication phase; moves are declared in the "
        "declaration phase",
    ),
    (
        "an actor declaring another actor's move",
        _at(3, move="talk"),
        3,
        "move_declared: move: 'talk' is a move of 'blue', not of 'red'",
    ),
    (
        "an actor declaring the same move twice in a turn",
        _at(4, actor="red", move="mobilise"),
        4,
        "move_declared: move: 'red' declared 'mobilise' already this turn",
    ),
    (
        "an adjudication naming another actor than its declaration",
        _at(6, actor="blue"),
        6,
        "move_adjudicated: actor: 'blue', but declaration 3 is 'red''s",
    ),
    (
        "an adjudication naming another move than its declaration",
        _at(6, move="gamble"),
        6,
        "move_adjudicated: move: 'gamble', but declaration 3 is of 'mobilise'",
    ),
    (
        "an outcome the move does not have",
        _at(6, outcome="nope"),
        6,
        "move_adjudicated: outcome: 'nope' is not an outcome of the move (done)",
    ),
    (
        "a move adjudicated twice",
        _at(7, declaration=3, actor="red", move="mobilise", outcome="done"),
        7,
        "move_adjudicated: declaration: 3 has been adjudicated already",
    ),
    (
        "a move of an earlier turn adjudicated",
        _at(15, declaration=3),
        15,
        "move_adjudicated: declaration: 3 was declared in turn 0, not in this turn",
    ),
    (
        "a track set past its range",
        _at(6, effects=[["tension", 3, 11]]),
        6,
        "move_adjudicated: effects[0]: tension 11 is outside its range (0 to 10)",
    ),
    (
        "play after the end",
        _after_end("phase_changed"),
        30,
        "phase_changed after the session ended (undo the ending to go on playing)",
    ),
]


def _journal(tmp_path: Path, recorded: list[str], edit: Callable[[Events], None]) -> Path:
    events = [json.loads(line) for line in recorded[1:]]
    for event in events:
        event.pop("hash")
    edit(events)
    lines = [recorded[0], *(json.dumps(e, separators=(",", ":")) for e in events)]
    path = tmp_path / "forged.jsonl"
    path.write_text("\n".join(rechain(lines)) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "seq", "message"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
@pytest.mark.parametrize("command", ["replay", "export", "branch"])
def test_events_that_break_the_rules_of_play_are_refused(
    tmp_path: Path,
    recorded: list[str],
    edit: Callable[[Events], None],
    seq: int,
    message: str,
    command: str,
) -> None:
    """Given a rechained journal with one event that breaks a rule of play, when it is
    replayed, exported or branched, then it is refused at that event's line (seq + 1)
    with what is wrong, exit status 1, and nothing is written."""
    path = _journal(tmp_path, recorded, edit)
    extra = {
        "replay": (),
        "export": ("--format", "md", "-o", str(tmp_path / "r.md")),
        "branch": ("--at", "2", "--session", str(tmp_path / "b.jsonl")),
    }[command]
    status, out, err = run(command, str(path), *extra)
    assert (status, out, err) == (1, "", f"{path}:{seq + 1}: {message}\n")
    assert not (tmp_path / "r.md").exists() and not (tmp_path / "b.jsonl").exists()


def test_notes_and_the_evaluation_after_the_end_are_accepted(
    tmp_path: Path, recorded: list[str]
) -> None:
    """Given notes and feedback recorded after the end (the hotwash follows it), when the
    journal is replayed, then it is accepted."""

    def edit(events: Events) -> None:
        _after_end("note", text="Debrief: Blue was slow", tag="note")(events)
        _after_end("feedback", participant="Ann", worked="w", change="c", rating=4)(events)

    path = _journal(tmp_path, recorded, edit)
    status, _, err = run("replay", str(path))
    assert (status, err) == (0, "")


def test_an_undone_adjudication_may_be_made_again(tmp_path: Path, recorded: list[str]) -> None:
    """Given an adjudication undone and made again with another outcome, when the journal
    is replayed, then it is accepted: only the events in effect follow the rules."""

    def edit(events: Events) -> None:
        adjudicated = dict(events[6])  # blue's talk, seq 7
        later = events[7:]
        del events[7:]
        events.append({**events[6], "seq": 8, "kind": "undo", "action": 8, "target": 7})
        for key in ("declaration", "actor", "move", "method", "outcome", "effects", "label"):
            events[-1].pop(key, None)
        events.append({**adjudicated, "seq": 9, "action": 9, "outcome": "progress"})
        for i, event in enumerate(later, start=10):
            event["seq"] = i
            if event["action"] >= 8:
                event["action"] += 2
            if "declaration" in event:
                event["declaration"] += 2 if event["declaration"] >= 8 else 0
        events.extend(later)

    path = _journal(tmp_path, recorded, edit)
    status, _, err = run("replay", str(path))
    assert (status, err) == (0, "")


def test_a_number_past_the_bound_of_every_number_is_refused_on_a_track_without_range(
    tmp_path: Path,
) -> None:
    """Given a number track without min and max and a rechained journal that sets it to
    1e300 (a whole number that large was refused, a decimal one was not), when it is
    replayed, then it is refused: no track ever holds more than ±10^15."""
    scenario = tmp_path / "open.toml"
    text = MINI.read_text(encoding="utf-8").replace(
        "min = 0\nmax = 10\n", 'display = "number"\n', 1
    )
    scenario.write_text(text, encoding="utf-8")
    journal = tmp_path / "good.jsonl"
    assert run("run", str(scenario), "--session", str(journal), "--seed", "3")[0] == 0
    recorded = journal.read_text(encoding="utf-8").splitlines()
    path = _journal(tmp_path, recorded, _at(6, effects=[["tension", 3, 1e300]]))
    status, out, err = run("replay", str(path))
    assert (status, out) == (1, "")
    assert err == (
        f"{path}:7: move_adjudicated: effects[0]: 1e+300 is beyond ±10^15, the bound of a track\n"
    )
