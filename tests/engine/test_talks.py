"""Offers and answers, deception, costs: one test per mechanism, given / when / then.

The scenario is tests/data/talks.toml: Red's `treaty` (an offer to Blue, answered from
the next turn, open one turn; accepted: tension -3, trust +2; rejected: tension +2;
countered: trust +1; expired: tension +1), Red's `secret_note` (a private offer answered
the same turn), Red's `pullback` (a deception: truly troops +10, hidden; Blue sees
through on 2d6 + intel ≥ 9, then trust -3), Blue's `sanction` (tension +2; costs
capital 1, plus 1 per earlier use; diminishing 0.5).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.engine import errors
from tabletop.engine.audience import redact_events, view
from tabletop.engine.replay import replay
from tabletop.engine.session import Session
from tabletop.scenario.compiled import CompiledScenario
from tests.conftest import TALKS


def declare_and_adjudicate(session: Session, actor: str, move: str) -> None:
    """From a turn's briefing: declare `move`, adjudicate it, end in the consequences."""
    session.advance()
    session.declare(actor, move)
    session.advance()
    declaration = session.state.pending()[0]
    session.adjudicate(declaration.seq)
    session.advance()


def next_turn(session: Session) -> None:
    while session.phase != "briefing":
        session.advance()


def kinds(session: Session) -> list[str]:
    return [e["kind"] for e in session.events]


def offered(talks: CompiledScenario) -> Session:
    """Red's treaty offer made in turn 1; the session in turn 2's briefing."""
    session = Session(talks, seed=1)
    declare_and_adjudicate(session, "red", "treaty")
    next_turn(session)
    return session


# ----------------------------------------------------------------- offers


def test_an_adjudicated_offer_is_put_to_its_addressees(talks: CompiledScenario) -> None:
    """Given an offer move, when it is adjudicated, then an offer is made to Blue that can
    be answered from the next turn, not before."""
    session = Session(talks, seed=1)
    declare_and_adjudicate(session, "red", "treaty")
    made = next(e for e in session.events if e["kind"] == "offer_made")
    assert (made["actor"], made["to"], made["opens"], made["closes"]) == ("red", ["blue"], 1, 1)
    [option] = session.answer_options("blue")
    assert option.refusal is not None and "from turn 2" in option.refusal.why
    with pytest.raises(errors.OfferClosed):
        session.answer_offer("treaty", "blue", "accept")
    next_turn(session)
    assert [o.available for o in session.answer_options("blue")] == [True]


@pytest.mark.parametrize(
    ("answer", "tension", "trust"),
    [("accept", 6 - 3, 5 + 2), ("reject", 6 + 2, 5)],
)
def test_an_answer_applies_its_result(
    talks: CompiledScenario, answer: str, tension: int, trust: int
) -> None:
    """Given an open offer (tension 6 after publication), when Blue accepts or rejects it,
    then that answer's effects apply and the offer no longer waits for Blue."""
    session = offered(talks)
    session.answer_offer("treaty", "blue", answer, reason="the record")
    assert session.state.values["tension"] == tension
    assert session.state.values["trust"] == trust
    event = session.events[-1]
    assert (event["kind"], event["answer"], event["reason"]) == (
        "offer_answered",
        answer,
        "the record",
    )
    assert session.answer_options("blue") == []
    with pytest.raises(errors.OfferClosed):
        session.answer_offer(event["offer"], "blue", "accept")


def test_a_counter_is_a_new_offer_back_and_the_chain_goes_on(talks: CompiledScenario) -> None:
    """Given an open offer, when Blue counters with amended terms, then the countered
    effects apply and Red is offered the counter; when Red counters that again and Blue
    accepts the second counter, its own terms' effects apply."""
    session = offered(talks)
    session.answer_offer("treaty", "blue", "counter", terms="Talks first", effects=["trust += 2"])
    assert session.state.values["trust"] == 6  # countered: trust +1
    counter = session.events[-1]
    assert counter["kind"] == "offer_made" and counter["to"] == ["red"]
    assert counter["counter_of"] is not None and counter["terms"] == "Talks first"
    # the counter opens next turn (the scenario's answer_in) and Red may counter back
    next_turn_from_briefing(session)
    session.answer_offer("treaty", "red", "counter", terms="Both at once", effects=["tension -= 2"])
    assert session.state.offers[session.events[-1]["seq"]].to == ("blue",)
    next_turn_from_briefing(session)
    before = session.state.values["tension"]
    session.answer_offer("treaty", "blue", "accept")
    assert session.state.values["tension"] == before - 2


def test_a_counter_needs_terms(talks: CompiledScenario) -> None:
    """Given an open offer, when Blue counters without terms, then it is refused."""
    session = offered(talks)
    with pytest.raises(errors.EmptyText):
        session.answer_offer("treaty", "blue", "counter")


def test_an_unanswered_offer_expires(talks: CompiledScenario) -> None:
    """Given an offer open for one turn (turn 2), when turn 3 starts unanswered, then it
    expires with its expired effects, and can no longer be answered."""
    session = offered(talks)
    tension = session.state.values["tension"]
    next_turn_from_briefing(session)
    expired = next(e for e in session.events if e["kind"] == "offer_expired")
    assert expired["actors"] == ["blue"]
    assert session.state.values["tension"] == tension + 1
    with pytest.raises(errors.OfferClosed):
        session.answer_offer("treaty", "blue", "accept")


def next_turn_from_briefing(session: Session) -> None:
    session.advance()
    next_turn(session)


def test_the_computer_answers_by_the_offers_doctrine(talks: CompiledScenario) -> None:
    """Given a computer-played Blue and tension below 8, when Red's offer opens, then Blue
    rejects it in the consequences phase, with the doctrine's reason journaled."""
    session = Session(talks, seed=3, computer={"blue"})
    session.advance()
    session.declare("red", "treaty")
    session.advance()
    session.adjudicate(session.state.pending()[0].seq)
    session.advance()
    next_turn(session)
    session.advance()  # declaration (Blue declares by doctrine: none, it has none)
    session.advance()  # adjudication
    while session.state.pending():
        session.adjudicate(session.state.pending()[0].seq)
    session.advance()  # consequences: Blue answers
    answered = next(e for e in session.events if e["kind"] == "offer_answered")
    assert (answered["answer"], answered["by"]) == ("reject", "computer")
    assert answered["reason"] == "Blue will not trade its allies' choices"


def test_a_private_offer_reaches_only_its_parties(talks: CompiledScenario) -> None:
    """Given a private offer answered the same turn, when the room's and the parties'
    views are made, then only the parties and the facilitator see its terms and answer;
    the room sees only what it changes on visible tracks."""
    session = Session(talks, seed=1)
    declare_and_adjudicate(session, "red", "secret_note")
    session.answer_offer("secret_note", "blue", "accept")
    for who in ("facilitator", "red", "blue"):
        text = str(view(talks, session.events, who).to_dict())
        assert "PRIVATE-TERMS-MARKER" in text and "PRIVATE-ANSWER-MARKER" in text
    room = view(talks, session.events, "room")
    text = str(room.to_dict())
    assert "PRIVATE-TERMS-MARKER" not in text and "PRIVATE-ANSWER-MARKER" not in text
    assert any("Private talks" in line.text for line in room.log)
    tension = next(t for t in room.tracks if t.id == "tension")
    assert tension.value == session.state.values["tension"]


# ----------------------------------------------------------------- deception


def pullback(talks: CompiledScenario, intel: int, seed: int) -> Session:
    session = Session(talks, seed=seed)
    session.deliver_adhoc("Setup", "", [f"intel = {intel}"])
    declare_and_adjudicate(session, "red", "pullback")
    return session


def test_a_deception_unseen_shows_its_face(talks: CompiledScenario) -> None:
    """Given Blue's intelligence at -5 (no roll reaches 9), when Red announces a pullback,
    then its truth applies (troops +10), Blue does not see through, and the room and
    Blue see the announced pullback without its truth; Red and the facilitator see both."""
    session = pullback(talks, -5, seed=1)
    tested = next(e for e in session.events if e["kind"] == "deception_tested")
    assert tested["seen"] is False and "deception_seen" not in kinds(session)
    assert session.state.values["troops"] == 110
    for who in ("room", "blue"):
        text = str(view(talks, session.events, who).to_dict())
        assert "Red pulls back 10,000 troops" in text
        assert "DECEPTION-TRUTH-MARKER" not in text and "none_moved" not in text
    for who in ("facilitator", "red"):
        text = str(view(talks, session.events, who).to_dict())
        assert "DECEPTION-TRUTH-MARKER" in text and "Red pulls back 10,000 troops" in text


def test_a_deception_seen_through_reveals_it_to_the_observer(talks: CompiledScenario) -> None:
    """Given Blue's intelligence at +5 (every roll reaches 9), when Red announces a
    pullback, then Blue sees through it: trust falls by 3 and Blue's view shows the truth,
    while the room still sees the face, after the end too; the facilitator's record has
    both faces."""
    session = pullback(talks, 5, seed=1)
    seen = next(e for e in session.events if e["kind"] == "deception_seen")
    assert seen["actors"] == ["blue"]
    assert session.state.values["trust"] == 2
    assert "DECEPTION-TRUTH-MARKER" in str(view(talks, session.events, "blue").to_dict())
    assert "DECEPTION-TRUTH-MARKER" not in str(view(talks, session.events, "room").to_dict())
    session.end()
    assert "DECEPTION-TRUTH-MARKER" not in str(redact_events(talks, session.events, "room"))
    facilitator = str(redact_events(talks, session.events, "facilitator"))
    assert "DECEPTION-TRUTH-MARKER" in facilitator and "Red pulls back" in facilitator


# ----------------------------------------------------------------- costs


def test_a_move_costs_its_mover_on_every_use(talks: CompiledScenario) -> None:
    """Given Blue's sanctions (cost: capital -1), when Blue imposes them, then the outcome
    applies and the cost is paid and recorded apart."""
    session = Session(talks, seed=1)
    declare_and_adjudicate(session, "blue", "sanction")
    adjudicated = next(e for e in session.events if e["kind"] == "move_adjudicated")
    assert adjudicated["effects"] == [["tension", 5, 7]]
    assert adjudicated["cost"] == [["capital", 10, 9]]
    assert session.state.values["capital"] == 9


def test_repeated_use_costs_more_and_gains_less(talks: CompiledScenario) -> None:
    """Given sanctions imposed once, when Blue imposes them again and a third time, then
    each use pays one more (capital 9 → 7 → 4) and gains half as much (+1, then +0.5)."""
    session = Session(talks, seed=1)
    declare_and_adjudicate(session, "blue", "sanction")
    tensions = []
    for _ in range(2):
        next_turn(session)
        declare_and_adjudicate(session, "blue", "sanction")
        tensions.append(session.state.values["tension"])
    assert session.state.values["capital"] == 4
    assert tensions == [8, 8.5]
    assert replay(talks.initial_values(), session.events).values == session.state.values


# ----------------------------------------------------------------- scripted runs


def test_a_script_answers_an_offer_and_the_computer_answers_the_rest(
    talks: CompiledScenario,
) -> None:
    """Given a script in which Red proposes the treaty in turn 1 and Blue counters it in
    turn 2, when it runs, then the counter is journaled as the script's and the counter-offer
    back to Red is answered by the computer; a bad answer is refused with its line."""
    from tabletop.engine.script import ScriptError, parse_script, run_script

    text = """
[[declare]]
turn = 1
actor = "red"
move = "treaty"

[[answer]]
turn = 2
actor = "blue"
offer = "treaty"
answer = "counter"
terms = "Talks first"
effects = ["trust += 2"]
reason = "as in the record"
"""
    session = Session(talks, seed=2)
    run_script(session, parse_script(text, "s.toml"), "s.toml")
    countered = next(e for e in session.events if e["kind"] == "offer_countered")
    assert (countered["by"], countered["reason"]) == ("script", "as in the record")
    counter = next(e for e in session.events if e["kind"] == "offer_made" and e["counter_of"])
    answers = [e for e in session.events if e.get("offer") == counter["seq"]]
    assert answers and answers[0]["by"] == "computer"
    bad = text.replace('offer = "treaty"', 'offer = "wait"')
    with pytest.raises(ScriptError, match=r"s.toml:\d+: answer\[0\]: no offer from move 'wait'"):
        run_script(Session(talks, seed=2), parse_script(bad, "s.toml"), "s.toml")


def test_events_as_they_arrive_keep_private_talks_and_deceptions(
    talks: CompiledScenario,
) -> None:
    """Given a private offer answered and an unseen deception, when each event is seen as
    it arrives (solo play's console), then the room and the other team get neither the
    private terms nor the deception's truth, and its parties and its mover get both."""
    from tabletop.engine.audience import seen_events

    session = Session(talks, seed=1)
    declare_and_adjudicate(session, "red", "secret_note")
    session.answer_offer("secret_note", "blue", "accept")
    next_turn(session)
    session.deliver_adhoc("Setup", "", ["intel = -5"])
    declare_and_adjudicate(session, "red", "pullback")

    def shown(who: str) -> str:
        return str(seen_events(talks, session.events, who))

    assert "PRIVATE-TERMS-MARKER" not in shown("room")
    assert "PRIVATE-ANSWER-MARKER" not in shown("room")
    assert "PRIVATE-TERMS-MARKER" in shown("blue")
    assert "DECEPTION-TRUTH-MARKER" not in shown("blue")
    assert "Red pulls back 10,000 troops" in shown("blue")
    assert "DECEPTION-TRUTH-MARKER" in shown("red")


ROLLED_PULLBACK = """
[[moves]]
id = "rolled_pullback"
actor = "red"
label = "Announce a pullback, by the dice"
adjudication = { method = "dice", dice = "2d6", target = 2 }
[[moves.outcomes]]
id = "none_moved"
label = "ROLLED-TRUTH-MARKER"
result = "success"
effects = ["troops += 10"]
[[moves.outcomes]]
id = "some_moved"
label = "Some troops move"
result = "failure"
[moves.deception]
label = "Red pulls back by the dice"
observers = ["blue"]
dice = "2d6"
target = 9
modifier = "intel"
"""


@pytest.mark.parametrize(("intel", "blue_knows"), [(-5, False), (5, True)])
def test_a_deceptive_moves_roll_reaches_only_those_who_know_its_truth(
    tmp_path: Path, intel: int, blue_knows: bool
) -> None:
    """Given a deceptive move adjudicated by dice, and Blue playing solo, when Red's roll
    arrives (before its adjudication) and then its adjudication, then Blue sees neither the
    roll nor the truth unless it saw through the move (intelligence +5); Red sees both."""
    from tabletop.engine.audience import seen_events
    from tabletop.scenario.load import load_scenario

    path = tmp_path / "rolled.toml"
    path.write_text(TALKS.read_text(encoding="utf-8") + ROLLED_PULLBACK, encoding="utf-8")
    scenario, problems = load_scenario(path)
    assert not [p for p in problems if p.severity == "error"]
    session = Session(scenario, seed=1)
    session.deliver_adhoc("Setup", "", [f"intel = {intel}"])
    session.advance()
    session.declare("red", "rolled_pullback")
    session.advance()
    seq = session.state.pending()[0].seq
    start = len(session.events)
    session.roll(seq)
    arrived = seen_events(scenario, session.events, "blue", start)
    assert [e["kind"] for e in arrived if e is not None] == []  # the roll alone: not Blue's
    start = len(session.events)
    session.adjudicate(seq)
    later = [e for e in seen_events(scenario, session.events, "blue", start) if e is not None]
    text = str(later)
    assert ("ROLLED-TRUTH-MARKER" in text) is blue_knows
    assert any(e["kind"] == "move_adjudicated" for e in later)
    red = str(seen_events(scenario, session.events, "red"))
    assert "ROLLED-TRUTH-MARKER" in red and "'dice_rolled'" in red


def test_each_view_carries_the_offers_waiting_that_it_may_know_of(
    talks: CompiledScenario,
) -> None:
    """Given Red's public treaty and its private note both waiting for Blue in turn 2, when
    each audience's view is made, then the room's carries the treaty alone (maker, addressee,
    terms, the turn it closes), Blue's carries both for Blue to answer now, Red's both as
    its own offers, and the facilitator's both."""
    session = offered(talks)
    declare_and_adjudicate(session, "red", "secret_note")

    def offers(who: str) -> list[tuple[str, tuple[str, ...], str, int, bool]]:
        return [
            (o.actor, o.to, o.terms, o.closes, o.yours)
            for o in view(talks, session.events, who).offers
        ]

    treaty = ("red", ("blue",), "No new deployments; talks in Geneva", 2)
    note = ("red", ("blue",), "PRIVATE-TERMS-MARKER", 2)
    assert offers("room") == [(*treaty, False)]
    assert offers("blue") == [(*treaty, True), (*note, True)]
    assert offers("red") == [(*treaty, False), (*note, False)]
    assert offers("facilitator") == [(*treaty, False), (*note, False)]
    assert "PRIVATE-TERMS-MARKER" not in str(view(talks, session.events, "room").to_dict())
    session.answer_offer("treaty", "blue", "accept")
    assert offers("room") == []


def test_a_counters_terms_on_a_hidden_track_stay_with_the_facilitator(
    talks: CompiledScenario,
) -> None:
    """Given a counter-offer whose effects if accepted move a hidden track (the
    facilitator typed `troops -= 50`), when the parties look at it, then its terms and
    its visible effects are there but not the one that names the hidden track."""
    session = offered(talks)
    session.answer_offer(
        "treaty", "blue", "counter", terms="Pull back", effects=["troops -= 50", "trust += 1"]
    )
    assert session.events[-1]["if_accepted"] == ["troops -= 50", "trust += 1"]
    for who in ("red", "blue", "room"):
        [counter] = [e for e in redact_events(talks, session.events, who) if e.get("counter_of")]
        assert counter["terms"] == "Pull back" and counter["if_accepted"] == ["trust += 1"]
