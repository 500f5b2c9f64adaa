"""Reading the plan as numbered lines, from its text extraction or from a PDF (pypdf)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from foundation.errors import IngestError


@dataclass(frozen=True)
class SourceLine:
    """One line of the plan with where it came from (line number, and page for PDFs)."""

    text: str
    number: int
    page: int | None = None

    @property
    def where(self) -> str:
        """A human-readable location: "p. 4" for PDFs, "regel 212" for text."""
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
    return [SourceLine(line, number) for number, line in enumerate(text.splitlines(), start=1)], digest


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
