"""The words several surfaces print the same way: one place, so they never drift apart.

The console, the event log, the reports, the CSV and the command line all say
yes/no, name note tags, give ending reasons and describe rolls; they take the words
from here. Pure: no I/O, no Textual.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import TYPE_CHECKING, Any

from tabletop.scenario.text import BIDI_CONTROLS as BIDI_CONTROLS
from tabletop.scenario.text import CONTROL
from tabletop.scenario.text import UNSAFE as UNSAFE
from tabletop.scenario.text import printable as printable

if TYPE_CHECKING:
    from tabletop.scenario.compiled import CompiledScenario
    from tabletop.scenario.models import Track

NOTE_TAGS = ("note", "strength", "improvement")
"""The tags a facilitator note can carry, in the order the report shows them."""

NOTE_TAG_TITLES = {"note": "Note", "strength": "Strength", "improvement": "To improve"}
"""A note's tag as the console and the log title it."""

RATINGS = {
    "P": "Performed without challenges",
    "S": "Performed with some challenges",
    "M": "Performed with major challenges",
    "U": "Unable to be performed",
}
"""The HSEEP ratings of an exercise objective, with their meanings, best first."""

ENDING_REASONS = {
    "condition": "an end condition was met",
    "calendar": "the calendar ran out",
    "facilitator": "the facilitator ended the session",
}
"""Why a session ended, in words (the `reason` of a session_ended event), for reports."""

ENDED_BECAUSE = {"condition": "its condition held", "calendar": "the calendar ran out"}
"""Why a session ended, after "Ended because" (anything else: the facilitator ended it)."""

PHASE_TITLES = {
    "setup": "Setting up",
    "briefing": "Briefing",
    "declaration": "Declaration",
    "adjudication": "Adjudication",
    "consequences": "Consequences",
    "ended": "Ended",
}
"""Each phase's name as a title."""

METHOD_NAMES = {
    "choice": "facilitator's choice",
    "dice": "dice",
    "probability": "probability",
    "auto": "automatic",
    "argument": "argued",
}
"""Each adjudication method in words (the console's lists, the reports)."""


def method_name(method: object) -> str:
    """`automatic` for `auto`: an adjudication method as a facilitator reads it."""
    return METHOD_NAMES.get(str(method), str(method))


def outcome_label(scenario: CompiledScenario, move: object, outcome: object) -> str:
    """An outcome as the facilitator knows it, by its label (`The drafts are on the
    table`), from its move's id and its own; a free-form move's `success` or `failure`,
    or an outcome the scenario no longer has, in plain words."""
    compiled = scenario.moves.get(str(move)) if move else None
    if compiled is not None:
        for item in compiled.model.outcomes:
            if item.id == outcome:
                return printable(item.label)
    return printable(str(outcome).replace("_", " "))


def decimal_text(value: float, digits: int) -> str:
    """A number with `digits` decimals, rounded as it reads, half up (away from zero, as a
    spreadsheet's ROUND): 4.35 → 4.4 and 29.65 → 29.7, where formatting the float rounds
    its binary approximation (4.3499…, so 4.3) and two ties may go two ways. Never
    `-0.0`; infinity and NaN read as `inf` and `nan` (Decimal cannot round them).

    The number as read is the float's value to 15 significant digits (`as_read`), not its
    shortest repr: a weight of 0.15 times a score of 3 is the float 0.44999999999999996,
    whose repr rounds to 0.4 where the exact 0.45 rounds to 0.5. Any decimal of up to 15
    significant digits survives the trip through a float, and the error of one product or
    a short sum of such decimals (about 1e-16 of the value) is far below the 15th digit, so
    reading there gives exact decimal arithmetic's answer; a spreadsheet rounds the same
    way (`ROUND(0.15*3, 1)` is 0.5). One place, so every figure rounds alike: the scores
    of the end screen, the console, the exports and `simulate`'s report."""
    if not math.isfinite(value):
        return f"{value}"
    step = Decimal(1).scaleb(-digits)
    rounded = as_read(value).quantize(step, rounding=ROUND_HALF_UP, context=_WIDE)
    if rounded.is_zero():
        rounded = abs(rounded)
    return f"{rounded:f}"


_WIDE = Context(prec=400)
"""Room for every float's whole digits (up to 309) and its decimals: the default 28
digits cannot quantize 1e27 to one decimal."""


def as_read(value: float) -> Decimal:
    """The decimal a finite float stands for: its value to 15 significant digits (a
    float's noise, the 16th and 17th digits, dropped; see `decimal_text`)."""
    return Decimal(f"{float(value):.15g}")


def weight_text(value: float) -> str:
    """An objective's weight as the scenario writes it, with separators and no rounding
    (0.333, 0.125, 2, 1,500): it is the designer's own number, and every surface (the end
    screen, the reports, `simulate`) prints it the same."""
    if isinstance(value, bool) or not math.isfinite(value):
        return f"{value}"
    exact = as_read(value).normalize()
    return f"{abs(exact) if exact.is_zero() else exact:,f}"


def significant_text(value: float, digits: int) -> str:
    """A number with `digits` significant digits, rounded half up as it reads (`as_read`),
    without trailing zeros: 0.1235 → 0.124 (formatting the float with `.3g` gives 0.123)."""
    if not math.isfinite(value):
        return f"{value}"
    exact = as_read(value)
    if exact.is_zero():
        return "0"
    step = Decimal(1).scaleb(exact.adjusted() - digits + 1)
    text = f"{abs(exact).quantize(step, rounding=ROUND_HALF_UP):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return ("-" if exact < 0 else "") + text


WITHHELD = "not shown"
"""A score an audience may not see, in place of the number, on every surface (the end
screen, the reports, the CSV, `replay --audience`): an objective scored from a hidden track
or another team's hidden objective, and a total that counts one (`engine.audience`)."""


def score_text(value: float | None, maximum: float | None) -> str:
    """`3.5 / 5`: a score with one decimal and the most it could have been (`3.5` alone
    when that is not known, `—` for no score); with as many decimals as the most shows
    when that is more (`0.05 / 0.05`, where one decimal would read a score of 0.04995 as
    0.0 and a total of 0.05 as 0.1, over its own most)."""
    most = None if maximum is None else most_text(maximum)
    digits = max(1, len(most.partition(".")[2])) if most is not None else 1
    shown = "—" if value is None or isinstance(value, bool) else decimal_text(value, digits)
    return shown if most is None else f"{shown} / {most}"


def most_text(value: float) -> str:
    """The most a score could be: exact to three decimals as it reads (a weight of 0.125
    gives 0.125, printed beside that weight), else two (`format_number`: a weight of 1/3
    gives 0.33), with separators."""
    if isinstance(value, bool) or not math.isfinite(value):
        return format_number(value)
    places = as_read(value).normalize().as_tuple().exponent
    assert isinstance(places, int)  # a finite number's exponent
    return weight_text(value) if places >= -3 else format_number(value)


EVENTS_DO_NOT_REPLAY = "the events do not replay"
"""The prefix of a message about a journal whose events cannot be replayed."""

CANNOT_EXPORT = "cannot export"
"""The prefix of a message about a session that cannot be exported."""

INTERNAL_ERROR = "tabletop: internal error"
"""The prefix of the last line of defence: a bug, never a user's input."""


_CONTROL_LINE = {**CONTROL, 13: None}
_BARE_CR = re.compile(r"\r(?!\n)")


def printable_block(text: object) -> str:
    """`printable` for text of many lines: a carriage return not ending a line (which a
    terminal would use to overwrite it) becomes a line break; `\r\n` line ends stay."""
    return printable(_BARE_CR.sub("\n", str(text)))


def terminal_line(text: object) -> str:
    """`printable`, and without carriage returns: a line for a terminal, which a bare
    carriage return would let overwrite itself."""
    return str(text).translate(_CONTROL_LINE)


def yes_no(value: object) -> str:
    """A flag in words: `yes` or `no`."""
    return "yes" if value else "no"


def ended_because(reason: object) -> str:
    """`Ended because the calendar ran out.`"""
    return f"Ended because {ENDED_BECAUSE.get(str(reason), 'the facilitator ended it')}."


def one_line(text: object) -> str:
    """The text with its line breaks and runs of spaces as single spaces."""
    return " ".join(str(text).split())


_QUOTES = {"“": "”", '"': '"', "‘": "’", "'": "'", "«": "»", "„": "“"}


def quoted(title: object) -> str:
    """`“Put the draft treaties to Washington and NATO”`: a move's title (or an inject's,
    an offer's terms) set inside a sentence (`Russia declares “Put the draft…”`). Quoted,
    not lower-cased, so that a title's own capitals stay (NATO, Biden, the EU); on one
    line; a title the designer already quoted is left as it is."""
    text = one_line(title)
    if len(text) >= 2 and _QUOTES.get(text[0]) == text[-1]:
        return text
    return f"“{text}”"


def plural(count: int, noun: str) -> str:
    """`1 event`, `2 events`."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def times(count: int) -> str:
    """`once`, `twice`, `3 times`: how often something was done."""
    return {1: "once", 2: "twice"}.get(count) or plural(count, "time")


def format_number(value: float) -> str:
    """100000 → 100,000; 2.5 → 2.5; at most two decimals, rounded half up as it reads
    (`decimal_text`: 0.125 → 0.13)."""
    if isinstance(value, bool):
        return yes_no(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    if not math.isfinite(value):
        return f"{value}"
    return f"{Decimal(decimal_text(value, 2)):,f}".rstrip("0").rstrip(".")  # half up


def unit_after_label(label: str, unit: str) -> str:
    """The unit a number takes after its track's label in a sentence: none when the label
    already names it (`Russian troops near Ukraine at least 100,000`, not `… 100,000
    troops`), else the unit (`Carrier presence at least 2 carrier groups`). A label names
    its unit when the unit, or its singular, is a whole word or phrase of the label."""
    if not unit or unit in ("%", "‰"):
        return unit
    words = " ".join(label.lower().split())
    for form in {unit.lower(), singular(unit).lower()}:
        if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", words):
            return ""
    return unit


def format_value(track: Track | None, value: Any, *, unit: bool = False) -> str:
    """A track's value as shown: numbers with separators, flags yes/no, levels as named."""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int | float):
        text = format_number(value)
        if unit and track is not None and track.unit:
            text = with_unit(value, track.unit)
        return text
    return str(value)


def format_changes(
    scenario: CompiledScenario, changes: Iterable[Sequence[Any]], *, show_hidden: bool = True
) -> str:
    """`Tension 3→5, Talks open yes→no, Carriers 1→2 carrier groups` from an event's
    [track, before, after] list; a change that changed nothing (`Tension 10→10`, a track
    already at its bound) is left out. A unit the label already names is not repeated
    (`Russian troops near Ukraine 100,000→125,000`: `unit_after_label`)."""
    parts = []
    for track_id, before, after in changes:
        if before == after and type(before) is type(after):
            continue
        track = scenario.tracks.get(track_id)
        if track is not None and not track.visible and not show_hidden:
            continue
        label = track.label if track else str(track_id)
        if track is not None and isinstance(after, int | float) and not isinstance(after, bool):
            after_text = with_unit(after, unit_after_label(label, track.unit))
        else:
            after_text = format_value(track, after)
        parts.append(f"{label} {format_value(track, before)}→{after_text}")
    return ", ".join(parts)


def with_unit(value: object, unit: str) -> str:
    """`120,000 troops`, `1 carrier group`, `46%`: a number with its unit."""
    text = format_number(value) if isinstance(value, int | float) else str(value)
    if not unit:
        return text
    if unit in ("%", "‰"):
        return f"{text}{unit}"
    if value == 1 and not isinstance(value, bool):
        unit = singular(unit)
    return f"{text} {unit}"


def singular(unit: str) -> str:
    """The singular of a plural unit (`carrier groups` → `carrier group`), as far as a
    plain rule goes; a unit that is no plain plural stays as it is."""
    words = unit.split(" ")
    last = words[-1]
    if len(last) > 3 and last.endswith("ies"):
        last = last[:-3] + "y"
    elif len(last) > 2 and last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return " ".join([*words[:-1], last])


def reasons_words(bonus: int, strong_for: int, strong_against: int) -> str:
    """What the strong reasons argued add to a roll, as a person says it, the same on
    every surface (console, event log, reports): `+1 for 1 argued reason`, `-1 for 1
    argued reason against`, `+1 for 2 argued reasons for, 1 against`; "" when they add
    nothing."""
    if not bonus:
        return ""

    def count(n: int) -> str:
        return f"{n} argued reason" + ("" if n == 1 else "s")

    if not strong_against:
        said = count(strong_for)
    elif not strong_for:
        said = f"{count(strong_against)} against"
    else:
        said = f"{count(strong_for)} for, {strong_against} against"
    return f"{bonus:+d} for {said}"


def roll_reasons(roll: Mapping[str, Any]) -> str:
    """`reasons_words` of a recorded roll (one recorded before the counts of strong
    reasons were kept reads its net count as for or against)."""
    net = int(roll.get("reasons") or 0)
    pros = roll.get("strong_for")
    cons = roll.get("strong_against")
    if pros is None or cons is None:
        pros, cons = max(net, 0), max(-net, 0)
    return reasons_words(int(roll.get("reason_bonus") or 0), int(pros), int(cons))


def describe_roll(roll: Mapping[str, Any]) -> str:
    """A roll for the console: `2d6 [3, 5] High alert +2 +1 for 1 argued reason = 11 against
    7: success`."""
    if roll.get("method") == "probability":
        if "chance" not in roll:  # computed from a hidden track (engine.audience)
            return f"a draw against a hidden chance: {roll.get('result')}"
        return (
            f"drew {roll.get('draw', 0):.2f} against a chance of {roll.get('chance', 0):.2f}: "
            f"{roll.get('result')}"
        )
    faces = ", ".join(str(f) for f in roll.get("faces", ()))
    parts = [f"{roll.get('dice', '')} [{faces}]"]
    for label, value in roll.get("modifiers", ()):
        parts.append(f"{label} {value:+d}")
    if roll.get("reason_bonus"):
        parts.append(roll_reasons(roll))
    total, target, result = roll.get("total"), roll.get("target"), roll.get("result")
    graded = GRADE_WORDS.get(str(roll.get("grade")))
    argued = "argued " if roll.get("method") == "argument" else ""
    shown = f"{result} ({graded})" if graded else str(result)
    return f"{argued}{' '.join(parts)} = {total} against {target}: {shown}"


GRADE_WORDS = {
    "yes_and": "yes, and",
    "yes_but": "yes, but",
    "no_but": "no, but",
    "no_and": "no, and",
}
"""The matrix game's grades of a roll, in words."""


def roll_text(roll: Mapping[str, Any]) -> str:
    """A roll for reports and CSV: `2d6: 4 + 6, +2 High alert = 12 against 7`."""
    if roll.get("method") == "probability":
        if "chance" not in roll:  # computed from a hidden track (engine.audience)
            return "draw against a hidden chance"
        return f"draw {_num(roll.get('draw'))} against chance {_num(roll.get('chance'))}"
    faces = roll.get("faces") or []
    parts = [" + ".join(str(f) for f in faces) or "?"]
    for label, value in roll.get("modifiers") or []:
        parts.append(f"{int(value):+d} {label}")
    if roll.get("reason_bonus"):
        parts.append(roll_reasons(roll))
    total, target = roll.get("total"), roll.get("target")
    return f"{roll.get('dice', '')}: {', '.join(parts)} = {total} against {target}"


def _num(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if value < 1 else f"{value:g}"
    return str(value)


def duration(seconds: float) -> str:
    """`5 min`, `1 min 30 s`, `45 s`: a timer's length or what is left of it."""
    whole = max(0, int(seconds))
    minutes, rest = divmod(whole, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min" + (f" {rest} s" if rest else "")


def countdown(seconds: float) -> str:
    """`4:05`: the time left on a timer, as a clock shows it (0:00 once it is up)."""
    whole = max(0, math.ceil(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
