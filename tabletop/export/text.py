"""How reports write values, dates, links and paragraphs (pure text helpers)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from tabletop.engine.flow import flow
from tabletop.engine.wording import format_number, significant_text, yes_no

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_value(value: Any, unit: str = "") -> str:
    """A track value for people: 100,000 troops; yes/no for flags; levels as they are."""
    if isinstance(value, bool):
        text = yes_no(value)
    elif isinstance(value, int):
        text = f"{value:,}"
    elif isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            text = f"{int(value):,}"
        elif abs(value) >= 1 or not math.isfinite(value):
            text = format_number(value)
        else:
            text = significant_text(value, 3)
    elif value is None:
        text = "—"
    else:
        text = str(value)
    return f"{text} {unit}" if unit and not isinstance(value, bool) and value is not None else text


def format_date(value: str) -> str:
    """`2022-01-10` → `10 January 2022` (locale-independent); other text is kept."""
    try:
        date = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def format_timestamp(value: Any) -> str:
    """`2026-11-27T21:30:05Z` → `2026-11-27 21:30 UTC`; other text is kept."""
    if not isinstance(value, str) or not value:
        return ""
    text = value
    if len(text) >= 16 and text[10] == "T":
        suffix = " UTC" if text.endswith("Z") else ""
        return f"{text[:10]} {text[11:16]}{suffix}"
    return text


def is_web_url(url: str) -> bool:
    """Whether a source url may be shown as a link: http or https with a host."""
    from urllib.parse import urlsplit

    text = url.strip()
    if not text or any(c in text for c in "\x00\n\r\t \"'<>`"):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def paragraphs(text: str) -> list[list[str]]:
    """Text as paragraphs of lines, by the rule the TUI shows it with
    (`tabletop.engine.flow.flow`): soft line breaks joined, list items and indented lines
    (a list of keys) kept one a line. A line's indent is dropped: Markdown and HTML
    would not keep it."""
    return [[line.strip() for line in lines] for lines in flow(str(text))]
