"""How fast does a big session journal load, compared with just parsing its JSON?

Writes a synthetic 100,000-event journal (realistic events of every kind) to a temporary
directory, then times `read_journal` against a plain `[json.loads(l) for l in lines]` of
the same lines (best of several runs), and measures read_journal's peak memory with
tracemalloc.

    .venv/bin/python benchmarks/bench_journal_read.py [--events N] [--repeat R]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tabletop.journal import JournalWriter, make_header, read_journal

ACTORS = ["russia", "united_states", "ukraine", "nato", "eu"]
TRACKS = ["troops_near_border", "tension", "sanctions_pressure", "talks_open", "us_aid"]
PHASES = ["briefing", "declaration", "adjudication", "consequences"]
SENTENCE = (
    "Russia masses about 100,000 troops near the Ukrainian border while Washington warns "
    "of sanctions far beyond those of 2014; Moscow answers with two draft treaties and "
    "talks open in Geneva — Україна asks for more specialists and arms"
)
WORDS = SENTENCE.split()


def text(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def synthetic_events(n: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """`n` events in a plausible order: turns of briefing, declarations, dice, outcomes."""
    rng = random.Random(seed)
    seq = 0
    turn = -1

    def event(kind: str, action: int, now: str, **fields: Any) -> dict[str, Any]:
        nonlocal seq
        seq += 1
        # turn_started / phase_changed carry the new turn / phase in the same keys.
        return {
            "seq": seq,
            "kind": kind,
            "action": action or seq,
            "turn": turn,
            "phase": now,
            **fields,
            "at": "2026-11-27T21:30:05Z",
        }

    def effects() -> list[list[Any]]:
        return [[rng.choice(TRACKS), rng.randint(0, 9), rng.randint(0, 9)] for _ in range(2)]

    while True:
        turn += 1
        yield event("turn_started", 0, "briefing", turn=turn)
        yield event("phase_changed", 0, "briefing", phase="briefing")
        yield event(
            "inject_delivered",
            0,
            "briefing",
            inject=f"inject_{turn}",
            title=text(rng, 3, 6),
            text=text(rng, 20, 60),
            effects=effects(),
        )
        yield event("phase_changed", 0, "declaration", phase="declaration")
        declarations = []
        for actor in ACTORS:
            declarations.append(seq + 1)
            yield event(
                "move_declared",
                0,
                "declaration",
                actor=actor,
                move=f"{actor}_move",
                label=text(rng, 3, 8),
                freeform=None,
                reasons_for=[text(rng, 5, 12) for _ in range(2)],
                reasons_against=[text(rng, 5, 12)],
                sealed=actor == "russia",
                by="player",
                reason="",
            )
        yield event("phase_changed", 0, "adjudication", phase="adjudication")
        for declaration in declarations:
            action = seq + 1
            faces = [rng.randint(1, 6), rng.randint(1, 6)]
            yield event(
                "dice_rolled",
                0,
                "adjudication",
                declaration=declaration,
                method="dice",
                dice="2d6",
                faces=faces,
                modifiers=[["strong argument", 1]],
                reasons=1,
                total=sum(faces) + 1,
                target=7,
                chance=0.58,
                draw=None,
                result="success" if sum(faces) >= 6 else "failure",
            )
            yield event(
                "move_adjudicated",
                action,
                "adjudication",
                declaration=declaration,
                method="dice",
                outcome="success",
                label=text(rng, 2, 5),
                natural="success",
                override=None,
                narrative=text(rng, 20, 50),
                effects=effects(),
                by="facilitator",
            )
        yield event("phase_changed", 0, "consequences", phase="consequences")
        yield event(
            "rule_fired",
            0,
            "consequences",
            rule="escalation",
            effects=effects(),
            narrative=text(rng, 10, 30),
        )
        yield event("note", 0, "consequences", text=text(rng, 5, 25), tag="note")
        if turn % 3 == 2:
            target = seq
            yield event("undo", 0, "consequences", target=target)
            yield event("redo", 0, "consequences", target=target)


def write_journal(path: Path, n: int) -> None:
    header = make_header(
        scenario_id="russia_ukraine_2022",
        scenario_sha256="ab" * 32,
        scenario_title="Russia–Ukraine, winter 2021–22",
        scenario_path="scenarios/russia_ukraine_2022.toml",
        seed=42,
        settings={"computer": ["russia"], "auto_adjudicate": False, "facilitator": ""},
    )
    batch: list[dict[str, Any]] = []
    with JournalWriter.create(path, header, sync=False) as writer:
        for event in synthetic_events(n):
            batch.append(event)
            if len(batch) == n - writer.last_seq or len(batch) >= 1000:
                writer.write(batch)
                batch = []
            if writer.last_seq >= n:
                break


def best_of(repeat: int, fn: Any) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def peak_memory(fn: Any) -> int:
    gc.collect()
    tracemalloc.start()
    result = fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.jsonl"
        write_journal(path, args.events)
        size = path.stat().st_size
        lines = path.read_text(encoding="utf-8").splitlines()
        journal = read_journal(path)
        assert len(journal.events) == args.events and not journal.warnings
        # The same events as the plain parse, less each line's link of the hash chain.
        parsed = [json.loads(line) for line in lines[1:]]
        assert journal.events == [{k: v for k, v in e.items() if k != "hash"} for e in parsed]
        del journal

        def plain() -> list[Any]:
            return [json.loads(line) for line in lines]

        def ours() -> Any:
            return read_journal(path)

        t_plain = best_of(args.repeat, plain)
        t_ours = best_of(args.repeat, ours)
        plain_peak = peak_memory(plain)
        ours_peak = peak_memory(ours)

    print(f"journal: {args.events:,} events, {size / 1e6:.1f} MB")
    print(f"plain json.loads per line (lines already in memory): {t_plain * 1000:8.1f} ms")
    print(f"read_journal (file read, decode, parse, checks):     {t_ours * 1000:8.1f} ms")
    print(f"ratio read_journal / plain:                          {t_ours / t_plain:8.2f}")
    print(f"peak memory of read_journal: {ours_peak / 1e6:.0f} MB")
    print(f"peak memory of plain json.loads: {plain_peak / 1e6:.0f} MB (the lines not counted)")


if __name__ == "__main__":
    main()
