"""The index being served: the live version's records and its hybrid search (BM25 + dense vectors in Chroma)."""

from assistant.index.live import LiveIndex, LoadedIndex
from assistant.index.search import Hit, HybridRetriever

__all__ = ["Hit", "HybridRetriever", "LiveIndex", "LoadedIndex"]
