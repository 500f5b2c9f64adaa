"""Word lists the parser reads questions with: which language, which words only frame a question, and the parser's
keywords a typo is repaired to. The patterns themselves are in `vocabulary.py`."""

from __future__ import annotations

import re

# Function words that tell the two languages apart (words both languages use, such as "is" or "in", are in neither).
ENGLISH_WORDS = frozenset(
    re.findall(
        r"\S+",
        "which what who whom whose the a an does do did are was were were actions action involve involved involving "
        "leads lead about when how anything say says of and with key still stage any there their they them those these "
        "this that for from by at to on or also not no our my you your can could should would will has have had been "
        "being into than then where why list please pls plan's what's who's it its our we're i'm i'd "
        "compare comparison difference between versus show tell give all every many much",
    )
)
DUTCH_WORDS = frozenset(
    re.findall(
        r"\S+",
        "welke welk wat wie hoe waar wanneer waarom de het een van zijn er over rond trekt betrekken nog ik wij "
        "zit bij voor en of ook niet geen die dat deze dit ons onze mijn je jullie u zij ze hun worden wordt kan "
        "kunnen "
        "moet moeten heeft hebben gaat gaan acties actie doet doen mee aan naar met door uit tot om te zal zullen "
        "welke waarover daar daarvan hierover iets staat staan lopen loopt wordt graag alle allemaal zelf",
    )
)

# Words that phrase a question but say nothing about its topic.
QUESTION_WORDS = {
    "leidt",
    "leiden",
    "gaan",
    "gaat",
    "doet",
    "doen",
    "komen",
    "komt",
    "krijgen",
    "draaien",
    "draait",
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
