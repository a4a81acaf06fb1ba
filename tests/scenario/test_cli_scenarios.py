"""`tabletop scenarios`: the bundled list, and `--copy DIR` to edit copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.cli.main import main
from tabletop.scenario.bundled import BUNDLED_DIR, bundled_paths


def test_the_list_has_one_line_per_bundled_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios"]) == 0
    ids = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert ids == [path.stem for path in bundled_paths()]
    assert ids[0] == "ukraine_2022"


def test_copy_gives_identical_files_and_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given an empty directory, when the scenarios are copied there, then each copy has
    the bundled bytes (so the same sha256) and the schema comes too; a second copy is
    refused with exit 1 unless --force, and the bundled files are untouched."""
    target = tmp_path / "mine"
    assert main(["scenarios", "--copy", str(target)]) == 0
    names = sorted(p.name for p in target.iterdir())
    assert names == sorted([*(p.name for p in bundled_paths()), "scenario.schema.json"])
    for name in names:
        assert (target / name).read_bytes() == (BUNDLED_DIR / name).read_bytes()
    assert f"tabletop validate {target}" in capsys.readouterr().out

    (target / "tutorial.toml").write_text("# my edit\n", encoding="utf-8")
    assert main(["scenarios", "--copy", str(target)]) == 1
    assert "exists already (use --force to overwrite)" in capsys.readouterr().err
    assert (target / "tutorial.toml").read_text(encoding="utf-8") == "# my edit\n"
    assert main(["scenarios", "--copy", str(target), "--force"]) == 0
    assert (target / "tutorial.toml").read_bytes() == (BUNDLED_DIR / "tutorial.toml").read_bytes()


def test_copy_never_writes_through_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given a directory where tutorial.toml is a link to a file that does not exist (as
    someone else may plant in a shared directory), when the scenarios are copied there,
    then the link counts as a file already there; with --force it is replaced by the copy,
    and nothing is written where it pointed (the copy was written through it)."""
    target = tmp_path / "mine"
    target.mkdir()
    elsewhere = tmp_path / "elsewhere.toml"
    (target / "tutorial.toml").symlink_to(elsewhere)
    assert main(["scenarios", "--copy", str(target)]) == 1
    assert "tutorial.toml: exists already (use --force to overwrite)" in capsys.readouterr().err
    assert not elsewhere.exists()
    assert main(["scenarios", "--copy", str(target), "--force"]) == 0
    assert not elsewhere.exists()
    assert not (target / "tutorial.toml").is_symlink()
    assert (target / "tutorial.toml").read_bytes() == (BUNDLED_DIR / "tutorial.toml").read_bytes()
