"""`tabletop run` and `tabletop replay`: headless playthroughs and journal checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tabletop.cli import main
from tests.conftest import MINI


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_without_a_script_plays_to_an_outcome(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given no script, when `run` is called, then the computer plays to an ending and
    the summary names the turns, the outcome and the journal."""
    journal = tmp_path / "s.jsonl"
    code, out, err = run_cli(capsys, "run", str(MINI), "--seed", "3", "--session", str(journal))
    assert code == 0, err
    assert "turns:    3 of 3" in out and "outcome:" in out and str(journal) in out
    lines = journal.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["format"] == "tabletop-session"
    assert json.loads(lines[-1])["kind"] == "session_ended"


def test_run_follows_the_script_and_decides_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given a script declaring and adjudicating Blue's talk as progress, when run, then
    the journal has the scripted move, its outcome and the note; Red was played by doctrine."""
    script = tmp_path / "script.toml"
    script.write_text(
        """
seed = 5
[[declare]]
turn = 1
actor = "blue"
move = "talk"
reasons_for = ["Both sides want calm"]
[[adjudicate]]
turn = 1
actor = "blue"
move = "talk"
outcome = "progress"
[[note]]
turn = 1
text = "Blue opened well"
tag = "strength"
""",
        encoding="utf-8",
    )
    journal = tmp_path / "s.jsonl"
    code, _, err = run_cli(
        capsys, "run", str(MINI), "--script", str(script), "--session", str(journal)
    )
    assert code == 0, err
    events = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()[1:]]
    talk = next(e for e in events if e["kind"] == "move_declared" and e["actor"] == "blue")
    assert (talk["move"], talk["by"], talk["reasons_for"]) == (
        "talk",
        "script",
        ["Both sides want calm"],
    )
    outcome = next(
        e for e in events if e["kind"] == "move_adjudicated" and e["declaration"] == talk["seq"]
    )
    assert outcome["outcome"] == "progress"
    assert any(e["kind"] == "note" and e["tag"] == "strength" for e in events)
    red = next(e for e in events if e["kind"] == "move_declared" and e["actor"] == "red")
    assert red["by"] == "computer"


def test_the_same_seed_gives_the_same_replay_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given two runs with one seed, when replayed with --json, then the output bytes are equal."""
    outputs = []
    for name in ("a", "b"):
        journal = tmp_path / f"{name}.jsonl"
        assert run_cli(capsys, "run", str(MINI), "--seed", "9", "--session", str(journal))[0] == 0
        code, out, _ = run_cli(capsys, "replay", str(journal), "--json")
        assert code == 0
        outputs.append(out)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["ended"]["ending"] in {"war", "deal", "standoff"}


@pytest.mark.parametrize(
    ("script", "message"),
    [
        (
            "[[declare]]\nturn = 1\nactor = 'blue'\nmove = 'fly'\n",
            "declare[0]: 'fly' is not one of blue's moves",
        ),
        (
            "[[declare]]\nturn = 1\nactor = 'green'\nmove = 'talk'\n",
            "declare[0]: there is no actor 'green'",
        ),
        ("[[declare]]\nturn = 'one'\nactor = 'blue'\nmove = 'talk'\n", "declare.0.turn"),
        (
            "[[adjudicate]]\nturn = 1\nactor = 'red'\nmove = 'talk'\n",
            "red declared no 'talk' in turn 1",
        ),
        ("colour = 'red'\n", "colour: extra inputs are not permitted"),
        ("[[declare]\n", "invalid TOML"),
    ],
)
def test_a_bad_script_exits_1_with_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], script: str, message: str
) -> None:
    """Given a script with a mistake, when run, then exit 1 and a line naming the entry."""
    path = tmp_path / "script.toml"
    path.write_text(script, encoding="utf-8")
    code, _, err = run_cli(
        capsys, "run", str(MINI), "--script", str(path), "--session", str(tmp_path / "s.jsonl")
    )
    assert code == 1
    assert message in err and "Traceback" not in err


def test_replay_refuses_a_changed_scenario_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given a session of a scenario that was edited since, when replayed, then exit 1 with
    a line naming the flag; with --allow-changed-scenario it replays (--force is
    not that flag: it only overwrites output files)."""
    scenario = tmp_path / "mini.toml"
    scenario.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    journal = tmp_path / "s.jsonl"
    assert run_cli(capsys, "run", str(scenario), "--session", str(journal))[0] == 0
    scenario.write_text(
        scenario.read_text(encoding="utf-8").replace("Mini crisis", "Mini crisis 2"),
        encoding="utf-8",
    )
    code, _, err = run_cli(capsys, "replay", str(journal))
    assert code == 1 and "--allow-changed-scenario" in err
    assert run_cli(capsys, "replay", str(journal), "--allow-changed-scenario")[0] == 0


def test_replay_of_a_missing_journal_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given no such file, when replayed, then exit 1 and one line, no traceback."""
    code, _, err = run_cli(capsys, "replay", str(tmp_path / "nope.jsonl"))
    assert code == 1 and "nope.jsonl" in err and "Traceback" not in err


def test_replay_turn_beyond_the_calendar_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "s.jsonl"
    assert run_cli(capsys, "run", str(MINI), "--session", str(journal))[0] == 0
    code, _, err = run_cli(capsys, "replay", str(journal), "--turn", "7")
    assert code == 1 and "has 3 turns" in err


def test_run_refuses_to_overwrite_a_journal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "s.jsonl"
    journal.write_text("precious", encoding="utf-8")
    code, _, err = run_cli(capsys, "run", str(MINI), "--session", str(journal))
    assert code == 1 and journal.read_text(encoding="utf-8") == "precious"
    assert str(journal) in err


def test_branch_starts_a_what_if_session_with_its_parent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given a finished session, when branched at event 10, then a new journal holds the
    events up to the end of that action, names its parent, and resumes to play on."""
    from tabletop.journal import read_journal
    from tabletop.live import resume_session

    parent = tmp_path / "parent.jsonl"
    assert run_cli(capsys, "run", str(MINI), "--seed", "4", "--session", str(parent))[0] == 0
    child = tmp_path / "what_if.jsonl"
    code, out, err = run_cli(capsys, "branch", str(parent), "--at", "10", "--session", str(child))
    assert code == 0, err
    assert "tabletop resume" in out
    journal = read_journal(child)
    assert journal.header["parent"] == {"session": str(parent), "at": 10}
    original = read_journal(parent).events
    assert len(journal.events) >= 10
    strip = lambda e: {k: v for k, v in e.items() if k != "at"}  # noqa: E731
    assert [strip(e) for e in journal.events] == [strip(e) for e in original[: len(journal.events)]]
    live = resume_session(child)
    assert not live.session.over
    live.session.note("What if Blue had walked out?")
    live.close()


def test_branch_at_an_event_that_does_not_exist_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parent = tmp_path / "parent.jsonl"
    assert run_cli(capsys, "run", str(MINI), "--session", str(parent))[0] == 0
    code, _, err = run_cli(capsys, "branch", str(parent), "--at", "9999")
    assert code == 1 and "there is no event 9999" in err
