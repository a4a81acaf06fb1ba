"""LineIndex: the line of a data path in TOML text."""

from __future__ import annotations

import tomllib
from textwrap import dedent
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from tabletop.scenario.locate import LineIndex
from tabletop.scenario.problems import Path

from ..conftest import MINI


def index(text: str) -> LineIndex:
    text = dedent(text).lstrip("\n")
    tomllib.loads(text)  # every example is valid TOML
    return LineIndex(text)


def test_tables_and_keys() -> None:
    ix = index(
        """
        # a comment
        top = 1

        [scenario]
        id = "x"   # trailing comment
          title = "indented"
        [scenario.sub]
        deep = true
        """
    )
    assert ix.line_of(("top",)) == 2
    assert ix.line_of(("scenario",)) == 4
    assert ix.line_of(("scenario", "id")) == 5
    assert ix.line_of(("scenario", "title")) == 6
    assert ix.line_of(("scenario", "sub")) == 7
    assert ix.line_of(("scenario", "sub", "deep")) == 8


def test_arrays_of_tables_count_per_path() -> None:
    ix = index(
        """
        [[actors]]
        id = "a"

        [[tracks]]
        id = "t"

        [[actors]]
        id = "b"
        name = "B"
        """
    )
    assert ix.line_of(("actors", 0)) == 1
    assert ix.line_of(("actors", 0, "id")) == 2
    assert ix.line_of(("tracks", 0, "id")) == 5
    assert ix.line_of(("actors", 1)) == 7
    assert ix.line_of(("actors", 1, "name")) == 9
    assert ix.line_of(("actors",)) == 1


def test_nested_arrays_of_tables_belong_to_the_latest_parent() -> None:
    ix = index(
        """
        [[moves]]
        id = "a"
        [moves.adjudication]
        method = "dice"
        [[moves.adjudication.modifiers]]
        label = "m0"
        [[moves.outcomes]]
        id = "a0"
        [[moves.outcomes]]
        id = "a1"

        [[moves]]
        id = "b"
        [[moves.outcomes]]
        id = "b0"
        effects = ["x += 1"]
        [moves.adjudication]
        method = "auto"
        """
    )
    assert ix.line_of(("moves", 0, "adjudication", "method")) == 4
    assert ix.line_of(("moves", 0, "adjudication", "modifiers", 0, "label")) == 6
    assert ix.line_of(("moves", 0, "outcomes", 1, "id")) == 10
    assert ix.line_of(("moves", 1, "outcomes", 0)) == 14
    assert ix.line_of(("moves", 1, "outcomes", 0, "effects", 0)) == 16
    assert ix.line_of(("moves", 1, "adjudication", "method")) == 18
    # Not in the text: the nearest enclosing thing that is.
    assert ix.line_of(("moves", 1, "outcomes", 0, "label")) == 14
    assert ix.line_of(("moves", 1, "label")) == 12
    assert ix.line_of(("nowhere",)) is None
    assert ix.line_of(()) is None


def test_dotted_keys() -> None:
    ix = index(
        """
        [[moves]]
        id = "a"
        adjudication.method = "dice"
        adjudication . target = 7
        [x.y.z]
        w = 1
        """
    )
    assert ix.line_of(("moves", 0, "adjudication")) == 3
    assert ix.line_of(("moves", 0, "adjudication", "method")) == 3
    assert ix.line_of(("moves", 0, "adjudication", "target")) == 4
    assert ix.line_of(("x",)) == 5
    assert ix.line_of(("x", "y", "z", "w")) == 6


def test_quoted_keys() -> None:
    ix = index(
        """
        "quoted key" = 1
        'literal.key' = 2
        "dotted"."part" = 3
        "esc\\u0041" = 4
        [ "table" . 'name' ]
        inner = 5
        [["arr"]]
        a = 6
        """
    )
    assert ix.line_of(("quoted key",)) == 1
    assert ix.line_of(("literal.key",)) == 2
    assert ix.line_of(("dotted", "part")) == 3
    assert ix.line_of(("escA",)) == 4
    assert ix.line_of(("table", "name", "inner")) == 6
    assert ix.line_of(("arr", 0, "a")) == 8


def test_items_of_multi_line_arrays() -> None:
    ix = index(
        """
        [[turns]]
        participants = [
          "red",   # a comment, with a ] and a "quote"
          # a whole-line comment
          "blue", "green",

          "grey",
        ]
        levels = ["a", "b",
                  "c"]
        nested = [
          [1, 2],
          [
            3,
          ],
        ]
        after = 1
        """
    )
    assert ix.line_of(("turns", 0, "participants")) == 2
    assert ix.line_of(("turns", 0, "participants", 0)) == 3
    assert ix.line_of(("turns", 0, "participants", 1)) == 5
    assert ix.line_of(("turns", 0, "participants", 2)) == 5
    assert ix.line_of(("turns", 0, "participants", 3)) == 7
    assert ix.line_of(("turns", 0, "levels", 1)) == 9
    assert ix.line_of(("turns", 0, "levels", 2)) == 10
    assert ix.line_of(("turns", 0, "nested", 0, 1)) == 12
    assert ix.line_of(("turns", 0, "nested", 1)) == 13
    assert ix.line_of(("turns", 0, "nested", 1, 0)) == 14
    assert ix.line_of(("turns", 0, "after")) == 17


def test_effects_that_look_like_keys_inside_arrays() -> None:
    ix = index(
        """
        [[rules]]
        effects = [
          "tension -= 1",
          'alert = "high"',
        ]
        when = "x"
        """
    )
    assert ix.line_of(("rules", 0, "effects", 1)) == 4
    assert ix.line_of(("rules", 0, "when")) == 6
    assert ("rules", 0, '"tension -') not in ix.lines
    assert ("rules", 0, "tension -") not in ix.lines


def test_inline_tables() -> None:
    ix = index(
        """
        [[moves]]
        adjudication = { method = "dice", target = 7, modifiers = [{ label = "a" }] }
        outcomes = [
          { id = "o1", label = "One" },
          { id = "o2", label = "Two", effects = ["x += 1"] },
        ]
        """
    )
    assert ix.line_of(("moves", 0, "adjudication", "target")) == 2
    assert ix.line_of(("moves", 0, "adjudication", "modifiers", 0, "label")) == 2
    assert ix.line_of(("moves", 0, "outcomes", 1, "label")) == 5
    assert ix.line_of(("moves", 0, "outcomes", 1, "effects", 0)) == 5


def test_keys_and_headers_inside_multi_line_strings_are_ignored() -> None:
    ix = index(
        '''
        [scenario]
        briefing = """
        [[actors]]
        id = "fake"
        still = "inside" \\"""
        """
        after = 1
        notes = \'\'\'
        [[turns]]
        x = 1 \'\'\'
        quotes = """two "" inside """""
        [[actors]]
        id = "real"
        '''
    )
    assert ix.line_of(("scenario", "briefing")) == 2
    assert ix.line_of(("scenario", "after")) == 7
    assert ix.line_of(("scenario", "quotes")) == 11
    assert ix.line_of(("actors", 0)) == 12
    assert ix.line_of(("actors", 0, "id")) == 13
    assert ("turns",) not in ix.lines
    assert ("scenario", "still") not in ix.lines


def test_strings_with_brackets_hashes_and_escapes() -> None:
    ix = index(
        r"""
        a = "with ] and [ and # and \" quote"
        b = 'C:\path [x] # not a comment'
        c = ["]", "#", '[', "\\"]
        d = 1979-05-27 07:32:00Z
        e = 2
        """
    )
    assert ix.line_of(("b",)) == 2
    assert ix.line_of(("c", 3)) == 3
    assert ix.line_of(("e",)) == 5
    assert ("c", 4) not in ix.lines


def test_crlf_line_endings() -> None:
    ix = LineIndex("[a]\r\nb = 1\r\n\r\n[[c]]\r\nd = [\r\n  1,\r\n  2,\r\n]\r\n")
    assert ix.line_of(("a", "b")) == 2
    assert ix.line_of(("c", 0, "d", 1)) == 7


def test_every_key_of_mini_is_on_a_line_that_names_it() -> None:
    text = MINI.read_text(encoding="utf-8")
    ix = LineIndex(text)
    lines = text.splitlines()
    for path, value in _leaves(tomllib.loads(text)):
        line = ix.line_of(path)
        assert line is not None, path
        key = next(p for p in reversed(path) if isinstance(p, str))
        assert key in lines[line - 1], (path, line, lines[line - 1])
        if isinstance(value, str) and "\n" not in value:
            assert value in lines[line - 1] or f"[[{key}" in lines[line - 1], (path, line)


def _leaves(node: Any, path: Path = ()) -> list[tuple[Path, Any]]:
    if isinstance(node, dict):
        return [leaf for k, v in node.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(node, list) and node and all(isinstance(v, dict) for v in node):
        return [leaf for i, v in enumerate(node) for leaf in _leaves(v, (*path, i))]
    return [(path, node)]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[",
        "[[",
        "a = [",
        "a = {",
        'a = "',
        'a = """',
        "= 1",
        "[a.]\n",
        "a = [1, {b = [",
        "x = ]]]}}}",
        "\x00\x01",
        '"' * 50,
        "[" * 5000,
        "a = " + "[" * 5000,
    ],
)
def test_never_fails_on_broken_text(text: str) -> None:
    LineIndex(text).line_of(("a", 0, "b"))


# -- properties: TOML written by tomli_w ---------------------------------------------------
_keys = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=6)
_scalars = st.one_of(
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.text(max_size=20),
    st.dates(),
)
_values = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(_keys, children, max_size=4),
    ),
    max_leaves=20,
)
_documents = st.dictionaries(
    _keys,
    st.one_of(
        _values, st.lists(st.dictionaries(_keys, _values, max_size=4), min_size=1, max_size=3)
    ),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(_documents, st.booleans())
def test_every_path_of_any_document_has_a_line(document: dict[str, Any], multiline: bool) -> None:
    text = tomli_w.dumps(document, multiline_strings=multiline)
    ix = LineIndex(text)
    count = text.count("\n") + 1
    for path, _ in _all_paths(tomllib.loads(text)):
        line = ix.lines.get(path)
        assert line is not None, (path, text)
        assert 1 <= line <= count


def _all_paths(node: Any, path: Path = ()) -> list[tuple[Path, Any]]:
    out: list[tuple[Path, Any]] = [(path, node)] if path else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _all_paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _all_paths(v, (*path, i))
    return out


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_fails_on_any_text(text: str) -> None:
    ix = LineIndex(text)
    count = text.count("\n") + 1
    assert all(1 <= line <= count for line in ix.lines.values())


def test_a_line_asked_for_alone_is_the_line_the_whole_scan_gives() -> None:
    """The index scans lazily, only as far as a lookup needs: each path of a bundled
    scenario, looked up first in a fresh index, gets the line the full scan records."""
    from tabletop.scenario.bundled import resolve_scenario

    text = resolve_scenario(None).read_text(encoding="utf-8")
    every = LineIndex(text).lines
    paths = list(every)
    for path in paths[:: max(1, len(paths) // 200)] + paths[-3:]:
        assert LineIndex(text).line_of(path) == every[path], path
    lazy = LineIndex(text)
    assert lazy.line_of(("no", "such", "path")) is None  # scans to the end, finds nothing
    assert lazy.lines == every
