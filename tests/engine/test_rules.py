"""The rules of a session, one test per mechanism, stated as given / when / then.

The scenario is tests/data/mini.toml: Red (mobilise: auto; gamble: 2d6 ≥ 7, once) and
Blue (talk: facilitator's choice, needs talks_open; pressure: probability tension/10);
tension 3 in 0..10; injects `news` (turn 2, tension +1), `crisis` (when tension ≥ 8),
`spare` (by hand only); rules `talks_collapse` (once, tension ≥ 7) and `cooling`
(repeat, tension ≤ 2); endings war (tension ≥ 10), deal (tension ≤ 0), standoff.
"""

from __future__ import annotations

import pytest

from tabletop.engine import errors
from tabletop.engine.replay import replay
from tabletop.engine.session import Session
from tabletop.scenario.compiled import CompiledScenario


def to_declaration(session: Session) -> Session:
    session.advance()
    assert session.phase == "declaration"
    return session


def to_adjudication(session: Session) -> Session:
    session.advance()
    assert session.phase == "adjudication"
    return session


def set_values(session: Session, **values: object) -> None:
    """Put the session in a given state through a facilitator's ad-hoc inject."""
    effects = [
        f"{k} = {str(v).lower() if isinstance(v, bool) else repr(v) if isinstance(v, str) else v}"
        for k, v in values.items()
    ]
    session.deliver_adhoc("Setup", "test setup", effects)


def kinds(session: Session) -> list[str]:
    return [e["kind"] for e in session.events]


# ----------------------------------------------------------------- turn flow


def test_a_new_session_starts_in_the_briefing_of_turn_one(mini: CompiledScenario) -> None:
    """Given a scenario, when a session starts, then it is in turn 1's briefing."""
    session = Session(mini, seed=1)
    assert (session.turn, session.phase) == (0, "briefing")
    assert session.state.values["turn"] == 1
    assert kinds(session) == ["turn_started"]


def test_phases_follow_the_turn_order(mini: CompiledScenario) -> None:
    """Given a turn, when the facilitator advances, then briefing → declaration →
    adjudication → consequences → the next turn's briefing."""
    session = Session(mini, seed=1)
    seen = [session.phase]
    for _ in range(4):
        session.advance()
        seen.append(session.phase)
    assert seen == ["briefing", "declaration", "adjudication", "consequences", "briefing"]
    assert session.turn == 1


def test_advancing_with_pending_moves_is_refused(mini: CompiledScenario) -> None:
    """Given a declared move not yet adjudicated, when advancing from adjudication,
    then MovesPending names the move and nothing is recorded."""
    session = to_declaration(Session(mini, seed=1))
    session.declare("red", "mobilise")
    to_adjudication(session)
    before = len(session.events)
    pending = r"^1 move still to adjudicate \(Red: Mobilise\)$"  # by name, singular
    with pytest.raises(errors.MovesPending, match=pending):
        session.advance()
    assert len(session.events) == before


def test_declaring_outside_the_declaration_phase_is_refused(mini: CompiledScenario) -> None:
    """Given the briefing phase, when a move is declared, then WrongPhase explains the phase."""
    session = Session(mini, seed=1)
    with pytest.raises(errors.WrongPhase, match="declaration phase"):
        session.declare("red", "mobilise")


def test_unknown_actor_and_move_are_refused(mini: CompiledScenario) -> None:
    """Given the declaration phase, when an unknown actor or another actor's move is
    declared, then UnknownActor / UnknownMove list what exists."""
    session = to_declaration(Session(mini, seed=1))
    with pytest.raises(errors.UnknownActor, match="actors: red, blue"):
        session.declare("green", "mobilise")
    with pytest.raises(errors.UnknownMove, match="mobilise, gamble"):
        session.declare("red", "talk")


# ----------------------------------------------------------------- declarations


def test_a_move_whose_precondition_fails_is_refused(mini: CompiledScenario) -> None:
    """Rule: a move can be declared only when its `requires` holds.
    Given talks are closed, when Blue declares `talk` (requires talks_open),
    then PreconditionFailed gives the precondition in words (the track's label)."""
    session = Session(mini, seed=1)
    set_values(session, talks_open=False)
    to_declaration(session)
    with pytest.raises(errors.PreconditionFailed, match="needs: Talks open"):
        session.declare("blue", "talk")
    option = next(o for o in session.move_options("blue") if o.move.id == "talk")
    assert not option.available and option.why == "needs: Talks open"


def test_a_move_over_its_limit_is_refused(mini: CompiledScenario) -> None:
    """Rule: `limit` caps how often a move is taken in a session.
    Given Red gambled in turn 1 (limit 1), when Red gambles in turn 2, then LimitReached."""
    session = to_declaration(Session(mini, seed=1))
    session.declare("red", "gamble")
    to_adjudication(session)
    session.adjudicate(session.state.pending()[0].seq)
    session.advance()
    session.advance()
    to_declaration(session)
    with pytest.raises(errors.LimitReached):
        session.declare("red", "gamble")


def test_sealed_declarations_are_recorded_sealed(mini: CompiledScenario) -> None:
    """Rule: a declaration may be sealed until every actor has declared.
    Given the declaration phase, when Red declares sealed, then the event and the
    declaration say sealed, and the move is revealed once adjudication starts."""
    session = to_declaration(Session(mini, seed=1))
    session.declare("red", "mobilise", sealed=True)
    declaration = session.state.declarations[0]
    assert declaration.sealed and session.events[-1]["sealed"] is True
    to_adjudication(session)
    assert session.state.declarations[0].label == "Mobilise"


def test_freeform_moves_apply_their_effects_on_success(mini: CompiledScenario) -> None:
    """Rule: free-form moves carry the facilitator's effects, applied if they succeed.
    Given a free-form move `tension += 4`, when adjudicated a success, then tension 3 → 7."""
    session = to_declaration(Session(mini, seed=1))
    session.declare_freeform(
        "blue", "Back channel", narrative="A quiet call", effects=["tension += 4"]
    )
    to_adjudication(session)
    decl = session.state.pending()[0]
    session.adjudicate(decl.seq, "success")
    assert session.state.values["tension"] == 7
    assert session.events[-1]["narrative"] == "A quiet call"


def test_a_freeform_move_with_a_bad_effect_is_refused(mini: CompiledScenario) -> None:
    """Given a free-form effect naming no track, when declared, then BadEffect, nothing recorded."""
    session = to_declaration(Session(mini, seed=1))
    before = len(session.events)
    with pytest.raises(errors.BadEffect, match="unknown name"):
        session.declare_freeform("blue", "Bluff", effects=["morale += 1"])
    assert len(session.events) == before


# ----------------------------------------------------------------- adjudication


def test_auto_adjudication_takes_the_first_outcome_that_holds(mini: CompiledScenario) -> None:
    """Rule: auto takes the first outcome whose condition holds.
    Given Red mobilises (auto, tension += 2), when adjudicated, then tension 3 → 5."""
    session = to_declaration(Session(mini, seed=1))
    session.declare("red", "mobilise")
    to_adjudication(session)
    session.adjudicate(session.state.pending()[0].seq)
    event = session.events[-1]
    assert (event["method"], event["outcome"], event["effects"]) == (
        "auto",
        "done",
        [["tension", 3, 5]],
    )


def test_choice_needs_the_facilitators_outcome(mini: CompiledScenario) -> None:
    """Rule: with the choice method the facilitator picks the outcome.
    Given Blue talks, when adjudicated without an outcome, then BadOutcome lists them
    (by their labels);
    with `progress`, then tension falls by 2."""
    session = to_declaration(Session(mini, seed=1))
    session.declare("blue", "talk")
    to_adjudication(session)
    seq = session.state.pending()[0].seq
    with pytest.raises(errors.BadOutcome, match="Progress, Stall"):  # by their labels
        session.adjudicate(seq)
    session.adjudicate(seq, "progress")
    assert session.state.values["tension"] == 1


def test_dice_roll_against_the_target_with_modifiers_and_reasons(mini: CompiledScenario) -> None:
    """Rule: dice total = faces + modifiers that hold + reason_bonus × (for − against);
    total ≥ target succeeds. Given high alert (+2) and one reason for, when Red gambles,
    then the journal holds the faces, the modifier, and a result that follows from them."""
    session = Session(mini, seed=4)
    set_values(session, alert="high")
    to_declaration(session)
    session.declare("red", "gamble", reasons_for=["Surprise"], reasons_against=[])
    to_adjudication(session)
    seq = session.state.pending()[0].seq
    session.roll(seq)
    roll = session.events[-1]
    assert roll["kind"] == "dice_rolled" and len(roll["faces"]) == 2
    assert roll["modifiers"] == [["High alert", 2]]
    assert roll["total"] == sum(roll["faces"]) + 2 + 1
    assert roll["result"] == ("success" if roll["total"] >= 7 else "failure")
    session.adjudicate(seq)
    expected = "win" if roll["result"] == "success" else "lose"
    assert session.events[-1]["outcome"] == expected


def test_a_roll_is_made_once(mini: CompiledScenario) -> None:
    """Rule: every roll is recorded and never made again. Given a rolled move, when
    rolled again, then nothing new is recorded."""
    session = to_declaration(Session(mini, seed=4))
    session.declare("red", "gamble")
    to_adjudication(session)
    seq = session.state.pending()[0].seq
    session.roll(seq)
    count = len(session.events)
    assert session.roll(seq) == [] and len(session.events) == count


def test_probability_draws_against_the_chance(mini: CompiledScenario) -> None:
    """Rule: probability succeeds when the draw is below the chance (here tension/10 = 0.3)."""
    session = to_declaration(Session(mini, seed=9))
    session.declare("blue", "pressure")
    to_adjudication(session)
    session.adjudicate(session.state.pending()[0].seq)
    draw = session.events[-2]
    assert draw["chance"] == 0.3
    assert draw["result"] == ("success" if draw["draw"] < 0.3 else "failure")


def test_an_override_needs_a_reason_and_is_recorded(mini: CompiledScenario) -> None:
    """Rule: the facilitator may override any result, with a reason.
    Given a rolled gamble, when the other outcome is chosen without a reason, then
    OverrideNeedsReason; with one, then the override and the natural outcome are recorded."""
    session = to_declaration(Session(mini, seed=4))
    session.declare("red", "gamble")
    to_adjudication(session)
    seq = session.state.pending()[0].seq
    session.roll(seq)
    natural = "win" if session.events[-1]["result"] == "success" else "lose"
    other = "lose" if natural == "win" else "win"
    with pytest.raises(errors.OverrideNeedsReason) as refused:
        session.adjudicate(seq, other)
    labels = {"win": "It pays off", "lose": "It backfires"}
    assert str(refused.value) == (  # the outcomes by their labels, never their ids
        f"choosing “{labels[other]}” instead of “{labels[natural]}”, which the roll gives, "
        "is an override: give a reason"
    )
    session.adjudicate(seq, other, reason="The room found the plan implausible")
    event = session.events[-1]
    assert (event["outcome"], event["natural"]) == (other, natural)
    assert event["override"] == "The room found the plan implausible"


def test_effects_are_clamped_to_the_track_range(mini: CompiledScenario) -> None:
    """Rule: number tracks stay within [min, max]. Given tension 9, when it rises by 2
    (mobilise), then it stops at 10."""
    session = Session(mini, seed=1)
    set_values(session, tension=9)
    to_declaration(session)
    session.declare("red", "mobilise")
    to_adjudication(session)
    session.adjudicate(session.state.pending()[0].seq)
    assert session.events[-1]["effects"] == [["tension", 9, 10]]


# ----------------------------------------------------------------- rules, injects, endings


def play_quiet_turn(session: Session) -> None:
    while session.phase != "consequences":
        session.advance()
    session.advance()


def test_a_once_rule_fires_once(mini: CompiledScenario) -> None:
    """Rule: a rule with repeat = false fires at most once per session.
    Given tension 7 for two turns, when both consequences phases pass, then
    talks_collapse fired once and talks are closed."""
    session = Session(mini, seed=1)
    set_values(session, tension=7)
    play_quiet_turn(session)
    play_quiet_turn(session)
    assert session.state.fired.get("talks_collapse") == 1
    assert session.state.values["talks_open"] is False


def test_a_repeat_rule_fires_every_turn_it_holds(mini: CompiledScenario) -> None:
    """Rule: a rule with repeat = true fires each turn its condition holds.
    Given tension 2, when a turn passes, then cooling fired (2 → 1, and the news inject
    of turn 2 brings it back to 2); when the next consequences phase comes, it fires again."""
    session = Session(mini, seed=1)
    set_values(session, tension=2)
    play_quiet_turn(session)
    assert session.state.fired["cooling"] == 1
    assert session.state.values["tension"] == 2  # 2 -1 (cooling) +1 (news at turn 2)
    while session.phase != "consequences":
        session.advance()
    assert session.state.fired["cooling"] == 2


def test_scheduled_injects_arrive_at_their_turn(mini: CompiledScenario) -> None:
    """Rule: an inject with `turn` is delivered at the start of that turn.
    Given the news inject scheduled for t2, when turn 2 starts, then it is delivered with
    its effect."""
    session = Session(mini, seed=1)
    assert "news" not in session.state.delivered
    play_quiet_turn(session)
    assert session.state.delivered == ["news"]
    event = next(e for e in session.events if e["kind"] == "inject_delivered")
    assert event["effects"] == [["tension", 3, 4]] and event["turn"] == 1


def test_triggered_injects_arrive_when_their_condition_holds(mini: CompiledScenario) -> None:
    """Rule: an inject with `when` is delivered at the start of the first turn it holds.
    Given tension 8 during turn 1, when turn 2 starts, then `crisis` is delivered (alert high)."""
    session = Session(mini, seed=1)
    set_values(session, tension=8)
    play_quiet_turn(session)
    assert "crisis" in session.state.delivered
    assert session.state.values["alert"] == "high"


def test_an_inject_is_delivered_by_hand_once(mini: CompiledScenario) -> None:
    """Given the spare inject, when delivered by hand twice, then the second is refused."""
    session = Session(mini, seed=1)
    session.deliver_inject("spare")
    with pytest.raises(errors.UnknownInject, match="delivered already"):
        session.deliver_inject("spare")


def test_an_ending_condition_ends_the_session_with_scores(mini: CompiledScenario) -> None:
    """Rule: endings are checked in the consequences phase, first match wins.
    Given tension 0, when the consequences phase comes, then the session ends in `deal`
    and Blue's objective (ending == "deal", weight 2) scores 2."""
    session = Session(mini, seed=1)
    set_values(session, tension=0)
    while not session.over:
        session.advance()
    ended = session.state.ended
    assert ended is not None and ended["ending"] == "deal" and ended["reason"] == "condition"
    assert ended["scores"]["blue"] == {"total": 2, "objectives": {"deal": 1}}
    with pytest.raises(errors.SessionOver):
        session.advance()


def test_the_default_ending_comes_when_the_calendar_runs_out(mini: CompiledScenario) -> None:
    """Rule: with no ending reached, the one without `when` is the outcome after the last turn."""
    session = Session(mini, seed=1)
    for _ in range(3):
        play_quiet_turn(session)
    assert session.state.ended is not None
    assert (session.state.ended["ending"], session.state.ended["reason"]) == (
        "standoff",
        "calendar",
    )


def test_the_facilitator_can_end_the_session(mini: CompiledScenario) -> None:
    """Given a session under way, when the facilitator ends it with `war`, then it is over
    with that ending."""
    session = Session(mini, seed=1)
    session.end("war", note="Time is up")
    assert session.over and session.state.ended["reason"] == "facilitator"  # type: ignore[index]


# ----------------------------------------------------------------- notes, undo, redo, branch


def test_notes_are_recorded_with_their_tag_and_empty_notes_refused(mini: CompiledScenario) -> None:
    """Given a session, when notes are taken, then they are events; an empty one is refused."""
    session = Session(mini, seed=1)
    session.note("Team Blue argued well", "strength")
    assert session.events[-1]["tag"] == "strength"
    with pytest.raises(errors.EmptyText):
        session.note("   ")
    with pytest.raises(errors.ActionError, match="tag"):
        session.note("x", "gossip")


def test_undo_restores_the_state_and_keeps_the_history(mini: CompiledScenario) -> None:
    """Rule: undo is an event; the undone action stays in the journal.
    Given a mobilise adjudicated (tension 5), when undone, then tension is 3 again, the move
    pending again, and the journal still holds the adjudication followed by an undo."""
    session = to_declaration(Session(mini, seed=1))
    session.declare("red", "mobilise")
    to_adjudication(session)
    session.adjudicate(session.state.pending()[0].seq)
    assert session.state.values["tension"] == 5
    session.undo()
    assert session.state.values["tension"] == 3
    assert len(session.state.pending()) == 1
    assert kinds(session)[-2:] == ["move_adjudicated", "undo"]


def test_redo_reapplies_and_new_actions_clear_redo(mini: CompiledScenario) -> None:
    """Given an undone action, when redone, then its effects are back; a new action after
    an undo makes redo impossible."""
    session = to_declaration(Session(mini, seed=1))
    session.declare("red", "mobilise")
    session.undo()
    assert session.state.declarations == [] and session.can_redo()
    session.redo()
    assert [d.move for d in session.state.declarations] == ["mobilise"]
    session.undo()
    session.declare("blue", "talk")
    assert not session.can_redo()
    with pytest.raises(errors.NothingToUndo):
        session.redo()


def test_the_start_cannot_be_undone(mini: CompiledScenario) -> None:
    """Given a fresh session, when undo is asked, then NothingToUndo."""
    with pytest.raises(errors.NothingToUndo):
        Session(mini, seed=1).undo()


def test_branch_starts_from_any_event(mini: CompiledScenario) -> None:
    """Rule: "what if" starts a new session from any event of an existing one.
    Given a session two turns in, when branched at the end of turn 1, then the branch's
    state equals the original's state at that point and it can be played differently."""
    session = Session(mini, seed=1)
    play_quiet_turn(session)
    cut = len(session.events)
    snapshot = replay(mini.initial_values(), session.events[:cut]).values
    play_quiet_turn(session)
    branch = Session(mini, seed=1, events=session.branch_events(cut))
    assert branch.state.values == snapshot
    branch.note("What if Brussels had gone the other way?")
    assert branch.turn == 1


def test_a_sink_failure_records_nothing(mini: CompiledScenario) -> None:
    """Given a journal that fails to write, when an action is taken, then the error
    propagates and the session's events and state are as before."""
    session = Session(mini, seed=1)

    def broken(events: list[dict[str, object]]) -> None:
        raise OSError("disk full")

    session.sink = broken
    before = (len(session.events), session.phase)
    with pytest.raises(OSError):
        session.advance()
    assert (len(session.events), session.phase) == before


# ----------------------------------------------------------------- computer play


def test_the_computer_declares_by_doctrine_with_its_reason(mini: CompiledScenario) -> None:
    """Rule: computer actors choose among available moves by doctrine weight and say why.
    Given Red played by the computer, when declaration starts, then Red declared a move
    with by = computer and the doctrine's reason."""
    session = Session(mini, seed=2, computer={"red"})
    session.advance()
    declared = [e for e in session.events if e["kind"] == "move_declared"]
    assert len(declared) == 1 and declared[0]["by"] == "computer"
    assert declared[0]["reason"] in {"Red escalates to gain leverage", "Red takes a chance"}


def test_the_same_seed_gives_the_same_session(mini: CompiledScenario) -> None:
    """Given two sessions with one seed, when both are played by the computer, then their
    events are equal."""
    one, two = Session(mini, seed=11), Session(mini, seed=11)
    one.play_to_end()
    two.play_to_end()
    assert one.events == two.events


def test_any_declaration_can_be_withdrawn_until_something_builds_on_it(
    mini: CompiledScenario,
) -> None:
    """Rule: a declaration of this turn may be withdrawn (a slip corrected), the first as
    well as the last, until it is rolled or argued; it then no longer counts, nor towards
    its move's limit, and the withdrawal is an event (undoable, replayed).
    Given Red declared gamble (limit 1) and then Blue declared talk, when Red's gamble is
    withdrawn, then only Blue's talk remains, gamble can be declared again, and the
    replay of the journal gives the same state."""
    session = Session(mini, seed=1)
    to_declaration(session)
    first = session.declare("red", "gamble")[0]["seq"]
    session.declare("blue", "talk")
    events = session.withdraw(first, "wrong move: they meant mobilise")
    assert [e["kind"] for e in events] == ["move_withdrawn"]
    assert [d.move for d in session.state.declarations] == ["talk"]
    assert session.state.uses.get("gamble", 0) == 0
    assert next(o for o in session.move_options("red") if o.move.id == "gamble").available
    assert replay(mini.initial_values(), session.events).declarations == (
        session.state.declarations
    )
    session.undo()
    assert [d.move for d in session.state.declarations] == ["gamble", "talk"]


def test_a_rolled_declaration_cannot_be_withdrawn(mini: CompiledScenario) -> None:
    """Rule: once a move is rolled, its roll stands: withdrawing it is refused, with why."""
    session = Session(mini, seed=1)
    to_declaration(session)
    seq = session.declare("red", "gamble")[0]["seq"]
    session.advance()
    session.roll(seq)
    assert session.why_not_withdraw(seq) == "“Gamble” has been rolled already"
    with pytest.raises(errors.ActionError, match="rolled already"):
        session.withdraw(seq)


def test_pending_moves_are_listed_by_name_and_apart(mini: CompiledScenario) -> None:
    """Given two declared moves not yet adjudicated, when advancing from adjudication,
    then the refusal counts them in words and lists each by its actor's name, apart by
    semicolons (an actor's name may hold commas)."""
    session = to_declaration(Session(mini, seed=1))
    session.declare("red", "mobilise")
    session.declare("blue", "talk")
    to_adjudication(session)
    pending = r"^2 moves still to adjudicate \(Red: Mobilise; Blue: [^;]+\)$"
    with pytest.raises(errors.MovesPending, match=pending):
        session.advance()
