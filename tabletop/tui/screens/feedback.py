"""A participant's feedback form, entered by the facilitator: what worked, what to
change, a rating from 1 to 5. (A team's seat submits the same `feedback` event.)"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, RadioButton, RadioSet, Select, Static

from tabletop.tui.screens.dialog import FormDialog
from tabletop.tui.widgets.choice_set import DefaultSet
from tabletop.tui.widgets.dialog_foot import dialog_foot
from tabletop.tui.widgets.fields import TextField
from tabletop.tui.widgets.lines_field import LinesField

if TYPE_CHECKING:
    from tabletop.engine.session import Session

NO_TEAM = "__none__"
SCORES = (
    (1, "1 poor"),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, "5 excellent"),
)
DEFAULT_RATING = 4
"""The rating a form starts at (and goes back to for the next participant)."""


def answers() -> ComposeResult:
    """The form's questions, shared by the console's form and a team seat's."""
    yield Label("What worked", classes="field-label")
    yield LinesField(id="worked")
    yield Label("What to change", classes="field-label")
    yield LinesField(id="change")
    yield Label("Overall rating", classes="field-label")
    buttons = [RadioButton(label, name=str(n)) for n, label in SCORES]
    yield DefaultSet(*buttons, default=DEFAULT_RATING - 1, id="rating")


class FeedbackScreen(FormDialog[bool]):
    """The feedback form. Saving records one form and clears it for the next participant;
    Esc closes. Dismisses with True when at least one form was recorded."""

    ASKS_BEFORE_DISCARD = True

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", "Save", show=False)]
    DEFAULT_CSS = """
    FeedbackScreen .dialog { width: 84; }
    FeedbackScreen LinesField { height: 4; }
    FeedbackScreen RadioSet { layout: horizontal; width: 1fr; }
    FeedbackScreen .buttons Static { width: 1fr; padding-top: 1; }
    """

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.saved = 0

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog") as dialog:
            dialog.border_title = "Participant feedback"
            yield Static(
                "One form per participant. Save records it and clears the form for the next; "
                "the report summarises them.",
                classes="help-text",
            )
            yield Label("Participant (empty: anonymous)", classes="field-label")
            yield TextField(id="participant")
            yield Label("Team", classes="field-label")
            yield Select(
                [("No team", NO_TEAM)]
                + [(Text(a.name), a.id) for a in self.session.scenario.model.actors],
                value=NO_TEAM,
                allow_blank=False,
                id="team",
            )
            yield from answers()
            yield from dialog_foot("Ctrl+S: save · Esc: close", "Save", "Close")

    def on_mount(self) -> None:
        self.query_one("#participant").focus()

    def action_cancel(self) -> None:
        if self.keeps_typed():
            return
        self.dismiss(self.saved > 0)

    def action_submit(self) -> None:
        participant = self.query_one("#participant", TextField).value
        team = self.query_one("#team", Select).value
        worked = self.query_one("#worked", LinesField).text
        change = self.query_one("#change", LinesField).text
        pressed = self.query_one("#rating", RadioSet).pressed_button
        rating = int(pressed.name) if pressed is not None and pressed.name else 0
        actor = team if isinstance(team, str) and team != NO_TEAM else None
        session = self.session
        if self.perform(
            lambda: session.feedback(worked, change, rating, participant=participant, actor=actor)
        ):
            self.saved += 1
            self.app.notify(
                participant.strip() or "anonymous", title=f"Feedback saved ({rating}/5)"
            )
            self.query_one("#participant", TextField).value = ""
            self.query_one("#worked", LinesField).text = ""
            self.query_one("#change", LinesField).text = ""
            self.query_one("#rating", DefaultSet).reset()  # not the last participant's
            self.query_one("#participant").focus()
            self.typed.remember()
