"""Linked guidance documents: PDF, HTML, Markdown and text files, folders, and URLs when reachable."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from llama_index.core.schema import TextNode

from foundation.errors import IngestError
from ingest.nodes import chunk_guidance

log = logging.getLogger(__name__)

SUFFIXES = {".pdf", ".html", ".htm", ".md", ".markdown", ".txt"}


@dataclass
class GuidanceResult:
    """Chunks read from guidance sources, their content hash, and warnings for what could not be read."""

    nodes: list[TextNode] = field(default_factory=list)
    digest: str = ""
    warnings: list[str] = field(default_factory=list)


def _html_text(data: bytes) -> tuple[str, str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "header"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else ""
    text = re.sub(r"\n\s*\n+", "\n\n", soup.get_text("\n"))
    return title, text.strip()


def _pdf_pages(data: bytes, name: str) -> list[str]:
    import io

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        return [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many kinds of errors on corrupt files
        raise IngestError(f"PDF kan niet gelezen worden ({name}): {exc}") from exc


def _pages(data: bytes, name: str, content_type: str = "") -> tuple[str, list[str]]:
    """Title and page texts of one document, by its type."""
    lower = name.lower()
    if lower.endswith(".pdf") or "pdf" in content_type or data.startswith(b"%PDF"):
        return Path(name).stem, _pdf_pages(data, name)
    if (
        lower.endswith((".html", ".htm"))
        or "html" in content_type
        or data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))
    ):
        title, text = _html_text(data)
        return title or Path(name).stem, [text]
    text = data.decode("utf-8", errors="replace")
    heading = re.search(r"^#\s+(.+)$", text, flags=re.MULTILINE)
    return (heading.group(1).strip() if heading else Path(name).stem), [text]


def _expand(sources: list[str]) -> list[str]:
    expanded: list[str] = []
    for source in sources:
        path = Path(source)
        if not re.match(r"https?://", source) and path.is_dir():
            expanded += sorted(str(p) for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        else:
            expanded.append(source)
    return expanded


def read_guidance(sources: list[str], timeout_s: float = 10.0) -> GuidanceResult:
    """Read every source into chunks; an unreachable URL or unreadable file is a warning, not a failure."""
    result = GuidanceResult()
    hasher = hashlib.sha256()
    for source in _expand(sources):
        try:
            if re.match(r"https?://", source):
                import httpx

                response = httpx.get(source, timeout=timeout_s, follow_redirects=True)
                response.raise_for_status()
                data, content_type = response.content, response.headers.get("content-type", "")
            else:
                data, content_type = Path(source).read_bytes(), ""
            title, pages = _pages(data, source, content_type)
        except IngestError as exc:
            result.warnings.append(str(exc))
            continue
        except Exception as exc:  # network errors, missing files: warn and go on with the rest
            result.warnings.append(f"Richtlijn niet gelezen: {source} ({type(exc).__name__}: {exc})")
            continue
        key = hashlib.sha1(source.encode()).hexdigest()[:10]
        hasher.update(source.encode())
        hasher.update(data)
        multi = len(pages) > 1
        for number, text in enumerate(pages, start=1):
            if text.strip():
                result.nodes += chunk_guidance(title, source, number if multi else None, text, key)
        if not any(p.strip() for p in pages):
            result.warnings.append(f"Richtlijn bevat geen leesbare tekst: {source}")
    result.digest = hasher.hexdigest() if result.nodes else ""
    return result
