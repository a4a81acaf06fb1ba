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
    """States `[]` (or `{}`) as the default of a field made with `default_factory=list`
    (or `dict`): the models use factories rather than `= []`, which pydantic deep-copies
    for every object it validates (a tenth of the models' time in a large scenario)."""

    def get_default_value(self, schema: core_schema.WithDefaultSchema) -> Any:
        factory = schema.get("default_factory")
        if factory is list or factory is dict:
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
