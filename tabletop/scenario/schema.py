"""The JSON Schema of the scenario format, for editor completion and outside tools.

`scenarios/scenario.schema.json` is this schema as `tabletop schema` prints it;
regenerate it with `python -m tabletop schema > scenarios/scenario.schema.json`
after changing the models (a test checks that the two agree).
"""

from __future__ import annotations

import json
from typing import Any

from tabletop.scenario.models import Scenario

SCHEMA_ID = "https://tabletop.invalid/scenario.schema.json"
"""The schema's `$id`: a name, not a place to download it from (it ships with tabletop)."""


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) generated from the pydantic models."""
    schema = Scenario.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "tabletop scenario",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text() -> str:
    """The schema as the text of scenario.schema.json."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
