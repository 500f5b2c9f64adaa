"""Words and patterns the query parser recognises in Dutch (and English) questions."""

from __future__ import annotations

import re

I = re.IGNORECASE  # noqa: E741  (short on purpose: it follows every pattern below)

OBJECTIVE_ID = re.compile(r"\b(KP|BW|BT|BM)\s*-?\s*O\.?\s*D\.?\s*(\d)\b", I)
DOMAIN_CODE = re.compile(r"(?<![\w-])(KP|BW|BT|BM)(?=[\s-]*(?:acties|actie|projecten|domein|-?\b|$))")
DOMAIN_CODE_ANY_CASE = re.compile(r"(?:focus)?domein\s+(kp|bw|bt|bm)\b|\b(kp|bw|bt|bm)-acties\b", I)
DOMAIN_WORDS = {
    "KP": re.compile(r"ketenaanpak(\s+van)?\s+polluenten|\bketenaanpak\b", I),
    "BW": re.compile(r"bodem-?\s*(en|&)\s*watersysteem|beheerstrategie", I),
    "BT": re.compile(r"bedrijventerreinen|koppelkansen|industrial estates?", I),
    "BM": re.compile(r"businessmodellen|business models?", I),
}
LEVERS = {
    "technologie & infrastructuur": re.compile(r"technologie\s*(&|en)\s*infrastructuur|technology", I),
    "financiering & businessmodellen": re.compile(r"(hefboom\s+)?financiering\s*(&|en)\s*businessmodellen", I),
    "institutionele regels": re.compile(r"institutionele\s+regels|institutional", I),
    "kennis- en capaciteitsopbouw": re.compile(r"kennis-?\s*(&|en)\s*capaciteitsopbouw|capacity building", I),
}
IMPORTANCE = {
    "Sleutelactie": re.compile(r"sleutel\s*-?acties?|key actions?", I),
    "Ondersteunend": re.compile(r"ondersteunende?\s*(acties?)?\b|supporting actions?", I),
}
PLANNING = re.compile(r"\bplanning\b|in voorbereiding|planning stage|\bplanned\b", I)
PROJECT = re.compile(
    r"cofinanc|co-financ|gecofinancierd|(als|zijn|is een|worden als|met)\s+projecten?\b|\bprojecten\s+met\b"
    r"|\bprojectacties\b|\bprojects\b|co-?financed",
    I,
)
ACTIVE_IN = re.compile(
    r"(?:lopen|loopt|lopend|actief|active|running|bezig|gepland|voorzien|scheduled)\D{0,25}?((?:19|20)\d{2})"
    r"|((?:19|20)\d{2})\D{0,12}(?:nog\s+)?(?:lopen|loopt|actief|lopend|running|active)",
    I,
)
ACTIVE_NOW = re.compile(
    r"\b(?:lopen|loopt|lopend|actief|bezig)\s+(?:er\s+)?(?:nu|momenteel|op dit moment|vandaag)\b"
    r"|\b(?:nu|momenteel|op dit moment)\s+(?:al\s+)?(?:lopen|loopt|lopend|actief|bezig)\b|\blopende acties\b"
    r"|\b(?:currently|now)\s+(?:running|active)\b|\brunning now\b",
    I,
)
STARTS_IN = re.compile(
    r"(?:start|starten|begint|beginnen|van start|starting|begin)\D{0,15}?(?:(Q[1-4])\s*/?\s*)?((?:19|20)\d{2})", I
)
ENDS_IN = re.compile(r"(?:eindig|afgerond|aflopen|lopen af|loopt af|ending|end in)\D{0,15}?((?:19|20)\d{2})", I)
ONGOING = re.compile(r"\bdoorlopend|\bpermanent|\bongoing\b|\bcontinu", I)
UNDETERMINED = re.compile(
    r"(geen|nog geen|zonder)\s+(vastgelegde\s+|bepaalde\s+|concrete\s+)?timing|timing\s+(is\s+)?(nog\s+)?niet\s+"
    r"(bepaald|vastgelegd|gekend)|te bepalen|\btbd\b|no timing|timing (is )?(not|un)",
    I,
)

ROLE_INITIATOR = re.compile(
    r"\btrek(t|ken|ker|kers)?\b|\bgetrokken\b|initiatiefnemer|\binitiator|\bleidt\b|\bleiden\b|\blead(s|ing)?\b"
    r"|\bled by\b|\bcoördine",
    I,
)
ROLE_PARTNER = re.compile(r"\bpartners?\b|\bwerk(t|en)\s+(\w+\s+)?mee\b|\bmeewerk|\bals partner", I)
ROLE_ANY = re.compile(r"betrek|betrokken|\bzit(ten)?\b|verbonden|involv|deelnem|neemt deel|\brol\b|participat", I)
EXCLUDE_OWN_LEAD = re.compile(
    r"niet\s+zelf|niet\s+(de|als)\s+trekker|niet\s+getrokken|en\s+niet\s+(de\s+)?trekker|enkel\s+partner|"
    r"alleen\s+(als\s+)?partner|not\s+(the\s+)?lead|only\s+(as\s+)?(a\s+)?partner",
    I,
)
LIST_INTENT = re.compile(
    r"\bwelke\b|\bwelk\b|\blijst\b|\bopsomming\b|\btoon\b|\bgeef\b|\bhoeveel\b|\bwaar\b[^.?!]{0,60}\bbij\b|\bwaar\s+is\b"
    r"|\bergens\b|\bwhich\b|\blist\b|\bhow many\b|\ballemaal\b|\bin welke\b|\bzijn er\b",
    I,
)
COUNT_INTENT = re.compile(r"\bhoeveel\b|\bhow many\b|\baantal\b", I)
TOPIC_MARKER = re.compile(
    r"\b(rond|rondom|over|omtrent|inzake|aangaande|m\.b\.t\.|met betrekking tot|about|on)\s+(\w[\w-]*)", I
)

FIELDS = {
    "initiators": re.compile(
        r"\bwie\s+trekt|trekker|\btrekt\b|getrokken|initiatiefnemer|initiator|\bleads?\b|leidt|betrokken|involved"
        r"|wie\s+zit|wie\s+werk",
        I,
    ),
    "partners": re.compile(r"partners?|werk(en|t)\s+(\w+\s+)?mee|meewerk|wie\s+zit|betrokken|involved", I),
    "output": re.compile(
        r"\boutput|opleveren|oplevert|opgeleverd|resultaat|resultaten|deliverable|wat levert"
        r"|\blevert\b[^.?!]{0,60}\bop\b|\bdeliver|\bproduce",
        I,
    ),
    "timing": re.compile(r"timing|wanneer|looptijd|\bloopt\b|\blopen\b|\bstart|deadline|klaar|timeline|\bwhen\b", I),
    "importance": re.compile(r"belang|sleutelactie|ondersteunend|key action|priorit", I),
    "status": re.compile(r"planning|project|cofinanc|gefinancierd|\bstatus\b|financed", I),
    "objective": re.compile(r"doelstelling|hefboom|objective|\blever\b|O\.D\.", I),
    "action": re.compile(
        r"wat\s+(houdt|is|doet|behelst|gebeurt)|inhoud|beschrijving|omschrijving|what\s+(is|does)|waarover|uitleg|\bover\b",
        I,
    ),
}

UNANSWERABLE = {
    "budget": re.compile(
        r"budget|hoeveel\s+(geld|euro|middelen|subsidie|steun)|\beuro\b|€|bedrag|hoeveel\s+kost|wat\s+kost|kostprijs"
        r"|prijs|prijzen|\btarie[fv]|\brente\b|\bcost(s)?\b|\bprice|interest rate|how much (money|funding)",
        I,
    ),
    "contact": re.compile(
        r"telefoon|e-?mail|\badres\b|contactpersoon|contactgegevens|projectleider|verantwoordelijke\s+persoon"
        r"|\bphone|contact\s+person|\bwebsite\s+van\s+\w+\s+persoon|wie\s+is\s+(de|het)\s+(contact|project|aanspreek)",
        I,
    ),
    "permit": re.compile(
        r"lozingsnorm|grenswaarde|normwaarde|\bnorm(en)?\b[^.?!]{0,60}\bvergunning|emission limit|permit limit", I
    ),
    "statistics": re.compile(r"hoeveel\s+\w+\s+(hebben|zijn)\s+(al|reeds)|how many [^.?!]{0,60} (already|have)", I),
    "offtopic": re.compile(r"\bhoe laat\b|\bweerbericht\b|voetbal", I),
}

FUNDING = re.compile(
    r"financ|subsid|investe|\blening|krediet|\bbank|verzeker|bekostig|\bgeld|\b(geld)?middelen\b|\bfunding|\binsur|\bloan|"
    r"kosten-baten|vermeden kosten|brugkrediet|cashflow|voorfinanc",
    I,
)

FOLLOWUP_PLURAL = re.compile(
    r"\bdaarvan\b|\bervan\b|\bhiervan\b|\bdie acties\b|\bdeze acties\b|\bof (those|them)\b|\bthose\b", I
)
FOLLOWUP_SINGULAR = re.compile(
    r"\bdie actie\b|\bdeze actie\b|\bdie\b|\bdeze\b|\bdaar\b|\bdat\b|\bhet\b(?=\s*\?)|\bit\b"
    r"|\bthat action\b|\bthis action\b",
    I,
)
STARTS_WITH_AND = re.compile(r"^\s*(en|and|of|ook)\b", I)

ENGLISH_WORDS = {
    "which",
    "what",
    "who",
    "the",
    "does",
    "is",
    "are",
    "actions",
    "action",
    "involve",
    "involved",
    "leads",
    "plan",
    "about",
    "when",
    "how",
    "anything",
    "say",
    "of",
    "in",
    "and",
    "with",
    "key",
    "still",
    "stage",
}
DUTCH_WORDS = {
    "welke",
    "wat",
    "wie",
    "de",
    "het",
    "acties",
    "een",
    "zijn",
    "van",
    "is",
    "er",
    "over",
    "hoe",
    "trekt",
    "betrekken",
    "rond",
    "nog",
    "ik",
    "we",
    "wij",
    "zit",
    "bij",
    "voor",
    "en",
    "of",
}

# Words that phrase a question but say nothing about its topic.
QUESTION_WORDS = {
    "welke",
    "welk",
    "wat",
    "wie",
    "waar",
    "wanneer",
    "hoe",
    "hoeveel",
    "acties",
    "actie",
    "akties",
    "aktie",
    "plan",
    "actieplan",
    "zijn",
    "is",
    "er",
    "staan",
    "staat",
    "lopen",
    "loopt",
    "zit",
    "zitten",
    "hebben",
    "heeft",
    "horen",
    "hoort",
    "vallen",
    "valt",
    "onder",
    "nog",
    "al",
    "pas",
    "zelf",
    "ergens",
    "betrokken",
    "betrekken",
    "trekt",
    "trekken",
    "trekker",
    "partner",
    "partners",
    "mee",
    "werkt",
    "werken",
    "verbonden",
    "rond",
    "over",
    "which",
    "what",
    "actions",
    "action",
    "involve",
    "involved",
    "lead",
    "leads",
    "does",
    "met",
    "als",
    "geef",
    "toon",
    "lijst",
    "alle",
    "allemaal",
    "worden",
    "wordt",
    "uitgevoerd",
    "daarvan",
    "ervan",
    "the",
    "are",
    "still",
    "stage",
    "focusdomein",
    "domein",
    "kader",
    "binnen",
    "kan",
    "kunnen",
    "niet",
    "enkel",
}

KEYWORDS_FOR_TYPOS = [
    "acties",
    "actie",
    "sleutelacties",
    "sleutelactie",
    "ondersteunend",
    "planning",
    "project",
    "projecten",
    "doorlopend",
    "betrokken",
    "betrekken",
    "partner",
    "partners",
    "trekker",
    "trekt",
    "cofinanciering",
    "bedrijventerreinen",
    "businessmodellen",
    "departement",
    "hefboom",
]
