"""What the suite asks: an answerer in this process, or a running service over HTTP (POST /api/ask)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from assistant.answer_models import Answer
from assistant.llm import Writer
from evals.errors import EvalError
from evals.gold import GOLD_TODAY
from foundation.errors import AssistantError
from foundation.settings import Settings
from plan_model.records import PlanDocument

_RETRIES_ON_429 = 5


class AnswersQuestions(Protocol):
    """Anything with the Answerer's answer method (the real one, or a wrapper made worse in tests)."""

    def answer(self, question: str, conversation_id: str | None = None, *, today: date) -> Answer:
        """Answer one question in a conversation, asked on `today`."""
        ...


@dataclass
class Target:
    """A way to ask questions, the ids of the plan version it answers from, and a label for the report."""

    ask: Callable[[str, str | None], Answer]
    known_ids: set[str]
    label: str
    version: str | None = None
    # Each action's text (action and output), for the word overlap of a question with its expected actions.
    texts: dict[str, str] = field(default_factory=dict)
    # The day every question is asked on; None for a running service, which answers on its own today.
    today: date | None = None
    # The plan answered from (in-process only): its name, and what changed against the baseline's plan.
    document: PlanDocument | None = None


def in_process(
    answerer: AnswersQuestions,
    known_ids: set[str] | None = None,
    label: str = "in-process",
    today: date = GOLD_TODAY,
) -> Target:
    """A target over an answerer object asking on `today`; the known ids come from its loaded index unless given."""
    version = None
    texts: dict[str, str] = {}
    document = None
    if known_ids is None:
        # Wrappers made worse on purpose keep the real answerer as `.inner`; use its index.
        live = getattr(answerer, "live", None) or getattr(getattr(answerer, "inner", None), "live", None)
        if live is None:
            raise EvalError("geen index om ids te controleren", user_message="Geef de bestaande ids mee.")
        loaded = live.current()
        known_ids, version, document = {a.id for a in loaded.document.actions}, loaded.version, loaded.document
        texts = {a.id: f"{a.action} {a.output}" for a in loaded.document.actions}

    def ask(question: str, conversation_id: str | None) -> Answer:
        return answerer.answer(question, conversation_id, today=today)

    return Target(
        ask=ask, known_ids=known_ids, label=label, version=version, texts=texts, today=today, document=document
    )


def local_index(
    settings: Settings, pointer: str = "live", writer: Writer | None = None, today: date = GOLD_TODAY
) -> Target:
    """A target over a new Answerer on the given index pointer ("live" or "staged"), optionally with an LLM."""
    from assistant.answerer import Answerer
    from assistant.index.live import LiveIndex
    from ingest.store import IndexStore

    store = IndexStore(settings)
    if store.pointer(pointer) is None:
        hint = "actieplan ingest --stage" if pointer == "staged" else "actieplan ingest"
        raise EvalError(
            f"geen versie '{pointer}'",
            user_message=f"Er is geen index-versie '{pointer}': voer eerst `{hint}` uit.",
        )
    answerer = Answerer(settings, live_index=LiveIndex(settings, pointer=pointer, store=store), writer=writer)
    return in_process(answerer, label=f"index {pointer}" + (" (LLM)" if writer is not None else ""), today=today)


def http_service(base_url: str, timeout_s: float = 60.0, client: Any | None = None) -> Target:
    """A target over a running service: POST /api/ask; the known ids from GET /api/actions."""
    import httpx

    http = client or httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout_s)
    try:
        listed = http.get("/api/actions")
        listed.raise_for_status()
        known_ids = {str(item["id"]) for item in listed.json()}
        texts = {str(item["id"]): f"{item.get('action', '')} {item.get('output', '')}" for item in listed.json()}
    except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
        message = f"De dienst op {base_url} is niet bereikbaar of antwoordt niet juist."
        raise EvalError(f"{base_url}: {exc}", user_message=message) from exc

    def ask(question: str, conversation_id: str | None) -> Answer:
        """POST one question; an HTTP error becomes an AssistantError (scored as a failed answer)."""
        body = {"question": question, "conversation_id": conversation_id}
        try:
            for _ in range(_RETRIES_ON_429):
                response = http.post("/api/ask", json=body)
                if response.status_code != 429:
                    break
                # The service limits bursts; wait as it asks rather than scoring refusals as wrong answers.
                time.sleep(_retry_after(response.headers.get("Retry-After")))
        except httpx.HTTPError as exc:
            raise AssistantError(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code != 200:
            raise AssistantError(f"HTTP {response.status_code}: {response.text[:200]}")
        return Answer.model_validate(response.json())

    return Target(ask=ask, known_ids=known_ids, label=base_url, texts=texts)


def _retry_after(header: str | None) -> float:
    """Seconds to wait from a Retry-After header (seconds form; 1 s otherwise), at most 30 s."""
    try:
        return min(max(float(header or 1), 0.0), 30.0)
    except ValueError:
        return 1.0
