"""read_regular reads a file in a buffer of its reported size, then on: a file holding
more than its size says is still read whole (up to the limit)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.safe_read import read_regular


def test_a_file_reporting_size_0_is_read_whole_within_the_limit() -> None:
    proc = Path("/proc/self/status")
    if not proc.exists():
        pytest.skip("no /proc here")
    data = read_regular(proc, 1_000_000)
    assert len(data) > 100 and data.startswith(b"Name:") and data.endswith(b"\n")


@pytest.mark.parametrize("size", [0, 1, 999, 1000])
def test_a_file_of_any_size_up_to_the_limit_is_read_as_it_is(tmp_path: Path, size: int) -> None:
    path = tmp_path / "file"
    content = (bytes(range(256)) * 4)[:size]
    path.write_bytes(content)
    assert read_regular(path, 1000) == content
