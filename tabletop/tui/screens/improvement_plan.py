"""The improvement plan: each issue, its corrective action, capability, owner and due
date. After the hotwash (skippable), and from the end screen at any time later."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Label, Select, Static

from tabletop.tui.screens.typed import WARNING, TypedGuard
from tabletop.tui.widgets.fields import TextField
from tabletop.tui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from tabletop.engine.session import Session

NEW = 0
"""The item selector's value for a new item."""
NO_OBJECTIVE = "__none__"


class ImprovementPlanScreen(Screen[None]):
    """Add, edit and withdraw items of the plan; each save is one journaled action."""

    CSS_PATH = "hotwash.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save item"),
        Binding("escape", "done", "Done"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.typed = TypedGuard(self)
        """The item's fields as last filled: Esc asks before it drops what was typed."""
        self._editing = NEW
        """The item the fields show (NEW: a new one)."""

    def compose(self) -> ComposeResult:
        session = self.session
        yield Static(Text(f" Improvement plan: {session.scenario.title}"), id="plan-title")
        with VerticalScroll(id="plan-body"):
            yield Static(
                "Each issue the exercise revealed, what will be done about it, who owns it "
                "and by when. Pick an item to edit it, or add a new one.",
                classes="help-text",
            )
            yield Static(id="plan-table")
            with Horizontal(classes="row"):
                yield Label("Item")
                yield Select([("New item", NEW)], value=NEW, allow_blank=False, id="item")
            with Horizontal(classes="row"):
                yield Label("Objective")
                yield Select(
                    [("No objective", NO_OBJECTIVE)]
                    + [(Text(o.description), o.id) for o in session.scenario.exercise.values()],
                    value=NO_OBJECTIVE,
                    allow_blank=False,
                    id="objective",
                )
            for label, field_id, placeholder in (
                ("Issue", "issue", "the area for improvement"),
                ("Corrective action", "action", "what will be done about it"),
                ("Capability", "capability", "empty: the objective's"),
                ("Owner", "owner", "who is responsible"),
                ("Due date", "due", "YYYY-MM-DD, like 2026-03-31"),
            ):
                with Horizontal(classes="row"):
                    yield Label(label)
                    yield TextField(id=field_id, placeholder=placeholder)
        # Outside the scrolling body: the buttons stay in sight (80×24).
        yield Static(id="error", classes="error")
        with Horizontal(id="plan-buttons"):
            yield Button("Save item", variant="primary", id="save")
            yield Button("Withdraw item", variant="error", id="withdraw")
            yield Button("Done", id="done")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._refresh()
        self.query_one("#issue").focus()
        self.call_after_refresh(self.typed.remember)

    # ------------------------------------------------------------ drawing

    def _refresh(self, select: int = NEW) -> None:
        plan = self.session.state.improvements
        table = Table(expand=True, header_style="bold", padding=(0, 1))
        for column, ratio in (("#", None), ("Issue", 3), ("Corrective action", 3), ("Owner", 1)):
            table.add_column(column, ratio=ratio, justify="right" if ratio is None else "left")
        table.add_column("Due", no_wrap=True)
        for item, event in plan.items():
            table.add_row(
                str(item),
                Text(str(event["issue"])),
                Text(str(event["corrective_action"])),
                Text(str(event.get("owner", ""))),
                str(event.get("due", "")),
            )
        body: Any = table if plan else Text("No item yet.", style="italic")
        self.query_one("#plan-table", Static).update(body)
        items = self.query_one("#item", Select)
        with self.prevent(Select.Changed):
            items.set_options(
                [("New item", NEW)]
                + [(Text(f"{n}: {str(e['issue'])[:60]}"), n) for n, e in plan.items()]
            )
            items.value = select if select in plan else NEW
        self._editing = select if select in plan else NEW
        self.query_one("#withdraw", Button).disabled = select not in plan

    def _fill(self, event: Mapping[str, Any] | None) -> None:
        e = event or {}
        objective = e.get("objective") or NO_OBJECTIVE
        self.query_one("#objective", Select).value = objective
        for field, key in (
            ("issue", "issue"),
            ("action", "corrective_action"),
            ("capability", "capability"),
            ("owner", "owner"),
            ("due", "due"),
        ):
            self.query_one(f"#{field}", TextField).value = str(e.get(key, "") or "")
        self.typed.remember()

    @on(Select.Changed, "#item")
    def _item_changed(self, event: Select.Changed) -> None:
        item = event.value if isinstance(event.value, int) else NEW
        if self.typed.holds():  # the fields hold an item typed: picking would drop it
            with self.prevent(Select.Changed):
                self.query_one("#item", Select).value = self._editing
            self._refuse("the item you typed is not saved: ctrl+s saves it; pick again to drop it")
            self.app.bell()
            return
        self._editing = item
        self._fill(self.session.state.improvements.get(item))
        self.query_one("#withdraw", Button).disabled = item == NEW

    # ------------------------------------------------------------ commands

    def _item(self) -> int:
        value = self.query_one("#item", Select).value
        return value if isinstance(value, int) else NEW

    def _perform(self, command: Any) -> bool:
        perform = getattr(self.app, "perform", None)
        error = perform(command) if callable(perform) else "no app to record it"
        if error:
            self._refuse(error)
            return False
        box = self.query_one("#error", Static)
        box.update("")
        box.remove_class("-shown")
        return True

    def action_save(self) -> None:
        session = self.session
        item = self._item()
        objective = self.query_one("#objective", Select).value

        def value(field: str) -> str:
            return self.query_one(f"#{field}", TextField).value

        capability = value("capability").strip() or None
        named = objective if isinstance(objective, str) and objective != NO_OBJECTIVE else None

        def plan() -> Any:
            return session.plan_improvement(
                value("issue"),
                value("action"),
                objective=named,
                capability=capability,
                owner=value("owner"),
                due=value("due"),
                item=item or None,
            )

        if self._perform(plan):
            self.app.notify(value("issue").strip()[:80], title="Improvement plan")
            self._fill(None)
            self._refresh()
            self.query_one("#issue").focus()

    def action_withdraw(self) -> None:
        item = self._item()
        if item == NEW:
            return
        if self._perform(lambda: self.session.withdraw_improvement(item)):
            self._fill(None)
            self._refresh()

    def _refuse(self, error: str) -> None:
        box = self.query_one("#error", Static)
        box.update(Text(error[:1].upper() + error[1:]))
        box.add_class("-shown")

    def action_done(self) -> None:
        if self.typed.holds():
            self._refuse(WARNING)
            self.app.bell()
            return
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#withdraw")
    def _withdraw(self) -> None:
        self.action_withdraw()

    @on(Button.Pressed, "#done")
    def _done(self) -> None:
        self.action_done()
