"""Plain language for a company: a term of the plan explained the first time an answer uses it, and an
organisation's abbreviation written out ("VMM (Vlaamse Milieumaatschappij)").

The terms are data (plan_model/vocabulary.toml, [glossary]); the full names come from the alias table.
"""

from __future__ import annotations

import re

from plan_model.concepts import default_vocabulary
from plan_model.organisations import OrganisationDirectory

# An abbreviation is written out when the organisation's name is this short ("VMM", "VLAIO", "DKBUZA").
_ABBREVIATION = 8


def explain_terms(text: str, directory: OrganisationDirectory) -> str:
    """The text with each term's first use followed by its explanation in brackets, once per term; an organisation
    inside a longer name ("VITO" in "VITO Kennispunt Water") is that longer name, not explained."""
    insertions: dict[int, str] = {}
    named: list[tuple[int, int]] = []
    explained: set[str] = set()
    for mention in directory.find(text):
        named.append((mention.start, mention.end))
        org = directory.get(mention.name)
        if (
            org is not None
            and org.full_name
            and org.full_name != org.name
            and len(mention.written) <= _ABBREVIATION
            and org.name not in explained
            and not text[mention.end :].lstrip().startswith("(")
        ):
            explained.add(org.name)
            insertions[mention.end] = org.full_name
    for term, explanation in default_vocabulary().glossary.items():
        for match in re.finditer(rf"(?<![\w&]){re.escape(term)}(?![\w&])", text):
            if any(s <= match.start() < e for s, e in named) or text[match.end() :].lstrip().startswith("("):
                continue
            insertions.setdefault(match.end(), explanation)
            break
    for position in sorted(insertions, reverse=True):
        if insertions[position].lower() not in text.lower():
            text = f"{text[:position]} ({insertions[position]}){text[position:]}"
    return text
