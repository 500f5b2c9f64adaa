"""Query understanding: what a Dutch (or English) question asks of the plan."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Literal

from assistant import query_vocabulary as V
from assistant.action_filters import ActionQuery, Role
from ingest.organisations import OrganisationDirectory, fold

Language = Literal["nl", "en"]


@dataclass
class QueryIntent:
    """Everything recognised in one question."""

    text: str
    language: Language = "nl"
    action_ids: list[str] = field(default_factory=list)
    objective_ids: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    excluded_orgs: list[str] = field(default_factory=list)
    orgs_joined_by_or: bool = False
    role: Role = "any"
    role_explicit: bool = False
    exclude_own_lead: bool = False
    domains: list[str] = field(default_factory=list)
    domain_hints: list[str] = field(default_factory=list)
    importance: str | None = None
    status: str | None = None
    project_terms: list[str] = field(default_factory=list)
    lever: str | None = None
    active_in: int | None = None
    active_now: bool = False
    starts_in: str | None = None
    ends_in: int | None = None
    ongoing: bool | None = None
    undetermined: bool | None = None
    fields: list[str] = field(default_factory=list)
    wants_list: bool = False
    wants_count: bool = False
    funding: bool = False
    unanswerable: str | None = None
    topic_terms: list[str] = field(default_factory=list)
    followup_plural: bool = False
    followup_singular: bool = False
    starts_with_and: bool = False

    @property
    def has_filters(self) -> bool:
        """Whether the question names anything the records can be filtered on."""
        return bool(
            self.orgs
            or self.domains
            or self.objective_ids
            or self.importance
            or self.status
            or self.lever
            or self.active_now
            or self.active_in
            or self.starts_in
            or self.ends_in
            or self.ongoing
            or self.undetermined
        )

    def action_query(self) -> ActionQuery:
        """The exact filters of this question (organisation filters are applied separately, one per org)."""
        return ActionQuery(
            role=self.role,
            importance=self.importance,
            status=self.status,
            lever=self.lever,
            active_in=self.active_in,
            ongoing=self.ongoing,
            undetermined=self.undetermined,
        )


def detect_language(text: str) -> Language:
    """ "en" when the question reads as English, else "nl"."""
    words = re.findall(r"[a-z']+", text.lower())
    english = sum(1 for w in words if w in V.ENGLISH_WORDS and w not in V.DUTCH_WORDS)
    dutch = sum(1 for w in words if w in V.DUTCH_WORDS and w not in V.ENGLISH_WORDS)
    return "en" if english >= 2 and english > dutch else "nl"


def _correct_typos(text: str, known_words: frozenset[str]) -> str:
    """Repair misspelt keywords ("sleutelaksies", "akties") so the patterns below see them."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        if len(lower) < 5 or lower in V.KEYWORDS_FOR_TYPOS or fold(lower) in known_words:
            return word
        close = get_close_matches(lower, V.KEYWORDS_FOR_TYPOS, n=1, cutoff=0.84)
        return close[0] if close else word

    return re.sub(r"[A-Za-zà-ÿ]+", fix, text)


# Instructions aimed at the assistant, not questions about the plan. Left in, their words steer retrieval
# (and the language guess) away from the real question, so they are cut out before parsing.
_OVERRIDE = re.compile(
    r"\b(?:negeer|vergeet|ignore|disregard|forget)\b[^.?!\n]{0,40}?"
    r"\b(?:instructies|instructions|regels|rules|opdrachten|prompts?)\b(?:\s+(?:en|and)\b)?",
    re.IGNORECASE,
)
_SECRET_WORDS = (
    r"configuratie|config|omgevingsvariabelen|environment|env|api[-_ ]?key|tokens?|wachtwoord|password|secrets?|"
    r"geheimen|systeemprompt|system prompt|systeem prompt|instructies|instructions|slack_\w+|actieplan_\w+"
)
_INSTRUCTION_SENTENCE = re.compile(
    r"[^.?!\n]*(?:"
    rf"\b(?:print|toon|geef|laat\s+zien|show|reveal|dump|output|tell|vertel|lees)\b[^.?!\n]*\b(?:{_SECRET_WORDS})\b"
    r"|^\s*(?:system|systeem|assistant)\s*:|\b(?:je bent nu|you are now|doe alsof|pretend)\b"
    r")[^.?!\n]*[.?!\n]*",
    re.IGNORECASE | re.MULTILINE,
)


def strip_instructions(question: str) -> str:
    """The question without instructions to the assistant; unchanged when nothing else would be left."""
    stripped = _INSTRUCTION_SENTENCE.sub(" ", _OVERRIDE.sub(" ", question))
    return stripped if re.search(r"\w", stripped) else question


def _find_orgs(text: str, directory: OrganisationDirectory, role_words: bool) -> list[tuple[str, tuple[int, int]]]:
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
) -> QueryIntent:
    """Recognise ids, organisations and roles, domains, filters, fields and intent in a question."""
    text = _correct_typos(" ".join(strip_instructions(question).split()), known_words)
    intent = QueryIntent(text=text, language=detect_language(text))
    intent.unanswerable = next((kind for kind, pattern in V.UNANSWERABLE.items() if pattern.search(text)), None)
    consumed: list[tuple[int, int]] = []
    for m in V.ACTION_ID.finditer(text):
        intent.action_ids.append(f"{m.group(1).upper()} {int(m.group(2))}.{int(m.group(3))}")
        consumed.append(m.span())
    for m in V.OBJECTIVE_ID.finditer(text):
        intent.objective_ids.append(f"{m.group(1).upper()}-O.D.{m.group(2)}")
        consumed.append(m.span())
    rest = _blank(text, consumed)
    names_lever = "hefboom" in text.lower() or "lever" in text.lower()
    for lever, pattern in V.LEVERS.items():
        found = pattern.search(rest)
        # "technologie & infrastructuur" is a lever by itself; "technology" only when the question says "lever".
        if found and (names_lever or "&" in found.group(0) or " en " in found.group(0)):
            intent.lever = lever
            consumed.append(found.span())
    rest = _blank(text, consumed)
    for m in V.DOMAIN_CODE.finditer(rest):
        intent.domains.append(m.group(1).upper())
    for m in V.DOMAIN_CODE_ANY_CASE.finditer(rest):
        intent.domains.append((m.group(1) or m.group(2)).upper())
    for code, pattern in V.DOMAIN_WORDS.items():
        if pattern.search(rest):
            intent.domain_hints.append(code)
    intent.domains = list(dict.fromkeys(intent.domains))

    role_initiator = bool(V.ROLE_INITIATOR.search(rest))
    role_partner = bool(V.ROLE_PARTNER.search(rest))
    role_words = role_initiator or role_partner or bool(V.ROLE_ANY.search(rest))
    for name, (start, end) in _find_orgs(rest, directory, role_words):
        consumed.append((start, end))
        before = rest[max(0, start - 25) : start].lower().split()[-3:]
        target = intent.excluded_orgs if any(word in _NEGATIONS for word in before) else intent.orgs
        if name not in target:
            target.append(name)
    intent.orgs_joined_by_or = len(intent.orgs) > 1 and bool(re.search(r"\b(of|or)\b", rest))
    intent.exclude_own_lead = bool(V.EXCLUDE_OWN_LEAD.search(text))
    if intent.exclude_own_lead:
        intent.role, intent.role_explicit = "partner", True
    elif role_initiator and role_partner:
        intent.role, intent.role_explicit = "any", True
    elif role_initiator:
        intent.role, intent.role_explicit = "initiator", True
    elif role_partner:
        intent.role, intent.role_explicit = "partner", True

    for importance, pattern in V.IMPORTANCE.items():
        if pattern.search(rest):
            intent.importance = importance
    if V.PLANNING.search(rest):
        intent.status = "planning"
    elif V.PROJECT.search(rest):
        intent.status = "project"
        lowered = fold(rest)
        intent.project_terms = sorted(t for t in project_vocabulary if re.search(rf"\b{re.escape(t)}\b", lowered))
    _parse_timing_filters(rest, intent)
    intent.fields = [name for name, pattern in V.FIELDS.items() if pattern.search(_blank(text, consumed))]
    intent.wants_list = bool(V.LIST_INTENT.search(text))
    intent.wants_count = bool(V.COUNT_INTENT.search(text))
    intent.funding = bool(V.FUNDING.search(text))
    intent.followup_plural = bool(V.FOLLOWUP_PLURAL.search(text))
    intent.followup_singular = bool(V.FOLLOWUP_SINGULAR.search(_blank(text, consumed)))
    intent.starts_with_and = bool(V.STARTS_WITH_AND.match(text))
    intent.topic_terms = _topic_terms(_blank(text, consumed))
    return intent


def _parse_timing_filters(text: str, intent: QueryIntent) -> None:
    if m := V.STARTS_IN.search(text):
        intent.starts_in = f"{m.group(2)}-{m.group(1).upper()}" if m.group(1) else m.group(2)
    elif m := V.ACTIVE_IN.search(text):
        intent.active_in = int(m.group(1) or m.group(2))
    elif V.ACTIVE_NOW.search(text):
        intent.active_now = True
    if m := V.ENDS_IN.search(text):
        intent.ends_in = int(m.group(1))
    if V.UNDETERMINED.search(text):
        intent.undetermined = True
    elif V.ONGOING.search(text):
        intent.ongoing = True


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = [" "] * (end - start)
    return "".join(chars)


def _topic_terms(text: str) -> list[str]:
    """Content words introduced by a topic marker ("rond grondwater", "over PFAS")."""
    terms = []
    for m in V.TOPIC_MARKER.finditer(text):
        following = text[m.start(2) :].split()[:3]
        for word in following:
            stripped = word.strip("?.,!;:'\"")
            clean = fold(stripped)
            if len(clean) >= 3 and clean not in V.QUESTION_WORDS and clean not in _STOP:
                terms.append(stripped)
            else:
                break
    return terms


_NEGATIONS = {"niet", "zonder", "behalve", "not", "without", "except", "buiten"}
_STOP = {"de", "het", "een", "en", "of", "van", "voor", "in", "op", "the", "a", "an", "die", "dat", "deze"}
