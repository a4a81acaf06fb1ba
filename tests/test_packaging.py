"""What an installed tabletop ships: every package, and the bundled scenarios with their schema.

The wheel test builds a wheel, installs it (without its dependencies, which the test's
own environment lends it) into a fresh virtual environment, and runs the installed
`tabletop` from outside the checkout, so that nothing can come from the source tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_is_listed_for_the_wheel() -> None:
    """pyproject.toml lists the packages (scenarios/ is mapped in); a new one must be added."""
    found = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "tabletop").rglob("__init__.py")
    }
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert listed == found | {"tabletop.bundled"}
    assert PYPROJECT["tool"]["setuptools"]["package-dir"] == {"tabletop.bundled": "scenarios"}


def test_scenarios_is_a_real_folder() -> None:
    folder = ROOT / "scenarios"
    assert folder.is_dir() and not folder.is_symlink()
    assert {p.name for p in folder.iterdir()} >= {"scenario.schema.json", "ukraine_2022.toml"}


@pytest.mark.slow
def test_an_installed_wheel_ships_the_scenarios(tmp_path: Path) -> None:
    """Given a wheel installed in a fresh environment, when `tabletop scenarios`,
    `tabletop validate tutorial` and `tabletop scenarios --copy` run from elsewhere,
    then they find the bundled scenarios inside the installed package."""
    # Built from a copy: setuptools builds in the source tree, and a stale build/ there
    # could slip files the checkout no longer has into the wheel.
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "build",
            "dist",
            "*.egg-info",
            "__pycache__",
            ".*cache",
            ".hypothesis",
            "tests",
        ),
    )
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = dist.glob("tabletop-*.whl")

    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    # The dependencies come from this environment; its editable tabletop does not (a
    # directory named in a .pth file is searched, its own .pth files are not run).
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "lend-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")

    work = tmp_path / "elsewhere"
    work.mkdir()
    run_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}

    def tabletop(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(env_dir / "bin" / "tabletop"), *args],
            cwd=work,
            env=run_env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    where = subprocess.run(
        [str(python), "-c", "import tabletop; print(tabletop.__file__)"],
        cwd=work,
        env=run_env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(site), where

    listed = tabletop("scenarios")
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines()] == [
        "ukraine_2022",
        "tutorial",
        "cuba_1962",
    ]
    checked = tabletop("validate", "tutorial")
    assert checked.returncode == 0, checked.stderr
    assert f"{site}/tabletop/bundled/tutorial.toml: ok:" in checked.stdout

    copied = tabletop("scenarios", "--copy", "mine")
    assert copied.returncode == 0, copied.stderr
    assert (work / "mine" / "tutorial.toml").read_bytes() == (
        ROOT / "scenarios" / "tutorial.toml"
    ).read_bytes()
    assert (work / "mine" / "scenario.schema.json").is_file()
