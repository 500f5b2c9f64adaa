"""Parsing a Dutch (or English) question into a Question: ids, organisations and roles, filters, intent."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from assistant.question import vocabulary as V
from assistant.question import word_lists as W
from assistant.question.changes import asks_what_changed
from assistant.question.filter_rules import Language
from assistant.question.filters import ActionFilters
from assistant.question.guard import has_instructions, strip_instructions
from assistant.question.lexicon import Lexicon
from assistant.question.model import FieldName, Question, Reference
from assistant.question.organisations import parse_organisations
from assistant.question.timing import timing_filters, undetermined_spans
from foundation.text import fold
from ingest.organisations import OrganisationDirectory
from ingest.records import ACTION_ID, DOMAIN_ORDER, DomainCode, canonical_id
from ingest.vocabulary import Concept

_STOP = {"de", "het", "een", "en", "of", "van", "voor", "in", "op", "the", "a", "an", "die", "dat", "deze"}


def detect_language(text: str, directory: OrganisationDirectory | None = None) -> Language:
    """ "en" when the question reads as English (organisation names and ids left out), else "nl"."""
    if directory is not None:
        for mention in reversed(directory.find(text, question=True)):
            text = text[: mention.start] + " " + text[mention.end :]
    words = re.findall(r"[a-z']+", ACTION_ID.sub(" ", text).lower())
    english = sum(1 for w in words if w in W.ENGLISH_WORDS and w not in W.DUTCH_WORDS)
    dutch = sum(1 for w in words if w in W.DUTCH_WORDS and w not in W.ENGLISH_WORDS)
    return "en" if english >= 2 and english > dutch else "nl"


class _Scan:
    """The question's text and the parts of it already read as ids, codes or names."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[tuple[int, int]] = []

    def take(self, start: int, end: int) -> None:
        """Mark a part as read, so later steps do not read it again."""
        self.spans.append((start, end))

    def rest(self) -> str:
        """The text with every part read so far blanked out (positions kept)."""
        chars = list(self.text)
        for start, end in self.spans:
            chars[start:end] = [" "] * (end - start)
        return "".join(chars)


def parse_question(question: str, directory: OrganisationDirectory, lexicon: Lexicon, today: date) -> Question:
    """Recognise ids, organisations and roles, domains, filters, concepts, fields and intent in a question asked on
    `today` (relative time words count from it)."""
    asked = " ".join(question.split())
    text = " ".join(strip_instructions(asked).split())
    injection = has_instructions(asked)
    language = detect_language(text, directory)
    if language == "nl":
        # English questions keep their words: a Dutch typo repair would turn them into Dutch ones.
        text = lexicon.correct(text)
    scan = _Scan(text)
    action_ids = []
    for m in ACTION_ID.finditer(text):
        action_ids.append(canonical_id(m))
        scan.take(*m.span())
    for m in V.NOT_A_ROLE.finditer(text):
        scan.take(*m.span())  # "een expo die langs industriezones trekt" travels; it does not lead an action
    filters: dict[str, Any] = {}
    objectives = []
    for m in V.OBJECTIVE_ID.finditer(text):
        objectives.append(f"{m.group(1).upper()}-O.D.{m.group(2)}")
        scan.take(*m.span())
    _levers(scan, lexicon, filters)
    if "lever" in filters:
        # "Welk van de vier sporen (technologie, financiering, regels, kennis)?": the other levers' words enumerate.
        for m in V.LEVER_WORDS.finditer(scan.rest()):
            scan.take(*m.span())
    domains, hints, hint_spans = _domains(scan, lexicon)
    ordinal = V.OBJECTIVE_ORDINAL.search(scan.rest())
    if ordinal and len(set(domains or hints)) == 1:
        objectives.append(f"{(domains or hints)[0]}-O.D.{V.ORDINALS[ordinal.group(1).lower()]}")
        scan.take(*ordinal.span())
    if objectives:
        filters["objectives"] = tuple(dict.fromkeys(objectives))
    concepts = tuple(lexicon.concepts_in(text))
    introduction = " ".join(m.group(0) for m in V.SELF_INTRODUCTION.finditer(text))
    scene: tuple[Concept, ...] = ()
    if introduction:
        named_outside = lexicon.concepts_in(V.SELF_INTRODUCTION.sub(" ", text))
        scene = tuple(c for c in lexicon.concepts_in(introduction) if c not in named_outside)
    if V.ROLE_DIVISION.search(text):
        # However the question asks how roles are divided, it is the concept the users' words for that stand for;
        # the situation it names ("als bedrijven samen een zuivering bouwen") is the scene, not the subject.
        roles = lexicon.concepts_in(V.ROLE_DIVISION_WORDS)
        concepts += tuple(c for c in roles if c not in concepts)
        scene += tuple(c for c in concepts if c not in roles and not c.is_need and c not in scene)
    # Money words make a funding question, and so does a need about money ("een lening", "EU-fondsen"); a need
    # word alone ("de keten", "samen met anderen") may be a topic.
    funding = bool(V.FUNDING.search(text)) or any(c.money for c in concepts)
    organisations = parse_organisations(scan.rest(), text, directory)
    own_funding = funding and bool(V.FIRST_PERSON.search(text))
    for span in organisations.spans:
        scan.take(*span)
    money_from_plan = funding and bool(V.MONEY_FROM_PLAN.search(text))
    if money_from_plan or (own_funding and not organisations.role_explicit and not V.ROLE_ANY.search(text)):
        # "Onze VLAIO-steun komt pas later", "wij zitten in de haven": a company's context, not a filter; and in
        # "geeft VITO zelf subsidies?" VITO is asked for money, not for its actions.
        organisations.filters = {}
    filters.update(organisations.filters)
    rest = scan.rest()
    wants_list = bool(V.LIST_INTENT.search(text))
    reference = _reference(text, scan.rest())
    _importance(scan, lexicon, filters)
    about_actions = (
        bool(V.NAMES_ACTIONS.search(text)) or reference != "none" or bool(filters) or bool(domains) or bool(objectives)
    )
    for span in undetermined_spans(scan.rest()):
        scan.take(*span)  # "de timing ligt nog niet vast" is about timing, not the status planning
        filters["undetermined"] = True
    _status(scan, lexicon, filters, about_actions, own_funding and not wants_list)
    if "status" not in filters and (projects := _project_words(scan.rest(), lexicon)):
        filters["projects"] = projects  # a project named by its name ("Vlaanderen Waterproof")
    filters.update(timing_filters(scan.rest(), today))
    topic_terms = _topic_terms(scan.rest())
    named = " ".join(scan.text[start:end] for start, end in hint_spans)
    # A concept the question names beside the domain ("voorbeelden waarbij water naar landbouwers gaat") makes it a
    # topic within the domain, not the whole domain's list.
    domain_concepts = lexicon.concepts_in(named) if hints else []
    beyond_domain = [c for c in concepts if c not in domain_concepts and c not in scene]
    if (
        hints
        and not domains
        and wants_list
        and not own_funding
        and not beyond_domain
        and _only_domain_words(topic_terms, named)
    ):
        # "Welke acties gaan over bedrijventerreinen?": the domain named in words is the filter.
        domains, topic_terms = list(hints), []
        for span in hint_spans:
            scan.take(*span)
    unconsumed = scan.rest()
    if domains:
        filters["domains"] = tuple(dict.fromkeys(domains))
    fields: tuple[FieldName, ...] = tuple(
        name  # type: ignore[misc]
        for name, pattern in V.FIELDS.items()
        if pattern.search(unconsumed)
        # "Wie is verantwoordelijk voor wat?" asks how roles are divided, not who leads an action.
        and not (name in ("initiators", "partners") and V.ROLE_DIVISION.search(text))
    )
    plan_worded = lexicon.vocabulary.in_plan_words(text)
    return Question(
        text=text,
        today=today,
        language=language,
        plan_worded=plan_worded if plan_worded != text else "",
        filters=ActionFilters.model_validate(filters),
        action_ids=tuple(action_ids),
        fields=fields,
        topic_terms=tuple(topic_terms),
        concepts=concepts,
        scene=scene,
        # With filters, the concepts of its topic words ("van VMM rond medicijnen"), or, in a question that asks for
        # no list, of what the filters leave ("doet VITO Kennispunt Water iets met verzekeraars?").
        topic_concepts=tuple(
            lexicon.concepts_in(
                " ".join(topic_terms) if topic_terms or wants_list or reference != "none" else unconsumed
            )
        )
        if filters
        else (),
        domain_hints=tuple(h for h in hints if h not in domains),
        role_explicit=organisations.role_explicit,
        wants_list=wants_list,
        wants_count=bool(V.COUNT_INTENT.search(text)),
        wants_overview=(
            bool(V.COUNT_INTENT.search(text)) and not (filters or action_ids) and bool(V.PLAN_WIDE.search(rest))
        )
        or bool(V.ASKS_DOMAINS.search(text)),
        outside_topic=lexicon.outside_topic(text),
        funding=funding,
        money_from_plan=money_from_plan,
        unanswerable=next((kind for kind, pattern in V.UNANSWERABLE.items() if pattern.search(text)), None),
        injection=injection,
        # Nothing but instructions: strip_instructions gave the message back whole, having nothing else to keep.
        instruction_only=injection and text == asked,
        refers_to=reference,
        continues=bool(V.STARTS_WITH_AND.match(text)),
        elliptic=not V.NAMES_ACTIONS.search(unconsumed),  # "sleutelacties" read as a filter names no subject
        yes_no=bool(V.YES_NO.match(text)),
        asks_contact=bool(V.ASKS_CONTACT.search(text)),
        asks_what_follows=bool(V.ASKS_WHAT_FOLLOWS.search(text)),
        mentioned=_mentioned(text),
        asks_meaning=bool(V.ASKS_MEANING.search(text)),
        asks_changes=asks_what_changed(asked),  # plan versions: assistant/question/changes.py (issue 27)
        first_person=bool(V.FIRST_PERSON.search(text)),
        partner_only=bool(V.EXCLUDE_OWN_LEAD.search(text)) and not V.ONLY_LEAD.search(text),
    )


def _levers(scan: _Scan, lexicon: Lexicon, filters: dict[str, Any]) -> None:
    """A lever by its full name ("kennis- en capaciteitsopbouw"), or by a shorter name next to "hefboom"/"spoor"."""
    marked = bool(V.LEVER_MARKER.search(scan.text))
    for match in lexicon.levers.find(scan.rest()):
        full = "&" in match.phrase or " en " in match.phrase or "- en" in match.phrase
        if marked or (full and len(match.phrase.split()) >= 3):
            filters["lever"] = match.value
            scan.take(match.start, match.end)
            return


def _domains(scan: _Scan, lexicon: Lexicon) -> tuple[list[DomainCode], list[DomainCode], list[tuple[int, int]]]:
    """Domains named by code or marked name (filters), domains named by name alone (hints, with their spans)."""
    domains: list[DomainCode] = []
    for m in V.DOMAIN_CODE.finditer(scan.rest()):
        domains.append(m.group(1).upper())  # type: ignore[arg-type]
        scan.take(*m.span())
    for m in re.finditer(r"\b(\w{5,}?)-?(?:acties|actie)\b", scan.rest(), re.I):
        # "bedrijventerreinacties", "bm-acties": a domain name or code glued to "acties".
        named = lexicon.domain_names.find(m.group(1)) or lexicon.domain_names.find(m.group(1) + "en")
        if named:
            domains.append(named[0].value)  # type: ignore[arg-type]
            scan.take(*m.span())
    marked = bool(V.DOMAIN_MARKER.search(scan.text))
    hints: list[DomainCode] = []
    spans: list[tuple[int, int]] = []
    for match in lexicon.domain_names.find(scan.rest()):
        code: DomainCode = match.value  # type: ignore[assignment]
        if marked:
            domains.append(code)
            scan.take(match.start, match.end)
        else:
            hints.append(code)
            spans.append((match.start, match.end))
    if marked:
        for match in lexicon.domain_words.find(scan.rest()):
            domains.append(match.value)  # type: ignore[arg-type]
            scan.take(match.start, match.end)
    return [c for c in dict.fromkeys(domains) if c in DOMAIN_ORDER], list(dict.fromkeys(hints)), spans


_NOT_THIS = re.compile(r"(?:\bniet|\bnot|rather than|in plaats van|eerder dan|instead of)(?:\s+\w+){0,2}\s*$", re.I)
# After "de belangrijkste" comes what is most important: actions ("… acties", "… zijn?") or something else
# ("de belangrijkste vervuilende stoffen"), which is no importance filter; "als belangrijkste" is followed by the verb
# that labels the actions ("als belangrijkste aangeduid", "… bestempeld").
_ABOUT_ACTIONS_NEXT = re.compile(
    r"^\s*(?:acties?\b|actions?\b|zijn\b|van\b|in\b|uit\b|binnen\b|[?.!,:;]|$"
    r"|(?:aangeduid|aangemerkt|bestempeld|gemarkeerd|beschouwd|gezien|gelabeld|genoemd|aangegeven|ingeschat)\b)",
    re.I,
)


def _importance(scan: _Scan, lexicon: Lexicon, filters: dict[str, Any]) -> None:
    """The importance asked for; a value the question sets aside ("en dus niet ondersteunend") is not it."""
    for match in lexicon.importance.find(scan.rest()):
        if " " not in match.phrase.strip() or "acti" in match.phrase:
            pass
        elif match.phrase.startswith(("de ", "het ", "als ")) and not _ABOUT_ACTIONS_NEXT.match(scan.text[match.end :]):
            continue
        scan.take(match.start, match.end)
        if not _NOT_THIS.search(scan.text[max(0, match.start - 30) : match.start]):
            filters.setdefault("importance", match.value)


def _status(scan: _Scan, lexicon: Lexicon, filters: dict[str, Any], about_actions: bool, own_funding: bool) -> None:
    """The status asked for; a status word in its everyday sense ("wat kost cofinanciering?") is none."""
    if own_funding:
        # A company asking about its own funding ("steun voor cofinanciering", "meedoen aan projecten, eventueel met
        # cofinanciering") does not filter on status; the caller passes no own funding when it asks for a list of
        # actions ("welke BW-acties lopen als project met medefinanciering?").
        return
    for match in lexicon.status.find(scan.rest()):
        # A phrase ("in voorbereiding", "als project") names a status; a bare word ("cofinanciering") only
        # when the question is about actions.
        if " " in match.phrase or about_actions:
            filters["status"] = match.value
            scan.take(match.start, match.end)
            break
    else:
        if about_actions and V.PLANNING_WORD.search(scan.rest()):
            filters["status"] = "planning"
    if filters.get("status") == "project" and (projects := _project_words(scan.rest(), lexicon)):
        filters["projects"] = projects


def _project_words(text: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The words of co-financed projects' names a question uses ("aquatuur", "waterproof")."""
    lowered = fold(text)
    return tuple(sorted(t for t in lexicon.project_words if re.search(rf"\b{re.escape(t)}\b", lowered)))


def _mentioned(text: str) -> str | None:
    """What a question asks every mention of ("verwijzen naar de Blue Deal" → "Blue Deal"), without articles."""
    match = V.MENTIONED.search(text)
    if not match:
        return None
    named = next(group for group in match.groups() if group)
    named = re.sub(
        r"^(?:de|het|een|the|a|an)\s+|\s+(?:in\s+het\s+(?:actie)?plan|in\s+the\s+plan)$", "", named.strip(), flags=re.I
    )
    return named.strip() or None


def _reference(text: str, unconsumed: str) -> Reference:
    if V.FOLLOWUP_PLURAL.search(text):
        return "all"
    if V.FOLLOWUP_SINGULAR.search(unconsumed):
        return "one" if V.FOLLOWUP_SINGULAR.search(V.FOLLOWUP_SUBJECT.sub(" ", unconsumed)) else "all"
    return "none"


def _only_domain_words(terms: list[str], named: str) -> bool:
    """Whether a question's topic words are only words of the domain names it uses ("over bedrijventerreinen")."""
    words = set(re.findall(r"[a-z0-9]+", fold(named)))
    return not terms or all(fold(term) in words for term in terms)


def _topic_terms(text: str) -> list[str]:
    """Content words introduced by a topic marker ("rond grondwater", "over PFAS")."""
    terms = []
    for m in V.TOPIC_MARKER.finditer(text):
        window = text[m.end(1) : m.end(1) + 120]
        if window.startswith("  "):
            continue  # what the marker introduced was already read as a filter ("rond [vervuilende stoffen]")
        following = window.split()[:3]
        for word in following:
            stripped = word.strip("?.,!;:'\"")
            clean = fold(stripped)
            if len(clean) >= 3 and clean.isalpha() and clean not in W.QUESTION_WORDS and clean not in _STOP:
                terms.append(stripped)
            else:
                break
    return list(dict.fromkeys(terms))
