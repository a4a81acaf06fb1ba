"""Validation time against parsing the TOML alone, for each bundled scenario and a large
generated one (500 rules).

Run: .venv/bin/python benchmarks/bench_validate.py

Each figure is the best of several runs, in CPU time of this process (the machine is
shared: other processes' load does not count), of `load_scenario` (read, TOML, models,
references, expressions) against `tomllib.loads` of the same text in the same run: the
floor, what any validator must at least do. The goals: a ratio <= 1.5, and <= 200 ms per
scenario. A second line per file times the same file with one defect, which adds finding
the line of that one problem.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's tabletop

from tabletop.scenario.bundled import bundled_paths
from tabletop.scenario.checks import compile_scenario
from tabletop.scenario.load import load_scenario, parse_scenario
from tabletop.scenario.locate import LineIndex
from tabletop.scenario.models import Scenario
from tabletop.scenario.problems import ScenarioError

GOAL_MS = 200.0
GOAL_RATIO = 1.5
REPEATS = 9


def best_ms(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best * 1000


def generated(rules: int = 500) -> str:
    """A scenario with `rules` rules and actors, tracks, turns, moves in proportion."""
    actors, tracks, turns = rules // 25, rules // 5, rules // 20
    moves, injects, endings = rules // 2, rules // 5, rules // 25
    out = [
        "[scenario]",
        'id = "generated"',
        f'title = "Generated: {rules} rules"',
        'briefing = """A scenario made up for the benchmark.\nIt has every kind of thing."""',
    ]
    for a in range(actors):
        out += [
            "",
            "[[actors]]",
            f'id = "actor_{a}"',
            f'name = "Actor {a}"',
            f'side = "side_{a % 3}"',
            "[[actors.objectives]]",
            'id = "calm"',
            'description = "Keep things calm"',
            f'score = "track_{a} < 50 and not flag_{a}"',
        ]
        for m in range(a, moves, actors):
            out += [
                "[[actors.doctrine]]",
                f'move = "move_{m}"',
                f'when = "track_{m % tracks} > 10"',
            ]
            out.append(f'weight = "if(flag_{m % tracks}, 2, 1)"')
    for t in range(tracks):
        out += ["", "[[tracks]]", f'id = "track_{t}"', f'label = "Track {t}"', "initial = 20"]
        out += ["min = 0", "max = 100", 'unit = "%"']
        out += ["", "[[tracks]]", f'id = "flag_{t}"', f'label = "Flag {t}"', 'type = "flag"']
        out += ["initial = false"]
        out += ["", "[[tracks]]", f'id = "level_{t}"', f'label = "Level {t}"', 'type = "level"']
        out += ['levels = ["low", "medium", "high"]', 'initial = "low"']
    for t in range(turns):
        out += ["", "[[turns]]", f'id = "turn_{t}"', f'title = "Turn {t}"']
        out += [f"date = 2022-{1 + t // 28:02d}-{1 + t % 28:02d}"]
        out += [f'participants = ["actor_{t % actors}", "actor_{(t + 1) % actors}"]']
    for m in range(moves):
        x, y = m % tracks, (m * 7 + 3) % tracks
        out += ["", "[[moves]]", f'id = "move_{m}"', f'actor = "actor_{m % actors}"']
        out += [f'label = "Move {m}"', f'requires = "track_{x} >= 5 or level_{y} == \\"high\\""']
        if m % 2:
            out += ["[moves.adjudication]", 'method = "dice"', "target = 7"]
            out += ["[[moves.adjudication.modifiers]]", 'label = "Pressure"']
            out += [f'value = "if(track_{y} > 50, 1, 0)"', f'when = "not flag_{x}"']
            outcomes = [("win", 'result = "success"'), ("lose", 'result = "failure"')]
        else:
            outcomes = [("yes", "weight = 2"), ("no", "weight = 1")]
        for oid, extra in outcomes:
            out += ["[[moves.outcomes]]", f'id = "{oid}"', f'label = "{oid.title()}"', extra]
            out += ["effects = [", f'  "track_{x} += 5",', f'  "flag_{y} = track_{x} > 60",']
            out += [f"  'level_{x} = \"medium\"',", "]", 'narrative = "Something happens."']
    for i in range(injects):
        out += ["", "[[injects]]", f'id = "inject_{i}"', f'title = "Inject {i}"']
        if i % 2:
            out += [f'turn = "turn_{i % turns}"']
        else:
            out += [f'when = "track_{i % tracks} > 40 and turn > 2"']
        out += [f'effects = ["track_{(i + 1) % tracks} -= 3"]']
    for r in range(rules):
        x, y = r % tracks, (r * 3 + 1) % tracks
        out += ["", "[[rules]]", f'id = "rule_{r}"', f'description = "Rule {r}"']
        out += [f'when = "track_{x} > {r % 90} and (flag_{y} or level_{x} != \\"low\\")"']
        out += [f'effects = ["track_{y} = clamp(track_{y} + track_{x} / 10, 0, 100)"]']
        out += ["repeat = true" if r % 2 else "repeat = false"]
    for e in range(endings):
        out += ["", "[[endings]]", f'id = "ending_{e}"', f'title = "Ending {e}"']
        out += [f'when = "track_{e} >= 100"']
    out += ["", "[[endings]]", 'id = "stalemate"', 'title = "Stalemate"', ""]
    return "\n".join(out)


def report(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    compiled, _ = load_scenario(path)  # also a check that it is valid
    data = tomllib.loads(text)
    model = Scenario.model_validate(data, strict=True)
    total = best_ms(lambda: load_scenario(path))
    phases = {
        "toml": best_ms(lambda: tomllib.loads(text)),
        "models": best_ms(lambda: Scenario.model_validate(data, strict=True)),
        "compile": best_ms(lambda: compile_scenario(model)),
        "all lines": best_ms(lambda: LineIndex(text).lines),
    }
    size = f"{len(text.splitlines())} lines, {len(compiled.model.rules)} rules"
    ratio = total / phases["toml"]
    ok = total <= GOAL_MS and ratio <= GOAL_RATIO
    detail = ", ".join(f"{k} {v:.1f}" for k, v in phases.items())
    print(
        f"{path.name:<28} {total:8.1f} ms  ratio {ratio:4.2f}x  {'ok' if ok else 'SLOW'}  "
        f"({size}; {detail})"
    )
    broken = text.replace("[[turns]]", "[[turns]]\nbogus = 1", 1)

    def with_defect() -> None:
        try:
            parse_scenario(broken, path.name)
        except ScenarioError:
            return
        raise AssertionError("the defect was not found")

    defect = best_ms(with_defect)
    floor = best_ms(lambda: tomllib.loads(broken))
    fine = defect <= GOAL_MS and defect / floor <= GOAL_RATIO
    print(
        f"{'  with one unknown key':<28} {defect:8.1f} ms  ratio {defect / floor:4.2f}x  "
        f"{'ok' if fine else 'SLOW'}"
    )
    return ok and fine


def main() -> int:
    print(
        f"load_scenario against tomllib.loads, CPU time, best of {REPEATS} "
        f"(goals: ratio <= {GOAL_RATIO}x, <= {GOAL_MS:.0f} ms each)"
    )
    ok = True
    for path in bundled_paths():
        ok &= report(path)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated_500_rules.toml"
        path.write_text(generated(500), encoding="utf-8")
        ok &= report(path)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
