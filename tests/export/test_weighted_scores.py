"""A weighted score reads what exact decimal arithmetic gives, rounded half up, on every
surface: a weight of 0.15 times a score of 3 is 0.45 to a reader, so 0.5 with one
decimal, where the float product 0.44999999999999996 printed 0.4 beside a total of 0.5."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tabletop.engine import wording
from tabletop.engine.session import Session
from tabletop.engine.wording import decimal_text, format_number
from tabletop.export import render
from tabletop.export.text import format_value
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario
from tabletop.sim import build_report, format_report, simulate
from tabletop.tui.present import scores_rows
from tests.conftest import DATA
from tests.export.helpers import header


@pytest.fixture(scope="module")
def staked(tmp_path_factory: pytest.TempPathFactory) -> tuple[CompiledScenario, Path]:
    """coin.toml with a second objective: a stake that stays at 3, weighted 0.15."""
    text = (DATA / "coin.toml").read_text(encoding="utf-8")
    text = text.replace(
        "[[actors.doctrine]]",
        '[[actors.objectives]]\nid = "stake"\ndescription = "Hold the stake"\n'
        'score = "stake"\nweight = 0.15\n\n[[actors.doctrine]]',
        1,
    )
    text = text.replace(
        "[[turns]]",
        '[[tracks]]\nid = "stake"\nlabel = "Stake"\ninitial = 3\nmin = 0\nmax = 10\n\n[[turns]]',
        1,
    )
    path = tmp_path_factory.mktemp("staked") / "staked.toml"
    path.write_text(text, encoding="utf-8")
    compiled, _ = load_scenario(path)
    return compiled, path


def test_a_weighted_score_reads_the_same_on_every_surface(
    staked: tuple[CompiledScenario, Path],
) -> None:
    """Given a stake of 3 weighted 0.15 (most 1.5) and a coin that came down tails, when the
    session ends, then the end screen, the Markdown, the HTML and the CSV say 0.5 for the
    stake and for the total (0.45 each), never 0.4."""
    scenario, _ = staked
    session = Session(scenario, 1)
    session.end("tails")
    scores = session.state.ended["scores"] if session.state.ended else {}
    assert scores["tosser"] == {"total": 0.45, "objectives": {"heads": 0, "stake": 3}}

    rows = scores_rows(scenario, scores)
    assert ("Tosser", "Hold the stake", "0.15", "0.5 / 1.5") in rows
    assert ("Tosser", "Total", "", "0.5 / 2.5") in rows

    head = header(scenario)
    md = render("md", head, session.events, scenario)
    assert "| Hold the stake | 0.15 | Stake | 0.5 / 1.5 |" in md
    assert "0.4 / 1.5" not in md
    assert "0.4 / 1.5" not in render("html", head, session.events, scenario)
    assert "Tosser 0.5 / 2.5" in render("csv", head, session.events, scenario)


def test_simulate_reads_a_weighted_mean_as_exact_arithmetic_does(
    staked: tuple[CompiledScenario, Path],
) -> None:
    """Given the stake at 3 in every run, when `simulate` reports the mean score, then the
    stake's row reads 0.5 / 1.5 (its mean 3 times 0.15), as the end screen does."""
    scenario, path = staked
    report = build_report(simulate(scenario, path, runs=20, seed=1, jobs=1))
    assert report["scores"]["tosser"]["objectives"]["stake"] == 3
    text = format_report(report, scenario)
    line = next(line for line in text.splitlines() if "Hold the stake" in line)
    assert line.split()[-3:] == ["0.5", "/", "1.5"]


def test_the_numbers_round_half_up_as_they_read() -> None:
    """Given products and values whose float is a hair below a tie, when they are written
    with decimals, then they round as the decimals do."""
    assert decimal_text(0.15 * 3, 1) == "0.5"  # 0.44999999999999996
    assert decimal_text(0.15 * 9, 1) == "1.4"  # 1.3499999999999999
    assert decimal_text(1.1 * 1.1, 1) == "1.2"  # 1.2100000000000002: not a tie, no change
    assert format_number(0.125) == "0.13"  # it wrote 0.12 (the binary tie went down)
    assert format_number(1234.565) == "1,234.57"
    assert format_value(0.1235) == "0.124"  # `.3g` wrote 0.123
    assert format_value(2.675) == "2.68"
    assert wording.significant_text(-0.00012345, 3) == "-0.000123"


_DECIMALS = st.builds(
    lambda digits, places: Decimal(digits).scaleb(-places),
    st.integers(-99_999, 99_999),
    st.integers(0, 4),
)


@settings(max_examples=500)
@example(Decimal("0.15"), Decimal(3), True)  # 0.44999999999999996
@example(Decimal("0.35"), Decimal("0.7"), True)  # 0.24499999999999997
@given(_DECIMALS, _DECIMALS, st.booleans())
def test_a_product_of_decimals_rounds_as_exact_arithmetic(
    a: Decimal, b: Decimal, at_last: bool
) -> None:
    """Given two decimals of up to 5 significant digits (a weight and a score), when their
    float product is written with one decimal fewer than the exact product has (where a
    last digit 5 is a tie, the case a float gets wrong) or with one, then it reads as the
    exact product rounded half up."""
    product = a * b
    places = max(0, -int(product.normalize().as_tuple().exponent))
    digits = max(0, places - 1) if at_last else 1
    exact = product.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    expected = f"{abs(exact) if exact.is_zero() else exact:f}"
    assert decimal_text(float(a) * float(b), digits) == expected


def test_a_weight_reads_as_the_scenario_writes_it(tmp_path: Path) -> None:
    """Given an objective weighted 0.333, when its scores are shown, then the end screen,
    the Markdown, the HTML and `simulate`'s table all print the weight 0.333 as written (the
    end screen and `simulate` printed 0.33, the reports 0.333), and the most it gives
    reads 0.333 too (it read 0.33 beside the weight)."""
    text = (DATA / "coin.toml").read_text(encoding="utf-8")
    path = tmp_path / "third.toml"
    path.write_text(
        text.replace(
            "score = 'ending == \"heads\"'", "score = 'ending == \"heads\"'\nweight = 0.333"
        ),
        encoding="utf-8",
    )
    scenario, _ = load_scenario(path)
    session = Session(scenario, 1)
    session.end("heads")
    scores = session.state.ended["scores"] if session.state.ended else {}
    assert ("Tosser", "Heads", "0.333", "0.333 / 0.333") in scores_rows(scenario, scores)
    head = header(scenario)
    assert "| Heads | 0.333 |" in render("md", head, session.events, scenario)
    assert '<td class="num">0.333</td>' in render("html", head, session.events, scenario)
    report = build_report(simulate(scenario, path, runs=5, seed=1, jobs=1))
    line = next(
        x for x in format_report(report, scenario).splitlines() if "Heads  " in x and "/" in x
    )
    assert " 0.333 " in line
