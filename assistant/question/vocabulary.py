"""Words and patterns the query parser recognises in Dutch (and English) questions."""

from __future__ import annotations

import re

from plan_model.records import DOMAIN_CODES

I = re.IGNORECASE  # noqa: E741  (short on purpose: it follows every pattern below)

OBJECTIVE_ID = re.compile(rf"\b({DOMAIN_CODES})\s*-?\s*O\.?\s*D\.?\s*(\d)\b", I)
# "de tweede operationele doelstelling" (of a domain named elsewhere in the question).
OBJECTIVE_ORDINAL = re.compile(
    r"\b(eerste|tweede|derde|vierde|1e|2e|3e|4e|first|second|third|fourth)\s+(?:operationele\s+|operational\s+)?"
    r"(?:doelstelling|objective)",
    I,
)
ORDINALS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "1e": 1, "2e": 2, "3e": 3, "4e": 4,
            "first": 1, "second": 2, "third": 3, "fourth": 4}  # fmt: skip
# A domain code as a word of its own, in any case: "KP", "bw-acties", "kp:", "het bm-domein".
DOMAIN_CODE = re.compile(r"(?<![\w.-])(kp|bw|bt|bm)(?![\w.]|-?\d)", I)
# Words that make a domain's everyday words name the domain ("het domein vervuilende stoffen").
DOMAIN_MARKER = re.compile(r"\b(?:focus)?domein|\bluik\b|\bhoofdstuk|\bdomain\b|\bfocus area\b|\barea\b", I)
# Words that make a lever's words name the lever ("het spoor van de regels").
LEVER_MARKER = re.compile(r"\bhefboom|\bhefbomen|\bspoor\b|\bsporen\b|\binvalshoek|\bpijler|\blever|\btrack\b", I)
# "planning" as a status, not as a schedule ("volgens de planning", "de planning van mijn project").
PLANNING_WORD = re.compile(r"(?<!volgens de )(?<!volgens )(?<!de )\bplanning\b|\bplanned\b", I)
# The levers' own words: named together ("technologie, financiering, regels of kennis") they enumerate, not ask.
LEVER_WORDS = re.compile(
    r"\b(?:technologie|infrastructuur|financiering|geld|businessmodellen|regels|instellingen|kennis|capaciteit"
    r"|capaciteitsopbouw|vaardigheden|technology|financing|rules|knowledge)\b",
    I,
)

ROLE_INITIATOR = re.compile(
    r"\btrek(t|ken|ker|kers)?\b|\bgetrokken\b|initiatiefnemer|\binitiator|\bleidt?\b|\bleiden\b|\bleider\b|\bleidend"
    r"|\bgeleid\b|\bde leiding\b|\bleiding\s+(?:heeft|hebben|neemt|nemen)|\bvoortouw|\bvoortrekker|\bin handen\b"
    r"|\bverantwoordelijk\b|\baan het roer\b|\bcoördine|\bcoordine|\blead(s|ing)?\b|\bled by\b|\bin charge\b"
    r"|\brunning the action\b|\bis running\b|\bowns?\b|\bresponsible\b",
    I,
)
# Role words in another sense: "trekken" as travelling ("een expo die langs industriezones trekt", "trekt door
# Vlaanderen"); "zitten" as being in the plan ("zit die in het plan?", "zitten er subsidies in het actieplan?") or
# at a table with someone.
NOT_A_ROLE = re.compile(
    r"\blangs\s+(?:\w+\s+){0,4}?trek(?:t|ken)\b|\btrek(?:t|ken)\s+(?:\w+\s+)?(?:langs|door\s+(?:heel\s+)?"
    r"(?:vlaanderen|het\s+land|de\s+provincie)|van\s+\w+\s+naar)\b|\brondtrek\w*|\btrek(?:t|ken)\s+rond\s*[.?!,]"
    r"|\bzit(?:ten)?\s+(?:\w+\s+){0,3}?in\s+(?:het|dat|dit|jullie|uw|je)\s+(?:actie)?plan\b"
    # "met de bedrijven rond de tafel zitten": meeting them, not a role they have in an action.
    r"|\bmet\s+(?:de\s+)?(?:\w+\s+){1,2}?(?:rond|aan)\s+(?:de\s+)?tafel\s+(?:zitten|gaan\s+zitten)\b",
    I,
)
ROLE_PARTNER = re.compile(
    r"\bpartners?\b|\bwerk(t|en)\s+(\w+\s+){0,3}mee\b|\bmeewerk|\bals partner|\bmeewerkende\b|\bpartij\b"
    r"|\bhelpt mee\b|\bhelpen mee\b|\bcollaborat|\bcontribut",
    I,
)
ROLE_ANY = re.compile(
    r"betrek|betrokken|\bzit(ten)?\b(?! het\b)|verbonden|involv|deelnem|neemt deel|\brol\b|\brole\b|participat"
    r"|\bspeelt\b"
    r"|\bdoe[tn]?\s+(\w+\s+){0,3}mee\b|\bmeedoe|\bon board\b|\berbij\b|\bsamenwerk(?!ing)"
    r"|\bwerk\w*\s+(\w+\s+){0,3}samen\b"
    r"|\baan tafel\b|\bwork\w*\s+with\b"
    r"|\bkomt\s+(\w+\s+){0,4}voor\b|\bvoorkomt\b|\bplay a role\b|\bfigureert",
    I,
)
EXCLUDE_OWN_LEAD = re.compile(
    r"niet\s+zelf|niet\s+(de|als)\s+trekker|niet\s+getrokken|en\s+niet\s+(de\s+)?trekker|enkel\s+partner|"
    r"alleen\s+(als\s+)?partner|zonder\s+(zelf\s+)?de\s+leiding|niet\s+als\s+leider|niet\s+(zelf\s+)?leidt"
    r"|enkel\s+(als\s+)?meewerkende|alleen\s+meewerk|enkel\s+meewerk|(?:alleen|enkel)\s+mee\b|alleen\s+meedoe"
    r"|not\s+(the\s+)?lead|not\s+leading|only\s+(as\s+)?(a\s+)?partner|without\s+leading|not\s+just\s+a\s+partner",
    I,
)
# "en niet alleen partner": the named organisation leads (the opposite of the pattern above).
ONLY_LEAD = re.compile(r"not\s+just\s+(a\s+)?partner|niet\s+(alleen|enkel)\s+(als\s+)?partner", I)
# "andere organisaties dan VITO KW": the organisation after "dan" is excluded.
OTHER_THAN = re.compile(
    r"\bander(e|en)?\b[^.?!]{0,40}\bdan\s*(het\s+|de\s+)?$|\bother than\s*(the\s+)?$|\bbuiten\s*$"
    r"|\blos\s+van\s*(het\s+|de\s+)?$|\bapart from\s*$|\bexcept\s*(for\s+)?$",
    I,
)
LIST_INTENT = re.compile(
    r"\bwelke\b|\bwelk\b|\blijst\b|\bopsomming\b|\btoon\b|\bgeef\b|\bhoeveel\b|\bwaar\b[^.?!]{0,60}\bbij\b|\bwaar\s+is\b"
    r"|\bergens\b|\bwhich\b|\blist\b|\bhow many\b|\ballemaal\b|\bin welke\b|\bzijn er\b|\bnoem\b|\boverzicht\b"
    r"|\bwat\s+(?:zijn|staat|loopt|start|begint|lopen)\b|\bwhat are\b|\ballen?\b",
    I,
)
# A count of the plan's parts ("hoeveel acties", "hoeveel zijn er"), not of anything else ("hoeveel regen").
COUNT_INTENT = re.compile(
    r"\bhoeveel\s+(?:\w+\s+)?(?:acties|actiepunten|maatregelen|doelstellingen|(?:focus)?domeinen|projecten"
    r"|organisaties|partners|sleutelacties)\b"
    r"|\bhoeveel\s+(?:zijn|er\s+(?:zijn|staan)|staan|telt|bevat|heeft|in\s+totaal)\b"
    r"|\bhoeveel\s*\?|\bhow many\b|\baantal\b|\btelt\b|\bbestaat\s+(?:het\s+plan\s+)?uit\b",
    I,
)
# The whole plan as the subject of a count: "uit hoeveel acties bestaat het plan", "hoeveel acties zijn er in totaal".
PLAN_WIDE = re.compile(
    r"\b(?:het|dit|heel het|het hele|the)\s+(?:actie)?plan\b|\bin totaal\b|\bin het totaal\b|\bin all\b|\btotaal\b"
    r"|\bover de domeinen\b|\bper domein\b|\bverdeeld\b|\bverdeling\b|\bper focusdomein\b",
    I,
)
# "Wat zijn de vier focusdomeinen?", "welke domeinen heeft het plan?": the plan's parts, answered by its overview.
ASKS_DOMAINS = re.compile(
    r"\b(?:wat|welke)\s+(?:zijn|is)\s+(?:de|die)\s+(?:\w+\s+)?(?:focus)?domeinen\b"
    r"|\bwelke\s+(?:focus)?domeinen\s+(?:zijn\s+er|heeft|telt|bevat|kent)\b"
    r"|\bwhat\s+are\s+the\s+(?:\w+\s+)?(?:focus\s+)?(?:domains|focus areas)\b|\bwhich\s+(?:focus\s+)?domains\b",
    I,
)
# Asks how many objectives or domains the plan has, rather than actions.
COUNTS_OBJECTIVES = re.compile(r"\bdoelstellingen\b|\bobjectives\b", I)
TOPIC_MARKER = re.compile(
    r"\b(rond|rondom|over|omtrent|inzake|aangaande|m\.b\.t\.|met betrekking tot|about|voor|concerning|regarding)"
    r"\s+(\w[\w-]*)",
    I,
)
# Yes/no questions ("Kan ik …", "Geeft het plan …", "Is er …").
YES_NO = re.compile(
    r"^\s*(?:en\s+)?(kan|kunnen|is|zijn|geeft|geven|heeft|hebben|bestaat|bestaan|mag|mogen|moet|moeten|wordt|worden"
    r"|komt|komen|krijg|krijgen|zal|zullen|doet|doen|biedt|bieden|verstrekt|helpt|helpen|financiert|betaalt"
    r"|loopt|lopen|start|starten|begint|beginnen|eindigt|eindigen|gaat|gaan|werkt|werken"
    r"|can|could|is|are|does|do|will|may|should)\b",
    I,
)
# Asks whom to turn to: the organisations that lead, not people ("bij wie kan ik aankloppen?").
ASKS_CONTACT = re.compile(
    r"\baankloppen\b|\bterecht\b|\bbij wie\b|\bwie\s+(kan|moet)\s+ik\b|\bcontacteren\b|\bcontact\s+opnemen\b"
    r"|\bwie\s+(kan|kunnen)\s+(mij|ons|me)\s+helpen\b|\bnaar wie\b|\bwho\s+(do|should|can)\s+i\s+(contact|ask)\b"
    r"|\bwhom\b|\bwho can help\b|\bwaar moet ik (zijn|heen)\b|\bwelke organisatie",
    I,
)

# "Wat betekent 'planning'?": the meaning of one of the plan's own labels, which its introduction defines.
ASKS_MEANING = re.compile(
    r"\b(betekent|betekenis|wil\s+(?:dat|dit|het)\s+zeggen|"
    r"wat\s+bedoelt\s+(men|het plan|u|je)\s+met|wat\s+wordt\s+(er\s+)?bedoeld\s+met|"
    r"what\s+does\s+[^.?!]{0,40}\bmean|wat\s+houdt\s+[^.?!]{0,30}\bin\b|wat\s+is\s+een\s+(sleutelactie|hefboom))",
    I,
)

FIELDS = {
    "initiators": re.compile(
        r"\bwie\s+trekt|trekker|\btrekt\b|getrokken|initiatiefnemer|initiator|\bleads?\b|leidt|betrokken|involved"
        r"|wie\s+zit|wie\s+werk|\bverantwoordelijk|\bvoortouw|\bde leiding\b|\bin charge\b|\bwho runs\b|\bleider\b"
        r"|\bleid\b|\bwie\s+doet\b|\bwho\s+is\s+behind\b",
        I,
    ),
    "partners": re.compile(
        r"partners?|werk(en|t)\s+(\w+\s+){0,3}mee|meewerk|wie\s+zit|betrokken|involved|\bdoe[tn]?\s+(\w+\s+){0,3}mee\b"
        r"|\bmet\s+welke\s+organisaties\b|\bsamen\s+met\b|\bwelke\s+organisaties\b|\bwho\s+else\b|\bcollaborat",
        I,
    ),
    "output": re.compile(
        r"\boutput|opleveren|oplevert|opgeleverd|resultaat|resultaten|deliverable|wat levert"
        r"|\blevert\b[^.?!]{0,60}\bop\b|\bdeliver|\bproduce|\bwat\s+komt\s+er\s+uit|\beindproduct",
        I,
    ),
    "timing": re.compile(
        r"timing|wanneer|looptijd|\bloopt\b|\blopen\b|\bstart|\bbegin|deadline|klaar|timeline|\bwhen\b|\bplanning\b"
        r"|\bhoe\s+lang\b|\btijdspad\b",
        I,
    ),
    "importance": re.compile(r"belang|sleutelactie|ondersteunend|key action|priorit|\bgewicht", I),
    "status": re.compile(
        r"\bstatus\b|cofinanc|gefinancierd|\bfinanced\b|\bin\s+planning\b|\bproject|voorbereid|mee\s+betaald"
        r"|medefinanc|meegefinanc",
        I,
    ),
    "objective": re.compile(
        r"doelstelling|hefboom|objective|\blever\b|O\.D\.|\bdoel\b|subdoel|\bspoor\b|\bsporen\b|invalshoek|pijler", I
    ),
    "action": re.compile(
        r"wat\s+(houdt|is|doet|behelst|gebeurt)|inhoud|beschrijving|omschrijving|what\s+(is|does)|waarover|uitleg|\bover\b",
        I,
    ),
}

UNANSWERABLE = {
    "budget": re.compile(
        # "het budget ontbreekt", "ons budget is krap": the asker's own money, no question for the plan's budget.
        r"\bbudget\b(?!\s+(?:ontbreekt|is\s+(?:krap|beperkt|op|te\s+klein)|schiet\s+tekort|niet\s+hebben))"
        r"(?<!\bons\sbudget)(?<!\bons\seigen\sbudget)"
        r"|hoeveel\s+(geld|euro|middelen|subsidie|steun|procent|%|premie|krijg|kan ik|mag ik|bedraagt)"
        r"|\bwelke?\s+(bedrag|budget|percentage|tarief|prijs)|wat\s+kost|hoeveel\s+kost(?![^.?!]{0,40}(uitspar|bespar"
        r"|vermijd|vermed|uitgespaard))|\bkostprijs|\bprijs\s+(van|per)|\btarie[fv]|\brente\b|\brentevoet|\bintrest"
        r"|\binterest rate|how much (money|funding|subsidy|does|is)|\bpercentage\b|\bprocent\b[^.?!]{0,30}\?"
        r"|\bmaximale?\s+(steun|subsidie|premie|bedrag|lening|tussenkomst)|\bhoeveel\s+maximaal|\bmaximaal\s+lenen"
        r"|\bper\s+(kubieke|m3|m³|liter)|\bomzet\b|\bhet\s+bedrag\b|\bin\s+euro\b|\bhoeveel\s+euro|\bprijs\b|\bprijzen\b|\bjaarbudget|\bwerkingsbudget|\bhoe\s+hoog\s+is\s+(de|het)\s+"
        r"(steun|subsidie|premie|lening|rente)|\bhoeveel\s+(mag|kan)\s+(ik|een bedrijf|we)\s+(lenen|krijgen)",
        I,
    ),
    "contact": re.compile(
        r"telefoon|e-?mail|\badres\b|contactpersoon|contactgegevens|projectleider|verantwoordelijke\s+persoon"
        r"|\bphone|contact\s+person|\bwebsite\s+van\s+\w+\s+persoon|wie\s+is\s+(de|het)\s+(contact|project|aanspreek)"
        r"|\bnummer\b[^.?!]{0,30}\bbellen|\bbellen\b|\bmailen\b|\bnaam\s+van\s+de\s+(persoon|medewerker|verantwoordelijke)"
        r"|\bhoe\s+heet\s+(de|het)\s+(persoon|medewerker|verantwoordelijke|contact)|\bwelke\s+persoon\b|\bpersonen\b"
        # A title asked about ("wie is de directeur"), not the asker's own ("ik als zaakvoerder", "ik ben directeur").
        r"|\bwelke\s+medewerker|(?<!als )(?<!ben )(?<!een )"
        r"(?:\bdirecteur|\bdirectrice|\bvoorzitter|\bceo\b|\bzaakvoerder|\bgedelegeerd bestuurder)"
        r"|\bdirector\b|\bchair(man|person)?\b|\bwho\s+is\s+the\s+(head|director|ceo|chair)|\bwie\s+werkt\s+er\s+bij\b"
        r"|\bhoeveel\s+(medewerkers|werknemers|personeelsleden|mensen\s+werken)|\bnaam\b[^.?!]{0,30}\bpersoon"
        r"|\bwie\s+(moet|kan|mag)\s+ik\s+bij\s+[^.?!]{1,60}\b(contacteren|bellen|mailen|aanspreken)",
        I,
    ),
    "permit": re.compile(
        r"lozingsnorm|grenswaarde|normwaarde|\bnorm(en)?\b[^.?!]{0,60}\bvergunning|emission limit|permit limit"
        r"|\bhoeveel\b[^.?!]{0,40}\bmag\s+ik\b[^.?!]{0,40}\blozen\b|\bmag\s+ik\b[^.?!]{0,40}\blozen\b",
        I,
    ),
    "staff": re.compile(
        r"\bhoeveel\s+(\w+\s+){0,2}(medewerkers|werknemers|personeelsleden|vte|fte|voltijdse|mensen|personen|uren)\b"
        r"|\bpersoneelsinzet|\bmensuren|\bhow many (people|staff|employees|fte)",
        I,
    ),
    "statistics": re.compile(
        r"hoeveel\s+[\w']+\s+(hebben|zijn)\s+(al|reeds)|how many [^.?!]{0,60} (already|have)|\btot\s+nu\s+toe\b"
        r"|\bal\s+(deelgenomen|meegedaan)|\baantal\s+deelnemers\b|\bhoeveel\s+deelnemers\b|\bhoeveel\b[^.?!]{0,40}\bal\b"
        r"[^.?!]{0,40}\b(gekomen|deelgenomen|meegedaan|bereikt|geholpen|ingeschreven)"
        r"|\buiteindelijk\s+(\w+\s+){0,2}(geselecteerd|gekozen|beslist|bereikt|opgeleverd|uitgekomen)"
        r"|\bwelke\s+(\w+\s+){0,3}(zijn|werden|is|werd)\s+(er\s+)?(uiteindelijk\s+)?(geselecteerd|gekozen)\b"
        r"|\bwat\s+(is|was)\s+(het\s+)?resultaat\s+van\b|\bwat\s+heeft\s+[^.?!]{0,40}\s+opgeleverd",
        I,
    ),
    "schedule": re.compile(
        r"\bvolgende\s+(vergadering|bijeenkomst|sessie|workshop|editie|meeting)\b|\bwanneer\s+vergadert"
        r"|\bopeningsuren|\bopeningstijden|\bopen\s+(op|tijdens)\b|\bis\s+[^.?!]{0,30}\bopen\??$|\bnext\s+meeting\b"
        r"|\bagenda\s+van\b|\bop\s+welke\s+datum\b",
        I,
    ),
    "offtopic": re.compile(r"\bhoe laat\b|\bweerbericht\b|voetbal|\bweer\s+morgen\b", I),
}

FUNDING = re.compile(
    r"financ|subsid|investe|\blening|krediet|\bbank|verzeker|bekostig|\bgeld|\b(geld)?middelen\b|\bfunding|\binsur|\bloan|"
    r"kosten-baten|vermeden kosten|brugkrediet|cashflow|voorfinanc|\bsteun\b|\bpremie|\btoelage|\bbetaa?l(?!baar)",
    I,
)
# The asker wants money from the plan or the Kennispunt itself: the plan's answer is no.
MONEY_FROM_PLAN = re.compile(
    r"\b(geeft|geven|verdeelt|verdelen|verstrekt|verstrekken|verleent|betaalt|financiert|subsidieert|deelt|delen|keert"
    r"|keren|reikt|reiken)\s+"
    r"(het\s+)?(actieplan|plan|kennispunt|vito|jullie|u)\b[^.?!]{0,40}\b(subsidie|subsidies|lening|leningen|geld|premie|premies|steun)\b"
    r"|\b(lening|subsidie|geld|premie)\b[^.?!]{0,40}\bbij\s+(het\s+)?(kennispunt|vito|jullie|u)\b"
    r"|\b(bij|van)\s+(het\s+)?(kennispunt|vito|jullie)\b[^.?!]{0,40}\b(lening|subsidie|geld|premie)\b"
    r"|\b(does|do)\s+(the plan|vito|you)\s+(give|grant|provide|fund|lend)\b",
    I,
)
# (Money asked of another organisation, "geeft VLAIO subsidies?", is a question about that organisation.)
# A company speaking of its own situation ("wij zijn een kmo", "onze investering").
FIRST_PERSON = re.compile(r"\b(ik|wij|we|ons|onze|mijn|me|mij|our|we|my|i)\b", I)

# "Wij zijn een bank.", "ik ben een studiebureau", "we are an SME": the asker says what kind of party it is; a group
# named there is the asker, not a filter.
# The introduction runs to the end of its clause: "ik werk bij de provincie en we kijken naar …" introduces only
# "de provincie".
_INTRODUCED = r"(?:(?!\b(?:en|maar|want|dus|omdat|and|but)\b)[^.?!,;]){0,60}"
SELF_INTRODUCTION = re.compile(
    rf"\b(?:wij|we|ik)\s+(?:zijn|ben)\s+een\b{_INTRODUCED}|\b(?:we\s+are|i\s+am)\s+an?\b{_INTRODUCED}"
    rf"|\bik\s+werk\s+(?:bij|voor|op)\b{_INTRODUCED}|\bi\s+work\s+(?:at|for)\b{_INTRODUCED}",
    I,
)
# "Welke acties trekken wij?", "waar zijn we partner?": the asker's own organisation is what the question is about.
ASKER_AS_SUBJECT = re.compile(r"\b(?:wij|we|ons|onze|our|us)\b", I)

FOLLOWUP_PLURAL = re.compile(
    r"\bdaarvan\b|\bervan\b|\bhiervan\b|\bdie acties\b|\bdeze acties\b|\bwelke van (die|deze)\b"
    r"|\bvan\s+die\s+acties\b|\bof (those|them)\b|\bthose\b|\bthem\b|\bthey\b|\bze\b|\bzij\b|\bhun\b"
    r"|\bdeze\b(?!\s+actie\b)|\bal\s+die\b|\bdaar\s+allemaal\b"
    # "Wie werken daar aan mee?", "bij wie kan ik daarvoor terecht?": the previous answer's subject, all of it.
    r"|\bdaar\b|\bdaaraan\b|\bdaarvoor\b|\bdaarover\b|\bdaarbij\b|\bdaarin\b|\bhiervoor\b|\bhieraan\b",
    I,
)
FOLLOWUP_SINGULAR = re.compile(
    r"\bdie actie\b|\bdeze actie\b|\bdie\b|\bdeze\b|\bdat\b|\bhet\b(?=\s*\?)|\bit\b"
    r"|\bthat action\b|\bthis action\b",
    I,
)
# "Wie doet wat?", "wie is verantwoordelijk voor wat?": how roles are divided, not who leads.
ROLE_DIVISION = re.compile(
    r"\bwie\s+(?:doet|draagt|betaalt|regelt)\s+(?:\w+\s+)?wat\b|\bverantwoordelijk\s+voor\s+wat\b"
    r"|\bwie\s+(?:moet|zal|gaat|kan)\s+(?:\w+\s+){0,3}wat\s+(?:doen|regelen|betalen|dragen|opnemen)\b"
    # "Wie is er verantwoordelijk als bedrijven samen …?", "… voor een gedeelde buffer: de gemeente of de bedrijven?":
    # responsibility in a situation, or among parties the question offers, is how roles are divided.
    r"|\bwie\s+(?:is|zijn)\s+(?:er\s+)?(?:\w+\s+){0,2}verantwoordelijk\b[^.?!:]{0,80}?"
    r"(?:\b(?:als|wanneer|indien|zodra)\b|:\s*(?:de|het)\s)"
    r"|\b(?:als|wanneer|indien)\b[^.?!]{0,120}\bwie\s+(?:is|zijn)\s+(?:\w+\s+){0,3}verantwoordelijk\b"
    r"|\bwie\s+(?:is|zijn)\s+(?:\w+\s+){0,3}juridisch\s+verantwoordelijk\b"
    r"|\bwho\s+does\s+what\b|\bresponsible\s+for\s+what\b",
    I,
)
# The users' words for how roles are divided, as the vocabulary holds them: what a ROLE_DIVISION question is about.
ROLE_DIVISION_WORDS = "wie doet wat"
# "Wie trekt dat?" after a topic answer: the neuter "dat"/"dit"/"het" points at the whole subject, not one action.
FOLLOWUP_SUBJECT = re.compile(r"\b(dat|dit)\b(?!\s+(actie|project)\b)|\bhet\b(?=\s*\?)", I)
# "Wat gebeurt er na de selectie van de stoffen?", "wat zijn de volgende stappen?": what comes after an action.
ASKS_WHAT_FOLLOWS = re.compile(
    r"\bwat\s+(?:gebeurt|volgt|komt)\s+(?:er\s+)?(?:daarna|vervolgens|nadat|na|op)\b|\b(?:volgende|verdere)\s+stappen?\b"
    r"|\b(?:volgt|volgen|bouwt|bouwen)\s+(?:er\s+)?(?:verder\s+)?op\b|\bvervolgstappen?\b|\bwhat\s+(?:happens|comes)\s+(?:after|next)\b|\bnext\s+steps?\b",
    I,
)
# "Welke acties verwijzen naar de Blue Deal?", "waar komt de Kaderrichtlijn Water terug?": every action that names
# something, not the few most about it.
MENTIONED = re.compile(
    r"\b(?:verwijzen|verwijst|refereren|refereert)\s+(?:er\s+)?naar\s+(?P<a>[^?.!,]{2,60})"
    r"|\b(?:noemen|vermelden|noemt|vermeldt)\s+(?:het\s+(?:actie)?plan\s+)?(?:ergens\s+|nog\s+)?(?P<b>[^?.!,]{2,60})"
    r"|\bwaar\s+(?:in\s+het\s+(?:actie)?plan\s+)?(?:komt|staat|wordt)\s+(?P<c>[^?.!,]{2,60}?)\s+(?:terug|vermeld|genoemd)\b"
    r"|\b(?:mention|refer\s+to)\s+(?P<d>[^?.!,]{2,60})",
    I,
)
STARTS_WITH_AND = re.compile(r"^\s*(en|and|of|ook|what about|en wat met|en voor)\b", I)
# The word "acties" (or a code) names what is asked about: without it, "welke lopen er nog?" is elliptic.
NAMES_ACTIONS = re.compile(r"acties?\b|\bactions?\b|\bakties?\b|\bprojecten\b|\binitiatieven\b", I)


def _pattern_words() -> set[str]:
    """The literal words and stems (four letters or more) of every pattern above: a typo of one is repaired to it."""
    patterns: list[re.Pattern[str]] = []
    for value in list(globals().values()):
        if isinstance(value, re.Pattern):
            patterns.append(value)
        elif isinstance(value, dict):
            patterns += [v for v in value.values() if isinstance(v, re.Pattern)]
    # Escapes go first, so that a word right after a word boundary counts (r"\bverantwoordelijk").
    texts = [re.sub(r"\\[a-z]", " ", pattern.pattern.lower()) for pattern in patterns]
    return {word for text in texts for word in re.findall(r"[a-z]{4,}", text)}


PARSER_WORDS = _pattern_words()
