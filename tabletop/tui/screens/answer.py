"""Answer an offer for its addressee: accept, reject, or counter with amended terms."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, RadioButton, RadioSet, Select, Static

from tabletop.engine import wording
from tabletop.tui.screens.dialog import FormDialog
from tabletop.tui.widgets.choice_set import ChoiceSet
from tabletop.tui.widgets.dialog_foot import dialog_foot
from tabletop.tui.widgets.fields import TextField
from tabletop.tui.widgets.lines_field import LinesField

if TYPE_CHECKING:
    from tabletop.engine.session import Session

ANSWERS = (("accept", "Accept"), ("reject", "Reject"), ("counter", "Counter"))


def offer_line(session: Session, seq: int, actor: str) -> str:
    """An open offer for one addressee, in words: who offers what to whom."""
    offer = session.state.offers[seq]
    actors = session.scenario.actors
    what = "counter-offer" if offer.counter_of else "offer"
    private = " (private)" if offer.private else ""
    return (
        f"{actors[actor].name} answers {actors[offer.actor].name}'s {what}{private}: "
        f"{wording.one_line(offer.terms)}"
    )


class AnswerScreen(FormDialog[bool]):
    """The answer dialog. Dismisses with True once the answer is recorded."""

    ASKS_BEFORE_DISCARD = True

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", "Save", show=False)]
    DEFAULT_CSS = """
    AnswerScreen .dialog { width: 90; }
    AnswerScreen #effects { height: 4; }
    AnswerScreen RadioSet { layout: horizontal; width: 1fr; }
    AnswerScreen .buttons Static { width: 1fr; padding-top: 1; }
    """

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        choices = [
            (Text(offer_line(self.session, offer.seq, actor)), f"{offer.seq}:{actor}")
            for offer, actor in self.session.open_offers()
        ]
        with VerticalScroll(classes="dialog") as dialog:
            dialog.border_title = "Answer an offer"
            yield Static(
                "The addressee's answer. A counter is a new offer back, with its own terms "
                "and what they do if accepted.",
                classes="help-text",
            )
            yield Label("Offer", classes="field-label")
            yield Select(choices, value=choices[0][1] if choices else Select.BLANK, id="offer")
            yield ChoiceSet(
                *(
                    RadioButton(title, value=a == "accept", name=a, id=f"answer-{a}")
                    for a, title in ANSWERS
                ),
                id="answer",
            )
            yield Label("Counter terms (for a counter)", classes="field-label")
            yield TextField(id="terms")
            yield Label("If the counter is accepted: effects, one a line", classes="field-label")
            yield LinesField(id="effects")
            yield Label("Reason (optional)", classes="field-label")
            yield TextField(id="reason")
            yield from dialog_foot("Ctrl+S: save · Esc: cancel")

    def on_mount(self) -> None:
        self.query_one("#answer").focus()

    def action_submit(self) -> None:
        chosen = self.query_one("#offer", Select).value
        if not isinstance(chosen, str):
            self.show_error("no offer is waiting for an answer")
            return
        seq, actor = chosen.split(":", 1)
        button = self.query_one("#answer", RadioSet).pressed_button
        answer = button.name if button is not None and button.name else "accept"
        terms = self.query_one("#terms", TextField).value
        effects = self.query_one("#effects", LinesField).text.splitlines()
        reason = self.query_one("#reason", TextField).value
        if self.perform(
            lambda: self.session.answer_offer(
                int(seq), actor, answer, terms=terms, effects=effects, reason=reason
            )
        ):
            self.app.notify(f"{answer}: {actor}", title="Answered")
            self.dismiss(True)
