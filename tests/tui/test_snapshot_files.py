"""Every snapshot file belongs to a snapshot test that still exists.

syrupy fails a run that leaves a snapshot unused (a test renamed or removed), but not
under pytest-xdist, which README's test command uses: its workers cannot pool what each
used. This test keeps that check: a stale SVG must be deleted with its test.
"""

from __future__ import annotations

import ast
from pathlib import Path

HERE = Path(__file__).parent
SNAPSHOTS = HERE / "__snapshots__"


def _snapshot_tests(module: Path) -> set[str]:
    """The test functions of `module` that take the `snap_compare` fixture."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
        and any(arg.arg == "snap_compare" for arg in node.args.args)
    }


def test_every_snapshot_file_has_its_test() -> None:
    files = sorted(SNAPSHOTS.glob("*/*.svg"))
    assert files, "the snapshot tests keep their SVGs in tests/tui/__snapshots__"
    stale = []
    for svg in files:
        module = HERE / f"{svg.parent.name}.py"
        name = svg.stem.split("[", 1)[0]
        if not module.is_file() or name not in _snapshot_tests(module):
            stale.append(str(svg.relative_to(HERE)))
    assert stale == []


def test_a_renamed_test_leaves_its_snapshot_stale(tmp_path: Path) -> None:
    """The check itself: a module whose snapshot test was renamed has none of that name."""
    module = tmp_path / "test_x.py"
    module.write_text("def test_new(snap_compare):\n    pass\n", encoding="utf-8")
    assert _snapshot_tests(module) == {"test_new"}
