"""What a simulation found: the JSON report, the balance warnings, and the human table.

`build_report` turns the runs (in run order) into plain data that depends only on the
scenario, the number of runs and the master seed; `format_report` renders that data as
text for a terminal. docs/simulation.md documents the shape.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

from tabletop.sim.runner import Simulation
from tabletop.sim.stats import mean, nearest_rank, percentile, wilson_interval
from tabletop.sim.worker import NO_ENDING

FORMAT_NAME = "tabletop-simulation"
FORMAT_VERSION = 1
DOMINANT = 0.95
"""An outcome that takes more than this share of the runs gets a balance warning."""
TOP_MOVES = 5
"""How many moves `impact` lists per outcome."""
NO_ENDING_TITLE = "No ending (the calendar ran out)"


def min_group(runs: int) -> int:
    """The fewest runs with (and without) a move for it to be ranked in `impact`."""
    return max(10, runs // 100)


def _num(value: float, digits: int = 6) -> float | int | None:
    """A number for the report: rounded, whole values as ints, non-finite as null."""
    value = float(value)
    if not math.isfinite(value):
        return None
    value = round(value, digits)
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value + 0.0  # no -0.0


def build_report(sim: Simulation) -> dict[str, Any]:
    """The simulation report as plain, JSON-ready data."""
    scenario, layout, runs = sim.scenario, sim.layout, sim.runs
    counts = Counter(sim.endings)
    titles = {e.model.id: e.model.title for e in scenario.endings}
    titles[NO_ENDING] = NO_ENDING_TITLE
    outcomes: dict[str, Any] = {}
    for i, outcome in enumerate(layout.outcomes):
        count = counts.get(i, 0)
        if outcome == NO_ENDING and not count:
            continue
        low, high = wilson_interval(count, runs)
        outcomes[outcome] = {
            "title": titles[outcome],
            "count": count,
            "share": _num(count / runs),
            "interval": [_num(low), _num(high)],
        }
    report: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "scenario": {"id": scenario.id, "title": scenario.title, "sha256": scenario.sha256},
        "runs": runs,
        "seed": sim.seed,
        "confidence": 0.95,
        "outcomes": outcomes,
        "turns": _turns(sim),
        "scores": _scores(sim),
        "tracks": _tracks(sim),
    }
    moves, impact = _moves(sim, counts)
    report["moves"] = moves
    report["impact"] = impact
    report["warnings"] = balance_warnings(outcomes, runs)
    return report


def _turns(sim: Simulation) -> dict[str, Any]:
    turns = sorted(sim.turns)
    return {
        "mean": _num(mean(turns)),
        "min": turns[0],
        "p5": _num(percentile(turns, 0.05)),
        "p95": _num(percentile(turns, 0.95)),
        "max": turns[-1],
        "of": len(sim.scenario.turns),
        "counts": {str(t): n for t, n in sorted(Counter(turns).items())},
    }


def _scores(sim: Simulation) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for (actor, objective), column in zip(sim.layout.score_columns, sim.scores, strict=True):
        if objective is None:
            out[actor] = {
                "name": sim.scenario.actors[actor].name,
                "mean": _num(mean(column)),
                "objectives": {},
            }
        else:
            out[actor]["objectives"][objective] = _num(mean(column))
    return out


def _tracks(sim: Simulation) -> dict[str, Any]:
    out: dict[str, Any] = {}
    layout = sim.layout
    for i, track_id in enumerate(layout.tracks):
        track = sim.scenario.tracks[track_id]
        column = sorted(sim.tracks[i])
        entry: dict[str, Any] = {
            "label": track.label,
            "type": track.type,
            "mean": _num(mean(column)),
        }
        kind = layout.track_types[i]
        if kind == "number":
            entry.update(
                p5=_num(percentile(column, 0.05)),
                p95=_num(percentile(column, 0.95)),
                min=_num(column[0]),
                max=_num(column[-1]),
            )
        elif kind == "flag":
            entry.update(
                p5=nearest_rank(column, 0.05) == 1.0,
                p95=nearest_rank(column, 0.95) == 1.0,
                counts={
                    "true": sum(1 for v in column if v),
                    "false": sum(1 for v in column if not v),
                },
            )
        else:
            levels = layout.levels[i]
            found = Counter(int(v) for v in column)
            entry.update(
                p5=levels[int(nearest_rank(column, 0.05))],
                p95=levels[int(nearest_rank(column, 0.95))],
                counts={level: found.get(j, 0) for j, level in enumerate(levels)},
            )
        out[track_id] = entry
    return out


def _moves(sim: Simulation, counts: Counter[int]) -> tuple[dict[str, Any], dict[str, Any]]:
    layout, runs = sim.layout, sim.runs
    shown = [(i, o) for i, o in enumerate(layout.outcomes) if o != NO_ENDING or counts.get(i)]
    moves: dict[str, Any] = {}
    candidates: dict[str, list[tuple[float, int, dict[str, Any]]]] = {o: [] for _, o in shown}
    least = min_group(runs)
    for m, move_id in enumerate(layout.moves):
        move = sim.scenario.moves[move_id]
        row = sim.played[m]
        played = sum(row)
        per_outcome: dict[str, Any] = {}
        for k, outcome in shown:
            with_ = row[k] / played if played else None
            without = (counts.get(k, 0) - row[k]) / (runs - played) if played < runs else None
            difference = with_ - without if with_ is not None and without is not None else None
            per_outcome[outcome] = {
                "with": None if with_ is None else _num(with_),
                "without": None if without is None else _num(without),
                "difference": None if difference is None else _num(difference),
            }
            if difference is not None and min(played, runs - played) >= least:
                candidates[outcome].append(
                    (
                        -abs(difference),
                        m,
                        {
                            "move": move_id,
                            "actor": move.model.actor,
                            "label": move.model.label,
                            "played": played,
                            **per_outcome[outcome],
                        },
                    )
                )
        moves[move_id] = {
            "actor": move.model.actor,
            "label": move.model.label,
            "played": played,
            "share": _num(played / runs),
            "outcomes": per_outcome,
        }
    impact = {
        outcome: [entry for _, _, entry in sorted(found, key=lambda c: (c[0], c[1]))[:TOP_MOVES]]
        for outcome, found in candidates.items()
    }
    return moves, impact


def balance_warnings(outcomes: dict[str, Any], runs: int) -> list[dict[str, Any]]:
    """Outcomes never reached, and an outcome that takes more than 95% of the runs."""
    warnings: list[dict[str, Any]] = []
    for outcome, entry in outcomes.items():
        name = f"'{outcome}' ({entry['title']})" if outcome != NO_ENDING else NO_ENDING_TITLE
        if entry["count"] == 0:
            high = entry["interval"][1]
            warnings.append(
                {
                    "kind": "unreachable",
                    "outcome": outcome,
                    "share": 0,
                    "message": (
                        f"ending {name} was reached in none of {runs:,} runs "
                        f"(its share is at most {_percent(high)} by the 95% interval): "
                        "check its condition and the moves that lead to it"
                    ),
                }
            )
        elif entry["share"] > DOMINANT:
            what = f"ending {name}" if outcome != NO_ENDING else name
            warnings.append(
                {
                    "kind": "dominant",
                    "outcome": outcome,
                    "share": entry["share"],
                    "message": (
                        f"{what} takes {_percent(entry['share'])} of {runs:,} runs "
                        f"(more than {DOMINANT:.0%}): the other outcomes hardly get a chance"
                    ),
                }
            )
    return warnings


def dumps(report: dict[str, Any]) -> str:
    """The report as JSON text: stable key order, UTF-8 kept, one trailing newline."""
    return json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# ---------------------------------------------------------------- human output


def _percent(share: float | None, digits: int = 1) -> str:
    if share is None:
        return "–"
    return f"{100 * share:.{digits}f}%"


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:.2f}"
    return str(value)


def _table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = []
    for row in [header, *rows]:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        out.append("  " + "  ".join(cells).rstrip())
    return out


def format_report(report: dict[str, Any]) -> str:
    """The report as a readable text table."""
    scenario = report["scenario"]
    runs = report["runs"]
    lines = [
        f"{scenario['title']} ({scenario['id']}): {runs:,} runs, master seed {report['seed']}",
        "",
        "Outcomes",
    ]
    rows = []
    for outcome, entry in report["outcomes"].items():
        low, high = entry["interval"]
        rows.append(
            [
                entry["title"],
                outcome,
                f"{entry['count']:,}",
                _percent(entry["share"]),
                f"{_percent(low)} – {_percent(high)}",
            ]
        )
    lines += _table(["Outcome", "id", "Runs", "Share", "95% interval"], rows, {2, 3})

    turns = report["turns"]
    lines += [
        "",
        f"Turns played (of {turns['of']}): mean {_fmt(float(turns['mean']))}, "
        f"5th–95th percentile {_fmt(turns['p5'])}–{_fmt(turns['p95'])}, "
        f"range {turns['min']}–{turns['max']}",
    ]

    lines += ["", "Mean score"]
    rows = []
    for entry in report["scores"].values():
        objectives = ", ".join(f"{k} {_fmt(float(v))}" for k, v in entry["objectives"].items())
        rows.append([entry["name"], _fmt(float(entry["mean"])), objectives])
    lines += _table(["Actor", "Total", "Objectives"], rows, {1})

    if report["tracks"]:
        lines += ["", "Tracks at the end"]
        rows = []
        for entry in report["tracks"].values():
            if entry["type"] == "number":
                mean_text = _fmt(float(entry["mean"])) if entry["mean"] is not None else "–"
                rows.append([entry["label"], mean_text, _fmt(entry["p5"]), _fmt(entry["p95"])])
            elif entry["type"] == "flag":
                share = entry["counts"]["true"] / runs
                rows.append(
                    [
                        entry["label"],
                        f"{_percent(share)} true",
                        _fmt(entry["p5"]),
                        _fmt(entry["p95"]),
                    ]
                )
            else:
                common = max(entry["counts"].items(), key=lambda kv: kv[1])
                rows.append(
                    [
                        entry["label"],
                        f"{common[0]} ({_percent(common[1] / runs)})",
                        entry["p5"],
                        entry["p95"],
                    ]
                )
        lines += _table(["Track", "Mean (or mode)", "5%", "95%"], rows, {1, 2, 3})

    impact = {o: found for o, found in report["impact"].items() if found}
    if impact:
        lines += [
            "",
            "Moves that most change the odds "
            "(share of the outcome in runs with the move vs without)",
        ]
        for outcome, found in impact.items():
            lines.append(f"  {report['outcomes'][outcome]['title']}:")
            rows = []
            for entry in found:
                rows.append(
                    [
                        f"{entry['actor']}: {entry['label']}",
                        _percent(entry["played"] / runs, 0),
                        _percent(entry["with"]),
                        _percent(entry["without"]),
                        f"{100 * entry['difference']:+.1f} pts",
                    ]
                )
            header = ["Move", "Played in", "With", "Without", "Change"]
            lines += ["  " + line for line in _table(header, rows, {1, 2, 3, 4})]

    if report["warnings"]:
        lines += ["", "Balance warnings"]
        lines += [f"  warning: {w['message']}" for w in report["warnings"]]
    return "\n".join(lines) + "\n"
