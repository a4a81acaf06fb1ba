"""The child of the session crash test: plays a journaled session until it is killed.

    python crash_session_child.py SCENARIO JOURNAL SEED

Takes facilitator actions one after another (computer declarations and adjudications,
notes, undo and redo, phase advances) through `tabletop.live`, and prints the number
of events in the session after each command returns: an event printed is one the
screen could have shown.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from tabletop.engine.errors import ActionError
    from tabletop.live import resume_session, start_session

    scenario, journal, seed = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    if journal.exists():
        live = resume_session(journal)
    else:
        live = start_session(scenario, seed=seed, session_path=journal)
    session = live.session
    pick = random.Random(seed)
    print(f"ready {len(session.events)}", flush=True)
    while True:
        try:
            roll = pick.random()
            if session.over or roll < 0.3:
                session.note(f"note after {len(session.events)} events", "note")
            elif roll < 0.4 and session.can_undo():
                session.undo()
            elif roll < 0.45 and session.can_redo():
                session.redo()
            elif session.phase == "declaration":
                for actor in session.participants():
                    if not any(d.actor == actor for d in session.state.declarations):
                        session.computer_declare(actor)
                        break
                else:
                    session.advance()
            elif session.phase == "adjudication" and session.state.pending():
                session.computer_adjudicate(session.state.pending()[0].seq)
            else:
                session.advance()
        except ActionError:
            pass
        print(len(session.events), flush=True)


if __name__ == "__main__":
    main()
