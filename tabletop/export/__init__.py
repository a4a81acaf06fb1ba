"""Exports of a session: the after-action report (Markdown, HTML) and the data (JSON, CSV).

`render(fmt, header, events, scenario)` is pure: from a journal's header and events and
the compiled scenario to the text of one format. The Markdown, HTML and JSON exports
and the improvement plan (`ip`, CSV) are all rendered from one report model
(`tabletop.export.model`, built by `tabletop.export.report`); CSV is one flat row per
event. Only the command line (`tabletop.cli.export`) touches files. See docs/exports.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tabletop.engine.audience import FACILITATOR, redact_header, view
from tabletop.engine.wording import printable_block
from tabletop.export.model import ExportError, Report
from tabletop.export.report import build_report
from tabletop.scenario.compiled import CompiledScenario

FORMATS = {"md": ".md", "html": ".html", "json": ".json", "csv": ".csv", "ip": ".ip.csv"}
"""The export formats and the file extension of each (`ip`: the improvement plan, CSV)."""

__all__ = ["FORMATS", "ExportError", "Report", "build_report", "render"]


def render(
    fmt: str,
    header: Mapping[str, Any],
    events: Sequence[Mapping[str, Any]],
    scenario: CompiledScenario,
    *,
    journal: str | None = None,
    audience: str = FACILITATOR,
) -> str:
    """The session exported as `fmt` ("md", "html", "json", "csv" or "ip") for `audience`.

    `journal` is the journal's path or name, shown in the report's overview. For any
    audience but the facilitator, the export is made from that audience's view
    (`engine.audience.view`): its events, its scenario, its header, and nothing else.
    Raises ExportError when the events cannot be made into a report, ValueError for an
    unknown format, UnknownAudience for an unknown audience.
    """
    if audience != FACILITATOR:
        seen = view(scenario, events, audience, header=header)
        assert seen.scenario is not None
        header, events, scenario = redact_header(header, audience), seen.events, seen.scenario
        journal = None
    if fmt == "csv":
        from tabletop.export.csv_export import render_csv

        return render_csv(header, events, scenario)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format '{fmt}' (formats: {', '.join(FORMATS)})")
    report = build_report(header, events, scenario, journal=journal)
    if fmt == "md":
        from tabletop.export.markdown import render_markdown

        return printable_block(render_markdown(report))  # every text cell, in one pass
    if fmt == "html":
        from tabletop.export.html import render_html

        return printable_block(render_html(report))  # as the Markdown: no control character
    if fmt == "ip":
        from tabletop.export.ip_export import render_ip

        return printable_block(render_ip(report))
    from tabletop.export.json_export import render_json

    return render_json(report, header, events, scenario, journal=journal)
