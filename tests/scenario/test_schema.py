"""The JSON Schema and the bundled scenarios.

The committed file must be exactly what `tabletop schema` prints; a real JSON Schema
validator (jsonschema, a dev dependency) accepts every bundled scenario with it and
rejects a typo, as an editor using it would; and the models (validating strictly, as
the loader does) accept every bundled scenario.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tabletop.scenario.bundled import BUNDLED_DIR, DEFAULT_SCENARIO, bundled_paths
from tabletop.scenario.load import load_scenario
from tabletop.scenario.models import Scenario
from tabletop.scenario.schema import scenario_schema, schema_text

from ..conftest import MINI

SCHEMA_FILE = BUNDLED_DIR / "scenario.schema.json"
SCENARIOS = [*bundled_paths(), MINI]


def test_committed_schema_is_the_generated_one() -> None:
    """Regenerate with: python -m tabletop schema > scenarios/scenario.schema.json"""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()


def test_schema_is_draft_2020_12_json() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert set(schema["required"]) == {"scenario", "actors", "turns"}
    assert schema == scenario_schema()


def _objects(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [("(root)", schema), *schema["$defs"].items()]


def test_schema_forbids_unknown_keys_and_documents_every_key() -> None:
    """Editor completion shows each key's description; a typo is flagged as in `validate`."""
    for name, definition in _objects(scenario_schema()):
        assert definition["additionalProperties"] is False, name
        assert definition.get("description"), name
        for key, prop in definition["properties"].items():
            assert prop.get("description"), f"{name}.{key}"


def test_schema_lists_every_model_field() -> None:
    schema = scenario_schema()
    assert set(schema["properties"]) == set(Scenario.model_fields)
    for field, info in Scenario.model_fields.items():
        assert (field in schema["required"]) == info.is_required(), field


def test_the_bundled_scenarios_are_there() -> None:
    names = [p.stem for p in bundled_paths()]
    assert names[0] == DEFAULT_SCENARIO
    assert "tutorial" in names
    assert len(names) >= 3, "the default, the tutorial and a crisis of another kind"


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_models_accept_the_scenario(path: Path) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    model = Scenario.model_validate(data, strict=True)
    assert model.scenario.id


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario_validates_without_errors(path: Path) -> None:
    compiled, warnings = load_scenario(path)
    assert all(w.severity == "warning" for w in warnings)
    assert compiled.turns and compiled.actors


@pytest.mark.parametrize("path", bundled_paths(), ids=[p.stem for p in bundled_paths()])
def test_bundled_scenario_points_editors_at_the_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "#:schema ./scenario.schema.json"


@pytest.mark.parametrize("path", bundled_paths(), ids=[p.stem for p in bundled_paths()])
def test_bundled_scenario_id_is_its_file_name(path: Path) -> None:
    compiled, _ = load_scenario(path)
    assert compiled.id == path.stem


def _as_json(value: Any) -> Any:
    """TOML data as JSON sees it: dates become ISO strings."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_the_json_schema_accepts_the_scenario(path: Path) -> None:
    """Given a bundled scenario, when an editor checks it against the schema, then it passes."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    data = _as_json(tomllib.loads(path.read_text(encoding="utf-8")))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_the_json_schema_rejects_an_unknown_key() -> None:
    """Given a typo in a key, when checked against the schema, then the editor flags it."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    data = _as_json(tomllib.loads(MINI.read_text(encoding="utf-8")))
    data["tracks"][0]["labell"] = data["tracks"][0].pop("label")
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert errors and any("labell" in e.message for e in errors)
