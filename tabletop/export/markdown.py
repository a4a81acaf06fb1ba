"""The after-action report as Markdown (CommonMark with GitHub tables).

Every text that came from the scenario or a participant goes through `inline`, `cell`
or `block`, which backslash-escape the characters Markdown would act on (emphasis,
links, raw HTML, table pipes) and keep a newline from breaking a list item or a table
row. The report therefore renders as text, never as markup someone typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from tabletop.engine.wording import method_name, plural, weight_text
from tabletop.export.model import Change, Declaration, ObjectiveEvaluation, Report, TurnReport
from tabletop.export.text import format_date, format_value, paragraphs

_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#~"})
_LINE_START = re.compile(r"^(\s*)(\d*)((?<!\d)[-+=>]|(?<=\d)[.)])")
"""A line start Markdown would read as a list, quote or heading underline: the backslash
goes before its punctuation (`\\-`, `1\\.`); CommonMark escapes punctuation only, so a
backslash before a digit would show."""
_NEWLINES = re.compile(r"\s*(?:\r\n|\r|\n)\s*")


def inline(text: object) -> str:
    """Text for one line of Markdown: special characters escaped, newlines made spaces."""
    text = str(text)
    if "\n" in text or "\r" in text:
        text = _NEWLINES.sub(" ", text)
    return text.translate(_ESCAPES).strip()


def cell(text: object) -> str:
    """Text for a table cell: like `inline`, but line breaks kept as `<br>`."""
    lines = [inline(line) for line in str(text).splitlines()]
    return "<br>".join(line for line in lines if line) or " "


def block(text: object) -> str:
    """Text as paragraphs (see `report.paragraphs`); list-like lines keep their own line."""
    out = []
    for lines in paragraphs(str(text)):
        escaped = [
            _LINE_START.sub(lambda m: f"{m[1]}{m[2]}\\{m[3]}", line.translate(_ESCAPES))
            for line in lines
        ]
        out.append("\\\n".join(escaped))
    return "\n\n".join(out)


def _changes(changes: Iterable[Change]) -> str:
    return "; ".join(
        f"{inline(c.label)} {inline(format_value(c.before, c.unit))} → "
        f"{inline(format_value(c.after, c.unit))}"
        for c in changes
    )


def _undone(flag: bool) -> str:
    return " *(undone)*" if flag else ""


def render_markdown(report: Report) -> str:
    """The report as Markdown: its sections in order."""
    out: list[str] = []
    for section in _SECTIONS:
        section(out.append, report)
    return "\n".join(out).rstrip("\n") + "\n"


def _title(add: Callable[[str], None], report: Report) -> None:
    """The title and the scenario's summary."""
    o = report.overview
    add(f"# After-action report: {inline(o.title)}")
    add("")
    if o.summary:
        add(f"*{inline(o.summary)}*")
        add("")


def _overview(add: Callable[[str], None], report: Report) -> None:
    """The session at a glance, the actors, the situation and its sources."""
    o = report.overview
    add("## Overview")
    add("")
    add("| | |")
    add("|---|---|")
    version = f", version {o.scenario_version}" if o.scenario_version else ""
    rows = [
        ("Made for", cell(o.audience)),
        ("Scenario", f"{inline(o.title)} (`{o.scenario_id}`{cell(version)})"),
        ("Author", cell(o.author) if o.author else "—"),
        ("In-game dates", cell(o.dates) if o.dates else "—"),
        ("Session started", cell(o.created) if o.created else "—"),
        ("Facilitator", cell(o.facilitator) if o.facilitator else "not recorded"),
        ("Mode", cell(o.mode)),
        (
            "Actors",
            cell(", ".join(f"{a.name} ({a.side})" if a.side else a.name for a in report.actors)),
        ),
        ("Seed", cell(o.seed)),
        ("Journal", cell(o.journal) if o.journal else "—"),
    ]
    if o.seed is None:  # a report for participants: the seed would predict the dice
        rows = [row for row in rows if row[0] != "Seed"]
    if o.last_event:
        rows.insert(5, ("Last event recorded", cell(o.last_event)))
    if o.parent:
        rows.append(("Branched from", cell(o.parent)))
    undone = ""
    if o.undone_actions:
        undone = f" ({plural(o.undone_actions, 'undone action')}, shown as undone)"
    rows += [
        ("Events", f"{o.events:,}{undone}"),
        ("Turns played", f"{o.turns_played} of {o.turns_total}"),
        ("Outcome", cell(report.outcome.title) if report.outcome.ended else "not ended"),
        ("Scenario sha256", f"`{o.sha256[:16]}…`" if o.sha256 else "—"),
    ]
    for name, value in rows:
        add(f"| {name} | {value} |")
    add("")
    add("### Actors")
    add("")
    add("| Actor | Side | Played by |")
    add("|---|---|---|")
    for actor in report.actors:
        side = cell(actor.side) if actor.side else "—"
        add(f"| {cell(actor.name)} | {side} | {actor.played_by} |")
    add("")
    if o.briefing:
        add("### Situation")
        add("")
        add(block(o.briefing))
        add("")
    if o.sources:
        add("### Sources")
        add("")
        for source in o.sources:
            parts = [inline(source.title)]
            if source.publisher:
                parts.append(inline(source.publisher))
            if source.date:
                parts.append(format_date(source.date))
            line = f"- {', '.join(parts)}"
            if source.url:
                line += (
                    f" <{source.url}>"
                    if source.link and _safe_autolink(source.url)
                    else f" ({inline(source.url)})"
                )
            add(line)
        add("")


def _objectives(add: Callable[[str], None], report: Report) -> None:
    """Each actor's objectives and how they scored."""
    add("## Actors' objectives")
    add("")
    for actor in report.actors:
        add(f"### {inline(actor.name)}")
        add("")
        if not actor.objectives:
            add("No objectives.")
            add("")
            continue
        add("| Objective | Weight | Scored as | Score |")
        add("|---|---:|---|---:|")
        for objective in actor.objectives:
            add(
                f"| {cell(objective.description)} | {weight_text(objective.weight)} | "
                f"{cell(objective.score_words)} | {objective.result} |"
            )
        add("")


def _timeline(add: Callable[[str], None], report: Report) -> None:
    """Turn by turn: injects, moves, consequences, endings, notes, undo."""
    add("## Timeline")
    add("")
    if not report.turns:
        add("No turn was played.")
        add("")
    for turn in report.turns:
        _turn(add, turn)


def _tracks(add: Callable[[str], None], report: Report) -> None:
    """Every track's value at the start and at the end of each turn."""
    add("## State tracks by turn")
    add("")
    if report.tracks:
        add("| Track | " + " | ".join(report.columns) + " |")
        add("|---|" + "---:|" * len(report.columns))
        for track in report.tracks:
            name = cell(track.label) + ("" if track.visible else " *(hidden)*")
            values = " | ".join(cell(format_value(v, track.unit)) for v in track.values)
            add(f"| {name} | {values} |")
    else:
        add("The scenario has no tracks.")
    add("")


def _outcome(add: Callable[[str], None], report: Report) -> None:
    """How the session ended, and the scores."""
    add("## Outcome")
    add("")
    outcome = report.outcome
    if outcome.ended:
        why = inline(outcome.reason_text)
        add(f"**{inline(outcome.title)}**: {why}, in turn {outcome.turn}.")
        add("")
        if outcome.summary:
            add(block(outcome.summary))
            add("")
        if outcome.note:
            add(f"Facilitator's closing note: {inline(outcome.note)}")
            add("")
    else:
        add("The session has not ended; the scores below are as they stand now.")
        add("")
    add("### Scores" + ("" if report.scores_final else " (provisional)"))
    add("")
    add("| Actor | Objective | Weight | Score |")
    add("|---|---|---:|---:|")
    for actor in report.actors:
        for objective in actor.objectives:
            add(
                f"| {cell(actor.name)} | {cell(objective.description)} | "
                f"{weight_text(objective.weight)} | {objective.result} |"
            )
        add(f"| **{cell(actor.name)}** | **total** | | **{actor.result}** |")
    add("")


def _debrief(add: Callable[[str], None], report: Report) -> None:
    """The facilitator's notes, strengths and areas for improvement."""
    sections = (
        ("note", report.notes_title, "No notes."),
        ("strength", "Strengths", "None recorded."),
        ("improvement", "Areas for improvement", "None recorded."),
    )
    for tag, title, empty in sections:
        if title is None:  # notes this audience is never shown
            continue
        add(f"## {title}")
        add("")
        notes = report.notes.get(tag, ())
        hotwash = report.evaluation.hotwash(tag)
        if not notes and not hotwash:
            add(empty)
        for note in notes:
            add(f"- Turn {note.turn}: {inline(note.text)}{_undone(note.undone)}")
        for objective, text in hotwash:
            add(f"- Hotwash, {inline(objective)}: {inline(text)}")
        add("")


def _evaluation(add: Callable[[str], None], report: Report) -> None:
    """The exercise overview, the objectives rated and the questions discussed (AAR)."""
    _exercise(add, report)
    _exercise_objectives(add, report)
    _questions(add, report)


def _improvement(add: Callable[[str], None], report: Report) -> None:
    """The participants' feedback, then the improvement plan (IP)."""
    _feedback(add, report)
    _improvement_plan(add, report)


_SECTIONS = (
    _title,
    _overview,
    _evaluation,
    _objectives,
    _timeline,
    _tracks,
    _outcome,
    _debrief,
    _improvement,
)


def _safe_autolink(url: str) -> bool:
    return not any(c in url for c in "<> \t\r\n`\\")


def _turn(emit: Callable[[str], None], turn: TurnReport) -> None:
    emit(f"### Turn {turn.number}: {inline(turn.title)}{_undone(turn.undone)}")
    emit("")
    facts = [f"**Date:** {turn.date_text}"]
    if turn.place:
        facts.append(f"**Place:** {inline(turn.place)}")
    facts.append(f"**Participants:** {inline(', '.join(turn.participants))}")
    emit(" · ".join(facts))
    emit("")
    if turn.briefing:
        emit(block(turn.briefing))
        emit("")
    if turn.injects:
        emit("#### Injects")
        emit("")
        for inject in turn.injects:
            facts = [inline(inject.kind)] if inject.kind else []
            if inject.sender:
                facts.append(f"from {inline(inject.sender)}")
            if inject.recipients:
                facts.append(f"to {inline(', '.join(inject.recipients))}")
            if inject.hypothetical:
                facts.append("hypothetical")
            if inject.by == "facilitator":
                facts.append("delivered by the facilitator")
            detail = f" ({', '.join(facts)})" if facts else ""
            line = f"- **{inline(inject.title)}**{detail}{_undone(inject.undone)}"
            if inject.text:
                line += f": {inline(inject.text)}"
            if inject.changes:
                line += f" Effects: {_changes(inject.changes)}."
            if inject.source:
                line += f" Source: {inline(inject.source)}."
            emit(line)
        emit("")
    if turn.declarations:
        emit("#### Moves")
        emit("")
        for declaration in turn.declarations:
            for line in _declaration(declaration):
                emit(line)
            emit("")
    if turn.rules:
        emit("#### Consequences")
        emit("")
        for rule in turn.rules:
            line = f"- Rule **{inline(rule.description)}** fired{_undone(rule.undone)}."
            if rule.narrative:
                line += f" {inline(rule.narrative)}"
            if rule.changes:
                line += f" Effects: {_changes(rule.changes)}."
            emit(line)
        emit("")
    if turn.endings:
        emit("#### Ending")
        emit("")
        for ending in turn.endings:
            emit(f"- **{inline(ending.title)}**{_undone(ending.undone)}")
        emit("")
    if turn.notes:
        emit("#### Notes")
        emit("")
        for note in turn.notes:
            tag = "" if note.tag == "note" else f"*{note.tag}:* "
            emit(f"- {tag}{inline(note.text)}{_undone(note.undone)}")
        emit("")
    if turn.markers:
        emit("#### Undo and redo")
        emit("")
        for marker in turn.markers:
            verb = "Undid" if marker.kind == "undo" else "Redid"
            emit(f"- {verb} {inline(marker.about)} (event {marker.target}).")
        emit("")


def _declaration(d: Declaration) -> list[str]:
    sealed = " *(sealed)*" if d.sealed else ""
    withdrawn = ""
    if d.withdrawn is not None:
        withdrawn = f" *(withdrawn{': ' + inline(d.withdrawn) if d.withdrawn else ''})*"
    title = f"{inline(d.actor_name)}: {inline(d.label)}{sealed}{withdrawn}{_undone(d.undone)}"
    lines = [f"##### {title}", ""]
    by = (
        "the computer"
        if d.by == "computer"
        else ("the facilitator" if d.by == "facilitator" else inline(d.by))
    )
    line = f"- {'Free-form move, declared' if d.freeform else 'Declared'} by {by}"
    if d.doctrine_reason:
        line += f", by doctrine: {inline(d.doctrine_reason)}"
    lines.append(line if line.endswith((".", "!", "?")) else line + ".")
    if d.freeform and d.narrative:
        lines.append(f"- Intended: {inline(d.narrative)}")
    if d.freeform and d.freeform_effects:
        lines.append(f"- Effects on success: {'; '.join(inline(e) for e in d.freeform_effects)}")
    for reason in d.reasons_for:
        lines.append(f"- Reason for: {inline(reason)}")
    for reason in d.reasons_against:
        lines.append(f"- Reason against: {inline(reason)}")
    for roll in d.rolls:
        what = {"dice": "Roll", "argument": "Argued roll"}.get(roll.method, "Probability")
        lines.append(f"- {what}: {inline(roll.text)} → **{roll.result}**{_undone(roll.undone)}")
    if not d.adjudications:
        lines.append("- Not adjudicated.")
    for adj in d.adjudications:
        by = "the computer" if adj.by == "computer" else "the facilitator"
        method = method_name(adj.method)
        line = f"- Adjudication ({method}, by {by}): **{inline(adj.label)}**{_undone(adj.undone)}"
        lines.append(line)
        if adj.override:
            natural = f" (the rules gave “{inline(adj.natural)}”)" if adj.natural else ""
            lines.append(f"  - Override{natural}: {inline(adj.override)}")
        if adj.reason:
            lines.append(f"  - Reason: {inline(adj.reason)}")
        if adj.narrative:
            lines.append(f"  - {inline(adj.narrative)}")
        if adj.changes:
            lines.append(f"  - Consequences: {_changes(adj.changes)}")
    return lines


# ------------------------------------------------------------------ the evaluation (AAR/IP)


def _exercise(add: Callable[[str], None], report: Report) -> None:
    """The exercise overview: name, when, where, who."""
    e = report.evaluation
    o = report.overview
    add("## Exercise overview")
    add("")
    add("| | |")
    add("|---|---|")
    rows = [
        ("Exercise", cell(e.exercise) if e.exercise else cell(o.title)),
        ("Conducted", cell(e.conducted) if e.conducted else "—"),
        ("Scenario dates", cell(o.dates) if o.dates else "—"),
        ("Venue", cell(e.venue) if e.venue else "not recorded"),
        ("Facilitator", cell(e.facilitator) if e.facilitator else "not recorded"),
        ("Evaluators", cell(", ".join(e.evaluators)) if e.evaluators else "none recorded"),
    ]
    for name, value in rows:
        add(f"| {name} | {value} |")
    for seats in e.participants:
        add(f"| Participants: {cell(seats.team)} | {cell(', '.join(seats.names))} |")
    if not e.participants:
        add("| Participants | not recorded |")
    add("")


WITHHELD = (
    "The ratings, observations, improvement plan and participant feedback are kept by the "
    "facilitator and the evaluators: this report leaves them out."
)


def _rating(objective: ObjectiveEvaluation) -> str:
    if objective.rating is None:
        return objective.rating_text
    return f"**{objective.rating}**: {objective.rating_text.lower()}"


def _exercise_objectives(add: Callable[[str], None], report: Report) -> None:
    """Each exercise objective: capability, rating, what was observed (HSEEP analysis)."""
    e = report.evaluation
    if e.withheld:
        # A participants' report: the objectives, no ratings; nothing when there are none
        # (the section would only say what it leaves out).
        if not e.objectives:
            return
        add("## Exercise objectives")
        add("")
        add(WITHHELD)
        add("")
        add("| Objective | Capability |")
        add("|---|---|")
        for objective in e.objectives:
            capability = cell(objective.capability) if objective.capability else "—"
            add(f"| {cell(objective.description)} | {capability} |")
        add("")
        return
    add("## Exercise objectives and ratings")
    add("")
    if not e.objectives:
        add("The scenario sets no exercise objectives.")
        add("")
        return
    add(
        "Ratings (HSEEP): **P** performed without challenges; **S** performed with some "
        "challenges; **M** performed with major challenges; **U** unable to be performed."
    )
    add("")
    add("| Objective | Capability | Rating |")
    add("|---|---|---|")
    for objective in e.objectives:
        capability = cell(objective.capability) if objective.capability else "—"
        add(f"| {cell(objective.description)} | {capability} | {_rating(objective)} |")
    add("")
    for number, objective in enumerate(e.objectives, 1):
        add(f"### Objective {number}: {inline(objective.description)}")
        add("")
        facts = []
        if objective.capability:
            facts.append(f"**Capability:** {inline(objective.capability)}")
        rating = (
            f"{objective.rating} ({objective.rating_text.lower()})"
            if objective.rating
            else objective.rating_text.lower()
        )
        facts.append(f"**Rating:** {rating}")
        add(" · ".join(facts))
        add("")
        if objective.rationale:
            add(block(objective.rationale))
            add("")
        lists = (
            ("Critical tasks", objective.critical_tasks),
            ("Strengths", objective.strengths),
            ("Areas for improvement", objective.improvements),
        )
        for title, items in lists:
            if items:
                add(f"{title}:")
                add("")
                for item in items:
                    add(f"- {inline(item)}")
                add("")
        if objective.observations:
            add("Observations:")
            add("")
            for seen in objective.observations:
                who = [inline(seen.team)] if seen.team else []
                if seen.by and seen.by != "facilitator":
                    who.append(f"observed by {inline(seen.by)}")
                about = f" ({', '.join(who)})" if who else ""
                add(f"- Turn {seen.turn}{about}: {inline(seen.text)}")
            add("")
        if objective.injects:
            add(f"Injects delivered for it: {inline('; '.join(objective.injects))}.")
            add("")


def _questions(add: Callable[[str], None], report: Report) -> None:
    """The discussion questions of the turns played."""
    questions = report.evaluation.questions
    if not questions:
        return
    add("## Discussion questions")
    add("")
    for turn in questions:
        add(f"### Turn {turn.turn}: {inline(turn.title)}")
        add("")
        for index, question in enumerate(turn.questions):
            add(f"- {inline(question)}")
            for answer in turn.answers:
                if answer.question == index:
                    add(f"  - *{inline(answer.team)}:* {inline(answer.text)}")
        add("")


def _feedback(add: Callable[[str], None], report: Report) -> None:
    """The participants' forms, and their average rating."""
    e = report.evaluation
    if e.withheld:
        return
    add("## Participant feedback")
    add("")
    if not e.feedback:
        add("None recorded.")
        add("")
        return
    rating = e.feedback_average_text
    add(f"{plural(len(e.feedback), 'form')}; average rating {rating} out of 5.")
    add("")
    add("| Participant | Team | Rating | What worked | What to change |")
    add("|---|---|---:|---|---|")
    for form in e.feedback:
        who = cell(form.participant) if form.participant else "anonymous"
        team = cell(form.team) if form.team else "—"
        add(
            f"| {who} | {team} | {form.rating} | {cell(form.worked or '—')} | "
            f"{cell(form.change or '—')} |"
        )
    add("")


def _improvement_plan(add: Callable[[str], None], report: Report) -> None:
    """The improvement plan: issue, corrective action, capability, owner, due date."""
    e = report.evaluation
    if e.withheld:
        return
    add("## Improvement plan")
    add("")
    if not e.improvements:
        add("No improvement recorded.")
        add("")
        return
    add("| # | Objective | Capability | Issue | Corrective action | Owner | Due |")
    add("|---:|---|---|---|---|---|---|")
    for item in e.improvements:
        add(
            f"| {item.item} | {cell(item.objective_text or '—')} | "
            f"{cell(item.capability or '—')} | {cell(item.issue)} | {cell(item.action)} | "
            f"{cell(item.owner or '—')} | {cell(item.due_text or '—')} |"
        )
    add("")
