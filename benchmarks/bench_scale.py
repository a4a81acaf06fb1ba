"""Scale: a playthrough of a scenario with 10x the actors should take about 10x the time.

    .venv/bin/python benchmarks/bench_scale.py [ACTORS]

Generates two scenarios, ACTORS (default 1,000) and 10 x ACTORS actors, each actor
with one objective and one move, and plays each to its end as `tabletop run` does (the
computer declares and adjudicates for everyone, with no undo snapshots), without a
journal so that the disk (one fsync per action, linear) does not hide the engine's cost.
Prints both times and their ratio: about 10 means time proportional to size (goal: under
15).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tabletop.engine.script import Script, run_script
from tabletop.engine.session import Session
from tabletop.scenario.load import parse_scenario


def scenario_text(actors: int) -> str:
    parts = ['[scenario]\nid = "big"\ntitle = "Big"\nbriefing = "b"\n']
    for i in range(actors):
        parts.append(
            f'[[actors]]\nid = "a{i}"\nname = "A{i}"\n'
            '[[actors.objectives]]\nid = "o"\ndescription = "d"\nscore = "x"\n'
        )
    parts.append('[[tracks]]\nid = "x"\nlabel = "X"\ninitial = 1\nmin = 0\nmax = 100\n')
    parts.append('[[turns]]\nid = "t1"\ntitle = "T"\ndate = 2022-01-01\n')
    parts.append('[[turns]]\nid = "t2"\ntitle = "T"\ndate = 2022-01-02\n')
    for i in range(actors):
        parts.append(
            f'[[moves]]\nid = "m{i}"\nactor = "a{i}"\nlabel = "M"\n'
            '[moves.adjudication]\nmethod = "auto"\n'
            '[[moves.outcomes]]\nid = "o"\nlabel = "O"\neffects = ["x += 1"]\n'
        )
    parts.append('[[endings]]\nid = "e"\ntitle = "E"\nsummary = "s"\n')
    return "\n".join(parts)


def play(actors: int) -> tuple[float, float, int]:
    """Seconds to load, seconds to play, and the events recorded."""
    text = scenario_text(actors)
    start = time.perf_counter()
    compiled, _ = parse_scenario(text, f"{actors}.toml")
    loaded = time.perf_counter()
    session = Session(compiled, seed=1, undo_depth=0)  # as `tabletop run`: a script never undoes
    run_script(session, Script(), "bench")
    played = time.perf_counter()
    assert session.state.over
    return loaded - start, played - loaded, len(session.events)


def main() -> None:
    small = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rows = []
    for actors in (small, 10 * small):
        load, run, events = play(actors)
        rows.append((actors, load, run, events))
        print(f"{actors:>7,} actors: load {load:6.2f} s, play {run:6.2f} s ({events:,} events)")
    (_, load1, run1, _), (_, load10, run10, _) = rows
    print(
        f"ratio for 10x the actors: load {load10 / load1:.1f}x, play {run10 / run1:.1f}x "
        "(proportional: about 10x; goal under 15x)"
    )


if __name__ == "__main__":
    main()
