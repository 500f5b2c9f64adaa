"""The HTTP API over the REAL answerer and the session's ingested index: /api/actions filters checked against
the independent hand reading of the plan, and streamed answers checked against the non-streamed ones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.answerer import Answerer
from assistant.api.app import create_app
from assistant.stores.feedback import SqliteFeedbackStore
from tests.test_api import sse_events

Reading = list[dict[str, Any]]


@pytest.fixture(scope="module")
def real(answerer: Answerer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app over the session's real answerer (no rate limit: every request comes from one client)."""
    settings = answerer.settings.model_copy(update={"rate_limit_per_minute": 0})
    feedback = SqliteFeedbackStore(Path(tmp_path_factory.mktemp("feedback")) / "feedback.sqlite3")
    with TestClient(create_app(settings, answerer=answerer, feedback=feedback)) as client:
        yield client


def listed(client: TestClient, **params: Any) -> list[str]:
    response = client.get("/api/actions", params=params)
    assert response.status_code == 200, response.text
    return [action["id"] for action in response.json()]


def year(quarter: str | None) -> int | None:
    return int(quarter[:4]) if quarter else None


def runs_in(action: dict[str, Any], wanted: int) -> bool:
    """Per the hand reading: started by `wanted` and not ended before it, or ongoing ("Doorlopend")."""
    start, end = year(action["start"]), year(action["end"])
    return bool(start and start <= wanted and (end is None or end >= wanted)) or action["timing"].startswith(
        "Doorlopend"
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"org": "VMM", "role": "initiator"}, lambda a: "VMM" in a["initiators_as_written"]),
        ({"org": "VMM", "role": "partner"}, lambda a: "VMM" in a["partners_as_written"]),
        ({"importance": "Sleutelactie"}, lambda a: a["importance"] == "Sleutelactie"),
        ({"importance": "Ondersteunend"}, lambda a: a["importance"] == "Ondersteunend"),
        ({"status": "planning"}, lambda a: a["status"] == "planning"),
        ({"status": "project"}, lambda a: a["status"] == "project"),
        ({"active_in": 2029}, lambda a: runs_in(a, 2029)),
        ({"active_in": 2040}, lambda a: runs_in(a, 2040)),  # only the ongoing and open-ended ones
        (
            {"importance": "Sleutelactie", "domain": "BT"},
            lambda a: a["importance"] == "Sleutelactie" and a["domain"] == "BT",
        ),
    ],
    ids=["initiator", "partner", "key", "supporting", "planning", "project", "year", "far-year", "key-in-BT"],
)
def test_action_filters_match_the_hand_reading(
    real: TestClient, hand_reading: Reading, params: dict[str, Any], expected: Any
) -> None:
    want = [action["id"] for action in hand_reading if expected(action)]
    assert want, "the filter selects something"
    assert listed(real, **params) == want


@pytest.mark.parametrize(
    "question", ["Welke acties trekt VMM?", "Wie trekt KP 1.3?", "Wat doet het plan rond PFAS?", "Wat is het budget?"]
)
def test_streamed_deltas_spell_the_same_answer_as_ask(real: TestClient, question: str) -> None:
    whole = real.post("/api/ask", json={"question": question}).json()
    response = real.post("/api/ask/stream", json={"question": question})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
    events = sse_events(response.text)
    names = [name for name, _ in events]
    assert names[-2:] == ["citations", "done"] and set(names[:-2]) == {"delta"} and len(names) > 3
    streamed = "".join(data["text"] for name, data in events if name == "delta")
    final = events[-2][1]
    assert streamed == final["answer"] == whole["answer"]
    assert final["citations"] == whole["citations"] and final["route"] == whole["route"]
    assert final["conversation_id"] != whole["conversation_id"], "each its own conversation"
