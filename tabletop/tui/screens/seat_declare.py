"""A team declares its move from its seat: a catalogue move of its own (those it cannot
declare now are shown with why, from the team's view) or a free-form one, its reasons,
sealed or not. Dismisses with the submission's fields; the app submits them."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, OptionList, Static
from textual.widgets.option_list import Option

from tabletop.engine.audience import View
from tabletop.tui.screens.dialog import FormDialog
from tabletop.tui.screens.projector import clean
from tabletop.tui.widgets.fields import TextField
from tabletop.tui.widgets.lines_field import LinesField

FREEFORM = "__freeform__"


class SeatDeclareScreen(FormDialog[dict[str, Any]]):
    """Choose a move (or write one), give reasons, seal it or not; submit."""

    CSS_PATH = "seat_forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", "Submit", show=False)]

    def __init__(self, view: View) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        options = [
            Option(
                Text(clean(m.label) + ("" if m.available else f"  — {clean(m.why)}")),
                id=m.id,
                disabled=not m.available,
            )
            for m in self.view.moves
        ]
        options.append(Option(Text("A free-form move (write your own)…"), id=FREEFORM))
        with VerticalScroll(classes="dialog") as dialog:
            dialog.border_title = "Declare your team's move"
            yield OptionList(*options, id="moves")
            yield Static(id="move-info", classes="info")
            yield Static("Free-form move: what you do", classes="field-label freeform")
            yield TextField(placeholder="e.g. Call an emergency summit", id="label", max_length=200)
            yield Static("What you intend (optional)", classes="field-label freeform")
            yield TextField(placeholder="In a sentence or two", id="narrative", max_length=2000)
            yield Static("Your reasons for it, one per line", classes="field-label")
            yield LinesField(id="reasons", placeholder="Each reason argued may help the roll")
            yield Checkbox("Sealed: other teams see only that you moved", id="sealed")
            yield Static(id="error", classes="error")
            # The seat's keys, as the console's declare dialog says its own: no digit
            # keys here (a team picks from its list), and ctrl+s submits. On a line of
            # their own: beside the buttons, a phone's browser squeezed them to a column.
            yield Static(
                "Enter picks · Tab next · ctrl+s submits · Esc closes",
                classes="help-text keys",
            )
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Submit", variant="primary", id="ok")

    def on_mount(self) -> None:
        moves = self.query_one(OptionList)
        first = next(
            (i for i, m in enumerate(self.view.moves) if m.available), len(self.view.moves)
        )
        moves.highlighted = first
        moves.focus()
        self._show_kind()

    @property
    def chosen(self) -> str | None:
        moves = self.query_one(OptionList)
        if moves.highlighted is None:
            return None
        option = moves.get_option_at_index(moves.highlighted)
        return None if option.disabled else option.id

    @on(OptionList.OptionHighlighted)
    def _show_kind(self) -> None:
        chosen = self.chosen
        freeform = chosen == FREEFORM
        for widget in self.query(".freeform"):
            widget.display = freeform
        self.query_one("#label").display = freeform
        self.query_one("#narrative").display = freeform
        move = next((m for m in self.view.moves if m.id == chosen), None)
        info = self.query_one("#move-info", Static)
        info.display = move is not None and bool(move.description)
        if move is not None:
            info.update(Text(clean(move.description)))

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        if self.chosen == FREEFORM:
            self.query_one("#label").focus()
        else:
            self.query_one("#reasons").focus()

    def action_submit(self) -> None:
        chosen = self.chosen
        if chosen is None:
            self.show_error("choose a move, or a free-form one")
            return
        fields: dict[str, Any] = {
            "kind": "declare",
            "move": None if chosen == FREEFORM else chosen,
            "reasons_for": self.query_one("#reasons", LinesField).lines,
            "sealed": self.query_one("#sealed", Checkbox).value,
        }
        if chosen == FREEFORM:
            label = self.query_one("#label", TextField).value.strip()
            if not label:
                self.show_error("say what your free-form move is")
                self.query_one("#label").focus()
                return
            fields["label"] = label
            fields["narrative"] = self.query_one("#narrative", TextField).value.strip()
        self.dismiss(fields)
