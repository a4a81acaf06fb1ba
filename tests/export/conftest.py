"""Fixtures for the export tests: the scripted golden session of mini.toml."""

from __future__ import annotations

from typing import Any

import pytest

from tabletop.scenario.compiled import CompiledScenario
from tests.export.helpers import evaluated_session, header, scripted_session, stable, stamp


@pytest.fixture(scope="session")
def golden_scenario(mini: CompiledScenario) -> CompiledScenario:
    return stable(mini)


@pytest.fixture(scope="session")
def golden_header(golden_scenario: CompiledScenario) -> dict[str, Any]:
    return header(golden_scenario, facilitator="Maj. R. Example")


@pytest.fixture(scope="session")
def golden_events(golden_scenario: CompiledScenario) -> list[dict[str, Any]]:
    return stamp(scripted_session(golden_scenario).events)


@pytest.fixture(scope="session")
def evaluated_scenario(mini_eval: CompiledScenario) -> CompiledScenario:
    return stable(mini_eval)


@pytest.fixture(scope="session")
def evaluated_header(evaluated_scenario: CompiledScenario) -> dict[str, Any]:
    return header(evaluated_scenario)


@pytest.fixture(scope="session")
def evaluated_events(evaluated_scenario: CompiledScenario) -> list[dict[str, Any]]:
    return stamp(evaluated_session(evaluated_scenario).events)
