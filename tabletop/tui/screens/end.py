"""The end screen: the outcome, each actor's objective scores, the timeline, export."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from tabletop.engine.audience import Beliefs, scores_for, seen_event, sight
from tabletop.engine.wording import RATINGS
from tabletop.tui import present
from tabletop.tui.actions import export_formats
from tabletop.tui.messages import ExportRequested
from tabletop.tui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from tabletop.engine.events import Event
    from tabletop.live import LiveSession

REASONS = {
    "condition": "its condition held at the end of the turn",
    "calendar": "the calendar ran out",
    "facilitator": "the facilitator ended the session",
}


class EndScreen(Screen[None]):
    """Shown when the session ends (and with o from the console afterwards)."""

    CSS_PATH = "end.tcss"
    SESSION_ACTIONS_ALLOWED = (
        "note",
        "undo",
        "redo",
        "observe",
        "details",
        "hotwash",
        "improvement_plan",
        "feedback",
        "accept_seats",
        "review_seats",
    )
    """The app's session actions that also apply here (the seats' feedback forms come in
    while this screen is up, after the hotwash: A accepts them, S reviews them)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,l", "back", "Back to the log"),
        Binding("x", "export('md')", "Export report"),
        Binding("question_mark,f1", "app.help", "Help"),
    ]

    def __init__(
        self,
        live: LiveSession,
        *,
        show_hidden: bool = True,
        show_path: Callable[[Path], str] = str,
        can_export: bool = True,
        player: str | None = None,
    ) -> None:
        super().__init__()
        self.live = live
        self.player = player
        """The solo player: the screen shows what the player's team may see."""
        self.show_hidden = show_hidden
        """Whether hidden tracks show in the timeline (not in solo play)."""
        self.show_path = show_path
        self.can_export = can_export
        self._exported: tuple[Path, ...] = ()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return self.can_export
        return True

    def compose(self) -> ComposeResult:
        session = self.live.session
        scenario = session.scenario
        ended: Mapping[str, Any] = session.state.ended or {}
        yield Static(Text(f" {scenario.title}: the session has ended"), id="end-title")
        with VerticalScroll(id="end-body"):
            title = Text("Outcome: ", style="bold")
            title.append(str(ended.get("title", "Session closed")), style="bold reverse")
            yield Static(title, id="outcome-title")
            lines = []
            if ended.get("summary"):
                lines.append(present.reflow(str(ended["summary"])))
            reason = REASONS.get(str(ended.get("reason", "")), "")
            turn = session.state.turn
            if reason:
                lines.append(f"Ended in turn {turn + 1} of {len(scenario.turns)}: {reason}.")
            if ended.get("note") and not self.player:
                lines.append(f"Facilitator's note: {ended['note']}")
            yield Static(Text("\n".join(lines)), id="outcome-text")
            yield Static("Objective scores", classes="section")
            yield Static(self._scores(), id="scores")
            if scenario.exercise and self.show_hidden:
                yield Static("Evaluation", classes="section")
                yield Static(self._evaluation(), id="evaluation")
                with Horizontal(id="evaluation-buttons"):
                    yield Button("Hotwash (h)", id="eval-hotwash")
                    yield Button("Improvement plan (p)", id="eval-improvement_plan")
                    yield Button("Feedback (F)", id="eval-feedback")
                    yield Button("Session details (D)", id="eval-details")
            # Before the timeline, which runs to a screen a turn: the report is what the
            # facilitator comes here for, and its buttons were out of sight below it.
            yield Static("Record and export", classes="section")
            yield Static(id="files")
            with Horizontal(id="export-buttons"):
                for fmt, name in export_formats(self.player is not None).items():
                    yield Button(name, id=f"export-{fmt}")
                yield Button("Back to the log", id="back")
            yield Static("Timeline", classes="section")
            yield Static(self._timeline(), id="timeline")
        yield KeysFooter()

    def on_mount(self) -> None:
        for fmt in export_formats(self.player is not None):
            self.query_one(f"#export-{fmt}").display = self.can_export
        self._show_files()
        # Attributes down: the app's revision moves after each command, its exports grow.
        self.watch(self.app, "revision", self.sync, init=False)
        self.watch(self.app, "exports", self._exports_changed, init=False)

    def _scores(self) -> Table:
        """Each actor's objectives with weight and score, then the weighted total."""
        ended: Mapping[str, Any] = self.live.session.state.ended or {}
        scores = ended.get("scores") or self.live.session.scores()
        if self.player:
            scores = scores_for(self.live.scenario, scores, self.player)
        table = Table(box=None, expand=True, header_style="bold", padding=(0, 1))
        table.add_column("Actor", max_width=18)
        table.add_column("Objective", ratio=1)
        table.add_column("Weight", justify="right", no_wrap=True)
        table.add_column("Score", justify="right", no_wrap=True)
        previous = ""
        for actor, objective, weight, score in present.scores_rows(self.live.scenario, scores):
            total = objective == "Total"
            style = "bold" if total else ""
            table.add_row(
                Text("" if actor == previous else actor, style="bold"),
                Text(objective, style=style),
                Text(weight),
                Text(score, style=style),
                end_section=total,
            )
            previous = "" if total else actor
        return table

    def _evaluation(self) -> Group:
        """Each exercise objective's rating (its words wrap beside the rating, not under
        it), then how many items the plan has."""
        state = self.live.session.state
        rows = Table.grid(padding=(0, 1), expand=True)
        rows.add_column(no_wrap=True)
        rows.add_column(ratio=1)
        for objective in self.live.scenario.exercise.values():
            rated = state.ratings.get(objective.id)
            letter = str(rated["rating"]) if rated else "–"
            words = Text(objective.description)
            if rated:
                words.append(f": {RATINGS.get(letter, letter).lower()}", style="dim")
            rows.add_row(Text(f" {letter} ", style="bold reverse" if rated else "dim"), words)
        items = len(state.improvements)
        plan = Text(
            f"Improvement plan: {present.plural(items, 'item')}. "
            "h rates the objectives, p edits the plan, F records a participant's feedback.",
            style="italic",
        )
        return Group(rows, plan)

    def _timeline(self) -> Group:
        """Turn by turn, one bullet per event that counts (wrapped with a hanging indent)."""
        session = self.live.session
        events: Sequence[Event] = session.events
        if self.player:  # what the player's team may see (its own notes, undo and redo too)
            player = self.player
            known = sight(session.scenario, session.events)
            beliefs = Beliefs()  # (each event once, in order: see seen_event)
            shown = (
                dict(e)
                if e["kind"] in ("note", "undo", "redo")
                else seen_event(session.scenario, e, player, known, beliefs)
                for e in session.events
            )
            events = [cast("Event", e) for e in shown if e is not None]
        in_effect = present.actions_in_effect(events)
        parts: list[Text | Table] = []
        show_hidden = self.show_hidden
        for heading, lines in present.timeline(
            session.scenario,
            events,
            lambda e: not present.is_undone(e, in_effect),
            show_hidden=show_hidden,
        ):
            parts.append(Text(heading, style="bold"))
            if lines:
                bullets = Table.grid(padding=(0, 1), expand=True)
                bullets.add_column(no_wrap=True)
                bullets.add_column(ratio=1)
                for line in lines:
                    bullets.add_row(Text("  •"), Text(line))
                parts.append(bullets)
        return Group(*parts)

    def _show_files(self) -> None:
        text = Text()
        text.append("Journal: ", style="bold")
        text.append(self.show_path(self.live.path))
        for path in self._exported:
            text.append(f"\nExported: {self.show_path(path)}")
        if not self.can_export:
            text.append(
                "\nExport is not available in this installation; the journal is the record."
            )
        self.query_one("#files", Static).update(text)

    def _exports_changed(self, exports: tuple[Path, ...]) -> None:
        self._exported = exports
        self._show_files()

    @on(Button.Pressed)
    async def _pressed(self, event: Button.Pressed) -> None:
        button_id = event.button.id or ""
        if button_id.startswith("export-"):
            self.action_export(button_id.removeprefix("export-"))
        elif button_id.startswith("eval-"):
            await self.app.run_action(button_id.removeprefix("eval-"))
        elif button_id == "back":
            self.action_back()

    def action_export(self, fmt: str) -> None:
        self.post_message(ExportRequested(fmt))

    def action_back(self) -> None:
        self.dismiss(None)

    def sync(self) -> None:
        """Bring the timeline (a note after the end, say) and the evaluation up to date."""
        self.query_one("#timeline", Static).update(self._timeline())
        if self.query("#evaluation"):
            self.query_one("#evaluation", Static).update(self._evaluation())
