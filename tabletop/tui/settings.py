"""The user's settings that outlive a session: for now, the chosen theme.

Kept as a small JSON file in the user config directory (`platformdirs.user_config_dir`:
`~/.config/tabletop/settings.json` on Linux), or in `$TABLETOP_CONFIG_DIR` when that is
set (the tests set it). Reading never fails: a missing, unreadable or odd file means the
defaults. Writing replaces the file whole (a temporary file renamed over it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tabletop.safe_read import read_regular

OFFERED = ("textual-dark", "tabletop-light")
"""The themes the app offers (see tui/themes.py: each passes WCAG AA), in order; named
here, without Textual, for the command line's `--theme`."""
DEFAULT_THEME = "textual-dark"
ENV_CONFIG_DIR = "TABLETOP_CONFIG_DIR"
MAX_BYTES = 64 * 1024


def config_dir() -> Path:
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("tabletop", appauthor=False))


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> dict[str, Any]:
    """The saved settings, or {} when there are none (or they cannot be read)."""
    try:
        data = json.loads(read_regular(settings_path(), MAX_BYTES, "settings file"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def saved_theme() -> str | None:
    theme = load_settings().get("theme")
    return theme if isinstance(theme, str) else None


def save_theme(theme: str) -> None:
    """Remember the theme (raises OSError when the directory cannot be written)."""
    settings = {**load_settings(), "theme": theme}
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)
