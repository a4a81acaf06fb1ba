"""The projector: one audience's view of a live session, large and readable, read-only.

Everything on it comes from `engine.audience.View` (the app hands the screen a new view
whenever the journal grows): the turn, its date and place, the injects as read out,
the declarations as revealed, the outcomes, the visible tracks with their trend, the
offers waiting for an answer (public ones; a private offer only on its parties' screens),
the ending. It has no action that records anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Static

from tabletop.engine.audience import (
    DeclarationView,
    InjectView,
    LogLine,
    OfferView,
    TrackView,
    View,
)
from tabletop.engine.wording import printable
from tabletop.export.text import format_date
from tabletop.tui import present
from tabletop.tui.widgets.timer import TimerLabel

TREND = {1: ("▲", "bold green"), -1: ("▼", "bold red"), 0: ("▬", "dim")}
"""A track's trend since the end of the last turn: arrow and style."""

NARROW = 100
"""Below this width, the tracks go under the situation instead of beside it."""


def clean(text: object) -> str:
    return printable(text)


HEADING = "bold"
"""A section's heading on the projector and the seats (`Moves`, `Offers waiting for an
answer`): bold, as the console's and the briefing's headings are; no underline, which
reads heavy on a phone or in a browser."""


def heading(view: View) -> Text:
    """`Turn 2 of 6 · 10 January 2022 · Geneva` over the turn's title."""
    text = Text()
    text.append(clean(view.title), style="bold")
    whom = clean(view.audience_name)
    text.append(f"   {whom[:1].upper() + whom[1:]}'s view", style="italic")
    turn = view.turn
    if turn is None:
        text.append("\nNot started")
        return text
    parts = [f"Turn {turn.number} of {turn.of}", format_date(turn.date)]
    if turn.place:
        parts.append(clean(turn.place))
    text.append("\n" + " · ".join(parts), style="bold")  # on the header's full-width bar
    text.append(f"\n{clean(turn.title)}", style="bold")
    text.append(f"   Phase: {clean(view.phase_title)}")
    return text


def situation(view: View, *, questions: bool = True, waiting: bool = True) -> RenderableType:
    """The ending (once there is one), the turn's briefing and discussion questions (not
    on a seat, which lists them beside its answers: `questions=False`), its injects and
    declarations."""
    parts: list[RenderableType] = []
    if view.ended is not None:
        ended = Text()
        ended.append(f"ENDED: {clean(view.ended.title)}\n", style="bold reverse")
        if view.ended.summary:
            ended.append(present.reflow(clean(view.ended.summary)) + "\n")
        parts.append(ended)
    turn = view.turn
    if turn is not None and turn.briefing:
        parts.append(Text(present.reflow(clean(turn.briefing)) + "\n"))
    if questions and turn is not None and turn.questions and view.ended is None:
        parts.append(Text("Questions for the room", style=HEADING))
        listed = Text()
        for index, question in enumerate(turn.questions, 1):
            listed.append(f"{index}. {' '.join(clean(question).split())}\n")
        parts.append(listed)
    injects = turn_injects(view)
    if injects:
        parts.append(Text("Injects", style=HEADING))
        parts.extend(_inject(i) for i in injects)
    if view.declarations:
        parts.append(Text("Moves", style=HEADING))
        parts.extend(_declaration(d) for d in view.declarations)
    answers = turn_answers(view)
    if answers:
        parts.append(Text("Answers to offers", style=HEADING))
        parts.extend(Text(f"● {present.reflow(clean(line.text))}\n") for line in answers)
    if not parts and waiting:  # (a seat says what its team may do instead, above)
        parts.append(Text("Waiting for the facilitator…", style="italic"))
    return Group(*parts)


ANSWER_KINDS = frozenset({"offer_answered", "offer_countered", "offer_expired"})
"""What became of an offer: once answered it leaves the offers waiting, and this is where
its makers, its addressees and (a public one) the room read that it was accepted,
rejected, countered or left to expire, and what that did."""


def turn_answers(view: View) -> list[LogLine]:
    """This turn's answers to offers, as the audience's log words them (the audience
    decides which it may know of: a private offer's, only its parties)."""
    number = view.turn.number if view.turn else 0
    return [line for line in view.log if line.kind in ANSWER_KINDS and line.turn == number]


def turn_injects(view: View) -> list[InjectView]:
    """The injects delivered this turn, in order."""
    number = view.turn.number if view.turn else 0
    return [i for i in view.injects if i.turn == number]


def _inject(inject: InjectView) -> Text:
    text = Text()
    if inject.private and not inject.text:
        text.append(f"✉ {clean(inject.title)}\n", style="italic")
        return text
    text.append(f"■ {clean(inject.title)}", style="bold")
    if inject.private:
        names = inject.recipient_names or inject.recipients
        text.append(f"  (to {', '.join(clean(r) for r in names)})", style="italic")
    text.append("\n")
    if inject.text:
        text.append(present.reflow(clean(inject.text)) + "\n")
    if inject.changes:
        text.append("  " + ", ".join(clean(c) for c in inject.changes) + "\n", style="dim")
    return text


def _declaration(declaration: DeclarationView) -> RenderableType:
    text = Text()
    text.append(f"● {clean(declaration.actor_name)}: ", style="bold")
    if declaration.secret:
        text.append("a sealed move\n", style="italic")
        return text
    text.append(clean(declaration.label))
    if declaration.sealed:
        text.append(" (sealed)", style="dim")
    body = Text()  # under the move, indented: its lines wrap under it, not at the edge
    if declaration.roll:
        body.append(f"Roll: {clean(declaration.roll)}\n", style="dim")
    if declaration.outcome is not None:
        body.append(f"→ {clean(declaration.outcome)}", style="bold")
        if declaration.changes:
            body.append(f"  [{', '.join(clean(c) for c in declaration.changes)}]")
        body.append("\n")
        if declaration.narrative:
            body.append(f"{present.reflow(clean(declaration.narrative))}\n", style="italic")
    if not body:
        text.append("\n")
        return text
    return Group(text, Padding(body, (0, 0, 0, 2)))


def offers(
    view: View, *, yours: str = "", marks: Mapping[int, str] | None = None
) -> RenderableType:
    """The offers waiting for an answer that the view carries, one entry each: `Russia →
    United States, NATO`, the terms, when the answer closes (nothing: no offer waits). On a
    seat, `yours` marks those its team is to answer now (e.g. "yours to answer: o"), or
    `marks` by the offer's seq (where the team's answer to it stands)."""
    if not view.offers:
        return Text()
    parts: list[RenderableType] = [Text("Offers waiting for an answer", style=HEADING)]
    for offer in view.offers:
        parts.extend(_offer(offer, (marks or {}).get(offer.seq, yours)))
    return Group(*parts)


def _offer(offer: OfferView, yours: str) -> list[RenderableType]:
    head = Text()
    what = "Counter-offer" if offer.counter else "Offer"
    head.append(f"● {what} #{offer.seq}: ", style="bold")
    head.append(f"{clean(offer.actor_name)} → {', '.join(clean(n) for n in offer.to_names)}")
    if offer.private:
        head.append(" (private)", style="italic")
    body = Text(present.reflow(clean(offer.terms)) + "\n")
    when = f"turn {offer.closes}"
    if offer.closes_date:
        when += f" ({format_date(offer.closes_date)})"
    status = f"answer by {when}" if offer.open else f"answers from turn {offer.opens}, by {when}"
    answered = [f"{a} {v}" for a, v in offer.answers.items()]
    if answered:
        status += " · " + ", ".join(clean(a) for a in answered)
    body.append(status, style="dim")
    if yours and (offer.yours or offer.why_not):  # the team's now, or in a later turn
        body.append(f"\n{yours}", style="bold")
    return [head, Padding(body, (0, 0, 0, 2))]


def tracks(view: View, width: int) -> RenderableType:
    """The visible tracks: label, value, trend arrow, history as a sparkline."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(ratio=3)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True, width=1)
    spark = max(0, min(12, width - 40))
    if spark:
        table.add_column(no_wrap=True, width=spark)
    scenario = view.scenario
    for track in view.tracks:
        arrow, style = TREND[track.trend]
        row: list[RenderableType] = [
            Text(clean(track.label)),
            Text(clean(track.text), style="bold"),
            Text(arrow, style=style),
        ]
        if spark:
            model = scenario.tracks.get(track.id) if scenario else None
            row.append(Text(present.sparkline(model, _series(track), spark) if model else ""))
        table.add_row(*row)
    return table


def _series(track: TrackView) -> list[object]:
    return [*track.history, track.value]


class ProjectorScreen(Screen[None]):
    """One audience's view, drawn again from each new View the app hands it."""

    CSS_PATH = "projector.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "Quit")]

    def __init__(self) -> None:
        super().__init__()
        self.drawn: dict[str, object] = {}
        """What each part on screen was drawn from: a part is drawn again only when that
        changed (a new event mostly changes one or two of them)."""

    def compose(self) -> ComposeResult:
        yield Static(id="heading")
        yield TimerLabel(id="timer")
        with Horizontal(id="body"):
            with VerticalScroll(id="situation-pane"):
                yield Static(id="situation")
            with VerticalScroll(id="tracks-pane"):
                yield Static(id="tracks")
                yield Static(id="offers")
        yield Static(id="status")

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "narrow")
        self.call_after_refresh(self._redraw)

    def _redraw(self) -> None:
        """Draw what is shown now again (the tracks' width depends on the screen's)."""
        if self.shown is not None:
            self._draw(*self.shown)

    shown: tuple[View, str] | None = None
    """The view on screen and the status line under it."""

    def on_mount(self) -> None:
        if self.shown is not None:
            self._draw(*self.shown)

    def show(self, view: View, status: str) -> None:
        """Draw `view` (attributes down: the app calls this with each new view)."""
        self.shown = (view, status)
        if self.is_mounted:
            self._draw(view, status)

    def _changed(self, part: str, source: object) -> bool:
        """Whether `part` must be drawn again for `source` (and note that it will be)."""
        drawn = self.drawn
        if part in drawn and drawn[part] == source:
            return False
        drawn[part] = source
        return True

    def _draw(self, view: View, status: str) -> None:
        turn = view.turn
        if self._changed("heading", (view.title, view.audience_name, turn, view.phase_title)):
            self.query_one("#heading", Static).update(heading(view))
        self.query_one(TimerLabel).deadline = view.timer.deadline if view.timer else None
        shown = (view.ended, turn, turn_injects(view), view.declarations, turn_answers(view))
        if self._changed("situation", shown):
            self.query_one("#situation", Static).update(situation(view))
            pane = self.query_one("#situation-pane", VerticalScroll)
            # The latest move in sight; once the session has ended, its ending (on top).
            if view.ended is None:
                pane.scroll_end(animate=False)
            else:
                pane.scroll_home(animate=False)
        width = self.query_one("#tracks-pane").size.width or 40
        if self._changed("tracks", (view.tracks, width)):
            self.query_one("#tracks", Static).update(tracks(view, width))
        if self._changed("offers", view.offers):
            panel = self.query_one("#offers", Static)
            panel.update(offers(view))
            panel.display = bool(view.offers)
        if self._changed("status", status):
            self.query_one("#status", Static).update(Text(clean(status)))
