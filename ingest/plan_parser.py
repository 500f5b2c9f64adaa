"""Parsing the plan's text into domains, objectives, actions and narrative sections."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.action_cells import join_lines, split_row, status_and_projects
from ingest.plan_checks import columns_announced, numbering_problem, row_problems
from ingest.plan_dates import plan_year, signed_date
from ingest.plan_source import SourceLine, read_plan
from plan_model.organisations import OrganisationDirectory, default_directory
from plan_model.records import (
    DOMAIN_CODES,
    ActionRecord,
    FocusDomain,
    Objective,
    ParseWarning,
    PlanDocument,
    TextSection,
)
from plan_model.timing import parse_timing

_DOMAIN_HEADING = re.compile(r"^\s*FOCUSDOMEIN\s+(\d)\s*:\s*(.*)$")
_DOMAIN_CODE = re.compile(rf"\(({DOMAIN_CODES})\)")
_OUTRO = re.compile(r"^\s*OUTRO\s*$")
_OBJECTIVE = re.compile(rf"^\s*({DOMAIN_CODES})-O\.D\.(\d+)\.?\s*(.*)$")
_TABLES_START = re.compile(r"^\s*2\.\s*Operationele doelstellingen")
_TABLE_HEADER = re.compile(r"^\s*(Nr\.\s+Actie|Initiator/trekker)")
_ID_SAME_LINE = re.compile(rf"^\s*({DOMAIN_CODES})\s?(\d{{1,2}}\.\d{{1,2}})(?!\d)\s*(.*)$")
_ID_CODE_ONLY = re.compile(rf"^\s*({DOMAIN_CODES})\s*$")
_ID_NUMBER_ONLY = re.compile(r"^\s*(\d{1,2}\.\d{1,2})(?!\d)\s*(.*)$")
_LINK = re.compile(r"https?://[^\s)]+|\b(?:www\.)?[a-z0-9-]+\.(?:be|eu|nl|org|com)\b", re.IGNORECASE)
_LEVERS = {
    "technologie": "technologie & infrastructuur",
    "financiering": "financiering & businessmodellen",
    "institutionele": "institutionele regels",
    "kennis": "kennis- en capaciteitsopbouw",
}


def parse_plan_file(path: Path, directory: OrganisationDirectory | None = None) -> PlanDocument:
    """Read and parse a plan file (text extraction or PDF)."""
    lines, digest = read_plan(path)
    document = parse_plan(lines, directory or default_directory())
    document.source = str(path)
    document.content_hash = digest
    name_plan(document, path)
    return document


def name_plan(document: PlanDocument, path: Path) -> None:
    """Title the plan after the year of its date (or of its file name): "Actieplan VITO Kennispunt Water 2026"."""
    year = plan_year(document.plan_date, path.name)
    document.title = f"Actieplan VITO Kennispunt Water {year}" if year else "Actieplan VITO Kennispunt Water"


def parse_plan(lines: list[SourceLine], directory: OrganisationDirectory) -> PlanDocument:
    """Parse the plan's lines into a PlanDocument."""
    document = PlanDocument()
    headings = [i for i, line in enumerate(lines) if _DOMAIN_HEADING.match(line.text)]
    outro = next((i for i, line in enumerate(lines) if _OUTRO.match(line.text)), len(lines))
    first = headings[0] if headings else outro
    document.sections.append(_section("inleiding", "Inleiding", lines[:first], None))
    for n, start in enumerate(headings):
        end = headings[n + 1] if n + 1 < len(headings) else outro
        _parse_domain(lines[start:end], directory, document)
    # The introduction lists the domains with their proper names ("4. Businessmodellen voor waterinvesteringen (BM)").
    for line in lines[:first]:
        named = re.match(rf"^\s*\d\.\s+(.+?)\s+\(({DOMAIN_CODES})\)\s*$", line.text)
        domain = document.domain(named.group(2)) if named else None
        if named and domain:
            domain.name = " ".join(named.group(1).split())
    if outro < len(lines):
        document.sections.append(_section("outro", "Outro", lines[outro + 1 :], None))
    document.links = list(dict.fromkeys(m.group(0).rstrip(".,") for line in lines for m in _LINK.finditer(line.text)))
    unknown: dict[str, None] = {}
    for action in document.actions:
        for cell in (action.initiator_text, action.partner_text):
            for fragment in directory.extract(cell)[1]:
                unknown[fragment] = None
                document.warnings.append(
                    ParseWarning(action_id=action.id, message=f"organisatie niet in aliastabel: {fragment!r}")
                )
    document.unknown_organisations = list(unknown)
    signed = signed_date(lines)
    document.plan_date = signed.isoformat() if signed else None
    return document


def _section(section_id: str, title: str, lines: list[SourceLine], domain: str | None) -> TextSection:
    paragraphs = _paragraphs([line.text for line in lines if not _LINK.fullmatch(line.text.strip())])
    where = lines[0].where if lines else ""
    return TextSection(id=section_id, title=title, text="\n\n".join(paragraphs), domain=domain, source=where)  # type: ignore[arg-type]


def _paragraphs(texts: list[str]) -> list[str]:
    """Prose paragraphs: lines joined, blank lines separating, bullets kept on their own."""
    paragraphs: list[list[str]] = [[]]
    for text in texts:
        if not text.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if text.strip().startswith("•") and paragraphs[-1]:
            paragraphs.append([])
        paragraphs[-1].append(text)
    return [join_lines(p) for p in paragraphs if join_lines(p)]


def _parse_domain(lines: list[SourceLine], directory: OrganisationDirectory, document: PlanDocument) -> None:
    heading = " ".join(line.text.strip() for line in lines[:3])
    code_match = _DOMAIN_CODE.search(heading)
    if not code_match:
        document.warnings.append(ParseWarning(message=f"focusdomein zonder code: {lines[0].text.strip()}"))
        return
    code = code_match.group(1)
    name_match = _DOMAIN_HEADING.match(lines[0].text)
    raw_name = heading[len(lines[0].text.split(":", 1)[0]) + 1 : code_match.start()] if name_match else code
    name = " ".join(raw_name.split()).strip(" :").capitalize()
    tables = next((i for i, line in enumerate(lines) if _TABLES_START.match(line.text)), len(lines))
    list_start = next((i for i, line in enumerate(lines[:tables]) if _OBJECTIVE.match(line.text)), tables)
    intro_start = next((i for i, line in enumerate(lines) if "Uitdaging" in line.text), 0) + 1
    challenge = _section(f"{code}-uitdaging", f"{code}, uitdaging", lines[intro_start:list_start], code)
    quotes = re.findall(r"[“\"]([^”\"]{40,})[”\"]", challenge.text)
    strategic = " ".join(quotes[-1].split()) if quotes else ""
    document.domains.append(FocusDomain(code=code, name=name, challenge=challenge.text, strategic_objective=strategic))  # type: ignore[arg-type]
    document.sections.append(challenge)
    if strategic:
        document.sections.append(
            TextSection(
                id=f"{code}-strategische-doelstelling",
                title=f"{code}, strategische doelstelling",
                text=strategic,
                domain=code,  # type: ignore[arg-type]
                source=challenge.source,
            )
        )
    _parse_objective_list(code, lines[list_start:tables], document)
    _parse_tables(code, lines[tables:], directory, document)


def _parse_objective_list(code: str, lines: list[SourceLine], document: PlanDocument) -> None:
    current: tuple[str, list[str]] | None = None
    for line in lines:
        match = _OBJECTIVE.match(line.text)
        if match:
            current = (f"{match.group(1)}-O.D.{match.group(2)}", [match.group(3)])
            continue
        if current is None:
            continue
        if line.text.strip().lower().startswith("hefboom"):
            lever_text = line.text.split(":", 1)[-1].strip().lower()
            lever = next((v for k, v in _LEVERS.items() if lever_text.startswith(k)), lever_text)
            title = join_lines(current[1]).rstrip(" .")
            document.objectives.append(Objective(id=current[0], domain=code, title=title, lever=lever))  # type: ignore[arg-type]
            current = None
        else:
            current[1].append(line.text)


def _action_starts(code: str, lines: list[SourceLine], problems: list[ParseWarning]) -> list[tuple[int, str, str, int]]:
    """(line index, id, rest of the id line, index of first content line) for each action in a table area; a number
    alone on its line that repeats or breaks the order of the numbers goes into `problems` (see plan_checks)."""
    starts = []
    seen: dict[str, SourceLine] = {}
    objective_number: str | None = None
    last: str | None = None
    for i, line in enumerate(lines):
        objective = _OBJECTIVE.match(line.text)
        if objective:
            objective_number, last = objective.group(2), None
            continue
        same = _ID_SAME_LINE.match(line.text)
        found: tuple[str, str, int] | None = None
        if same and same.group(1) == code:
            found = (same.group(2), same.group(3), i + 1)
        elif _ID_CODE_ONLY.match(line.text) and line.text.strip() == code:
            following = next((j for j in range(i + 1, min(i + 3, len(lines))) if lines[j].text.strip()), None)
            number_line = _ID_NUMBER_ONLY.match(lines[following].text) if following is not None else None
            if number_line and following is not None:
                found = (number_line.group(1), number_line.group(2), following + 1)
        if not found:
            continue
        number, rest, content_index = found
        action_id = f"{code} {number}"
        if not rest.strip():
            # A number alone on its line starts a row: one that repeats or breaks the order is a broken table.
            problem = numbering_problem(action_id, objective_number, seen, last, line)
            if problem is not None:
                problems.append(problem)
                continue
        # An id at the start of a wrapped line of text is a cross-reference, not a new row.
        if action_id in seen or number.split(".")[0] != objective_number or rest.startswith((")", ";", ",")):
            continue
        seen[action_id] = line
        last = action_id
        starts.append((i, action_id, rest, content_index))
    return starts


def _parse_tables(code: str, lines: list[SourceLine], directory: OrganisationDirectory, document: PlanDocument) -> None:
    problems: list[ParseWarning] = []
    starts = _action_starts(code, lines, problems)
    document.warnings += problems
    objective_at: dict[int, str] = {}
    current_objective = ""
    for i, line in enumerate(lines):
        match = _OBJECTIVE.match(line.text)
        if match:
            current_objective = f"{match.group(1)}-O.D.{match.group(2)}"
        objective_at[i] = current_objective
    for n, (index, action_id, rest, content_index) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        row = [rest] if rest.strip() else []
        for line in lines[content_index:end]:
            if _OBJECTIVE.match(line.text) or _TABLE_HEADER.match(line.text):
                break
            row.append(line.text)
        cells = split_row(row, directory)
        action_text, status, projects = status_and_projects(cells.action)
        timing = parse_timing(cells.timing)
        initiators = directory.extract(cells.initiator_text)[0] if cells.initiator_text != "tbd" else []
        partners = directory.extract(cells.partner_text)[0] if cells.partner_text != "tbd" else []
        record = ActionRecord(
            id=action_id,
            domain=code,  # type: ignore[arg-type]
            objective=objective_at[index],
            status=status,  # type: ignore[arg-type]
            projects=projects,
            action=action_text,
            output=cells.output,
            initiators=initiators,
            partners=partners,
            initiator_text=cells.initiator_text,
            partner_text=cells.partner_text,
            timing=cells.timing,
            start=timing.start,
            end=timing.end,
            ongoing=timing.ongoing,
            importance=cells.importance,  # type: ignore[arg-type]
            source=lines[index].where,
            page=lines[index].page,
        )
        document.actions.append(record)
        headers = [line.text for line in lines[:index] if _TABLE_HEADER.match(line.text)]
        document.warnings += row_problems(record, columns_announced(headers))
        for warning in cells.warnings:
            document.warnings.append(ParseWarning(action_id=action_id, message=warning))
        if cells.importance is None:
            document.warnings.append(ParseWarning(action_id=action_id, message="relatief belang niet leesbaar"))
