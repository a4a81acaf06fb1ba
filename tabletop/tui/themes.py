"""The themes the app offers: only those whose every text style reads well.

WCAG AA asks 4.5:1 contrast for text and 3:1 for large text and UI parts (a focus
border, a marker). `CONTRAST_PAIRS` lists every colour pair the app draws text or a UI
part with: its own styles (app.tcss, the screens' .tcss and DEFAULT_CSS, Rich styles in
code) and those of the Textual widgets it uses (footer keys and descriptions, disabled
keys, focus borders). `tests/tui/test_themes.py` renders each pair in each offered theme
and computes the contrast from the colours Textual draws; `OFFERED` holds the themes that
pass. Textual's own light theme does not (its accent and warning text are about 3:1), so
`tabletop-light` replaces it: the light theme for a projector.

Dim text is drawn by the app, blended towards its background (`DIM_FACTOR`), rather than
left to the terminal's faint attribute, whose contrast no one can know.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.filter import DimFilter
from textual.theme import Theme

from tabletop.tui.settings import DEFAULT_THEME as DEFAULT_THEME
from tabletop.tui.settings import OFFERED as OFFERED

if TYPE_CHECKING:
    from textual.app import App

DIM_FACTOR = 0.75
"""How much of the text colour dim text keeps (the rest is its background)."""

TABLETOP_LIGHT = Theme(
    name="tabletop-light",
    primary="#0b4f8a",
    secondary="#5b3d8f",
    accent="#8a4300",
    warning="#7a4d00",
    error="#a3162c",
    success="#1d6b35",
    foreground="#161616",
    background="#ffffff",
    surface="#f3f3f3",
    panel="#e6e6e6",
    dark=False,
    variables={"footer-key-foreground": "#0b4f8a"},
)
"""A light theme for projectors and bright rooms, every pair at WCAG AA or better."""


TEXTS = (
    "$text",
    "$text-muted",
    "$text-primary",
    "$text-accent",
    "$text-warning",
    "$text-error",
    "$text-success",
    "$foreground",
)
"""The text colours of the app's styles and of the Textual widgets it uses."""
SURFACES = ("$background", "$surface", "$panel")
"""The backgrounds text is drawn on."""

CONTRAST_PAIRS: tuple[tuple[str, str, str, float, bool], ...] = (
    *((f"{fg} text on {bg}", fg, bg, 4.5, False) for fg in TEXTS for bg in SURFACES),
    *((f"dim text on {bg}", "$text", bg, 4.5, True) for bg in SURFACES),
    ("footer keys", "$footer-key-foreground", "$footer-background", 4.5, False),
    ("footer descriptions", "$footer-description-foreground", "$footer-background", 4.5, False),
    ("disabled footer keys", "$text-muted", "$footer-background", 4.5, False),
    *((f"focus border on {bg}", "$border", bg, 3.0, False) for bg in SURFACES),
    *((f"borders and bars on {bg}", "$primary", bg, 3.0, False) for bg in SURFACES),
    ("the log's cursor", "auto", "$block-cursor-background", 4.5, False),
    ("the log's cursor, unfocused", "$text", "$block-cursor-blurred-background", 4.5, False),
)
"""(what, foreground, background, the least contrast, drawn dim) for every style used."""


def use_saved(app: App[Any], theme: str | None = None) -> None:
    """Install the offered themes and pick `theme`, else the one last chosen."""
    from tabletop.tui.settings import saved_theme

    install(app)
    chosen = theme or saved_theme() or DEFAULT_THEME
    app.theme = chosen if chosen in OFFERED else DEFAULT_THEME


def install(app: App[Any]) -> None:
    """Offer only the readable themes, and draw dim text as a blend."""
    app.register_theme(TABLETOP_LIGHT)
    for name in list(app.available_themes):
        if name not in OFFERED:
            app.unregister_theme(name)
    filters = getattr(app, "_filters", None)
    if isinstance(filters, list):  # Textual's line filters: dim text becomes a colour
        filters.append(DimFilter(DIM_FACTOR))
