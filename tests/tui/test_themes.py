"""Readable themes: every theme the app offers passes WCAG AA (4.5:1 for text, 3:1 for
UI parts) for every colour pair the app draws with, computed from the colours Textual
renders in that theme; the choice persists, and `--theme` sets it."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from tabletop.cli import main
from tabletop.tui import present, themes
from tabletop.tui.settings import OFFERED, saved_theme, settings_path

from .helpers import make_app

TUI = Path(themes.__file__).parent


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0-255 channels)."""

    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


PAIRS = [
    *themes.CONTRAST_PAIRS,
    *(
        (f"actor marker {colour} on {bg}", colour, bg, 3.0, False)
        for colour in present.ACTOR_COLOURS
        for bg in ("$background", "$surface", "$panel")
    ),
]


class Probe(App[None]):
    """One line per pair, styled as the app styles it."""

    CSS = "\n".join(
        f"#pair-{k} {{ color: {fg}; background: {bg}; height: 1; }}"
        for k, (_, fg, bg, _, _) in enumerate(PAIRS)
    )

    def compose(self) -> ComposeResult:
        for k in range(len(PAIRS)):
            yield Static("Aa", id=f"pair-{k}")


def rendered(theme: str, *, offered: bool = True) -> list[tuple[str, float, float]]:
    """(what, contrast, the least allowed) for every pair, as drawn in `theme` (one the
    app offers, or with `offered=False` one of Textual's own)."""

    async def run() -> list[tuple[str, float, float]]:
        app = Probe()
        if offered:
            themes.install(app)
        out = []
        async with app.run_test() as pilot:
            app.theme = theme
            await pilot.pause()
            for k, (what, _, _, least, dim) in enumerate(PAIRS):
                style = app.query_one(f"#pair-{k}", Static).rich_style
                assert style.color is not None and style.bgcolor is not None, what
                fg, bg = style.color.triplet, style.bgcolor.triplet
                assert fg is not None and bg is not None, f"{what}: not a true colour"
                if dim:  # the app draws dim text as a blend towards the background
                    fg = tuple(b + (f - b) * themes.DIM_FACTOR for f, b in zip(fg, bg, strict=True))  # type: ignore[assignment]
                out.append((what, contrast(fg, bg), least))
        return out

    return asyncio.run(run())


@pytest.mark.parametrize("theme", OFFERED)
def test_every_style_of_an_offered_theme_passes_wcag_aa(theme: str) -> None:
    failing = [
        f"{what}: {ratio:.2f}:1 < {least}:1"
        for what, ratio, least in rendered(theme)
        if ratio < least
    ]
    assert failing == []


def test_a_theme_that_fails_is_not_offered() -> None:
    """The check can fail: Textual's own light theme has 3:1 accent text."""
    failing = [
        what for what, ratio, least in rendered("textual-light", offered=False) if ratio < least
    ]
    assert failing
    assert "textual-light" not in OFFERED


def test_every_text_colour_the_styles_use_is_checked() -> None:
    """A `color:` in any of the app's styles names a colour the pairs above check."""
    checked = {fg for _, fg, _, _, _ in themes.CONTRAST_PAIRS}
    sources = [*TUI.rglob("*.tcss"), *TUI.rglob("*.py")]
    used = set()
    for source in sources:
        for match in re.finditer(r"(?<![-\w])color:\s*(\$[\w-]+|auto)", source.read_text()):
            used.add(match.group(1))
    assert used - checked == set()


async def test_the_app_offers_only_the_readable_themes_and_remembers_the_choice() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        assert set(app.available_themes) == set(OFFERED)
        assert app.theme == "textual-dark"
        app.theme = "tabletop-light"
        await pilot.pause()
    assert saved_theme() == "tabletop-light"
    again = make_app()
    async with again.run_test():
        assert again.theme == "tabletop-light"


def test_the_theme_flag_reaches_the_app() -> None:
    from tabletop.tui import launch

    chosen: list[str | None] = []

    def fake_run(app: object) -> int:
        chosen.append(getattr(app, "theme", None))
        return 0

    original = launch._run
    launch._run = fake_run  # type: ignore[assignment]
    try:
        assert main(["resume", "--theme", "tabletop-light"]) == 0
    finally:
        launch._run = original  # type: ignore[assignment]
    assert chosen == ["tabletop-light"]


async def test_a_theme_given_at_start_is_remembered() -> None:
    app = make_app(theme="tabletop-light")
    async with app.run_test():
        assert app.theme == "tabletop-light"
    assert saved_theme() == "tabletop-light"


def test_an_unknown_theme_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["play", "--theme", "neon"])
    assert exit_.value.code == 2
    assert "tabletop-light" in capsys.readouterr().err


def test_a_broken_settings_file_means_the_defaults() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    assert saved_theme() is None
    app = make_app()
    assert app.theme == "textual-dark"
