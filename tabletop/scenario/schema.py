"""The JSON Schema of the scenario format, for editor completion and outside tools."""

from __future__ import annotations

import json
from typing import Any

from tabletop.scenario.models import Scenario



def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) generated from the pydantic models."""
    schema = Scenario.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "tabletop scenario",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text() -> str:
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
