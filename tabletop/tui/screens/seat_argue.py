"""A team argues for or against another team's move, when the floor is open (the
adjudication phase, before the move is rolled). Dismisses with the submission's fields."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from tabletop.engine.audience import View
from tabletop.engine.submissions import arguable
from tabletop.tui.screens.dialog import FormDialog
from tabletop.tui.screens.projector import clean
from tabletop.tui.widgets.choice_set import ChoiceSet
from tabletop.tui.widgets.fields import TextField


class SeatArgueScreen(FormDialog[dict[str, Any]]):
    """Choose a move, for or against, and the argument."""

    CSS_PATH = "seat_forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", "Submit", show=False)]

    def __init__(self, view: View) -> None:
        super().__init__()
        self.view = view
        self.moves = arguable(view)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog") as dialog:
            dialog.border_title = "Argue about a move"
            yield OptionList(
                *(
                    Option(Text(f"{clean(d.actor_name)}: {clean(d.label)}"), id=str(d.seq))
                    for d in self.moves
                ),
                id="targets",
            )
            with ChoiceSet(id="side"):
                yield RadioButton("For it", value=True, id="for")
                yield RadioButton("Against it", id="against")
            yield Static("Your argument", classes="field-label")
            yield TextField(placeholder="Why it should (or should not) work", id="text")
            yield Static(id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Submit", variant="primary", id="ok")

    def on_mount(self) -> None:
        targets = self.query_one(OptionList)
        if self.moves:
            targets.highlighted = 0
        targets.focus()

    def action_submit(self) -> None:
        targets = self.query_one(OptionList)
        if targets.highlighted is None or not self.moves:
            self.show_error("no move can be argued about now")
            return
        text = self.query_one("#text", TextField).value.strip()
        if not text:
            self.show_error("give your argument")
            self.query_one("#text").focus()
            return
        pressed = self.query_one(RadioSet).pressed_button
        self.dismiss(
            {
                "kind": "argue",
                "declaration": self.moves[targets.highlighted].seq,
                "side": "against" if pressed is not None and pressed.id == "against" else "for",
                "text": text,
            }
        )
