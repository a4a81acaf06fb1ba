"""`tabletop export` and `tabletop events` through the command line, as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pytest

from tabletop.cli import main
from tabletop.export.msel import ID_RULE
from tabletop.journal import JournalWriter, make_header
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario
from tests.conftest import MINI, MINI_EVAL
from tests.export.helpers import evaluated_session, scripted_session


@pytest.fixture
def journal(tmp_path: Path, mini: CompiledScenario) -> Path:
    """A journal of the scripted session of mini.toml, written as the journal writer does."""
    path = tmp_path / "session.jsonl"
    header = make_header(
        scenario_id=mini.id,
        scenario_sha256=mini.sha256,
        scenario_title=mini.title,
        scenario_path=str(MINI.resolve()),
        seed=7,
    )
    writer = JournalWriter.create(path, header, sync=False)
    writer.write([dict(e) for e in scripted_session(mini).events])
    writer.close()
    return path


def test_export_ip_writes_the_improvement_plan_as_csv(
    tmp_path: Path, mini_eval: CompiledScenario
) -> None:
    """Given an evaluated session's journal, when exported with `--format ip -o FILE`, then
    the file is a CSV with one row per item of the plan in effect (edited, not withdrawn),
    with the objective's rating, and a cell that looks like a formula is quoted."""
    path = tmp_path / "session.jsonl"
    header = make_header(
        scenario_id=mini_eval.id,
        scenario_sha256=mini_eval.sha256,
        scenario_title=mini_eval.title,
        scenario_path=str(MINI_EVAL.resolve()),
        seed=7,
    )
    writer = JournalWriter.create(path, header, sync=False)
    writer.write([dict(e) for e in evaluated_session(mini_eval).events])
    writer.close()
    out = tmp_path / "plan.csv"
    assert main(["export", str(path), "--format", "ip", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert [r["item"] for r in rows] == ["1", "3"]
    assert (rows[0]["objective"], rows[0]["rating"], rows[0]["due"]) == ("calm", "S", "2026-03-31")
    assert rows[0]["corrective_action"] == "Agree and rehearse a line in the first turn"
    assert rows[1]["issue"].startswith("'=HYPERLINK")


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv"])
def test_export_to_stdout(fmt: str, journal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(journal), "--format", fmt]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out
    if fmt == "json":
        assert json.loads(out)["format"] == "tabletop-export"
    if fmt == "md":
        assert out.startswith("# After-action report: Mini crisis")
    if fmt == "html":
        assert out.startswith("<!DOCTYPE html>")


def test_export_to_a_file(
    journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.csv"
    assert main(["export", str(journal), "--format", "csv", "-o", str(out)]) == 0
    assert capsys.readouterr() == ("", "")
    data = out.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert len(rows) == 1 + len(scripted_session(load_scenario(MINI)[0]).events)


def test_export_refuses_to_overwrite_without_force(
    journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.md"
    out.write_text("keep me", encoding="utf-8")
    assert main(["export", str(journal), "--format", "md", "-o", str(out)]) == 1
    _, err = capsys.readouterr()
    assert err == f"{out}: exists already (use --force to overwrite)\n"
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main(["export", str(journal), "--format", "md", "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("# After-action report")


@pytest.mark.parametrize("which", ["itself", "another"])
def test_no_output_replaces_a_session_journal_even_with_force(
    which: str, journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given a journal, when a report is exported over it (or over another session's
    journal) with --force, then it is refused and the journal is left as it was: the
    record is the evidence, and --force is for replacing an older export."""
    target = journal
    if which == "another":
        target = tmp_path / "other.jsonl"
        target.write_bytes(journal.read_bytes())
    before = target.read_bytes()
    args = ["export", str(journal), "--format", "md", "-o", str(target), "--force"]
    assert main(args) == 1
    _, err = capsys.readouterr()
    assert err == (
        f"{target}: is a session journal; tabletop never overwrites one "
        "(choose another output file)\n"
    )
    assert target.read_bytes() == before
    csv_to_journal = ["events", "export", str(MINI), "-o", str(target), "--force"]
    assert main(csv_to_journal) == 1
    assert target.read_bytes() == before


@pytest.mark.parametrize("what", ["fifo", "link to a device"])
def test_force_never_replaces_a_special_file(
    what: str, journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given an output that is a named pipe, or a link to a device (`/dev/null`; as root,
    `-o /dev/null --force` replaced the device itself with a report), when a report is
    exported over it with --force, then it is refused and the file stays what it was."""
    target = tmp_path / "out"
    if what == "fifo":
        os.mkfifo(target)
        kind = "a named pipe (FIFO)"
    else:
        target.symlink_to("/dev/null")
        kind = "a device"
    args = ["export", str(journal), "--format", "md", "-o", str(target), "--force"]
    assert main(args) == 1
    _, err = capsys.readouterr()
    assert err == (
        f"{target}: is {kind}, not a regular file: tabletop replaces only files "
        "(write to standard output with no -o)\n"
    )
    assert stat.S_ISFIFO(target.lstat().st_mode) if what == "fifo" else target.is_symlink()


def test_export_of_a_missing_journal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.jsonl"
    assert main(["export", str(missing), "--format", "md"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{missing}: ") and err.count("\n") == 1
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "content",
    ["not json at all\n", '{"format": "something-else"}\n', "\x00\x01\x02binary"],
    ids=["garbage", "other-format", "binary"],
)
def test_export_of_a_corrupt_journal(
    content: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    assert main(["export", str(bad), "--format", "html"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{bad}:1: ") and err.count("\n") == 1


def test_export_of_events_that_do_not_replay(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A journal whose envelope is fine but whose undo names no action: refused with its line."""
    with JournalWriter.append_to(journal, sync=False) as w:
        seq = w.last_seq + 1
        undo = {"seq": seq, "kind": "undo", "action": seq, "turn": 0, "phase": "briefing"}
        w.write([{**undo, "target": 999}])
    for fmt in ("md", "csv"):
        assert main(["export", str(journal), "--format", fmt]) == 1
        out, err = capsys.readouterr()
        assert out == ""
        assert err == f"{journal}:{seq + 1}: undo of action 999, which is not the last one\n"


def test_export_of_a_changed_scenario_needs_its_own_flag(
    tmp_path: Path, mini: CompiledScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "mini.toml"
    scenario.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "s.jsonl"
    header = make_header(
        scenario_id=mini.id,
        scenario_sha256=mini.sha256,
        scenario_title=mini.title,
        scenario_path=str(scenario),
        seed=7,
    )
    writer = JournalWriter.create(path, header, sync=False)
    writer.write([dict(e) for e in scripted_session(mini).events])
    writer.close()
    scenario.write_text(MINI.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert main(["export", str(path), "--format", "md"]) == 1
    _, err = capsys.readouterr()
    assert "--allow-changed-scenario" in err and err.count("\n") == 1
    assert main(["export", str(path), "--format", "md", "--force"]) == 1  # --force: output only
    capsys.readouterr()
    assert main(["export", str(path), "--format", "md", "--allow-changed-scenario"]) == 0


def test_unknown_format_is_a_usage_error(journal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["export", str(journal), "--format", "pdf"])
    assert caught.value.code == 2


def test_events_export_and_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "msel.csv"
    out = tmp_path / "new.toml"
    assert main(["events", "export", str(MINI), "-o", str(sheet)]) == 0
    assert main(["events", "import", str(MINI), str(sheet), "-o", str(out)]) == 0
    stdout, err = capsys.readouterr()
    assert stdout.startswith(f"{out}: ok: 3 inject(s)")
    assert err == ""
    assert load_scenario(out)[0].model == load_scenario(MINI)[0].model
    assert main(["validate", str(out)]) == 0


def test_events_export_to_stdout_of_a_bundled_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "export", "tutorial"]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith("number,id,turn,when,when in words,date,type,from,to,title,")


def test_events_import_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "msel.csv"
    sheet.write_text("id,title,turn\nok,Fine,t1\nBad,Also,t7\n", encoding="utf-8")
    out = tmp_path / "new.toml"
    assert main(["events", "import", str(MINI), str(sheet), "-o", str(out)]) == 1
    _, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{sheet}:3: id: {ID_RULE}, not 'Bad'",
        f"{sheet}:3: turn: unknown turn 't7' (turns: t1, t2, t3)",
    ]
    assert not out.exists()


def test_events_import_refuses_bad_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "new.toml"
    missing = tmp_path / "missing.csv"
    assert main(["events", "import", str(MINI), str(missing), "-o", str(out)]) == 1
    assert capsys.readouterr().err == f"{missing}: no such file\n"
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,title\nx,Caf\xe9\n".encode("latin-1"))
    assert main(["events", "import", str(MINI), str(latin), "-o", str(out)]) == 1
    assert capsys.readouterr().err.startswith(f"{latin}:2: not UTF-8 text")
    out.write_text("exists", encoding="utf-8")
    assert main(["events", "import", str(MINI), str(latin), "-o", str(out)]) == 1
    assert capsys.readouterr().err == f"{out}: exists already (use --force to overwrite)\n"
    assert main(["events", "export", str(tmp_path / "nope.toml")]) == 1
    assert capsys.readouterr().err.startswith(f"{tmp_path / 'nope.toml'}: ")
