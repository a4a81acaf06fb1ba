"""Hostile text everywhere: the HTML report escapes it all, the Markdown keeps its shape.

Each string of the corpus (tests/export/hostile.py) is put in every text field of a
scenario built from mini.toml's data and in every text a participant can type during a
session (notes, free-form moves, reasons, overrides, ad-hoc injects, the closing note).
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

from tabletop.engine.wording import UNSAFE, printable
from tabletop.export import render
from tests.export.hostile import ALL_IN_ONE, HOSTILE, hostile_scenario, hostile_session

TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "footer", "nav",
    "section", "article", "p", "h1", "h2", "h3", "h4", "h5", "a", "dl", "dt", "dd", "span", "code",
    "strong", "em", "br", "table", "thead", "tbody", "tr", "th", "td", "ol", "ul", "li",
    "div", "figure", "figcaption", "svg", "line", "text", "polyline", "circle",
}  # fmt: skip
"""Every tag the report template emits; anything else came from the data."""

URL_ATTRS = {"href", "src", "xlink:href", "action", "formaction", "srcset", "poster", "data"}
CASES = [*HOSTILE, ALL_IN_ONE]


class Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((tag, name, value) for name, value in attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def ids(case: str) -> str:
    return re.sub(r"\W+", "_", case[:24]) or "text"


@pytest.fixture(scope="module", params=CASES, ids=[ids(c) for c in CASES])
def exported(request: pytest.FixtureRequest) -> tuple[str, dict[str, str]]:
    text: str = request.param
    scenario = hostile_scenario(text)
    session = hostile_session(scenario, text)
    header = {
        "format": "tabletop-session", "version": 1, "seed": 3, "created": text,
        "scenario": {"id": "mini", "sha256": scenario.sha256, "path": text, "title": text},
        "parent": {"session": text, "at": 3}, "settings": {"facilitator": text},
    }  # fmt: skip
    out = {
        fmt: render(fmt, header, session.events, scenario, journal=text)
        for fmt in ("md", "html", "json", "csv", "ip")
    }
    return text, out


def test_html_has_no_script_and_only_the_templates_tags(
    exported: tuple[str, dict[str, str]],
) -> None:
    """Given hostile text everywhere, then the HTML holds no script, no event handler,
    no javascript: link, and only the tags the template writes."""
    _, out = exported
    page = out["html"]
    assert "<script" not in page.lower()
    audit = Audit()
    audit.feed(page)
    audit.close()
    assert set(audit.tags) <= TAGS, set(audit.tags) - TAGS
    assert audit.tags.count("style") == 1
    assert page.lower().count("</style") == 1
    for tag, name, value in audit.attrs:
        assert not name.lower().startswith("on"), (tag, name, value)
        if name.lower() in URL_ATTRS:
            assert value is not None
            assert value.startswith("#") or re.match(r"https?://[^\s\"'<>]+$", value), (
                tag,
                name,
                value,
            )
            assert "javascript:" not in value.lower()
    assert not re.search(r"<[^>]*\sonerror\s*=", page, re.IGNORECASE)


def test_html_shows_the_hostile_text_as_text(exported: tuple[str, dict[str, str]]) -> None:
    """The text is not dropped: it is in the page's text content, as typed less its
    control characters (a bidi override among them)."""
    text, out = exported
    audit = Audit()
    audit.feed(out["html"])
    shown = "".join(audit.text)
    first_line = printable(text.splitlines()[0].strip()[:150])
    assert first_line in shown


def test_only_http_sources_are_links(exported: tuple[str, dict[str, str]]) -> None:
    _, out = exported
    audit = Audit()
    audit.feed(out["html"])
    links = [
        v for tag, name, v in audit.attrs if tag == "a" and name == "href" and not v.startswith("#")
    ]  # type: ignore[union-attr]
    assert links == ["https://example.org/fine?a=1&b=2"]


def test_markdown_escapes_html_and_keeps_tables_whole(exported: tuple[str, dict[str, str]]) -> None:
    """Every `<` in the Markdown is escaped, a line break or a safe link, and every table
    row has as many cell separators as its heading."""
    _, out = exported
    md = out["md"]
    for match in re.finditer(r"(?<!\\)<", md):
        rest = md[match.start() : match.start() + 8]
        assert rest.startswith(("<br>", "<https:", "<http:")), rest
    separators = None
    for line in md.splitlines():
        if line.startswith("|"):
            count = len(re.findall(r"(?<!\\)\|", line))
            separators = separators or count
            assert count == separators, line[:200]
        else:
            separators = None


@pytest.mark.parametrize("fmt", ["csv", "ip"])
def test_csv_cells_cannot_run_as_formulas(exported: tuple[str, dict[str, str]], fmt: str) -> None:
    """The session CSV and the improvement plan CSV: no cell starts like a formula."""
    _, out = exported
    rows = list(csv.reader(io.StringIO(out[fmt], newline="")))
    assert len(rows) > 1
    for row in rows[1:]:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", cell[:60]


def test_json_keeps_the_text_exactly(exported: tuple[str, dict[str, str]]) -> None:
    text, out = exported
    doc = json.loads(out["json"])
    notes = [e["text"] for e in doc["events"] if e["kind"] == "note"]
    assert notes == [text.strip()] * 4  # a note of each tag, and a strength naming an objective


TERMINAL = "\x1b]0;pwned\x07 \x1b[31mred\x9b \u202eevil\u2066 \x00nul\x7f \x0bv"
"""Escape sequences, a bell, C0 and C1 controls, bidi controls: what a participant (or
an edited journal) can put in a text, which no export may carry to a screen."""


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv", "ip"])
def test_no_control_character_reaches_an_export(fmt: str) -> None:
    """Given a session whose every participant text holds control characters, when it is
    exported, then the export holds none (JSON writes them as escapes), and the text
    around them is still there."""
    scenario = hostile_scenario("plain")
    session = hostile_session(scenario, TERMINAL)
    header = {"format": "tabletop-session", "version": 2, "seed": 3, "scenario": {"id": "mini"}}
    out = render(fmt, header, session.events, scenario, journal="s.jsonl")
    found = sorted({f"U+{ord(ch):04X}" for ch in out if ch in UNSAFE and ch != "\r"})
    assert found == []
    assert "evil" in out
