"""What just happened, read out to the room: outcomes, rules fired, changes, endings."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from tabletop.tui import present
from tabletop.tui.screens.adjudicate import result_text
from tabletop.tui.screens.dialog import Dialog

if TYPE_CHECKING:
    from tabletop.engine.events import Event
    from tabletop.engine.session import Session


def report(session: Session, events: list[Event], *, show_hidden: bool = True) -> Text:
    """The report of what a phase change brought."""
    scenario = session.scenario
    text = Text()
    adjudicated = [e for e in events if e["kind"] == "move_adjudicated"]
    rules = [e for e in events if e["kind"] == "rule_fired"]
    ended = next((e for e in events if e["kind"] == "session_ended"), None)
    entered = [e.get("phase") for e in events if e["kind"] == "phase_changed"]
    if adjudicated:
        text.append("Moves decided\n", style="bold underline")
        for event in adjudicated:
            text.append_text(result_text(session, event, show_hidden=show_hidden))
            text.append("\n\n")
    if "consequences" in entered:
        text.append("Rules that fired\n", style="bold underline")
        if not rules:
            text.append("None this turn.\n")
        for rule in rules:
            text.append(f"• {rule.get('description', rule.get('rule'))}", style="bold")
            if rule.get("narrative"):
                text.append(f"\n  {present.reflow(rule['narrative'])}")
            effects = present.format_changes(
                scenario, rule.get("effects") or (), show_hidden=show_hidden
            )
            if effects:
                text.append(f"\n  {effects}")
            text.append("\n")
        text.append("\nThe board this turn\n", style="bold underline")
        views = present.track_views(scenario, session.state, show_hidden=show_hidden)
        changed = [v for v in views if v.delta]
        if not changed:
            text.append("No track changed since the last turn.\n")
        for view in changed:
            label = view.track.label + ("" if view.track.visible else " (hidden)")
            text.append(f"• {label}: {view.text} ({view.delta})\n")
    if ended is not None:
        text.append("\nThe session has ended: ", style="bold")
        text.append(str(ended.get("title", "")), style="bold")
        if ended.get("summary"):
            text.append(f"\n{present.reflow(ended['summary'])}")
    text.rstrip()
    return text


class ConsequencesScreen(Dialog[None]):
    """Shown after a phase change that decided moves, fired rules or ended the session."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter,n", "cancel", "Continue", show=False)]
    DEFAULT_CSS = """
    ConsequencesScreen .dialog { width: 100; }
    ConsequencesScreen #report { height: auto; }
    """

    def __init__(self, session: Session, events: list[Event], *, show_hidden: bool = True) -> None:
        super().__init__()
        self.session = session
        self.events = events
        self.show_hidden = show_hidden

    def compose(self) -> ComposeResult:
        phases = [e.get("phase") for e in self.events if e["kind"] == "phase_changed"]
        title = "Consequences" if "consequences" in phases else "Adjudication"
        with VerticalScroll(classes="dialog") as dialog:
            dialog.border_title = Text(
                f"{title}: {present.turn_heading(self.session.scenario, self.session.state.turn)}"
            )
            yield Static(
                report(self.session, self.events, show_hidden=self.show_hidden), id="report"
            )
            # Docked: the buttons stay in sight however far the dialog scrolls (80×24).
            with Vertical(classes="dialog-foot"), Horizontal(classes="buttons"):
                yield Button("Continue", variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one("#ok").focus()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.dismiss(None)
