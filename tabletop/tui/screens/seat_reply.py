"""A team answers an offer addressed to it: accept, reject, or counter with amended terms.
Dismisses with the submission's fields (the facilitator accepts it into the journal)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from tabletop.engine.audience import View
from tabletop.engine.submissions import answerable
from tabletop.engine.wording import one_line
from tabletop.tui.screens.dialog import FormDialog
from tabletop.tui.screens.projector import clean
from tabletop.tui.widgets.choice_set import ChoiceSet
from tabletop.tui.widgets.fields import TextField
from tabletop.tui.widgets.lines_field import LinesField

REPLIES = (("accept", "Accept"), ("reject", "Reject"), ("counter", "Counter"))


class SeatReplyScreen(FormDialog[dict[str, Any]]):
    """Choose an offer, the answer, and for a counter the amended terms."""

    CSS_PATH = "seat_forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", "Submit", show=False)]

    def __init__(self, view: View) -> None:
        super().__init__()
        self.offers = answerable(view)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog") as dialog:
            dialog.border_title = "Answer an offer"
            yield OptionList(
                *(
                    Option(
                        Text(f"{clean(o.actor_name)}: {clean(one_line(o.terms))}"),
                        id=str(o.seq),
                    )
                    for o in self.offers
                ),
                id="offers",
            )
            with ChoiceSet(id="reply"):
                for reply, title in REPLIES:
                    yield RadioButton(title, value=reply == "accept", id=reply)
            yield Static("For a counter: your amended terms", classes="field-label")
            yield LinesField(id="terms")
            yield Static("Why (optional)", classes="field-label")
            yield TextField(placeholder="Your team's reason", id="text")
            yield Static(id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Submit", variant="primary", id="ok")

    def on_mount(self) -> None:
        offers = self.query_one(OptionList)
        if self.offers:
            offers.highlighted = 0
        offers.focus()

    def action_submit(self) -> None:
        offers = self.query_one(OptionList)
        if offers.highlighted is None or not self.offers:
            self.show_error("no offer waits for your answer now")
            return
        pressed = self.query_one(RadioSet).pressed_button
        reply = pressed.id if pressed is not None and pressed.id else "accept"
        terms = self.query_one("#terms", LinesField).text.strip()
        if reply == "counter" and not terms:
            self.show_error("a counter needs your amended terms")
            self.query_one("#terms").focus()
            return
        fields: dict[str, Any] = {
            "kind": "reply",
            "offer": self.offers[offers.highlighted].seq,
            "reply": reply,
            "text": self.query_one("#text", TextField).value.strip(),
        }
        if reply == "counter":
            fields["terms"] = terms
        self.dismiss(fields)
