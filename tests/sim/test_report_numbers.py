"""The numbers of the simulation report as an analyst reads them: a rare share is never
printed as none, an interval never collapses to 0.0% – 0.0% in print, and the moves seen
with each outcome (a correlation) carry their interval and list no move for an ending that
nothing went with."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tabletop.sim.report import _fmt, _percent
from tabletop.sim.stats import wilson_interval
from tests.sim.conftest import COIN, MINI, variant

Run = Callable[..., tuple[int, str, str]]
RunJson = Callable[..., dict[str, Any]]

EDGE = (
    '[[endings]]\nid = "tails"',
    '[[endings]]\nid = "edge"\ntitle = "On its edge"\nwhen = "heads_up and not heads_up"\n\n'
    '[[endings]]\nid = "tails"',
)


def _row(out: str, title: str) -> list[str]:
    line = next(line for line in out.splitlines() if line.strip().startswith(title))
    return re.split(r"\s{2,}", line.strip())


def test_an_unreached_ending_says_how_rare_it_may_be(simulate: Run, tmp_path: Path) -> None:
    """Given a coin that can never land on its edge, when it is tossed 10,000 times, then
    the edge's 95% interval reads 0.0% – 0.04% (its upper end, 0.0384%, is not printed as
    0.0%), and the warning says it is at most 0.04%: the analyst reads how rare it may be."""
    path = variant(tmp_path, COIN, "edge.toml", EDGE)
    status, out, err = simulate(path, "--runs", "10000", "--jobs", "1")
    assert status == 0, err
    assert wilson_interval(0, 10_000)[1] == pytest.approx(0.000384, abs=1e-6)
    assert _row(out, "On its edge") == ["On its edge", "edge", "0", "0.0%", "0.0% – 0.04%"]
    assert "its share is at most 0.04% by the 95% interval" in out


def test_a_rare_share_is_never_printed_as_none(
    simulate: Run, simulate_json: RunJson, tmp_path: Path
) -> None:
    """Given a coin that lands heads 3 times in 10,000, when the report is printed, then
    its share reads 0.03%, not 0.0% next to a count of 3; and tails, 99.97%, not 100.0%."""
    path = variant(tmp_path, COIN, "rare.toml", ("chance = 0.5", "chance = 0.0003"))
    report = simulate_json(path, "--runs", "10000", "--jobs", "1")
    heads = report["outcomes"]["heads"]["count"]
    assert 0 < heads < 10  # the fixed seed gives a handful
    status, out, _ = simulate(path, "--runs", "10000", "--jobs", "1")
    assert status == 0
    share = _row(out, "Heads")[3]
    assert share == f"{100 * heads / 10_000:.2f}%"
    low = _row(out, "Heads")[4].split(" – ")[0]
    assert low != "0.0%" and float(low.rstrip("%")) > 0
    tails = _row(out, "Tails")
    assert tails[3] == f"{100 - 100 * heads / 10_000:.2f}%" and tails[3] != "100.0%"


def _hybrid(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """Newcombe's hybrid score interval for p1 − p2 of two independent groups, by hand."""
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson_interval(x1, n1)
    l2, u2 = wilson_interval(x2, n2)
    d = p1 - p2
    return d - math.hypot(p1 - l1, u2 - p2), d + math.hypot(u1 - p1, p2 - l2)


def test_a_correlation_comes_with_its_interval(simulate: Run, simulate_json: RunJson) -> None:
    """Given the mini scenario's 300 runs, then every move's with/without difference in the
    JSON has its 95% interval (two independent groups: Newcombe's hybrid score interval),
    recomputed here from the counts, and the table prints it beside the change."""
    report = simulate_json(MINI, "--runs", "300", "--jobs", "1")
    runs = report["runs"]
    checked = 0
    for outcome, entry in report["outcomes"].items():
        for move in report["moves"].values():
            cell = move["outcomes"][outcome]
            played = move["played"]
            if not 0 < played < runs:
                assert cell["interval"] is None
                continue
            with_count = round(cell["with"] * played)
            without_count = entry["count"] - with_count
            low, high = _hybrid(with_count, played, without_count, runs - played)
            assert cell["interval"] == pytest.approx([low, high], abs=2e-6)
            assert cell["interval"][0] <= cell["difference"] <= cell["interval"][1]
            checked += 1
    assert checked
    status, out, _ = simulate(MINI, "--runs", "300", "--jobs", "1")
    assert status == 0
    section = out.split("Moves seen with each outcome", 1)[1]
    assert "Change (95% interval)" in section
    first = report["impact"]["war"][0]
    low, high = (100 * v for v in first["interval"])
    assert f"({low:+.1f} to {high:+.1f})".replace("-", "−") in section


def test_no_move_is_seen_with_an_ending_that_never_came(
    simulate: Run, simulate_json: RunJson, tmp_path: Path
) -> None:
    """Given an ending that no run reached, when the moves seen with each outcome are
    ranked, then none is listed for it: a difference of 0.0 points between two groups that
    both never reached it is no association, and the table does not print one."""
    path = variant(
        tmp_path,
        MINI,
        "never.toml",
        (
            '[[endings]]\nid = "deal"',
            '[[endings]]\nid = "never"\ntitle = "Never"\n'
            'when = "tension > 10"\n\n[[endings]]\nid = "deal"',
        ),
    )
    report = simulate_json(path, "--runs", "300", "--jobs", "1")
    assert report["outcomes"]["never"]["count"] == 0
    assert report["impact"]["never"] == []
    assert all(e["difference"] != 0 for found in report["impact"].values() for e in found)
    status, out, _ = simulate(path, "--runs", "300", "--jobs", "1")
    assert status == 0
    section = out.split("Moves seen with each outcome", 1)[1].split("\n\n", 1)[0]
    assert "  Never:" not in section


def test_a_share_rounds_as_the_json_reads() -> None:
    """Given shares of 0.2965 and 0.0565 in the JSON, the table prints 29.7% and 5.7% (half
    up, as a spreadsheet rounds the number it shows): formatting 100 × the float printed
    29.6% and 5.6%, while 0.2565 printed 25.7%, so two ties went two ways."""
    from tabletop.sim.report import _percent, _points

    assert _percent(0.2965) == "29.7%"
    assert _percent(0.2565) == "25.7%"
    assert _percent(0.0565) == "5.7%"
    assert _points(-0.0565) == "−5.7 pts"
    assert _points(0.0) == "+0.0 pts"


KNOWN = """
[scenario]
id = "known"
title = "Known answers"
briefing = "Every number is known."

[[actors]]
id = "trigger"
name = "Trigger"
[[actors.objectives]]
id = "boom"
description = "Boom"
score = 'ending == "boom"'
weight = 2
[[actors.doctrine]]
move = "detonate"
weight = 1
[[actors.doctrine]]
move = "wait"
weight = 1

[[tracks]]
id = "boom"
label = "Boom"
type = "flag"
initial = false

[[turns]]
id = "t1"
title = "One"
date = 2022-01-01

[[moves]]
id = "detonate"
actor = "trigger"
label = "Detonate"
[moves.adjudication]
method = "auto"
[[moves.outcomes]]
id = "bang"
label = "Bang"
effects = ["boom = true"]

[[moves]]
id = "wait"
actor = "trigger"
label = "Wait"
[moves.adjudication]
method = "auto"
[[moves.outcomes]]
id = "waited"
label = "Waited"

[[endings]]
id = "boom"
title = "Boom"
when = "boom"

[[endings]]
id = "calm"
title = "Calm"
"""


def test_one_run_proves_no_move_dominated(
    simulate: Run, simulate_json: RunJson, tmp_path: Path
) -> None:
    """Given one run of a scenario where Trigger may detonate (its objective) or wait, when
    it is simulated with --effects, then no move is said to lower its actor's score: one
    pair has no spread to measure, so its score effect has no interval (null), where it
    read 'lowers trigger's mean score by 2.00 (95% interval 2.00 to 2.00)'; and the report
    says '1 run', not '1 runs'."""
    path = tmp_path / "known.toml"
    path.write_text(KNOWN, encoding="utf-8")
    report = simulate_json(path, "--runs", "1", "--effects")
    assert not [w for w in report["warnings"] if w["kind"] in ("dominated", "costly")]
    for move in report["moves"].values():
        effect = move["score_effect"]
        assert effect["low"] is None and effect["high"] is None
    status, out, _ = simulate(path, "--runs", "1", "--effects")
    assert status == 0
    assert out.startswith("Known answers (known): 1 run, master seed 1")
    assert "1 runs" not in out and "2.00 to 2.00" not in out


def test_a_move_that_always_causes_an_ending(simulate_json: RunJson, tmp_path: Path) -> None:
    """Given the same scenario over 2,000 runs, then detonating's effect on Boom is its whole
    share (every run that detonated ended in Boom, none would have without it), with a
    paired interval around it; and waiting, which takes the place of a detonation (worth 2
    to Trigger) in the runs that wait, lowers Trigger's score by 2 × the share of runs that
    did not end in Boom: a `dominated` warning that is right."""
    path = tmp_path / "known.toml"
    path.write_text(KNOWN, encoding="utf-8")
    report = simulate_json(path, "--runs", "2000", "--effects")
    boom = report["outcomes"]["boom"]
    cell = report["effects"]["detonate"]["boom"]
    assert cell["delta"] == boom["share"]
    assert cell["low"] < cell["delta"] < cell["high"]
    wait = report["moves"]["wait"]["score_effect"]
    assert wait["delta"] == pytest.approx(-2 * (1 - boom["share"]), abs=1e-6)
    assert wait["high"] < 0
    assert {(w["kind"], w["move"]) for w in report["warnings"] if "move" in w} == {
        ("dominated", "wait")
    }


def test_effects_give_their_pairs_and_the_chance_of_a_false_finding(
    simulate: Run, simulate_json: RunJson
) -> None:
    """Given the mini scenario's effects over 200 paired runs, then each cell gives the
    pairs behind it (`only_with`: runs that reached the ending only with the move available;
    `only_without`), from which its delta is (only_with − only_without) / runs, and the
    table says how many of its intervals could exclude zero by chance alone."""
    report = simulate_json(MINI, "--runs", "200", "--jobs", "1", "--effects")
    tested = 0
    for cells in report["effects"].values():
        for cell in cells.values():
            assert cell["delta"] == pytest.approx(
                (cell["only_with"] - cell["only_without"]) / 200, abs=1e-6
            )
            tested += cell["only_with"] + cell["only_without"] > 0
    assert tested
    status, out, _ = simulate(MINI, "--runs", "200", "--jobs", "1", "--effects")
    assert status == 0
    chance = round(tested * 0.05)
    assert (
        f"{tested} of the intervals rest on pairs that ended differently; if no move changed "
        f"anything, about {chance} of those would still exclude zero, by chance alone"
    ) in " ".join(out.split())


def test_a_mean_score_comes_with_its_interval(simulate_json: RunJson, tmp_path: Path) -> None:
    """Given Trigger's score, 2 when the run ends in Boom and 0 otherwise, over 2,000 runs,
    then its mean total has a 95% interval in the JSON: the normal interval of a mean,
    here 2 × (p ± 1.96·√(p(1−p)/(n−1))) with p the share of Boom; and one run has none."""
    path = tmp_path / "known.toml"
    path.write_text(KNOWN, encoding="utf-8")
    report = simulate_json(path, "--runs", "2000")
    p = report["outcomes"]["boom"]["share"]
    half = 1.959963984540054 * math.sqrt(p * (1 - p) * 2000 / 1999 / 2000)
    trigger = report["scores"]["trigger"]
    assert trigger["mean"] == pytest.approx(2 * p)
    assert trigger["interval"] == pytest.approx([2 * (p - half), 2 * (p + half)], abs=2e-6)
    one = simulate_json(path, "--runs", "1")
    assert one["scores"]["trigger"]["interval"] == [None, None]


@settings(max_examples=12, deadline=None)
@given(runs=st.integers(1, 80), seed=st.integers(1, 10_000))
def test_the_table_says_what_the_json_says(runs: int, seed: int) -> None:
    """For any number of runs and seed, the Outcomes table prints each ending's count, share
    and interval from the same numbers as the JSON: the count exactly, the share and both
    ends of the interval as the JSON's number rounded half up to one decimal (or more where
    one would print 0.0% or 100.0% for a share that is neither), and the counts add up."""
    from tabletop.scenario.load import load_scenario
    from tabletop.sim import build_report, format_report, simulate

    scenario, _ = load_scenario(MINI)
    report = build_report(simulate(scenario, MINI, runs=runs, seed=seed, jobs=1))
    text = format_report(report, scenario)
    assert sum(e["count"] for e in report["outcomes"].values()) == runs
    for entry in report["outcomes"].values():
        row = _row(text, entry["title"])
        assert row[2] == f"{entry['count']:,}"
        low, high = row[4].split(" – ")
        for printed, value in (
            (row[3], entry["share"]),
            (low, entry["interval"][0]),
            (high, entry["interval"][1]),
        ):
            number = float(printed.rstrip("%"))
            assert abs(number - 100 * value) <= 0.05 + 1e-9, (printed, value)
            if printed in ("0.0%", "100.0%"):
                assert value in (0, 1), (printed, value)


def test_track_means_round_as_the_json_reads() -> None:
    """A track's mean of 2.675 or 5.485 in the JSON prints 2.68 and 5.49 (half up), where
    formatting the float printed 2.67 and 5.48; 123,456.5 prints 123,457."""
    assert _fmt(2.675) == "2.68"
    assert _fmt(5.485) == "5.49"
    assert _fmt(-2.675) == "−2.68"
    assert _fmt(123456.5) == "123,457"
    assert _fmt(0.0) == "0.00"


KNOWN_TRACKS = KNOWN.replace(
    "[[turns]]",
    '[[tracks]]\nid = "blast"\nlabel = "Blast"\ninitial = 0\nmin = 0\nmax = 10\n\n'
    '[[tracks]]\nid = "alert"\nlabel = "Alert"\ntype = "level"\nlevels = ["low", "high"]\n'
    'initial = "low"\n\n[[turns]]',
).replace('effects = ["boom = true"]', 'effects = ["boom = true", "blast = 4", "alert = \'high\'"]')


def test_a_track_mean_comes_with_its_interval(
    simulate: Run, simulate_json: RunJson, tmp_path: Path
) -> None:
    """Given Trigger's detonation in a share p of 2,000 runs, setting the flag Boom, the
    number Blast to 4 and the level Alert to high, then the JSON gives each track's mean a
    95% interval: the flag's share the Wilson interval of its count, as an outcome's share
    has; the number's mean and the level's mean position the normal interval of a mean,
    4 × (p ± 1.96·√(p(1−p)/(n−1))) and p ± the same; one run has none. The table prints
    them, and the level's mode share with its Wilson interval."""
    path = tmp_path / "tracks.toml"
    path.write_text(KNOWN_TRACKS, encoding="utf-8")
    report = simulate_json(path, "--runs", "2000")
    count = report["outcomes"]["boom"]["count"]
    p = count / 2000
    half = 1.959963984540054 * math.sqrt(p * (1 - p) * 2000 / 1999 / 2000)
    tracks = report["tracks"]
    assert tracks["boom"]["interval"] == pytest.approx(list(wilson_interval(count, 2000)), abs=1e-6)
    assert tracks["boom"]["interval"] == report["outcomes"]["boom"]["interval"]
    assert tracks["blast"]["interval"] == pytest.approx([4 * (p - half), 4 * (p + half)], abs=2e-6)
    assert tracks["alert"]["interval"] == pytest.approx([p - half, p + half], abs=2e-6)
    assert list(tracks["boom"]) == ["label", "type", "mean", "interval", "p5", "p95", "counts"]

    _, out, _ = simulate(path, "--runs", "2000")
    section = out.split("Tracks at the end", 1)[1]
    low, high = report["outcomes"]["boom"]["interval"]
    assert _row(section, "Boom")[1:3] == [
        f"{_percent(p)} true",
        f"{_percent(low)} – {_percent(high)}",
    ]
    low, high = tracks["blast"]["interval"]
    assert _row(section, "Blast")[2] == f"{_fmt(low)} – {_fmt(high)}"
    mode = max(count, 2000 - count)
    m_low, m_high = wilson_interval(mode, 2000)
    assert _row(section, "Alert")[2] == f"{_percent(m_low)} – {_percent(m_high)}"

    one = simulate_json(path, "--runs", "1")
    assert one["tracks"]["blast"]["interval"] == [None, None]
    assert one["tracks"]["boom"]["interval"] in ([0, 0.793451], [0.206549, 1])  # Wilson, 1 run
