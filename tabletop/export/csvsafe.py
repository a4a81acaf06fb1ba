"""Spreadsheet-safe CSV cells: the formula-injection guard and its inverse.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in some, a tab
or a carriage return) as a formula, so text from a scenario or a participant could
run one when an export is opened. `guard` prefixes such a cell with a single quote,
which spreadsheets show as text. A cell that already starts with a quote followed by
one of those characters (or by another quote) is prefixed too, so that `unguard`, used
when the master scenario events list is imported, gives back exactly the original.
"""

from __future__ import annotations

from tabletop.engine.wording import printable

DANGEROUS = frozenset("=+-@\t\r")
"""The first characters that make a spreadsheet read a cell as a formula."""


def guard(text: str) -> str:
    """The cell as written to CSV: without control characters (an escape sequence would
    reach the terminal of whoever prints the file; a carriage return becomes a line
    break), then prefixed with `'` when it could
    run as a formula (checked after the removal, which could uncover an `=`)."""
    text = clean_cell(text)
    if not text:
        return text
    first = text[0]
    if first in DANGEROUS or (
        first == "'" and len(text) > 1 and (text[1] in DANGEROUS or text[1] == "'")
    ):
        return "'" + text
    return text


def clean_cell(text: str) -> str:
    """The cell's text without control characters, a carriage return made a line break:
    what `unguard(guard(text))` gives back."""
    return printable(text.replace("\r\n", "\n").replace("\r", "\n")) if text else text


def unguard(text: str) -> str:
    """The original text of a guarded cell (the inverse of `guard`)."""
    if len(text) > 1 and text[0] == "'" and (text[1] in DANGEROUS or text[1] == "'"):
        return text[1:]
    return text
