"""Optional generative answers through any OpenAI-compatible LLM (via llama-index), with enforced citations.

The route decides which records answer a question; the LLM only phrases them. After generation every cited id
is checked against what the route retrieved, and anything doubtful falls back to the grounded composer's answer.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from assistant.llm.citations import enforce_citations, leaks_prompt, missing_ids, restrict_citations
from assistant.llm.draft import Draft, Followup, Grounded
from assistant.llm.prompts import (
    LIST_ROUTES,
    answer_messages,
    condense_messages,
    condense_prompt_texts,
    prompt_texts,
    section_titles,
)
from plan_model.records import find_action_ids

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

    from foundation.settings import Settings

log = logging.getLogger("assistant.llm")

T = TypeVar("T")

# A small local model needs room for a list of 20+ actions; llama.cpp's server must be started with at least this.
CONTEXT_WINDOW = 8192
# Long enough for a list of all actions of one organisation; short enough that a rambling model stops in time.
MAX_ANSWER_TOKENS = 900
_CONDENSE_PREFIX = re.compile(r"^(?:zelfstandige vraag|standalone question|vraag|question)\s*[:：]\s*", re.IGNORECASE)


def build_writer(settings: Settings) -> LlmWriter:
    """The writer for the configured OpenAI-compatible server (ACTIEPLAN_LLM_BASE_URL, _MODEL, _API_KEY)."""
    try:
        from llama_index.llms.openai_like import OpenAILike
    except ImportError as exc:  # fail loudly: a configured LLM that silently does nothing would mislead
        raise RuntimeError(
            "ACTIEPLAN_LLM_BASE_URL is set, but llama-index-llms-openai-like is not installed "
            "(pip install llama-index-llms-openai-like)"
        ) from exc
    if not settings.llm_model:
        log.warning("ACTIEPLAN_LLM_MODEL is not set; asking the server for model 'default'")
    api_key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "none"
    llm = OpenAILike(
        api_base=settings.llm_base_url,
        model=settings.llm_model or "default",
        api_key=api_key,  # local servers ignore it, but the OpenAI client refuses to start without one
        is_chat_model=True,
        is_function_calling_model=False,
        context_window=CONTEXT_WINDOW,
        max_tokens=MAX_ANSWER_TOKENS,
        temperature=0.1,
        timeout=settings.llm_timeout_s,
        max_retries=0,  # a retry would double the wait; the grounded answer is the better fallback
    )
    return LlmWriter(llm, timeout_s=settings.llm_timeout_s)


class LlmWriter:
    """Writes answers with any llama-index LLM from what the route retrieved; enforces citations afterwards."""

    def __init__(self, llm: LLM, timeout_s: float = 30.0) -> None:
        self.llm = llm
        self.timeout_s = timeout_s
        # Counts for logs and evals (e.g. `actieplan eval` in LLM mode): generated, fallbacks, removed_citations.
        self.stats: Counter[str] = Counter()
        self._stats_lock = threading.Lock()

    def write(self, draft: Draft) -> Grounded:
        """The LLM's answer and its enforced citations, or the grounded answer when the LLM fails."""
        if not _has_context(draft):
            return draft.fallback
        messages = answer_messages(draft)
        try:
            reply = _call_with_deadline(lambda: self.llm.chat(messages).message.content or "", self.timeout_s)
        except Exception as exc:
            return self._fallback(_failure(exc, self.timeout_s), draft)
        return self._finish(reply, draft)

    def stream(self, draft: Draft) -> Generator[str, None, Grounded]:
        """Yield the LLM's text deltas as they come; return the enforced (answer, citations) like `write`.

        The deltas are raw: a removed citation or a fallback shows only in the returned final answer, which the
        caller must send last so that clients replace the streamed text with it.
        """
        if not _has_context(draft):
            return draft.fallback
        messages = answer_messages(draft)
        parts: list[str] = []
        try:
            for delta in _stream_with_deadline(lambda: self.llm.stream_chat(messages), self.timeout_s):
                parts.append(delta)
                yield delta
        except Exception as exc:
            return self._fallback(_failure(exc, self.timeout_s), draft)
        return self._finish("".join(parts), draft)

    def condense(self, followup: Followup) -> str:
        """The follow-up rewritten by the LLM into a standalone question; the question itself on any problem."""
        question, language = followup.question, followup.language
        messages = condense_messages(followup)
        try:
            reply = _call_with_deadline(lambda: self.llm.chat(messages).message.content or "", self.timeout_s)
        except Exception as exc:
            log.warning("condensing failed (%s); the follow-up is used as asked", _failure(exc, self.timeout_s))
            return question
        lines = [line.strip() for line in reply.replace("<<<", "").replace(">>>", "").splitlines() if line.strip()]
        standalone = _CONDENSE_PREFIX.sub("", lines[0]).strip(" \"'`“”„") if lines else ""
        # A small model tends to echo its prompt or emit a fence marker: such a "question" would mislead the route.
        if (
            len(re.findall(r"\w+", standalone)) < 2
            or len(standalone) > max(300, 3 * len(question))
            or leaks_prompt(standalone, condense_prompt_texts(language))
        ):
            log.warning("condensing gave no usable question; the follow-up is used as asked")
            return question
        # An id the conversation never mentioned would send the route to the wrong action.
        said = f"{question}\n{followup.previous_question}\n{followup.previous_answer}"
        invented = set(find_action_ids(standalone)) - set(find_action_ids(said))
        if invented:
            log.warning(
                "condensed question names ids not in the conversation (%s); follow-up used as asked",
                ", ".join(sorted(invented)),
            )
            return question
        return standalone

    # Enforcement ---------------------------------------------------------------------------------

    def _finish(self, reply: str, draft: Draft) -> Grounded:
        text = reply.strip()
        result = draft.result
        if not text:
            return self._fallback("empty reply", draft)
        if leaks_prompt(text, prompt_texts(draft.language)):
            return self._fallback("reply repeats its prompt", draft)
        enforced = enforce_citations(text, result.action_ids, section_titles(result, draft.citations))
        if enforced.removed:
            self._count("removed_citations", len(enforced.removed))
            log.warning(
                "removed %d unsupported citations: %s",
                len(enforced.removed),
                ", ".join(dict.fromkeys(enforced.removed)),
            )
        if not enforced.cites_anything:
            return self._fallback("reply cites no retrieved source", draft)
        if result.route in LIST_ROUTES:
            # The route decided the set; a list answer missing any of it would no longer be exact.
            missing = missing_ids(enforced.cited_ids, list(result.actions))
            if missing:
                return self._fallback(
                    f"list answer lacks {len(missing)} of {len(result.actions)} ids ({', '.join(missing)})", draft
                )
        self._count("generated")
        return enforced.text, restrict_citations(draft.citations, enforced.cited_ids, list(result.actions))

    def _fallback(self, reason: str, draft: Draft) -> Grounded:
        self._count("fallbacks")
        log.warning("LLM answer not used (%s); grounded answer given", reason)
        return draft.fallback

    def _count(self, key: str, n: int = 1) -> None:
        with self._stats_lock:
            self.stats[key] += n


def _has_context(draft: Draft) -> bool:
    # Nothing retrieved means nothing to ground on: the composer's "the plan contains no …" is already exact.
    return bool(draft.result.actions or draft.result.sections)


def _failure(exc: BaseException, timeout_s: float) -> str:
    if isinstance(exc, TimeoutError):
        return f"no answer within {timeout_s:g} s"
    # Only the type and a short message: a client error can carry the server URL, never the key.
    return f"{type(exc).__name__}: {str(exc)[:200]}"


def _call_with_deadline(fn: Callable[[], T], timeout_s: float) -> T:
    """fn() run in a worker thread; TimeoutError when it has not returned within timeout_s."""
    # The HTTP client's timeout only bounds each read; this bounds the whole call. A late worker is abandoned
    # (daemon thread) and ends when the client's own timeout fires.
    box: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

    def run() -> None:
        try:
            box.put((True, fn()))
        except BaseException as exc:
            box.put((False, exc))

    threading.Thread(target=run, name="llm-call", daemon=True).start()
    try:
        ok, value = box.get(timeout=timeout_s)
    except queue.Empty:
        raise TimeoutError(f"no answer within {timeout_s} s") from None
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


def _stream_with_deadline(open_stream: Callable[[], Iterator[Any]], timeout_s: float) -> Iterator[str]:
    """The text deltas of a llama-index chat stream; TimeoutError once the whole stream exceeds timeout_s."""
    box: queue.Queue[tuple[str, Any]] = queue.Queue()
    stop = threading.Event()

    def run() -> None:
        try:
            for chunk in open_stream():
                if stop.is_set():  # the consumer gave up (timeout or client gone): stop reading the server
                    return
                box.put(("delta", chunk.delta or ""))
            box.put(("end", None))
        except BaseException as exc:
            box.put(("error", exc))

    threading.Thread(target=run, name="llm-stream", daemon=True).start()
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                kind, value = box.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"no complete answer within {timeout_s} s") from None
            if kind == "end":
                return
            if kind == "error":
                raise value
            if value:
                yield value
    finally:
        stop.set()
