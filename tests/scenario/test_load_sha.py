"""A loaded scenario's SHA-256 is that of its text as UTF-8 without a byte order mark,
whether it was given as bytes (as read from a file) or as text."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest

from tabletop.scenario.bundled import bundled_paths
from tabletop.scenario.load import load_scenario, parse_scenario

TUTORIAL = next(p for p in bundled_paths() if p.name == "tutorial.toml")


@pytest.mark.parametrize("marks", [0, 1])
def test_the_hash_is_the_texts_as_utf8_without_one_byte_order_mark(
    tmp_path: Path, marks: int
) -> None:
    raw = TUTORIAL.read_bytes().replace(b"Tutorial", "Tutori\u00e6l".encode(), 1)
    assert raw != TUTORIAL.read_bytes()  # a character of two bytes in UTF-8
    given = codecs.BOM_UTF8 * marks + raw
    text = given.decode("utf-8").removeprefix("\ufeff")
    expected = hashlib.sha256(text.encode("utf-8")).hexdigest()
    path = tmp_path / "s.toml"
    path.write_bytes(given)
    assert load_scenario(path)[0].sha256 == expected
    assert parse_scenario(given)[0].sha256 == expected
    assert parse_scenario(given.decode("utf-8"))[0].sha256 == expected
