"""Structural checks of a parsed plan: a break in the tables refuses the plan instead of serving wrong actions.

The parser reads rows by their action numbers; a number written twice or out of order makes it join two rows
into one (the second row's text ends up in the first one's timing cell). These checks name the action where the
structure breaks, so a maintainer can fix the file; ingest then stages nothing and the live version serves on.
"""

from __future__ import annotations

import re

from foundation.errors import IngestError
from ingest.plan_source import SourceLine
from plan_model.records import ActionRecord, ParseWarning, PlanDocument

# The columns a table header announces ("Nr. Actie Output Partners Timing …" / "Initiator/trekker …").
_COLUMN_WORDS = {"trekker": re.compile(r"trekker", re.IGNORECASE), "timing": re.compile(r"\btiming\b", re.I)}
# A timing cell is a quarter, a year, "Doorlopend", or at most a short phrase ("Minimaal 3 sessies in 2025, rapport
# beschikbaar tegen Q1 2026." is the plan's longest, 10 words and 63 characters); beyond these it holds a row.
TIMING_MAX_WORDS = 16
TIMING_MAX_CHARS = 120
_ACTION_MARKERS = re.compile(r"\(\s*planning\s*\)|\(\s*project", re.IGNORECASE)


class PlanStructureError(IngestError):
    """The plan's tables do not hold together (a number twice, out of order, a row without its cells)."""

    user_message = "Het plan is niet ingelezen: de structuur van de actietabellen klopt niet."


def columns_announced(header_lines: list[str]) -> set[str]:
    """The columns ("trekker", "timing") that the table headers seen so far announce."""
    return {name for name, pattern in _COLUMN_WORDS.items() if any(pattern.search(text) for text in header_lines)}


def error(action_id: str | None, message: str) -> ParseWarning:
    """A structural error about one action."""
    return ParseWarning(action_id=action_id, message=message, severity="error")


def numbering_problem(
    action_id: str, objective_number: str | None, seen: dict[str, SourceLine], last: str | None, line: SourceLine
) -> ParseWarning | None:
    """What is wrong with a row that starts with `action_id` alone on its line, or None when it is in order.

    `seen`: the rows of this domain so far by id; `last`: the id of the row before it in the same objective.
    """
    if action_id in seen:
        return error(
            action_id,
            f"het nummer {action_id} staat twee keer in het plan ({seen[action_id].where} en {line.where}); "
            "de tweede rij zou in de eerste opgaan",
        )
    major, minor = (int(part) for part in action_id.split()[1].split("."))
    if objective_number is not None and str(major) != objective_number:
        return error(
            action_id,
            f"{action_id} staat in de tabel van doelstelling {objective_number} ({line.where}); "
            f"een actie van die tabel begint met {action_id.split()[0]} {objective_number}.",
        )
    if last is not None and int(last.split(".")[-1]) >= minor:
        return error(action_id, f"{action_id} komt na {last} ({line.where}): de nummers staan niet in volgorde")
    return None


def row_problems(record: ActionRecord, columns: set[str]) -> list[ParseWarning]:
    """A row without a trekker or timing its table has a column for, or with a timing that reads like a row."""
    problems = []
    if "trekker" in columns and not record.initiator_text.strip():
        problems.append(error(record.id, f"{record.id} heeft geen trekker, hoewel de tabel die kolom heeft"))
    if "timing" in columns and not record.timing.strip():
        problems.append(error(record.id, f"{record.id} heeft geen timing, hoewel de tabel die kolom heeft"))
    timing = record.timing
    if len(timing.split()) > TIMING_MAX_WORDS or len(timing) > TIMING_MAX_CHARS or _ACTION_MARKERS.search(timing):
        shown = timing if len(timing) <= 80 else timing[:77].rsplit(" ", 1)[0] + " …"
        problems.append(
            error(
                record.id,
                f"de timing van {record.id} leest als de tekst van een actie ('{shown}'): "
                "ontbreekt er een actienummer of staat er een verkeerd?",
            )
        )
    return problems


def require_sound(document: PlanDocument, name: str) -> None:
    """Raise PlanStructureError (Dutch, naming every action concerned) when the parsed plan has a structural error."""
    errors = [w for w in document.warnings if w.severity == "error"]
    if not errors:
        return
    lines = "\n".join(f"  - {w.message}" for w in errors)
    named = ", ".join(dict.fromkeys(w.action_id for w in errors if w.action_id))
    raise PlanStructureError(
        f"{name}: {'; '.join(w.message for w in errors)}",
        user_message=(
            f"Het plan {name} is niet ingelezen: de actietabellen kloppen niet bij {named or 'het plan'}.\n{lines}\n"
            "Er is niets klaargezet; de live versie blijft antwoorden. Verbeter het plan en lees het opnieuw in."
        ),
    )
