"""How prose from a scenario file flows into lines: the one rule the TUI and the reports
share, so a briefing reads the same on the screen and in the exported report.

Pure text: no Textual, no I/O. The TUI joins the lines it gets with line breaks
(`tabletop.tui.present.reflow`); the reports with a hard break (`tabletop.export.text`).
"""

from __future__ import annotations

import re
import textwrap

LIST_ITEM = re.compile(r"^([-*•–]\s|\d{1,2}[.)]\s)")
"""A line that starts like a list item (`- `, `* `, `• `, `– `, `1. `, `2) `)."""

_BLANK_LINE = re.compile(r"\n[ \t]*\n")

_ANY = 1 << 30
"""An indent no line reaches: "any line joins"."""


def flow(text: str) -> list[list[str]]:
    """Text as paragraphs of lines, the way people wrap text in a TOML file.

    A blank line starts a paragraph. Other line breaks are soft (the lines of a paragraph
    join with a space), except that a list item (`-`, `*`, `•`, `1.`) starts a line, and a
    line indented past its paragraph starts a line too, keeping its indent (relative to
    the paragraph's), with the lines indented deeper under it joining it: a list of keys
    with hanging indents (the tutorial's "n  next phase") stays one item a line.
    """
    out: list[list[str]] = []
    normal = str(text).replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    for block in _BLANK_LINE.split(normal):
        lines: list[str] = []
        joins = (0, 0)
        """The indents of the lines that join the line being built, from and to: prose
        takes the lines not indented, a list item any line, an indented line those
        indented deeper."""
        for line in textwrap.dedent(block).splitlines():
            stripped = line.strip()
            if not stripped:
                continue
            indent = len(line) - len(line.lstrip())
            item = LIST_ITEM.match(stripped) is not None
            if lines and not item and joins[0] <= indent <= joins[1]:
                lines[-1] += " " + stripped
                continue
            lines.append(line.rstrip() if indent else stripped)
            joins = (indent + 1, _ANY) if indent else (0, _ANY) if item else (0, 0)
        if lines:
            out.append(lines)
    return out
