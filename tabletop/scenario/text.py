"""The characters a terminal acts on, which no text from a file may carry to a screen.

An escape sequence can rewrite the screen or the window's title, a bell rings, a C1
control starts a sequence of its own, a bidi control reorders the line around it. The
scenario's texts lose them when the file is loaded (`prose`); everything else printed
from a file goes through `tabletop.engine.wording`, which takes its table from here.
"""

from __future__ import annotations

import re

__all__ = ["ANY_UNSAFE", "BIDI_CONTROLS", "CONTROL", "UNSAFE", "printable", "prose"]

_BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
"""Unicode's bidi controls (the Bidi_Control property): the marks ALM, LRM and RLM, the
embeddings and overrides, the isolates. They reorder the text around them on the line."""

CONTROL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127, *range(128, 160), *_BIDI])
"""A `str.translate` table removing C0 controls but tab and line breaks, DEL, the C1
controls and the bidi controls."""

UNSAFE = "".join(map(chr, [*CONTROL, 13]))
"""Every character a terminal line may not hold: `CONTROL`'s and the carriage return
(tests look for them in output)."""

BIDI_CONTROLS = "".join(map(chr, _BIDI))
"""The bidi controls alone: printable characters by Unicode's categories, but a terminal
reorders the line around them (the JSON export writes them as escapes)."""

_LINE_END = re.compile(r"\r\n?")
ANY_UNSAFE = re.compile("[" + re.escape(UNSAFE) + "]")
"""Finds a character of `UNSAFE`: most texts have none, and a search is several times
faster than `str.translate` with a table (a scenario's texts are cleaned as it loads)."""


def printable(text: object) -> str:
    """The text without control characters (tabs and line breaks kept); a carriage
    return stays (CSV ends its lines with one)."""
    text = str(text)
    return text if ANY_UNSAFE.search(text) is None else text.translate(CONTROL)


def prose(text: str) -> str:
    """A scenario's text as it may be shown: line ends as `\\n` (a bare carriage return
    would let a line overwrite itself), no control character."""
    if ANY_UNSAFE.search(text) is None:
        return text
    return _LINE_END.sub("\n", text).translate(CONTROL)
