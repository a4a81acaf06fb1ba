"""`tabletop validate FILE...`: exit status, stdout summary, one stderr line per problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.cli import main
from tabletop.scenario.bundled import bundled_paths

from ..conftest import DATA, MINI
from .test_validation import WARNING_CASES

BAD = DATA / "bad"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], list[str]]:
    status = main(["validate", *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()


def test_valid_file(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, str(MINI))
    assert status == 0
    assert out == [f"{MINI}: ok: Mini crisis (3 turns, 2 actors, 4 moves, 0 warnings)"]
    assert err == []


def test_quiet_prints_nothing_for_a_valid_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "-q", str(MINI)) == (0, [], [])


def test_warnings_go_to_stderr_and_the_file_is_still_valid(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "warn.toml"
    path.write_text(MINI.read_text().replace('requires = "talks_open"', 'requires = "false"'))
    status, out, err = run(capsys, str(path))
    assert status == 0
    assert out == [f"{path}: ok: Mini crisis (3 turns, 2 actors, 4 moves, 1 warning)"]
    assert err == [
        f"{path}:118: moves[talk].requires: warning: the precondition is always false: "
        "the move can never be taken"
    ]


def test_invalid_file_exits_1_with_one_line_per_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "two.toml"
    text = MINI.read_text().replace('turn = "t2"', 'turn = "t9"').replace("limit = 1", "limt = 1")
    path.write_text(text)
    status, out, err = run(capsys, str(path))
    assert status == 1
    assert out == []
    assert err == [
        f"{path}:94: moves[gamble].limt: unknown key 'limt' (did you mean 'limit'?)",
    ]  # the models are checked first; references only once the shape is right
    path.write_text(
        MINI.read_text().replace('turn = "t2"', 'turn = "t9"').replace("max = 10", "max = 1")
    )
    status, out, err = run(capsys, str(path))
    assert status == 1
    assert err == [
        f"{path}:46: tracks[tension].initial: initial 3 is above max 1: it must be from 0 to 1",
        f"{path}:153: injects[news].turn: unknown turn 't9' (known: t1, t2, t3)",
    ]


WARNED = {name for name, *_ in WARNING_CASES}  # files that load, with a warning


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.iterdir()))
def test_every_bad_file_exits_1_without_a_traceback(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = BAD / name
    status, out, err = run(capsys, str(path))
    if name in WARNED:
        assert status == 0  # warnings alone do not fail validate
        assert len(err) == 1 and "warning: " in err[0]  # the warning on stderr
        assert len(out) == 1 and "1 warning)" in out[0]  # "ok: … 1 warning)"
        return
    assert status == 1
    assert out == []
    assert err
    for line in err:
        assert line.startswith(f"{path}:") or line.startswith(f"{path}: ")
        assert "Traceback" not in line and "internal error" not in line


def test_several_files_each_reported(capsys: pytest.CaptureFixture[str]) -> None:
    missing = DATA / "missing.toml"
    status, out, err = run(
        capsys, str(MINI), str(missing), str(DATA), str(BAD / "empty.toml"), str(MINI)
    )
    assert status == 1
    assert len(out) == 2 and all(line.startswith(f"{MINI}: ok:") for line in out)
    assert err == [
        f"{missing}: no such file",
        f"{DATA}: is a directory, not a scenario file",
        f"{BAD / 'empty.toml'}: the file is empty: "
        "a scenario needs [scenario], [[actors]] and [[turns]]",
    ]


def test_bundled_scenarios_by_id_and_by_path(capsys: pytest.CaptureFixture[str]) -> None:
    paths = bundled_paths()
    status, out, err = run(capsys, *(p.stem for p in paths), *(str(p) for p in paths))
    assert status == 0, err
    assert len(out) == 2 * len(paths)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (PermissionError(13, "Permission denied"), "permission denied: the file cannot be read"),
        (OSError(5, "Input/output error"), "cannot read: Input/output error"),
    ],
)
def test_unreadable_file(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    error: OSError,
    message: str,
) -> None:
    path = tmp_path / "secret.toml"
    path.write_text(MINI.read_text())

    def fail(*args: object, **kwargs: object) -> bytes:
        raise error

    monkeypatch.setattr(
        "tabletop.scenario.load.read_regular", fail
    )  # chmod 0 is no obstacle to root
    status, _, err = run(capsys, str(path))
    assert status == 1
    assert err == [f"{path}: {message}"]


def test_no_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2
    assert "the following arguments are required: files" in capsys.readouterr().err


def test_a_file_name_with_a_line_break_gives_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Given a valid file whose name holds a line break, and whose title holds one, when
    validated, then its `ok:` line is one line, each break shown as \\n as in a problem
    line (it was split in two)."""
    path = tmp_path / "a\nb.toml"
    path.write_text(MINI.read_text().replace('"Mini crisis"', '"Mini\\ncrisis"'))
    status, out, err = run(capsys, str(path))
    assert status == 0 and err == []
    assert out == [
        f"{tmp_path}/a\\nb.toml: ok: Mini\\ncrisis (3 turns, 2 actors, 4 moves, 0 warnings)"
    ]
