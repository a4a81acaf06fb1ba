"""Deliver an inject now: one of the scenario's not yet delivered, or one made up."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from tabletop.engine import expr_words
from tabletop.tui import present
from tabletop.tui.screens.dialog import FormDialog, show
from tabletop.tui.widgets.dialog_foot import dialog_foot
from tabletop.tui.widgets.fields import TextField
from tabletop.tui.widgets.lines_field import LinesField

if TYPE_CHECKING:
    from tabletop.engine.session import Session
    from tabletop.scenario.compiled import CompiledInject, CompiledScenario


def _schedule(scenario: CompiledScenario, inject: CompiledInject) -> str:
    """`turn 2, when Tension at least 7`: when a scenario inject is due, in words."""
    model = inject.model
    parts = []
    if inject.turn_index is not None:
        parts.append(f"turn {inject.turn_index + 1}")
    if model.when:
        parts.append(f"when {expr_words.condition_words(scenario, model.when)}")
    return ", ".join(parts) or "by hand"


class InjectScreen(FormDialog[bool]):
    """The inject dialog. Dismisses with True once an inject is delivered."""

    ASKS_BEFORE_DISCARD = True

    CSS_PATH = "inject.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", "Deliver", show=False)]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._shown: list[tuple[str, Text]] | None = None
        """The injects the list shows (id, line): rebuilt only when they differ."""

    def _waiting(self) -> list[CompiledInject]:
        delivered = set(self.session.state.delivered)
        return [i for i in self.session.scenario.injects.values() if i.model.id not in delivered]

    def compose(self) -> ComposeResult:
        waiting = self._waiting()
        with VerticalScroll(classes="dialog") as dialog:
            dialog.border_title = "Deliver an inject"
            with TabbedContent(id="kind", initial="scenario" if waiting else "adhoc"):
                with TabPane("From the scenario", id="scenario"):
                    yield OptionList(*self._inject_options(waiting), id="injects")
                    yield Static(id="inject-info", classes="info")
                with TabPane("Made up", id="adhoc"):
                    yield Label("Title", classes="field-label")
                    yield TextField(placeholder="e.g. Leaked memo", id="title")
                    yield Label("Text, as read to the room", classes="field-label")
                    yield TextField(id="text")
                    yield Label(
                        "Effects, one per line (track = value, +=, -=, *=)", classes="field-label"
                    )
                    yield LinesField(id="effects", placeholder="e.g. tension += 1")
                    names = ", ".join(self.session.scenario.tracks)
                    yield Static(Text(f"Tracks: {names}"), classes="help-text")
            yield from dialog_foot("Ctrl+S: deliver · Esc: cancel", "Deliver")

    def _inject_options(self, waiting: list[CompiledInject]) -> list[Option]:
        """The list's lines for the injects `waiting` (noted as shown)."""
        self._shown = [
            (
                i.model.id,
                Text(f"{i.model.title}  ({i.model.kind}; {_schedule(self.session.scenario, i)})"),
            )
            for i in waiting
        ]
        options = [Option(line, id=id_) for id_, line in self._shown]
        return options or [Option("Every scenario inject has been delivered", disabled=True)]

    def on_mount(self) -> None:
        self.reset()

    def reset(self) -> None:
        """A new opening: the injects still waiting, the first highlighted (or the made-up
        tab when none is left), the made-up inject's fields empty."""
        waiting = self._waiting()
        injects = self.query_one("#injects", OptionList)
        if self._shown is None or [i.model.id for i in waiting] != [i for i, _ in self._shown]:
            injects.clear_options()
            injects.add_options(self._inject_options(waiting))
        for field in ("#title", "#text"):
            text = self.query_one(field, TextField)
            if text.value:
                text.value = ""
        effects = self.query_one("#effects", LinesField)
        if effects.text:
            effects.text = ""
        self.query_one("#kind", TabbedContent).active = "scenario" if waiting else "adhoc"
        if waiting:
            injects.highlighted = 0
            self._show_inject(waiting[0].model.id)
            injects.focus()
        else:
            self._show_inject(None)
            self.query_one("#title").focus()

    @on(OptionList.OptionHighlighted, "#injects")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_inject(event.option.id)

    def _show_inject(self, inject_id: str | None) -> None:
        """What the highlighted inject says, below the list."""
        inject = self.session.scenario.injects.get(inject_id or "")
        info = self.query_one("#inject-info", Static)
        if inject is None:
            show(info, "")
            return
        model = inject.model
        text = Text(model.title, style="bold")
        if model.sender:
            text.append(f"  from {model.sender}")
        if model.text:
            text.append(f"\n{present.reflow(model.text)}")
        if model.effects:
            effects = expr_words.effects_words(self.session.scenario, list(model.effects))
            text.append(f"\nEffects: {effects}")
        if model.recipients:
            names = ", ".join(
                present.actor_name(self.session.scenario, a) for a in model.recipients
            )
            text.append(f"\nFor: {names}")
        if model.expected_action:
            text.append(f"\nExpected action: {model.expected_action}", style="italic")
        show(info, text)

    @on(OptionList.OptionSelected, "#injects")
    def _selected(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        session = self.session
        if self.query_one("#kind", TabbedContent).active == "adhoc":
            title = self.query_one("#title", TextField).value
            text = self.query_one("#text", TextField).value
            effects = self.query_one("#effects", LinesField).lines
            done = self.perform(lambda: session.deliver_adhoc(title, text, effects))
        else:
            injects = self.query_one("#injects", OptionList)
            index = injects.highlighted
            option = injects.get_option_at_index(index) if index is not None else None
            if option is None or option.id is None:
                self.show_error("choose an inject, or make one up")
                return
            inject_id = option.id
            done = self.perform(lambda: session.deliver_inject(inject_id))
        if done:
            self.dismiss(True)
