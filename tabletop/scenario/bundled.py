"""The scenarios that ship with tabletop, and how a name on the command line finds one."""

from __future__ import annotations

from pathlib import Path

DEFAULT_SCENARIO = "ukraine_2022"
"""The scenario `tabletop` opens with no arguments."""

SCHEMA_FILE = "scenario.schema.json"
"""The JSON Schema of the format, beside the bundled scenarios."""


def _bundled_dir() -> Path:
    """Where the bundled scenarios are: in an installed wheel, `tabletop/bundled/` (the
    top-level `scenarios/` folder mapped into the package, see pyproject.toml); in a
    source checkout or an editable install, `scenarios/` beside `tabletop/`."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "bundled"
    return installed if installed.is_dir() else package.parent / "scenarios"


BUNDLED_DIR = _bundled_dir()


def bundled_paths() -> list[Path]:
    """Every bundled scenario file, the default first."""
    paths = sorted(BUNDLED_DIR.glob("*.toml"))
    paths.sort(key=lambda p: (p.stem != DEFAULT_SCENARIO, p.stem != "tutorial", p.stem))
    return paths


def resolve_scenario(name: str | None) -> Path:
    """A path for a scenario named on the command line: a file, or a bundled scenario's id.

    Unknown names come back unchanged, so the loader reports 'no such file' for them.
    """
    if not name:
        return BUNDLED_DIR / f"{DEFAULT_SCENARIO}.toml"
    path = Path(name)
    if path.exists() or path.suffix:
        return path
    bundled = BUNDLED_DIR / f"{name}.toml"
    return bundled if bundled.exists() else path
