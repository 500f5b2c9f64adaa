"""X-Forwarded-For through `actieplan serve` (a real uvicorn process): trusted only when the setting says so.

uvicorn itself rewrites the client address from X-Forwarded-For for connections from 127.0.0.1 unless told
otherwise; the service must pass ACTIEPLAN_TRUST_FORWARDED_FOR on to it, or spoofed addresses escape the limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port
from tests.support.chroma_server import ServeProcess, service_env, status_of, wait_until

BURST = 3
REQUESTS = 12


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[object]:
    """Start `actieplan serve` with a small burst and the given trust setting (no index needed: limits come first)."""
    started: list[ServeProcess] = []

    def start(trust: bool) -> ServeProcess:
        env = service_env(
            tmp_path / ("trusted" if trust else "untrusted"),
            ACTIEPLAN_RATE_LIMIT_PER_MINUTE="1",
            ACTIEPLAN_RATE_LIMIT_BURST=str(BURST),
            ACTIEPLAN_TRUST_FORWARDED_FOR=str(trust).lower(),
        )
        service = ServeProcess(env, free_port())
        started.append(service)
        wait_until(lambda: status_of(f"{service.url}/healthz", 2.0) == 200, 120, "actieplan serve")
        return service

    yield start
    for service in started:
        service.stop()


def statuses(service: ServeProcess, forwarded: list[str]) -> list[int]:
    """POST /api/ask once per X-Forwarded-For value, each on a fresh connection from 127.0.0.1."""
    return [
        httpx.post(
            f"{service.url}/api/ask",
            json={"question": "Wie trekt KP 1.3?"},
            headers={"X-Forwarded-For": ip},
            timeout=60,
        ).status_code
        for ip in forwarded
    ]


def test_spoofed_forwarded_addresses_do_not_escape_the_limit_by_default(serve: object) -> None:
    service = serve(False)  # type: ignore[operator]
    got = statuses(service, [f"198.51.100.{n}" for n in range(REQUESTS)])
    assert got.count(429) == REQUESTS - BURST, got


def test_a_trusted_proxy_gives_each_forwarded_client_its_own_bucket(serve: object) -> None:
    service = serve(True)  # type: ignore[operator]
    assert 429 not in statuses(service, [f"198.51.100.{n}" for n in range(REQUESTS)])
    # One forwarded client is still limited on its own.
    got = statuses(service, ["203.0.113.7"] * REQUESTS)
    assert got.count(429) == REQUESTS - BURST, got
