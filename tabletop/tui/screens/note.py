"""A facilitator note at any moment: a note, a strength, or an area to improve."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, RadioButton, RadioSet, Select, Static

from tabletop.tui.screens.dialog import FormDialog
from tabletop.tui.widgets.choice_set import ChoiceSet
from tabletop.tui.widgets.dialog_foot import dialog_foot
from tabletop.tui.widgets.lines_field import LinesField

if TYPE_CHECKING:
    from tabletop.engine.session import Session

TAGS = (("note", "Note"), ("strength", "Strength"), ("improvement", "Area to improve"))
NO_OBJECTIVE = "__none__"


class NoteScreen(FormDialog[bool]):
    """The note dialog. Dismisses with True once the note is recorded."""

    ASKS_BEFORE_DISCARD = True

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", "Save", show=False)]
    DEFAULT_CSS = """
    NoteScreen .dialog { width: 80; }
    NoteScreen #text { height: 6; }
    NoteScreen RadioSet { layout: horizontal; width: 1fr; }
    NoteScreen .buttons Static { width: 1fr; padding-top: 1; }
    """

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog") as dialog:
            dialog.border_title = "Add a note"
            yield Static(
                "Notes stay with the facilitator: never shown to the room. Strengths and areas "
                "to improve go into the report's debrief.",
                classes="help-text",
            )
            yield ChoiceSet(
                *(RadioButton(title, value=tag == "note", name=tag) for tag, title in TAGS),
                id="tag",
            )
            exercise = self.session.scenario.exercise
            if exercise:  # a strength or an area to improve can name an exercise objective
                yield Label("About the exercise objective (optional)", classes="field-label")
                yield Select(
                    [("No objective", NO_OBJECTIVE)]
                    + [(Text(o.description), o.id) for o in exercise.values()],
                    value=NO_OBJECTIVE,
                    allow_blank=False,
                    id="objective",
                )
            yield Label("Note", classes="field-label")
            yield LinesField(id="text")
            yield from dialog_foot("Ctrl+S: save · Esc: cancel")

    def on_mount(self) -> None:
        self.reset()

    def reset(self) -> None:
        """A new opening: a plain note, no objective, no text, the focus on the text."""
        self.query_one("#tag", ChoiceSet).choose(0)  # TAGS[0]: a note
        if self.query("#objective"):
            self.query_one("#objective", Select).value = NO_OBJECTIVE
        text = self.query_one("#text", LinesField)
        if text.text:
            text.text = ""
        text.focus()

    def action_submit(self) -> None:
        button = self.query_one("#tag", RadioSet).pressed_button
        tag = button.name if button is not None and button.name else "note"
        text = self.query_one("#text", LinesField).text
        chosen = self.query_one("#objective", Select).value if self.query("#objective") else None
        objective = chosen if isinstance(chosen, str) and chosen != NO_OBJECTIVE else None
        if self.perform(lambda: self.session.note(text, tag, objective=objective)):
            self.app.notify(text.strip()[:80], title="Noted" if tag == "note" else dict(TAGS)[tag])
            self.dismiss(True)
