"""The action browser's rows as a download: CSV (and XLSX with xlsxwriter), the same rows as the page."""

from __future__ import annotations

import csv
import io

from assistant.api.explorer.rows import NOT_STATED, ActionRow

COLUMNS = (
    "Nr.",
    "Actie",
    "Focusdomein",
    "Doelstelling",
    "Hefboom",
    "Trekker",
    "Partners",
    "Timing",
    "Relatief belang",
    "Status",
    "Fase",
    "Output",
    "Bron",
)


def export_rows(rows: list[ActionRow]) -> list[list[str]]:
    """The download's header and one line per row, in the plan's words."""
    lines = [list(COLUMNS)]
    for row in rows:
        card = row.card
        lines.append(
            [
                card.id,
                card.action,
                f"{card.domain} · {card.domain_name}",
                f"{card.objective} · {card.objective_title}",
                card.lever,
                ", ".join(card.initiators) or NOT_STATED,
                ", ".join(card.partners) or NOT_STATED,
                row.timing,
                row.importance,
                row.status,
                row.phase_label,
                card.output,
                card.source_label,
            ]
        )
    return lines


def to_csv(rows: list[ActionRow]) -> bytes:
    """CSV with a byte-order mark and semicolons, so Excel in a Dutch locale opens it in columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(export_rows(rows))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: list[ActionRow]) -> bytes:
    """An Excel workbook with one sheet of the rows, the header frozen and filterable."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("Acties")
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    lines = export_rows(rows)
    sheet.write_row(0, 0, lines[0], bold)
    for number, line in enumerate(lines[1:], start=1):
        sheet.write_row(number, 0, line, wrap)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, len(lines) - 1, len(COLUMNS) - 1)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, len(COLUMNS) - 1, 24)
    workbook.close()
    return buffer.getvalue()
