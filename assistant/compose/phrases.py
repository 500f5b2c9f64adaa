"""Every fixed phrase of the grounded composer, in Dutch and English: one table, looked up by key."""

from __future__ import annotations

from assistant.compose.asked_phrases import ASKED_PHRASES
from foundation.text import in_language

# key -> (Dutch, English). Placeholders are filled by say(); keep both languages in step.
PHRASES: dict[str, tuple[str, str]] = {
    # Why a question is not answered.
    "abstain.budget": (
        "Het actieplan vermeldt geen budgetten, bedragen, prijzen of tarieven.",
        "The action plan does not mention budgets, amounts, prices or rates.",
    ),
    "abstain.contact": (
        "Het actieplan bevat geen namen van personen of contactgegevens.",
        "The action plan contains no names of people or contact details.",
    ),
    "abstain.permit": (
        "Het actieplan bevat geen normen of vergunningswaarden.",
        "The action plan contains no standards or permit limits.",
    ),
    "abstain.statistics": (
        "Het actieplan bevat geen cijfers over deelname of resultaten tot nu toe.",
        "The action plan contains no figures on participation or results so far.",
    ),
    "abstain.offtopic": ("Daarover zegt het actieplan niets.", "The action plan says nothing about that."),
    "abstain.outside": (
        "Het actieplan gaat over water: over {topic} zegt het niets.",
        "The action plan is about water: it says nothing about {topic}.",
    ),
    "abstain.staff": (
        "Het actieplan vermeldt geen personeelsinzet of aantallen medewerkers.",
        "The action plan states no staffing or numbers of people.",
    ),
    "abstain.schedule": (
        "Het actieplan bevat geen agenda's, vergaderdata of openingsuren.",
        "The action plan contains no schedules, meeting dates or opening hours.",
    ),
    "abstain.instruction": (
        "Ik beantwoord alleen vragen over het actieplan van VITO Kennispunt Water; instructies om anders te werken "
        "of mijn instellingen te tonen volg ik niet.",
        "I only answer questions about VITO Kennispunt Water's action plan; I do not follow instructions to work "
        "differently or to show my settings.",
    ),
    "overview.actions": (
        "Het actieplan telt {count} acties, verdeeld over {domains} focusdomeinen: {parts}.",
        "The action plan has {count} actions in {domains} focus domains: {parts}.",
    ),
    "overview.domain": ("{count} in {code} ({name})", "{count} in {code} ({name})"),
    "overview.objectives": (
        "Die acties horen bij {count} operationele doelstellingen.",
        "These actions belong to {count} operational objectives.",
    ),
    "choose.header": (
        "Welke actie bedoel je? Het vorige antwoord noemde er {count}:",
        "Which action do you mean? The previous answer named {count}:",
    ),
    "abstain.scope": (
        "Het actieplan bevat daarover geen informatie.",
        "The action plan contains no information about that.",
    ),
    "abstain.unknown_id": (
        "Die actie bestaat niet in het actieplan.",
        "That action does not exist in the action plan.",
    ),
    "abstain.related": (
        "Wel verwante acties, die deze vraag zelf niet beantwoorden:",
        "Related actions, which do not answer this question themselves:",
    ),
    "abstain.related_more": ("Ook verwant: {ids}.", "Also related: {ids}."),
    # Lists.
    "list.none": (
        "Het actieplan bevat geen {noun} {description}.",
        "The action plan contains no {noun} {description}.",
    ),
    "list.header": (
        "Het actieplan telt {count} {noun} {description}:",
        "The action plan has {count} {noun} {description}:",
    ),
    "list.none_of_theirs": (
        "Het actieplan telt {count} {noun} {description} ({ids}), maar geen {none_noun} {rest}.",
        "The action plan has {count} {noun} {description} ({ids}), but no {none_noun} {rest}.",
    ),
    "list.within.none": (
        "Van de {within} acties uit het vorige antwoord is er geen {noun} {description}.",
        "None of the {within} actions of the previous answer is a {noun} {description}.",
    ),
    "list.within_one.none": (
        "De actie uit het vorige antwoord is geen {noun} {description}.",
        "The action of the previous answer is not a {noun} {description}.",
    ),
    "list.within_one.header": (
        "De actie uit het vorige antwoord is een {noun} {description}:",
        "The action of the previous answer is a {noun} {description}:",
    ),
    "list.within.header": (
        "Van de {within} acties uit het vorige antwoord zijn er {count} {noun} {description}:",
        "Of the {within} actions of the previous answer, {count} are {noun} {description}:",
    ),
    "list.within.header_one": (
        "Van de {within} acties uit het vorige antwoord is er {count} {noun} {description}:",
        "Of the {within} actions of the previous answer, {count} is {noun} {description}:",
    ),
    "list.mentioned": (
        "Ook genoemd in de actietekst, niet als trekker of partner: {items}.",
        "Also named in the action text, not as lead or partner: {items}.",
    ),
    "contact.lead": (
        "Het plan noemt geen personen of contactgegevens; je kunt terecht bij de trekker van elke actie:",
        "The plan names no people or contact details; you can turn to the lead of each action:",
    ),
    "list.missing_importance": (
        "{count} {noun} {description} vermelden geen relatief belang en zijn niet meegeteld.",
        "{count} {noun} {description} state no relative importance and are not counted.",
    ),
    "list.missing_importance_one": (
        "{count} {noun} {description} vermeldt geen relatief belang en is niet meegeteld.",
        "{count} {noun} {description} states no relative importance and is not counted.",
    ),
    "list.missing_timing": (
        "Van {count} {noun} {description} ligt de timing nog niet vast; ze zijn niet meegeteld.",
        "{count} {noun} {description} have no timing yet and are not counted.",
    ),
    "list.missing_timing_one": (
        "Van {count} {noun} {description} ligt de timing nog niet vast; die is niet meegeteld.",
        "{count} {noun} {description} has no timing yet and is not counted.",
    ),
    # Joining words: the last item of a list ("a, b en c"), the topic after a list's filters ("rond kreekruggen").
    "join.and": (" en ", " and "),
    "join.or": (" of ", " or "),
    "filters.topic": ("rond ", "about "),
    "noun.actions": ("acties", "actions"),
    "noun.action": ("actie", "action"),
    "noun.key_actions": ("sleutelacties", "key actions"),
    "noun.key_action": ("sleutelactie", "key action"),
    "noun.supporting_actions": ("ondersteunende acties", "supporting actions"),
    "noun.supporting_action": ("ondersteunende actie", "supporting action"),
    # Topic answers.
    "search.header": ("Het actieplan heeft {count} acties hierover:", "The action plan has {count} actions on this:"),
    "search.yes": ("Ja.", "Yes."),
    "search.naming": ("{count} acties noemen {name}:", "{count} actions mention {name}:"),
    "search.naming_one": ("1 actie noemt {name}:", "1 action mentions {name}:"),
    "search.header_one": ("Het actieplan heeft hierover 1 actie:", "The action plan has 1 action on this:"),
    "search.line": (
        "• {title} ({id}). Output: {output} Trekker: {lead}; {timing}.",
        "• {title} ({id}). Output: {output} Lead: {lead}; {timing}.",
    ),
    "search.selection": (
        "Dit zijn de acties die het meest over je vraag gaan; {count} andere acties raken het onderwerp zijdelings.",
        "These are the actions most about your question; {count} other actions touch on the topic.",
    ),
    "search.selection_one": (
        "Dit zijn de acties die het meest over je vraag gaan; 1 andere actie raakt het onderwerp zijdelings.",
        "These are the actions most about your question; 1 other action touches on the topic.",
    ),
    "yesno.yes": ("Ja.", "Yes."),
    "yesno.no": ("Nee.", "No."),
    "yesno.running": ("Ja, {id} loopt nu volgens zijn timing.", "Yes, {id} is running now by its timing."),
    "yesno.ongoing": ("Ja, {id} loopt doorlopend.", "Yes, {id} runs on continuously."),
    "yesno.planned": (
        "Nee, {id} is volgens het plan nog in voorbereiding (gepland).",
        "No, by the plan {id} is still being prepared (planned).",
    ),
    "yesno.finished": (
        "Nee, volgens de planning is {id} afgerond.",
        "No, according to its timing {id} has ended.",
    ),
    "yesno.undetermined": (
        "Dat legt het plan niet vast: de timing van {id} is nog niet bepaald.",
        "The plan does not say: the timing of {id} is not yet set.",
    ),
    "search.background": ("Achtergrond: {quote} ({source}).", "Background: {quote} ({source})."),
    "meaning.header": ("Het actieplan zegt daarover:", "The action plan says:"),
    "meaning.undefined": (
        "Het actieplan legt dat begrip nergens uit. Wel zegt het dit:",
        "The action plan does not explain that term anywhere. It does say this:",
    ),
    # Funding answers.
    "funding.no_money": (
        "Nee: het actieplan en VITO Kennispunt Water verdelen zelf geen subsidies of leningen, en het plan noemt "
        "geen bedragen of percentages. Het wijst wel de weg naar de instrumenten hieronder.",
        "No: the action plan and VITO Kennispunt Water hand out no subsidies or loans themselves, and the plan names "
        "no amounts or percentages. It does point the way to the instruments below.",
    ),
    "funding.yes": (
        "Ja. Voor {needs} werkt het plan aan de instrumenten hieronder.",
        "Yes. For {needs} the plan works on the instruments below.",
    ),
    "funding.no_verdict_receive": (
        "Of jij die steun krijgt, beslist het actieplan niet: het verdeelt zelf geen subsidies of leningen. Voor "
        "{needs} werkt het wel aan de instrumenten hieronder.",
        "Whether you get that support is not for the action plan to decide: it hands out no subsidies or loans "
        "itself. For {needs} it does work on the instruments below.",
    ),
    "funding.investment": ("een waterinvestering", "a water investment"),
    "funding.no_verdict_law": (
        "Juridisch of fiscaal advies geeft het actieplan niet: het is geen regelgeving. Voor {needs} werkt het wel "
        "aan de instrumenten hieronder.",
        "The action plan gives no legal or tax advice: it is not legislation. For {needs} it does work on the "
        "instruments below.",
    ),
    "funding.no_verdict": (
        "Of je dit mag of moet, zegt het actieplan niet: het stelt geen regels. Voor {needs} werkt het wel aan de "
        "instrumenten hieronder.",
        "Whether you may or must do this, the action plan does not say: it sets no rules. For {needs} it does work "
        "on the instruments below.",
    ),
    "funding.not_yet": (
        "Nog niet als bestaand instrument: voor {needs} bereidt het plan de acties hieronder voor.",
        "Not yet as an existing instrument: for {needs} the plan prepares the actions below.",
    ),
    "funding.lead": (
        "Voor {needs} wijst het actieplan je naar de instrumenten hieronder.",
        "For {needs} the action plan points you to the instruments below.",
    ),
    "funding.lead_general": (
        "Voor de financiering van een waterinvestering wijst het actieplan je naar de instrumenten hieronder.",
        "For financing a water investment the action plan points you to the instruments below.",
    ),
    "funding.lead_about": (
        "Het actieplan werkt hieraan met de acties hieronder.",
        "The action plan works on this with the actions below.",
    ),
    "funding.not_itself": (
        "Het plan verdeelt zelf geen subsidies of leningen en noemt geen bedragen of percentages.",
        "The plan hands out no subsidies or loans itself and names no amounts or percentages.",
    ),
    "funding.now_header": ("Loopt volgens de planning:", "Running according to the plan:"),
    "funding.planned_header": ("Gepland:", "Planned:"),
    "funding.finished_header": ("Volgens de planning afgelopen:", "Ended according to the plan's timing:"),
    "funding.item": ("• {text} ({id}){extra}", "• {text} ({id}){extra}"),
    "funding.also": ("met o.a.", "incl."),
    "funding.item_planned": (" — gepland: {timing}.", " — planned: {timing}."),
    "funding.item_preparing": (
        " — gepland ({timing}); het plan zegt niet of het er al is.",
        " — planned ({timing}); the plan does not say whether it exists yet.",
    ),
    "funding.item_preparing_open": (
        " — gepland (in voorbereiding); de timing ligt nog niet vast.",
        " — planned (in preparation); its timing is not yet set.",
    ),
    "funding.item_running": (
        " — loopt volgens de planning ({timing}); het plan zegt niet wat er al klaar is.",
        " — running according to the plan ({timing}); the plan does not say what is ready yet.",
    ),
    "funding.item_ongoing": (" — doorlopend, een vaste dienst.", " — ongoing, a standing service."),
    "funding.item_finished": (
        " — liep {timing}; het plan zegt niet wat het opleverde: vraag het aan {lead}.",
        " — ran {timing}; the plan does not say what it delivered: ask {lead}.",
    ),
    "funding.item_undetermined": (" — de timing ligt nog niet vast.", " — its timing is not yet set."),
    "funding.contact": (
        "Wie deze acties leidt, is je aanspreekpunt: {leads}.",
        "Whoever leads these actions is your point of contact: {leads}.",
    ),
    "funding.no_persons": (
        "Het plan noemt geen contactpersonen of telefoonnummers.",
        "The plan names no contact persons or phone numbers.",
    ),
    "funding.no_contact": (
        "Het plan noemt nog geen trekker voor deze acties, en geen contactpersonen of telefoonnummers.",
        "The plan names no lead for these actions yet, and no contact persons or phone numbers.",
    ),
    "funding.no_lead_yet": ("Voor {ids} is nog geen trekker bepaald.", "No lead has been set yet for {ids}."),
    "funding.contact_lead": ("{org} ({ids})", "{org} ({ids})"),
    "funding.partners": ("Betrokken partners: {partners}.", "Partners involved: {partners}."),
    "funding.sector": (
        "Voor jouw sector is {org} betrokken ({ids}).",
        "For your sector {org} takes part ({ids}).",
    ),
    # Suggested follow-up questions.
    "suggest.key_actions": ("Welke daarvan zijn sleutelacties?", "Which of these are key actions?"),
    "suggest.running_now": ("Welke daarvan lopen nu?", "Which of these are running now?"),
    "suggest.lead_of": ("Wie trekt {id}?", "Who leads {id}?"),
    "suggest.partners_of": ("Wie zijn de partners van {id}?", "Who are the partners of {id}?"),
    "suggest.timing_of": ("Wat is de timing van {id}?", "What is the timing of {id}?"),
    "suggest.objective_of": ("Onder welke doelstelling valt {id}?", "Which objective does {id} belong to?"),
    "suggest.org_actions": ("Welke acties betrekken {org}?", "Which actions involve {org}?"),
    # Comparisons.
    "compare.header": ("{ids} naast elkaar:", "{ids} side by side:"),
    "compare.row": ("• {label}: {values}.", "• {label}: {values}."),
    "compare.versus": (" tegenover ", " versus "),
    "label.timing": ("Timing", "Timing"),
    "label.importance": ("Relatief belang", "Relative importance"),
    "label.status": ("Status", "Status"),
    "label.output": ("Output", "Output"),
    "label.lead_cap": ("Trekker", "Lead"),
    "label.project": ("project {names}", "project {names}"),
    "value.no_importance": ("niet vermeld", "not stated"),
    "value.no_status": ("eigen werking", "own means"),
    # Roles.
    "role.both": ("trekker en partner", "lead and partner"),
    "role.lead": ("trekker", "lead"),
    "role.partner": ("partner", "partner"),
    "label.lead": ("trekker", "lead"),
    # Cells the plan leaves open.
    "open.people": ("nog niet bepaald (tbd)", "not yet decided (tbd)"),
    "open.timing": ("timing nog te bepalen", "timing not yet set"),
    "open.when": ("nog te bepalen", "not yet set"),
    "note.running": (" (loopt nu)", " (running now)"),
    "timing.from": ("vanaf {start}", "from {start}"),
    "note.planned": (" (gepland)", " (planned)"),
    "note.preparing": (" (looptijd begonnen, status planning: in voorbereiding)", " (period begun, status planning)"),
    "note.finished": (" (volgens de planning afgerond)", " (finished according to the plan's timing)"),
    # Importance values.
    "importance.Sleutelactie": ("sleutelactie", "key action"),
    "importance.Ondersteunend": ("ondersteunend", "supporting"),
    # Field sentences of a lookup.
    "field.action": ("Actie: {text} {ref}", "Action: {text} {ref}"),
    "field.output": ("Output: {text} {ref}", "Output: {text} {ref}"),
    "field.initiators": ("Trekker: {text} {ref}.", "Lead: {text} {ref}."),
    "field.partners": ("Betrokken partners: {text} {ref}.", "Partners: {text} {ref}."),
    "field.timing": ("Timing: {text} {ref}.", "Timing: {text} {ref}."),
    "field.importance": ("Relatief belang: {text} {ref}.", "Importance: {text} {ref}."),
    "field.no_importance": (
        "Het plan vermeldt geen relatief belang (sleutelactie of ondersteunend) voor {id} {ref}.",
        "The plan gives no relative importance for {id} {ref}.",
    ),
    "field.objective": (
        "Operationele doelstelling: {id} {title}; hefboom: {lever} {ref}.",
        "Operational objective: {id} {title}; lever: {lever} {ref}.",
    ),
    "status.planning": (
        "Status: planning — de actie is in voorbereiding en staat nog open voor verfijning{projects} {ref}.",
        "Status: planning — valued and in preparation, still open to refinement {ref}.",
    ),
    "status.planning_projects": ("; genoemd project: {names}", ""),
    "status.project": (
        "Status: project, uitgevoerd met cofinanciering: {names} {ref}.",
        "Status: project with co-financing ({names}) {ref}.",
    ),
    "status.none": (
        "{id} is niet als planning of project aangeduid: ze wordt uitgevoerd met de werkingsmiddelen "
        "van VITO Kennispunt Water {ref}.",
        "{id} is marked neither planning nor project: it runs on VITO Kennispunt Water's own means {ref}.",
    ),
}


# Dutch verbs in filter descriptions, plural → singular, for "1 actie die nu loopt".
_SINGULAR = {"lopen": "loopt", "eindigen": "eindigt", "starten": "start", "zijn": "is", "trekken": "trekt",
             "hebben": "heeft", "vermelden": "vermeldt", "worden": "wordt"}  # fmt: skip


PHRASES |= ASKED_PHRASES


def singular(text: str) -> str:
    """A Dutch description with its plural verbs made singular ("die nu lopen" → "die nu loopt")."""
    return " ".join(_SINGULAR.get(word, word) for word in text.split(" "))


def no_verdict(caveat: str, language: str) -> str:
    """The sentence that keeps a list from reading as a verdict: the plan sets no rules, or gives no legal advice."""
    return say("search.no_verdict_law" if caveat == "law" else "search.no_verdict", language)


def say(key: str, language: str, **values: object) -> str:
    """The phrase for this key in the question's language, with its placeholders filled."""
    template = in_language(PHRASES[key], language)
    return template.format(**values) if values else template
