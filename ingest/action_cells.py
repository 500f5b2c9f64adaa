"""Splitting one flattened table row of the plan into its cells: action, output, organisations, timing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plan_model.organisations import OrganisationDirectory

# "Relatief belang" was vertical text: it arrives as one- to three-letter lines.
_KEY_FRAGMENTS = {"Sl", "SL", "St", "e", "u", "te", "la", "ct", "ie", "Sle", "ut", "el"}
_SUPPORT_FRAGMENTS = {"O", "o", "On", "n", "d", "er", "st", "eu", "en", "nd", "Ond", "ers"}
_FRAGMENT_LINE = re.compile(r"^(?:[A-Za-z]{1,3})(?:\s+[A-Za-z]{1,3})*$")
_TIMING_START = re.compile(
    r"Q\s?[1-4]\s*[/,]?\s*(?:19|20)\d{2}|Doorlopend|[Tt]e bepalen|\btbd\b|Minimaal\s+\d|(?<![\w/])(?:19|20)\d{2}\b"
)
_CONNECTOR_END = re.compile(r"(?:[,;&+/(:\-]|\ben|\bo\.a\.|\bvan|\bde|\bincl\.)\s*$", re.IGNORECASE)
_CONNECTOR_START = re.compile(r"^\s*(?:[,;&+/):(\-]|en\b)", re.IGNORECASE)
_PLANNING = re.compile(r"^\s*\(\s*planning\s*\)\s*", re.IGNORECASE)
_PROJECT = re.compile(r"\((Project(?:en)?\b[^)]*)\)")
_STOPWORDS_BEFORE_ORG = {"met", "van", "door", "en", "of", "bij", "aan", "voor", "tussen", "de", "het", "via", "binnen"}


@dataclass
class RowCells:
    """The cells of one action row as read from the text."""

    action: str
    output: str
    initiator_text: str
    partner_text: str
    timing: str
    importance: str | None
    warnings: list[str] = field(default_factory=list)


def is_fragment_line(text: str) -> bool:
    """Whether a line is (part of) the vertical importance cell."""
    stripped = text.strip()
    if stripped == "-":
        return True
    if not _FRAGMENT_LINE.match(stripped):
        return False
    return all(token in _KEY_FRAGMENTS | _SUPPORT_FRAGMENTS for token in stripped.split())


def importance_from_fragments(fragments: list[str]) -> tuple[str | None, str | None]:
    """ "Sleutelactie" / "Ondersteunend" from the letter fragments, and a warning when they disagree."""
    tokens = [t for f in fragments for t in f.split() if t != "-"]
    key = sum(1 for t in tokens if t in _KEY_FRAGMENTS and t not in _SUPPORT_FRAGMENTS)
    support = sum(1 for t in tokens if t in _SUPPORT_FRAGMENTS and t not in _KEY_FRAGMENTS)
    if not key and not support:
        return None, None
    warning = f"belang-fragmenten wijzen beide kanten uit: {' '.join(tokens)}" if key and support else None
    return ("Sleutelactie" if key >= support else "Ondersteunend"), warning


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines into one text, repairing hyphenation ("co-" + "creatie" gives "co-creatie")."""
    text = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not text:
            text = line
        elif re.search(r"\w-$", text):
            text += line
        else:
            text += " " + line
    return re.sub(r"\s+", " ", text).strip()


def split_blocks(lines: list[str]) -> list[list[str]]:
    """Group lines into blocks separated by blank lines."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def status_and_projects(action: str) -> tuple[str, str | None, list[str]]:
    """The action text without its planning marker, its status and the cofinanced projects it names."""
    status: str | None = None
    if _PLANNING.match(action):
        action = _PLANNING.sub("", action, count=1)
        status = "planning"
    projects: list[str] = []
    for match in _PROJECT.finditer(action):
        body = re.sub(r"^Project(?:en)?\s*:?\s*", "", match.group(1)).strip()
        projects.extend(p.strip() for p in re.split(r",|\s+en\s+", body) if p.strip())
        status = status or "project"
    return action, status, projects


def _trailing_org(line: str, directory: OrganisationDirectory) -> int | None:
    """Where an organisation name starts at the end of an output line (the output and initiator cells merged)."""
    mentions = directory.find(line)
    if not mentions or line[mentions[-1].end :].strip():
        return None
    org = directory.get(mentions[-1].name)
    if org is None or org.kind == "groep":
        return None
    start = mentions[-1].start
    before = line[:start].split()
    if not before or before[-1].lower() in _STOPWORDS_BEFORE_ORG or not re.search(r"\s{1,}$", line[:start]):
        return None
    return start


def _initiator_boundary(text: str, directory: OrganisationDirectory) -> int | None:
    """Where the partner cell starts in the joined organisation text, or None when it has no partners."""
    mentions = directory.find(text)
    inside = [(m.start, m.end) for m in mentions]
    candidates: set[int] = {m.end for m in mentions}
    candidates.update(i for i, ch in enumerate(text) if ch == "\n")
    for pos in sorted(candidates):
        if any(start < pos < end for start, end in inside):
            continue
        before, after = text[:pos], text[pos:]
        if not before.strip() or not after.strip():
            continue
        if before.count("(") > before.count(")"):
            continue
        if _CONNECTOR_END.search(before) or _CONNECTOR_START.match(after):
            continue
        gap = re.match(r"\s*", after)
        on_same_line = gap is not None and "\n" not in gap.group(0)
        ends_with_org = any(end == len(before.rstrip()) for _, end in inside)
        next_is_org = any(start == pos + (gap.end() if gap else 0) for start, _ in inside)
        if on_same_line and not (ends_with_org and next_is_org):
            continue
        if not on_same_line and not ends_with_org and after.lstrip()[:1].islower():
            continue
        return pos + (gap.end() if gap else 0)
    return None


def split_row(lines: list[str], directory: OrganisationDirectory) -> RowCells:
    """Split the lines of one action row (after its id) into cells."""
    warnings: list[str] = []
    fragments: list[str] = []
    content: list[str] = []
    for line in lines:
        if line.strip() and is_fragment_line(line):
            fragments.append(line.strip())
            content.append("")
        else:
            content.append(line)
    blocks = split_blocks(content)
    if len(blocks) < 3:
        warnings.append(f"rij heeft maar {len(blocks)} tekstblokken; cellen mogelijk onvolledig")
    action_lines = blocks[0] if blocks else []
    output_lines = blocks[1] if len(blocks) > 1 else []
    rest_lines = [line for block in blocks[2:] for line in block]
    for n, line in enumerate(output_lines):
        cut = _trailing_org(line, directory)
        # Only where the lines after it are as narrow as organisation cells.
        if cut is not None and all(len(rest.strip()) <= 30 for rest in output_lines[n + 1 :]):
            rest_lines = [line[cut:], *output_lines[n + 1 :], *rest_lines]
            output_lines = [*output_lines[:n], line[:cut]]
            break
    org_lines: list[str] = []
    timing_lines: list[str] = []
    for index, line in enumerate(rest_lines):
        match = _TIMING_START.search(line)
        if match:
            org_lines.append(line[: match.start()])
            timing_lines = [line[match.start() :], *rest_lines[index + 1 :]]
            break
        org_lines.append(line)
    timing_words = join_lines(timing_lines).split()
    # The vertical importance text can stick to the end of the timing line ("Q1 2026. Sl").
    while timing_words and timing_words[-1] != "-" and is_fragment_line(timing_words[-1]):
        fragments.append(timing_words.pop())
    timing = " ".join(timing_words)
    org_text = "\n".join(line.strip() for line in org_lines if line.strip())
    if not org_text and re.fullmatch(r"(?:tbd\s*){2,3}", timing, flags=re.IGNORECASE):
        initiator_text, partner_text, timing = "tbd", "tbd", "tbd"
    else:
        boundary = _initiator_boundary(org_text, directory)
        initiator_text = org_text[:boundary] if boundary is not None else org_text
        partner_text = org_text[boundary:] if boundary is not None else ""
    if not timing:
        warnings.append("geen timing gevonden")
    importance, clash = importance_from_fragments(fragments)
    if clash:
        warnings.append(clash)
    return RowCells(
        action=join_lines(action_lines),
        output=join_lines(output_lines),
        initiator_text=join_lines(initiator_text.splitlines()),
        partner_text=join_lines(partner_text.splitlines()),
        timing=timing,
        importance=importance,
        warnings=warnings,
    )
