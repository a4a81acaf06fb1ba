"""The after-action report as data: one pure function from a session to its model.

`build_report(header, events, scenario)` reads the journal's events once, groups them by
turn (injects, each declaration with its rolls and adjudications, rules that fired,
notes, undo and redo), replays the events in effect to get every track's value at the
end of each turn, and collects the outcome, the objective scores and the facilitator's
notes by tag into the model of `tabletop.export.model`. Every format module renders
that one model, so the Markdown report, the HTML report and the JSON export agree.

Nothing is dropped: events of undone actions stay in the report with `undone = True`.
What an undo or a redo was about is said in the event kind's own words
(`tabletop.engine.events.about`). The events were checked against the scenario when the
journal was opened; names a changed scenario (`--allow-changed-scenario`) no longer
knows fall back to the ids they carry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tabletop.engine import wording
from tabletop.engine.audience import FACILITATOR, audience_name
from tabletop.engine.events import Words, about
from tabletop.engine.expr_words import (
    actor_maximum,
    effect_words,
    objective_maximum,
    score_words,
)
from tabletop.engine.replay import replay, undo_stacks
from tabletop.engine.wording import (
    ENDING_REASONS,
    NOTE_TAGS,
    roll_reasons,
    roll_text,
    unit_after_label,
)
from tabletop.export.evaluation import build_evaluation
from tabletop.export.model import (
    ActorItem,
    Adjudication,
    Change,
    Declaration,
    EndingItem,
    ExportError,
    InjectItem,
    Marker,
    NoteItem,
    ObjectiveItem,
    Outcome,
    Overview,
    Report,
    Roll,
    RuleItem,
    SourceItem,
    TrackSeries,
    TurnReport,
)
from tabletop.export.text import format_date, format_timestamp, is_web_url
from tabletop.scenario.bounds import bounded
from tabletop.scenario.compiled import CompiledScenario

Event = Mapping[str, Any]

__all__ = ["ExportError", "Report", "build_report"]


def build_report(
    header: Mapping[str, Any],
    events: Sequence[Event],
    scenario: CompiledScenario,
    *,
    journal: str | None = None,
) -> Report:
    """The report model of a session: its header, its events and its scenario."""
    try:
        done, _ = undo_stacks(events)
    except (KeyError, TypeError, ValueError) as exc:
        raise ExportError(f"the events do not make a valid history: {exc}") from None
    return _Builder(header, events, scenario, set(done), journal).build()


class _Builder:
    def __init__(
        self,
        header: Mapping[str, Any],
        events: Sequence[Event],
        scenario: CompiledScenario,
        done: set[int],
        journal: str | None,
    ) -> None:
        self.header = header
        self.events = events
        self.scenario = scenario
        self.done = done
        self.journal = journal
        self.turns: dict[int, TurnReport] = {}
        self.declarations: dict[int, Declaration] = {}
        self.notes: dict[str, list[NoteItem]] = {tag: [] for tag in NOTE_TAGS}
        self.undone: set[int] = set()
        self.first: dict[int, Event] = {}
        self.started: dict[int, bool] = {}
        self.words = Words(scenario, events)

    # ---------------------------------------------------------------- helpers

    def changes(self, raw: Any) -> tuple[Change, ...]:
        out = []
        for track_id, before, after in raw or ():
            if before == after and type(before) is type(after):
                continue  # it changed nothing (a track already at its bound)
            track = self.scenario.tracks.get(track_id)
            label = track.label if track else str(track_id)
            unit = unit_after_label(label, track.unit) if track else ""
            out.append(Change(str(track_id), label, before, after, unit))
        return tuple(out)

    def actor_name(self, actor: Any) -> str:
        found = self.scenario.actors.get(actor)
        return found.name if found else str(actor)

    def turn(self, index: Any) -> TurnReport:
        if type(index) is int:
            found = self.turns.get(index)
            if found is not None:
                return found
        if not isinstance(index, int) or isinstance(index, bool):
            index = 0
        turns = self.scenario.turns
        index = min(max(index, 0), max(len(turns) - 1, 0))
        report = self.turns.get(index)
        if report is None:
            model = turns[index]
            names = tuple(self.actor_name(a) for a in self.scenario.participants(index))
            report = TurnReport(
                index=index,
                number=index + 1,
                id=model.id,
                title=model.title,
                date=model.date.isoformat(),
                date_text=format_date(model.date.isoformat()),
                place=model.place,
                participants=names,
                briefing=model.briefing,
            )
            self.turns[index] = report
        return report

    # ---------------------------------------------------------------- events

    def build(self) -> Report:
        for event in self.events:
            seq = event.get("seq")
            try:
                self.event(event)
            except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
                kind = event.get("kind", "?")
                raise ExportError(f"event {seq} ({kind}) is malformed: {exc!r}") from None
        try:
            state = replay(self.scenario.initial_values(), self.events)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise ExportError(f"{wording.EVENTS_DO_NOT_REPLAY}: {exc}") from None
        initial = {k: _tidy(v) for k, v in self.scenario.initial_values().items()}
        history = [dict(h) for h in state.history]
        if not state.over and state.turn >= 0 and len(history) <= state.turn:
            history.append(state.tracks())
        columns = ["Start"]
        for index, values in enumerate(history):
            report = self.turn(index)
            report.values = values
            report.complete = index < len(state.history)
            columns.append(f"Turn {index + 1}" + ("" if report.complete else " (so far)"))
        for index, report in self.turns.items():
            report.undone = not self.started.get(index, False)
        tracks = tuple(
            TrackSeries(
                id=t.id,
                label=t.label,
                type=t.type,
                unit=t.unit,
                visible=t.visible,
                min=t.min,
                max=t.max,
                levels=tuple(t.levels),
                values=(initial.get(t.id), *(h.get(t.id) for h in history)),
            )
            for t in self.scenario.model.tracks
        )
        outcome, scores, final = self.outcome(state)
        actors = self.actors(scores)
        turns = tuple(self.turns[i] for i in sorted(self.turns))
        evaluation = build_evaluation(self.header, self.events, self.scenario, self.done)
        return Report(
            overview=self.overview(turns, len(history), evaluation.facilitator),
            actors=actors,
            turns=turns,
            columns=tuple(columns),
            tracks=tracks,
            initial=initial,
            outcome=outcome,
            scores=scores,
            scores_final=final,
            notes={tag: tuple(items) for tag, items in self.notes.items()},
            undone_actions=tuple(sorted(self.undone)),
            events=len(self.events),
            evaluation=evaluation,
            notes_title=self.notes_title(),
        )

    def notes_title(self) -> str | None:
        """The notes' heading, or None when this audience never sees notes: a team's or
        the room's report of a facilitated session would otherwise say "No notes." over
        notes it was not shown."""
        player = (self.header.get("settings") or {}).get("player")
        audience = str(self.header.get("audience") or FACILITATOR)
        if player:
            return "Player's notes" if audience in (FACILITATOR, player) else None
        return "Facilitator notes" if audience == FACILITATOR else None

    def describe(self, action: int) -> str:
        """What an action was, from its first event (for undo and redo): its kind's words."""
        event = self.first.get(action)
        if event is None:
            return f"action {action}"
        return about(event, self.words)

    def event(self, event: Event) -> None:
        kind = event["kind"]
        seq = event["seq"]
        action = event.get("action", seq)
        if action == seq:
            self.first[seq] = event
        undone = action not in self.done and kind != "undo" and kind != "redo"
        if undone:
            self.undone.add(action)
        turn = self.turn(event.get("turn", 0))
        if kind == "move_declared":
            self.declare(turn, event, undone)
        elif kind == "move_adjudicated":
            self.adjudicate(event, undone)
        elif kind == "move_withdrawn" and not undone:
            withdrawn = self.declarations.get(event["declaration"])
            if withdrawn is not None:
                withdrawn.withdrawn = str(event.get("reason", "") or "")
        elif kind == "note":
            tag = event.get("tag", "note")
            tag = tag if tag in NOTE_TAGS else "note"
            item = NoteItem(
                seq,
                turn.number,
                tag,
                str(event.get("text", "")),
                undone,
                str(event.get("objective") or ""),
            )
            turn.notes.append(item)
            self.notes[tag].append(item)
        elif kind == "dice_rolled":
            self.roll(event, undone)
        elif kind == "argument_added" and not undone:
            self.argument(event)
        elif kind == "reasons_graded" and not undone:
            self.grade(event)
        elif kind == "inject_delivered":
            self.inject(turn, event, undone)
        elif kind == "turn_started":
            if not undone:
                self.started[turn.index] = True
        elif kind == "rule_fired":
            turn.rules.append(
                RuleItem(
                    seq=seq,
                    rule=str(event.get("rule", "")),
                    description=str(event.get("description", "")),
                    narrative=str(event.get("narrative", "")),
                    changes=self.changes(event.get("effects")),
                    undone=undone,
                )
            )
        elif kind == "undo" or kind == "redo":
            target = int(event["target"])
            turn.markers.append(Marker(seq, kind, target, self.describe(target)))
        elif kind == "session_ended":
            turn.endings.append(
                EndingItem(
                    seq=seq,
                    turn=turn.number,
                    ending=event.get("ending"),
                    title=str(event.get("title", "")),
                    summary=str(event.get("summary", "")),
                    reason=str(event.get("reason", "")),
                    note=str(event.get("note", "") or ""),
                    undone=undone,
                )
            )

    def inject(self, turn: TurnReport, event: Event, undone: bool) -> None:
        inject_id = event.get("inject")
        compiled = self.scenario.injects.get(inject_id) if inject_id else None
        model = compiled.model if compiled else None
        turn.injects.append(
            InjectItem(
                seq=event["seq"],
                inject=inject_id,
                title=str(event.get("title", "")),
                text=str(event.get("text", "")),
                kind=model.kind if model else ("ad hoc" if not inject_id else ""),
                sender=model.sender if model else "",
                recipients=tuple(self.actor_name(a) for a in (model.recipients if model else ())),
                source=model.source if model else "",
                hypothetical=model.hypothetical if model else False,
                changes=self.changes(event.get("effects")),
                by=str(event.get("by", "")),
                undone=undone,
            )
        )

    def declare(self, turn: TurnReport, event: Event, undone: bool) -> None:
        move = event.get("move")
        freeform = event.get("freeform") or None
        compiled = self.scenario.moves.get(move) if move else None
        method = compiled.model.adjudication.method if compiled else "choice"
        declaration = Declaration(
            seq=event["seq"],
            actor=str(event.get("actor", "")),
            actor_name=self.actor_name(event.get("actor")),
            move=move,
            label=str(event.get("label", "")),
            freeform=move is None,
            narrative=str((freeform or {}).get("narrative", "")),
            freeform_effects=tuple(
                effect_words(self.scenario, str(e)) for e in (freeform or {}).get("effects", ())
            ),
            reasons_for=tuple(str(r) for r in event.get("reasons_for") or ()),
            reasons_against=tuple(str(r) for r in event.get("reasons_against") or ()),
            sealed=bool(event.get("sealed", False)),
            by=str(event.get("by", "")),
            doctrine_reason=str(event.get("reason", "") or ""),
            method=method,
            undone=undone,
        )
        turn.declarations.append(declaration)
        self.declarations[declaration.seq] = declaration

    def argument(self, event: Event) -> None:
        """Another team's argument, heard when the floor was opened: one more reason."""
        declaration = self.declarations.get(event.get("declaration"))  # type: ignore[arg-type]
        if declaration is None:
            return
        text = f"{event.get('text', '')} (argued by {self.actor_name(event.get('actor'))})"
        if event.get("side") == "for":
            declaration.reasons_for = (*declaration.reasons_for, text)
        else:
            declaration.reasons_against = (*declaration.reasons_against, text)

    def grade(self, event: Event) -> None:
        """The facilitator's grading: each reason marked strong or weak, in order."""
        declaration = self.declarations.get(event.get("declaration"))  # type: ignore[arg-type]
        if declaration is None:
            return

        def marked(reasons: tuple[str, ...], grades: object) -> tuple[str, ...]:
            found = list(grades) if isinstance(grades, list) else []
            plain = [r.removesuffix(" (strong)").removesuffix(" (weak)") for r in reasons]
            return tuple(f"{r} ({found[i]})" if i < len(found) else r for i, r in enumerate(plain))

        declaration.reasons_for = marked(declaration.reasons_for, event.get("grades_for"))
        declaration.reasons_against = marked(
            declaration.reasons_against, event.get("grades_against")
        )

    def roll(self, event: Event, undone: bool) -> None:
        declaration = self.declarations.get(event.get("declaration"))  # type: ignore[arg-type]
        if declaration is None:
            return
        method = str(event.get("method", ""))
        declaration.rolls.append(
            Roll(
                seq=event["seq"],
                method=method,
                text=roll_text(event),
                result=str(event.get("result", "")),
                dice=str(event.get("dice", "")),
                faces=tuple(event.get("faces") or ()),
                modifiers=tuple((str(m[0]), int(m[1])) for m in event.get("modifiers") or ()),
                reason_bonus=int(event.get("reason_bonus") or 0),
                reasons_text=roll_reasons(event),
                total=event.get("total"),
                target=event.get("target"),
                chance=event.get("chance"),
                draw=event.get("draw"),
                undone=undone,
            )
        )

    def adjudicate(self, event: Event, undone: bool) -> None:
        declaration = self.declarations.get(event.get("declaration"))  # type: ignore[arg-type]
        item = Adjudication(
            seq=event["seq"],
            method=str(event.get("method", "")),
            outcome=str(event.get("outcome", "")),
            label=str(event.get("label", "")),
            natural=(
                wording.outcome_label(self.scenario, event.get("move"), event["natural"])
                if event.get("natural")
                else None
            ),
            override=event.get("override") or None,
            reason=str(event.get("reason", "") or ""),
            narrative=str(event.get("narrative", "") or ""),
            changes=self.changes(event.get("effects")),
            by=str(event.get("by", "")),
            undone=undone,
        )
        if declaration is not None:
            declaration.adjudications.append(item)

    # ---------------------------------------------------------------- the rest

    def outcome(self, state: Any) -> tuple[Outcome, dict[str, dict[str, Any]], bool]:
        ended = state.ended
        if ended is not None:
            reason = str(ended.get("reason", ""))
            outcome = Outcome(
                ended=True,
                ending=ended.get("ending"),
                title=str(ended.get("title", "")),
                summary=str(ended.get("summary", "")),
                reason=reason,
                reason_text=ENDING_REASONS.get(reason, reason),
                note=str(ended.get("note", "") or ""),
                turn=int(ended.get("turn", 0)) + 1,
                seq=ended.get("seq"),
            )
            scores = ended.get("scores") or {}
            return outcome, dict(scores), True
        outcome = Outcome(False, None, "", "", "", "", "", None, None)
        return outcome, self.provisional_scores(state), False

    def provisional_scores(self, state: Any) -> dict[str, dict[str, Any]]:
        """The scores if the session ended now without a named ending."""
        env = {**state.values, "ending": "none"}
        out: dict[str, dict[str, Any]] = {}
        for actor, objectives in self.scenario.objectives.items():
            values: dict[str, Any] = {}
            total = 0.0
            for objective in objectives:
                try:
                    raw = objective.score.fn(env)
                    value = bounded(float(raw)) if not isinstance(raw, str) else 0.0  # type: ignore[arg-type]
                except Exception:  # a score that cannot be computed is left out, not fatal
                    continue
                values[objective.id] = _tidy(round(value, 4))
                total += objective.weight * value
            out[actor] = {"total": _tidy(round(total, 4)), "objectives": values}
        return out

    def played_by(self) -> dict[str, str]:
        """Who played each actor: the header's record (`settings.played_by`); for an
        older journal, what its settings and its declarations say (a run's journal once
        said nothing, while the computer declared every move)."""
        settings = self.header.get("settings") or {}
        recorded = settings.get("played_by")
        if isinstance(recorded, dict):
            return {str(k): str(v) for k, v in recorded.items()}
        computer = set(settings.get("computer") or ())
        player = settings.get("player")
        declared: dict[str, set[str]] = {}
        for event in self.events:
            if event["kind"] == "move_declared":
                declared.setdefault(str(event.get("actor")), set()).add(str(event.get("by", "")))
        out: dict[str, str] = {}
        for actor in self.scenario.actors:
            by = declared.get(actor, set())
            if actor == player:
                out[actor] = "player"
            elif actor in computer or (by and by <= {"computer"}):
                out[actor] = "computer"
            elif by and by <= {"script"}:
                out[actor] = "script"
            elif by and by <= {"script", "computer"}:
                out[actor] = "script and computer"
            else:
                out[actor] = "team"
        return out

    def actors(self, scores: Mapping[str, Any]) -> tuple[ActorItem, ...]:
        who = self.played_by()
        out = []
        for actor in self.scenario.model.actors:
            score = scores.get(actor.id) or {}
            values = score.get("objectives") or {}
            played_by = who.get(actor.id, "team")
            objectives = tuple(
                ObjectiveItem(
                    o.id,
                    o.description,
                    o.weight,
                    o.score,
                    values.get(o.id),
                    score_words(self.scenario, o.score),
                    objective_maximum(self.scenario, actor.id, o.id),
                )
                for o in actor.objectives
            )
            out.append(
                ActorItem(
                    id=actor.id,
                    name=actor.name,
                    side=actor.side,
                    played_by=played_by,
                    briefing=actor.briefing,
                    objectives=objectives,
                    total=score.get("total"),
                    # a withheld total (it counts what the audience may not see) has
                    # no "out of" either: the audience's objectives are not all of them
                    maximum=(
                        actor_maximum(self.scenario, actor.id)
                        if score.get("total") is not None
                        else None
                    ),
                )
            )
        return tuple(out)

    def overview(self, turns: Sequence[TurnReport], played: int, facilitator: str) -> Overview:
        header = self.header
        meta = self.scenario.model.scenario
        settings = header.get("settings") or {}
        reached = [t for t in turns if not t.undone]
        if reached:
            first, last = reached[0].date, reached[-1].date
            dates = (
                format_date(first)
                if first == last
                else f"{format_date(first)} – {format_date(last)}"
            )
        else:
            dates = ""
        player = settings.get("player")
        who = self.played_by()
        machine = [self.actor_name(a) for a, w in who.items() if w == "computer"]
        scripted = [self.actor_name(a) for a, w in who.items() if w.startswith("script")]
        everyone = len(machine) == len(self.scenario.actors)
        machine_text = "every actor" if everyone else ", ".join(machine)
        run = settings.get("mode") == "run" or (
            bool(scripted) and not any(w in ("team", "player") for w in who.values())
        )
        if player:
            mode = f"solo play as {self.actor_name(player)}"
            if machine:
                mode += f"; the computer plays {machine_text}"
        elif run:
            mode = "headless run (tabletop run)"
            if scripted:
                mode += f"; the script declares for {', '.join(scripted)}"
            if machine:
                mode += f"; the computer plays {machine_text}"
        elif everyone:
            mode = "played by the computer"
        else:
            mode = "facilitated"
            if machine:
                mode += f"; the computer plays {machine_text}"
        if settings.get("auto_adjudicate"):
            mode += "; the computer adjudicates"
        elif run:
            mode += "; the computer adjudicates what the script does not"
        parent = header.get("parent") or None
        last_at = ""
        for event in reversed(self.events):
            if event.get("at"):
                last_at = format_timestamp(event["at"])
                break
        sources = tuple(
            SourceItem(
                title=s.title,
                publisher=s.publisher,
                date=s.date.isoformat() if s.date else "",
                url=s.url,
                link=is_web_url(s.url),
            )
            for s in meta.sources
        )
        return Overview(
            title=meta.title,
            scenario_id=meta.id,
            scenario_version=meta.version,
            author=meta.author,
            summary=meta.summary,
            briefing=meta.briefing,
            sources=sources,
            sha256=self.scenario.sha256,
            dates=dates,
            created=format_timestamp(header.get("created")),
            last_event=last_at,
            facilitator=facilitator,
            mode=mode,
            seed=header.get("seed"),
            journal=self.journal or "",
            parent=(
                f"{parent.get('session')} at event {parent.get('at')}"
                if isinstance(parent, Mapping)
                else ""
            ),
            events=len(self.events),
            turns_played=played,
            turns_total=len(self.scenario.turns),
            undone_actions=len(self.undone),
            audience=audience_name(self.scenario, str(header.get("audience") or FACILITATOR)),
        )


def _tidy(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
