"""LLM-judged figures (relevance, faithfulness to the cited sources), only when an LLM is configured."""

from __future__ import annotations

import logging
from typing import Any

from assistant.answer_models import Answer
from foundation.settings import Settings

log = logging.getLogger(__name__)

# Judge prompts stay in English: small models follow English yes/no instructions more reliably.
_RELEVANCE = (
    "You judge a chat assistant that answers questions about a Dutch water action plan.\n"
    "Question: {question}\n\nAnswer: {answer}\n\n"
    "Does the answer address the question (a polite refusal counts as addressing it when the plan "
    "cannot answer)? Reply with one word: yes or no."
)
_FAITHFUL = (
    "You check whether an answer is supported by its sources.\n"
    "Sources:\n{sources}\n\nAnswer: {answer}\n\n"
    "Is every factual claim of the answer supported by the sources? Reply with one word: yes or no."
)


class LlmJudge:
    """Asks an OpenAI-compatible chat endpoint yes/no questions about an answer."""

    def __init__(self, settings: Settings, client: Any | None = None) -> None:
        import httpx

        self.settings = settings
        headers = {}
        if settings.llm_api_key is not None:
            headers["Authorization"] = f"Bearer {settings.llm_api_key.get_secret_value()}"
        base_url = (settings.llm_base_url or "").rstrip("/")
        self.http = client or httpx.Client(base_url=base_url, timeout=settings.llm_timeout_s, headers=headers)

    def _yes(self, prompt: str) -> bool | None:
        """True/False from the model's reply, None when the model cannot be asked."""
        body = {
            "model": self.settings.llm_model or "default",
            "messages": [{"role": "user", "content": prompt}],
            "temperature": 0,
            "max_tokens": 5,
        }
        try:
            response = self.http.post("/chat/completions", json=body)
            response.raise_for_status()
            reply = str(response.json()["choices"][0]["message"]["content"])
        except Exception as exc:  # an unreachable judge must not stop the deterministic figures
            log.warning("LLM judge unavailable: %s", exc)
            return None
        return "yes" in reply.strip().lower()[:10]

    def judge(self, question: str, answer: Answer) -> tuple[bool | None, bool | None]:
        """(relevant, faithful) of one answer; faithful is None when the answer cites nothing."""
        relevant = self._yes(_RELEVANCE.format(question=question, answer=answer.answer))
        sources = "\n".join(f"- {c.id}: {c.title}. {c.quote}" for c in answer.citations)
        faithful = self._yes(_FAITHFUL.format(sources=sources, answer=answer.answer)) if sources else None
        return relevant, faithful


def make_judge(settings: Settings | None) -> LlmJudge | None:
    """A judge when ACTIEPLAN_LLM_BASE_URL is set, else None (the LLM-judged figures are skipped)."""
    if settings is None or not settings.llm_base_url:
        return None
    return LlmJudge(settings)
