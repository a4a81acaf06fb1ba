"""The command line's contract, for every command in the table: help text on every
option, and the same exit status for the same kind of mistake (input 1, usage 2),
always with a message and never a traceback."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from tabletop.cli.main import COMMANDS, build_parser, main
from tabletop.tui.launch import farewell
from tests.conftest import DATA, MINI

BAD_SCENARIO = str(DATA / "bad" / "bad_dice.toml")
MISSING_JOURNAL = "no-such-session.jsonl"


def _parsers() -> list[tuple[str, argparse.ArgumentParser]]:
    """Every parser, sub-commands' included, with its command line."""
    found = []
    pending = [("tabletop", build_parser())]
    while pending:
        name, parser = pending.pop()
        found.append((name, parser))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                pending.extend((f"{name} {sub}", p) for sub, p in action.choices.items())
    return found


def test_every_option_and_argument_has_help() -> None:
    missing = []
    for name, parser in _parsers():
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            text = action.help or ""
            label = "/".join(action.option_strings) or action.dest
            if not text or text == argparse.SUPPRESS or "the default)" in text:
                missing.append(f"{name} {label}: {text!r}")
    assert missing == []
    assert len(_parsers()) == len(COMMANDS) + 3  # the top, and events' export and import


def test_help_names_the_real_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["play", "--help"])
    assert exit_.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "(default: ukraine_2022)" in text
    assert "a random one" in text and "data directory" in text


MISTAKES: dict[str, tuple[list[str], list[str]]] = {
    # command: (a bad input -> 1, a usage error -> 2)
    "play": ([BAD_SCENARIO], ["--seed", "x"]),
    "resume": ([MISSING_JOURNAL], ["--bogus"]),
    "validate": ([BAD_SCENARIO], []),
    "schema": ([], ["extra"]),
    "scenarios": (["--copy", str(MINI)], ["--copy"]),
    "run": ([BAD_SCENARIO], []),
    "simulate": ([BAD_SCENARIO, "--runs", "2"], [str(MINI), "--runs", "0"]),
    "replay": ([MISSING_JOURNAL], [MISSING_JOURNAL, "--turn", "0"]),
    "branch": ([MISSING_JOURNAL, "--at", "1"], [MISSING_JOURNAL]),
    "export": ([MISSING_JOURNAL, "--format", "md"], [MISSING_JOURNAL, "--format", "pdf"]),
    "events": (["export", BAD_SCENARIO], ["bogus"]),
    "watch": ([MISSING_JOURNAL], ["--bogus"]),
    "serve": ([BAD_SCENARIO], [str(MINI), "--port", "0"]),
    "seat": ([MISSING_JOURNAL, "--code", "ABCDEFGH"], ["--bogus"]),
}


def test_every_command_has_its_mistakes_below() -> None:
    assert set(MISTAKES) == {command.name for command in COMMANDS}


def _status(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)


@pytest.mark.parametrize("command", sorted(c for c, (bad, _) in MISTAKES.items() if bad))
def test_a_bad_input_exits_1(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """(`schema` reads no input: it has only usage errors.)"""
    bad_input, _ = MISTAKES[command]
    assert _status([command, *bad_input]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() and "Traceback" not in captured.err


@pytest.mark.parametrize("command", sorted(MISTAKES))
def test_a_usage_error_exits_2(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, usage = MISTAKES[command]
    assert _status([command, *usage]) == 2
    captured = capsys.readouterr()
    assert f"tabletop {command}" in captured.err and "error:" in captured.err


def test_quitting_the_tui_says_where_the_session_is() -> None:
    path = Path("/tmp/my sessions/s.jsonl")
    assert farewell(path, ended=False) == [
        "session saved: /tmp/my sessions/s.jsonl",
        "resume:  tabletop resume '/tmp/my sessions/s.jsonl'",
    ]
    assert farewell(path, ended=True)[1].startswith("report: tabletop export '/tmp/my sessions")


@pytest.mark.parametrize("command", ["resume", "replay", "watch", "seat"])
def test_two_journals_where_one_is_taken_is_a_usage_error(
    command: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Given two journal paths to a command that takes one, then it opens neither: exit
    status 2 and a line naming the path too many, never the first opened without a word."""
    import tabletop.tui.launch as launch

    opened: list[object] = []
    for name in ("launch_resume", "launch_watch", "launch_seat"):
        if hasattr(launch, name):
            monkeypatch.setattr(launch, name, lambda *a, **k: opened.append(a) or 0)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    assert _status([command, str(first), str(second)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[-1] == f"tabletop {command}: error: unrecognized arguments: {second}"
    assert opened == []


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", ""],
        ["validate", str(MINI), " "],
        ["play", ""],
        ["run", ""],
        ["simulate", "", "--runs", "2"],
        ["events", "export", ""],
        ["serve", ""],
    ],
)
def test_an_empty_scenario_name_is_a_usage_error(
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Given an empty scenario argument (`tabletop validate "$FILE"` with FILE unset), when
    a command is run, then it is a usage error: not the bundled default scenario checked,
    played or simulated in its place as if it had been named."""
    import tabletop.tui.launch as launch
    import tabletop.tui.serve as serving

    monkeypatch.setattr(launch, "launch_play", lambda *a, **k: 0)  # the TUI never opens
    monkeypatch.setattr(serving, "serve", lambda *a, **k: 0)  # nor does a server
    monkeypatch.setenv("TABLETOP_DATA_DIR", str(tmp_path))  # a session started is kept here
    assert _status(argv) == 2
    captured = capsys.readouterr()
    assert "a scenario is a file or a bundled id, not an empty name" in captured.err
    assert "ok:" not in captured.out
