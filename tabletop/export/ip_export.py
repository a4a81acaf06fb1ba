"""The improvement plan as CSV, for tracking corrective actions in a spreadsheet.

One row per item of the plan in effect, in item order, with the objective it serves,
its rating, the capability, the issue, the corrective action, the owner and the due
date (YYYY-MM-DD). Written with the csv module (RFC 4180 quoting, `\\r\\n` line ends);
every text cell goes through the formula-injection guard (`tabletop.export.csvsafe`).
"""

from __future__ import annotations

import csv
import io

from tabletop.export.csvsafe import guard
from tabletop.export.model import Report

COLUMNS = (
    "item",
    "objective",
    "objective_description",
    "rating",
    "capability",
    "issue",
    "corrective_action",
    "owner",
    "due",
)
"""The columns of the improvement plan CSV, in order."""


def render_ip(report: Report) -> str:
    """The improvement plan CSV: a heading row, then one row per item."""
    ratings = {o.id: o.rating or "" for o in report.evaluation.objectives}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in report.evaluation.improvements:
        writer.writerow(
            [
                str(item.item),
                *map(
                    guard,
                    (
                        item.objective,
                        item.objective_text,
                        ratings.get(item.objective, ""),
                        item.capability,
                        item.issue,
                        item.action,
                        item.owner,
                    ),
                ),
                item.due,
            ]
        )
    return buffer.getvalue()
