"""A participant at a team's seat fills in the feedback form: what worked, what to
change, a rating from 1 to 5. Dismisses with the fields of a `feedback` submission; the
facilitator accepts it into the journal as the same `feedback` event the console's own
form records."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Label, RadioSet, Static

from tabletop.tui.screens.dialog import FormDialog
from tabletop.tui.screens.feedback import DEFAULT_RATING, answers
from tabletop.tui.widgets.fields import TextField
from tabletop.tui.widgets.lines_field import LinesField


class SeatFeedbackScreen(FormDialog[dict[str, Any]]):
    """One participant's feedback form."""

    CSS_PATH = "seat_forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", "Submit", show=False)]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog") as dialog:
            dialog.border_title = "Your feedback on the exercise"
            yield Static(
                "One form per participant: the facilitator sees it, the report summarises "
                "it, the other teams never see it.",
                classes="help-text",
            )
            yield Label("Your name (empty: anonymous)", classes="field-label")
            yield TextField(id="participant")
            yield from answers()
            yield Static(id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Submit", variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one("#participant").focus()

    def action_submit(self) -> None:
        worked = self.query_one("#worked", LinesField).text.strip()
        change = self.query_one("#change", LinesField).text.strip()
        if not worked and not change:
            self.show_error("write what worked or what to change")
            self.query_one("#worked").focus()
            return
        pressed = self.query_one("#rating", RadioSet).pressed_button
        rating = int(pressed.name) if pressed is not None and pressed.name else DEFAULT_RATING
        self.dismiss(
            {
                "kind": "feedback",
                "participant": self.query_one("#participant", TextField).value.strip(),
                "worked": worked,
                "change": change,
                "rating": rating,
            }
        )
