"""The layer rules, checked on the import graph of tabletop/ (every import, lazy ones too).

    scenario, journal     import nothing of ours above them (nor each other)
    engine                only scenario
    live                  only engine, journal and scenario
    seats                 only engine, journal, live and scenario
    export, sim           no tui, no cli
    tui                   no cli
    cli                   anything: it is the top
    safe_read             the ground: imports nothing of ours, importable by all

and no import circle anywhere in tabletop/ (a circle works only while the imports stay
lazy or in a lucky order, and it hides which module is the lower one).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tabletop"

ALLOWED: dict[str, set[str] | None] = {
    "scenario": set(),
    "journal": set(),
    "engine": {"scenario"},
    "live": {"engine", "journal", "scenario"},
    "seats": {"engine", "journal", "live", "scenario"},
    "export": {"engine", "journal", "live", "scenario"},
    "sim": {"engine", "journal", "live", "scenario"},
    "tui": {"engine", "journal", "live", "scenario", "export", "sim", "seats"},
    "cli": None,  # the top: anything
    "__main__": {"cli"},
    "safe_read": set(),
}
"""For each layer (the part of the module name after `tabletop.`), the layers it may import.
`tabletop` itself (the package, with `__version__`) and `safe_read` (the one way to read
a stranger's file) may be imported by any."""
GROUND = {"tabletop", "safe_read"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _known(name: str) -> str:
    """The module of ours that `import name` runs last: name, or its nearest package."""
    while name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def imports_of(module: str) -> set[str]:
    """The modules of ours that `module` imports anywhere in its text."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {_known(a.name) for a in node.names if a.name.split(".")[0] == "tabletop"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            if source.split(".")[0] != "tabletop":
                continue
            for alias in node.names:
                child = f"{source}.{alias.name}"
                found.add(child if child in MODULES else _known(source))
    found.discard(module)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "tabletop"


def test_the_graph_sees_the_imports() -> None:
    """The checker itself: it finds top-level, lazy and relative imports."""
    assert "tabletop.scenario.compiled" in GRAPH["tabletop.engine.session"]
    assert "tabletop.cli.main" in GRAPH["tabletop.__main__"]
    assert {"tabletop.scenario", "tabletop.engine", "tabletop.cli"} <= {
        m.rpartition(".")[0] for m in MODULES
    }


def test_no_layer_imports_one_above_it() -> None:
    climbing = []
    for module, imported in sorted(GRAPH.items()):
        allowed = ALLOWED.get(layer(module), set())
        if allowed is None:
            continue
        for other in sorted(imported):
            if layer(other) not in {layer(module), *GROUND} and layer(other) not in allowed:
                climbing.append(f"{module} imports {other}")
    assert climbing == []


def test_every_module_has_a_layer() -> None:
    """A new top-level module or package gets its row in ALLOWED (and in architecture.md)."""
    assert {layer(m) for m in MODULES} - {"tabletop"} <= set(ALLOWED)


def _cycles() -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return found


def test_no_import_circle() -> None:
    assert _cycles() == []
