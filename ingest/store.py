"""The Chroma index: versioned collections, a pointer to the live version, and the records beside them."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from foundation.errors import AssistantError, IndexNotReady, StoreUnavailable
from foundation.settings import Settings
from ingest.chroma_client import is_outage, make_client
from ingest.circuit import Circuit
from ingest.embedded_files import remove_orphaned_folders
from ingest.embedding import MODEL_NAME
from plan_model.records import PlanDocument

log = logging.getLogger(__name__)

# "previous_plan": the last version whose plan (not only its guidance) differs from the live one, kept so that
# "what changed?" still compares plans after a plain re-ingest for guidance.
POINTERS = ("live", "previous", "staged", "previous_plan")
# Chroma needs an embedding for every entry; the bookkeeping collection holds no searchable text.
NO_VECTOR = [0.0]


@dataclass(frozen=True)
class PointerInfo:
    """Where a pointer points, since when (epoch seconds) and by what (ingest, promote, rollback …)."""

    version: str
    at: float
    how: str


@dataclass(frozen=True)
class VersionInfo:
    """What is known about one stored index version."""

    version: str
    created: float
    actions: int
    nodes: int
    source: str


class IndexStore:
    """Reads and writes index versions in Chroma; every worker and host sees the same pointers and records."""

    def __init__(self, settings: Settings, client: Any | None = None) -> None:
        self.settings = settings
        self._client = client
        self.prefix = settings.collection_prefix
        self.circuit = Circuit(settings.chroma_retry_s, probe_s=settings.chroma_timeout_s + 1.0)
        self._local = threading.local()

    @property
    def client(self) -> Any:
        """The Chroma client, connected on first use (and again after an outage)."""
        if self._client is None:
            try:
                self._client = make_client(self.settings)
            except StoreUnavailable as exc:
                if self.settings.uses_chroma_server:
                    self.circuit.failed(exc.detail)
                raise
        return self._client

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Turn any failure of Chroma into StoreUnavailable (HTTP 503), never a 500; fail at once after an outage."""
        # Guarded calls nest (pointer() calls meta()): only the outermost one passes the circuit.
        outer = not getattr(self._local, "inside", False)
        if outer:
            self.circuit.admit()
            self._local.inside = True
        try:
            yield
        except AssistantError:
            raise
        except Exception as exc:
            raise self._unavailable(exc) from exc
        else:
            if outer:
                self.circuit.succeeded()
        finally:
            if outer:
                self._local.inside = False

    def _unavailable(self, exc: Exception) -> StoreUnavailable:
        """The StoreUnavailable for a Chroma failure; after an outage, forgets the client and opens the circuit."""
        if self.settings.uses_chroma_server and is_outage(exc):
            # Connect afresh next time, so a restarted server is found without restarting the service.
            self._client = None
            self.circuit.failed(f"{type(exc).__name__}: {exc}")
        return StoreUnavailable(f"Chroma niet bereikbaar: {exc}")

    @property
    def reachable(self) -> bool:
        """False while an outage is remembered (the circuit is open)."""
        return not self.circuit.is_open

    def guarded(self, collection: Any) -> Any:
        """The collection with its reads passing the circuit: they fail at once while Chroma is remembered away."""
        return _GuardedCollection(self, collection)

    def collection_name(self, version: str) -> str:
        """The Chroma collection of one version."""
        return f"{self.prefix}_v_{version}"

    def meta(self) -> Any:
        """The bookkeeping collection: pointers, records, the ingest lock."""
        with self.guard():
            return self.client.get_or_create_collection(f"{self.prefix}_meta", embedding_function=None)

    def heartbeat(self) -> None:
        """Raise StoreUnavailable when Chroma does not answer."""
        with self.guard():
            self.client.heartbeat()

    def pointer(self, name: str) -> str | None:
        """The version a pointer ("live", "previous", "staged", "previous_plan") names, or None."""
        info = self.pointer_info(name)
        return info.version if info else None

    def pointer_info(self, name: str) -> PointerInfo | None:
        """The version a pointer names, with when and how it was set; None when the pointer is not set."""
        with self.guard():
            got = self.meta().get(ids=[f"pointer:{name}"], include=["metadatas"])
        metadatas = got.get("metadatas") or []
        if not metadatas or not metadatas[0]:
            return None
        version = metadatas[0].get("version")
        if not version:
            return None
        return PointerInfo(str(version), float(metadatas[0].get("at") or 0.0), str(metadatas[0].get("how") or ""))

    def set_pointer(self, name: str, version: str | None, how: str = "") -> None:
        """Point a pointer at a version (None removes it); `how` says what set it (ingest, promote, rollback)."""
        with self.guard():
            meta = self.meta()
            if version is None:
                meta.delete(ids=[f"pointer:{name}"])
                return
            meta.upsert(
                ids=[f"pointer:{name}"],
                embeddings=[NO_VECTOR],
                metadatas=[{"version": version, "at": time.time(), "how": how}],
                documents=[version],
            )

    def is_complete(self, version: str) -> bool:
        """Whether a version was stored completely (its records are written last)."""
        with self.guard():
            got = self.meta().get(ids=[f"records:{version}"], include=["metadatas"])
        return bool(got.get("ids"))

    def save_records(self, version: str, document: PlanDocument, node_count: int) -> None:
        """Store a version's records in Chroma (for every host) and as JSON in the data dir; marks it complete."""
        payload = document.model_dump_json()
        with self.guard():
            self.meta().upsert(
                ids=[f"records:{version}"],
                embeddings=[NO_VECTOR],
                documents=[payload],
                metadatas=[
                    {
                        "version": version,
                        "created": time.time(),
                        "actions": len(document.actions),
                        "nodes": node_count,
                        "source": document.source,
                    }
                ],
            )
        self.settings.records_dir.mkdir(parents=True, exist_ok=True)
        target = self.settings.records_dir / f"{version}.json"
        tmp = target.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(json.loads(payload), ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(target)

    def load_records(self, version: str) -> PlanDocument:
        """The records of a stored version."""
        with self.guard():
            got = self.meta().get(ids=[f"records:{version}"], include=["documents"])
        documents = got.get("documents") or []
        if not documents or not documents[0]:
            raise IndexNotReady(f"Versie {version} heeft geen records")
        return PlanDocument.model_validate_json(documents[0])

    def versions(self) -> list[VersionInfo]:
        """All complete versions, oldest first."""
        with self.guard():
            got = self.meta().get(where={"actions": {"$gte": 0}}, include=["metadatas"])
        infos = [
            VersionInfo(
                version=str(m["version"]),
                created=float(m.get("created", 0)),
                actions=int(m.get("actions", 0)),
                nodes=int(m.get("nodes", 0)),
                source=str(m.get("source", "")),
            )
            for m in (got.get("metadatas") or [])
            if m
        ]
        return sorted(infos, key=lambda info: info.created)

    def collection(self, version: str, *, create: bool = False) -> Any:
        """The Chroma collection of a version (never with Chroma's own embedding function)."""
        name = self.collection_name(version)
        with self.guard():
            client = self.client  # StoreUnavailable when Chroma cannot be reached at all
            try:
                if create:
                    # The model name tells a later ingest whether these vectors can be reused.
                    metadata = {"hnsw:space": "cosine", "embedding_model": MODEL_NAME}
                    return client.get_or_create_collection(name, embedding_function=None, metadata=metadata)
                return client.get_collection(name, embedding_function=None)
            except Exception as exc:
                if create or is_outage(exc):
                    raise  # the guard makes it StoreUnavailable
                raise IndexNotReady(f"Collectie {name} niet gevonden: {exc}") from exc

    def known_vectors(self, version: str) -> dict[str, list[float]]:
        """A version's vectors by passage text, if the current embedding model made them (else empty)."""
        try:
            collection = self.collection(version)
        except IndexNotReady:
            return {}
        if (collection.metadata or {}).get("embedding_model") != MODEL_NAME:
            return {}
        with self.guard():
            got = collection.get(include=["documents", "embeddings"])
        documents, embeddings = got.get("documents") or [], got.get("embeddings")
        if embeddings is None:
            return {}
        return {text: [float(x) for x in vector] for text, vector in zip(documents, embeddings, strict=True) if text}

    def drop_version(self, version: str) -> None:
        """Delete a version's collection and records."""
        try:
            self.client.delete_collection(self.collection_name(version))
        except Exception as exc:  # already gone is fine; an outage shows in the next call
            log.debug("collection %s not deleted: %s", version, exc)
        with self.guard():
            self.meta().delete(ids=[f"records:{version}"])
        (self.settings.records_dir / f"{version}.json").unlink(missing_ok=True)

    def prune(self) -> list[str]:
        """Delete every version no pointer names, and collections left half-built by a killed ingest."""
        keep = {v for v in (self.pointer(p) for p in POINTERS) if v}
        removed = []
        with self.guard():
            collections = self.client.list_collections()
        for collection in collections:
            name = getattr(collection, "name", collection)
            marker = f"{self.prefix}_v_"
            if not str(name).startswith(marker):
                continue
            version = str(name)[len(marker) :]
            if version not in keep:
                self.drop_version(version)
                removed.append(version)
        for info in self.versions():
            if info.version not in keep and info.version not in removed:
                self.drop_version(info.version)
                removed.append(info.version)
        if removed and not self.settings.uses_chroma_server:
            # chromadb drops an embedded collection but leaves its vector folder on disk.
            remove_orphaned_folders(self.settings.chroma_dir)
        return removed


class _GuardedCollection:
    """A Chroma collection whose get and query pass the store's circuit; anything else is the collection's own."""

    def __init__(self, store: IndexStore, collection: Any) -> None:
        self._store = store
        self._collection = collection

    def get(self, **kwargs: Any) -> Any:
        """collection.get, failing at once while an outage is remembered."""
        with self._store.guard():
            return self._collection.get(**kwargs)

    def query(self, **kwargs: Any) -> Any:
        """collection.query, failing at once while an outage is remembered."""
        with self._store.guard():
            return self._collection.query(**kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._collection, name)
