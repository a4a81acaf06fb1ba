"""The fuzz harness at length: many hostile scenarios and journals, with the figures.

    .venv/bin/python benchmarks/fuzz.py [CASES]

Runs CASES (default 2,000) random cases of each kind through tests/fuzz_cases.py (the
same mutations as tests/test_fuzz.py: byte flips, truncation, type swaps, huge and
non-finite numbers, deep nesting, control characters, duplicated lines; journals both
as mutated and re-chained) and prints cases tried, accepted, refused, internal errors
(goal: 0) and the slowest case (a hang would show here). Seeds are 0..CASES-1, so a
failing case is reproduced by its seed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TABLETOP_DATA_DIR", tempfile.mkdtemp())

from tests.chain import rechain
from tests.conftest import MINI
from tests.fuzz_cases import InternalError, journal_case, mutate, run, scenario_case


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        good = tmp / "good.jsonl"
        assert run("run", str(MINI), "--session", str(good), "--seed", "3")[0] == 0
        recorded = good.read_bytes()
        source = MINI.read_bytes()
        for kind in ("scenario", "journal", "forged journal"):
            tally = {"accepted": 0, "refused": 0, "internal error": 0}
            slowest = (0.0, -1)
            failures: list[str] = []
            for seed in range(cases):
                rounds = 1 + seed % 3
                name, data = mutate(source if kind == "scenario" else recorded, seed, rounds)
                if kind == "forged journal":
                    lines = data.decode("utf-8", "replace").split("\n")
                    if lines[-1] == "":
                        data = ("\n".join(rechain(lines[:-1])) + "\n").encode()
                start = time.perf_counter()
                try:
                    case = scenario_case if kind == "scenario" else journal_case
                    tally[case(data, tmp)] += 1
                except InternalError as exc:
                    tally["internal error"] += 1
                    failures.append(f"seed {seed} ({name}): {exc}")
                slowest = max(slowest, (time.perf_counter() - start, seed))
            print(
                f"{kind:>15}: {cases:,} tried, {tally['accepted']:,} accepted, "
                f"{tally['refused']:,} refused, {tally['internal error']} internal errors; "
                f"slowest {slowest[0]:.2f} s (seed {slowest[1]})"
            )
            for failure in failures[:10]:
                print("   ", failure)


if __name__ == "__main__":
    main()
