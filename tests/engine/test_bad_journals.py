"""Every journal command answers cleanly whatever the journal holds.

One given/when/then test per kind of bad event (hand-made journals in
tests/data/journals/bad_*.jsonl, each a good start and one bad line 4), then a sweep:
every command on every bad journal refuses it with one `FILE:LINE: message` line and
exit status 1, never a traceback nor `internal error`.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from tabletop.cli import main
from tabletop.engine.check import check_events
from tabletop.journal import read_journal
from tabletop.scenario.load import load_scenario
from tests.chain import rechain

DATA = Path(__file__).resolve().parent.parent / "data"
JOURNALS = DATA / "journals"
MINI = DATA / "mini.toml"


def refusal(capsys: pytest.CaptureFixture[str], name: str, *command: str) -> tuple[int, str, str]:
    """Run `tabletop COMMAND JOURNAL ...` on a bad journal; (status, stdout, stderr)."""
    path = JOURNALS / name
    status = main(
        [command[0], str(path), *command[1:], "--scenario", str(MINI), "--allow-changed-scenario"]
    )
    out, err = capsys.readouterr()
    return status, out, err


def test_replay_refuses_an_unknown_track(capsys: pytest.CaptureFixture[str]) -> None:
    """Given an inject that changes a track the scenario does not have,
    when it is replayed, then the line is named and nothing is printed."""
    status, out, err = refusal(capsys, "bad_unknown_track.jsonl", "replay")
    assert (status, out) == (1, "")
    assert err == (
        f"{JOURNALS / 'bad_unknown_track.jsonl'}:4: "
        "inject_delivered: effects[0]: unknown track 'bogus'\n"
    )


def test_replay_refuses_a_dict_where_a_number_belongs(capsys: pytest.CaptureFixture[str]) -> None:
    """Given a number track set to an object, when it is replayed, then it is refused."""
    status, out, err = refusal(capsys, "bad_dict_value.jsonl", "replay")
    assert (status, out) == (1, "")
    assert err == (
        f"{JOURNALS / 'bad_dict_value.jsonl'}:4: "
        "inject_delivered: effects[0]: track 'tension' is a number, not {'a': 1}\n"
    )


def test_branch_refuses_an_unknown_kind(capsys: pytest.CaptureFixture[str]) -> None:
    """Given an event of a kind this tabletop does not know, when branching, then refused."""
    status, out, err = refusal(capsys, "bad_unknown_kind.jsonl", "branch", "--at", "1")
    assert (status, out) == (1, "")
    assert err.startswith(
        f"{JOURNALS / 'bad_unknown_kind.jsonl'}:4: unknown event kind 'earthquake' "
        "(this tabletop knows turn_started, "
    )


def test_branch_refuses_an_undo_of_a_missing_action(capsys: pytest.CaptureFixture[str]) -> None:
    """Given an undo of an action that is not there, when branching, then refused."""
    status, out, err = refusal(capsys, "bad_undo.jsonl", "branch", "--at", "1")
    assert (status, out) == (1, "")
    assert err == f"{JOURNALS / 'bad_undo.jsonl'}:4: undo of action 99, which is not the last one\n"


def test_export_json_refuses_nan(capsys: pytest.CaptureFixture[str]) -> None:
    """Given a track changed to NaN, when exported as JSON, then refused (not a crash)."""
    status, out, err = refusal(capsys, "bad_nan.jsonl", "export", "--format", "json")
    assert (status, out) == (1, "")
    assert err == (
        f"{JOURNALS / 'bad_nan.jsonl'}:4: "
        "NaN is not a number (a journal never holds NaN or Infinity)\n"
    )


def test_export_refuses_infinity_in_a_field_it_does_not_know(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Given -Infinity in an extra field of a note, when exported, then refused."""
    status, out, err = refusal(capsys, "bad_infinity.jsonl", "export", "--format", "md")
    assert (status, out) == (1, "")
    where = JOURNALS / "bad_infinity.jsonl"
    assert err == f"{where}:4: -Infinity is not a number (a journal never holds NaN or Infinity)\n"


def test_replay_refuses_values_nested_too_deep(capsys: pytest.CaptureFixture[str]) -> None:
    """Given a value nested 40 lists deep, when replayed as JSON, then refused."""
    status, out, err = refusal(capsys, "bad_deep_nesting.jsonl", "replay", "--json")
    assert (status, out) == (1, "")
    assert err == (
        f"{JOURNALS / 'bad_deep_nesting.jsonl'}:4: note: extra: nested more than 32 levels deep\n"
    )


def test_replay_refuses_nesting_too_deep_for_the_json_parser(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Given 5,000 nested lists (past Python's recursion limit), when replayed, then refused."""
    status, out, err = refusal(capsys, "bad_far_too_deep.jsonl", "replay")
    assert (status, out) == (1, "")
    assert err == (
        f"{JOURNALS / 'bad_far_too_deep.jsonl'}:4: "
        "values nested far too deeply (lists or objects inside each other)\n"
    )


def test_replay_refuses_a_value_of_the_wrong_type(capsys: pytest.CaptureFixture[str]) -> None:
    """Given a note whose text is a number, when replayed, then refused."""
    status, out, err = refusal(capsys, "bad_wrong_type.jsonl", "replay")
    assert (status, out) == (1, "")
    assert err == f"{JOURNALS / 'bad_wrong_type.jsonl'}:4: note: text: must be str, not 5\n"


def test_resume_refuses_a_roll_for_a_move_never_declared(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Given a roll for a declaration that does not exist, when resumed, then refused
    before the console opens."""
    status, out, err = refusal(capsys, "bad_missing_declaration.jsonl", "resume")
    assert (status, out) == (1, "")
    assert err == (
        f"{JOURNALS / 'bad_missing_declaration.jsonl'}:4: "
        "dice_rolled: declaration: 2 is not the seq of an earlier move_declared event\n"
    )


BAD = sorted(p.name for p in JOURNALS.glob("bad_*.jsonl"))
COMMANDS = [
    ("replay",),
    ("replay", "--json"),
    ("export", "--format", "md"),
    ("export", "--format", "html"),
    ("export", "--format", "json"),
    ("export", "--format", "csv"),
    ("branch", "--at", "1"),
    ("resume",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("name", BAD)
def test_every_command_refuses_every_bad_journal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, command: tuple[str, ...]
) -> None:
    """Given any bad journal, when any journal command opens it, then one line names line 4."""
    if command[0] == "branch":
        command = (*command, "--session", str(tmp_path / "branch.jsonl"))
    status, out, err = refusal(capsys, name, *command)
    assert (status, out) == (1, "")
    assert err.startswith(f"{JOURNALS / name}:4: ")
    assert err.count("\n") == 1 and "internal error" not in err
    assert not (tmp_path / "branch.jsonl").exists()


def test_the_good_journal_passes_the_check() -> None:
    """The check refuses what is wrong, not what is unusual: the good fixture passes."""
    scenario, _ = load_scenario(MINI)
    check_events(read_journal(JOURNALS / "good.jsonl").events, scenario)


def test_a_bad_journal_is_refused_whatever_line_the_fault_is_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given a good session of 40-odd events with a bad value put in its middle,
    when replayed, then the line named is the bad one."""
    journal = tmp_path / "s.jsonl"
    assert main(["run", str(MINI), "--session", str(journal), "--seed", "3"]) == 0
    capsys.readouterr()
    lines = journal.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if '"effects":[[' in line)
    event = json.loads(lines[index])
    event["effects"][0][2] = "high"
    lines[index] = json.dumps(event, separators=(",", ":"))
    journal.write_text("\n".join(rechain(lines)) + "\n", encoding="utf-8")
    assert main(["replay", str(journal)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{journal}:{index + 1}: {event['kind']}: effects[0]: ")


SETTINGS = [
    ({"computer": 5}, "header: settings.computer must be a list of actor ids"),
    ({"computer": "red"}, "header: settings.computer must be a list of actor ids"),
    ({"computer": [["red"]]}, "header: settings.computer must be a list of actor ids"),
    ({"computer": ["ghost"]}, "header: settings.computer: 'ghost' is not an actor of the scenario"),
    ({"player": {"a": 1}}, "header: settings.player must be an actor id or null"),
    ({"player": "ghost"}, "header: settings.player: 'ghost' is not an actor of the scenario"),
    ({"played_by": ["red"]}, "header: settings.played_by must be an object of texts"),
    ({"played_by": {"red": ["x"]}}, "header: settings.played_by must be an object of texts"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize(("settings", "message"), SETTINGS, ids=lambda v: json.dumps(v)[:40])
def test_every_command_refuses_header_settings_it_cannot_use(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    settings: dict[str, object],
    message: str,
    command: tuple[str, ...],
) -> None:
    """Given a good journal whose header's settings name who plays with a value of the
    wrong type or an actor the scenario does not have, when any journal command opens
    it, then one line names line 1 (an export crashed on a number where the computer's
    actors belong, resume and branch on an unknown actor)."""
    lines = (JOURNALS / "good.jsonl").read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["settings"] = settings
    path = tmp_path / "s.jsonl"
    path.write_text(
        "\n".join(rechain([json.dumps(header, separators=(",", ":")), *lines[1:]])) + "\n",
        encoding="utf-8",
    )
    if command[0] == "branch":
        command = (*command, "--session", str(tmp_path / "branch.jsonl"))
    status = main(
        [command[0], str(path), *command[1:], "--scenario", str(MINI), "--allow-changed-scenario"]
    )
    out, err = capsys.readouterr()
    assert (status, out, err) == (1, "", f"{path}:1: {message}\n")


@pytest.mark.parametrize("path", [MINI, DATA / "talks.toml"], ids=["mini", "talks"])
@pytest.mark.parametrize("swap", [[["x"]], [{}], {"x": 1}], ids=["lists", "objects", "object"])
def test_any_field_swapped_for_a_container_is_refused_with_a_message(
    path: Path, swap: object
) -> None:
    """Given every event of a played session (every kind it holds), when each of its
    fields in turn, and each item of a list field, is swapped for a JSON list or object,
    then the check accepts it or refuses it with an EventProblem, never with a TypeError
    (a phase of ["x"], an addressee of ["x"] were looked up in a set, and raised)."""
    from tabletop.engine.events import EventProblem
    from tabletop.sim.worker import play

    scenario, _ = load_scenario(path)
    events = play(scenario, 3).events
    for index, event in enumerate(events):
        for key, value in event.items():
            if key in ("kind", "seq", "action"):
                continue
            variants = [swap]
            if isinstance(value, list) and value:
                variants.append([swap, *value[1:]])
            for variant in variants:
                forged = [*events[:index], {**event, key: variant}]
                with contextlib.suppress(EventProblem):
                    check_events(forged, scenario)
