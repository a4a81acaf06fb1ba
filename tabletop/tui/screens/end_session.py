"""End the session now: choose the outcome (or none) and a closing note."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, RadioButton, RadioSet, Static

from tabletop.tui.screens.dialog import FormDialog
from tabletop.tui.widgets.choice_set import ChosenSet
from tabletop.tui.widgets.dialog_foot import dialog_foot
from tabletop.tui.widgets.fields import TextField

if TYPE_CHECKING:
    from tabletop.engine.session import Session

NO_ENDING = "_none"


class EndSessionScreen(FormDialog[bool]):
    """The end dialog. Dismisses with True once the session has ended."""

    ASKS_BEFORE_DISCARD = True

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", "End", show=False)]
    DEFAULT_CSS = """
    EndSessionScreen .dialog { width: 80; }
    EndSessionScreen RadioSet { width: 1fr; }
    EndSessionScreen .buttons Static { width: 1fr; padding-top: 1; }
    """

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def _holding(self) -> str | None:
        """The first ending whose condition holds now, else the default ending."""
        values = self.session.state.values
        for ending in self.session.scenario.endings:
            if ending.when is not None and ending.when.fn(values) is True:
                return ending.model.id
        default = self.session.scenario.default_ending()
        return default.id if default else None

    def compose(self) -> ComposeResult:
        suggested = self._holding()
        with VerticalScroll(classes="dialog") as dialog:
            dialog.border_title = "End the session"
            yield Static(
                "The outcome is recorded with each actor's objective scores. You can still "
                "undo the ending afterwards.",
                classes="help-text",
            )
            buttons = []
            for ending in self.session.scenario.endings:
                model = ending.model
                title = model.title
                if model.id == suggested:
                    title += "  ← holds now" if ending.when is not None else "  ← the default"
                buttons.append(RadioButton(Text(title), name=model.id))
            buttons.append(RadioButton("No named outcome", name=NO_ENDING))
            names = [button.name for button in buttons]
            chosen = names.index(suggested) if suggested in names else len(buttons) - 1
            yield ChosenSet(*buttons, chosen=chosen, id="ending")
            yield Label("Closing note (optional)", classes="field-label")
            yield TextField(id="note")
            yield from dialog_foot(
                "↑↓ outcome · Tab closing note · Ctrl+S: end · Esc: cancel",
                "End session",
                variant="error",
            )

    def on_mount(self) -> None:
        self.query_one("#ending").focus()

    def action_submit(self) -> None:
        pressed = self.query_one("#ending", RadioSet).pressed_button
        ending = pressed.name if pressed is not None else None
        if ending == NO_ENDING:
            ending = None
        note = self.query_one("#note", TextField).value
        if self.perform(lambda: self.session.end(ending, note=note)):
            self.dismiss(True)
