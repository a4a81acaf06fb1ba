"""The hotwash: each exercise objective rated P, S, M or U (HSEEP), with why, its
strengths and its areas for improvement. Follows the end of a session (skippable) and
can be opened again from the end screen to change a rating."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Label, RadioButton, RadioSet, Static

from tabletop.engine.replay import effective
from tabletop.engine.wording import RATINGS, plural
from tabletop.tui.screens.typed import WARNING, TypedGuard
from tabletop.tui.widgets.choice_set import ChosenSet
from tabletop.tui.widgets.fields import TextField
from tabletop.tui.widgets.footer import KeysFooter
from tabletop.tui.widgets.lines_field import LinesField

if TYPE_CHECKING:
    from tabletop.engine.session import Session
    from tabletop.scenario.models import ExerciseObjective

UNRATED = "none"


def observations(session: Session, objective: str) -> list[str]:
    """The observations in effect against an objective, as lines for the rater."""
    scenario = session.scenario
    out = []
    for event in effective(session.events):
        if event["kind"] == "observation" and event["objective"] == objective:
            team = scenario.actors.get(event.get("actor") or "")
            who = f"{team.name}, " if team else ""
            out.append(
                f"Turn {event['turn'] + 1} ({who}{event.get('by', 'facilitator')}): {event['text']}"
            )
    return out


class HotwashScreen(Screen[bool]):
    """Rate every exercise objective. Dismisses with True when saved, None when skipped."""

    CSS_PATH = "hotwash.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save ratings"),
        Binding("escape", "skip", "Skip"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.typed = TypedGuard(self, choices=True)
        """The ratings and texts as the screen opened: Esc asks before it drops changes."""

    def compose(self) -> ComposeResult:
        session = self.session
        yield Static(Text(f" Hotwash: {session.scenario.title}", style="bold"), id="hotwash-title")
        with VerticalScroll(id="hotwash-body"):
            yield Static(
                "Rate each exercise objective with the room: P performed without challenges, "
                "S with some challenges, M with major challenges, U unable to be performed. "
                "Leave one unrated to come back to it. Ratings, strengths and areas for "
                "improvement go into the after-action report; the improvement plan follows. "
                "↑↓ choose a rating, Tab goes to the next field, Ctrl+S saves.",
                classes="help-text",
            )
            for number, objective in enumerate(session.scenario.exercise.values(), 1):
                yield from self._objective(
                    number, objective, session.state.ratings.get(objective.id)
                )
        # Outside the scrolling body: the buttons stay in sight (80×24).
        yield Static(id="error", classes="error")
        with Horizontal(id="hotwash-buttons"):
            yield Button("Save, then the improvement plan", variant="primary", id="save")
            yield Button("Skip", id="skip")
        yield KeysFooter()

    def _objective(
        self, number: int, objective: ExerciseObjective, rated: Mapping[str, Any] | None
    ) -> ComposeResult:
        yield Static(
            Text(f"Objective {number}: {objective.description}"), classes="objective-title"
        )
        facts = Text()
        if objective.capability:
            facts.append(f"Capability: {objective.capability}\n")
        if objective.critical_tasks:
            facts.append("Critical tasks:\n")
        for task in objective.critical_tasks:
            facts.append(f"  • {task}\n")
        for line in observations(self.session, objective.id):
            # An observation of several lines keeps its indent (its lines under its first).
            facts.append(f"  Observed: {line}".replace("\n", "\n            ") + "\n")
        facts.rstrip()
        if facts.plain:
            yield Static(facts, classes="objective-facts")
        current = str(rated["rating"]) if rated else UNRATED
        names = [*RATINGS, UNRATED]
        rating = ChosenSet(
            *(
                RadioButton(f"{letter}: {meaning.lower()}", name=letter)
                for letter, meaning in RATINGS.items()
            ),
            RadioButton("not rated yet", name=UNRATED),
            chosen=names.index(current) if current in names else len(names) - 1,
            id=f"rating-{objective.id}",
        )
        rating.add_class("rating-set")
        yield rating
        yield Label("Why this rating", classes="field-label")
        yield TextField(str((rated or {}).get("observation", "")), id=f"why-{objective.id}")
        yield Label("Strengths (one a line)", classes="field-label")
        yield LinesField(
            id=f"strengths-{objective.id}", text="\n".join((rated or {}).get("strengths") or ())
        )
        yield Label("Areas for improvement (one a line)", classes="field-label")
        yield LinesField(
            id=f"improvements-{objective.id}",
            text="\n".join((rated or {}).get("improvements") or ()),
        )

    def on_mount(self) -> None:
        first = next(iter(self.session.scenario.exercise), None)
        if first is not None:
            self.query_one(f"#rating-{first}").focus()
        self.call_after_refresh(self.typed.remember)

    def _refuse(self, error: str) -> None:
        error_box = self.query_one("#error", Static)
        error_box.update(Text(error[:1].upper() + error[1:]))
        error_box.add_class("-shown")

    def _form(self, objective: str) -> dict[str, Any] | None:
        """What the form says of one objective (None: not rated)."""
        pressed = self.query_one(f"#rating-{objective}", RadioSet).pressed_button
        letter = pressed.name if pressed is not None else None
        form = {
            "rating": letter,
            "observation": self.query_one(f"#why-{objective}", TextField).value.strip(),
            "strengths": self.query_one(f"#strengths-{objective}", LinesField).lines,
            "improvements": self.query_one(f"#improvements-{objective}", LinesField).lines,
        }
        return form if letter and letter != UNRATED else None

    def _unrated_refusal(self) -> str:
        """Why saving must wait, for the first objective left "not rated yet" that saving
        would not leave so: words written for it (only a rating is recorded), or a rating
        recorded before (which stays: a rating is changed, not withdrawn). Empty: none."""
        ratings = self.session.state.ratings
        for number, objective in enumerate(self.session.scenario.exercise, 1):
            if self._form(objective) is not None:
                continue
            rated = ratings.get(objective)
            if rated is not None:
                return (
                    f"objective {number} is rated {rated['rating']} already: a rating can be "
                    "changed to another, not taken back here (u undoes it while it is the "
                    "last thing recorded)"
                )
            if (
                self.query_one(f"#why-{objective}", TextField).value.strip()
                or self.query_one(f"#strengths-{objective}", LinesField).lines
                or self.query_one(f"#improvements-{objective}", LinesField).lines
            ):
                return (
                    f"objective {number} has words written but no rating: rate it (P, S, M "
                    "or U), or clear its words to leave it unrated"
                )
        return ""

    def action_save(self) -> None:
        """Record the ratings rated or changed, all checked before any is recorded and
        recorded as one undoable action (`Session.rate_all`): a save is whole or nothing."""
        perform = getattr(self.app, "perform", None)
        session = self.session
        refusal = self._unrated_refusal()
        if refusal:
            self._refuse(refusal)
            self.app.bell()
            return
        forms = {
            objective: form
            for objective in session.scenario.exercise
            if (form := self._form(objective)) is not None
        }
        recorded: list[Any] = []

        def rate() -> list[Any]:
            recorded.extend(session.rate_all(forms))
            return recorded

        error = perform(rate) if callable(perform) else "no app to record it"
        if error:
            self._refuse(f"{error} (no rating was recorded)")
            return
        if recorded:
            self.app.notify(f"{plural(len(recorded), 'objective')} rated", title="Hotwash")
        self.dismiss(True)

    def action_skip(self) -> None:
        if self.typed.holds():
            self._refuse(WARNING)
            self.app.bell()
            return
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#skip")
    def _skip(self) -> None:
        self.action_skip()
