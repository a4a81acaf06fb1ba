"""Property tests: whatever a scenario file holds, validation answers with problems.

Random mutations of a valid scenario (mini.toml) at the data level and at the byte level
raise nothing but ScenarioError from parse_scenario, and its lines always render.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import tomllib
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.scenario.load import parse_scenario
from tabletop.scenario.problems import ScenarioError

from ..conftest import MINI

FILE = "mutant.toml"
SOURCE = MINI.read_bytes()
DATA = tomllib.loads(SOURCE.decode("utf-8"))
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_text = st.text(max_size=30)
_scalar = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.booleans(),
    _text,
    st.sampled_from(["tension", "red", "t1", "mobilise", "tension >= 3", "x += 1", "2d6", ""]),
    st.dates(),
    st.datetimes(),
    st.times(),
)
_value = st.recursive(
    _scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_text, inner, max_size=3)),
    max_leaves=8,
)


def _containers(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of every table and list in the data (where a mutation can happen)."""
    out = [path]
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, child in items:
        if isinstance(child, dict | list):
            out += _containers(child, (*path, key))
    return out


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


@st.composite
def mutations(draw: st.DrawFn) -> dict[str, Any]:
    """mini's data with 1-3 random edits: delete, add, retype, duplicate, rewrite."""
    data = copy.deepcopy(DATA)
    for _ in range(draw(st.integers(1, 3))):
        node = _at(data, draw(st.sampled_from(_containers(data))))
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        action = draw(st.sampled_from(["delete", "add", "replace", "duplicate", "text"]))
        if action == "add" or not keys:
            if isinstance(node, dict):
                node[draw(st.one_of(_text, st.sampled_from(["id", "when", "limt", "type"])))] = (
                    draw(_value)
                )
            else:
                node.append(draw(_value))
            continue
        key = draw(st.sampled_from(keys))
        if action == "delete":
            del node[key]
        elif action == "replace":
            old = node[key]
            node[key] = draw(_value.filter(lambda v: type(v) is not type(old)))  # noqa: B023
        elif action == "duplicate":
            if isinstance(node, list):
                node.insert(key, copy.deepcopy(node[key]))
            else:
                node[key + "_2"] = copy.deepcopy(node[key])
        else:
            node[key] = draw(_text)
    return data


def _serialisable(node: Any) -> Any:
    """tomli_w cannot write times with time zones or ints outside 64 bits: soften those."""
    if isinstance(node, dict):
        return {k: _serialisable(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_serialisable(v) for v in node]
    if isinstance(node, int) and not isinstance(node, bool) and not -(2**63) <= node < 2**63:
        return node % 2**63
    if isinstance(node, dt.time):
        return node.replace(tzinfo=None)
    return node


def _check(raw: bytes | str) -> None:
    try:
        compiled, warnings = parse_scenario(raw, FILE)
    except ScenarioError as exc:
        lines = exc.lines()
        assert lines, "a ScenarioError has at least one problem"
        assert any(p.severity == "error" for p in exc.problems)
        text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
        count = text.count("\n") + 1
        for line, problem in zip(lines, exc.problems, strict=True):
            assert line.startswith(FILE), line
            assert "\n" not in line and "\r" not in line
            assert problem.line is None or 1 <= problem.line <= count, (problem, count)
            assert "Traceback" not in line
        return
    assert compiled.sha256
    assert all(w.severity == "warning" for w in warnings)
    for warning in warnings:
        assert warning.format(FILE).startswith(FILE)


@SETTINGS
@given(mutations())
def test_data_mutations_give_only_scenario_errors(data: dict[str, Any]) -> None:
    _check(tomli_w.dumps(_serialisable(data)))


@SETTINGS
@given(mutations())
def test_data_mutations_as_a_model_input_give_only_scenario_errors(data: dict[str, Any]) -> None:
    """The same mutations, written with multi-line strings (another text layout)."""
    _check(tomli_w.dumps(_serialisable(data), multiline_strings=True).encode("utf-8"))


@st.composite
def byte_mutations(draw: st.DrawFn) -> bytes:
    raw = bytearray(SOURCE)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["flip", "insert", "delete", "splice", "truncate"]))
        at = draw(st.integers(0, len(raw)))
        if action == "flip" and at < len(raw):
            raw[at] = draw(st.integers(0, 255))
        elif action == "insert":
            raw[at:at] = draw(
                st.one_of(
                    st.binary(max_size=8),
                    st.sampled_from(
                        [b"[", b"]", b"[[", b'"', b'"""', b"'", b"=", b"\n", b"#", b"{", b","]
                    ),
                )
            )
        elif action == "delete":
            del raw[at : at + draw(st.integers(1, 20))]
        elif action == "splice":
            start = draw(st.integers(0, len(SOURCE)))
            raw[at:at] = SOURCE[start : start + draw(st.integers(1, 200))]
        else:
            del raw[at:]
    return bytes(raw)


@SETTINGS
@given(byte_mutations())
def test_byte_mutations_give_only_scenario_errors(raw: bytes) -> None:
    _check(raw)


@SETTINGS
@given(st.binary(max_size=200))
def test_random_bytes_give_only_scenario_errors(raw: bytes) -> None:
    _check(raw)


@SETTINGS
@given(st.text(max_size=200))
def test_random_text_gives_only_scenario_errors(text: str) -> None:
    _check(text)


def test_unmutated_data_round_trips() -> None:
    """The mutation machinery starts from a valid scenario."""
    compiled, warnings = parse_scenario(tomli_w.dumps(DATA), FILE)
    assert compiled.id == "mini" and warnings == []


def test_non_finite_numbers_anywhere() -> None:
    for path in [
        ("tracks", 0, "min"),
        ("moves", 2, "outcomes", 0, "weight"),
        ("actors", 0, "doctrine", 0, "weight"),
    ]:
        for value in (math.nan, math.inf, -math.inf):
            data = copy.deepcopy(DATA)
            _at(data, path[:-1])[path[-1]] = value
            try:
                parse_scenario(tomli_w.dumps(data), FILE)
            except ScenarioError as exc:
                assert any("is not a usable number" in line for line in exc.lines()), exc.lines()
            else:
                raise AssertionError(f"{path} = {value} was accepted")
