"""Help: the keys, and a short guide to running a session."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tabletop.tui.actions import HELP_ACTION, SESSION_ACTIONS, SOLO_LEFT_OUT

GUIDE_INTRO = (
    "A turn runs through four phases: briefing, declaration, adjudication, consequences. "
    "Press n to move on; it is refused, with the reason, while a move waits for adjudication."
)
"""Paragraphs without hard line breaks: the help wraps them to the terminal's width."""

GUIDE_STEPS = (
    "Briefing: read the turn's briefing and any inject to the room.",
    "Declaration: d opens the declare dialog on the first team still to declare; a "
    "move's number declares it and the dialog goes on to the next team (Tab first for "
    'reasons for and against, or a free-form move). A sealed move shows as "sealed" '
    "until the adjudication phase. x on a declaration in the log withdraws it.",
    "Adjudication: n opens the moves in order. Enter rolls the dice (modifiers shown) or "
    "draws the probability, Enter again takes the outcome the rules give; a digit picks "
    "a facilitator's choice. Another outcome than the rules give needs a reason.",
    "Consequences: the rules that fired and the board's changes are shown; n starts the "
    "next turn, or ends the session when an ending's condition holds.",
)

GUIDE_END = (
    "Any time: i delivers an inject, m adds a note (a strength or an area to improve "
    "feeds the debrief), u/r undo and redo, f filters and searches the log, e ends the "
    "session. Tab moves between the log, its detail and the side panel (actors, tracks, "
    "injects: ↑↓ PgUp PgDn scroll it on a small terminal). Everything is saved as it "
    "happens: quit with ctrl+q and resume later with `tabletop resume`. Ctrl+p opens the "
    "command palette (themes, exports, every action)."
)


def guide() -> Group:
    """The short guide: the steps as a numbered list with a hanging indent."""
    steps = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
    steps.add_column(no_wrap=True)
    steps.add_column(ratio=1)
    for number, step in enumerate(GUIDE_STEPS, 1):
        steps.add_row(f"{number}.", step)
    return Group(Text(GUIDE_INTRO), Text(), steps, Text(), Text(GUIDE_END))


SOLO_NOTE = (
    "In solo play the computer adjudicates every move and delivers the injects; those keys, "
    "the sealed moves', the seats' and the evaluation's are the facilitator's."
)


def keys_table(*, solo: bool = False) -> Table:
    """Every key and what it does; in solo play, without those the player never uses."""
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for action in (*SESSION_ACTIONS, HELP_ACTION):
        if solo and action.name in SOLO_LEFT_OUT:
            continue
        table.add_row(action.key_display, f"{action.title}: {action.help}")
    table.add_row("ctrl+p", "Command palette: every action, themes, exports")
    table.add_row("tab", "Move between the log, the side panel and fields")
    table.add_row("esc", "Close a dialog (with text typed and not saved, it asks first)")
    table.add_row(
        "ctrl+q",
        "Quit (nothing recorded is lost: the journal is saved as you go; with text typed "
        "in a form and not saved, it asks first)",
    )
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and guide; escape, q, ? or F1 closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", show=False)
    ]
    DEFAULT_CSS = """
    HelpScreen .dialog { width: 100; }
    HelpScreen Static { height: auto; }
    """

    def __init__(self, *, solo: bool = False) -> None:
        super().__init__()
        self.solo = solo
        """Solo play: the keys as its footer shows them (no a, no i), and why."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog") as dialog:
            dialog.border_title = "Help"
            yield Static(Text("Keys", style="bold"))
            yield Static(keys_table(solo=self.solo))
            if self.solo:
                yield Static(Text(SOLO_NOTE, style="italic"))
            yield Static(Text("\nRunning a session", style="bold"))
            yield Static(guide())
            yield Static(Text("Esc closes this help.", style="italic"))

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
