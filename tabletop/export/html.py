"""The after-action report as one standalone HTML file.

The page is rendered by Jinja2 with autoescaping on, from `templates/report.html.j2`:
every text from the scenario or a participant is escaped by the template engine, the
charts are inline SVG drawn by the same template (their labels escaped the same way),
and this module only computes numbers (chart geometry) and plain data. There are no
scripts and no external assets; a Content-Security-Policy meta tag forbids both
anyway, and the stylesheet (with an `@media print` part) is inline.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from tabletop.engine.wording import method_name, plural, weight_text
from tabletop.export.model import Report, TrackSeries
from tabletop.export.text import format_date, format_value, paragraphs

CHART_WIDTH = 640
CHART_HEIGHT = 200
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 80, 24, 16, 40


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    """The column it belongs to ("Start", "Turn 2")."""
    value: str
    """The value as shown in the point's tooltip."""


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    track: TrackSeries
    width: int
    height: int
    points: tuple[Point, ...]
    polyline: str
    """The `points` attribute of the line: numbers only."""
    ticks: tuple[Tick, ...]
    xlabels: tuple[tuple[float, str], ...]
    left: int
    right: int
    top: int
    bottom: int


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def chart(track: TrackSeries, columns: tuple[str, ...]) -> Chart | None:
    """The geometry of one number track's line chart, or None when there is nothing to draw."""
    if track.type != "number":
        return None
    numbers = [_number(v) for v in track.values]
    present = [v for v in numbers if v is not None]
    if not present:
        return None
    low = track.min if track.min is not None else min(present)
    high = track.max if track.max is not None else max(present)
    low = min(low, *present)
    high = max(high, *present)
    if high == low:
        low, high = low - 1, high + 1
    left, right = PAD_LEFT, CHART_WIDTH - PAD_RIGHT
    top, bottom = PAD_TOP, CHART_HEIGHT - PAD_BOTTOM
    count = len(numbers)

    def x_at(i: int) -> float:
        if count == 1:
            return round((left + right) / 2, 1)
        return round(left + (right - left) * i / (count - 1), 1)

    def y_at(v: float) -> float:
        return round(bottom - (bottom - top) * (v - low) / (high - low), 1)

    points = tuple(
        Point(x_at(i), y_at(v), columns[i] if i < len(columns) else "", format_value(v, track.unit))
        for i, v in enumerate(numbers)
        if v is not None
    )
    mid = (low + high) / 2
    ticks = tuple(Tick(y_at(v), format_value(_tidy(v))) for v in (high, mid, low))
    short = [("Start" if i == 0 else f"T{i}") for i in range(count)]
    step = max(1, (count + 11) // 12)
    xlabels = tuple((x_at(i), short[i]) for i in range(count) if i % step == 0 or i == count - 1)
    polyline = " ".join(f"{p.x:g},{p.y:g}" for p in points)
    return Chart(
        track, CHART_WIDTH, CHART_HEIGHT, points, polyline, ticks, xlabels, left, right, top, bottom
    )


def _tidy(value: float) -> float | int:
    if value.is_integer():
        return int(value)
    return round(value, 2)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment: package templates, autoescape always on, strict undefined."""
    env = Environment(
        loader=PackageLoader("tabletop.export", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["value"] = format_value
    env.filters["weight"] = weight_text
    env.filters["date"] = format_date
    env.filters["method"] = method_name
    env.filters["plural"] = plural
    env.filters["paragraphs"] = paragraphs
    env.filters["sentence"] = lambda text: str(text)[:1].upper() + str(text)[1:]
    return env


def render_html(report: Report) -> str:
    charts = [c for c in (chart(t, report.columns) for t in report.tracks) if c is not None]
    sides: dict[str, int] = {}
    for actor in report.actors:
        sides.setdefault(actor.side or actor.id, len(sides) % 6)
    side_of = {a.id: sides[a.side or a.id] for a in report.actors}
    template = environment().get_template("report.html.j2")
    return template.render(
        r=report, o=report.overview, e=report.evaluation, charts=charts, side_of=side_of
    )
