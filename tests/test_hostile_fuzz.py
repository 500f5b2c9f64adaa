"""Fuzz the public API from its own OpenAPI schema (schemathesis), against the real answerer and index.

Every generated request, valid or not, must get a documented status (never a 5xx) and a body that
matches the documented schema for that status.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from assistant.api.app import create_app
from assistant.stores.feedback import SqliteFeedbackStore
from foundation.settings import Settings

# Per operation and mode: 9 operation/mode pairs × 50 = 450 requests, under a minute on 2 cores.
EXAMPLES = 50

FUZZED_PATHS = ("/api/ask", "/api/ask/stream", "/api/actions", "/api/actions/{action_id}", "/api/feedback")

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture(scope="module")
def api_schema(ingested_settings: Settings, answerer: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The app's schema, loaded from the app itself; the rate limit is off so every example is answered."""
    settings = ingested_settings.model_copy(update={"rate_limit_per_minute": 0})
    feedback = SqliteFeedbackStore(Path(tmp_path_factory.mktemp("fuzz")) / "feedback.sqlite3")
    app = create_app(settings, answerer=answerer, feedback=feedback)
    return schemathesis.openapi.from_asgi("/openapi.json", app).include(path=list(FUZZED_PATHS))


# schemathesis' own pytest loader (`schemathesis.pytest.from_fixture`) breaks on pytest 9 (it sets
# `node._nodeid`, which pytest 9 no longer has), so each operation's strategy is driven by hypothesis directly.
OPERATIONS = [
    ("POST", "/api/ask"),
    ("POST", "/api/ask/stream"),
    ("GET", "/api/actions"),
    ("GET", "/api/actions/{action_id}"),
    ("POST", "/api/feedback"),
]


def _cases() -> list[Any]:
    cases = []
    for method, path in OPERATIONS:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            # Every string is a valid path parameter, so there is no invalid request to make there.
            if path.endswith("{action_id}") and mode is GenerationMode.NEGATIVE:
                continue
            cases.append(pytest.param(method, path, mode, id=f"{method} {path} {mode.value}"))
    return cases


@pytest.mark.parametrize(("method", "path", "mode"), _cases())
def test_api_conforms_to_its_schema(api_schema: Any, method: str, path: str, mode: GenerationMode) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case: Any) -> None:
        case.call_and_validate(checks=CHECKS)

    run()
