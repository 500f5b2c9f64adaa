"""A fake llama-index LLM for tests: queued replies (text, an exception, or a blocked text), recorded
prompts."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from llama_index.core.base.llms.types import (
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
)
from llama_index.core.bridge.pydantic import Field, PrivateAttr
from llama_index.core.llms import CustomLLM
from llama_index.core.llms.callbacks import llm_completion_callback


@dataclass
class Blocked:
    """A reply that does not come until the test releases it (a hung server); says whether it was asked."""

    text: str = ""
    asked: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)

    def release(self) -> None:
        """Let the reply come (so no thread is left waiting after the test)."""
        self.released.set()


class FakeLLM(CustomLLM):
    """Implements llama-index's LLM interface; chat and stream_chat come from CustomLLM via the prompt."""

    replies: list[Any] = Field(default_factory=list, description="queued str | BaseException | Blocked")
    prompts: list[str] = Field(default_factory=list, description="every prompt received, in order")
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def metadata(self) -> LLMMetadata:
        """A chat-sized window; not a chat model, so chat goes through messages_to_prompt + complete."""
        return LLMMetadata(context_window=8192, num_output=900, model_name="fake-llm")

    def queue(self, *replies: Any) -> FakeLLM:
        """Queue replies for the next calls, in order."""
        with self._lock:
            self.replies.extend(replies)
        return self

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        """The next queued reply as one completion."""
        return CompletionResponse(text=self._next(prompt))

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        """The next queued reply, a word at a time."""
        text = self._next(prompt)

        def gen() -> CompletionResponseGen:
            so_far = ""
            for piece in re.findall(r"\S+\s*|\s+", text):
                so_far += piece
                yield CompletionResponse(text=so_far, delta=piece)

        return gen()

    def _next(self, prompt: str) -> str:
        with self._lock:
            self.prompts.append(prompt)
            if not self.replies:
                raise AssertionError("FakeLLM called with no reply queued")
            reply = self.replies.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        if isinstance(reply, Blocked):
            reply.asked.set()
            reply.released.wait(60)
            return reply.text
        return str(reply)
