"""The Chroma client: embedded or a server (with a timeout), and which of its errors mean an outage."""

from __future__ import annotations

import logging
from typing import Any

import httpx

from foundation.errors import StoreUnavailable
from foundation.settings import Settings

log = logging.getLogger(__name__)


def is_outage(exc: BaseException) -> bool:
    """True when an error means Chroma is down, hung or failing (retry later), not that something is missing."""
    if isinstance(exc, httpx.TransportError | ConnectionError | TimeoutError):
        return True
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code >= 500
    from chromadb.errors import ChromaError

    # chromadb's own errors carry the HTTP status they stand for; 5xx is the server's fault.
    return isinstance(exc, ChromaError) and exc.code() >= 500


def make_client(settings: Settings) -> Any:
    """A Chroma client: embedded (PersistentClient) by default, a server when ACTIEPLAN_CHROMA_HOST is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.uses_chroma_server:
            # chromadb talks to the server while it builds the client, before any timeout can be set:
            # a quick heartbeat with one first keeps a hung server from blocking here forever.
            host = settings.chroma_host or "127.0.0.1"
            httpx.get(
                f"http://{host}:{settings.chroma_port}/api/v2/heartbeat", timeout=settings.chroma_timeout_s
            ).raise_for_status()
            client = chromadb.HttpClient(host=host, port=settings.chroma_port, settings=chroma_settings)
            _set_timeout(client, settings.chroma_timeout_s)
            return client
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
    except Exception as exc:  # connection refused, bad host, locked database …
        raise StoreUnavailable(f"Chroma niet bereikbaar: {exc}") from exc


def _set_timeout(client: Any, seconds: float) -> None:
    """Give the HttpClient's connection pool a timeout (chromadb sets none)."""
    # Without it a hung Chroma server (stopped, or a dropped network) blocks every request thread forever
    # instead of failing with a 503; chromadb has no public setting, so the session is reached through.
    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(seconds)
    else:
        log.warning("Chroma-client zonder time-out: onbekende chromadb-versie")
