"""The logical form of a question: which actions it is about, what it asks of them, and what it points back to.

The parser (parser.py) reads a question into a Question, whose logical form is:
- `where`: the actions it is about, as the one filter model (filters.py): a conjunction of predicates (organisation
  with a role or named in the text, group, domain, objective, importance, status, phase relative to today, timing
  window, kind of output …), each of which may be negated ("niet zelf", "zonder een universiteit"); a disjunction
  where a question offers alternatives ("VMM of Aquafin"); plus the ids it names and the concept it searches;
- `asked`: what it asks of them (a list, a count, the most or least per domain, fields of one action, a comparison,
  a summary, yes or no), or something the plan does not hold (an approval, an outcome, a permission …);
- `referent`: what a follow-up points back to (the previous answer, one of its items, both earlier subjects, the
  other actions of the earlier scope, a correction of the earlier subject).

`describe_form` writes the form on one line, for the parse golden file (tests/fixtures/parses.golden).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from assistant.question.model import Question

AskedKind = Literal[
    "list",  # the actions that pass (also "which …", "are there …")
    "count",  # how many pass
    "rank",  # which domain / objective / organisation has the most (or least) that pass
    "group",  # how many pass per domain / objective / organisation
    "fields",  # fields of the actions named or pointed at (who leads, when, what it delivers)
    "compare",  # two or more actions side by side
    "summary",  # a domain or objective in short
    "topic",  # what the plan does about a subject (searched)
    "funding",  # what the plan offers for a company's need (searched, per need)
    "unheld",  # something the plan does not hold: said so, with the actions it concerns
    "decline",  # a request that is not a question about the plan (a poem, a letter, a translation)
]
GroupKey = Literal["domain", "objective", "organisation"]
# What a question asks that the plan's fields do not hold. The plan's fields are a closed set (text, output, trekker,
# partners, timing, importance, status, objective, domain, the texts around them): anything else is "not stated".
Unheld = Literal[
    "approval", "outcome", "attendance", "permission", "budget", "contact", "permit", "staff", "statistics",
    "schedule", "offtopic", "eligibility", "law",
]  # fmt: skip
ReferentKind = Literal["none", "all", "one", "item", "both", "others", "correction", "follows_on"]


@dataclass(frozen=True)
class Asked:
    """What a question asks of the actions it is about."""

    kind: AskedKind = "list"
    # rank and group: what the actions are grouped by; rank: the fewest instead of the most.
    by: GroupKey | None = None
    least: bool = False
    # unheld: what the plan does not hold. funding: a verdict the plan does not give, though it has instruments
    # for the need ("mag ik het geld van de veiling gebruiken voor een bassin?"): said before them, never a bare "ja".
    unheld: Unheld | None = None
    caveat: Unheld | None = None

    def describe(self) -> str:
        parts: list[str] = [self.kind]
        if self.by:
            parts.append(f"by={self.by}")
        if self.least:
            parts.append("least")
        if self.unheld:
            parts.append(f"unheld={self.unheld}")
        if self.caveat:
            parts.append(f"caveat={self.caveat}")
        return " ".join(parts)


@dataclass(frozen=True)
class Referent:
    """What a follow-up points back to; "none" for a question that stands on its own."""

    kind: ReferentKind = "none"
    # item: which item of the previous answer (1 is the first, -1 the last).
    item: int | None = None

    def describe(self) -> str:
        return self.kind if self.item is None else f"{self.kind}={self.item}"


def describe_form(question: Question) -> str:
    """The question's logical form on one line: where | asked | referent | ids | concepts | flags."""
    where = question.filters.as_query() or "-"
    if question.alternatives:
        where = " OR ".join([where, *(f.as_query() for f in question.alternatives)])
    parts = [
        f"where: {where}",
        f"asked: {question.asked.describe()}",
        f"fields: {','.join(question.fields) or '-'}",
        f"ref: {question.referent.describe()}",
    ]
    if question.action_ids:
        parts.append(f"ids: {','.join(question.action_ids)}")
    topic = [c.plan[0] if c.plan else (c.need or "?") for c in question.subject_concepts]
    if topic:
        parts.append(f"concepts: {','.join(dict.fromkeys(topic))}")
    if question.topic_terms:
        parts.append(f"topic: {','.join(question.topic_terms)}")
    flags = [
        name
        for name in ("yes_no", "funding", "first_person", "injection", "continues", "elliptic", "asks_contact")
        if getattr(question, name)
    ]
    if flags:
        parts.append("flags: " + ",".join(flags))
    return " | ".join(parts)
