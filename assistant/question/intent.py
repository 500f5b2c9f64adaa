"""What a question asks (the `asked` part of its logical form) and what a follow-up points back to (`referent`).

Both are read from the scan's readings (reading_table.py) and from what the other steps found (ids, filters,
fields), in a fixed order: a request that is no question, something the plan does not hold, then the shapes of
an answer from the most specific (a comparison, the most per domain) to the most general (a list, a topic).
"""

from __future__ import annotations

from typing import get_args

from assistant.question.form import Asked, GroupKey, Referent, Unheld
from assistant.question.scan import Scan

# Ordinal words that point at an item of the previous answer ("de tweede", "the last"), not at a time ("de eerste
# helft") or an objective ("de tweede doelstelling").
_ORDINALS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "laatste": -1, "first": 1, "second": 2,
             "third": 3, "fourth": 4, "fifth": 5, "last": -1}  # fmt: skip
_NOT_AN_ITEM = frozenset({"helft", "kwartaal", "semester", "jaar", "doelstelling", "operationele", "objective", "half",
                          "quarter", "year", "week", "maand", "keer", "stap", "fase"})  # fmt: skip
_UNHELD_KINDS = frozenset(get_args(Unheld))
_NUMBERS = {"twee": 2, "drie": 3, "vier": 4, "two": 2, "three": 3, "beide": 2}
# Readings of what the plan does not hold → the kind of refusal (a service the plan does not give is "contact").
_UNHELD_READINGS: dict[str, Unheld] = {
    "unheld.approval": "approval",
    "unheld.outcome": "outcome",
    "unheld.attendance": "attendance",
    "unheld.eligibility": "eligibility",
    "unheld.obligation": "permission",
    "unheld.price": "budget",
    "unheld.service": "contact",
    "unheld.contact": "contact",
    "unheld.law": "law",
    # A permit is a rule, also asked of the conversation's subject ("heb ik daarvoor een vergunning nodig?").
    "unheld.permit": "permission",
}
_KEYS: dict[str, GroupKey] = {"key.domain": "domain", "key.objective": "objective", "key.organisation": "organisation"}


def read_asked(
    scan: Scan,
    *,
    ids: tuple[str, ...],
    has_filters: bool,
    names_place: bool,
    fields: tuple[str, ...],
    funding: bool,
    counts: bool,
    unanswerable: str | None,
    points_back: bool = False,
) -> Asked:
    """What the question asks of the actions it is about."""
    if scan.has("task."):
        return Asked("decline")
    # Only what a sentence that asks holds: "onze subsidie is goedgekeurd, maar hoe …?" asks no approval.
    unheld = next((kind for name, kind in _UNHELD_READINGS.items() if scan.asks(name)), None)
    if unheld is None and unanswerable in _UNHELD_KINDS:
        unheld = unanswerable  # type: ignore[assignment]
    # "Mag/moet …?" about the plan's own actions ("mogen de POM's meedoen aan BT 2.3?") is no rule asked.
    permission = scan.asks("unheld.permission", "unheld.obligation") and not ids
    # A company's need ("wie betaalt", "kosten delen") makes "moeten wij …?" a question about instruments; asked what
    # the plan says about the rules ("ik zoek wat het plan zegt over wie dat mag"), or about the subject of the
    # conversation ("mag daar ook … voor?"), it is a question about the plan's actions on it.
    about_money = funding or scan.has("about.money")
    about_plan = scan.has("asks.plan_says") or points_back
    if unheld is None and permission and about_plan and not about_money:
        return Asked("topic", caveat="permission")
    if unheld is None and permission and not about_money:
        unheld = "permission"  # "mag ik …?", "heb ik een vergunning nodig?": the plan sets no rules
    if unheld == "law" and about_money:
        # "Welke rechtsvorm kiezen we voor ons gezamenlijk waterproject?": no legal advice, but the plan's guides and
        # instruments for it (a guide on company forms is one).
        return Asked("funding", caveat="law")
    if unheld is not None:
        return Asked("unheld", unheld=unheld)
    if permission and about_money:
        # "Moeten wij dat zelf betalen?", "mag ik dat geld gebruiken voor …?": the instruments, with no verdict.
        return Asked("funding", caveat="permission")
    if funding and scan.asks("asks.receive"):
        # "Kan ik subsidie krijgen voor een regenwaterput?": the plan grants nothing; never a bare "ja".
        return Asked("funding", caveat="eligibility")
    if scan.has("asks.compare") and len(ids) >= 2:
        return Asked("compare")
    key = _group_key(scan)
    if key is not None and scan.has("asks.most", "asks.least"):
        return Asked("rank", by=key, least=not scan.has("asks.most"))
    if key is not None and scan.has("asks.per"):
        return Asked("group", by=key)
    if scan.has("asks.summary") and names_place:
        return Asked("summary")
    if counts:
        return Asked("count")
    if ids and fields:
        return Asked("fields")
    if funding:
        return Asked("funding")
    if has_filters or ids:
        return Asked("list")
    return Asked("topic")


def _group_key(scan: Scan) -> GroupKey | None:
    """What a rank or a count per group is grouped by: the first domain, objective or organisation word."""
    keys = [m for m in scan.readings if m.name in _KEYS]
    return _KEYS[keys[0].name] if keys else None


def read_referent(scan: Scan, pointer: str) -> Referent:
    """What a follow-up points back to; `pointer` is the parser's reading of "daarvan"/"die" ("all", "one", "none")."""
    for name, kind in (
        ("ref.correction", "correction"),
        ("ref.both", "both"),
        ("ref.others", "others"),
        ("ref.follows_on", "follows_on"),
    ):
        if scan.has(name):
            return Referent(kind)  # type: ignore[arg-type]
    if (counted := scan.first("ref.all_of_them")) is not None:
        # "die twee": the first two of the previous answer (all of it, when it had no more).
        number = _NUMBERS.get(counted.phrasing.split()[-1])
        return Referent("all", number)
    tokens = scan.tokens
    for n, token in enumerate(tokens):
        item = _ORDINALS.get(token.word)
        following = tokens[n + 1].word if n + 1 < len(tokens) else ""
        if item is not None and following not in _NOT_AN_ITEM and not following.endswith(("helft", "kwartaal")):
            return Referent("item", item)
    return Referent(pointer)  # type: ignore[arg-type]
