"""The event log: every event of the session, grouped by turn and coloured by actor.

It is a virtual list (a `ScrollView` with the line API): only the rows on screen are
rendered, new events are appended without touching the rest, and filtering rebuilds a
list of row numbers, not widgets. It stays fast with 100,000 events.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tabletop.tui import present
from tabletop.tui.widgets.styles import component_style

if TYPE_CHECKING:
    from tabletop.engine.events import Event
    from tabletop.engine.state import State
    from tabletop.scenario.compiled import CompiledScenario


_ROW_STYLES = ("heading", "inject", "dim", "seq", "note", "rule", "ended")
"""The component styles of rows not under the cursor (the cursor's is drawn apart)."""


@dataclass(slots=True)
class Entry:
    """One event as the log shows it; its text is worked out when first needed."""

    event: Event
    group: str
    actor: str | None
    sealed: bool
    text: str | None = None
    hidden: str | None = None
    """The text while a sealed move's label is hidden."""
    folded: str | None = None
    """`text` casefolded, for the search (worked out once, not on every key)."""
    folded_hidden: str | None = None


class EventLog(ScrollView, can_focus=True):
    """The session's events, newest at the bottom, with a cursor row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "event-log--cursor",
        "event-log--heading",
        "event-log--inject",
        "event-log--dim",
        "event-log--seq",
        "event-log--note",
        "event-log--rule",
        "event-log--ended",
    }

    DEFAULT_CSS = """
    EventLog {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        & > .event-log--cursor { background: $block-cursor-blurred-background; }
        &:focus > .event-log--cursor {
            background: $block-cursor-background;
            color: auto;  /* the most readable colour on the cursor, in every theme */
        }
        & > .event-log--heading { color: $text-accent; text-style: bold; }
        & > .event-log--inject { color: $text-warning; text-style: bold; }
        & > .event-log--dim { color: $text-muted; }
        & > .event-log--seq { color: $text-muted; }
        & > .event-log--note { color: $text-primary; text-style: italic; }
        & > .event-log--rule { color: $text-success; }
        & > .event-log--ended { color: $text-error; text-style: bold; }
    }
    """

    class Highlighted(Message):
        """The cursor moved to another event (None: no event under the cursor)."""

        def __init__(self, event: Event | None) -> None:
            self.event = event
            super().__init__()

    show_hidden: reactive[bool] = reactive(True)
    """Whether changes to hidden tracks are shown (not in solo play); bound to the
    console's own."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._scenario: CompiledScenario | None = None
        self._colours: dict[str, str] = {}
        self._events: Sequence[Event] = ()
        self._entries: list[Entry] = []
        self._declared_by: dict[int, str] = {}
        self._rows: list[int] = []
        """Row → entry index, or -1 - turn for a turn's heading."""
        self._last_turn_row: int | None = None
        self._all_rows: list[int] = []
        """The rows with no filter (kept as events arrive: clearing a filter copies it)."""
        self._all_last_turn: int | None = None
        self._cursor = -1
        self._undone: set[int] = set()
        self._in_effect: set[int] = set()
        self._hide_turn: int | None = None
        self.actor_filter: str | None = None
        self.group_filter: str | None = None
        self.search = ""
        self._cache: LRUCache[tuple[int, int], Strip] = LRUCache(512)
        """Rows drawn, by row value and width (kept across filters, resizes, focus)."""
        self._cursor_cache: LRUCache[tuple[int, int], Strip] = LRUCache(8)
        """The row under the cursor, drawn again on every style update (focus)."""
        self._styles_seen: tuple[Style, ...] | None = None
        self._styles_checked = False

    # ------------------------------------------------------------ data in

    @property
    def entry_count(self) -> int:
        return len(self._entries)

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def undone_actions(self) -> set[int]:
        """The actions that are undone now (their events are shown struck through)."""
        return self._undone

    @property
    def cursor(self) -> int:
        return self._cursor

    def set_scenario(self, scenario: CompiledScenario) -> None:
        self._scenario = scenario
        self._colours = present.actor_colours(scenario)

    def sync(self, events: Sequence[Event], state: State) -> list[Event]:
        """Take in the events not seen yet; returns them."""
        self._events = events
        start = len(self._entries)
        new = list(events[start:])
        hide_turn = state.turn if present.hides_sealed(state, state.turn) else None
        invalidate = hide_turn != self._hide_turn
        self._hide_turn = hide_turn
        if any(e["kind"] in ("undo", "redo") for e in new) or (start == 0 and new):
            self._in_effect = present.actions_in_effect(events)
            undone = {e["action"] for e in events if present.is_undone(e, self._in_effect)}
            invalidate = invalidate or undone != self._undone
            self._undone = undone
        follow = self._cursor >= len(self._rows) - 1
        for event in new:
            kind = event["kind"]
            if event["kind"] == "move_declared":
                self._declared_by[event["seq"]] = event["actor"]
            entry = Entry(
                event=event,
                group=present.KIND_TO_GROUP.get(kind, "flow"),
                actor=present.event_actor(event, self._declared_by),
                sealed=bool(kind == "move_declared" and event.get("sealed")),
            )
            self._entries.append(entry)
            turn = event.get("turn", 0)
            if turn != self._all_last_turn:
                self._all_rows.append(-1 - turn)
                self._all_last_turn = turn
            self._all_rows.append(len(self._entries) - 1)
            if self._matches(entry):
                self._append_row(len(self._entries) - 1)
        if invalidate:
            self._forget_rows()
            if self._search_sensitive():
                self.apply_filter()
                return new
        self._resize()
        if new and follow:
            self.move_cursor(len(self._rows) - 1)
        elif new or invalidate:
            self.refresh()
        return new

    def _append_row(self, index: int) -> None:
        turn = self._entries[index].event.get("turn", 0)
        if self._last_turn_row != turn:
            self._rows.append(-1 - turn)
            self._last_turn_row = turn
        self._rows.append(index)

    # ------------------------------------------------------------ filtering

    def watch_show_hidden(self) -> None:
        """Word every event again: its effects list shows or leaves out hidden tracks."""
        for entry in self._entries:
            entry.text = entry.hidden = entry.folded = entry.folded_hidden = None
        self._forget_rows()
        self.refresh()

    def _search_sensitive(self) -> bool:
        return bool(self.search)

    def _text(self, entry: Entry, hidden: bool) -> str:
        assert self._scenario is not None
        if hidden:
            if entry.hidden is None:
                entry.hidden = present.describe_event(
                    self._scenario,
                    entry.event,
                    hide_sealed=True,
                    events=self._events,
                    show_hidden=self.show_hidden,
                )
            return entry.hidden
        if entry.text is None:
            entry.text = present.describe_event(
                self._scenario, entry.event, events=self._events, show_hidden=self.show_hidden
            )
        return entry.text

    def _is_hidden(self, entry: Entry) -> bool:
        return entry.sealed and entry.event.get("turn") == self._hide_turn

    def _folded(self, entry: Entry) -> str:
        """The entry's text as the search compares it (casefolded once and kept)."""
        if self._is_hidden(entry):
            if entry.folded_hidden is None:
                entry.folded_hidden = self._text(entry, True).casefold()
            return entry.folded_hidden
        if entry.folded is None:
            entry.folded = self._text(entry, False).casefold()
        return entry.folded

    def _matches(self, entry: Entry) -> bool:
        if self.actor_filter is not None and entry.actor != self.actor_filter:
            return False
        if self.group_filter is not None and entry.group != self.group_filter:
            return False
        return not self.search or self.search in self._folded(entry)

    def set_filter(
        self, *, actor: str | None = None, group: str | None = None, search: str = ""
    ) -> None:
        """Show only the events of an actor, of a kind, and containing a text."""
        search = search.strip().casefold()
        before = (self.actor_filter, self.group_filter, self.search)
        if (actor, group, search) == before:
            return
        # Typing on narrows the search: only the rows shown can still match.
        narrowing = (actor, group) == before[:2] and bool(before[2]) and before[2] in search
        self.actor_filter, self.group_filter, self.search = actor, group, search
        self.apply_filter(narrowing=narrowing)

    def apply_filter(self, *, narrowing: bool = False) -> None:
        """Rebuild the rows for the filter (one pass in plain loops: it runs per key)."""
        current = self.event_at(self._cursor)
        if not self.filtered:
            self._rows = list(self._all_rows)
            self._last_turn_row = self._all_last_turn
            self._after_filter(current)
            return
        entries = self._entries
        candidates = [i for i in self._rows if i >= 0] if narrowing else range(len(entries))
        actor, group, needle = self.actor_filter, self.group_filter, self.search
        folded = self._folded
        rows: list[int] = []
        last_turn: int | None = None
        for index in candidates:
            entry = entries[index]
            if actor is not None and entry.actor != actor:
                continue
            if group is not None and entry.group != group:
                continue
            if needle:
                text = entry.folded
                if text is None or (entry.sealed and self._is_hidden(entry)):
                    text = folded(entry)
                if needle not in text:
                    continue
            turn = entry.event.get("turn", 0)
            if turn != last_turn:
                rows.append(-1 - turn)
                last_turn = turn
            rows.append(index)
        self._rows = rows
        self._last_turn_row = last_turn
        self._after_filter(current)

    def _after_filter(self, current: Event | None) -> None:
        """Redraw the rows, the cursor on the event it was on (or the next one shown).

        The rendered rows are kept: they are cached by entry, width and cursor, none of
        which a filter changes.
        """
        self._resize()
        target = len(self._rows) - 1
        if current is not None:
            row = self._first_row_from(current["seq"])
            if row is not None:
                target = row
        self._cursor = -1
        self.move_cursor(target)
        self.refresh()

    def _first_row_from(self, seq: int) -> int | None:
        """The row of the first event shown at or after `seq` (None: none is).

        A binary search (the rows follow the events' order; a turn's heading stands
        for the event below it), so placing the cursor costs the same with 10 rows as
        with 100,000.
        """
        rows, entries = self._rows, self._entries
        low, high = 0, len(rows)
        while low < high:
            middle = (low + high) // 2
            value = rows[middle]
            if value < 0:  # a heading is always followed by an event of its turn
                value = rows[middle + 1]
            if entries[value].event["seq"] < seq:
                low = middle + 1
            else:
                high = middle
        if low >= len(rows):
            return None
        return low + 1 if rows[low] < 0 else low

    @property
    def filtered(self) -> bool:
        return bool(self.actor_filter or self.group_filter or self.search)

    # ------------------------------------------------------------ cursor

    def event_at(self, row: int) -> Event | None:
        if 0 <= row < len(self._rows):
            value = self._rows[row]
            if value >= 0:
                return self._entries[value].event
            if row + 1 < len(self._rows) and self._rows[row + 1] >= 0:
                return self._entries[self._rows[row + 1]].event
        return None

    @property
    def highlighted_event(self) -> Event | None:
        return self.event_at(self._cursor)

    def move_cursor(self, row: int) -> None:
        row = max(0, min(row, len(self._rows) - 1)) if self._rows else -1
        old = self._cursor
        if row == old:
            return
        self._cursor = row
        height = self.scrollable_content_region.height or self.size.height
        if row >= 0 and height > 0:
            # Forced: after a filter the scroll bar may not be laid out yet (a short
            # list has none), and an unforced scroll is refused without one.
            top = round(self.scroll_y)
            if row < top:
                self.scroll_to(y=row, animate=False, immediate=True, force=True)
            elif row >= top + height:
                self.scroll_to(y=row - height + 1, animate=False, immediate=True, force=True)
        self._refresh_row(old)
        self._refresh_row(row)
        self.post_message(self.Highlighted(self.highlighted_event))

    def go_to_seq(self, seq: int) -> None:
        row = self._first_row_from(seq)
        if row is not None and self._entries[self._rows[row]].event["seq"] == seq:
            self.move_cursor(row)

    def _refresh_row(self, row: int) -> None:
        if row < 0:
            return
        y = row - round(self.scroll_y)
        if 0 <= y < self.size.height:
            self.refresh_line(y)

    def action_cursor(self, delta: int) -> None:
        self.move_cursor(self._cursor + delta)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self._cursor + direction * max(1, self.size.height - 1))

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._rows) - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            self.move_cursor(round(self.scroll_y) + offset.y)

    # ------------------------------------------------------------ rendering

    def _resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._rows))

    def on_resize(self) -> None:
        # The cached rows stay good: their key carries the width they were drawn at.
        self._resize()

    def notify_style_update(self) -> None:
        """Draw the cursor row again; the others only if their styles changed.

        Focus moving in or out updates the styles (the cursor's colour) but leaves the
        other rows as they were: redrawing a screenful of them made opening and closing
        the log's search slower with a long log.
        """
        super().notify_style_update()
        self._cursor_cache.clear()
        self._styles_checked = False

    def _check_styles(self) -> None:
        """Forget the drawn rows if a style they use changed (theme, CSS)."""
        styles = (self.rich_style, *(self._component(name) for name in _ROW_STYLES))
        if styles != self._styles_seen:
            self._styles_seen = styles
            self._cache.clear()
        self._styles_checked = True

    def _forget_rows(self) -> None:
        self._cache.clear()
        self._cursor_cache.clear()

    def render_line(self, y: int) -> Strip:
        row = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        if not 0 <= row < len(self._rows):
            return Strip.blank(width, self.rich_style)
        if not self._styles_checked:
            self._check_styles()
        selected = row == self._cursor
        cache = self._cursor_cache if selected else self._cache
        key = (self._rows[row], width)
        strip = cache.get(key)
        if strip is None:  # the widget's style is worked out only for a row not drawn yet
            strip = self._render_row(self._rows[row], width, selected, self.rich_style)
            cache[key] = strip
        return strip.apply_offsets(0, row)

    def _component(self, name: str) -> Style:
        return component_style(self, f"event-log--{name}")

    def _cursor_style(self) -> Style:
        """The cursor's colours as the full style gives them: its background blended (the
        unfocused cursor's, `$block-cursor-blurred-background`, is translucent: a partial
        style drops the alpha and kept the row in the focused colour while the search had
        the focus), its text colour worked out (`auto`: the most readable on it)."""
        full = self.get_component_rich_style("event-log--cursor")
        return Style(color=full.color, bgcolor=full.bgcolor)

    def _render_row(self, value: int, width: int, selected: bool, base: Style) -> Strip:
        """One row; under the cursor, in the cursor's colours (the row's own text styles
        kept, and the actors' markers)."""
        assert self._scenario is not None
        paint = self._uncoloured if selected else self._component
        if value < 0:
            turn = -1 - value
            text = Text(f"── {present.turn_heading(self._scenario, turn)} ", style=paint("heading"))
            text.append("─" * max(0, width - text.cell_len), style=paint("heading"))
        else:
            text = self._entry_text(self._entries[value], paint)
        text.truncate(width, overflow="ellipsis", pad=True)
        style = base + self._cursor_style() if selected else base
        segments = list(text.render(self.app.console))
        segments = list(Segment.apply_style(segments, style))
        return Strip(segments, width).crop_extend(0, width, style)

    def _uncoloured(self, name: str) -> Style:
        """A component's text style without its colours (for the row under the cursor)."""
        return self._component(name).without_color

    def _entry_text(self, entry: Entry, paint: Callable[[str], Style]) -> Text:
        event = entry.event
        kind = event["kind"]
        hidden = self._is_hidden(entry)
        body = self._text(entry, hidden)
        text = Text(no_wrap=True, end="")
        text.append(f"{event['seq']:>5} ", style=paint("seq"))
        colour = self._colours.get(entry.actor or "")
        text.append("▌" if colour else " ", style=Style(color=colour) if colour else None)
        text.append(" ")
        undone = event["action"] in self._undone and kind not in ("undo", "redo")
        if undone:
            text.append(body, style=paint("dim") + Style(strike=True))
            text.append("  (undone)", style=paint("dim"))
            return text
        if kind == "inject_delivered":
            text.append(body, style=paint("inject"))
        elif kind == "note":
            text.append(body, style=paint("note"))
        elif kind == "rule_fired":
            text.append(body, style=paint("rule"))
        elif kind == "session_ended":
            text.append(body, style=paint("ended"))
        elif kind in ("phase_changed", "turn_started", "undo", "redo"):
            text.append(body, style=paint("dim"))
        else:
            name = present.actor_name(self._scenario, entry.actor) if self._scenario else ""
            if colour and name and body.startswith(name):
                text.append(name, style=Style(bold=True))  # the marker carries the colour
                text.append(body[len(name) :])
            else:
                text.append(body)
        return text
