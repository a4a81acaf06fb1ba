"""Kill-at-any-moment test of the journal: the child that gets killed, and the parent side.

As a script (the child):

    python crash_child.py JOURNAL [BIG_KIB]

creates JOURNAL, prints "ready", then appends events one per `write()` as fast as it can,
printing each event's seq (flushed) only AFTER `write()` has returned: a printed seq is an
event the engine would have gone on to apply. Every 25th event carries a large text
(BIG_KIB, default 512 KiB), so that a kill can also land in the middle of a large write,
which Linux leaves partly done: a torn last line.

As a module (the parent, used by tests/journal/test_crash.py and benchmarks/crash_figures.py):
`run_trial()` starts the child, kills it with SIGKILL after a random delay, and checks the
journal: every acknowledged seq is in it, it reads (perhaps with a torn-line warning), and
`JournalWriter.append_to` continues it with the next seq.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIG_EVERY = 25
BIG_KIB = 512


def child(path: Path, big_kib: int = BIG_KIB) -> None:
    sys.path.insert(0, str(ROOT))
    from tabletop.journal import JournalWriter, make_header

    header = make_header(
        scenario_id="crash",
        scenario_sha256="0" * 64,
        scenario_title="Crash test",
        scenario_path="crash.toml",
        seed=0,
    )
    big_text = "ж" * (big_kib * 512)  # 2 bytes each in UTF-8
    out = sys.stdout
    with JournalWriter.create(path, header) as writer:
        out.write("ready\n")
        out.flush()
        seq = 0
        while True:
            seq += 1
            text = big_text if seq % BIG_EVERY == 0 else f"event {seq}: Женева, 10 січня"
            event = {
                "seq": seq,
                "kind": "note",
                "action": seq,
                "turn": seq // 50,
                "phase": "declaration",
                "text": text,
                "tag": "note",
            }
            writer.write([event])
            out.write(f"{seq}\n")
            out.flush()


@dataclass
class Trial:
    acknowledged: int
    """Events whose write() had returned (the child printed their seq)."""
    recorded: int
    """Events in the journal after the kill (may exceed acknowledged by one write)."""
    lost: int
    """Acknowledged events missing from the journal: must be 0."""
    torn: bool
    """The journal ended with a torn line (reported as a warning)."""
    delay: float
    """Seconds between the child being ready and the kill."""


def run_trial(
    directory: Path,
    rng: random.Random,
    low: float = 0.02,
    high: float = 0.2,
    big_kib: int = BIG_KIB,
) -> Trial:
    """One child, one SIGKILL at a random moment, then the checks. Raises AssertionError."""
    from tabletop.journal import JournalWriter, read_journal

    directory.mkdir(parents=True, exist_ok=True)
    journal_path = directory / "crash.jsonl"
    out_path = directory / "child.out"
    err_path = directory / "child.err"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), str(journal_path), str(big_kib)],
            stdout=out,
            stderr=err,
            env=env,
        )
        try:
            deadline = time.monotonic() + 20
            while not out_path.read_bytes().startswith(b"ready\n"):
                if proc.poll() is not None:
                    raise AssertionError(f"the child died: {err_path.read_text()}")
                if time.monotonic() > deadline:
                    raise AssertionError("the child did not start")
                time.sleep(0.001)
            delay = rng.uniform(low, high)
            time.sleep(delay)
        finally:
            proc.kill()  # SIGKILL on POSIX: no cleanup, no flush, no atexit
            proc.wait()

    printed = out_path.read_bytes().split(b"\n")[1:-1]  # after "ready"; drop a torn print
    acknowledged = [int(line) for line in printed]
    assert acknowledged == list(range(1, len(acknowledged) + 1))

    journal = read_journal(journal_path)
    seqs = [e["seq"] for e in journal.events]
    assert seqs == list(range(1, len(seqs) + 1))
    lost = sum(1 for s in acknowledged if s > len(seqs))
    for w in journal.warnings:
        assert w.endswith(
            "last line is incomplete (the session was interrupted while writing); ignored"
        )

    with JournalWriter.append_to(journal_path) as writer:
        assert writer.last_seq == len(seqs)
        nxt = len(seqs) + 1
        writer.write(
            [
                {
                    "seq": nxt,
                    "kind": "note",
                    "action": nxt,
                    "turn": 0,
                    "phase": "debrief",
                    "text": "resumed",
                    "tag": "note",
                }
            ]
        )
    resumed = read_journal(journal_path)
    assert [e["seq"] for e in resumed.events] == list(range(1, len(seqs) + 2))
    assert resumed.warnings == []
    assert resumed.events[-1]["text"] == "resumed"

    for p in (journal_path, out_path, err_path):
        p.unlink()
    return Trial(
        acknowledged=len(acknowledged),
        recorded=len(seqs),
        lost=lost,
        torn=bool(journal.warnings),
        delay=delay,
    )


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: crash_child.py JOURNAL [BIG_KIB]")
    child(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) == 3 else BIG_KIB)
