"""Reading the plan as numbered lines, from its text extraction or from a PDF (pypdf)."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from foundation.errors import IngestError

# The text extraction keeps no form feeds: a page break shows as a run of at least this many empty lines
# (empty, not even a space; paragraph gaps inside a page hold a space). Measured on the plan of 2025.
PAGE_BREAK_EMPTY_LINES = 3
# No page of the plan holds more lines than this where breaks are marked (the longest is 191 lines). A longer
# "page" means the extraction lost a break in it, so from there on the page number is not known.
MAX_PAGE_LINES = 200


@dataclass(frozen=True)
class SourceLine:
    """One line of the plan with where it came from: line number, and page where known."""

    text: str
    number: int
    page: int | None = None

    @property
    def where(self) -> str:
        """A human-readable location: "p. 4" where the page is known, else "regel 212"."""
        return f"p. {self.page}" if self.page is not None else f"regel {self.number}"


def read_plan(path: Path) -> tuple[list[SourceLine], str]:
    """The plan's lines and a hash of its content; PDFs are read with pypdf."""
    if not path.exists():
        raise IngestError(f"Plan niet gevonden: {path}", user_message=f"Het plan '{path}' bestaat niet.")
    if path.is_dir():
        message = f"'{path}' is een map; geef het bestand van het plan (tekst of PDF), bv. {path}/actieplan.pdf."
        raise IngestError(message, user_message=message)
    try:
        data = path.read_bytes()
    except OSError as exc:
        # No permission, a broken disk, a special file: the previous version keeps serving.
        message = f"Het plan '{path}' kan niet gelezen worden: {exc.strerror or exc}."
        raise IngestError(message, user_message=message) from exc
    digest = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() == ".pdf" or data.startswith(b"%PDF"):
        return _read_pdf(path), digest
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return paged_lines(text.splitlines()), digest


def split_pages(text: str) -> list[str]:
    """The text of each page of a text extraction: pages end at runs of PAGE_BREAK_EMPTY_LINES empty lines."""
    return re.split(rf"\n(?:\n){{{PAGE_BREAK_EMPTY_LINES},}}", text)


def paged_lines(texts: list[str]) -> list[SourceLine]:
    """Numbered lines with their page, counted from the page breaks; None from the first page too long to trust."""
    pages: list[int] = []
    page, empty_run, has_text = 1, 0, False
    for text in texts:
        if text == "":
            empty_run += 1
        else:
            if empty_run >= PAGE_BREAK_EMPTY_LINES and has_text:
                page += 1
            empty_run, has_text = 0, True
        pages.append(page)
    lengths = Counter(pages)
    trusted = next((n for n in sorted(lengths) if lengths[n] > MAX_PAGE_LINES), page + 1)
    return [
        SourceLine(text, number, n if n < trusted else None)
        for number, (text, n) in enumerate(zip(texts, pages, strict=True), start=1)
    ]


def _read_pdf(path: Path) -> list[SourceLine]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path), strict=False)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(f"PDF kan niet gelezen worden ({path.name}): {exc}") from exc
    except Exception as exc:  # pypdf raises many kinds of errors on corrupt files
        raise IngestError(f"PDF kan niet gelezen worden ({path.name}): {exc}") from exc
    lines: list[SourceLine] = []
    number = 0
    for page_number, page_text in enumerate(pages, start=1):
        for line in page_text.splitlines():
            number += 1
            # The PDF renders a blank cell gap as a line holding only a no-break space.
            lines.append(SourceLine(line.replace("\u00a0", " "), number, page_number))
        # A page break separates blocks, as a run of blank lines does in the text extraction.
        number += 1
        lines.append(SourceLine("", number, page_number))
    if not any(line.text.strip() for line in lines):
        raise IngestError(f"PDF bevat geen leesbare tekst: {path.name}")
    return lines
