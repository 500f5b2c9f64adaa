"""Organisations in a question: named ones (also misspelt), groups of them, the role asked and exclusions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.question import vocabulary as V
from assistant.question import word_lists as W
from assistant.question.filter_rules import Role
from foundation.text import fold
from plan_model.organisations import OrganisationDirectory

_NEGATIONS = {"niet", "zonder", "behalve", "not", "without", "except", "buiten", "uitgezonderd", "excluding"}
# Words before a group that leave it out: "zonder een universiteit", "geen enkele universiteit", "geen universiteiten".
_GROUP_NEGATIONS = {"zonder", "geen", "niet", "nooit", "behalve", "buiten", "uitgezonderd", "without", "no", "not",
                    "except", "excluding", "noch"}  # fmt: skip
# Words before an organisation that take it out of a group named before it ("kennisinstellingen behalve VITO").
_EXCEPT = {"behalve", "buiten", "uitgezonderd", "except", "excluding", "maar"}
# "maar Inagro niet", "en VITO niet": an organisation followed by "niet" is not involved; "niet zelf", "niet als
# trekker" say another thing (its role).
_FILLERS = {"zelf", "ook", "dan", "er", "daar", "hier"}
# "acties met de universiteiten": a group right after "acties met/van/door/bij" is asked about, like a role word.
_GROUP_PREFIX = re.compile(
    r"\bacti(?:es?|ons?)\s+(met|van|door|bij|with|by|involving)\s+(de\s+|het\s+|the\s+)?$|\bmet\s+welke\s+(\w+\s+)?$",
    re.I,
)
# Not involved at all: "zonder VMM", "VMM noch als trekker noch als partner", "waar VMM niet bij betrokken is".
_NOT_INVOLVED = re.compile(
    r"\bzonder\s+(de\s+|het\s+)?#|#\s+noch\b|\bnoch\s+#|#\s+(\w+\s+){0,2}niet\s+(bij\s+)?betrokken|#\s+niet\s+bij\b"
    r"|\bwithout\s+(the\s+)?#|#\s+(is\s+)?not\s+involved",
    re.I,
)


# "samen met een Nederlandse partner", "wij zijn een partner van": the asker's own party, not the plan's partners.
_OWN_PARTY = re.compile(
    r"\b(?:(?:met|with)\s+(?:een|a|an)|onze?|our)\s+(?:\w+\s+){0,2}?(?:partners?|partij(?:en)?)\b", re.I
)
# "Wie is verantwoordelijk voor X: de overheid, de beheerder of de bedrijven zelf?": kinds of party offered as the
# possible answers (after a colon or a dash, listed with "of"), not a group the question filters on.
_OPTIONS = re.compile(r"(?:^|[.?!]\s+)\s*(?:en\s+)?(?:wie|who)\b[^:?.!]*[:–-]\s*([^?]*\b(?:of|or)\b[^?]*)", re.I)
# "projecten die mee betaald worden door partners", "met geld van externe partners": the partners who fund a project
# (its status), not the role asked of the organisations the question names.
_FUNDING_PARTNERS = re.compile(
    r"\b(?:betaald|gefinancierd|gecofinancierd|bekostigd|gesteund|funded|financed)\s+(?:\w+\s+){0,2}?"
    r"(?:door|by)\s+(?:de\s+|externe\s+|andere\s+|the\s+|external\s+)*partners?\b"
    r"|\b(?:door|by)\s+(?:de\s+|externe\s+|andere\s+|the\s+|external\s+)*partners?\s+(?:\w+\s+){0,2}?"
    r"(?:betaald|gefinancierd|gecofinancierd|bekostigd|gesteund|meebetaald|meegefinancierd|funded|financed)\b"
    r"|\b(?:geld|middelen|financiering|money|funding)\s+(?:van|from)\s+(?:de\s+|externe\s+|andere\s+|external\s+)*"
    r"partners?\b",
    re.I,
)


def _not_after(after: str) -> bool:
    """Whether "niet" closes the clause after a name, past a filler word ("maar Inagro niet?"); not "VITO (niet VITO
    KW)", which says which VITO is meant, nor "niet zelf", which is a role."""
    clause = re.split(r"[?.,;:!()]", after, maxsplit=1)[0] if not after.lstrip().startswith("(") else ""
    words = clause.lower().split()
    while words and words[0] in _FILLERS:
        words.pop(0)
    return words in (["niet"], ["not"])


def _negated_before(text: str, start: int) -> bool:
    """Whether a negation stands among the three words before a position ("geen enkele", "zonder een")."""
    words = [w.strip("(),;:").lower() for w in text[max(0, start - 40) : start].split()[-3:]]
    return any(word in _GROUP_NEGATIONS for word in words)


def _member_of(name: str, groups: list[str], directory: OrganisationDirectory) -> bool:
    """Whether an organisation belongs to one of the named groups (its family included)."""
    family = directory.family(name)
    return any(
        family & {m for member in group.members for m in directory.family(member)}
        for group in (directory.group(g) for g in groups)
        if group is not None
    )


def _clarifies(negated: str, named: list[str]) -> bool:
    """Whether "niet X" only tells which of two like-named organisations is meant ("VITO, niet VITO KW")."""
    first = negated.split()[0].lower()
    return any(org != negated and org.split()[0].lower() == first for org in named)


@dataclass
class OrganisationParse:
    """What a question says about organisations, as filter values, and which text it used."""

    filters: dict[str, Any] = field(default_factory=dict)
    role_explicit: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)


def find_organisations(
    text: str, directory: OrganisationDirectory, role_words: bool
) -> list[tuple[str, tuple[int, int]]]:
    """Organisations named in a question with where they stand, also when misspelt; groups only with role words."""
    found: list[tuple[str, tuple[int, int]]] = []

    def keep(name: str) -> bool:
        # A group-kind entry without members ("betrokken partners") describes a role; one with members ("de
        # POM's": POM Antwerpen, POM West-Vlaanderen …) names organisations, asked about as any organisation is.
        org = directory.get(name)
        return not (org and org.kind == "groep" and not role_words and len(directory.family(name)) < 2)

    for mention in directory.find(text, question=True):
        if keep(mention.name):
            found.append((mention.name, (mention.start, mention.end)))
    words = list(re.finditer(r"[\w'’.&-]+", text))
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            start, end = words[i].start(), words[i + size - 1].end()
            if any(s < end and start < e for _, (s, e) in found):
                continue
            phrase = text[start:end]
            if fold(phrase) in W.QUESTION_WORDS or len(phrase) < 5:
                continue
            name = directory.fuzzy(phrase)
            org = directory.get(name) if name else None
            # A group-kind entry ("betrokken partners") is a role description: only its exact spelling counts.
            if name and keep(name) and not (org and org.kind == "groep"):
                found.append((name, (start, end)))
    found.sort(key=lambda item: item[1][0])
    return found


# "voor bedrijven", "voor de landbouwers": the group a funding question's money would go to.
_FOR = re.compile(r"\b(?:voor|for)\s+(?:de\s+|alle\s+|the\s+)?$", re.I)


def parse_organisations(text: str, whole: str, directory: OrganisationDirectory) -> OrganisationParse:
    """Organisations, groups, role and exclusions of a question (`text` with ids and codes blanked, `whole` not)."""
    parse = OrganisationParse()
    own = [(m.start(), m.end()) for m in _OWN_PARTY.finditer(text)]
    # "Wij zijn een bank": a kind of party, the asker's own; an organisation named there ("lid van Boerenbond") is
    # still itself.
    introductions = list(V.SELF_INTRODUCTION.finditer(text))
    introduced = [m.span() for m in introductions]
    employers = [m.span() for m in introductions if m.group(0).lower().startswith(("ik werk", "i work"))]
    own += introduced
    group_hits = list(directory.find_groups(text))
    text_roles = _FUNDING_PARTNERS.sub(" ", _OWN_PARTY.sub(" ", text))
    # "met Nederlandse partners samenwerken": where other words say the role, the group's own name ("… partners")
    # says who, not in which role; alone ("welke acties hebben Nederlandse partners?") it is the role too.
    masked = text
    for _, start, end in group_hits:
        if "partner" in text[start:end].lower():
            masked = masked[:start] + " " * (end - start) + masked[end:]
    if masked != text and (V.ROLE_ANY.search(masked) or V.ROLE_INITIATOR.search(masked)):
        text_roles = _FUNDING_PARTNERS.sub(" ", _OWN_PARTY.sub(" ", masked))
    role_initiator = bool(V.ROLE_INITIATOR.search(text_roles))
    role_partner = bool(V.ROLE_PARTNER.search(text_roles))
    role_words = role_initiator or role_partner or bool(V.ROLE_ANY.search(text_roles))
    orgs: list[str] = []
    excluded: list[str] = []
    not_involving: list[str] = []
    groups = []
    not_groups: list[str] = []
    group_except: list[str] = []
    # A named organisation ("Departement Omgeving", "Universiteit Antwerpen") is itself, not the group its name
    # contains ("departement", "universiteit"); a group-kind entry ("drinkwaterbedrijven") gives way to the group.
    named = [
        (m.start, m.end)
        for m in directory.find(text, question=True)
        if (o := directory.get(m.name)) and o.kind != "groep"
    ]
    # "Wie is verantwoordelijk: de overheid of de bedrijven?": the answers it offers are read as nothing else.
    if options := _OPTIONS.search(text):
        parse.spans.append((options.start(1), options.end(1)))
    # "Wie is verantwoordelijk als bedrijven samen een buffer willen? De gemeente, de bedrijven zelf?": the kinds of
    # party the roles are divided between, not groups whose actions are asked for.
    dividing_roles = bool(V.ROLE_DIVISION.search(whole))
    funding = bool(V.FUNDING.search(whole))
    for group, start, end in group_hits:
        if dividing_roles or any(s < end and start < e for s, e in named + own + parse.spans):
            continue
        if funding and _FOR.search(text[max(0, start - 15) : start]):
            continue  # "geld voor bedrijven", "steun voor landbouwers": who would receive it, not a filter
        if _negated_before(text, start):
            # "zonder een universiteit", "geen enkele universiteit aan boord": actions none of its members is in.
            if group.name not in not_groups:
                not_groups.append(group.name)
            parse.spans.append((start, end))
            continue
        # A group is asked about with role words ("waar zijn universiteiten betrokken?") or right after
        # "acties met" / "met welke"; "wij zijn een bank" is no filter. A group word may also be a group-kind
        # alias in the table ("drinkwaterbedrijven"): the group, with all its members, wins.
        asked = role_words or _GROUP_PREFIX.search(text[max(0, start - 25) : start])
        if asked and group.name not in groups:
            groups.append(group.name)
            parse.spans.append((start, end))
    for name, (start, end) in find_organisations(text, directory, role_words):
        if any(s < end and start < e for s, e in parse.spans):
            continue
        parse.spans.append((start, end))
        kind = (org := directory.get(name)) and org.kind
        if funding and _FOR.search(text[max(0, start - 15) : start]):
            continue  # "geld voor bedrijven": who would receive it
        in_introduction = any(s < end and start < e for s, e in introduced)
        if kind == "groep" and (dividing_roles or in_introduction):
            continue  # "wij zijn een drinkwaterbedrijf": the asker's kind, not the group's actions
        if any(s < end and start < e for s, e in employers) and not V.ASKER_AS_SUBJECT.search(text[end:]):
            continue  # "Ik werk bij de provincie Zeeland. Wat doen jullie …?": who asks, not what about
        before = text[max(0, start - 60) : start]
        after = text[end : end + 60]
        # ("(niet VITO Kennispunt Water)": the bracket is not part of the word.)
        last_words = [word.strip("(),;:") for word in before.lower().split()[-3:]]
        negated = any(word in _NEGATIONS for word in last_words) or V.OTHER_THAN.search(before)
        if groups and last_words and last_words[-1] in _EXCEPT and _member_of(name, groups, directory):
            target = group_except  # "kennisinstellingen behalve VITO": the group without that member
        elif _NOT_INVOLVED.search(before[-30:] + " # " + after[:40]) or _not_after(after):
            target = not_involving  # "zonder VMM", "waar VMM noch trekker noch partner is", "maar Inagro niet"
        else:
            target = excluded if negated else orgs
        if name not in target:
            target.append(name)
    excluded = [org for org in excluded if not _clarifies(org, orgs)]
    if not_involving:
        parse.filters["not_involving"] = tuple(not_involving)
    role: Role = "any"
    parse.role_explicit = True
    if V.EXCLUDE_OWN_LEAD.search(whole) and not V.ONLY_LEAD.search(whole):
        role = "partner"
        excluded += [org for org in orgs if org not in excluded]
    elif V.ONLY_LEAD.search(whole) or (role_initiator and not role_partner):
        role = "initiator"
    elif role_partner and not role_initiator:
        role = "partner"
    else:
        parse.role_explicit = role_initiator and role_partner
    if orgs:
        parse.filters["orgs"] = tuple(orgs)
        if len(orgs) > 1 and re.search(r"\b(of|or)\b", text):
            parse.filters["orgs_match"] = "any"
    if groups:
        parse.filters["groups"] = tuple(groups)
    if not_groups:
        parse.filters["not_groups"] = tuple(not_groups)
    if group_except:
        parse.filters["group_except"] = tuple(group_except)
    if excluded:
        parse.filters["not_led_by"] = tuple(excluded)
    if parse.role_explicit:
        parse.filters["role"] = role
    return parse
