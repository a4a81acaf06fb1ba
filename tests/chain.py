"""Test helper: give hand-made or hand-edited journal lines a valid hash chain, so a test
can plant any other fault in a journal and see that fault (not the chain) reported."""

from __future__ import annotations

from pathlib import Path

from tabletop.journal.format import HASH_MARK, HASH_TAIL, chain_hash, header_hash


def rechain(lines: list[str]) -> list[str]:
    """`lines` (header first, no newlines) with every event-like line's link recomputed;
    a line that already has a link loses it first."""
    prev = header_hash(lines[0].encode("utf-8"))
    out = [lines[0]]
    for line in lines[1:]:
        if len(line) >= HASH_TAIL and line[-HASH_TAIL:].startswith(HASH_MARK):
            line = line[:-HASH_TAIL] + "}"
        if line.startswith("{") and line.endswith("}") and len(line) > 2:
            prev = chain_hash(prev, line[:-1])
            line = f'{line[:-1]}{HASH_MARK}{prev}"}}'
        out.append(line)
    return out


def rechain_file(path: Path) -> None:
    """Recompute the chain of a journal file after a test edited its lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(rechain(lines)) + "\n", encoding="utf-8")
