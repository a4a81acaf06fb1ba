"""A team's seat: its view of the session, and what it handed in.

Everything on it comes from `engine.audience.View` for the team (the app hands the screen
each new view): the turn, the injects as read out, the moves as the team may see them,
the visible tracks, the team's briefing (its private one too) and objectives, the turn's
discussion questions, the offers waiting for an answer that the team may know of (those
it is to answer marked, or where its answer stands once sent), the timer; and where each
of the team's submissions stands.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Static

from tabletop.engine.audience import View
from tabletop.engine.submissions import Status
from tabletop.tui import present
from tabletop.tui.screens.projector import (
    HEADING,
    NARROW,
    clean,
    heading,
    offers,
    situation,
    tracks,
)
from tabletop.tui.widgets.timer import TimerLabel

STANDING_WORDS = {
    "pending": ("waiting for the facilitator", "bold"),
    "accepted": ("accepted", "green"),
    "returned": ("returned", "bold red"),
    "superseded": ("replaced by a later one", "dim"),
    "closed": ("not taken: the turn moved on", "dim"),
}
"""How a seat words where a submission stands."""


def team_panel(view: View) -> RenderableType:
    """The team's own briefing, private briefing and objectives."""
    actor = next((a for a in view.actors if a.id == view.audience), None)
    text = Text()
    if actor is None:
        return text
    text.append(f"{clean(actor.name)}\n", style=HEADING)
    if actor.briefing:
        text.append(present.reflow(clean(actor.briefing)) + "\n")
    if actor.private_briefing:
        text.append("\nFor your team only\n", style="bold")
        text.append(present.reflow(clean(actor.private_briefing)) + "\n")
    if actor.objectives:
        text.append("\nObjectives\n", style="bold")
        for objective in actor.objectives:
            text.append(f"• {clean(objective.description)}")
            if not objective.visible:
                text.append(" (your team only)", style="italic")
            text.append("\n")
    return text


def submissions_panel(view: View, statuses: Sequence[Status]) -> RenderableType:
    """This turn's submissions of the team and where each stands; the turn's questions."""
    parts: list[RenderableType] = []
    turn = view.turn.index if view.turn else -1
    mine = [s for s in statuses if s.submission.turn == turn]
    text = Text()
    text.append("Your submissions this turn\n", style=HEADING)
    if not mine:
        text.append("None yet.\n", style="italic")
    for status in mine:
        sub = status.submission
        words, style = STANDING_WORDS[status.standing]
        text.append(f"• {clean(_what(view, status))}")
        if sub.sealed:
            text.append(" (sealed)", style="dim")
        text.append(f" — {words}", style=style)
        if status.reason:
            text.append(f": {clean(status.reason)}", style="bold")
        text.append("\n")
    parts.append(text)
    if view.turn is not None and view.turn.questions:
        questions = Text()  # the heading bold, the questions as plain text
        questions.append("\nDiscussion questions\n", style=HEADING)
        for number, question in enumerate(view.turn.questions, 1):
            questions.append(f"{number}. {clean(question)}\n")
        parts.append(questions)
    return Group(*parts)


def _what(view: View, status: Status) -> str:
    sub = status.submission
    if sub.kind == "declare":
        if sub.move is None:
            return f"Free-form move: {sub.label}"
        move = next((m for m in view.moves if m.id == sub.move), None)
        return f"Move: {move.label if move else sub.move}"
    if sub.kind == "argue":
        target = next((d for d in view.declarations if d.seq == sub.declaration), None)
        about = f"move #{sub.declaration}"
        if target is not None:
            about = f"{target.actor_name}'s {present.quoted(target.label)}"
        return f"Argument {sub.side} {about}: {sub.text}"
    if sub.kind == "reply":
        made = next(
            (e for e in view.events if e["seq"] == sub.offer and e["kind"] == "offer_made"), None
        )
        maker = next((a.name for a in view.actors if made and a.id == made["actor"]), None)
        whose = f"{maker}'s offer" if maker else f"offer #{sub.offer}"
        words = {"accept": "Accept", "reject": "Reject", "counter": "Counter"}[sub.reply]
        return f"{words} {whose}" + (f": {sub.terms}" if sub.terms else "")
    if sub.kind == "feedback":
        return f"Feedback ({sub.rating}/5)"
    return f"Answer to question {(sub.question or 0) + 1}: {sub.text}"


YOURS = "yours to answer: o"
"""An offer the team is to answer, and has not answered yet."""


def replies(view: View, statuses: Sequence[Status]) -> dict[int, Status]:
    """The team's latest answer to each offer this turn (by the offer's seq), where it
    stands: sent and waiting for the facilitator, returned, accepted."""
    turn = view.turn.index if view.turn else -1
    out: dict[int, Status] = {}
    for status in statuses:  # in the order they came: the last one counts
        sub = status.submission
        if sub.kind == "reply" and sub.offer is not None and sub.turn == turn:
            out[sub.offer] = status
    return out


def reply_marks(view: View, statuses: Sequence[Status]) -> dict[int, str]:
    """What an offer the team is to answer says about its answer: sent and waiting for
    the facilitator (and what happens if it comes back), or returned and why; one that
    opens in a later turn says from when."""
    marks: dict[int, str] = {}
    now = view.turn.number if view.turn else 0
    for offer in view.offers:
        if offer.why_not:  # the team's to answer, not yet: the engine says why
            later = now < offer.opens
            marks[offer.seq] = (
                f"yours to answer from turn {offer.opens}" if later else clean(offer.why_not)
            )
    for seq, status in replies(view, statuses).items():
        if status.standing == "pending":
            marks[seq] = (
                f"Your answer ({status.submission.reply}) is sent: it waits for the "
                "facilitator. If it comes back, the reason shows here and o answers again."
            )
        elif status.standing == "returned":
            reason = clean(status.reason).rstrip(". ")
            why = f": {reason}" if reason else ""
            marks[seq] = f"Your answer was returned{why}. o answers again."
    return marks


def hint(view: View, can: dict[str, bool], statuses: Sequence[Status] = ()) -> Text:
    """What the team can do now, in one line (and an offer waiting for its answer, or its
    answer waiting for the facilitator)."""
    line = _hint(view, can, statuses)
    if can.get("reply") and view.ended is None:
        sent = replies(view, statuses)
        if all(
            seq in sent and sent[seq].standing == "pending"
            for seq in (o.seq for o in view.offers if o.yours)
        ):
            line.append(
                "  Your answer to the offer is with the facilitator (o replaces it until "
                "it is accepted)."
            )
        else:
            line.append("  An offer waits for your answer: o accepts, rejects or counters it.")
    elif view.ended is None:
        later = next((o for o in view.offers if o.why_not), None)
        if later is not None:  # the engine's words: `it can be answered from turn 6`
            line.append(f"  An offer waits for your answer: {clean(later.why_not)}.")
    return line


def _hint(view: View, can: dict[str, bool], statuses: Sequence[Status]) -> Text:
    if view.ended is not None:
        return Text("The session has ended.")
    turn = view.turn.index if view.turn else -1
    waiting = any(
        s.standing == "pending" and s.submission.kind == "declare" and s.submission.turn == turn
        for s in statuses
    )
    if can.get("declare") and waiting:
        return Text("Your move is with the facilitator (d replaces it until it is accepted).")
    if can.get("declare"):
        return Text("Declaration phase: d declares your team's move (with your reasons).")
    if can.get("argue"):
        return Text("The floor is open: g argues for or against another team's move.")
    if view.phase == "declaration":
        return Text("Your move is in. Wait for the facilitator.")
    return Text(f"{clean(view.phase_title)}: wait for the facilitator.")


class SeatScreen(Screen[None]):
    """One team's seat, drawn again from each new view the app hands it."""

    CSS_PATH = "seat.tcss"

    shown: tuple[View, tuple[Status, ...], dict[str, bool], str] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="seat-top"):
            yield Static(id="heading")
            yield TimerLabel(id="timer")
        yield Static(id="hint")
        with Horizontal(id="body"):
            with VerticalScroll(id="situation-pane"):
                yield Static(id="situation")
            with VerticalScroll(id="team-pane"):
                yield Static(id="mine")
                yield Static(id="offers")
                yield Static(id="team")
                yield Static(id="tracks")
        yield Static(id="status")
        yield Footer()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "narrow")
        self.call_after_refresh(self._redraw)

    def _redraw(self) -> None:
        if self.shown is not None:
            self._draw(*self.shown)

    def on_mount(self) -> None:
        self._redraw()

    def show(
        self, view: View, statuses: Sequence[Status], can: dict[str, bool], status: str
    ) -> None:
        """Draw the team's view (attributes down: the app calls this with each new view)."""
        self.shown = (view, tuple(statuses), can, status)
        if self.is_mounted:
            self._draw(*self.shown)

    def _draw(
        self, view: View, statuses: tuple[Status, ...], can: dict[str, bool], status: str
    ) -> None:
        self.query_one("#heading", Static).update(heading(view))
        self.query_one(TimerLabel).deadline = view.timer.deadline if view.timer else None
        self.query_one("#hint", Static).update(hint(view, can, statuses))
        self.query_one("#situation", Static).update(situation(view, questions=False, waiting=False))
        self.query_one("#mine", Static).update(submissions_panel(view, statuses))
        panel = self.query_one("#offers", Static)
        panel.update(offers(view, yours=YOURS, marks=reply_marks(view, statuses)))
        panel.display = bool(view.offers)
        self.query_one("#team", Static).update(team_panel(view))
        width = self.query_one("#team-pane").size.width or 40
        self.query_one("#tracks", Static).update(tracks(view, width))
        self.query_one("#status", Static).update(Text(clean(status)))
