"""Scores print with one decimal rounded as the number reads (half up, as a spreadsheet's
ROUND does), never as its binary approximation happens to fall: an analyst who reads 4.35
in the JSON and 0.55 beside it expects 4.4 and 0.6, not 4.3 and 0.6."""

from __future__ import annotations

import pytest

from tabletop.engine.wording import decimal_text, score_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (4.35, "4.4 / 9"),  # 4.35 is 4.34999… in binary: it printed 4.3
        (0.55, "0.6 / 9"),  # 0.55 is 0.55000…1: it printed 0.6 already
        (0.35, "0.4 / 9"),  # 0.34999…: it printed 0.3
        (1.05, "1.1 / 9"),
        (2.25, "2.3 / 9"),  # an exact binary tie: round-half-even printed 2.2
        (-0.05, "−0.1 / 9".replace("−", "-")),
        (-0.04, "0.0 / 9"),  # no negative zero
        (7, "7.0 / 9"),
    ],
)
def test_a_score_rounds_as_it_reads(value: float, text: str) -> None:
    assert score_text(value, 9) == text


def test_decimal_text() -> None:
    assert decimal_text(29.65, 1) == "29.7"
    assert decimal_text(25.65, 1) == "25.7"
    assert decimal_text(0.0384, 2) == "0.04"
    assert decimal_text(-0.0, 1) == "0.0"
    assert decimal_text(1e-7, 1) == "0.0"
    assert decimal_text(12345.5, 0) == "12346"


def test_a_number_that_is_not_finite_is_written_not_raised() -> None:
    """Given infinity or NaN (never a score of a session; a forged record could hold one),
    when it is written with decimals, then it reads as such instead of raising."""
    assert decimal_text(float("inf"), 1) == "inf"
    assert decimal_text(float("-inf"), 2) == "-inf"
    assert decimal_text(float("nan"), 1) == "nan"


def test_a_number_past_28_digits_rounds_too() -> None:
    """Given a float of 28 or more whole digits (the largest a float holds has 309), when it
    is written with decimals, then it is written, not refused: Decimal's default 28-digit
    context raised InvalidOperation on quantizing 1e27 to one decimal."""
    assert decimal_text(1e27, 1) == "1000000000000000000000000000.0"
    assert decimal_text(-1.7e308, 2) == "-17" + "0" * 307 + ".00"


def test_a_score_has_the_decimals_of_its_most() -> None:
    """Given a weight that makes an objective's most 0.05 (0.333 x 0.15), when its score
    0.04995 and the actor's total 0.05 are written, then both read 0.05 of 0.05: with one
    decimal they read 0.0 and 0.1, a total above its own most. A most of whole numbers or
    one decimal keeps one decimal."""
    assert score_text(0.04995, 0.05) == "0.05 / 0.05"
    assert score_text(0.05, 0.05) == "0.05 / 0.05"
    assert score_text(3.45, 5) == "3.5 / 5"
    assert score_text(1.25, 1.5) == "1.3 / 1.5"
    assert score_text(None, 0.25) == "— / 0.25"
    assert score_text(2.0, None) == "2.0"


def test_a_most_reads_as_the_weight_it_comes_from() -> None:
    """Given an objective weighted 0.125 (scored 0 or 1), when its score is written, then
    its most reads 0.125, as the weight does beside it, and the score takes three decimals:
    with two, the most read 0.13 beside a weight of 0.125. A most of more than three
    decimals (a weight of 1/3) still reads with two."""
    assert score_text(0.125, 0.125) == "0.125 / 0.125"
    assert score_text(0.0, 0.375) == "0.000 / 0.375"
    assert score_text(1 / 3, 1 / 3) == "0.33 / 0.33"
    assert score_text(2.5, 1500.0) == "2.5 / 1,500"
