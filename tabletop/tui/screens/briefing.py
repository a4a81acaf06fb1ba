"""The briefing: the situation, the actors and their objectives, the calendar.

Shown before a session starts (with "Play as" and Begin), and again from the console
with b (read only).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Label, Select, Static, TabbedContent, TabPane

from tabletop.engine.wording import plural
from tabletop.tui import present
from tabletop.tui.messages import BeginSession, LoadFailed
from tabletop.tui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from tabletop.scenario.compiled import CompiledScenario

FACILITATOR = "__facilitator__"


def situation(scenario: CompiledScenario) -> Text:
    meta = scenario.model.scenario
    text = Text()
    text.append(meta.title, style="bold")
    byline = " · ".join(part for part in (f"version {meta.version}", meta.author) if part)
    text.append(f"\n{byline}\n", style="dim")
    if meta.summary:
        text.append(f"\n{meta.summary}\n", style="italic")
    if meta.briefing:
        text.append("\n" + present.reflow(meta.briefing) + "\n")
    if meta.sources:
        text.append("\nSources\n", style="bold")
        for source in meta.sources:
            line = f"• {source.title}"
            extra = ", ".join(
                part
                for part in (source.publisher, source.date.isoformat() if source.date else "")
                if part
            )
            if extra:
                line += f" ({extra})"
            text.append(line + "\n")
    text.rstrip()
    return text


def actors(scenario: CompiledScenario) -> Text:
    colours = present.actor_colours(scenario)
    text = Text()
    for actor in scenario.model.actors:
        text.append("▌ ", style=colours[actor.id])
        text.append(actor.name, style="bold")
        if actor.side:
            text.append(f"  ({actor.side})", style="dim")
        text.append("\n")
        if actor.briefing:
            text.append(present.reflow(actor.briefing) + "\n")
        if actor.private_briefing:
            text.append("Private briefing (this team only):\n", style="italic")
            text.append(present.reflow(actor.private_briefing) + "\n")
        if actor.objectives:
            text.append("Objectives:\n", style="italic")
            for objective in actor.objectives:
                weight = (
                    f" (weight {present.format_number(objective.weight)})"
                    if objective.weight != 1
                    else ""
                )
                hidden = "" if objective.visible else " (hidden agenda: this team only)"
                text.append(f"  • {objective.description}{weight}{hidden}\n")
        text.append("\n")
    text.rstrip()
    return text


def calendar(scenario: CompiledScenario) -> Group:
    table = Table(expand=True, box=None, header_style="bold", padding=(0, 1))
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Turn", ratio=3)
    table.add_column("Place", ratio=2)
    table.add_column("Who acts", ratio=2)
    for index, turn in enumerate(scenario.turns):
        who = ", ".join(present.actor_name(scenario, a) for a in turn.participants) or "everyone"
        table.add_row(
            str(index + 1), turn.date.isoformat(), Text(turn.title), Text(turn.place), Text(who)
        )
    briefings = Text()
    for index, turn in enumerate(scenario.turns):
        if turn.briefing:
            briefings.append(f"\nTurn {index + 1}: {turn.title}\n", style="bold")
            briefings.append(present.reflow(turn.briefing) + "\n")
    return Group(table, briefings)


class BriefingScreen(Screen[None]):
    """The scenario's briefing, in tabs."""

    CSS_PATH = "briefing.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "begin", "Begin"),
        Binding("s", "tab('situation')", "Situation"),
        Binding("a", "tab('actors-tab')", "Actors"),
        Binding("c", "tab('calendar')", "Calendar"),
        Binding("f", "tab('notes')", "Facilitator notes"),
        Binding("escape", "back", "Back"),
        Binding("question_mark,f1", "app.help", "Help"),
    ]

    def __init__(
        self,
        scenario: CompiledScenario,
        *,
        player: str | None = None,
        begin: bool = True,
        warnings: Iterable[str] = (),
    ) -> None:
        super().__init__()
        self.scenario = scenario
        """What the screen shows: in solo play, the scenario as the player's team may see
        it (no facilitator notes, no other team's private briefing or hidden agenda)."""
        if player is not None and player in scenario.actors:
            from tabletop.engine.audience import public_scenario

            self.scenario = public_scenario(scenario, player)
        self.full = scenario
        """The scenario itself (what the session is started with)."""
        self.player = player
        self.begin = begin
        self.warnings = list(warnings)

    def compose(self) -> ComposeResult:
        scenario = self.scenario
        yield Static(Text(f" Briefing: {scenario.title}", style="bold"), id="briefing-title")
        with TabbedContent(id="tabs"):
            with TabPane("Situation", id="situation"), VerticalScroll():
                yield Static(situation(scenario))
            with TabPane("Actors", id="actors-tab"), VerticalScroll():
                yield Static(actors(scenario))
            with TabPane("Calendar", id="calendar"), VerticalScroll():
                yield Static(calendar(scenario))
            if scenario.model.scenario.facilitator_notes:
                with TabPane("Facilitator notes", id="notes"), VerticalScroll():
                    yield Static(Text(present.reflow(scenario.model.scenario.facilitator_notes)))
        if self.begin:
            with Horizontal(id="begin-bar"):
                yield Label("Play as", id="play-as-label")
                options = [(Text("Facilitator: record every team"), FACILITATOR)] + [
                    (Text(f"Solo: {a.name} (the computer plays the rest)"), a.id)
                    for a in scenario.model.actors
                ]
                yield Select(
                    options,
                    value=self.player if self.player in scenario.actors else FACILITATOR,
                    allow_blank=False,
                    id="play-as",
                )
                yield Button("Begin the session", variant="primary", id="begin")
            if self.warnings:
                yield Static(
                    Text(
                        f"{plural(len(self.warnings), 'warning')} about the scenario: "
                        f"{self.warnings[0]}"
                    ),
                    id="warnings",
                )
        yield KeysFooter()

    def on_mount(self) -> None:
        if self.begin:
            self.query_one("#begin").focus()
        self.watch(self.app, "problems", self._problems_changed, init=False)

    def _problems_changed(self, message: LoadFailed | None) -> None:
        if message is not None and self.is_current:
            self.show_problems(message)

    @on(Button.Pressed, "#begin")
    def _begin(self, event: Button.Pressed) -> None:
        value = self.query_one("#play-as", Select).value
        player = value if isinstance(value, str) and value != FACILITATOR else None
        if player is None and self.scenario.exercise:
            # An evaluated exercise: ask for the session details first (Esc skips).
            from tabletop.tui.screens.details import SessionDetailsScreen

            def begin(details: dict[str, Any] | None) -> None:
                self._start(event.button, None, details)

            self.app.push_screen(
                SessionDetailsScreen(self.scenario, ok_label="Save and begin"), callback=begin
            )
            return
        self._start(event.button, player, None)

    def _start(self, button: Button, player: str | None, details: dict[str, Any] | None) -> None:
        button.disabled = True
        button.label = "Starting…"
        self.post_message(BeginSession(player, details))

    def action_begin(self) -> None:
        """Begin the session as the `Play as` choice says (the same as the button)."""
        button = self.query_one("#begin", Button)
        if not button.disabled:
            button.press()

    def show_problems(self, message: LoadFailed) -> None:
        self.app.notify("\n".join(message.lines), title="Cannot start", severity="error")
        button = self.query_one("#begin", Button)
        button.disabled = False
        button.label = "Begin the session"

    def _can_go_back(self) -> bool:
        return not self.begin or len(self.app.screen_stack) > 2

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self._can_go_back()
        if action == "begin":
            return self.begin
        if action == "tab" and parameters == ("notes",):
            return bool(self.scenario.model.scenario.facilitator_notes)
        return True

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab

    def action_back(self) -> None:
        if self._can_go_back():
            self.dismiss(None)
