"""The HTTP API through the app factory: every endpoint, the validation limits and the error paths."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.answer_models import ActionCard, Answer
from assistant.answerer import Answerer
from assistant.api.app import create_app
from assistant.question import ActionFilters
from assistant.stores.feedback import FeedbackStore, SqliteFeedbackStore
from foundation.errors import ActionNotFound, IndexNotReady, StoreUnavailable
from foundation.settings import Settings
from plan_model.records import ActionRecord
from tests.support.dates import TODAY
from tests.support.fakes import FakeAnswerer, make_answer


def asked(fake: FakeAnswerer) -> list[str]:
    """The questions the fake answerer was asked, in order."""
    return [question for question, _ in fake.questions]


CARD = ActionCard(
    id="KP 1.3",
    title="Een kennisplatform opzetten",
    domain="KP",
    domain_name="Kennis en praktijk",
    objective="KP-O.D.1",
    objective_title="Kennis delen",
    lever="Kennisopbouw",
    action="Een kennisplatform opzetten.",
    output="Platform online",
    initiators=["VMM"],
    partners=["VITO"],
    initiator_text="VMM",
    partner_text="VITO",
    timing="2025-2026",
    start="2025",
    end="2026",
    importance="Sleutelactie",
    status="planning",
    projects=[],
    source="regel 12",
)

RECORD = ActionRecord(
    id="KP 1.3",
    domain="KP",
    objective="KP-O.D.1",
    action="Een kennisplatform opzetten. Met partners.",
    output="Platform online",
    initiators=["VMM"],
    importance="Sleutelactie",
    status="planning",
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "var", _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def store(tmp_path: Path) -> FeedbackStore:
    return SqliteFeedbackStore(tmp_path / "feedback.sqlite3")


@pytest.fixture
def fake() -> FakeAnswerer:
    return FakeAnswerer(cards={"KP 1.3": CARD})


@pytest.fixture
def client(settings: Settings, fake: FakeAnswerer, store: FeedbackStore) -> Iterator[TestClient]:
    with TestClient(create_app(settings, answerer=fake, feedback=store)) as test_client:
        yield test_client


def error_of(response: Any) -> dict[str, str]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message"}, body
    return body["error"]


def sse_events(text: str) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.split("\n"))
        events.append((lines["event"], json.loads(lines["data"])))
    return events


# ---- health ----------------------------------------------------------------


def test_healthz_is_always_ok(client: TestClient, fake: FakeAnswerer) -> None:
    fake.ready_error = IndexNotReady()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_ok_when_the_answerer_is_ready(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


@pytest.mark.parametrize("error", [IndexNotReady(), StoreUnavailable()])
def test_readyz_503_with_dutch_message(client: TestClient, fake: FakeAnswerer, error: Exception) -> None:
    fake.ready_error = error
    response = client.get("/readyz")
    assert response.status_code == 503
    assert error_of(response) == {"code": type(error).__name__, "message": type(error).user_message}


# ---- ask -------------------------------------------------------------------


def test_ask_returns_the_answer_in_the_answer_shape(client: TestClient, fake: FakeAnswerer) -> None:
    fake.replies.append(make_answer("Zie BM 1.3 (BM 1.3).", ("BM 1.3",)))
    response = client.post("/api/ask", json={"question": "Hoe financier ik een waterinvestering?"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == set(Answer.model_fields)
    assert body["answer"] == "Zie BM 1.3 (BM 1.3)."
    assert [c["id"] for c in body["citations"]] == ["BM 1.3"]
    assert body["conversation_id"] and body["message_id"]
    assert asked(fake) == ["Hoe financier ik een waterinvestering?"]
    assert fake.days == [TODAY]  # the service's one today, ACTIEPLAN_TODAY in the tests


@pytest.mark.parametrize("path", ["/api/ask", "/api/ask/stream"])
def test_every_answer_is_asked_on_the_day_the_service_is_set_to(
    tmp_path: Path, fake: FakeAnswerer, store: FeedbackStore, path: str
) -> None:
    """ACTIEPLAN_TODAY fixes the day for the whole service: the answerer is given it, not the machine's clock."""
    pinned = Settings(data_dir=tmp_path / "var", today=date(2029, 5, 20), _env_file=None)  # type: ignore[call-arg]
    with TestClient(create_app(pinned, answerer=fake, feedback=store)) as pinned_client:
        assert pinned_client.post(path, json={"question": "Welke acties lopen nu?"}).status_code == 200
        pinned_client.get("/api/actions", params={"active_now": "true"})
    assert fake.days == [date(2029, 5, 20)]
    assert fake.list_actions.call_args.args[1] == date(2029, 5, 20)


def test_ask_trims_the_question(client: TestClient, fake: FakeAnswerer) -> None:
    client.post("/api/ask", json={"question": "  Wie trekt KP 1.3?\n"})
    assert asked(fake) == ["Wie trekt KP 1.3?"]


def test_conversation_id_round_trips(client: TestClient, fake: FakeAnswerer) -> None:
    first = client.post("/api/ask", json={"question": "Wie trekt KP 1.3?"}).json()
    second = client.post(
        "/api/ask", json={"question": "En de partners?", "conversation_id": first["conversation_id"]}
    ).json()
    assert second["conversation_id"] == first["conversation_id"]
    assert fake.questions[1] == ("En de partners?", fake.questions[0][1])
    assert second["message_id"] != first["message_id"]


@pytest.mark.parametrize(
    "made_up", ["gesprek-1", "slack:C0001:1700000000.000100", "0b6f2c1e-6c59-4f6b-9a59-2f7e1d6c3a10"]
)
def test_an_id_the_server_never_issued_starts_a_new_conversation(
    client: TestClient, fake: FakeAnswerer, made_up: str
) -> None:
    for path in ("/api/ask", "/api/ask/stream"):
        response = client.post(path, json={"question": "En de partners?", "conversation_id": made_up})
        body = response.json() if path == "/api/ask" else sse_events(response.text)[-2][1]
        assert body["conversation_id"] != made_up
    # The answerer was given a fresh web conversation each time, never the made-up id.
    given = [conversation for _, conversation in fake.questions]
    assert all(c is not None and c.startswith("web:") and c != "web:" + made_up for c in given)
    assert len(set(given)) == 2


def test_every_answer_is_recorded_for_feedback(client: TestClient, store: FeedbackStore) -> None:
    api = client.post("/api/ask", json={"question": "Vraag via de API"}).json()
    web = client.post("/api/ask", json={"question": "Vraag via de chat"}, headers={"X-Actieplan-Client": "web"}).json()
    for message_id in (api["message_id"], web["message_id"]):
        assert client.post("/api/feedback", json={"message_id": message_id, "rating": "up"}).status_code == 201
    rows = {row["question"]: row for row in store.feedback()}
    assert rows["Vraag via de API"]["answer"]["message_id"] == api["message_id"]
    assert rows["Vraag via de chat"]["answer"]["message_id"] == web["message_id"]


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "Je vraag is leeg. Typ een vraag over het actieplan."),
        ("   \n\t ", "Je vraag is leeg. Typ een vraag over het actieplan."),
        ("x" * 2001, "Je vraag is te lang (max. 2000 tekens)."),
    ],
)
def test_ask_rejects_empty_and_too_long_questions(
    client: TestClient, fake: FakeAnswerer, question: str, message: str
) -> None:
    response = client.post("/api/ask", json={"question": question})
    assert response.status_code == 422
    assert error_of(response) == {"code": "InvalidQuestion", "message": message}
    assert fake.questions == []


def test_ask_accepts_exactly_the_maximum_length(client: TestClient, fake: FakeAnswerer) -> None:
    assert client.post("/api/ask", json={"question": "x" * 2000}).status_code == 200
    # Blanks around the question do not count towards the limit.
    assert client.post("/api/ask", json={"question": " " + "y" * 2000 + " "}).status_code == 200
    assert len(fake.questions) == 2


def test_the_question_limit_follows_the_settings(tmp_path: Path, fake: FakeAnswerer, store: FeedbackStore) -> None:
    settings = Settings(data_dir=tmp_path, max_question_chars=20, _env_file=None)  # type: ignore[call-arg]
    client = TestClient(create_app(settings, answerer=fake, feedback=store))
    response = client.post("/api/ask", json={"question": "x" * 21})
    assert response.status_code == 422
    assert error_of(response)["message"] == "Je vraag is te lang (max. 20 tekens)."


def test_malformed_json_is_a_client_error(client: TestClient, fake: FakeAnswerer) -> None:
    response = client.post("/api/ask", content=b'{"question": "Wie', headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert error_of(response) == {"code": "MalformedRequest", "message": "De aanvraag is geen geldige JSON."}
    assert fake.questions == []


def test_body_that_is_not_utf8_is_a_client_error(client: TestClient) -> None:
    response = client.post("/api/ask", content=b"\xff\xfe\xfa", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert error_of(response)["code"] == "MalformedRequest"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"question": 42}, "Het veld 'question' moet tekst zijn."),
        ({"question": None}, "Het veld 'question' moet tekst zijn."),
        ({"vraag": "Wie trekt KP 1.3?"}, "Het veld 'question' ontbreekt."),
        ({"question": "Wie?", "conversation_id": 7}, "Het veld 'conversation_id' moet tekst zijn."),
        (["Wie trekt KP 1.3?"], "De aanvraag moet een JSON-object zijn."),
        ("Wie trekt KP 1.3?", "De aanvraag moet een JSON-object zijn."),
    ],
)
def test_wrong_types_give_a_dutch_422(client: TestClient, body: Any, message: str) -> None:
    response = client.post("/api/ask", json=body)
    assert response.status_code == 422
    assert error_of(response) == {"code": "InvalidRequest", "message": message}


def test_missing_body_is_a_422(client: TestClient) -> None:
    response = client.post("/api/ask")
    assert response.status_code == 422
    assert error_of(response)["message"] == "De aanvraag moet een JSON-object zijn."


def test_body_over_the_limit_is_refused_with_413(client: TestClient, fake: FakeAnswerer) -> None:
    body = json.dumps({"question": "x" * 70_000})
    response = client.post("/api/ask", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert error_of(response) == {
        "code": "RequestTooLarge",
        "message": "De aanvraag is te groot (max. 64000 bytes).",
    }
    assert fake.questions == []


def test_chunked_body_over_the_limit_is_refused_with_413(client: TestClient, fake: FakeAnswerer) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(100):
            yield b"x" * 1000
        yield b'"}'

    response = client.post("/api/ask", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert fake.questions == []


def test_chunked_body_under_the_limit_is_answered(client: TestClient, fake: FakeAnswerer) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"question": '
        yield b'"Wie trekt KP 1.3?"}'

    response = client.post("/api/ask", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 200
    assert asked(fake) == ["Wie trekt KP 1.3?"]


@pytest.mark.parametrize("error", [StoreUnavailable(), IndexNotReady()])
def test_answerer_unavailable_gives_503_dutch(client: TestClient, fake: FakeAnswerer, error: Exception) -> None:
    fake.replies.append(error)
    response = client.post("/api/ask", json={"question": "Wie trekt KP 1.3?"})
    assert response.status_code == 503
    assert error_of(response) == {"code": type(error).__name__, "message": type(error).user_message}


def test_unexpected_exception_gives_500_without_traceback(
    settings: Settings, fake: FakeAnswerer, store: FeedbackStore
) -> None:
    fake.replies.append(RuntimeError("geheime details uit /srv/code.py"))
    client = TestClient(create_app(settings, answerer=fake, feedback=store), raise_server_exceptions=False)
    response = client.post("/api/ask", json={"question": "Wie trekt KP 1.3?"})
    assert response.status_code == 500
    error = error_of(response)
    assert error["code"] == "InternalError"
    assert error["message"].startswith("Er ging iets mis")
    assert "geheime" not in response.text and "Traceback" not in response.text


# ---- stream ----------------------------------------------------------------


def test_stream_sends_deltas_then_citations_then_done(
    client: TestClient, fake: FakeAnswerer, store: FeedbackStore
) -> None:
    fake.replies.append(make_answer("Banken kijken naar BM 1.3 (BM 1.3).", ("BM 1.3",)))
    with client.stream("POST", "/api/ask/stream", json={"question": "Wat vragen banken?"}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = sse_events(response.read().decode())
    names = [name for name, _ in events]
    assert names[-2:] == ["citations", "done"]
    assert set(names[:-2]) == {"delta"} and len(names) > 3
    assert "".join(data["text"] for name, data in events if name == "delta").strip() == (
        "Banken kijken naar BM 1.3 (BM 1.3)."
    )
    citations = events[-2][1]
    assert [c["id"] for c in citations["citations"]] == ["BM 1.3"]
    assert citations["answer"] == "Banken kijken naar BM 1.3 (BM 1.3)."
    assert citations["route"] == "structured" and citations["abstained"] is False
    assert citations["conversation_id"] and citations["message_id"]
    client.post("/api/feedback", json={"message_id": citations["message_id"], "rating": "down"})
    assert store.feedback()[0]["question"] == "Wat vragen banken?"


def test_stream_keeps_the_conversation(client: TestClient, fake: FakeAnswerer) -> None:
    first = sse_events(client.post("/api/ask/stream", json={"question": "Eerste vraag"}).text)[-2][1]
    response = client.post(
        "/api/ask/stream", json={"question": "Vervolgvraag", "conversation_id": first["conversation_id"]}
    )
    assert sse_events(response.text)[-2][1]["conversation_id"] == first["conversation_id"]
    assert fake.questions[1] == ("Vervolgvraag", fake.questions[0][1])


def test_stream_errors_before_the_first_event_keep_their_status(client: TestClient, fake: FakeAnswerer) -> None:
    fake.replies.append(StoreUnavailable())
    response = client.post("/api/ask/stream", json={"question": "Wie trekt KP 1.3?"})
    assert response.status_code == 503
    assert error_of(response)["message"] == StoreUnavailable.user_message
    assert client.post("/api/ask/stream", json={"question": " "}).status_code == 422


def test_stream_error_midway_becomes_an_error_event(client: TestClient, fake: FakeAnswerer) -> None:
    def broken(question: str, conversation_id: str | None = None, *, today: date) -> Iterator[dict[str, Any]]:
        yield {"type": "delta", "text": "Begin van het antwoord "}
        raise StoreUnavailable("chroma weg")

    fake.stream.side_effect = broken
    response = client.post("/api/ask/stream", json={"question": "Wie trekt KP 1.3?"})
    assert response.status_code == 200
    events = sse_events(response.text)
    assert [name for name, _ in events] == ["delta", "error"]
    assert events[1][1] == {"code": "StoreUnavailable", "message": StoreUnavailable.user_message}


def test_stream_unexpected_error_midway_hides_the_details(client: TestClient, fake: FakeAnswerer) -> None:
    def broken(question: str, conversation_id: str | None = None, *, today: date) -> Iterator[dict[str, Any]]:
        yield {"type": "delta", "text": "Begin "}
        raise RuntimeError("geheime details")

    fake.stream.side_effect = broken
    events = sse_events(client.post("/api/ask/stream", json={"question": "Wie?"}).text)
    assert events[-1][0] == "error"
    assert events[-1][1]["code"] == "InternalError"
    assert "geheime" not in json.dumps(events)


# ---- actions ---------------------------------------------------------------


def test_list_actions_passes_normalised_filters(client: TestClient, fake: FakeAnswerer) -> None:
    fake.list_actions.side_effect = lambda query, today: [RECORD]
    response = client.get(
        "/api/actions",
        params={
            "org": "VMM",
            "role": "initiator",
            "domain": "kp",
            "importance": "sleutelactie",
            "status": "Planning",
            "active_in": "2026",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert [a["id"] for a in body] == ["KP 1.3"]
    assert body[0]["title"] == "Een kennisplatform opzetten"
    assert body[0]["initiators"] == ["VMM"]
    query, asked_on = fake.list_actions.call_args.args
    assert query == ActionFilters(
        org="VMM", role="initiator", domain="KP", importance="Sleutelactie", status="planning", active_in=2026
    )
    # "What runs now" in the list is the service's one today (ACTIEPLAN_TODAY in the tests), as in the answers.
    assert asked_on == TODAY


def test_list_actions_without_filters(client: TestClient, fake: FakeAnswerer) -> None:
    assert client.get("/api/actions").json() == []
    assert fake.list_actions.call_args.args[0] == ActionFilters()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"role": "baas"}, "Ongeldige waarde voor 'role': kies uit 'initiator', 'partner', 'any' of 'mentioned'."),
        ({"domain": "XX"}, "Ongeldige waarde voor 'domain': kies uit KP, BW, BT, BM."),
        (
            {"importance": "hoog"},
            "Ongeldige waarde voor 'importance': kies uit Sleutelactie, Ondersteunend, niet vermeld.",
        ),
        ({"status": "klaar"}, "Ongeldige waarde voor 'status': kies uit planning, project, werkingsmiddelen."),
        ({"active_in": "volgend jaar"}, "'active_in' moet een geheel getal zijn."),
        ({"active_in": "1800"}, "'active_in' moet minstens 2000 zijn."),
        ({"org": ""}, "Het veld 'org' mag niet leeg zijn."),
        ({"organisatie": "VMM"}, "Onbekend veld of filter 'organisatie'."),
    ],
)
def test_bad_filter_values_give_a_dutch_422(
    client: TestClient, fake: FakeAnswerer, params: dict[str, str], message: str
) -> None:
    response = client.get("/api/actions", params=params)
    assert response.status_code == 422
    assert error_of(response) == {"code": "InvalidRequest", "message": message}
    fake.list_actions.assert_not_called()


@pytest.mark.parametrize("spelling", ["KP 1.3", "KP1.3", "kp%201.3", "kp1.3", "KP%201.3"])
def test_action_card_in_any_spelling(client: TestClient, spelling: str) -> None:
    response = client.get(f"/api/actions/{spelling}")
    assert response.status_code == 200
    assert response.json() == CARD.model_dump()


def test_unknown_action_is_a_dutch_404(client: TestClient) -> None:
    response = client.get("/api/actions/KP 9.9")
    assert response.status_code == 404
    assert error_of(response)["code"] == "ActionNotFound"


@pytest.mark.parametrize(
    ("action_id", "message"),
    [
        ("KP 9.9", "Actie KP 9.9 bestaat niet in het actieplan."),
        ("kp9.9", "Actie KP 9.9 bestaat niet in het actieplan."),
        ("onzin", "'onzin' is geen actienummer zoals KP 1.3."),
    ],
)
def test_the_answerer_names_the_unknown_action(answerer: Answerer, action_id: str, message: str) -> None:
    with pytest.raises(ActionNotFound) as refused:
        answerer.action_card(action_id)
    assert refused.value.user_message == message


# ---- feedback --------------------------------------------------------------


def test_feedback_is_stored(client: TestClient, store: FeedbackStore) -> None:
    answer = client.post("/api/ask", json={"question": "Welke subsidies zijn er?"}).json()
    response = client.post(
        "/api/feedback",
        json={"message_id": answer["message_id"], "rating": "down", "comment": "  Subsidie X ontbreekt. "},
        headers={"X-Actieplan-Client": "web"},
    )
    assert response.status_code == 201
    assert response.json()["message_id"] == answer["message_id"]
    [row] = store.feedback()
    assert (row["rating"], row["comment"], row["channel"]) == ("down", "Subsidie X ontbreekt.", "web")
    assert row["question"] == "Welke subsidies zijn er?"
    assert store.export_gold_candidates()[0]["question"] == "Welke subsidies zijn er?"


def test_blank_feedback_comment_is_stored_as_none(client: TestClient, store: FeedbackStore) -> None:
    answer = client.post("/api/ask", json={"question": "Wie?"}).json()
    client.post("/api/feedback", json={"message_id": answer["message_id"], "rating": "up", "comment": "   "})
    assert store.feedback()[0]["comment"] is None
    assert store.feedback()[0]["channel"] == "api"


def test_a_comment_is_added_to_the_vote_it_belongs_to(client: TestClient, store: FeedbackStore) -> None:
    answer = client.post("/api/ask", json={"question": "Welke subsidies zijn er?"}).json()
    vote = client.post("/api/feedback", json={"message_id": answer["message_id"], "rating": "down"}).json()
    assert vote["comment"] is None and [r["comment"] for r in store.feedback()] == [None]
    body = {"message_id": answer["message_id"], "comment": " Subsidie X ontbreekt. "}
    response = client.patch(f"/api/feedback/{vote['id']}", json=body)
    assert response.status_code == 200 and response.json()["comment"] == "Subsidie X ontbreekt."
    [row] = store.feedback()
    assert (row["id"], row["rating"], row["comment"]) == (vote["id"], "down", "Subsidie X ontbreekt.")
    # Only the vote on that answer: another message id (or an unknown vote) is a Dutch 404, and changes nothing.
    other = client.patch(f"/api/feedback/{vote['id']}", json={"message_id": "iets-anders", "comment": "Spam"})
    assert other.status_code == 404 and error_of(other)["code"] == "FeedbackNotFound"
    assert client.patch("/api/feedback/999", json=body).status_code == 404
    assert client.patch(f"/api/feedback/{vote['id']}", json={**body, "comment": ""}).status_code == 422
    assert [r["comment"] for r in store.feedback()] == ["Subsidie X ontbreekt."]


def test_feedback_on_unknown_message_is_a_dutch_404(client: TestClient) -> None:
    response = client.post("/api/feedback", json={"message_id": "bestaat-niet", "rating": "up"})
    assert response.status_code == 404
    assert error_of(response) == {
        "code": "FeedbackNotFound",
        "message": "Dat antwoord is niet (meer) bekend; je feedback kon niet worden opgeslagen.",
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"message_id": "m", "rating": "meh"}, "Ongeldige waarde voor 'rating': kies uit 'up' of 'down'."),
        (
            {"message_id": "m", "rating": "up", "comment": "x" * 2001},
            "Het veld 'comment' is te lang (max. 2000 tekens).",
        ),
        ({"message_id": "", "rating": "up"}, "Het veld 'message_id' mag niet leeg zijn."),
        ({"rating": "up"}, "Het veld 'message_id' ontbreekt."),
    ],
)
def test_bad_feedback_gives_a_dutch_422(client: TestClient, body: dict[str, Any], message: str) -> None:
    response = client.post("/api/feedback", json=body)
    assert response.status_code == 422
    assert error_of(response)["message"] == message


# ---- routing, docs and the web chat ---------------------------------------


def test_unknown_paths_and_methods_are_dutch_json(client: TestClient) -> None:
    response = client.get("/api/bestaat-niet")
    assert response.status_code == 404
    assert error_of(response)["message"] == "Dit adres bestaat niet."
    response = client.get("/api/ask")
    assert response.status_code == 405
    assert error_of(response)["code"] == "MethodNotAllowed"


def test_openapi_docs(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/ask",
        "/api/ask/stream",
        "/api/actions",
        "/api/actions/{action_id}",
        "/api/feedback",
        "/healthz",
        "/readyz",
    ):
        assert path in paths


def test_index_is_served_with_security_headers(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<title>Actieplan-assistent — VITO Kennispunt Water</title>" in response.text
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_static_assets_are_served(client: TestClient) -> None:
    script = client.get("/static/app.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert script.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/styles.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/bestaat-niet.js").status_code == 404


def test_web_chat_loads_nothing_from_elsewhere(client: TestClient) -> None:
    page = client.get("/").text
    assert "http://" not in page and "https://" not in page
    assert "innerHTML" not in client.get("/static/app.js").text


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_load_balancers_may_probe_with_head(client: TestClient, path: str) -> None:
    response = client.head(path)
    assert response.status_code == 200 and response.content == b""


def test_readyz_says_degraded_while_only_memory_answers(client: TestClient, fake: FakeAnswerer) -> None:
    fake.check_ready.side_effect = lambda: "De zoekdienst (Chroma) is niet bereikbaar."
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "message": "De zoekdienst (Chroma) is niet bereikbaar."}


def test_a_slack_thread_cannot_be_continued_over_the_api(answerer: Answerer, tmp_path: Path) -> None:
    slack_thread = "slack:C0001:1700000000.000100:U0001"
    vmm = answerer.answer("Welke acties betrekken VMM?", slack_thread, today=TODAY)  # as the Slack bot asks it
    follow_up = "En welke daarvan zijn sleutelacties?"
    on_its_own = answerer.answer(follow_up, today=TODAY)
    assert set(on_its_own.cited_ids) != set(answerer.answer(follow_up, slack_thread, today=TODAY).cited_ids), (
        "a real follow-up"
    )
    settings = answerer.settings.model_copy(update={"rate_limit_per_minute": 0})
    with TestClient(
        create_app(settings, answerer=answerer, feedback=SqliteFeedbackStore(tmp_path / "f.sqlite3"))
    ) as client:
        body = client.post("/api/ask", json={"question": follow_up, "conversation_id": slack_thread}).json()
    assert body["conversation_id"] != slack_thread
    assert [c["id"] for c in body["citations"]] == [c.id for c in on_its_own.citations]
    assert len(vmm.cited_ids) == 12


# ---- branches that must hold when something else fails -------------------------


class BrokenFeedbackStore(SqliteFeedbackStore):
    """The real store, whose recording of answers fails (a full disk, a locked database)."""

    def record_answer(self, *args: Any, **kwargs: Any) -> None:
        """Fail like a database that cannot be written."""
        raise OSError("database is locked")


@pytest.mark.parametrize("path", ["/api/ask", "/api/ask/stream"])
def test_the_answer_is_still_given_when_storing_it_fails(
    settings: Settings, fake: FakeAnswerer, tmp_path: Path, caplog: pytest.LogCaptureFixture, path: str
) -> None:
    broken = BrokenFeedbackStore(tmp_path / "broken.sqlite3")
    with TestClient(create_app(settings, answerer=fake, feedback=broken)) as client:
        response = client.post(path, json={"question": "Wie trekt KP 1.3?"})
    assert response.status_code == 200
    text = response.json()["answer"] if path == "/api/ask" else sse_events(response.text)[-2][1]["answer"]
    assert text == make_answer().answer
    assert "could not record answer" in caplog.text


def test_a_stream_that_ends_without_an_answer_event_ends_with_an_error_event(
    client: TestClient, fake: FakeAnswerer
) -> None:
    def unfinished(question: str, conversation_id: str | None = None, *, today: date) -> Iterator[dict[str, Any]]:
        yield {"type": "delta", "text": "Half "}
        yield {"type": "delta", "text": "antwoord"}

    fake.stream.side_effect = unfinished
    response = client.post("/api/ask/stream", json={"question": "Wie trekt KP 1.3?"})
    events = sse_events(response.text)
    assert [name for name, _ in events] == ["delta", "delta", "error"]
    assert events[-1][1]["code"] == "InternalError"


def test_the_stream_is_neither_cached_nor_buffered(client: TestClient) -> None:
    response = client.post("/api/ask/stream", json={"question": "Wie trekt KP 1.3?"})
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-accel-buffering"] == "no"


@pytest.mark.parametrize("path", ["/", "/static/app.js"])
def test_the_page_and_its_assets_are_revalidated(client: TestClient, path: str) -> None:
    assert client.get(path).headers["cache-control"] == "no-cache"
