"""The seats' submissions waiting, one by one: accept it, or return it to its team with a
reason (the team's seat shows the reason). `A` on the console accepts them all at once."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from tabletop.engine.submissions import Submission, what
from tabletop.engine.wording import printable
from tabletop.seats import Desk
from tabletop.tui.screens.dialog import Dialog
from tabletop.tui.widgets.fields import TextField


def details(desk: Desk, submission: Submission) -> Text:
    """What the facilitator reads before deciding (a sealed move's label too: the
    facilitator may know it; the room's screens never show this dialog)."""
    text = Text()
    text.append(printable(desk.headline(submission)) + "\n", style="bold")
    if submission.kind == "declare":
        text.append(f"Move: {printable(what(desk.live.scenario, submission))}\n")
        if submission.narrative:
            text.append(f"Intent: {printable(submission.narrative)}\n")
        for reason in submission.reasons_for:
            text.append(f"+ {printable(reason)}\n")
    elif submission.kind == "reply":
        if submission.terms:
            text.append(f"Counter terms: {printable(submission.terms)}\n")
        if submission.text:
            text.append(f"Why: {printable(submission.text)}\n")
    else:
        text.append(printable(submission.text) + "\n")
    if submission.at:
        text.append(f"Submitted {printable(submission.at)}", style="dim")
    return text


class SeatsScreen(Dialog[None]):
    """Pending submissions; accept or return the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", show=False),
        Binding("ctrl+a", "accept", "Accept", show=False),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.items: list[Submission] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog") as dialog:
            dialog.border_title = "Submissions from the seats"
            yield OptionList(id="pending")
            yield Static(id="detail", classes="info")
            yield Static("Reason, to return it to the team", classes="field-label")
            yield TextField(placeholder="e.g. Say who signs the letter", id="reason")
            # Docked: the buttons stay in sight however far the dialog scrolls (80×24).
            with Vertical(classes="dialog-foot"):
                yield Static(id="error", classes="error")
                with Horizontal(classes="buttons"):
                    yield Button("Close", id="close")
                    yield Button("Return", variant="warning", id="return")
                    yield Button("Accept", variant="primary", id="accept")

    def on_mount(self) -> None:
        self._fill()
        self.query_one(OptionList).focus()

    def _fill(self) -> None:
        self.items = self.desk.pending()
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            [Option(Text(printable(self.desk.headline(s))), id=s.id) for s in self.items]
        )
        if self.items:
            options.highlighted = 0
        else:
            self.query_one("#detail", Static).update("Nothing is waiting.")
        self._show()

    @property
    def chosen(self) -> Submission | None:
        index = self.query_one(OptionList).highlighted
        return self.items[index] if index is not None and index < len(self.items) else None

    @on(OptionList.OptionHighlighted)
    def _show(self) -> None:
        chosen = self.chosen
        if chosen is not None:
            self.query_one("#detail", Static).update(details(self.desk, chosen))

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#accept")
    @on(OptionList.OptionSelected)
    def action_accept(self) -> None:
        chosen = self.chosen
        if chosen is not None and self.perform(lambda: self.desk.accept(chosen)):
            self._fill()

    @on(Button.Pressed, "#return")
    def _return(self) -> None:
        chosen = self.chosen
        reason = self.query_one("#reason", TextField).value
        if chosen is None:
            return
        if not reason.strip():
            self.show_error("say why it goes back to the team")
            self.query_one("#reason").focus()
            return
        if self.perform(lambda: self.desk.give_back(chosen, reason)):
            self.query_one("#reason", TextField).value = ""
            self._fill()
