"""The bar above the event log: filter by actor and by kind, and search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.message import Message
from textual.widgets import Input, Select

from tabletop.tui import present
from tabletop.tui.widgets.fields import TextField


class LogFilter(Container):
    """Search text, an actor and a kind of event; posts `Changed` as they change."""

    DEFAULT_CSS = """
    LogFilter {
        height: auto;
        display: none;
        layout: grid;
        grid-size: 3;
        grid-columns: 1fr 26 26;
        grid-rows: 3;
        &.-open { display: block; }
    }

    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close filter", show=False)]

    @dataclass
    class Changed(Message):
        actor: str | None
        group: str | None
        search: str

    @dataclass
    class Closed(Message):
        """Back to the log: `keep` the filter (Enter) or clear it (Escape)."""

        keep: bool

    def __init__(self, actors: list[tuple[str, str]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._actors = actors

    def compose(self) -> ComposeResult:
        yield TextField(
            placeholder="Search the log · Enter: back to the log · Esc: clear", id="log-search"
        )
        yield Select(
            [(Text(name), actor) for actor, name in self._actors],
            prompt="Every actor",
            id="log-actor",
        )
        yield Select(
            [(Text(title), group) for group, title in present.KIND_GROUP_TITLES.items()],
            prompt="Every kind",
            id="log-kind",
        )

    def _post(self) -> None:
        actor = self.query_one("#log-actor", Select).value
        group = self.query_one("#log-kind", Select).value
        search = self.query_one("#log-search", Input).value
        self.post_message(
            self.Changed(
                actor if isinstance(actor, str) else None,
                group if isinstance(group, str) else None,
                search,
            )
        )

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self, event: Message) -> None:
        event.stop()
        self._post()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Closed(keep=True))

    def action_close(self) -> None:
        self.post_message(self.Closed(keep=False))

    def clear(self) -> None:
        self.query_one("#log-search", Input).value = ""
        self.query_one("#log-actor", Select).clear()
        self.query_one("#log-kind", Select).clear()
