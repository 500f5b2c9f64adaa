"""Hardening of the HTTP layer: rate limit, CORS, security headers, offline /docs and log redaction."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.rate_limit import TokenBucket, client_key
from assistant.stores.feedback import SqliteFeedbackStore
from foundation.errors import RateLimited
from foundation.log_redaction import REDACTED, SecretRedactor
from foundation.settings import Settings
from tests.support.fakes import FakeAnswerer

QUESTION = {"question": "Wie trekt KP 1.3?"}


class Clock:
    """The rate limit's clock, moved by the test: a slow machine cannot refill a bucket behind its back."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_client(
    tmp_path: Path, client: tuple[str, int] = ("203.0.113.7", 5000), clock: Clock | None = None, **changes: Any
) -> TestClient:
    settings = Settings(data_dir=tmp_path / "var", _env_file=None, **changes)  # type: ignore[call-arg]
    feedback = SqliteFeedbackStore(tmp_path / "feedback.sqlite3")
    app = create_app(settings, answerer=FakeAnswerer(), feedback=feedback, clock=clock or Clock())
    return TestClient(app, client=client)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def limited(tmp_path: Path, clock: Clock) -> Iterator[TestClient]:
    with make_client(tmp_path, clock=clock, rate_limit_per_minute=60, rate_limit_burst=3) as client:
        yield client


# ---- rate limit --------------------------------------------------------------


def test_a_client_over_its_burst_gets_a_dutch_429_with_retry_after(limited: TestClient) -> None:
    assert [limited.post("/api/ask", json=QUESTION).status_code for _ in range(3)] == [200, 200, 200]
    response = limited.post("/api/ask", json=QUESTION)
    assert response.status_code == 429
    assert response.json() == {"error": {"code": "RateLimited", "message": RateLimited.user_message}}
    assert response.headers["retry-after"] == "1"  # 60 a minute: the next token in one second
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_bucket_refills_as_the_clock_moves(limited: TestClient, clock: Clock) -> None:
    assert [limited.post("/api/ask", json=QUESTION).status_code for _ in range(4)] == [200, 200, 200, 429]
    clock.now += 0.9
    assert limited.post("/api/ask", json=QUESTION).status_code == 429, "not a whole token yet"
    clock.now += 0.1
    assert [limited.post("/api/ask", json=QUESTION).status_code for _ in range(2)] == [200, 429]
    clock.now += 60
    assert [limited.post("/api/ask", json=QUESTION).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_the_limit_is_shared_by_ask_stream_and_feedback(limited: TestClient) -> None:
    limited.post("/api/ask", json=QUESTION)
    limited.post("/api/ask/stream", json=QUESTION)
    limited.post("/api/feedback", json={"message_id": "x", "rating": "up"})
    assert limited.post("/api/ask/stream", json=QUESTION).status_code == 429
    assert limited.post("/api/feedback", json={"message_id": "x", "rating": "up"}).status_code == 429


def test_health_page_static_files_and_actions_are_not_limited(limited: TestClient) -> None:
    for _ in range(4):
        limited.post("/api/ask", json=QUESTION)
    for path in ("/healthz", "/readyz", "/", "/static/app.js", "/api/actions", "/docs", "/openapi.json"):
        assert [limited.get(path).status_code for _ in range(5)] == [200] * 5, path


def test_a_refused_request_is_not_answered(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None, rate_limit_per_minute=60, rate_limit_burst=1)  # type: ignore[call-arg]
    fake = FakeAnswerer()
    app = create_app(settings, answerer=fake, feedback=SqliteFeedbackStore(tmp_path / "f.db"), clock=Clock())
    with TestClient(app) as client:
        client.post("/api/ask", json=QUESTION)
        client.post("/api/ask", json=QUESTION)
    assert len(fake.questions) == 1


def test_clients_have_their_own_buckets(tmp_path: Path) -> None:
    with make_client(tmp_path, ("198.51.100.1", 1), rate_limit_burst=1) as first:
        assert first.post("/api/ask", json=QUESTION).status_code == 200
        assert first.post("/api/ask", json=QUESTION).status_code == 429
        # Another address on the same app: the TestClient's address is per client, so swap it.
        other = TestClient(first.app, client=("198.51.100.2", 1))
        assert other.post("/api/ask", json=QUESTION).status_code == 200


def test_forwarded_for_is_ignored_unless_trusted(tmp_path: Path) -> None:
    with make_client(tmp_path, rate_limit_burst=1) as client:
        client.post("/api/ask", json=QUESTION)
        # A client cannot escape its limit by making up a forwarded address.
        spoofed = client.post("/api/ask", json=QUESTION, headers={"X-Forwarded-For": "192.0.2.99"})
        assert spoofed.status_code == 429
    with make_client(tmp_path, rate_limit_burst=1, trust_forwarded_for=True) as proxied:
        for user in ("192.0.2.1", "192.0.2.2"):
            headers = {"X-Forwarded-For": f"{user}, 10.0.0.1"}
            assert proxied.post("/api/ask", json=QUESTION, headers=headers).status_code == 200
        headers = {"X-Forwarded-For": "192.0.2.1"}
        assert proxied.post("/api/ask", json=QUESTION, headers=headers).status_code == 429


def test_zero_turns_the_limit_off(tmp_path: Path) -> None:
    with make_client(tmp_path, rate_limit_per_minute=0, rate_limit_burst=1) as client:
        assert {client.post("/api/ask", json=QUESTION).status_code for _ in range(30)} == {200}


def test_token_bucket_refills_at_the_configured_rate() -> None:
    now = [0.0]
    bucket = TokenBucket(per_minute=60, burst=2, clock=lambda: now[0])
    assert [bucket.take("a"), bucket.take("a")] == [0.0, 0.0]
    assert bucket.take("a") == pytest.approx(1.0)
    now[0] = 0.5
    assert bucket.take("a") == pytest.approx(0.5)
    now[0] = 1.0
    assert bucket.take("a") == 0.0
    now[0] = 100.0  # a long pause refills only up to the burst
    assert [bucket.take("a") for _ in range(3)][2] > 0


def test_token_bucket_forgets_the_oldest_clients() -> None:
    bucket = TokenBucket(per_minute=60, burst=1, max_clients=100)
    for i in range(1000):
        bucket.take(f"client-{i}")
    assert len(bucket) == 100


def test_client_key() -> None:
    scope: dict[str, Any] = {"client": ("192.0.2.5", 1), "headers": [(b"x-forwarded-for", b" 198.51.100.9 , 10.0.0.1")]}
    assert client_key(scope, trust_forwarded_for=False) == "192.0.2.5"
    assert client_key(scope, trust_forwarded_for=True) == "198.51.100.9"
    assert client_key({"client": None, "headers": []}, trust_forwarded_for=True) == "unknown"


def test_the_schema_documents_429_with_retry_after(tmp_path: Path) -> None:
    with make_client(tmp_path) as client:
        paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/ask", "/api/ask/stream", "/api/feedback"):
        documented = paths[path]["post"]["responses"]["429"]
        assert documented["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorResponse"}
        assert "Retry-After" in documented["headers"]


# ---- CORS and headers --------------------------------------------------------

PREFLIGHT = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}


def test_no_cross_origin_access_by_default(tmp_path: Path) -> None:
    with make_client(tmp_path) as client:
        preflight = client.options("/api/ask", headers={"Origin": "https://evil.example", **PREFLIGHT})
        assert "access-control-allow-origin" not in preflight.headers
        response = client.post("/api/ask", json=QUESTION, headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in response.headers


def test_configured_origins_only(tmp_path: Path) -> None:
    with make_client(tmp_path, cors_origins=["https://partner.example"]) as client:
        allowed = client.options("/api/ask", headers={"Origin": "https://partner.example", **PREFLIGHT})
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://partner.example"
        refused = client.options("/api/ask", headers={"Origin": "https://evil.example", **PREFLIGHT})
        assert refused.headers.get("access-control-allow-origin") != "https://evil.example"
        response = client.post("/api/ask", json=QUESTION, headers={"Origin": "https://partner.example"})
        assert response.headers["access-control-allow-origin"] == "https://partner.example"


def test_cors_origins_come_from_the_environment_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTIEPLAN_CORS_ORIGINS", '["https://a.example", "https://b.example"]')
    assert Settings(_env_file=None).cors_origins == ["https://a.example", "https://b.example"]  # type: ignore[call-arg]


def test_a_cross_site_form_post_is_not_answered(tmp_path: Path) -> None:
    # A page elsewhere can POST text/plain without a preflight; such a body must not be taken as a question.
    with make_client(tmp_path) as client:
        response = client.post(
            "/api/ask", content=b'{"question": "Wie trekt KP 1.3?"}', headers={"Content-Type": "text/plain"}
        )
    assert response.status_code == 422


def test_the_page_has_strict_security_headers(tmp_path: Path) -> None:
    with make_client(tmp_path) as client:
        headers = client.get("/").headers
    assert "camera=()" in headers["permissions-policy"] and "geolocation=()" in headers["permissions-policy"]
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert headers["cross-origin-resource-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    assert "script-src 'self';" in headers["content-security-policy"]


# ---- /docs without a CDN -------------------------------------------------------


def test_docs_are_served_from_this_machine(tmp_path: Path) -> None:
    with make_client(tmp_path) as client:
        page = client.get("/docs")
        assert page.status_code == 200
        assert "http://" not in page.text and "https://" not in page.text
        assert 'src="/docs/assets/swagger-ui-bundle.js"' in page.text
        policy = page.headers["content-security-policy"]
        script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
        assert "'sha256-" in script_src and "unsafe" not in script_src
        script = client.get("/docs/assets/swagger-ui-bundle.js")
        assert script.status_code == 200 and "javascript" in script.headers["content-type"]
        assert client.get("/docs/assets/swagger-ui.css").status_code == 200
        assert client.get("/redoc").status_code == 404


# ---- secrets in logs -----------------------------------------------------------


def test_redactor_hides_secrets_in_messages_arguments_and_tracebacks() -> None:
    redactor = SecretRedactor(["geheim-123456", "kort"])
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "token %s en %r", ("geheim-123456", "a"), None)
    redactor.filter(record)
    assert record.getMessage() == f"token {REDACTED} en 'a'"
    try:
        raise RuntimeError("fout met geheim-123456")
    except RuntimeError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "mislukt", (), sys.exc_info())
    redactor.filter(record)
    assert "geheim-123456" not in logging.Formatter().format(record)
    assert REDACTED in (record.exc_text or "")
    # Too short to redact safely everywhere, and Slack-shaped tokens are hidden even when not configured.
    assert redactor.redact("kort en xoxb-99999999-abcdefgh") == f"kort en {REDACTED}"
