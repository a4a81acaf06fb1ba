"""An observation against an exercise objective: what the facilitator or an evaluator
saw, of one team or of the room."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, Select, Static

from tabletop.tui.screens.dialog import FormDialog
from tabletop.tui.widgets.dialog_foot import dialog_foot
from tabletop.tui.widgets.fields import TextField
from tabletop.tui.widgets.lines_field import LinesField

if TYPE_CHECKING:
    from tabletop.engine.session import Session

ROOM = "__room__"


def objective_options(session: Session) -> list[tuple[Text, str]]:
    """(label, id) of each exercise objective, with its capability (as written: a
    dropdown reads a plain string as markup)."""
    return [
        (Text(f"{o.description} ({o.capability})" if o.capability else o.description), o.id)
        for o in session.scenario.exercise.values()
    ]


class ObservationScreen(FormDialog[bool]):
    """The observation dialog. Dismisses with True once the observation is recorded."""

    ASKS_BEFORE_DISCARD = True

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", "Save", show=False)]
    DEFAULT_CSS = """
    ObservationScreen .dialog { width: 88; }
    ObservationScreen #text { height: 5; }
    ObservationScreen .buttons Static { width: 1fr; padding-top: 1; }
    """

    def __init__(self, session: Session, *, observer: str = "") -> None:
        super().__init__()
        self.session = session
        self.observer = observer

    def compose(self) -> ComposeResult:
        session = self.session
        options = objective_options(session)
        with VerticalScroll(classes="dialog") as dialog:
            dialog.border_title = "Record an observation"
            yield Static(
                "What you saw, against one of the exercise's objectives: it goes into the "
                "after-action report under that objective. Only the facilitator and the "
                "evaluators see observations.",
                classes="help-text",
            )
            yield Label("Objective", classes="field-label")
            yield Select(
                options,
                value=options[0][1] if options else Select.BLANK,
                allow_blank=not options,
                id="objective",
            )
            yield Label("Team observed", classes="field-label")
            yield Select(
                [("The whole room", ROOM)]
                + [(Text(a.name), a.id) for a in session.scenario.model.actors],
                value=ROOM,
                allow_blank=False,
                id="team",
            )
            yield Label("Observed by (empty: the facilitator)", classes="field-label")
            yield TextField(self.observer, id="observer")
            yield Label("Observation", classes="field-label")
            yield LinesField(id="text")
            yield from dialog_foot("Ctrl+S: save · Esc: cancel")

    def on_mount(self) -> None:
        self.query_one("#text").focus()

    def action_submit(self) -> None:
        objective = self.query_one("#objective", Select).value
        team = self.query_one("#team", Select).value
        by = self.query_one("#observer", TextField).value.strip() or "facilitator"
        text = self.query_one("#text", LinesField).text
        session = self.session
        if not isinstance(objective, str):
            self.show_error("the scenario has no exercise objectives to observe against")
            return
        actor = team if isinstance(team, str) and team != ROOM else None
        if self.perform(lambda: session.observe(text, objective, actor=actor, by=by)):
            self.app.notify(text.strip()[:80], title="Observed")
            self.dismiss(True)
