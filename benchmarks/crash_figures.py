"""Crash-safety figures: kill a journal-writing process at random moments, count losses.

Each trial starts `tests/journal/crash_child.py`, which appends events one per write()
(fsynced) as fast as it can and prints each seq after write() returns; the child is
killed with SIGKILL after a random 20–200 ms; then the journal is read, every printed
(acknowledged) seq must be in it, and it must continue cleanly with `append_to`.

    .venv/bin/python benchmarks/crash_figures.py [--trials 50] [--seed N] [--big-kib 512]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.journal.crash_child import run_trial


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--min-ms", type=float, default=20)
    parser.add_argument("--max-ms", type=float, default=200)
    parser.add_argument(
        "--big-kib", type=int, default=512, help="size of every 25th event (KiB; default 512)"
    )
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)

    acknowledged = recorded = lost = torn = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.trials):
            trial = run_trial(
                Path(tmp) / f"trial{i}", rng, args.min_ms / 1000, args.max_ms / 1000, args.big_kib
            )
            acknowledged += trial.acknowledged
            recorded += trial.recorded
            lost += trial.lost
            torn += trial.torn

    print(f"seed:                              {seed}")
    print(f"trials (SIGKILL at random moment): {args.trials}")
    print(f"large event every 25th:            {args.big_kib} KiB")
    print(f"events acknowledged:               {acknowledged}")
    print(f"events recorded:                   {recorded}")
    print(f"events lost:                       {lost}")
    print(f"torn last lines (warned, ignored): {torn}")
    sys.exit(1 if lost else 0)


if __name__ == "__main__":
    main()
