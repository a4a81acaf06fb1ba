"""The console: where the facilitator runs the session.

Attributes down: the screen watches the app's `revision` (which moves after every
command) and sets its widgets' reactive attributes from the session; each widget
redraws only when its attribute changed. The log takes new events incrementally, and
its `show_hidden` is bound to the screen's (`data_bind`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.events import DescendantBlur, DescendantFocus
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from tabletop.engine import wording
from tabletop.engine.audience import Beliefs, ViewKeeper, seen_event, sight
from tabletop.tui import present
from tabletop.tui.widgets.actors_panel import ActorsPanel
from tabletop.tui.widgets.event_log import EventLog
from tabletop.tui.widgets.footer import KeysFooter
from tabletop.tui.widgets.header_bar import HeaderBar
from tabletop.tui.widgets.inject_panel import InjectPanel
from tabletop.tui.widgets.log_filter import LogFilter
from tabletop.tui.widgets.offers_panel import OffersPanel
from tabletop.tui.widgets.questions_panel import QuestionsPanel
from tabletop.tui.widgets.seats_panel import SeatsPanel
from tabletop.tui.widgets.state_board import StateBoard

if TYPE_CHECKING:
    from tabletop.engine.events import Event
    from tabletop.engine.session import Session
    from tabletop.engine.state import State
    from tabletop.live import LiveSession
    from tabletop.seats import Desk


class ConsoleScreen(Screen[None]):
    """Header, actors, state board, injects, the event log and its detail, the footer."""

    CSS_PATH = "console.tcss"
    AUTO_FOCUS = "EventLog"
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-narrow"),
        (110, "-wide"),
        (160, "-very-wide"),
    ]

    show_hidden: reactive[bool] = reactive(True)
    """Hidden tracks are the facilitator's: a solo player does not see them."""

    def __init__(
        self, live: LiveSession, *, player: str | None = None, desk: Desk | None = None
    ) -> None:
        super().__init__()
        self.live = live
        self.player = player
        self.desk = desk
        """The team seats' submissions (None in solo play)."""
        self._seen: list[Event] = []
        self._seen_upto = 0
        self._beliefs = Beliefs()
        """What the solo player's team believes of tracks a deception changed."""
        self._keeper: ViewKeeper | None = None
        """The solo player's team's view, kept as events arrive: its board."""
        self.set_reactive(ConsoleScreen.show_hidden, player is None)

    @property
    def seat(self) -> str:
        if self.player:
            return f"Solo: you play {present.actor_name(self.live.scenario, self.player)}"
        return "Facilitator"

    def compose(self) -> ComposeResult:
        scenario = self.live.scenario
        yield HeaderBar(id="header")
        with VerticalScroll(id="side"):
            yield SeatsPanel(id="seats")
            yield ActorsPanel(id="actors")
            yield StateBoard(id="board")
            yield QuestionsPanel(id="questions")
            yield OffersPanel(id="offers")
            yield InjectPanel(id="injects")
        with Vertical(id="main"):
            yield Static(id="hint")
            yield LogFilter([(a.id, a.name) for a in scenario.model.actors], id="filter")
            log = EventLog(id="log").data_bind(ConsoleScreen.show_hidden)
            log.set_scenario(scenario)
            log.border_title = "Event log"
            yield log
            with VerticalScroll(id="detail-box"):
                yield Static(id="detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sync()
        self.watch(self.app, "revision", self._revision_changed, init=False)

    def _revision_changed(self) -> None:
        self.sync()

    def sync(self) -> list[Event]:
        """Redraw from the session; returns the events the log had not seen."""
        session = self.live.session
        state = session.state
        scenario = session.scenario
        self.query_one(HeaderBar).show(scenario, state, self.seat)
        seen = self._team_state()  # (the session's, but in solo play)
        self.query_one(ActorsPanel).views = tuple(
            present.actor_views(scenario, seen, computer=session.computer, player=self.player)
        )
        self.query_one(StateBoard).views = tuple(
            present.track_views(scenario, seen, show_hidden=self.show_hidden)
        )
        log = self.query_one(EventLog)
        new = log.sync(self.events(), state)
        self.query_one(InjectPanel).items = tuple(self._injects_this_turn())
        self.query_one(OffersPanel).lines = tuple(self._offers_waiting())
        turns = scenario.turns
        self.query_one(QuestionsPanel).questions = (
            tuple(turns[state.turn].questions) if 0 <= state.turn < len(turns) else ()
        )
        self._show_seats()
        self._show_hint()
        self._show_detail(log.highlighted_event)
        return new

    def _offers_waiting(self) -> list[str]:
        """Each offer still waiting for an answer, with its addressees and when it closes.

        In solo play, only those the player may know of (not others' private talks)."""
        session = self.live.session
        state = session.state
        names = session.scenario.actors
        lines = []
        for offer in state.pending_offers():
            if self.player and offer.private and self.player not in (offer.actor, *offer.to):
                continue
            waiting = ", ".join(names[a].name for a in offer.waiting())
            when = (
                f"from turn {offer.opens + 1}"
                if state.turn < offer.opens
                else f"until turn {offer.closes + 1}"
            )
            private = " (private)" if offer.private else ""
            lines.append(
                f"{names[offer.actor].name} → {waiting}{private}: "
                f"{wording.one_line(offer.terms)} — {when}"
            )
        return lines

    def _show_seats(self) -> None:
        panel = self.query_one(SeatsPanel)
        timer = self.live.session.state.timer
        panel.deadline = str(timer["deadline"]) if timer else None
        desk = self.desk
        panel.waiting = tuple(desk.headline(s) for s in desk.pending()) if desk else ()

    def _team_state(self) -> State:
        """The state the actors and the board show: the session's; in solo play, the
        player's team's (engine.audience: a deception it did not see through shows its
        public face and does not move the board)."""
        session = self.live.session
        if not self.player:
            return session.state
        keeper, events = self._keeper, session.events
        held = len(keeper.events) if keeper is not None else 0
        if (
            keeper is None
            or keeper.scenario is not session.scenario
            or len(events) < held
            or (held and events[held - 1] is not keeper.events[-1])
        ):  # (another record: a branch, a session opened again)
            keeper = self._keeper = ViewKeeper(session.scenario, self.player)
        keeper.extend(events[len(keeper.events) :])
        return keeper.state

    def events(self) -> Sequence[Event]:
        """The events this console shows: all of them for the facilitator; in solo play,
        each as the player's team may see it (`engine.audience.seen_event`: no other
        team's private inject, no rule that moves only hidden tracks), plus the player's
        own notes, undo and redo."""
        events = self.live.session.events
        if not self.player:
            return events
        seen = self._seen
        known = sight(self.live.scenario, events) if len(events) > self._seen_upto else None
        for event in events[self._seen_upto :]:
            if event["kind"] in ("note", "undo", "redo"):
                seen.append(event)
            elif known is not None:
                shown = seen_event(self.live.scenario, event, self.player, known, self._beliefs)
                if shown is not None:
                    seen.append(cast("Event", shown))
        self._seen_upto = len(events)
        return seen

    def _injects_this_turn(self) -> list[tuple[str, str, str]]:
        session = self.live.session
        state = session.state
        undone = self.query_one(EventLog).undone_actions
        items: list[tuple[str, str, str]] = []
        for event in reversed(self.events()):
            if event["action"] in undone and event["kind"] not in ("undo", "redo"):
                continue
            if event["kind"] == "turn_started" and event.get("turn") == state.turn:
                break
            if event["kind"] == "inject_delivered" and event.get("turn") == state.turn:
                effects = present.format_changes(
                    session.scenario, event.get("effects") or (), show_hidden=self.show_hidden
                )
                title = event.get("title", "")
                if not event.get("inject"):
                    title += " (made up)"
                items.append((title, event.get("text", ""), effects))
            if len(items) >= 5:
                break
        return items

    FOCUS_HINTS = {  # noqa: RUF012
        "side": "Side: ↑↓ PgUp PgDn scroll it; Tab: next",
        "detail-box": "Detail: ↑↓ scroll; Tab: next",
    }
    """What the hint line says while a panel other than the log has the focus: at 80×24
    the side panel scrolls, and the facilitator must see where the keys go."""

    @on(DescendantFocus)
    @on(DescendantBlur)
    def _focus_moved(self) -> None:
        self._show_hint()

    def _show_hint(self) -> None:
        focused = self.focused
        if focused is not None and focused.id in self.FOCUS_HINTS:
            self.query_one("#hint", Static).update(Text(self.FOCUS_HINTS[focused.id]))
            return
        session = self.live.session
        state = session.state
        hints = present.SOLO_PHASE_HINTS if self.player else present.PHASE_HINTS
        hint = Text(hints.get(state.phase, ""))
        if state.phase == "adjudication":
            pending = len(state.pending())
            if pending:
                hint = Text(f"{present.plural(pending, 'move')} to adjudicate: press a.")
            else:
                hint = Text("All adjudicated: n for the consequences.")
        elif state.phase == "consequences" and state.turn + 1 >= len(session.scenario.turns):
            hint = Text("The last turn: n ends the session.")
        elif state.phase == "declaration" and self.player not in (None, *session.participants()):
            name = present.actor_name(session.scenario, self.player)
            hint = Text(f"{name} takes no part in this turn: n lets the computer play it.")
        elif state.phase == "declaration" and self.player:
            hint = Text("d declares your move; n then lets the computer declare (unseen till now).")
        elif state.phase == "declaration":
            hint = Text(_declaration_hint(session))
        waiting = len(self.desk.pending()) if self.desk is not None and not self.player else 0
        if waiting:  # first: what the seats handed in is the next thing to take
            things = present.plural(waiting, "submission")
            hint = Text(f"{things} from the seats: A accepts, S reviews. ") + hint
        self.query_one("#hint", Static).update(hint)

    def _show_detail(self, event: Event | None) -> None:
        detail = self.query_one("#detail", Static)
        if event is None:
            detail.update("")
            return
        session = self.live.session
        log = self.query_one(EventLog)
        hidden = (
            event["kind"] == "move_declared"
            and bool(event.get("sealed"))
            and present.hides_sealed(session.state, event.get("turn", -1))
        )
        lines = present.describe_detail(
            session.scenario,
            event,
            hide_sealed=hidden,
            events=session.events,
            show_hidden=self.show_hidden,
        )
        if event["action"] in log.undone_actions and event["kind"] not in ("undo", "redo"):
            lines.insert(1, "(undone: no longer in effect)")
        detail.update(Text("\n".join(lines)))

    # ------------------------------------------------------------ log

    @on(EventLog.Highlighted)
    def _highlighted(self, message: EventLog.Highlighted) -> None:
        self._show_detail(message.event)

    @on(LogFilter.Changed)
    def _filter_changed(self, message: LogFilter.Changed) -> None:
        log = self.query_one(EventLog)
        log.set_filter(actor=message.actor, group=message.group, search=message.search)
        self._show_filter_title()

    @on(LogFilter.Closed)
    def _filter_closed(self, message: LogFilter.Closed) -> None:
        bar = self.query_one(LogFilter)
        log = self.query_one(EventLog)
        if not message.keep:
            bar.clear()
            log.set_filter()
            self._show_filter_title()
        if not log.filtered:
            bar.remove_class("-open")
        log.focus()

    def _show_filter_title(self) -> None:
        log = self.query_one(EventLog)
        if log.filtered:
            log.border_subtitle = f"filtered: {log.row_count} rows of {log.entry_count} events"
        else:
            log.border_subtitle = ""

    def toggle_filter(self) -> None:
        """Open the filter bar and focus its search (Escape there clears and closes it)."""
        bar = self.query_one(LogFilter)
        bar.add_class("-open")
        self.query_one("#log-search").focus()

    def highlighted_event(self) -> Event | None:
        """The event under the log's cursor (what `x` withdraws, when a declaration)."""
        return self.query_one(EventLog).highlighted_event

    def show_event(self, seq: int) -> None:
        self.query_one(EventLog).go_to_seq(seq)


def _declaration_hint(session: Session) -> str:
    """How many teams the facilitator still records a move for (the actors panel's "to
    declare"; the computer's declare on n), or that every team has: the next step, not the
    phase's general advice."""
    views = present.actor_views(session.scenario, session.state, computer=session.computer)
    waiting = sum(1 for v in views if v.status == "to declare" and v.controller != "computer")
    if not waiting:
        return "Every team has declared: n opens the adjudication."
    their = "its move" if waiting == 1 else "their moves"
    return f"{present.plural(waiting, 'team')} to declare: d declares {their}; then n."
