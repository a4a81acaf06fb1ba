"""The JSON Schema of the scenario format, for editor completion and outside tools.

`scenarios/scenario.schema.json` is this schema as `tabletop schema` prints it;
regenerate it with `python -m tabletop schema > scenarios/scenario.schema.json`
after changing the models (a test checks that the two agree).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from tabletop.scenario.models import Scenario

SCHEMA_ID = "https://tabletop.invalid/scenario.schema.json"
"""The schema's `$id`: a name, not a place to download it from (it ships with tabletop)."""


class _Generator(GenerateJsonSchema):
    """States the default of a field whose `default_factory` is a class (`list`, `dict`,
    a model) as the value it makes, as `= []` or `= Result()` stated it: the models use
    factories because pydantic deep-copies a mutable default for every object it
    validates (a fifth of the models' time in a large scenario)."""

    def get_default_value(self, schema: core_schema.WithDefaultSchema) -> Any:
        factory = schema.get("default_factory")
        if isinstance(factory, type):
            return factory()
        return super().get_default_value(schema)


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) generated from the pydantic models."""
    schema = Scenario.model_json_schema(schema_generator=_Generator)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "tabletop scenario",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text() -> str:
    """The schema as the text of scenario.schema.json."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
