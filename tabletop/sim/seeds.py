"""Each run's seed, derived from the master seed by a stable hash.

Python's `hash()` is salted per process, so it cannot be used: a run's seed must be
the same in every process, on every machine and in every version of tabletop.
"""

from __future__ import annotations

import hashlib

SEED_BITS = 63
"""Run seeds are below 2**63, like every seed a session journal accepts."""


def run_seed(master: int, run: int) -> int:
    """The seed of run number `run` (1-based) of a simulation with this master seed.

    The first 8 bytes of BLAKE2b over the text ``"tabletop-simulate:{master}:{run}"``, as a
    big-endian integer, keeping the low 63 bits. Any run can be played again alone with
    `tabletop run SCENARIO --seed <its seed>` semantics, or its journal kept with
    `--sessions`.
    """
    digest = hashlib.blake2b(
        f"tabletop-simulate:{master}:{run}".encode("ascii"), digest_size=8
    ).digest()
    return int.from_bytes(digest, "big") & ((1 << SEED_BITS) - 1)
