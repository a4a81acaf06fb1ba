"""A widget's component style as drawn inside its own text: the one way the console's
widgets style their parts.

Textual's partial component style leaves unset what the CSS leaves unset (the row or the
widget gives it), which is what a part drawn inside a line of text needs; but it drops
the alpha of a translucent colour, so `$text-muted` (translucent) came out as pure
white: brighter than the text on a dark theme, white on white on a light one. The
colours are taken from the full style, which blends them over the background.
"""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget


def component_style(widget: Widget, name: str) -> Style:
    """The component class `name`'s style on `widget`: its attributes as its CSS sets
    them, its colours (where it sets them) blended as the full style gives them."""
    partial = widget.get_component_rich_style(name, partial=True)
    if partial.color is None and partial.bgcolor is None:
        return partial
    full = widget.get_component_rich_style(name)
    return partial + Style(
        color=full.color if partial.color is not None else None,
        bgcolor=full.bgcolor if partial.bgcolor is not None else None,
    )
