"""Adjudicate a declared move, by its method: the facilitator's choice, dice with the
modifiers shown and the roll visible, a probability, or automatic; any other outcome
than the rules give is an override and needs a reason. The result (outcome, narrative,
effects) is shown right after.

Matrix-game arguments: every reason for and against is listed with a "strong" box (weak
reasons count nothing); "Open the floor" lets another team add a counter-argument; and
"Argue" decides any move (free-form ones too) by 2d6 plus strong reasons for, minus
strong reasons against. The grades are recorded just before the roll.

In order, with few keys: the dialog opens on the first move waiting; Enter presses the
focused button (Roll for dice, Decide once the rules have given their outcome); a digit
chooses that outcome and, when nothing more is needed (a choice, or the rules' own
outcome), decides it at once; an override puts the focus on the reason it needs. Once
a move is decided, its result stays at the top and the next move waiting comes up; after
the last, `n` closes the dialog and goes on to the consequences."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Label, RadioButton, RadioSet, Select, Static

from tabletop.engine import expr_words
from tabletop.engine.wording import method_name, printable
from tabletop.tui import present
from tabletop.tui.screens.dialog import Dialog, show
from tabletop.tui.widgets.choice_set import TouchedSet
from tabletop.tui.widgets.fields import TextField

if TYPE_CHECKING:
    from tabletop.engine.events import MoveAdjudicated
    from tabletop.engine.options import Odds
    from tabletop.engine.session import Session
    from tabletop.engine.state import Declaration


class AdjudicateScreen(Dialog[None]):
    """The adjudicate dialog: one pending move at a time, then its result."""

    CSS_PATH = "adjudicate.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "decide", "Decide", show=False),
        Binding("ctrl+r", "roll", "Roll", show=False),
        Binding("ctrl+g", "argue", "Argue", show=False),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
        Binding("n", "go_on", "Go on", show=False),
    ]

    def __init__(
        self, session: Session, *, seq: int | None = None, show_hidden: bool = True
    ) -> None:
        super().__init__()
        self.session = session
        self.show_hidden = show_hidden
        self.asked: int | None = seq
        """The move this opening asks for (None: the first waiting)."""
        self.seq = self._first_asked()
        self._generation = 0
        self._declaration_text = Text()
        self._reasons_shown: list[tuple[str, Text]] | None = None
        """The reason boxes mounted (name, label): remounted only when they differ."""
        self._outcomes_shown: tuple[object, ...] | None = None
        """What the outcome buttons were made from: remade only when it differs."""
        self._floor_teams: list[tuple[str, str]] | None = None
        self._pending_shown: list[tuple[Text, int]] | None = None

    def ask_for(self, seq: int | None) -> None:
        """Open on move `seq` next time (None: the first move waiting)."""
        self.asked = seq

    def _first_asked(self) -> int | None:
        if self.asked is not None:
            return self.asked
        pending = self.session.state.pending()
        return pending[0].seq if pending else None

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(id="last-result", classes="info")
            with Vertical(id="form"):
                with Horizontal(id="pending-row"):
                    yield Label("Move", classes="inline-label")
                    yield Select(self._pending_options(), allow_blank=True, id="pending")
                yield Static(id="declaration", classes="info")
                yield Label("Reasons (tick the strong ones: only they count)", id="reasons-label")
                yield Vertical(id="reasons-box")
                with Horizontal(id="floor-row"):
                    yield Button("Open the floor", id="floor-button")
                    yield Select([], prompt="Team", id="floor-actor")
                    yield Select(
                        [("against", "against"), ("for", "for")],
                        value="against",
                        allow_blank=False,
                        id="floor-side",
                    )
                    yield TextField(placeholder="Their argument", id="floor-text")
                    yield Button("Add", id="floor-add")
                yield Static(id="roll", classes="info roll")
                yield Label("Outcome", classes="field-label")
                yield Vertical(id="outcomes-box")
                yield Static(id="outcome-effects", classes="help-text")
                yield Label(
                    "Reason: needed to override the dice or the rules; optional for a choice",
                    classes="field-label",
                )
                yield TextField(placeholder="Why this outcome", id="reason")
            with Vertical(id="result-view"):
                yield Static(id="result", classes="info")
            # Docked: the buttons stay in sight however far the dialog scrolls (80×24).
            with Vertical(classes="dialog-foot"):
                yield Static(id="error", classes="error")
                yield Static(
                    "1–9 outcome · Enter the focused button · ^R roll · ^S decide · Esc close",
                    classes="help-text",
                    id="form-help",
                )
                with Horizontal(classes="buttons", id="form-buttons"):
                    yield Button("Roll", id="roll-button")
                    yield Button("Argue", id="argue-button")
                    yield Button("Decide", variant="primary", id="decide")
                    yield Button("Computer decides", id="computer")
                    yield Button("Cancel", id="cancel")
                yield Static(
                    "n: on to the consequences · Esc close", classes="help-text", id="result-help"
                )
                with Horizontal(classes="buttons", id="result-buttons"):
                    yield Button("Next move", variant="primary", id="next")
                    yield Button("Close", id="close")

    def _pending_options(self) -> list[tuple[Text, int]]:
        session = self.session
        name = present.actor_name
        return [
            (
                Text(
                    f"{name(session.scenario, d.actor)}: {printable(d.label)} "
                    f"({method_name(session.method(d))})"
                ),
                d.seq,
            )
            for d in session.state.pending()
        ]

    def _heading(self) -> Text:
        heading = present.turn_heading(self.session.scenario, self.session.state.turn)
        return Text(f"Adjudicate · {heading}")

    def on_mount(self) -> None:
        # Enter presses the focused button, and the fast path presses the same one (Roll,
        # Decide) move after move: Textual ignores a button's second press within its
        # 0.2 s press effect, which would drop a quick facilitator's Enter.
        for button in self.query(Button):
            button.active_effect_duration = 0
        self.reset()

    def reset(self) -> None:
        """A new opening: the move asked for (or the first waiting), no last result, the
        floor closed and empty."""
        self.set_title(self._heading())
        last = self.query_one("#last-result", Static)
        show(last, "")
        last.display = False
        show(self.query_one("#result", Static), "")
        self.query_one("#next").display = True
        self.query_one("#floor-text", TextField).value = ""
        self.query_one("#floor-side", Select).value = "against"
        self.seq = self._first_asked()
        self._load()

    def _showing_result(self, result: bool) -> None:
        """The form with its buttons, or the last result with its own."""
        for part in ("#form", "#form-help", "#form-buttons"):
            self.query_one(part).display = not result
        for part in ("#result-view", "#result-help", "#result-buttons"):
            self.query_one(part).display = result

    # ------------------------------------------------------------ one move

    @property
    def declaration(self) -> Declaration | None:
        if self.seq is None:
            return None
        return self.session.state.declaration(self.seq)

    def _load(self) -> None:
        """Show the form for the move `self.seq`."""
        select = self.query_one("#pending", Select)
        pending = self._pending_options()
        if pending != self._pending_shown:
            self._pending_shown = pending
            select.set_options(pending)
        if self.seq is not None and any(seq == self.seq for _, seq in pending):
            with self.prevent(Select.Changed):
                select.value = self.seq
        elif not select.is_blank():
            select.clear()
        declaration = self.declaration
        self._showing_result(False)
        self.clear_error()
        self.query_one("#reason", TextField).value = ""
        if declaration is None or not declaration.pending:
            show(self.query_one("#declaration", Static), "No move is waiting for adjudication.")
            self.query_one("#roll").display = False
            self._show_reasons(None)
            self._outcomes(None)
            return
        self._show_declaration(declaration)
        self._show_method(declaration)
        self._show_reasons(declaration)
        self._show_roll(declaration)
        outcomes = self._outcomes(declaration)
        if self._can_roll(declaration):
            self.query_one("#roll-button").focus()
        elif self.session.method(declaration) == "choice" and outcomes is not None:
            self.call_after_refresh(outcomes.focus)
        else:
            self.query_one("#decide").focus()

    def _can_roll(self, declaration: Declaration) -> bool:
        """Whether a roll is the next step: dice, a draw or an argued move not rolled."""
        odds = self.session.odds(declaration.seq)
        argued = odds.method == "argument" and odds.refusal is None and not odds.rolled
        return odds.can_roll or argued

    def _show_declaration(self, declaration: Declaration) -> None:
        scenario = self.session.scenario
        text = Text()
        text.append(present.actor_name(scenario, declaration.actor), style="bold")
        if declaration.by == "computer":
            text.append(" (computer)")
        text.append(f" declared {present.quoted(printable(declaration.label))}")
        if declaration.sealed:
            text.append(" (sealed)")
        if declaration.reason:
            text.append(f"\nDoctrine: {printable(declaration.reason)}", style="italic")
        freeform = declaration.freeform
        if freeform is not None:
            if freeform.get("narrative"):
                text.append(f"\nNarrative: {printable(freeform['narrative'])}")
            if freeform.get("effects"):
                effects = expr_words.effects_words(self.session.scenario, freeform["effects"])
                text.append(f"\nEffects if it succeeds: {effects}")
        self._declaration_text = text

    def _show_method(self, declaration: Declaration) -> None:
        session = self.session
        odds = session.odds(declaration.seq)
        method = odds.method
        move = session.scenario.moves.get(declaration.move or "")
        text = Text()
        text.append("Method: ", style="bold")
        text.append(
            present.method_text(move, lambda t: expr_words.value_words(session.scenario, t))
        )
        if method in ("dice", "argument") and odds.needed is not None:
            for modifier in odds.modifiers:
                text.append(f"\n  {modifier.label} {modifier.value:+d}")
            if odds.reason_bonus:
                pros, cons = odds.declaration.strong()
                text.append(f"\n  {present.reasons_words(odds.reason_bonus, pros, cons)}")
            if not odds.modifiers and not odds.reason_bonus:
                text.append("\n  no modifier applies now")
            dice = move.model.adjudication.dice if move is not None else "2d6"
            text.append(f"\n  needs {odds.needed} or more on {dice}")
            if odds.success is not None:
                text.append(f": a {odds.success:.0%} chance")
        elif move is not None and method == "probability" and odds.success is not None:
            text.append(f"\n  chance now: {odds.success:.0%}")
        elif method == "auto":
            label = next((o.label for o in odds.outcomes if o.natural), odds.natural or "?")
            text.append(f"\n  the rules give: {label}")
            text.append(self._what_it_does(declaration, odds.natural))
        elif method == "choice":
            text.append("\n  choose the outcome below")
        declared = self._declaration_text.copy()
        declared.append("\n")
        declared.append_text(text)
        show(self.query_one("#declaration", Static), declared)

    def _show_roll(self, declaration: Declaration) -> None:
        roll_box = self.query_one("#roll", Static)
        button = self.query_one("#roll-button", Button)
        odds = self.session.odds(declaration.seq)
        button.display = odds.method in ("dice", "probability", "argument")
        button.disabled = not self._can_roll(declaration)
        argue = self.query_one("#argue-button", Button)
        argue.display = declaration.roll is None and odds.method not in ("dice", "argument")
        argue.disabled = self.session.why_not_argue(declaration) is not None
        if declaration.roll is None:
            roll_box.display = False
            return
        roll_box.display = True
        natural = self.session.natural_outcome(declaration)
        label = dict(self.session.outcomes(declaration)).get(natural or "", natural)
        text = Text("Roll: ", style="bold")
        text.append(present.describe_roll(declaration.roll))
        draw = "draw" if self.session.method(declaration) == "probability" else "roll"
        text.append(f"\nThe {draw} gives: ")
        text.append(str(label), style="bold")
        text.append(self._what_it_does(declaration, natural))
        show(roll_box, text)

    def _what_it_does(self, declaration: Declaration, outcome: str | None) -> str:
        """` — Diplomatic progress +1`: the outcome's effects in words, beside the outcome
        the rules give (in sight at 80×24, above the list of every outcome's effects)."""
        odds = self.session.odds(declaration.seq)
        effects = next((o.effects for o in odds.outcomes if o.id == outcome), ())
        words = expr_words.effects_words(self.session.scenario, list(effects))
        return f" — {words}" if words else " — no change"

    def _show_reasons(self, declaration: Declaration | None) -> None:
        """One "strong" box per reason for (+) and against (−); the floor's team choice."""
        box = self.query_one("#reasons-box", Vertical)
        rolled = declaration is None or declaration.roll is not None
        for widget in ("#reasons-label", "#floor-row"):
            self.query_one(widget).display = not rolled
        self.query_one("#floor-actor").display = False
        self.query_one("#floor-side").display = False
        self.query_one("#floor-text").display = False
        self.query_one("#floor-add").display = False
        if declaration is None or rolled:
            self._reasons_shown = None
            box.remove_children()
            return
        grades = declaration.grades or {}
        wanted: list[tuple[str, Text, bool]] = []
        for side, reasons in (("for", declaration.pros()), ("against", declaration.cons())):
            graded = grades.get(side) or []
            for i, reason in enumerate(reasons):
                strong = graded[i] == "strong" if i < len(graded) else True
                sign = "+" if side == "for" else "−"
                wanted.append((f"{side}-{i}", Text(f"{sign} {printable(reason)}"), strong))
        labels = [(name, label) for name, label, _ in wanted]
        if labels == self._reasons_shown:
            # The same reasons as shown: their boxes as graded on record, not remounted.
            strong = {name: value for name, _, value in wanted}
            for checkbox in box.query(Checkbox):
                checkbox.value = strong.get(checkbox.name or "", True)
        else:
            self._reasons_shown = labels
            box.remove_children()
            if not wanted:
                box.mount(Static("No reasons given yet.", classes="help-text"))
            else:
                box.mount(
                    *(
                        Checkbox(label, value, name=name, compact=True)
                        for name, label, value in wanted
                    )
                )
        scenario = self.session.scenario
        others = [
            (present.actor_name(scenario, a), a) for a in scenario.actors if a != declaration.actor
        ]
        floor_actor = self.query_one("#floor-actor", Select)
        if others != self._floor_teams or not floor_actor.is_blank():
            self._floor_teams = others
            floor_actor.set_options([(Text(name), a) for name, a in others])

    def _grades(self, declaration: Declaration) -> tuple[list[str], list[str]]:
        """The strong/weak grades the boxes show, for and against."""
        found = {box.name: box.value for box in self.query_one("#reasons-box").query(Checkbox)}
        grades: dict[str, list[str]] = {"for": [], "against": []}
        for side, reasons in (("for", declaration.pros()), ("against", declaration.cons())):
            for i in range(len(reasons)):
                grades[side].append("strong" if found.get(f"{side}-{i}", True) else "weak")
        return grades["for"], grades["against"]

    def _record_grades(self, declaration: Declaration) -> bool:
        """Record the grading before a roll when it differs from what is on record."""
        pros, cons = self._grades(declaration)
        if not pros and not cons:
            return True
        current = declaration.grades
        if current is not None and current.get("for") == pros and current.get("against") == cons:
            return True
        if current is None and "weak" not in pros + cons:
            return True  # ungraded reasons count as strong already
        seq = declaration.seq
        return self.perform(lambda: self.session.grade_reasons(seq, pros, cons))

    @on(Button.Pressed, "#floor-button")
    def _open_floor(self) -> None:
        for widget in ("#floor-actor", "#floor-side", "#floor-text", "#floor-add"):
            self.query_one(widget).display = True
        self.query_one("#floor-actor", Select).focus()

    @on(Button.Pressed, "#floor-add")
    def _add_argument(self) -> None:
        declaration = self.declaration
        if declaration is None:
            return
        actor = self.query_one("#floor-actor", Select).value
        side = self.query_one("#floor-side", Select).value
        text = self.query_one("#floor-text", TextField).value
        if not isinstance(actor, str):
            self.show_error("choose the team that argues")
            return
        seq = declaration.seq
        if self.perform(lambda: self.session.add_argument(seq, actor, str(side), text)):
            self.clear_error()
            self.query_one("#floor-text", TextField).value = ""
            declaration = self.declaration
            assert declaration is not None
            self._show_reasons(declaration)
            self._open_floor()
            self._show_method(declaration)

    @on(Button.Pressed, "#argue-button")
    def _argue_pressed(self) -> None:
        self.action_argue()

    def action_argue(self) -> None:
        declaration = self.declaration
        if declaration is None or not declaration.pending or declaration.roll is not None:
            return
        seq = declaration.seq
        if self.session.method(declaration) in ("dice", "argument"):
            self.action_roll()
            return
        if self._record_grades(declaration) and self.perform(lambda: self.session.argue(seq)):
            self._after_roll()

    def _after_roll(self) -> None:
        declaration = self.declaration
        assert declaration is not None
        self._show_method(declaration)
        self._show_reasons(declaration)
        self._show_roll(declaration)
        self._outcomes(declaration)
        self.query_one("#decide").focus()
        # On a small terminal the dialog scrolls: bring what the roll gives into view.
        self.call_after_refresh(self.query_one("#roll").scroll_visible, animate=False)

    def _outcomes(self, declaration: Declaration | None) -> RadioSet | None:
        """Replace the outcome buttons; the new set (mounted soon), if any. The set
        shown is kept when it would be made the same and nobody has used it."""
        box = self.query_one("#outcomes-box", Vertical)
        if declaration is None:
            self._outcomes_shown = None
            box.remove_children()
            return None
        wanted: list[tuple[Text, bool, str]] = []
        details = Text()
        scenario = self.session.scenario
        odds = self.session.odds(declaration.seq)
        # An automatic move's outcome is no chance: the state picks it, and may pick
        # another by the time it is decided, so no "(0%)" beside the others.
        automatic = odds.method == "auto"
        for outcome in odds.outcomes:
            number = len(wanted) + 1
            text = f"{number}  {outcome.label}"
            if outcome.natural:
                text += "  ← the rules pick this now" if automatic else "  ← the rules"
            elif outcome.chance is not None and declaration.roll is None and not automatic:
                text += f"  ({outcome.chance:.0%})"
            wanted.append((Text(text), outcome.natural, outcome.id))
            effects = expr_words.effects_words(scenario, outcome.effects) or "no change"
            details.append(f"{number} {outcome.label}: ", style="bold")
            details.append(f"{effects}\n")
        details.rstrip()
        show(self.query_one("#outcome-effects", Static), details)
        shown = box.query(TouchedSet)
        if shown and tuple(wanted) == self._outcomes_shown and not shown.last().touched:
            return shown.last()
        self._outcomes_shown = tuple(wanted)
        box.remove_children()
        self._generation += 1
        buttons = [RadioButton(text, value=natural, name=id_) for text, natural, id_ in wanted]
        radios = TouchedSet(*buttons, id=f"outcomes-{self._generation}")
        box.mount(radios)
        return radios

    def action_pick(self, number: int) -> None:
        """Choose outcome `number` (1-based), as the digit keys do; decide it at once when
        nothing more is needed (a choice, or the outcome the rules give)."""
        declaration = self.declaration

        if declaration is None or not declaration.pending or not self.query_one("#form").display:
            return
        radios = self.query_one("#outcomes-box").query(RadioSet)
        buttons = list(radios.last().query(RadioButton)) if radios else []
        if not 1 <= number <= len(buttons):
            return
        button = buttons[number - 1]
        button.value = True
        odds = self.session.odds(declaration.seq)
        if odds.method == "choice" or (odds.natural is not None and button.name == odds.natural):
            self._decide(button.name)  # (the radio set learns of the press a moment later)
        elif odds.natural is None and odds.method in ("dice", "probability", "argument"):
            button.focus()  # chosen before the roll: the roll or an override's reason next
        else:
            self._need_reason(odds, button.name or "")

    def _selected(self) -> str | None:
        radios = self.query_one("#outcomes-box").query(RadioSet)
        if not radios:
            return None
        button = radios.last().pressed_button
        return button.name if button is not None else None

    # ------------------------------------------------------------ actions

    @on(Select.Changed, "#pending")
    def _pending_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, int) and event.value != self.seq:
            self.seq = event.value
            self._load()

    @on(Button.Pressed, "#roll-button")
    def _roll_pressed(self) -> None:
        self.action_roll()

    def action_roll(self) -> None:
        declaration = self.declaration
        if declaration is None or not declaration.pending:
            return
        seq = declaration.seq
        if self._record_grades(declaration) and self.perform(lambda: self.session.roll(seq)):
            self._after_roll()

    @on(Button.Pressed, "#decide")
    def _decide_pressed(self) -> None:
        self.action_decide()

    def action_decide(self) -> None:
        self._decide(self._selected())

    def _decide(self, selected: str | None) -> None:
        """Decide the move waiting with the outcome `selected` (the rules' own, or an
        override the session refuses without a reason)."""
        declaration = self.declaration
        if declaration is None or not declaration.pending:
            return
        session = self.session
        seq = declaration.seq
        odds = session.odds(seq)
        reason = self.query_one("#reason", TextField).value
        unrolled = declaration.roll is None and odds.method in ("dice", "argument")
        if unrolled and not self._record_grades(declaration):
            return
        # The rules' own outcome is asked for as None (no override); the session refuses
        # what is missing (a choice with nothing chosen, an override with no reason).
        outcome = selected if odds.method == "choice" or selected != odds.natural else None
        if self.perform(lambda: session.adjudicate(seq, outcome, reason=reason)):
            self._show_result(seq)
        elif outcome is not None and odds.natural is not None and not reason.strip():
            self.query_one("#reason", TextField).focus()  # what the refusal asks for

    @on(Button.Pressed, "#computer")
    def _computer(self) -> None:
        declaration = self.declaration
        if declaration is None or not declaration.pending:
            return
        seq = declaration.seq
        if self.perform(lambda: self.session.computer_adjudicate(seq)):
            self._show_result(seq)

    def _need_reason(self, odds: Odds, chosen: str) -> None:
        """An outcome other than the rules': say so and put the focus on the reason."""
        labels = {o.id: o.label for o in odds.outcomes}
        natural = labels.get(odds.natural or "", odds.natural or "")
        self.show_error(
            f"{labels.get(chosen, chosen)} overrides the rules' outcome ({natural}): "
            "give the reason, then Enter"
        )
        self.query_one("#reason", TextField).focus()

    @on(TextField.Submitted, "#reason")
    def _reason_entered(self) -> None:
        self.action_decide()

    def _show_result(self, seq: int) -> None:
        """The decision read out; the next move waiting comes up under it (in order)."""
        session = self.session
        event = self._adjudication_event(seq)
        text = Text()
        if event is not None:
            text = result_text(session, event, show_hidden=self.show_hidden)
        pending = session.state.pending()
        if pending:
            last = self.query_one("#last-result", Static)
            decided = Text("Decided: ", style="bold")
            decided.append_text(text)
            last.update(decided)
            last.display = True
            self.seq = pending[0].seq
            self._load()
            return
        self.query_one("#last-result").display = False
        self.query_one("#result", Static).update(text)
        self._showing_result(True)
        self.query_one("#next", Button).display = False
        self.query_one("#close").focus()

    def action_go_on(self) -> None:
        """`n` after the last move: close and go on to the consequences."""
        if not self.query_one("#result-view").display:
            return
        app = self.app
        self.dismiss(None)
        app.call_later(app.run_action, "next_phase")

    def _adjudication_event(self, seq: int) -> MoveAdjudicated | None:
        for event in reversed(self.session.events):
            if event["kind"] == "move_adjudicated" and event["declaration"] == seq:
                return event
        return None

    @on(Button.Pressed, "#next")
    def _next(self) -> None:
        pending = self.session.state.pending()
        if not pending:
            self.dismiss(None)
            return
        self.seq = pending[0].seq
        self._load()

    @on(Button.Pressed, "#close")
    @on(Button.Pressed, "#cancel")
    def _close(self) -> None:
        self.dismiss(None)


def result_text(session: Session, event: MoveAdjudicated, *, show_hidden: bool = True) -> Text:
    """An adjudication as read out to the room: outcome, roll, narrative, effects."""
    scenario = session.scenario
    text = Text()
    declared = session.events[event["declaration"] - 1]
    text.append(present.actor_name(scenario, event["actor"]), style="bold")
    text.append(f": {declared.get('label', '')} → ")
    text.append(str(event.get("label", event["outcome"])), style="bold")
    if event.get("by") == "computer":
        text.append(" (decided by the computer)")
    why = declared.get("reason") if declared.get("by") == "computer" else None
    if why:  # the doctrine's stated reason (public): read here, not in a notice over it
        text.append(f"\nThe computer's reason: {why}", style="italic")
    roll = next(
        (
            e
            for e in reversed(session.events)
            if e["kind"] == "dice_rolled" and e.get("declaration") == event.get("declaration")
        ),
        None,
    )
    if roll is not None:
        text.append(f"\nRoll: {present.describe_roll(roll)}")
    if event.get("override"):
        natural = _outcome_label(session, event, str(event.get("natural") or ""))
        text.append(
            f"\nOverrides the rules' outcome ({natural}): {event.get('override')}",
            style="italic",
        )
    elif event.get("reason"):
        text.append(f"\nReason: {event.get('reason')}", style="italic")
    if event.get("narrative"):
        text.append(f"\n{present.reflow(event.get('narrative', ''))}")
    effects = present.format_changes(scenario, event["effects"], show_hidden=show_hidden)
    text.append(f"\nEffects: {effects or 'none'}")
    return text


def _outcome_label(session: Session, event: MoveAdjudicated, outcome: str) -> str:
    """An outcome's label (what the rules gave, for an override), not its id."""
    declaration = session.state.declaration(event["declaration"])
    if declaration is not None:
        return dict(session.outcomes(declaration)).get(outcome, outcome)
    move = session.scenario.moves.get(str(event.get("move") or ""))
    if move is not None:
        return next((o.label for o in move.model.outcomes if o.id == outcome), outcome)
    return outcome
