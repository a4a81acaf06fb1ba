"""A track may not take a name the program gives a meaning of its own in expressions."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import MINI
from tests.fuzz_cases import run


def test_a_track_named_ending_is_refused_like_one_named_turn(tmp_path: Path) -> None:
    """Given a track with the id `ending` (objective scores read `ending` as the ending's
    id: `ending == "deal"`), when the scenario is validated, then the id is refused as
    `turn` is, rather than the track being shadowed in every score."""
    text = MINI.read_text(encoding="utf-8").replace(
        "[[turns]]",
        '[[tracks]]\nid = "ending"\nlabel = "Ending"\ninitial = 1\nmin = 0\nmax = 5\n\n[[turns]]',
        1,
    )
    text = text.replace('effects = ["tension += 2"]', 'effects = ["tension += 2", "ending += 1"]')
    path = tmp_path / "ending.toml"
    path.write_text(text, encoding="utf-8")
    status, _, err = run("validate", str(path))
    assert status == 1
    assert "tracks[ending].id: 'ending' is a name the program provides; choose another id" in err
