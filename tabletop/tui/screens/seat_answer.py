"""A team answers one of the turn's discussion questions. Dismisses with the fields."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from tabletop.engine.audience import View
from tabletop.tui.screens.dialog import FormDialog
from tabletop.tui.screens.projector import clean
from tabletop.tui.widgets.lines_field import LinesField


class SeatAnswerScreen(FormDialog[dict[str, Any]]):
    """Choose a question, write the team's answer."""

    CSS_PATH = "seat_forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", "Submit", show=False)]

    def __init__(self, view: View) -> None:
        super().__init__()
        self.questions = view.turn.questions if view.turn else ()

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog") as dialog:
            dialog.border_title = "Answer a discussion question"
            yield OptionList(
                *(
                    Option(Text(f"{n}. {clean(q)}"), id=str(n - 1))
                    for n, q in enumerate(self.questions, 1)
                ),
                id="questions",
            )
            yield Static("Your team's answer", classes="field-label")
            yield LinesField(id="text")
            yield Static(id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Submit", variant="primary", id="ok")

    def on_mount(self) -> None:
        questions = self.query_one(OptionList)
        if self.questions:
            questions.highlighted = 0
        questions.focus()

    def action_submit(self) -> None:
        questions = self.query_one(OptionList)
        text = self.query_one("#text", LinesField).text.strip()
        if questions.highlighted is None:
            self.show_error("this turn has no discussion question")
            return
        if not text:
            self.show_error("write your answer")
            self.query_one("#text").focus()
            return
        self.dismiss({"kind": "answer", "question": questions.highlighted, "text": text})
