"""No control character from a file reaches a terminal (issue 9.5).

Text with escape sequences, a bell, C1 controls, DEL, carriage returns and bidi
overrides is put in every text field of a scenario (titles, briefings, move labels,
outcome narratives, injects, ...) and in every text typed during a session (notes,
reasons, free-form moves, overrides); each command that prints scenario or journal text
is run on them, and its stdout and stderr must hold none of those characters. The
Markdown and CSV exports written to files are checked the same way (someone will `cat`
them), and so is the JSON export, which keeps the text as \\u escapes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from tabletop.cli import main
from tabletop.engine.wording import UNSAFE, printable, terminal_line
from tabletop.export.csvsafe import guard
from tabletop.live import start_session
from tests.export.hostile import hostile_data, play_hostile

CONTROL = (
    "\x1b[2J\x1b]0;pwn\x07 bell\x07 csi\x9b31m del\x7f cr\roverwrite nul-ish\x01\x1f "
    "\u202eevil\u202c \u2066iso\u2069 \u200frlm\u200e\u061c [bold red]x[/] "
    "[link=https://evil]y[/link] [@click=app.quit]z[/]"
)
"""Hostile to terminals (and markup a TUI must show literally)."""


def clean(text: str) -> bool:
    return not any(ch in UNSAFE for ch in text)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("terminal")
    scenario = root / "hostile.toml"
    scenario.write_text(tomli_w.dumps(hostile_data(CONTROL)), encoding="utf-8")
    journal = root / "hostile.jsonl"
    live = start_session(scenario, seed=3, session_path=journal)
    play_hostile(live.session, CONTROL)
    live.close()
    script = root / "script.toml"
    script.write_text(
        tomli_w.dumps(
            {
                "exercise": CONTROL,
                "declare": [
                    {"turn": 1, "actor": "red", "move": "gamble", "reasons_for": [CONTROL]}
                ],
                "note": [{"turn": 1, "text": CONTROL}],
            }
        ),
        encoding="utf-8",
    )
    return {"scenario": scenario, "journal": journal, "script": script, "root": root}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


COMMANDS: dict[str, list[str]] = {
    "validate": ["validate", "{scenario}"],
    "run": ["run", "{scenario}", "--script", "{script}", "--session", "{root}/run.jsonl"],
    "replay": ["replay", "{journal}"],
    "replay --json": ["replay", "{journal}", "--json"],
    "export md": ["export", "{journal}", "--format", "md"],
    "export csv": ["export", "{journal}", "--format", "csv"],
    "export json": ["export", "{journal}", "--format", "json"],
    "export html": ["export", "{journal}", "--format", "html"],
    "export ip": ["export", "{journal}", "--format", "ip"],
    "branch": ["branch", "{journal}", "--at", "5", "--session", "{root}/branch.jsonl"],
    "simulate": ["simulate", "{scenario}", "--runs", "3"],
    "scenarios": ["scenarios"],
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_no_control_character_reaches_the_terminal(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], name: str
) -> None:
    """Given hostile text everywhere, when a command prints, then no control character
    (but newline and tab) is on stdout or stderr."""
    args = [a.format(**{k: str(v) for k, v in files.items()}) for a in COMMANDS[name]]
    code, out, err = run(capsys, *args)
    assert code == 0, err
    assert out or err
    if name in ("export csv", "export ip"):
        out = out.replace("\r\n", "\n")  # CSV's own line ends
    assert clean(out), [ch for ch in out if ch in UNSAFE][:5]
    assert clean(err), [ch for ch in err if ch in UNSAFE][:5]
    assert "\t" not in err and "Traceback" not in err


def test_problem_lines_from_a_hostile_file_are_clean(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Given an error in a field whose key and value are hostile, then the problem line
    is still one clean line."""
    data: dict[str, Any] = hostile_data(CONTROL)
    data["moves"][0]["adjudication"]["method"] = CONTROL
    data["moves"][0][CONTROL] = CONTROL
    path = tmp_path / "bad.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    assert clean(out) and clean(err)


@pytest.mark.parametrize("fmt", ["md", "csv", "ip"])
def test_exports_written_to_files_are_clean(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], fmt: str
) -> None:
    """Given hostile text, then the Markdown, CSV and IP exports hold no control character
    (CSV keeps its \\r\\n line ends), and the text itself is kept."""
    output = files["root"] / f"report.{fmt}"
    code, _, err = run(
        capsys, "export", str(files["journal"]), "--format", fmt, "-o", str(output), "--force"
    )
    assert code == 0, err
    text = output.read_bytes().decode("utf-8")
    if fmt in ("csv", "ip"):
        text = text.replace("\r\n", "\n")
    assert clean(text)
    assert "[bold red]x[/]" in text or fmt == "md"  # Markdown escapes the brackets


def test_json_export_keeps_the_text_as_escapes(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    """Given hostile text, then the JSON export prints none of it raw but loses none of it."""
    code, out, _ = run(capsys, "export", str(files["journal"]), "--format", "json")
    assert code == 0 and clean(out)
    assert CONTROL in _strings(json.loads(out))


def _strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []


def test_text_helpers() -> None:
    """printable keeps tabs, newlines and carriage returns; terminal_line drops the
    carriage return too; the CSV guard strips first, then guards what is uncovered."""
    assert printable("a\tb\nc\rd\x1b[2J\x9b\x7f\u202e!") == "a\tb\nc\rd[2J!"
    assert terminal_line("a\rb\x07") == "ab"
    assert guard("\x1b=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert guard("\x07") == ""


BIDI_CONTROL = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Every character with Unicode's Bidi_Control property (PropList.txt): the marks
(ALM, LRM, RLM) reorder the neutral characters around them as the overrides do."""


def test_every_bidi_control_is_removed() -> None:
    """Given text carrying each of Unicode's bidi controls, when it is made printable for
    a terminal, then none is left (the marks ALM, LRM and RLM were let through)."""
    for ch in BIDI_CONTROL:
        assert ch in UNSAFE, f"U+{ord(ch):04X}"
        assert printable(f"a{ch}1-2") == terminal_line(f"a{ch}1-2") == "a1-2"


@given(st.text(alphabet=st.sampled_from([*UNSAFE, "a", " ", "\t", "\n", "é", "א"]), max_size=12))
def test_texts_without_unsafe_characters_are_kept_as_they_are(text: str) -> None:
    """Given any text, prose and printable (which pass a text with nothing unsafe as it
    is) give what removing `CONTROL` from every text gives."""
    from tabletop.scenario.text import CONTROL, prose

    assert printable(text) == text.translate(CONTROL)
    assert prose(text) == text.replace("\r\n", "\n").replace("\r", "\n").translate(CONTROL)
