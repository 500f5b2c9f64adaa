"""Parsing a Dutch (or English) question into a Question: ids, organisations and roles, filters, intent."""

from __future__ import annotations

import re
from typing import Any

from assistant.question import vocabulary as V
from assistant.question.filters import ActionFilters, Language, Role
from assistant.question.guard import strip_instructions
from assistant.question.model import FieldName, Question, Reference
from foundation.text import FuzzyMatcher, fold
from ingest.organisations import OrganisationDirectory
from ingest.records import ACTION_ID, DomainCode, canonical_id

_KEYWORDS = FuzzyMatcher(V.KEYWORDS_FOR_TYPOS, cutoff=0.84)
_NEGATIONS = {"niet", "zonder", "behalve", "not", "without", "except", "buiten"}
_STOP = {"de", "het", "een", "en", "of", "van", "voor", "in", "op", "the", "a", "an", "die", "dat", "deze"}


def detect_language(text: str) -> Language:
    """ "en" when the question reads as English, else "nl"."""
    words = re.findall(r"[a-z']+", text.lower())
    english = sum(1 for w in words if w in V.ENGLISH_WORDS and w not in V.DUTCH_WORDS)
    dutch = sum(1 for w in words if w in V.DUTCH_WORDS and w not in V.ENGLISH_WORDS)
    return "en" if english >= 2 and english > dutch else "nl"


def correct_typos(text: str, known_words: frozenset[str]) -> str:
    """Repair misspelt keywords ("sleutelaksies", "akties") so the patterns below see them."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        if len(lower) < 5 or lower in V.KEYWORDS_FOR_TYPOS or fold(lower) in known_words:
            return word
        return _KEYWORDS.closest(lower) or word

    return re.sub(r"[A-Za-zà-ÿ]+", fix, text)


def find_organisations(
    text: str, directory: OrganisationDirectory, role_words: bool
) -> list[tuple[str, tuple[int, int]]]:
    """Organisations named in a question with where they stand, also when misspelt; groups only with role words."""
    found: list[tuple[str, tuple[int, int]]] = []

    def keep(name: str) -> bool:
        org = directory.get(name)
        return not (org and org.kind == "groep" and not role_words)

    for mention in directory.find(text):
        if keep(mention.name):
            found.append((mention.name, (mention.start, mention.end)))
    words = list(re.finditer(r"[\w'’.&-]+", text))
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            start, end = words[i].start(), words[i + size - 1].end()
            if any(s < end and start < e for _, (s, e) in found):
                continue
            phrase = text[start:end]
            if fold(phrase) in V.QUESTION_WORDS or len(phrase) < 5:
                continue
            name = directory.fuzzy(phrase)
            if name and keep(name):
                found.append((name, (start, end)))
    found.sort(key=lambda item: item[1][0])
    return found


def parse_question(
    question: str,
    directory: OrganisationDirectory,
    project_vocabulary: set[str],
    known_words: frozenset[str] = frozenset(),
) -> Question:
    """Recognise ids, organisations and roles, domains, filters, fields and intent in a question."""
    text = correct_typos(" ".join(strip_instructions(question).split()), known_words)
    consumed: list[tuple[int, int]] = []
    action_ids = []
    for m in ACTION_ID.finditer(text):
        action_ids.append(canonical_id(m))
        consumed.append(m.span())
    filters: dict[str, Any] = {}
    objectives = []
    for m in V.OBJECTIVE_ID.finditer(text):
        objectives.append(f"{m.group(1).upper()}-O.D.{m.group(2)}")
        consumed.append(m.span())
    if objectives:
        filters["objectives"] = tuple(objectives)
    rest = _blank(text, consumed)
    names_lever = "hefboom" in text.lower() or "lever" in text.lower()
    for lever, pattern in V.LEVERS.items():
        found = pattern.search(rest)
        # "technologie & infrastructuur" is a lever by itself; "technology" only when the question says "lever".
        if found and (names_lever or "&" in found.group(0) or " en " in found.group(0)):
            filters["lever"] = lever
            consumed.append(found.span())
    rest = _blank(text, consumed)
    domains = [m.group(1).upper() for m in V.DOMAIN_CODE.finditer(rest)]
    domains += [(m.group(1) or m.group(2)).upper() for m in V.DOMAIN_CODE_ANY_CASE.finditer(rest)]
    if domains:
        filters["domains"] = tuple(dict.fromkeys(domains))
    hints: list[DomainCode] = [code for code, pattern in V.DOMAIN_WORDS.items() if pattern.search(rest)]  # type: ignore[misc]

    role_initiator = bool(V.ROLE_INITIATOR.search(rest))
    role_partner = bool(V.ROLE_PARTNER.search(rest))
    role_words = role_initiator or role_partner or bool(V.ROLE_ANY.search(rest))
    orgs: list[str] = []
    excluded: list[str] = []
    for name, (start, end) in find_organisations(rest, directory, role_words):
        consumed.append((start, end))
        before = rest[max(0, start - 25) : start].lower().split()[-3:]
        target = excluded if any(word in _NEGATIONS for word in before) else orgs
        if name not in target:
            target.append(name)
    role: Role = "any"
    role_explicit = True
    if V.EXCLUDE_OWN_LEAD.search(text):
        role = "partner"
        excluded += [org for org in orgs if org not in excluded]
    elif role_initiator and not role_partner:
        role = "initiator"
    elif role_partner and not role_initiator:
        role = "partner"
    else:
        role_explicit = role_initiator and role_partner
    if orgs:
        filters["orgs"] = tuple(orgs)
        if len(orgs) > 1 and re.search(r"\b(of|or)\b", rest):
            filters["orgs_match"] = "any"
    if excluded:
        filters["not_led_by"] = tuple(excluded)
    if role_explicit:
        filters["role"] = role

    for importance, pattern in V.IMPORTANCE.items():
        if pattern.search(rest):
            filters["importance"] = importance
    if V.PLANNING.search(rest):
        filters["status"] = "planning"
    elif V.PROJECT.search(rest):
        filters["status"] = "project"
        lowered = fold(rest)
        projects = sorted(t for t in project_vocabulary if re.search(rf"\b{re.escape(t)}\b", lowered))
        if projects:
            filters["projects"] = tuple(projects)
    filters.update(_timing_filters(rest))
    unconsumed = _blank(text, consumed)
    reference: Reference = "none"
    if V.FOLLOWUP_PLURAL.search(text):
        reference = "all"
    elif V.FOLLOWUP_SINGULAR.search(unconsumed):
        reference = "one"
    fields: tuple[FieldName, ...] = tuple(
        name  # type: ignore[misc]
        for name, pattern in V.FIELDS.items()
        if pattern.search(unconsumed)
    )
    return Question(
        text=text,
        language=detect_language(text),
        filters=ActionFilters.model_validate(filters),
        action_ids=tuple(action_ids),
        fields=fields,
        topic_terms=tuple(_topic_terms(unconsumed)),
        domain_hints=tuple(hints),
        role_explicit=role_explicit,
        wants_list=bool(V.LIST_INTENT.search(text)),
        wants_count=bool(V.COUNT_INTENT.search(text)),
        funding=bool(V.FUNDING.search(text)),
        unanswerable=next((kind for kind, pattern in V.UNANSWERABLE.items() if pattern.search(text)), None),
        refers_to=reference,
        continues=bool(V.STARTS_WITH_AND.match(text)),
    )


def _timing_filters(text: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if m := V.STARTS_IN.search(text):
        found["starts_in"] = f"{m.group(2)}-{m.group(1).upper()}" if m.group(1) else m.group(2)
    elif m := V.ACTIVE_IN.search(text):
        found["active_in"] = int(m.group(1) or m.group(2))
    elif V.ACTIVE_NOW.search(text):
        found["active_now"] = True
    if m := V.ENDS_IN.search(text):
        found["ends_in"] = int(m.group(1))
    if V.UNDETERMINED.search(text):
        found["undetermined"] = True
    elif V.ONGOING.search(text):
        found["ongoing"] = True
    return found


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = [" "] * (end - start)
    return "".join(chars)


def _topic_terms(text: str) -> list[str]:
    """Content words introduced by a topic marker ("rond grondwater", "over PFAS")."""
    terms = []
    for m in V.TOPIC_MARKER.finditer(text):
        following = text[m.start(2) : m.start(2) + 120].split()[:3]
        for word in following:
            stripped = word.strip("?.,!;:'\"")
            clean = fold(stripped)
            if len(clean) >= 3 and clean not in V.QUESTION_WORDS and clean not in _STOP:
                terms.append(stripped)
            else:
                break
    return terms
