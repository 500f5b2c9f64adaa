"""Making a PDF of the plan inside a test (reportlab), one PDF page per page of the text extraction."""

from __future__ import annotations

from pathlib import Path

from ingest.plan_source import split_pages

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def write_plan_pdf(text: str, target: Path) -> Path:
    """Render the plan text as a PDF whose pages break where the extraction shows page breaks."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    if FONT.exists():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
        font = "DejaVu"
    pages = split_pages(text)
    pdf = canvas.Canvas(str(target), pagesize=(595, 2000))
    for page in pages:
        pdf.setFont(font, 7)
        y = 1980
        for line in page.splitlines():
            # A no-break space keeps an empty line as a line in the extracted text.
            pdf.drawString(20, y, line if line.strip() else "\u00a0")
            y -= 9
        pdf.showPage()
    pdf.save()
    return target
