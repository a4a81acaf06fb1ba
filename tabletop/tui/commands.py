"""The command palette's session commands: every facilitator action, and exports."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Protocol, cast

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tabletop.tui.actions import HELP_ACTION, SESSION_ACTIONS

if TYPE_CHECKING:
    from tabletop.live import LiveSession


class PaletteHost(Protocol):
    """What the palette asks of the app. The app imports this module; naming the app's
    class here instead would close an import circle (tests/test_layers.py)."""

    live: LiveSession | None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None: ...
    def why_not(self, action: str) -> str | None: ...
    def action_refused(self, action: str) -> None: ...
    def can_export(self) -> bool: ...
    def export(self, fmt: str) -> None: ...
    def export_formats(self) -> dict[str, str]: ...
    def journal_text(self) -> str: ...


class SessionCommands(Provider):
    """Declare, adjudicate, next phase, injects, notes, undo/redo, end, export, help."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        if not hasattr(self.app, "why_not"):
            return []
        app = cast(PaletteHost, self.app)
        commands: list[tuple[str, str, Callable[[], object]]] = []
        for action in SESSION_ACTIONS:
            state = app.check_action(action.name, ())
            if state is False:
                continue
            if state:
                commands.append(
                    (
                        action.title,
                        f"{action.help} ({action.key_display})",
                        partial(self.app.run_action, action.name),
                    )
                )
            else:
                why = app.why_not(action.name) or ""
                commands.append(
                    (action.title, f"Not now: {why}", partial(app.action_refused, action.name))
                )
        if app.live is not None:
            if app.can_export():
                for fmt, title in app.export_formats().items():
                    commands.append(
                        (
                            f"Export: {title}",
                            f"Write the session as .{fmt} next to its journal",
                            partial(app.export, fmt),
                        )
                    )
            commands.append(
                (
                    "Show the journal's path",
                    "Where this session is recorded",
                    partial(self.app.notify, app.journal_text(), title="Journal"),
                )
            )
        commands.extend(self._screen_commands())
        commands.append(
            (
                HELP_ACTION.title + ": keys and guide",
                HELP_ACTION.help,
                partial(self.app.run_action, "help"),
            )
        )
        return commands

    def _screen_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """The keys of the screen under the palette (start, briefing, end), as commands."""
        screen = self.screen
        out: list[tuple[str, str, Callable[[], object]]] = []
        seen: set[str] = set()
        for binding in getattr(screen, "BINDINGS", ()):
            if not isinstance(binding, Binding) or not binding.show or not binding.description:
                continue
            if binding.action.startswith("app.") or binding.action in seen:
                continue
            seen.add(binding.action)
            name, _, rest = binding.action.partition("(")
            parameters = tuple(p.strip().strip("'\"") for p in rest.rstrip(")").split(",") if p)
            if screen.check_action(name, parameters) is False:
                continue
            key = binding.key.split(",")[0]
            out.append(
                (
                    binding.description,
                    f"{binding.tooltip or binding.description} ({key})",
                    partial(screen.run_action, binding.action),
                )
            )
        return out

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
