"""The session details: the exercise's name, facilitator, evaluators, venue and who sits
at each team's table. Asked before a new session begins (skippable), editable later."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Static

from tabletop.tui.screens.dialog import FormDialog
from tabletop.tui.widgets.dialog_foot import dialog_foot
from tabletop.tui.widgets.fields import TextField

if TYPE_CHECKING:
    from tabletop.engine.session import Session
    from tabletop.scenario.compiled import CompiledScenario


def split_names(text: str) -> list[str]:
    """`A. Smith, B. Jones` → ["A. Smith", "B. Jones"] (commas or semicolons)."""
    return [name.strip() for name in text.replace(";", ",").split(",") if name.strip()]


class SessionDetailsScreen(FormDialog[dict[str, Any]]):
    """The details form. Without a session (before one begins) it dismisses with the
    details as keyword arguments for `Session.set_details`; with one, it records them
    and dismisses with them (a form saved blank, or unchanged, records nothing and says
    so). Escape skips (dismisses with None)."""

    ASKS_BEFORE_DISCARD = True

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", "Save", show=False)]
    DEFAULT_CSS = """
    SessionDetailsScreen .dialog { width: 92; max-height: 90%; }
    SessionDetailsScreen .row { height: 3; }
    SessionDetailsScreen .row Label { width: 30; padding-top: 1; }
    SessionDetailsScreen .row TextField { width: 1fr; }
    SessionDetailsScreen .buttons Static { width: 1fr; padding-top: 1; }
    """

    def __init__(
        self,
        scenario: CompiledScenario,
        *,
        session: Session | None = None,
        details: Mapping[str, Any] | None = None,
        ok_label: str = "Save",
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.session = session
        state_details = session.state.details if session is not None else None
        self.details: Mapping[str, Any] = details or state_details or {}
        self.ok_label = ok_label

    def compose(self) -> ComposeResult:
        d = self.details
        seated: Mapping[str, list[str]] = d.get("participants") or {}
        with VerticalScroll(classes="dialog") as dialog:
            dialog.border_title = "Session details"
            yield Static(
                "For the after-action report's exercise overview. Every field is optional; "
                "Esc skips, and D changes them later (or the palette: Session details).",
                classes="help-text",
            )
            rows = [
                ("Exercise name", "exercise", str(d.get("exercise", ""))),
                ("Facilitator", "facilitator", str(d.get("facilitator", ""))),
                ("Evaluators (commas)", "evaluators", ", ".join(d.get("evaluators") or ())),
                ("Venue", "venue", str(d.get("venue", ""))),
            ] + [
                (f"{a.name}: who plays", f"team-{a.id}", ", ".join(seated.get(a.id) or ()))
                for a in self.scenario.model.actors
            ]
            for label, field_id, value in rows:
                with Horizontal(classes="row"):
                    yield Label(Text(label))  # an actor's name is shown as written
                    yield TextField(value, id=field_id)
            yield from dialog_foot("Ctrl+S: save · Esc: skip", self.ok_label, "Skip")

    def on_mount(self) -> None:
        self.query_one("#exercise").focus()

    def values(self) -> dict[str, Any]:
        """The form as keyword arguments for `Session.set_details`."""

        def text(field_id: str) -> str:
            return self.query_one(f"#{field_id}", TextField).value.strip()

        return {
            "exercise": text("exercise"),
            "facilitator": text("facilitator"),
            "evaluators": split_names(text("evaluators")),
            "venue": text("venue"),
            "participants": {
                actor.id: names
                for actor in self.scenario.model.actors
                if (names := split_names(text(f"team-{actor.id}")))
            },
        }

    def action_submit(self) -> None:
        values = self.values()
        session = self.session
        if session is None:
            self.dismiss(values)
            return
        recorded: list[Any] = []

        def save() -> list[Any]:
            recorded.extend(session.set_details(**values))
            return recorded

        if not self.perform(save):
            return
        if recorded:
            self.app.notify("Session details saved", title="Details")
        else:  # the engine records details that change nothing as nothing
            why = "every field is blank" if not any(values.values()) else "nothing changed"
            self.app.notify(f"Nothing recorded: {why}", title="Details")
        self.dismiss(values)
