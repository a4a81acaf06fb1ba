"""Text from a scenario, set in the Markdown report, renders as it was written: a line
that starts like a numbered or bulleted item stays a line of text, without a stray
backslash (the tutorial's briefing read "\\1. briefing" in a rendered report)."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from tabletop.export.markdown import block


def rendered(markdown: str) -> str:
    """The text a reader sees, tags stripped, of CommonMark rendered to HTML."""
    html = MarkdownIt("commonmark").render(markdown)
    return re.sub(r"<[^>]+>", "", html).replace("&gt;", ">").strip()


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("1. briefing: the injects", ["Each turn has phases:", "1. briefing: the injects"]),
        ("12) twelve", ["Each turn has phases:", "12) twelve"]),
        ("- a dash", ["Each turn has phases:", "- a dash"]),
        ("* a star", ["Each turn has phases:", "* a star"]),
        # not list-like for a reader: joined to the line above, as wrapped text is
        ("+ a plus", ["Each turn has phases: + a plus"]),
        ("> a quote", ["Each turn has phases: > a quote"]),
    ],
)
def test_a_list_like_line_renders_as_written(line: str, shown: list[str]) -> None:
    """Given briefing text with a line that starts like a list item or a quote, when the
    report sets it as a paragraph, then the reader sees it as written: neither a list nor
    a backslash."""
    text = f"Each turn has phases:\n{line}"
    html = MarkdownIt("commonmark").render(block(text))
    assert "<ol" not in html and "<ul" not in html and "<blockquote" not in html
    assert rendered(block(text)).splitlines() == shown
