"""What a simulation found: the JSON report, the balance warnings, and the human table.

`build_report` turns the runs (in run order) into plain data that depends only on the
scenario, the number of runs and the master seed; `format_report` renders that data as
text for a terminal. docs/simulation.md documents the shape.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tabletop.engine.expr_words import actor_maximum, objective_maximum
from tabletop.engine.wording import (
    decimal_text,
    one_line,
    score_text,
    weight_text,
)
from tabletop.sim.runner import Simulation
from tabletop.sim.stats import (
    difference_interval,
    mean,
    mean_difference,
    mean_interval,
    nearest_rank,
    paired_difference,
    percentile,
    wilson_interval,
)
from tabletop.sim.worker import ANSWER_KINDS, NO_ENDING

if TYPE_CHECKING:
    from tabletop.scenario.compiled import CompiledScenario

FORMAT_NAME = "tabletop-simulation"
FORMAT_VERSION = 1
DOMINANT = 0.95
"""An outcome that takes more than this share of the runs gets a balance warning."""
TOP_MOVES = 5
"""How many moves `impact` lists per outcome."""
NO_ENDING_TITLE = "No ending (the calendar ran out)"
DEAD = 0.01
"""A move declared in fewer than this share of the runs gets a `dead` warning."""
MATERIAL = 0.01
"""A move is `dominated` only when it costs its actor at least this share of the actor's
best possible score (the sum of its objectives' weights): with thousands of paired runs
even a negligible loss is statistically clear, and a heuristic that flags every move is
no help."""
EARLY = 0.01
"""An ending reached in the first third of the calendar in more than this share of the
runs gets an `early` warning."""
TOP_EFFECTS = 10
"""How many moves the human table lists per ending under Effects."""
FEW_RUNS = 30
"""A share measured on fewer runs than this is marked `*` in the human report's moves
seen with each outcome (the runs with a move, or without it): its 95% interval may be
±18 points or wider (the Wilson interval of 15 in 30 is 33%–67%)."""
MINUS = "−"
"""The minus sign (U+2212) of the human report; the JSON keeps plain numbers."""


def _runs(runs: int) -> str:
    """`2,000 runs`, `1 run`."""
    return f"{runs:,} run" + ("" if runs == 1 else "s")


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
            "early": sum(
                1
                for e, t in zip(sim.endings, sim.turns, strict=True)
                if e == i and t <= early_turn(sim)
            ),
            "scores": _scores_by_ending(sim, i, count),
        }
    report: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "scenario": {"id": scenario.id, "title": scenario.title, "sha256": scenario.sha256},
        "variant": sim.variant.describe(),
        "runs": runs,
        "seed": sim.seed,
        "confidence": 0.95,
        "outcomes": outcomes,
        "turns": _turns(sim),
        "scores": _scores(sim),
        "tracks": _tracks(sim),
    }
    if sim.answers:
        report["answers"] = _answers(sim)
    moves, impact = _moves(sim, counts)
    report["moves"] = moves
    report["impact"] = impact
    if sim.paired is not None:
        report["effects"] = _effects(sim, outcomes)
    report["warnings"] = balance_warnings(outcomes, runs, sim=sim, moves=moves)
    return report


def _answers(sim: Simulation) -> dict[str, Any]:
    """Per offer move and addressee: how often each answer was given to the move's first
    offer, and the share of each ending among the runs with that answer."""
    layout = sim.layout
    out: dict[str, Any] = {}
    for (move, actor), rows in zip(layout.offers, sim.answers, strict=True):
        entry: dict[str, Any] = {}
        for answer, row in zip(ANSWER_KINDS, rows, strict=True):
            total = sum(row)
            if not total:
                continue
            entry[answer] = {
                "runs": total,
                "share": _num(total / sim.runs),
                "endings": {
                    outcome: _num(count / total)
                    for outcome, count in zip(layout.outcomes, row, strict=True)
                    if count
                },
            }
        out.setdefault(move, {})[actor] = entry
    return out


def early_turn(sim: Simulation) -> int:
    """The last turn of the calendar's first third: an ending by then is `early` (0, so
    never, for a calendar of fewer than three turns)."""
    return len(sim.scenario.turns) // 3


def _scores_by_ending(sim: Simulation, index: int, count: int) -> dict[str, Any]:
    """Each actor's mean total score over the runs with this ending (null in none)."""
    out: dict[str, Any] = {}
    for (actor, objective), column in zip(sim.layout.score_columns, sim.scores, strict=True):
        if objective is None:
            picked = [v for v, e in zip(column, sim.endings, strict=True) if e == index]
            out[actor] = _num(mean(picked)) if count else None
    return out


def _effects(sim: Simulation, outcomes: dict[str, Any]) -> dict[str, Any]:
    """effects.<move>.<ending> = {delta, low, high}: the change in the ending's share that
    the move's availability causes, from the runs paired with and without it."""
    layout = sim.layout
    index = {o: i for i, o in enumerate(layout.outcomes)}
    out: dict[str, Any] = {}
    for move in layout.moves:
        if sim.paired is None or move not in sim.paired:
            continue
        banned = sim.banned_endings(move)
        cells: dict[str, Any] = {}
        for outcome in outcomes:
            k = index[outcome]
            tally = [0, 0, 0, 0]  # both, with only, banned only, neither
            for a, b in zip(sim.endings, banned, strict=True):
                tally[_cell(a == k, b == k)] += 1
            delta, low, high = paired_difference(*tally)
            cells[outcome] = {
                "delta": _num(delta),
                "low": _num(low),
                "high": _num(high),
                "only_with": tally[1],
                "only_without": tally[2],
            }
        out[move] = cells
    return out


def _cell(with_: bool, without: bool) -> int:
    """The tally slot of one pair: 0 both, 1 with the move only, 2 banned only, 3 neither."""
    if with_:
        return 0 if without else 1
    return 2 if without else 3


def _score_effect(sim: Simulation, move: str) -> tuple[float, float, float] | None:
    """The change in the move's own actor's mean total that the move's availability causes."""
    if sim.paired is None or move not in sim.paired:
        return None
    actor = sim.scenario.moves[move].model.actor
    if actor not in sim.layout.actors:
        return None
    a = sim.layout.actors.index(actor)
    column = sim.scores[sim.layout.score_columns.index((actor, None))]
    return mean_difference(column, sim.banned_totals(move, a))


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
            low, high = mean_interval(column)
            out[actor] = {
                "name": sim.scenario.actors[actor].name,
                "mean": _num(mean(column)),
                "interval": [_num(low), _num(high)],
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
        kind = layout.track_types[i]
        if kind == "flag":  # the mean is the share of runs ending true: a proportion
            low, high = wilson_interval(sum(1 for v in column if v), len(column))
        else:
            low, high = mean_interval(column)
        entry: dict[str, Any] = {
            "label": track.label,
            "type": track.type,
            "mean": _num(mean(column)),
            "interval": [_num(low), _num(high)],
        }
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
            interval = None
            if with_ is not None and without is not None:
                difference, low, high = difference_interval(
                    row[k], played, counts.get(k, 0) - row[k], runs - played
                )
                interval = [_num(low), _num(high)]
            per_outcome[outcome] = {
                "with": None if with_ is None else _num(with_),
                "without": None if without is None else _num(without),
                "difference": None if interval is None else _num(difference),
                "interval": interval,
            }
            # a difference of nothing (an ending neither group reached, or both equally)
            # is no association: it is not ranked among the moves seen with the outcome
            if per_outcome[outcome]["difference"] and min(played, runs - played) >= least:
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
        if sim.paired is not None:
            flag = 1 << m
            moves[move_id]["considered"] = sum(1 for mask in sim.considered if mask & flag)
            effect = _score_effect(sim, move_id)
            moves[move_id]["score_effect"] = (
                None
                if effect is None
                else {"delta": _num(effect[0]), "low": _num(effect[1]), "high": _num(effect[2])}
            )
    impact = {
        outcome: [entry for _, _, entry in sorted(found, key=lambda c: (c[0], c[1]))[:TOP_MOVES]]
        for outcome, found in candidates.items()
    }
    return moves, impact


def balance_warnings(
    outcomes: dict[str, Any],
    runs: int,
    *,
    sim: Simulation | None = None,
    moves: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The balance warnings of docs/simulation.md, in a fixed order.

    From the outcomes alone: `unreachable` and `dominant`. With the simulation and the
    moves section: `early` endings, `dead` moves, endings that pay an actor `against`
    its stated interests and, when effects were measured, `dominated` moves.
    """
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
                    "interval": entry["interval"],
                    "message": (
                        f"ending {name} was reached in none of {_runs(runs)} "
                        f"(its share is at most {_percent(high)} by the 95% interval): "
                        "check its condition and the moves that lead to it"
                    ),
                }
            )
        elif entry["share"] > DOMINANT:
            what = f"ending {name}" if outcome != NO_ENDING else name
            low, high = entry["interval"]
            conclusive, evidence = _evidence(low, high, DOMINANT, runs, above=True)
            warnings.append(
                {
                    "kind": "dominant",
                    "outcome": outcome,
                    "share": entry["share"],
                    "interval": entry["interval"],
                    "conclusive": conclusive,
                    "message": (
                        f"{what} takes {_percent(entry['share'])} of {_runs(runs)} "
                        f"(more than {DOMINANT:.0%}; {evidence}): the other outcomes "
                        f"{'hardly get' if conclusive else 'may hardly get'} a chance"
                    ),
                }
            )
    if sim is None or moves is None:
        return warnings
    last = early_turn(sim)
    for outcome, entry in outcomes.items():
        early = entry.get("early", 0)
        if outcome != NO_ENDING and early > EARLY * runs:
            low, high = wilson_interval(early, runs)
            conclusive, evidence = _evidence(low, high, EARLY, runs, above=True)
            warnings.append(
                {
                    "kind": "early",
                    "outcome": outcome,
                    "share": _num(early / runs),
                    "interval": [_num(low), _num(high)],
                    "conclusive": conclusive,
                    "message": (
                        f"ending '{outcome}' ({entry['title']}) came by turn {last} (the first "
                        f"third of the calendar) in {early:,} of {_runs(runs)} "
                        f"({_percent(early / runs)}; {evidence}): the crisis "
                        f"{'ends' if conclusive else 'may end'} before it is played"
                    ),
                }
            )
    warnings += _against_interests(sim, outcomes)
    for move_id, entry in moves.items():
        if move_id in sim.variant.bans:
            continue
        if entry["played"] < DEAD * runs:
            considered = entry.get("considered")
            could = (
                ""
                if considered is None
                else f"; the computer could have drawn it in {considered:,}"
            )
            low, high = wilson_interval(entry["played"], runs)
            conclusive, evidence = _evidence(low, high, DEAD, runs, above=False)
            warnings.append(
                {
                    "kind": "dead",
                    "move": move_id,
                    "share": entry["share"],
                    "interval": [_num(low), _num(high)],
                    "conclusive": conclusive,
                    "message": (
                        f"move '{move_id}' ({entry['actor']}: {entry['label']}) was declared in "
                        f"{entry['played']:,} of {_runs(runs)} ({_percent(entry['share'])}; "
                        f"{evidence}){could}: check its precondition, limit and doctrine"
                    ),
                }
            )
        effect = entry.get("score_effect")
        best = sum(o.weight for o in sim.scenario.objectives.get(entry["actor"], ()))
        if (
            effect is not None
            and effect["high"] is not None
            and runs >= min_group(runs)  # a few pairs prove nothing of a mean
            and effect["high"] < 0
            and -effect["delta"] >= MATERIAL * best
        ):
            actor = entry["actor"]
            why = sim.scenario.moves[move_id].model.costly
            message = (
                f"move '{move_id}' ({actor}: {entry['label']}) lowers {actor}'s mean score by "
                f"{decimal_text(-effect['delta'], 2)} (95% interval "
                f"{decimal_text(-effect['high'], 2)} to {decimal_text(-effect['low'], 2)}) "
                "against the runs without it"
            )
            warnings.append(
                {
                    "kind": "costly" if why else "dominated",
                    "move": move_id,
                    "delta": effect["delta"],
                    "message": (
                        f"{message}; the scenario says why: {why}"
                        if why
                        else f"{message}: its actor does better never making it"
                    ),
                }
            )
    return warnings


def _against_interests(sim: Simulation, outcomes: dict[str, Any]) -> list[dict[str, Any]]:
    """Endings marked bad for an actor (`bad_for`) in which it scores more, on average,
    than in an ending not bad for it; both with at least `min_group` runs."""
    least = min_group(sim.runs)
    out: list[dict[str, Any]] = []
    for ending in sim.scenario.endings:
        model = ending.model
        entry = outcomes.get(model.id)
        if entry is None or entry["count"] < least:
            continue
        for actor in model.bad_for:
            score = entry["scores"].get(actor)
            if score is None:
                continue
            better = [
                (other.model.id, outcomes[other.model.id]["scores"][actor])
                for other in sim.scenario.endings
                if actor not in other.model.bad_for
                and outcomes.get(other.model.id, {}).get("count", 0) >= least
                and outcomes[other.model.id]["scores"].get(actor) is not None
                and outcomes[other.model.id]["scores"][actor] < score
            ]
            if not better:
                continue
            worst = min(better, key=lambda b: b[1])
            out.append(
                {
                    "kind": "against",
                    "outcome": model.id,
                    "actor": actor,
                    "message": (
                        f"ending '{model.id}' ({model.title}) is marked bad for {actor}, yet "
                        f"{actor} scores {decimal_text(score, 2)} in it on average against "
                        f"{decimal_text(worst[1], 2)} in "
                        f"'{worst[0]}': the scoring pays it against its stated interests"
                    ),
                }
            )
    return out


def dumps(report: dict[str, Any]) -> str:
    """The report as JSON text: stable key order, UTF-8 kept, one trailing newline."""
    return json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# ---------------------------------------------------------------- human output


def _evidence(
    low: float, high: float, threshold: float, runs: int, *, above: bool
) -> tuple[bool, str]:
    """Whether a share's 95% interval lies wholly beyond a warning's threshold (above it,
    or below it), and the words that say so: a warning from 30 runs must not read like one
    from 30,000. (True, `95% interval 96.1% – 97.4%, all above 95%`) or (False, `95%
    interval 83.3% – 99.4%, reaching below 95%: 30 runs are too few to be sure`)."""
    interval = f"95% interval {_percent(low)} – {_percent(high)}"
    beyond, short = ("above", "below") if above else ("below", "above")
    if (low > threshold) if above else (high < threshold):
        return True, f"{interval}, all {beyond} {threshold:.0%}"
    return False, (
        f"{interval}, reaching {short} {threshold:.0%}: {_runs(runs)} "
        f"{'is' if runs == 1 else 'are'} too few to be sure"
    )


def _percent(share: float | None, digits: int = 1) -> str:
    """`12.5%`: a share as a percentage, rounded as the JSON's number reads (0.2965 is
    29.7%, half up, `decimal_text`); with more digits where fewer would print a share that
    is not nothing as 0.0% (3 runs of 10,000: 0.03%) or one that is not all as 100.0%."""
    if share is None:
        return "–"
    value = _hundred(share)
    return _minus(decimal_text(value, _enough_digits(value, digits)) + "%")


def _hundred(share: float) -> float:
    """100 × share, computed on the number as it reads (0.0565 → 5.65, not 5.6499…)."""
    return float(Decimal(repr(float(share))) * 100)


def _enough_digits(value: float, digits: int) -> int:
    """The fewest digits from `digits` (up to 4) that keep a value that is not 0 (or not
    ±100) from printing as 0 (or ±100): an interval's end at 0.0384% is not 0.0%."""
    while digits < 4 and (
        (value != 0 and float(decimal_text(abs(value), digits)) == 0)
        or (abs(value) != 100 and float(decimal_text(abs(value), digits)) == 100)
    ):
        digits += 1
    return digits


def _points(share: float) -> str:
    """`+12.5 pts`, `−3.0 pts`: a change in percentage points, with its sign."""
    return _signed(share) + " pts"


def _signed(share: float, digits: int = 1) -> str:
    """`+12.5`, `−3.0`: a share in percentage points with its sign, the minus a true
    minus (`+0.04` rather than `+0.0` for a value that is not nothing)."""
    value = _hundred(share)
    text = decimal_text(value, _enough_digits(value, digits))
    return _minus(text if text.startswith("-") else "+" + text)


def _minus(text: str) -> str:
    """The hyphen-minus of a formatted number (`-3.0`) as the minus sign (`−3.0`)."""
    return text.replace("-", MINUS)


_HYPHEN_MINUS = re.compile(r"(?<![\w.])-(?=\d)")


def _minus_in(text: str) -> str:
    """A message's negative numbers with the minus sign (`-0.5` → `−0.5`); a hyphen
    inside a word or a name (COVID-19) stays."""
    return _HYPHEN_MINUS.sub(MINUS, text)


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return _minus(f"{value:,}")
    if isinstance(value, float):  # rounded half up as the JSON's number reads
        if abs(value) >= 1000:
            return _minus(f"{Decimal(decimal_text(value, 0)):,}")
        return _minus(decimal_text(value, 2))
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


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _actor_name(report: dict[str, Any], actor: str) -> str:
    """An actor as the report's reader knows it: by name (the id only in the JSON)."""
    entry = report["scores"].get(actor)
    return str(entry["name"]) if entry else actor


def _effect_lines(report: dict[str, Any]) -> list[str]:
    """Per ending, the moves whose availability changes its share most (interval clear of 0)."""
    effects = report["effects"]
    moves = report["moves"]
    lines = [
        "",
        "Effects of each move (paired runs on the same seeds, with the move available vs banned)",
        "  change in the ending's share caused by the move being available, with 95% interval;",
        f"  per ending, up to {TOP_EFFECTS} moves whose interval excludes zero, largest first",
    ]
    tested = sum(
        1
        for cells in effects.values()
        for cell in cells.values()
        if cell.get("only_with", 1) or cell.get("only_without", 1)
    )
    if tested:
        lines.append(
            f"  ({tested:,} of the intervals rest on pairs that ended differently; if no move "
            f"changed anything, about {round(tested * 0.05):,}"
        )
        lines.append(
            "  of those would still exclude zero, by chance alone: confirm a small effect with "
            "more runs)"
        )
    for outcome, entry in report["outcomes"].items():
        found = []
        for move_id, cells in effects.items():
            cell = cells.get(outcome)
            if cell is None or (cell["low"] <= 0 <= cell["high"]):
                continue
            found.append((-abs(cell["delta"]), move_id, cell))
        found.sort(key=lambda f: (f[0], f[1]))
        lines.append(f"  {entry['title']}:")
        if not found:
            lines.append("    no move changes it measurably")
            continue
        rows = []
        for _, move_id, cell in found[:TOP_EFFECTS]:
            move = moves[move_id]
            rows.append(
                [
                    f"{_actor_name(report, move['actor'])}: {move['label']}",
                    _points(cell["delta"]),
                    f"{_signed(cell['low'])} to {_signed(cell['high'])}",
                ]
            )
        more = len(found) - TOP_EFFECTS
        lines += ["  " + line for line in _table(["Move", "Effect", "95% interval"], rows, {1, 2})]
        if more > 0:
            lines.append(f"    … and {more} more (all in --json)")
    return lines


def _answer_lines(report: dict[str, Any]) -> list[str]:
    """How each offer was answered (its first offer in a run), and the endings after."""
    titles = {o: e["title"] for o, e in report["outcomes"].items()}
    lines = ["", "Answers to offers (the first offer of each move in a run)"]
    rows = []
    for move, by_actor in report["answers"].items():
        for actor, entry in by_actor.items():
            for answer, found in entry.items():
                endings = ", ".join(
                    f"{titles.get(o, o)} {_percent(share)}"
                    for o, share in sorted(found["endings"].items(), key=lambda kv: -kv[1])
                )
                rows.append(
                    [move, actor, answer, f"{found['runs']:,}", _percent(found["share"]), endings]
                )
    lines += _table(["Offer", "To", "Answer", "Runs", "Share", "Endings then"], rows, {3, 4})
    return lines


def _score_lines(report: dict[str, Any], scenario: CompiledScenario) -> list[str]:
    """Each actor's objectives by their description with the mean score and the total
    (the actor named on its first row), then the mean
    total by ending, shown as the end screen and the reports show scores: weighted, one
    decimal, out of the most they can be (`3.5 / 5`, `score_text`)."""
    lines = ["", "Mean score"]
    rows: list[list[str]] = []
    for actor, entry in report["scores"].items():
        objectives = {o.id: o for o in scenario.objectives.get(actor, ())}
        first = len(rows)
        for objective_id, value in entry["objectives"].items():
            objective = objectives.get(objective_id)
            weight = objective.weight if objective is not None else 1.0
            rows.append(
                [
                    "",
                    one_line(objective.description) if objective is not None else objective_id,
                    weight_text(weight),
                    score_text(
                        None if value is None else float(value) * weight,
                        objective_maximum(scenario, actor, objective_id),
                    ),
                ]
            )
        most = actor_maximum(scenario, actor)
        rows.append(["", "Total", "", score_text(_float(entry["mean"]), most)])
        rows[first][0] = entry["name"]  # the actor named once, on its first row
    lines += _table(["Actor", "Objective", "Weight", "Mean score"], rows, {2, 3})

    reached = {o: e for o, e in report["outcomes"].items() if e["count"]}
    if reached and report["scores"]:
        actors = list(report["scores"])
        most_of = {a: actor_maximum(scenario, a) for a in actors}
        lines += ["", "Mean total score by ending"]
        rows = [
            [
                entry["title"],
                *(score_text(_float(entry["scores"].get(a)), most_of[a]) for a in actors),
            ]
            for entry in reached.values()
        ]
        header = ["Ending", *(report["scores"][a]["name"] for a in actors)]
        lines += _table(header, rows, set(range(1, len(header))))
    return lines


def format_report(report: dict[str, Any], scenario: CompiledScenario) -> str:
    """The report as a readable text table (the scenario names the objectives and gives
    the most each score can be)."""
    about = report["scenario"]
    runs = report["runs"]
    lines = [
        f"{about['title']} ({about['id']}): {_runs(runs)}, master seed {report['seed']}",
    ]
    variant = report.get("variant") or {}
    if variant.get("ban"):
        lines.append(f"Banned: {', '.join(variant['ban'])}")
    if variant.get("set"):
        settings = ", ".join(f"{k} = {_fmt(v)}" for k, v in variant["set"].items())
        lines.append(f"Starting with: {settings}")
    if variant.get("answer"):
        forced = ", ".join(f"{k} = {v}" for k, v in variant["answer"].items())
        lines.append(f"Answers forced: {forced}")
    lines += ["", "Outcomes"]
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

    lines += _score_lines(report, scenario)

    if report["tracks"]:
        lines += ["", "Tracks at the end"]
        rows = []
        for entry in report["tracks"].values():
            low, high = entry.get("interval") or (None, None)
            if entry["type"] == "number":
                mean_text = _fmt(float(entry["mean"])) if entry["mean"] is not None else "–"
                interval = (
                    "–"  # one run: no spread to measure
                    if low is None or high is None
                    else f"{_fmt(float(low))} – {_fmt(float(high))}"
                )
                rows.append(
                    [entry["label"], mean_text, interval, _fmt(entry["p5"]), _fmt(entry["p95"])]
                )
            elif entry["type"] == "flag":
                share = entry["counts"]["true"] / runs
                rows.append(
                    [
                        entry["label"],
                        f"{_percent(share)} true",
                        f"{_percent(low)} – {_percent(high)}",
                        _fmt(entry["p5"]),
                        _fmt(entry["p95"]),
                    ]
                )
            else:  # the mode's share, and its Wilson interval from the counts
                common = max(entry["counts"].items(), key=lambda kv: kv[1])
                mode_low, mode_high = wilson_interval(common[1], runs)
                rows.append(
                    [
                        entry["label"],
                        f"{common[0]} ({_percent(common[1] / runs)})",
                        f"{_percent(mode_low)} – {_percent(mode_high)}",
                        entry["p5"],
                        entry["p95"],
                    ]
                )
        lines += _table(
            ["Track", "Mean (or mode)", "95% interval", "5%", "95%"], rows, {1, 2, 3, 4}
        )

    if report.get("answers"):
        lines += _answer_lines(report)

    if "effects" in report:
        lines += _effect_lines(report)

    impact = {o: found for o, found in report["impact"].items() if found}
    if impact:
        lines += [
            "",
            "Moves seen with each outcome (correlation, not cause: --effects measures causes)",
            "  share of the outcome in runs where the move was played vs runs where it was not,",
            "  the change with its 95% interval (two independent groups of runs);",
            f"  * rests on fewer than {FEW_RUNS} runs (with or without the move), so its 95%",
            "    interval may be ±18 pts or wider",
        ]
        for outcome, found in impact.items():
            lines.append(f"  {report['outcomes'][outcome]['title']}:")
            rows = []
            for entry in found:
                few_with = entry["played"] < FEW_RUNS
                few_without = runs - entry["played"] < FEW_RUNS
                low, high = entry["interval"]
                rows.append(
                    [
                        f"{_actor_name(report, entry['actor'])}: {entry['label']}",
                        _percent(entry["played"] / runs, 0),
                        _percent(entry["with"]) + ("*" if few_with else ""),
                        _percent(entry["without"]) + ("*" if few_without else ""),
                        f"{_points(entry['difference'])} "
                        f"({_signed(low)} to {_signed(high)})"
                        + ("*" if few_with or few_without else ""),
                    ]
                )
            header = ["Move", "Played in", "With", "Without", "Change (95% interval)"]
            lines += ["  " + line for line in _table(header, rows, {1, 2, 3, 4})]

    # A move the scenario marks `costly` is the designer's answer to a `dominated`
    # warning, not a warning to act on: it is listed apart, so an analyst reads the
    # warnings as what is left to fix and can still check the reason given.
    warned = [w for w in report["warnings"] if w["kind"] != "costly"]
    costly = [w for w in report["warnings"] if w["kind"] == "costly"]
    if warned:
        lines += ["", "Balance warnings"]
        lines += [f"  warning: {_minus_in(w['message'])}" for w in warned]
    if costly:
        lines += ["", "Costly by design (the scenario says why)"]
        lines += [f"  costly: {_minus_in(w['message'])}" for w in costly]
    return "\n".join(lines) + "\n"
