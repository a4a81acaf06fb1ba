"""Export time for a 100,000-event session, per format.

Run: .venv/bin/python benchmarks/bench_export.py [EVENTS]

Builds a session of about EVENTS events (default 100,000) through the Session API on
mini.toml stretched to many turns: computer and free-form declarations, adjudications,
notes of every tag, ad-hoc injects, an undo and redo now and then. Writes it as a
journal, then times reading the journal and rendering each export format (best of a
few repeats) and prints the times and sizes. Not a test: nothing here asserts.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tabletop.engine.session import Session
from tabletop.export import FORMATS, build_report, render
from tabletop.journal import JournalWriter, make_header, read_journal
from tabletop.scenario.compiled import CompiledScenario
from tabletop.scenario.load import parse_scenario

MINI = Path(__file__).resolve().parents[1] / "tests" / "data" / "mini.toml"
REPEATS = 3


def stretched(turns: int) -> CompiledScenario:
    """mini.toml with `turns` turns and endings that never stop play early."""
    text = MINI.read_text(encoding="utf-8")
    text = re.sub(r"\[\[turns\]\].*?(?=\[\[moves\]\])", "", text, flags=re.S)
    text = text.replace('when = "tension >= 10"', 'when = "tension > 10"')
    text = text.replace('when = "tension <= 0"', 'when = "tension < 0"')
    text += "".join(
        f'[[turns]]\nid = "t{i}"\ntitle = "Turn {i}"\ndate = 2022-01-01\nplace = "Geneva"\n\n'
        for i in range(1, turns + 1)
    )
    compiled, _ = parse_scenario(text, "stretched.toml")
    return compiled


def build(events: int, seed: int = 1) -> Session:
    scenario = stretched(max(10, events // 8))
    s = Session(scenario, seed)
    turn = 0
    while len(s.events) < events and not s.over:
        turn += 1
        s.note(f"Turn {turn}: the room was engaged; Blue asked good questions.", tag="strength")
        if turn % 3 == 0:
            s.deliver_adhoc(
                f"Flash {turn}", "Reports of movement near the border.", ["tension += 1"]
            )
        s.advance()
        s.computer_declare("red")
        s.declare_freeform(
            "blue",
            f"Back channel {turn}",
            narrative="A quiet call through a trusted intermediary.",
            effects=["tension -= 1"],
            reasons_for=["Talks are open", "Both sides want a pause"],
            reasons_against=["Red may read it as weakness"],
        )
        s.advance()
        for declaration in list(s.state.pending()):
            s.computer_adjudicate(declaration.seq)
        s.note(f"Turn {turn}: adjudication took longer than planned.", tag="improvement")
        s.note(f"Turn {turn}: Red hesitated before declaring.")
        if turn % 200 == 0:
            s.undo()
            s.redo()
        s.advance()
        s.advance()
    return s


def best(fn: Callable[[], Any]) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    start = time.perf_counter()
    session = build(count)
    print(
        f"built a session of {len(session.events):,} events in {time.perf_counter() - start:.1f} s"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.jsonl"
        header = make_header(
            scenario_id=session.scenario.id,
            scenario_sha256=session.scenario.sha256 or "0" * 64,
            scenario_title=session.scenario.title,
            scenario_path=str(MINI),
            seed=session.seed,
        )
        writer = JournalWriter.create(path, header, sync=False)
        writer.write([dict(e) for e in session.events])
        writer.close()
        size = path.stat().st_size
        seconds, journal = best(lambda: read_journal(path))
        print(f"{'read journal':<14} {seconds:7.3f} s   {size / 1e6:7.1f} MB")
    scenario = session.scenario
    seconds, _ = best(lambda: build_report(journal.header, journal.events, scenario))
    print(f"{'report model':<14} {seconds:7.3f} s   (shared by md, html and json)")
    for fmt in FORMATS:
        seconds, text = best(
            lambda fmt=fmt: render(
                fmt, journal.header, journal.events, scenario, journal="long.jsonl"
            )
        )
        print(f"{'render ' + fmt:<14} {seconds:7.3f} s   {len(text.encode('utf-8')) / 1e6:7.1f} MB")


if __name__ == "__main__":
    main()
