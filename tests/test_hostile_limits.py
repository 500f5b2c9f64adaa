"""Oversized and flooding requests against a real uvicorn server on loopback, over raw sockets."""

from __future__ import annotations

import select
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.api.app import create_app
from assistant.stores.feedback import SqliteFeedbackStore
from foundation.settings import Settings
from tests.support.fakes import FakeAnswerer
from tests.support.live_server import serving

LIMIT = 64_000
CHUNK = 16 * 1024
# What the client tries to push in all: far more than any socket buffer holds.
PLANNED = 64 * 1024 * 1024


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, int]]:
    settings = Settings(
        data_dir=tmp_path, _env_file=None, max_body_bytes=LIMIT, rate_limit_per_minute=60, rate_limit_burst=2
    )  # type: ignore[call-arg]
    # A clock that never moves: the flood test counts refusals, and a slow machine must not refill the bucket.
    app = create_app(
        settings,
        answerer=FakeAnswerer(),
        feedback=SqliteFeedbackStore(tmp_path / "feedback.sqlite3"),
        clock=lambda: 0.0,
    )
    with serving(app) as live:
        yield live.address


def read_response(conn: socket.socket, timeout_s: float = 5.0) -> bytes:
    """Whatever the server sends until it closes or goes quiet."""
    data = b""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        ready, _, _ = select.select([conn], [], [], 0.2)
        if not ready:
            if data:
                break
            continue
        try:
            part = conn.recv(65536)
        except ConnectionResetError:
            break
        if not part:
            break
        data += part
    return data


def push_until_refused(conn: socket.socket, total: int) -> int:
    """Send chunks until the server stops taking them; the bytes that went out."""
    sent = 0
    conn.settimeout(5)
    try:
        while sent < total:
            conn.sendall(b"%x\r\n" % CHUNK + b"x" * CHUNK + b"\r\n")
            sent += CHUNK
    except (BrokenPipeError, ConnectionResetError, TimeoutError):
        pass
    return sent


def test_a_chunked_body_over_the_limit_is_refused_before_it_ends(server: tuple[str, int]) -> None:
    with socket.create_connection(server) as conn:
        conn.sendall(
            b"POST /api/ask HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        # Just over the limit, and the body has not ended (no closing 0-chunk): the answer must come now.
        for _ in range(LIMIT // CHUNK + 1):
            conn.sendall(b"%x\r\n" % CHUNK + b"x" * CHUNK + b"\r\n")
        response = read_response(conn)
        assert response.startswith(b"HTTP/1.1 413 "), response[:200]
        assert b'"RequestTooLarge"' in response.split(b"\r\n\r\n", 1)[1]
        assert b"connection: close" in response.lower()
        # The server closed the connection and reads no more: of the rest of a 64 MB upload, at most what
        # the socket buffers hold goes out before the connection is reset.
        assert push_until_refused(conn, PLANNED) < 8 * 1024 * 1024


def test_a_declared_length_over_the_limit_is_refused_without_reading(server: tuple[str, int]) -> None:
    with socket.create_connection(server) as conn:
        conn.sendall(
            b"POST /api/ask HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n" % PLANNED
        )
        response = read_response(conn)
        assert response.startswith(b"HTTP/1.1 413 "), response[:200]


def test_the_server_stays_usable_after_refusals(server: tuple[str, int]) -> None:
    url = "http://{}:{}".format(*server)
    with socket.create_connection(server) as conn:
        conn.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n")
        assert read_response(conn).startswith(b"HTTP/1.1 413 ")
    assert httpx.post(f"{url}/api/ask", json={"question": "Wie trekt KP 1.3?"}).status_code == 200


def test_a_flood_gets_429_with_retry_after_while_health_stays_up(server: tuple[str, int]) -> None:
    url = "http://{}:{}".format(*server)
    with httpx.Client(timeout=10) as client:
        statuses = [client.post(f"{url}/api/ask", json={"question": "Wie?"}).status_code for _ in range(20)]
        assert statuses[:2] == [200, 200] and set(statuses[2:]) == {429}
        refused = client.post(f"{url}/api/ask", json={"question": "Wie?"})
        assert refused.headers["retry-after"].isdigit()
        assert refused.json()["error"]["code"] == "RateLimited"
        assert client.get(f"{url}/healthz").status_code == 200
        assert client.get(f"{url}/").status_code == 200
