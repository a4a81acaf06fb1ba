"""Declare a move: an actor, then a catalogue move (preconditions shown, unavailable ones
disabled with the reason) or a free-form one; reasons for and against; sealed or not.

The fast path goes round the table: the dialog opens on the first team still to
declare; a move's number (1–9, 0 for the tenth) declares it (Enter declares the move the
arrows chose); the dialog then moves on to the next team still to declare (that team's
own dialog, when the app keeps one per team: see `switch_to`), and closes after the
last, one key per team. For reasons, Tab to them first (Ctrl+S declares from
anywhere); a slip is corrected from the log (every declaration can be withdrawn)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Label,
    OptionList,
    Select,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option

from tabletop.engine import expr_words
from tabletop.engine.audience import (
    FACILITATOR,
    HIDDEN_FACTOR,
    HIDDEN_TEXT,
    believed_tracks,
    lens,
    names_any,
    why_for,
)
from tabletop.engine.wording import GRADE_WORDS
from tabletop.engine.wording import times as times_in_words
from tabletop.tui import present
from tabletop.tui.screens.dialog import FormDialog, show
from tabletop.tui.widgets.fields import TextField
from tabletop.tui.widgets.lines_field import LinesField

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from tabletop.engine.options import MoveOption
    from tabletop.engine.session import Session
    from tabletop.scenario.compiled import CompiledOutcome, CompiledScenario


def track_ids(scenario: CompiledScenario) -> str:
    """`tension, troops_near_border (Russian troops near Ukraine), …`: the ids a free-form
    effect is written with, each with its label where the id does not say it."""
    parts = []
    for track_id, track in scenario.tracks.items():
        same = track.label.casefold() == track_id.replace("_", " ").casefold()
        parts.append(track_id if same else f"{track_id} ({track.label})")
    return ", ".join(parts)


def declaring_teams(session: Session, player: str | None) -> list[str]:
    """The teams the declare dialog offers, in the turn's order: those that can declare
    now; a solo player's own team only; not a team the computer plays."""
    can = {o.actor for o in session.declare_options() if o.available}
    actors = [a for a in session.participants() if a in can]
    if player and player in actors:
        return [player]
    if player is None and session.computer:
        actors = [a for a in actors if a not in session.computer]
    return actors


def next_team(session: Session, actors: Sequence[str]) -> str | None:
    """The first of `actors` (in the turn's order) that has not declared yet."""
    declared = {d.actor for d in session.state.declarations}
    return next((a for a in actors if a not in declared), None)


def opening_team(session: Session, player: str | None) -> str | None:
    """The team the declare dialog opens on: the first still to declare, else the first
    that can declare (None: no team can)."""
    actors = declaring_teams(session, player)
    return next_team(session, actors) or (actors[0] if actors else None)


def _move_label(number: int, option: MoveOption, why: str) -> Text:
    """A catalogue line: its key (1–9, 0 for the tenth), the move, why not if it cannot."""
    key = str(number % 10) if number <= 10 else " "
    label = Text(f"{key} ", style="bold")
    label.append(option.move.model.label)
    if not option.available:
        label.append(f" — {why}", style="italic")
    return label


def _show_fixed(static: Static, text: Text) -> None:
    """Show `text` in `static`, whose size its CSS fixes (declare.tcss): it is repainted,
    never laid out again. A layout of the dialog (another team's move, or the arrows
    moving through the list) was the largest part of opening it on another team."""
    if static.content == text:
        return
    static.update(text, layout=False)
    box = static.parent
    if not isinstance(box, Widget):
        return
    width, height = static.content_region.width, static.content_region.height
    needed = static.get_content_height(box.size, box.size, width) if width else height
    resting = box.content_region.height - static.styles.margin.height  # its min-height
    if needed > height or (height > resting and needed != height):
        # More than its box holds (or held): laid out again, so the box scrolls (its
        # scrollbar says there is more). Most moves fit the box and cost no layout.
        static.refresh(layout=True)
    box.scroll_home(animate=False)


class DeclareScreen(FormDialog[bool]):
    """The declare dialog. Dismisses with True once a move is recorded."""

    CSS_PATH = "declare.tcss"
    ASKS_BEFORE_DISCARD = True  # a free-form move and its reasons are minutes of typing
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Declare", show=False),
        *(Binding(str(n % 10), f"pick({n})", show=False) for n in range(1, 11)),
    ]

    def __init__(
        self,
        session: Session,
        *,
        player: str | None = None,
        team: str | None = None,
        switch_to: Callable[[str, list[str]], DeclareScreen | None] | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.player = player
        self.team = team
        """The team this dialog opens on (the app keeps one dialog per team, so that an
        opening on a team finds its catalogue and actor already shown); None: the first
        team still to declare."""
        self.switch_to = switch_to
        """Going round the table: the next team's own dialog, given what was declared so
        far (from the app's shelf); None, or a None answer: this dialog refills itself."""
        self._carried: list[str] = []
        """What was declared so far in the dialog this one takes over from (`carry`)."""
        self._lens = lens(session.scenario, player or FACILITATOR)
        self._options: dict[str, MoveOption] = {}
        self._shown_moves: list[tuple[str, Text, bool]] | None = None
        """The catalogue as the list shows it (id, label, available): refilled only
        when the session's options differ."""
        self._actor_choices: list[tuple[str, str]] = []
        """The actor list's (name, id) pairs as shown."""
        self._blank_actor = False
        """Whether the actor list was built with a blank choice (no actor could declare)."""
        self._believed: frozenset[str] = frozenset()
        """Solo play: the tracks the player's team believes stand elsewhere (a deception
        it did not see through), whose words a refusal must not give."""
        self.declared: list[str] = []
        """What this dialog declared, one line each (shown at its top)."""

    def _actors(self) -> list[str]:
        return declaring_teams(self.session, self.player)

    def _default_actor(self, actors: list[str]) -> str | None:
        if self.team is not None and self.team in actors:
            return self.team
        return self._next_actor(actors) or (actors[0] if actors else None)

    def _next_actor(self, actors: list[str]) -> str | None:
        """The first team (in the turn's order) that has not declared yet."""
        return next_team(self.session, actors)

    def carry(self, declared: list[str]) -> None:
        """This opening goes on round the table from another team's dialog: show what it
        declared so far (set before the opening's `reset`)."""
        self._carried = list(declared)

    def compose(self) -> ComposeResult:
        actors = self._actors()
        default = self._default_actor(actors)
        self._blank_actor = default is None
        self._actor_choices = self._choices(actors)
        with VerticalScroll(classes="dialog"):
            yield Static(id="declared", classes="info")
            with Horizontal(id="actor-row"):
                yield Label("Actor", classes="inline-label")
                yield Select(
                    [(Text(name), a) for name, a in self._actor_choices],
                    value=default if default is not None else Select.NULL,
                    allow_blank=default is None,
                    id="actor",
                )
                yield Checkbox("Sealed: hidden until adjudication", id="sealed")
            with TabbedContent(id="kind"):
                with TabPane("From the catalogue", id="catalogue"):
                    yield OptionList(id="moves")
                    with VerticalScroll(id="move-info-box", can_focus=False):  # scrolls if long
                        yield Static(id="move-info", classes="info")
                with TabPane("Free-form", id="freeform"):
                    yield Label("Label: what the move is called", classes="field-label")
                    yield TextField(placeholder="e.g. Back-channel talks in Ankara", id="ff-label")
                    yield Label("Narrative: what happens if it succeeds", classes="field-label")
                    yield TextField(id="ff-narrative")
                    yield Label(
                        "Effects if it succeeds, one per line (track = value, += , -=, *=)",
                        classes="field-label",
                    )
                    yield LinesField(id="ff-effects", placeholder="e.g. tension -= 1")
                    yield Static(self._track_help(), classes="help-text", id="track-names")
            with Horizontal(id="reasons"):
                with Vertical():
                    yield Label("Reasons for (one per line)", classes="field-label")
                    yield LinesField(id="reasons-for")
                with Vertical():
                    yield Label("Reasons against (one per line)", classes="field-label")
                    yield LinesField(id="reasons-against")
            # Docked: the buttons stay in sight however far the dialog scrolls (80×24).
            with Vertical(classes="dialog-foot"):
                yield Static(id="error", classes="error")
                with Horizontal(classes="buttons"):
                    yield Static(
                        "1–9 declare that move · Tab reasons · Esc close", classes="help-text"
                    )
                    yield Button("Declare", variant="primary", id="ok")
                    yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        # The list's height is fixed for the dialog (declare.tcss says why): the longest
        # catalogue among the teams, up to 8 lines, so a small scenario's is not mostly
        # empty. (A move whose line wraps scrolls the list by a line, as a long one does.)
        moves_by_actor = self.session.scenario.moves_by_actor
        longest = max(
            (len(moves_by_actor.get(a, ())) for a in self.session.participants()), default=0
        )
        self.query_one("#moves", OptionList).styles.height = 2 + min(8, max(1, longest))
        self.reset()

    def _heading(self) -> Text:
        heading = present.turn_heading(self.session.scenario, self.session.state.turn)
        return Text(f"Declare a move · {heading}")

    def _choices(self, actors: list[str]) -> list[tuple[str, str]]:
        return [(present.actor_name(self.session.scenario, a), a) for a in actors]

    def reusable(self) -> bool:
        # The actor list's blank choice is fixed when it is built (see `compose`).
        return (self._default_actor(self._actors()) is None) == self._blank_actor

    def prepare(self) -> None:
        # The next opening shows the first team still to declare and its catalogue: fill
        # them in now, in that team's dialog (a new catalogue is the bulk of an opening's
        # work). Another team's dialog is left as it was last shown: refilled only when
        # it opens, it lays out again only if its catalogue then reads differently.
        if self.team == opening_team(self.session, self.player):
            self.reset()

    def reset(self) -> None:
        """A new opening: the turn in the title, this dialog's team (or the first still to
        declare), its catalogue, every field empty, nothing declared yet (or what the
        dialog it takes over from declared: `carry`), the focus on the moves."""
        self.declared, self._carried = self._carried, []
        self.set_title(self._heading())
        box = self.query_one("#declared", Static)
        show(box, Text("\n".join(self.declared)) if self.declared else "")
        box.display = bool(self.declared)
        show(self.query_one("#track-names", Static), self._track_help())
        actors = self._actors()
        self._clear_form()
        self._set_actors(actors, self._default_actor(actors))
        self._fill_moves()
        self.query_one("#moves", OptionList).focus()

    def _clear_form(self) -> None:
        """Empty the free-form move, the reasons and the seal; back to the catalogue."""
        for field in ("#reasons-for", "#reasons-against", "#ff-effects"):
            lines = self.query_one(field, LinesField)
            if lines.text:
                lines.text = ""
        for field in ("#ff-label", "#ff-narrative"):
            text = self.query_one(field, TextField)
            if text.value:
                text.value = ""
        self.query_one("#sealed", Checkbox).value = False
        self.query_one("#kind", TabbedContent).active = "catalogue"

    def _set_actors(self, actors: list[str], actor: str | None) -> None:
        """The actor list offers `actors` and shows `actor` (no Changed message: the
        catalogue is filled after)."""
        select = self.query_one("#actor", Select)
        choices = self._choices(actors)
        with self.prevent(Select.Changed):
            if choices != self._actor_choices:
                self._actor_choices = choices
                select.set_options([(Text(name), a) for name, a in choices])
            if actor is not None:
                select.value = actor
            elif self._blank_actor:
                select.clear()

    def action_pick(self, number: int) -> None:
        """Declare catalogue move `number` (1-based), as the digit keys do; one that
        cannot be declared now is highlighted, with its reason below the list."""
        moves = self.query_one("#moves", OptionList)
        if self.query_one("#kind", TabbedContent).active != "catalogue":
            return
        if 1 <= number <= len(self._options):
            moves.highlighted = number - 1
            moves.focus()
            option = list(self._options.values())[number - 1]
            if not option.available:
                self.show_error(f"{option.move.model.label}: {self._why(option)}")
                return
            self.action_submit()

    # ------------------------------------------------------------ moves

    @property
    def actor(self) -> str | None:
        value = self.query_one("#actor", Select).value
        return value if isinstance(value, str) else None

    def _fill_moves(self) -> None:
        """The actor's catalogue, the first move it can declare highlighted. The list is
        rebuilt only when it would read differently (a 200-move catalogue is the bulk
        of the dialog's cost)."""
        moves = self.query_one("#moves", OptionList)
        actor = self.actor
        options = self.session.move_options(actor) if actor is not None else []
        self._options = {option.move.id: option for option in options}
        if self.player:
            self._believed = believed_tracks(
                self.session.scenario, self.session.events, self.player
            )
        shown = [
            (option.move.id, _move_label(number, option, self._why(option)), option.available)
            for number, option in enumerate(options, 1)
        ]
        if actor is None or shown != self._shown_moves:
            self._shown_moves = shown if actor is not None else None
            moves.clear_options()
            if actor is not None:
                moves.add_options(
                    [Option(label, id=id_, disabled=not ok) for id_, label, ok in shown]
                    or [Option("(no catalogue moves: use Free-form)", disabled=True)]
                )
        if actor is None:
            self._show_info(None)
            return
        first = next((i for i, o in enumerate(options) if o.available), None)
        moves.highlighted = first
        self._show_info(options[first] if first is not None else None)

    @on(Select.Changed, "#actor")
    def _actor_changed(self) -> None:
        self._fill_moves()

    @on(OptionList.OptionHighlighted, "#moves")
    def _move_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_info(self._options.get(event.option.id or ""))

    @on(OptionList.OptionSelected, "#moves")
    def _move_selected(self) -> None:
        self.action_submit()

    def _track_help(self) -> Text:
        """The tracks a free-form effect may name: all of them for the facilitator; for a
        solo player, those its moves reach (never a hidden one), with their bounds, and
        how the move is adjudicated (never granted)."""
        session = self.session
        scenario = session.scenario
        if not self.player:
            return Text(f"Tracks (an effect names one by its id): {track_ids(scenario)}")
        parts = []
        for track in session.freeform_tracks(self.player):
            if scenario.tracks[track].type == "number":
                limit = present.format_number(session.freeform_limit(self.player, track))
                parts.append(f"{track} (by at most {limit})")
            else:
                parts.append(track)
        freeform = scenario.freeform
        method = present.method_text(freeform) if freeform is not None else "choice"
        return Text(
            f"Tracks your free-form move may change: {', '.join(parts) or 'none'}. "
            f"It is adjudicated like any move: {method}."
        )

    def _why(self, option: MoveOption) -> str:
        """Why a move cannot be declared, as this dialog may say it: to a solo player, in
        its team's words (`audience.why_for`: no hidden track, nothing a deception hid)."""
        if not self.player:
            return option.why
        return why_for(self._lens, option, self._believed)

    def _shown(self, text: str) -> str:
        """An expression as this dialog may show it (a solo player never sees a hidden
        track's name)."""
        if self.player and self._lens.names_hidden(text):
            return HIDDEN_TEXT
        return text

    def _words(self, text: str, words: Callable[[CompiledScenario, str], str]) -> str:
        """An expression in words, as this dialog may show it (see `_shown`)."""
        shown = self._shown(text)
        return shown if shown == HIDDEN_TEXT else words(self.session.scenario, text)

    def _value_words(self, text: str) -> str:
        return self._words(text, expr_words.value_words)

    def _show_info(self, option: MoveOption | None) -> None:
        info = self.query_one("#move-info", Static)
        if option is None:
            _show_fixed(info, Text("No move available: every move's reason is shown in the list."))
            return
        move = option.move
        model = move.model
        text = Text()
        if model.description:
            text.append(present.reflow(model.description) + "\n")
        scenario = self.session.scenario
        needs = expr_words.condition_words(scenario, model.requires)
        if needs:
            text.append("Needs: ", style="bold")
            text.append(needs if self._shown(model.requires) != HIDDEN_TEXT else HIDDEN_TEXT)
            if self.player and self._why(option) != option.why:
                text.append("\n")  # whether it holds would tell what the team may not know
            else:
                text.append("  ✓ holds now\n" if option.holds else "  ✗ does not hold now\n")
        if model.limit is not None:
            times = int(model.limit)
            limit = times_in_words(times)
            text.append(f"Limit: {limit} a session; taken {option.uses}\n")
        text.append("Decided by: ", style="bold")
        text.append(present.method_text(move, self._value_words) + "\n")
        for modifier in model.adjudication.modifiers:
            value = (
                f"{modifier.value:+d}"
                if isinstance(modifier.value, int)
                else self._words(modifier.value, expr_words.value_words)
            )
            when = self._words(modifier.when, expr_words.condition_words)
            label = modifier.label
            if HIDDEN_TEXT in (value, when):
                label = HIDDEN_FACTOR  # its label could say what the hidden track is
            text.append(f"  {label} {value}" + (f" when {when}" if when else "") + "\n")
        automatic = model.adjudication.method == "auto"
        taken = self._taken_now(option) if automatic else None
        for number, compiled in enumerate(move.outcomes):
            outcome = compiled.model
            line = f"• {outcome.label}"
            if outcome.result:
                line += f" ({GRADE_WORDS.get(outcome.result, outcome.result)})"
            if automatic and outcome.when:
                line += f" when {self._words(outcome.when, expr_words.condition_words)}"
            elif automatic:
                line += " otherwise" if number else " always"
            effects = [e for e in outcome.effects if self._shown(e) == e]
            if effects:
                line += ": " + expr_words.effects_words(scenario, effects)
            text.append(line)
            if compiled is taken:
                values = self.session.state.values
                holds = compiled.when is None or compiled.when.fn(values) is True
                text.append("  ✓ holds now" if holds else "  ✓ taken now: no condition holds")
            text.append("\n")
        text.rstrip()
        _show_fixed(info, text)

    def _taken_now(self, option: MoveOption) -> CompiledOutcome | None:
        """The outcome an automatic move would take now, or None where saying so would tell
        a solo player a secret: a condition up to it (each one before it failed) reads a
        hidden track or one its team was deceived about (as `_why` holds a refusal back)."""
        move = option.move
        taken = move.auto_outcome(self.session.state.values)
        if not self.player:
            return taken
        for outcome in move.outcomes:
            when = outcome.model.when or ""
            if self._lens.names_hidden(when) or names_any(when, self._believed):
                return None
            if outcome is taken:
                break
        return taken

    # ------------------------------------------------------------ submit

    def action_submit(self) -> None:
        actor = self.actor
        if actor is None:
            self.show_error("choose an actor")
            return
        reasons_for = self.query_one("#reasons-for", LinesField).lines
        reasons_against = self.query_one("#reasons-against", LinesField).lines
        sealed = self.query_one("#sealed", Checkbox).value
        session = self.session
        if self.query_one("#kind", TabbedContent).active == "freeform":
            label = self.query_one("#ff-label", TextField).value
            narrative = self.query_one("#ff-narrative", TextField).value
            effects = self.query_one("#ff-effects", LinesField).lines
            done = self.perform(
                lambda: session.declare_freeform(
                    actor,
                    label,
                    narrative=narrative,
                    effects=effects,
                    reasons_for=reasons_for,
                    reasons_against=reasons_against,
                    sealed=sealed,
                )
            )
            what = label.strip()
        else:
            moves = self.query_one("#moves", OptionList)
            index = moves.highlighted
            option = moves.get_option_at_index(index) if index is not None else None
            if option is None or option.id not in self._options:
                self.show_error("choose a move that can be declared now, or write a free-form one")
                return  # an unavailable move goes on: the session says why it is refused
            move_id = option.id
            chosen = self._options[move_id]
            if self.player and not chosen.available:  # in the team's words, not the rules'
                self.show_error(f"{chosen.move.model.label}: {self._why(chosen)}")
                return
            done = self.perform(
                lambda: session.declare(
                    actor,
                    move_id,
                    reasons_for=reasons_for,
                    reasons_against=reasons_against,
                    sealed=sealed,
                )
            )
            what = self._options[move_id].move.model.label
        if done:
            name = present.actor_name(session.scenario, actor)
            self.declared.append(f"✓ {name}: {'a sealed move' if sealed else what}")
            self._next_team()

    def _next_team(self) -> None:
        """Go on round the table: the next team still to declare, or close."""
        actor = self._next_actor(self._actors())
        if actor is None:
            self.dismiss(True)
            return
        other = self.switch_to(actor, self.declared) if self.switch_to is not None else None
        if other is not None and other is not self:
            # That team's own dialog, already showing its catalogue: no refill, no flash
            # of the console (one screen replaces the other before the next frame).
            self.app.switch_screen(other)
            return
        box = self.query_one("#declared", Static)
        box.update(Text("\n".join(self.declared)))
        box.display = True
        self._clear_form()
        self._set_actors(self._actors(), actor)
        self._fill_moves()
        self.query_one("#moves", OptionList).focus()
