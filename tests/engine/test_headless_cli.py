"""`tabletop run` and `tabletop replay`: headless playthroughs and journal checks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tabletop.cli import main
from tests.conftest import MINI, MINI_EVAL, TALKS


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


def test_run_and_replay_give_scores_out_of_their_most(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given a computer playthrough of mini.toml (Red scores Tension, 0–10, weight 1;
    Blue a deal, weight 2), then `run` and `replay` give each actor's total with one
    decimal out of the most it can be, by the actor's name."""
    journal = tmp_path / "s.jsonl"
    code, out, err = run_cli(capsys, "run", str(MINI), "--seed", "3", "--session", str(journal))
    assert code == 0, err
    assert re.search(r"^score:    Red: \d+\.\d / 10$", out, re.MULTILINE), out
    assert re.search(r"^score:    Blue: \d\.\d / 2$", out, re.MULTILINE), out
    code, out, err = run_cli(capsys, "replay", str(journal))
    assert code == 0, err
    assert re.search(r"^  Red +\d+\.\d / 10$", out, re.MULTILINE), out


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
    # Who played is recorded truthfully: the header, then the report made from it.
    settings = json.loads(journal.read_text(encoding="utf-8").splitlines()[0])["settings"]
    assert settings["mode"] == "run"
    assert settings["played_by"] == {"red": "computer", "blue": "script and computer"}
    report = tmp_path / "s.md"
    code, _, err = run_cli(capsys, "export", str(journal), "--format", "md", "-o", str(report))
    assert code == 0, err
    text = report.read_text(encoding="utf-8")
    assert (
        "| Mode | headless run (tabletop run); the script declares for Blue; the computer plays Red"
        in text
    )
    assert "| Red | " in text and "| computer |" in text and "| script and computer |" in text
    assert "facilitated" not in text and "| team |" not in text


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
            "script.toml:1: declare[0]: 'fly' is not one of blue's moves",
        ),
        (
            "[[declare]]\nturn = 1\nactor = 'green'\nmove = 'talk'\n",
            "script.toml:1: declare[0]: there is no actor 'green'",
        ),
        (
            "[[declare]]\nturn = 'one'\nactor = 'blue'\nmove = 'talk'\n",
            "script.toml:2: declare[0].turn",
        ),
        (
            "\n[[adjudicate]]\nturn = 1\nactor = 'red'\nmove = 'talk'\n",
            "script.toml:2: adjudicate[0]: red declared no 'talk' in turn 1",
        ),
        ("colour = 'red'\n", "script.toml:1: colour: extra inputs are not permitted"),
        (  # a turn the calendar never reaches (mini has 3): said, not silently dropped
            "[[note]]\nturn = 2\ntext = 'ok'\n\n[[declare]]\nturn = 50\nactor = 'red'\n"
            "move = 'mobilise'\n",
            "script.toml:5: declare[0]: turn 50 is past the calendar: the scenario has 3 turns",
        ),
        (
            "[[note]]\nturn = 99999999999999999999\ntext = 'x'\n",
            "script.toml:1: note[0]: turn 99999999999999999999 is past the calendar: "
            "the scenario has 3 turns",
        ),
        ("seed = -1\n", "script.toml:1: seed: a seed is between 0 and 2**63-1"),
        ("seed = 10_000_000_000_000_000_000\n", "script.toml:1: seed: a seed is between 0"),
        ("seed = true\n", "script.toml:1: seed: input should be a valid integer"),
        ("[[note]]\nturn = '1'\ntext = 'x'\n", "script.toml:2: note[0].turn: input should be"),
        ("seed = 1\n[[declare]\n", "script.toml:2: invalid TOML"),
        (  # an unknown key in the third declaration: its line, its entry, the key
            "[[declare]]\nturn = 1\nactor = 'blue'\nmove = 'talk'\n\n"
            "[[declare]]\nturn = 1\nactor = 'red'\nmove = 'mobilise'\n\n"
            "[[declare]]\nturn = 2\nactor = 'blue'\nbogus_key = 1\n",
            "script.toml:14: declare[2].bogus_key: extra inputs are not permitted",
        ),
        (  # TOML errors read as in a scenario file
            "seed = 1\nnote = 'unclosed\n",
            "script.toml:2: invalid TOML: text in quotes is not closed: add the closing quote",
        ),
        (  # nested too deeply: the line where it goes deepest, not an internal error
            "seed = 1\n\n[[declare]]\nturn = 1\nactor = 'blue'\nmove = 'talk'\n"
            "reasons_for = " + "[" * 3000 + "]" * 3000 + "\n",
            "script.toml:7: invalid TOML: lists or tables are nested too deeply",
        ),
        (
            "seed = 1\nx = " + "[" * 3000 + "]" * 3000 + "\n",
            "script.toml:2: invalid TOML: lists or tables are nested too deeply",
        ),
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


EVALUATED = """
exercise = "Drill 7"
facilitator = "Maj. R. Example"
venue = "Room 4"
evaluators = ["Dr A. Evaluator"]
participants = { blue = ["B. One", "B. Two"] }

[[observe]]
turn = 1
objective = "calm"
actor = "blue"
text = "Blue called Red before the talks"
by = "Dr A. Evaluator"

[[note]]
turn = 1
text = "The statement came within minutes"
tag = "strength"
objective = "warning"

[[rate]]
objective = "calm"
rating = "S"
observation = "A channel, opened late"
strengths = ["Blue called early"]
improvements = ["No common line before the talks"]

[[improve]]
objective = "calm"
issue = "No common line before the talks"
action = "Agree a line in the first turn"
owner = "J5 Plans"
due = 2026-03-31

[[feedback]]
participant = "B. One"
actor = "blue"
worked = "Real choices"
change = "More time to talk"
rating = 4
"""


def test_a_script_records_the_evaluation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given a script with session details, an observation, an objective's note, a rating,
    an improvement and feedback, when run, then the journal holds each, the details first
    and the hotwash after the end, in the script's order."""
    script = tmp_path / "script.toml"
    script.write_text(EVALUATED, encoding="utf-8")
    journal = tmp_path / "s.jsonl"
    code, _, err = run_cli(
        capsys, "run", str(MINI_EVAL), "--script", str(script), "--session", str(journal)
    )
    assert code == 0, err
    events = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()[1:]]
    kinds = [e["kind"] for e in events]
    details = events[kinds.index("session_details")]
    assert (details["exercise"], details["facilitator"], details["participants"]) == (
        "Drill 7",
        "Maj. R. Example",
        {"blue": ["B. One", "B. Two"]},
    )
    assert (
        kinds.index("session_details") < kinds.index("observation") < kinds.index("session_ended")
    )
    ended = kinds.index("session_ended")
    assert kinds[ended + 1 :] == ["objective_rated", "improvement_planned", "feedback"]
    plan = events[ended + 2]
    assert (plan["due"], plan["capability"], plan["corrective_action"]) == (
        "2026-03-31",
        "Operational Coordination",
        "Agree a line in the first turn",
    )
    note = next(e for e in events if e["kind"] == "note")
    assert note["objective"] == "warning"


@pytest.mark.parametrize(
    ("script", "message"),
    [
        (
            "[[rate]]\nobjective = 'calm'\nrating = 'S'\n\n[[rate]]\nobjective = 'calm'\n"
            "rating = 'X'\n",
            "script.toml:5: rate[1]: a rating is P, S, M or U",
        ),
        (
            "[[rate]]\nobjective = 'nope'\nrating = 'P'\n",
            "script.toml:1: rate[0]: there is no exercise objective 'nope'",
        ),
        (
            "[[improve]]\nissue = 'Slow'\naction = 'Drill'\ndue = '31 March'\n",
            "script.toml:4: improve[0].due: input should be a valid date",
        ),
        (
            "[[improve]]\nissue = 'Slow'\naction = ''\n",
            "script.toml:1: improve[0]: an improvement needs a corrective action",
        ),
        (
            "[[feedback]]\nworked = 'All'\nrating = 6\n",
            "script.toml:1: feedback[0]: a feedback rating is from 1 to 5, not 6",
        ),
        (
            "[[observe]]\nturn = 1\nobjective = 'calm'\nactor = 'green'\ntext = 'Seen'\n",
            "script.toml:1: observe[0]: there is no actor 'green'",
        ),
        (
            "exercise = 'X'\nparticipants = { green = ['A'] }\n",
            "script.toml:2: there is no actor 'green'",
        ),
    ],
)
def test_a_bad_evaluation_in_a_script_exits_1_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], script: str, message: str
) -> None:
    """Given a script whose evaluation has a mistake, when run, then exit 1 and one line
    `FILE:LINE: entry: what is wrong`."""
    path = tmp_path / "script.toml"
    path.write_text(script, encoding="utf-8")
    code, _, err = run_cli(
        capsys, "run", str(MINI_EVAL), "--script", str(path), "--session", str(tmp_path / "s.jsonl")
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


def test_the_header_says_who_plays_each_actor(tmp_path: Path) -> None:
    """Given solo play as Blue, then the header says Blue is the player's and Red the
    computer's; given a facilitated session, both are teams'."""
    from tabletop.live import start_session

    solo = start_session(
        MINI, seed=1, session_path=tmp_path / "solo.jsonl", computer=["red"], player="blue"
    )
    solo.close()
    room = start_session(MINI, seed=1, session_path=tmp_path / "room.jsonl")
    room.close()
    settings = [
        json.loads((tmp_path / name).read_text(encoding="utf-8").splitlines()[0])["settings"]
        for name in ("solo.jsonl", "room.jsonl")
    ]
    assert settings[0]["mode"] == "solo"
    assert settings[0]["played_by"] == {"red": "computer", "blue": "player"}
    assert settings[1]["mode"] == "facilitated"
    assert settings[1]["played_by"] == {"red": "team", "blue": "team"}


def test_branch_reads_its_parent_and_never_writes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given a session open on the console (its journal locked for writing) whose last
    line is torn, when `branch` is run on it from another terminal, then the branch is
    made and the parent's journal is left byte for byte as it was."""
    from tabletop.journal import JournalWriter

    parent = tmp_path / "parent.jsonl"
    assert run_cli(capsys, "run", str(MINI), "--seed", "4", "--session", str(parent))[0] == 0
    with parent.open("ab") as f:
        f.write(b'{"seq":99,"kind":"no')
    before = parent.read_bytes()
    console = JournalWriter.append_to(tmp_path / "parent.jsonl", sync=False)  # the console
    try:
        parent.write_bytes(before)  # the console cut the torn line; put it back
        child = tmp_path / "what_if.jsonl"
        code, _, err = run_cli(capsys, "branch", str(parent), "--at", "10", "--session", str(child))
    finally:
        console.close()
    assert code == 0, err
    assert parent.read_bytes() == before
    assert child.is_file()


def test_resume_refuses_a_journal_written_while_it_was_being_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given another tabletop that appends to a journal and closes just while this one
    opens it, when the session is resumed, then it is refused with a message (not a
    session whose every command fails against the journal's newer end)."""
    from tabletop import live
    from tabletop.journal import JournalError, JournalWriter

    path = tmp_path / "s.jsonl"
    started = live.start_session(MINI, seed=1, session_path=path)
    started.close()
    real = live.open_journal

    def opened_then_written(*args: object, **kwargs: object) -> object:
        opened = real(*args, **kwargs)  # type: ignore[arg-type]
        with JournalWriter.append_to(path, sync=False) as other:
            seq = other.last_seq + 1
            other.write(
                [{"seq": seq, "kind": "note", "action": seq, "turn": 0, "phase": "briefing",
                  "text": "from the other window", "tag": "note"}]
            )  # fmt: skip
        return opened

    monkeypatch.setattr(live, "open_journal", opened_then_written)
    with pytest.raises(JournalError, match="changed while it was being opened"):
        live.resume_session(path)
    monkeypatch.undo()
    resumed = live.resume_session(path)  # opened again, it has the note
    assert resumed.session.events[-1]["text"] == "from the other window"
    resumed.session.note("and this one")
    resumed.close()


def test_resume_shows_no_control_character_of_its_journal(tmp_path: Path) -> None:
    """Given a journal whose texts hold escape sequences, a C1 control and a bidi override
    (a note, a free-form move's narrative and reasons: well chained, as a hostile file
    would be), when it is resumed for the console, then its events in memory have them
    stripped (line breaks and tabs kept) and the journal on disk is unchanged."""
    from tabletop.engine.wording import UNSAFE
    from tabletop.live import resume_session, start_session

    path = tmp_path / "s.jsonl"
    live = start_session(MINI, seed=1, session_path=path)
    live.session.advance()
    hostile = "a\x1b]2;PWNED\x07b\x1b[31mc\x9bd\u202ee\x7f\tf\ng"
    live.session.declare_freeform("blue", "Back channel", narrative=hostile, reasons_for=[hostile])
    live.session.note(hostile)
    live.close()
    before = path.read_bytes()
    resumed = resume_session(path)
    resumed.close()

    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        items = value.values() if isinstance(value, dict) else value
        if isinstance(items, list | type({}.values())):
            return [s for item in items for s in strings(item)]
        return []

    texts = "".join(strings(resumed.session.events))
    assert "PWNED" in texts and not set(texts) & set(UNSAFE)
    assert resumed.session.events[-1]["text"] == "a]2;PWNEDb[31mcde\tf\ng"
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            "seed = 3\n".encode("utf-16"),
            "the file is saved as UTF-16 (or UTF-32): save it as UTF-8",
        ),
        (b"seed = 3\n\n# caf\xe9\n", ":3: not valid UTF-8 text (byte 0xe9 at column 6)"),
        (b"seed = 3\x00\n", ": binary data, not a TOML text file"),
    ],
)
def test_a_script_that_is_not_utf8_is_refused_as_a_scenario_would_be(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], raw: bytes, message: str
) -> None:
    """Given a script saved as UTF-16, with a Latin-1 byte, or with a NUL, when run, then
    exit 1 with the words (and line) a scenario gets, not Python's codec error."""
    path = tmp_path / "script.toml"
    path.write_bytes(raw)
    code, _, err = run_cli(
        capsys, "run", str(MINI), "--script", str(path), "--session", str(tmp_path / "s.jsonl")
    )
    assert code == 1
    assert err.startswith(str(path)) and message in err and "codec" not in err


def test_a_script_with_a_byte_order_mark_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given a script saved with a UTF-8 byte order mark (as Windows editors do), when
    run, then it is read as a scenario with one is (it was 'invalid TOML' at line 1)."""
    path = tmp_path / "script.toml"
    path.write_bytes(b"\xef\xbb\xbfseed = 3\n")
    code, out, err = run_cli(
        capsys, "run", str(MINI), "--script", str(path), "--session", str(tmp_path / "s.jsonl")
    )
    assert code == 0, err
    assert "seed:     3" in out


def _recorded_as(tmp_path: Path, capsys: pytest.CaptureFixture[str], **scenario: str) -> Path:
    """A journal of the bundled tutorial whose header's scenario fields are `scenario`."""
    from tests.chain import rechain

    path = tmp_path / "s.jsonl"
    assert run_cli(capsys, "run", "tutorial", "--seed", "2", "--session", str(path))[0] == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["scenario"].update(scenario)
    lines[0] = json.dumps(header, ensure_ascii=False, separators=(",", ":"))
    path.write_text("\n".join(rechain(lines)) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("recorded", ["x" * 5000, "/nonexistent/t.toml"], ids=["long", "gone"])
def test_a_recorded_scenario_path_that_cannot_be_opened_falls_back_to_the_bundled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], recorded: str
) -> None:
    """Given a journal of a bundled scenario whose header's scenario path is longer than
    a file name may be, or is gone, when it is replayed, then the bundled scenario of
    that id is used."""
    path = _recorded_as(tmp_path, capsys, path=recorded)
    code, out, err = run_cli(capsys, "replay", str(path))
    assert code == 0, err
    assert "events replayed" in out


@pytest.mark.parametrize(
    "scenario_id", ["x" * 5000, "a\x00b", "../../../../etc/hostname"], ids=["long", "nul", "path"]
)
def test_a_recorded_scenario_id_is_never_read_as_a_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], scenario_id: str
) -> None:
    """Given a journal whose scenario file is gone and whose header's scenario id is not a
    bundled scenario's (a path, a name too long, a NUL), when it is replayed, then it is
    refused with one line (no file is read by that name, no internal error)."""
    path = _recorded_as(tmp_path, capsys, path="/nonexistent/t.toml", id=scenario_id)
    code, out, err = run_cli(capsys, "replay", str(path))
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "internal error" not in err
    assert "hostname" not in err and "TOML" not in err


def test_a_recorded_scenario_path_with_a_nul_and_no_bundled_id_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given a header whose scenario path holds a NUL (no file can have that name) and
    whose id is no bundled scenario's, when replayed, then one line at line 1."""
    path = _recorded_as(tmp_path, capsys, path="a\x00b", id="nope")
    code, out, err = run_cli(capsys, "replay", str(path))
    assert (code, out) == (1, "")
    assert err == f"{path}:1: header: scenario.path cannot hold a NUL character\n"


def test_a_computer_playthrough_of_actors_without_doctrine_replays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given a scenario whose actors have no doctrine (talks.toml), when the computer
    plays it (`run`: it takes any available move, and journals its draw with entry null),
    then the journal replays and exports: the session is not lost."""
    journal = tmp_path / "s.jsonl"
    code, _, err = run_cli(capsys, "run", str(TALKS), "--seed", "1", "--session", str(journal))
    assert code == 0, err
    assert '"doctrine":{"entry":null,' in journal.read_text(encoding="utf-8")
    assert run_cli(capsys, "replay", str(journal))[::2] == (0, "")
    report = tmp_path / "r.md"
    assert run_cli(capsys, "export", str(journal), "--format", "md", "-o", str(report))[::2] == (
        0,
        "",
    )


def test_a_scripts_texts_reach_the_journal_without_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given a run script whose texts hold escape sequences, a bell and a bidi override
    (as TOML escapes), when it is run, then the journal holds none of them, as with what
    a seat or the console records; a free-form label made only of them is no label."""
    evil = "\\u001b]0;pwned\\u0007\\u001b[31m\\u202e"
    script = tmp_path / "script.toml"
    script.write_text(
        f'exercise = "Ex{evil}"\nevaluators = ["Eva{evil}"]\n'
        f'[[declare]]\nturn = 1\nactor = "red"\nlabel = "Probe{evil}"\n'
        f'narrative = "N{evil}"\nreasons_for = ["R{evil}"]\n'
        f'[[adjudicate]]\nturn = 1\nactor = "red"\nmove = "Probe{evil}"\noutcome = "success"\n'
        f'[[note]]\nturn = 1\ntext = "Note{evil}"\n',
        encoding="utf-8",
    )
    journal = tmp_path / "s.jsonl"
    code, _, err = run_cli(
        capsys, "run", str(MINI), "--script", str(script), "--session", str(journal)
    )
    assert code == 0, err
    text = journal.read_text(encoding="utf-8")
    assert '"label":"Probe]0;pwned[31m"' in text and '"text":"Note]0;pwned[31m"' in text
    assert not re.search(r"\\u00(1b|07)|\\u202e|\u202e", text)
    script.write_text(
        '[[declare]]\nturn = 1\nactor = "red"\nlabel = "\\u001b\\u0007\\u202e"\nnarrative = "n"\n',
        encoding="utf-8",
    )
    journal.unlink()
    code, _, err = run_cli(
        capsys, "run", str(MINI), "--script", str(script), "--session", str(journal)
    )
    assert code == 1
    assert err.startswith(f"{script}:1: declare[0]: a free-form move needs a label\n")
