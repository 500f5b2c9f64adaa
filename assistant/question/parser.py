"""Parsing a Dutch (or English) question into a Question: ids, organisations and roles, filters, intent."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from assistant.question import filter_steps as S
from assistant.question import vocabulary as V
from assistant.question import word_lists as W
from assistant.question.changes import asks_what_changed
from assistant.question.filter_rules import Language
from assistant.question.filters import ActionFilters
from assistant.question.guard import has_instructions, own_question, strip_instructions
from assistant.question.intent import read_asked, read_referent
from assistant.question.lexicon import Lexicon
from assistant.question.model import FieldName, Question, Reference
from assistant.question.organisations import OrganisationParse, parse_organisations
from assistant.question.scan import Scan
from assistant.question.timing import timing_filters, undetermined_spans
from plan_model.concepts import Concept
from plan_model.lemmas import is_dutch_word
from plan_model.organisations import OrganisationDirectory
from plan_model.records import ACTION_ID, DomainCode, canonical_id

# The asker's own organisation when a Kennispunt colleague says "wij" (who.we in the reading table).
KENNISPUNT = "VITO Kennispunt Water"


def detect_language(text: str, directory: OrganisationDirectory | None = None) -> Language:
    """ "en" when the question reads as English (organisation names and ids left out), else "nl"."""
    if directory is not None:
        for mention in reversed(directory.find(text, question=True)):
            text = text[: mention.start] + " " + text[mention.end :]
    words = re.findall(r"[a-z']+", ACTION_ID.sub(" ", text).lower())
    english = sum(1 for w in words if w in W.ENGLISH_WORDS and w not in W.DUTCH_WORDS)
    dutch = sum(1 for w in words if w in W.DUTCH_WORDS and w not in W.ENGLISH_WORDS)
    return "en" if english >= 2 and english > dutch else "nl"


def parse_question(question: str, directory: OrganisationDirectory, lexicon: Lexicon, today: date) -> Question:
    """Read a question asked on `today` into its logical form (form.py): ids, organisations and roles, domains,
    filters, concepts, fields, what it asks and what it points back to. Named steps over one scan, in order."""
    asked = question.strip()
    stripped = strip_instructions(asked)
    injection = has_instructions(asked)
    # The asker's own question: a pasted e-mail's headers, quotes and tool output are material, not the question.
    text = own_question(stripped)
    language = detect_language(text, directory)
    if language == "nl":
        # English questions keep their words: a Dutch typo repair would turn them into Dutch ones.
        text = lexicon.correct(text)
    # "het watersysteemdomein", "bedrijventerreindomein": the domain's words and the word "domein", apart.
    text = re.sub(r"\b(?!focus)(\w{4,}?)(domein(?:en)?)\b", r"\1 \2", text)
    scan = Scan(text)
    action_ids = _ids(scan)
    filters: dict[str, Any] = {}
    domains, hints, hint_spans = _plan_parts(scan, lexicon, filters)
    concepts, scene = _concepts(text, lexicon)
    # Money words make a funding question, and so does a need about money ("een lening", "EU-fondsen"); a need
    # word alone ("de keten", "samen met anderen") may be a topic.
    funding = bool(V.FUNDING.search(text)) or any(c.money for c in concepts)
    own_funding = funding and bool(V.FIRST_PERSON.search(text))
    money_from_plan = funding and bool(V.MONEY_FROM_PLAN.search(text))
    organisations = _organisations(scan, text, directory, filters, own_funding, money_from_plan)
    rest = scan.rest()
    wants_list = bool(V.LIST_INTENT.search(text))
    reference = _reference(text, scan.rest())
    if scan.has("ref.all_of_them") or (reference == "none" and scan.has("ref.back")):
        reference = "all"  # "wie trekt die twee?", "wie kan me hierbij helpen?": the previous answer
    S.importance(scan, lexicon, filters)
    about_actions = bool(V.NAMES_ACTIONS.search(text)) or reference != "none" or bool(filters) or bool(domains)
    for span in undetermined_spans(scan.rest()):
        scan.take(*span)  # "de timing ligt nog niet vast" is about timing, not the status planning
        filters["undetermined"] = True
    S.status(scan, lexicon, filters, about_actions, own_funding and not wants_list)
    # A project named by its name ("Vlaanderen Waterproof"); a company asking for money names its own situation
    # around the question ("wij zitten in de haven van Antwerpen. Is er financiering?"): only what it asks counts.
    asked_part = S.project_words(scan.asking_text(), lexicon) if own_funding else None
    if "status" not in filters and (projects := S.project_words(scan.rest(), lexicon)):
        projects = tuple(p for p in projects if asked_part is None or p in asked_part)
        if projects:
            filters["projects"] = projects
    filters.update(timing_filters(scan.rest(), today))
    _open_ended(scan, filters)
    if scan.has("time.undetermined"):
        filters["undetermined"] = True  # "which actions don't have any timing set yet?"
    elif scan.has("time.now") and not any(filters.get(n) for n in ActionFilters.names(timing=True)):
        filters["active_now"] = True  # "how many KP actions are running right now?"
    if filters.get("ongoing") and _negated(scan, "doorlopend", "ongoing"):
        filters["ongoing"] = False  # "en dan zonder die met timing 'Doorlopend'?"
    S.output_kinds(scan, lexicon, filters, scan.has("asks.output") or (wants_list and about_actions))
    S.objective_by_words(scan, lexicon, filters)
    topic_terms = S.topic_terms(scan.rest())
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
        and S.only_domain_words(topic_terms, named)
    ):
        # "Welke acties gaan over bedrijventerreinen?": the domain named in words is the filter.
        domains, topic_terms = list(hints), []
        for span in hint_spans:
            scan.take(*span)
    unconsumed = scan.rest()
    if domains:
        filters["domains"] = tuple(dict.fromkeys(domains))
    fields = _fields(scan, unconsumed, text)
    ambiguous, ambiguous_words = _one_of_a_kind(scan, directory, filters)
    # What the plan does not hold counts only where a sentence asks it ("… planning our 2027 budget. Which …?").
    asking = scan.asking_text()
    unanswerable = next((kind for kind, pattern in V.UNANSWERABLE.items() if pattern.search(asking)), None)
    counts = bool(V.COUNT_INTENT.search(text))
    plan_worded = lexicon.vocabulary.in_plan_words(text)
    alternatives = _alternatives(filters, scan)
    return Question(
        text=text,
        today=today,
        language=language,
        plan_worded=plan_worded if plan_worded != text else "",
        filters=ActionFilters.model_validate(filters),
        alternatives=alternatives,
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
        wants_count=counts,
        wants_overview=(counts and not (filters or action_ids) and bool(V.PLAN_WIDE.search(rest)))
        or bool(V.ASKS_DOMAINS.search(text)),
        outside_topic=lexicon.outside_topic(text),
        funding=funding,
        money_from_plan=money_from_plan,
        unanswerable=unanswerable,
        injection=injection,
        # Nothing but instructions: strip_instructions gave the message back whole, having nothing else to keep.
        instruction_only=injection and stripped == asked,
        refers_to=reference,
        continues=bool(V.STARTS_WITH_AND.match(text)),
        elliptic=not V.NAMES_ACTIONS.search(unconsumed),  # "sleutelacties" read as a filter names no subject
        yes_no=bool(V.YES_NO.match(text)),
        asks_contact=bool(V.ASKS_CONTACT.search(text)) or scan.has("asks.contact"),
        asks_what_follows=bool(V.ASKS_WHAT_FOLLOWS.search(text)),
        mentioned=S.mentioned(text) or _mentioned_topic(scan, action_ids, topic_terms, concepts),
        asks_meaning=bool(V.ASKS_MEANING.search(text)),
        asks_changes=asks_what_changed(scan),  # the plan's versions: question/changes.py
        first_person=bool(V.FIRST_PERSON.search(text)),
        partner_only=bool(V.EXCLUDE_OWN_LEAD.search(text)) and not V.ONLY_LEAD.search(text),
        asked=read_asked(
            scan,
            ids=tuple(action_ids),
            has_filters=bool(filters),
            names_place=bool(domains or hints or filters.get("objectives")),
            fields=fields,
            funding=funding,
            counts=counts,
            unanswerable=unanswerable,
            points_back=reference == "all",
        ),
        referent=read_referent(scan, reference),
        words=scan.lemmas(),
        places=_places(text),
        regions=tuple(dict.fromkeys(m.value for m in lexicon.places.find(text))),
        ambiguous=ambiguous,
        ambiguous_words=ambiguous_words,
        demonstratives=_demonstratives(scan),
        names_one_action=scan.has("ref.one_action"),
        about_one=scan.has("asks.about_one"),
        asks_partners=scan.has("field.partners"),
        asks_running=scan.has("asks.running"),
    )


def _ids(scan: Scan) -> list[str]:
    """The action ids the question names ("KP 1.3", "bw2.2"); words that look like a role but are not are taken."""
    action_ids = []
    for m in ACTION_ID.finditer(scan.text):
        action_ids.append(canonical_id(m))
        scan.take(*m.span())
    for m in V.NOT_A_ROLE.finditer(scan.text):
        scan.take(*m.span())  # "een expo die langs industriezones trekt" travels; it does not lead an action
    for reading in scan.readings:
        if reading.name == "not.role":
            scan.take(reading.start, reading.end)  # "de verzekeraar trekt de premie op" raises it
    return list(dict.fromkeys(action_ids))


def _plan_parts(
    scan: Scan, lexicon: Lexicon, filters: dict[str, Any]
) -> tuple[list[DomainCode], list[DomainCode], list[tuple[int, int]]]:
    """Objectives by id or ordinal, levers and domains (named outright, or hinted by their words)."""
    objectives = []
    for m in V.OBJECTIVE_ID.finditer(scan.text):
        objectives.append(f"{m.group(1).upper()}-O.D.{m.group(2)}")
        scan.take(*m.span())
    S.levers(scan, lexicon, filters)
    if "lever" in filters:
        # "Welk van de vier sporen (technologie, financiering, regels, kennis)?": the other levers' words enumerate.
        for m in V.LEVER_WORDS.finditer(scan.rest()):
            scan.take(*m.span())
    domains, hints, hint_spans = S.domains(scan, lexicon)
    ordinal = V.OBJECTIVE_ORDINAL.search(scan.rest())
    if ordinal and len(set(domains or hints)) == 1:
        objectives.append(f"{(domains or hints)[0]}-O.D.{V.ORDINALS[ordinal.group(1).lower()]}")
        scan.take(*ordinal.span())
    if objectives:
        filters["objectives"] = tuple(dict.fromkeys(objectives))
    return domains, hints, hint_spans


def _concepts(text: str, lexicon: Lexicon) -> tuple[tuple[Concept, ...], tuple[Concept, ...]]:
    """The plan's concepts the question names, and those named only where the asker introduces themself."""
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
    return concepts, scene


def _organisations(
    scan: Scan,
    text: str,
    directory: OrganisationDirectory,
    filters: dict[str, Any],
    own_funding: bool,
    money_from_plan: bool,
) -> OrganisationParse:
    """The organisations and groups the question names, in which role; "wij" of the Kennispunt's own staff."""
    organisations = parse_organisations(scan.rest(), text, directory)
    for span in organisations.spans:
        scan.take(*span)
    # A role word only counts where the question asks: "wij zitten op een bedrijventerrein in Mechelen" is context.
    role_asked = bool(V.ROLE_ANY.search(scan.asking_text()))
    if money_from_plan or (own_funding and not organisations.role_explicit and not role_asked):
        # "Onze VLAIO-steun komt pas later", "wij zitten in de haven": a company's context, not a filter; and in
        # "geeft VITO zelf subsidies?" VITO is asked for money, not for its actions.
        organisations.filters = {}
    found = organisations.filters
    if not found.get("orgs") and scan.has("who.we") and not V.SELF_INTRODUCTION.search(text):
        # "Welke trekken wij zelf?": only the Kennispunt has actions of its own in this plan; a company introducing
        # itself ("wij zijn een kmo") is not read this way.
        found["orgs"] = (KENNISPUNT,)
    if found.get("orgs") and scan.has("op.none_involved"):
        # "… waar VITO Kennispunt Water nergens staat, niet als trekker en ook niet als partner": not involved.
        found["not_involving"] = tuple(dict.fromkeys((*found.get("not_involving", ()), *found.pop("orgs"))))
        for name in ("role", "not_led_by", "orgs_match"):
            found.pop(name, None)
    if found.get("orgs") == (KENNISPUNT,) and not organisations.role_explicit and not role_asked:
        # "Kan het Kennispunt ons in contact brengen met leveranciers?": the plan's own author, asked for help; it
        # takes part in nearly every action, so as a filter it would say nothing.
        found.pop("orgs")
        found.pop("role", None)
    filters.update(organisations.filters)
    return organisations


def _one_of_a_kind(
    scan: Scan, directory: OrganisationDirectory, filters: dict[str, Any]
) -> tuple[tuple[str, ...], str]:
    """ "Welke acties trekt het departement?": one organisation of a kind the plan has several of. Named elsewhere in
    the question ("… samen met het Departement Omgeving. Welke acties trekt het departement?"), it is that one;
    otherwise the options to ask about, and the words that named it."""
    generic = scan.first("who.generic")
    if generic is None:
        return (), ""
    words = scan.text[generic.start : generic.end]
    if re.match(r"\s+[A-Z]", scan.text[generic.end :]):
        return (), ""  # "de provincie Zeeland": a name follows, nothing to choose
    noun = words.split()[-1].lower()
    kind = [o.name for o in directory.organisations if o.name.lower().startswith(noun + " ")]
    if not kind:
        return (), ""
    # Only where the noun was read as whom the question is about (a group filter: "welke acties trekt het
    # departement?"), not the asker's employer ("ik werk bij de provincie") or a party among options ("de gemeente,
    # het waterbedrijf of wij?"). The group it stood for is not what is meant: one of it is.
    groups = [g for g in filters.get("groups", ()) if (group := directory.group(g)) and noun in group.words]
    if not groups:
        return (), ""
    filters["groups"] = tuple(g for g in filters["groups"] if g not in groups)
    if not filters["groups"]:
        filters.pop("groups")
    if any(o in kind for o in filters.get("orgs", ())):
        return (), ""  # the kind's organisation the question names is the one meant
    return tuple(kind), words


def _fields(scan: Scan, unconsumed: str, text: str) -> tuple[FieldName, ...]:
    """The fields of an action the question asks for (who leads, when, what it delivers …)."""
    return tuple(
        name  # type: ignore[misc]
        for name, pattern in V.FIELDS.items()
        if (pattern.search(unconsumed) or scan.has(f"field.{name}"))
        # "Wie is verantwoordelijk voor wat?" asks how roles are divided, not who leads an action.
        and not (name in ("initiators", "partners") and V.ROLE_DIVISION.search(text))
    )


# Words that negate what follows them within a few words ("zonder die met timing doorlopend").
_NEGATIONS = frozenset({"zonder", "niet", "geen", "behalve", "without", "not", "except", "excluding"})


def _negated(scan: Scan, *words: str) -> bool:
    """Whether one of these words has a negation among the four words before it."""
    tokens = scan.tokens
    return any(
        token.word in words and any(t.word in _NEGATIONS for t in tokens[max(0, n - 4) : n])
        for n, token in enumerate(tokens)
    )


# "die werkgroep", "dat rapport", "die rijdende tentoonstelling": the words after a demonstrative name a thing of the
# previous answer.
_DEMONSTRATIVE_REACH = 3


def _demonstratives(scan: Scan) -> tuple[str, ...]:
    """The words after each demonstrative ("die", "dat", "this" …, the reading ref.demonstrative), as written."""
    tokens = scan.tokens
    found = []
    for reading in scan.readings:
        if reading.name != "ref.demonstrative":
            continue
        following = [t for t in tokens if t.start >= reading.end][:_DEMONSTRATIVE_REACH]
        words = [scan.text[t.start : t.end] for t in following if t.word.isalpha()]
        if words:
            found.append(" ".join(words))
    return tuple(found)


def _alternatives(filters: dict[str, Any], scan: Scan) -> tuple[ActionFilters, ...]:
    """ "Een Vlaamse provincie of een POM": organisations or a group, either one; the filters keep the
    organisations, the alternative holds the group instead (the answer is every action of either)."""
    if not (filters.get("orgs") and filters.get("groups") and any(t.word in ("of", "or") for t in scan.tokens)):
        return ()
    groups = filters.pop("groups")
    return (ActionFilters.model_validate({**{k: v for k, v in filters.items() if k != "orgs"}, "groups": groups}),)


def _open_ended(scan: Scan, filters: dict[str, Any]) -> None:
    """ "in 2028 of later", "in 2026 of eerder": a year that is a bound, not the only year."""
    later, earlier = scan.has("time.or_later"), scan.has("time.or_earlier")
    if not (later or earlier):
        return
    if (year := filters.pop("ends_in", None)) is not None:
        filters["ends_after" if later else "ends_by"] = f"{year - 1}-Q4" if later else f"{year}-Q4"
    if (start := filters.pop("starts_in", None)) is not None:
        year_of_start = int(str(start)[:4])
        filters["starts_from" if later else "starts_by"] = f"{year_of_start}-Q1" if later else f"{year_of_start}-Q4"


def _mentioned_topic(
    scan: Scan, action_ids: list[str], topic_terms: list[str], concepts: tuple[Concept, ...]
) -> str | None:
    """ "Which actions name PFAS in their own text?", "welke acties verwijzen in hun tekst naar BT 2.3?": every action
    naming the topic or the action, when the question asks so."""
    if not scan.has("asks.mention"):
        return None
    if action_ids:
        return action_ids[0]
    if topic_terms:
        return topic_terms[0]
    return concepts[0].plan[0] if concepts and concepts[0].plan else None


def _places(text: str) -> tuple[str, ...]:
    """Capitalised words no dictionary knows, past the first word: the places a question names ("Maldegem")."""
    words = re.findall(r"(?<=\s)[A-Z][a-z]{3,}\b", text)
    return tuple(w for w in dict.fromkeys(words) if not is_dutch_word(w.lower()))


def _reference(text: str, unconsumed: str) -> Reference:
    if V.FOLLOWUP_PLURAL.search(text):
        return "all"
    if V.FOLLOWUP_SINGULAR.search(unconsumed):
        return "one" if V.FOLLOWUP_SINGULAR.search(V.FOLLOWUP_SUBJECT.sub(" ", unconsumed)) else "all"
    return "none"
