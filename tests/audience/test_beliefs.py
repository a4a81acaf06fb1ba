"""A deceived audience's board holds what it believes, after later changes too.

Given Red's deceptive move whose truth (Tension +4) no one saw through, and then Blue's
public move (Tension -1): the room and Blue saw only the public face, so their boards go
3 → 2 and Blue's move reads "Tension 3→2". Before, their boards jumped to the truth (6)
and the move read "Tension 7→6", telling them of the +4 they were never shown. Red (the
mover) and the facilitator see the truth.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tabletop.engine.audience import HELD_BACK, ViewKeeper, believed_tracks, seen_arrivals, view
from tabletop.engine.errors import PreconditionFailed
from tabletop.engine.session import Session
from tabletop.engine.submissions import Submission, accept
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import load_scenario
from tests.audience.helpers import SECRETS

TRICK = """
[[moves]]
id = "trick"
actor = "red"
label = "Trick"
[[moves.outcomes]]
id = "done"
label = "Tricked"
effects = ["tension += 4"]
[moves.deception]
label = "A calm gesture"
target = 99
"""
"""A deceptive move of Red's that no one can see through (it needs 99 on 2d6)."""


@pytest.fixture
def tricked(tmp_path: Path) -> tuple[CompiledScenario, Session]:
    path = tmp_path / "trick.toml"
    path.write_text(SECRETS.read_text(encoding="utf-8") + TRICK, encoding="utf-8")
    scenario, _ = load_scenario(path)
    session = Session(scenario, 3)
    session.advance()  # declaration
    session.declare("red", "trick")
    session.declare("blue", "talk")
    session.advance()  # adjudication
    for declaration in list(session.state.pending()):
        session.adjudicate(declaration.seq, "done" if declaration.move == "trick" else "progress")
    return scenario, session


def tension(scenario: CompiledScenario, session: Session, who: str) -> tuple[object, ...]:
    seen = view(scenario, session.events, who)
    board = next(t.value for t in seen.tracks if t.id == "tension")
    return board, tuple(d.changes for d in seen.declarations)


@pytest.mark.parametrize("who", ["room", "blue"])
def test_a_deceived_audiences_board_keeps_what_it_believes(
    tricked: tuple[CompiledScenario, Session], who: str
) -> None:
    scenario, session = tricked
    assert tension(scenario, session, who) == (2, ((), ("Tension 3→2",)))
    events = json.dumps(view(scenario, session.events, who).to_dict()["events"])
    assert '["tension", 7, 6]' not in events


@pytest.mark.parametrize("who", ["facilitator", "red"])
def test_who_knows_the_truth_sees_it(tricked: tuple[CompiledScenario, Session], who: str) -> None:
    scenario, session = tricked
    assert tension(scenario, session, who) == (6, (("Tension 3→7",), ("Tension 7→6",)))


def test_a_kept_view_believes_the_same(tricked: tuple[CompiledScenario, Session]) -> None:
    """The projector's keeper, given the events one by one, shows the same board."""
    scenario, session = tricked
    keeper = ViewKeeper(scenario, "room")
    for event in session.events:
        kept = keeper.extend([event])
    assert kept == view(scenario, session.events, "room")


def test_announced_changes_read_from_what_the_team_believes(
    tricked: tuple[CompiledScenario, Session],
) -> None:
    """Given the trick and Blue's Talk adjudicated, when the events of Talk's adjudication
    are announced to Blue as they arrive (solo play's consequences and notices), then
    Talk's -1 reads from what Blue believes (3→2), not from the truth (7→6)."""
    scenario, session = tricked
    events = session.events
    talk = next(
        i
        for i, e in enumerate(events)
        if e["kind"] == "move_adjudicated" and e.get("outcome") == "progress"
    )
    arrived = events[talk:]
    shown = json.dumps(seen_arrivals(scenario, events, "blue", arrived))
    assert '["tension", 7, 6]' not in shown and '["tension", 3, 2]' in shown
    assert seen_arrivals(scenario, events, "blue", []) == []


SOOTHE = """
[[moves]]
id = "soothe"
actor = "blue"
label = "Soothe"
requires = "tension < 5"
[[moves.outcomes]]
id = "soothed"
label = "Soothed"
effects = ["tension -= 1"]
"""
"""A move of Blue's that needs Tension under 5: after the trick (truth 7), Blue sees 3."""


def test_a_refusal_does_not_tell_a_deceived_team_where_the_track_stands(
    tmp_path: Path,
) -> None:
    """Given Red's trick (Tension 3→7 behind a calm face, not seen through) and Blue's
    Soothe, which needs Tension under 5, when Blue's view lists its moves, then Soothe
    cannot be taken (the world is as it is) but its reason is that its conditions do not
    hold, not "needs: Tension less than 5" beside a board that shows 3; a team that was
    not deceived (Red, who made the move) reads the condition."""
    path = tmp_path / "trick.toml"
    path.write_text(SECRETS.read_text(encoding="utf-8") + TRICK + SOOTHE, encoding="utf-8")
    scenario, _ = load_scenario(path)
    session = Session(scenario, 3)
    session.advance()  # declaration
    session.declare("red", "trick")
    session.declare("blue", "talk")
    session.advance()  # adjudication
    for declaration in list(session.state.pending()):
        session.adjudicate(declaration.seq, "done" if declaration.move == "trick" else "progress")
    session.advance()  # consequences
    session.advance()  # the next turn
    session.advance()  # its declarations
    blue = {m.id: m for m in view(scenario, session.events, "blue").moves}
    assert not blue["soothe"].available
    assert blue["soothe"].why == HELD_BACK
    assert believed_tracks(scenario, session.events, "blue") == {"tension"}
    assert believed_tracks(scenario, session.events, "red") == frozenset()
    seat = Submission(id="blue-1", team="blue", kind="declare", turn=1, move="soothe")
    with pytest.raises(PreconditionFailed, match=r"Soothe: its conditions do not hold now$"):
        accept(session, seat)
