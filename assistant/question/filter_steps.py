"""The parser's steps that read filter values: levers, domains, importance, status, projects, topic words.

Each step reads the question through the scan (scan.py) and takes the parts it reads, so no later step reads them
again; parser.py runs them in order.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.question import vocabulary as V
from assistant.question import word_lists as W
from assistant.question.lexicon import OBJECTIVE_WORD, Lexicon
from assistant.question.scan import Scan
from foundation.text import fold
from plan_model.records import DOMAIN_ORDER, DomainCode

_STOP = {"de", "het", "een", "en", "of", "van", "voor", "in", "op", "the", "a", "an", "die", "dat", "deze"}


def levers(scan: Scan, lexicon: Lexicon, filters: dict[str, Any]) -> None:
    """A lever by its full name ("kennis- en capaciteitsopbouw"), or by a shorter name next to "hefboom"/"spoor"."""
    marked = bool(V.LEVER_MARKER.search(scan.text))
    for match in lexicon.levers.find(scan.rest()):
        full = "&" in match.phrase or " en " in match.phrase or "- en" in match.phrase
        if marked or (full and len(match.phrase.split()) >= 3):
            filters["lever"] = match.value
            scan.take(match.start, match.end)
            return


def domains(scan: Scan, lexicon: Lexicon) -> tuple[list[DomainCode], list[DomainCode], list[tuple[int, int]]]:
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


def importance(scan: Scan, lexicon: Lexicon, filters: dict[str, Any]) -> None:
    """The importance asked for; a value the question sets aside ("en dus niet ondersteunend") is not it."""
    for match in lexicon.importance.find(scan.rest()):
        if " " not in match.phrase.strip() or "acti" in match.phrase:
            pass
        elif match.phrase.startswith(("de ", "het ", "als ")) and not _ABOUT_ACTIONS_NEXT.match(scan.text[match.end :]):
            continue
        scan.take(match.start, match.end)
        if not _NOT_THIS.search(scan.text[max(0, match.start - 30) : match.start]):
            filters.setdefault("importance", match.value)


def status(scan: Scan, lexicon: Lexicon, filters: dict[str, Any], about_actions: bool, own_funding: bool) -> None:
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
        # A bare "planning" names the status only where the question asks ("… planning our budget. Which …?").
        word = V.PLANNING_WORD.search(scan.rest())
        if about_actions and word and scan.in_asking(word.start()):
            filters["status"] = "planning"
    if filters.get("status") == "project" and (projects := project_words(scan.rest(), lexicon)):
        filters["projects"] = projects


def project_words(text: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The words of co-financed projects' names a question uses ("aquatuur", "waterproof")."""
    lowered = fold(text)
    return tuple(sorted(t for t in lexicon.project_words if re.search(rf"\b{re.escape(t)}\b", lowered)))


def mentioned(text: str) -> str | None:
    """What a question asks every mention of ("verwijzen naar de Blue Deal" → "Blue Deal"), without articles."""
    match = V.MENTIONED.search(text)
    if not match:
        return None
    named = next(group for group in match.groups() if group)
    named = re.sub(
        r"^(?:de|het|een|the|a|an)\s+|\s+(?:in\s+het\s+(?:actie)?plan|in\s+the\s+plan)$", "", named.strip(), flags=re.I
    )
    return named.strip() or None


def only_domain_words(terms: list[str], named: str) -> bool:
    """Whether a question's topic words are only words of the domain names it uses ("over bedrijventerreinen")."""
    words = set(re.findall(r"[a-z0-9]+", fold(named)))
    return not terms or all(fold(term) in words for term in terms)


def topic_terms(text: str) -> list[str]:
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


def output_kinds(scan: Scan, lexicon: Lexicon, filters: dict[str, Any], asked_for: bool) -> None:
    """Kinds of output a question asks for ("welke acties leveren een white paper op?"), when it asks for outputs
    or for a list of actions."""
    if not asked_for:
        return
    kinds = []
    for match in lexicon.outputs.find(scan.rest()):
        kinds.append(match.value)
        scan.take(match.start, match.end)
    if kinds:
        filters["output_kinds"] = tuple(dict.fromkeys(kinds))


# Content words of an objective's title and of a question are compared from this length on ("kader", "rollen").
# An objective named by its words shares at least this many content words with the question.
_OBJECTIVE_OVERLAP = 2


def objective_by_words(scan: Scan, lexicon: Lexicon, filters: dict[str, Any]) -> None:
    """The operational objective a question names by the words of its title ("de doelstelling rond
    verzekeringen", "de doelstelling over de rolverdeling … op bedrijventerreinen"), when one is clearly meant."""
    if "objectives" in filters or not scan.has("key.objective") or not lexicon.objectives:
        return
    asked = {w for w in scan.lemmas() if len(w) >= OBJECTIVE_WORD}
    asked_concepts = {id(c) for c in lexicon.concepts_in(scan.rest())}
    scores = []
    for objective_id, title, title_words in lexicon.objectives:
        shared = len(asked & title_words)
        shared += 2 * len(asked_concepts & {id(c) for c in lexicon.concepts_in(title)})
        scores.append((shared, objective_id))
    scores.sort(reverse=True)
    best, runner_up = scores[0], scores[1] if len(scores) > 1 else (0, "")
    if best[0] >= _OBJECTIVE_OVERLAP and best[0] > runner_up[0]:
        filters["objectives"] = (best[1],)
