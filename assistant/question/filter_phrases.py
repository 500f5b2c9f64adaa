"""How an answer names each action filter, in Dutch and English: "die VMM trekt", "in focusdomein KP (…)"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.question.filter_rules import Describer, Language
from ingest.records import PlanDocument

if TYPE_CHECKING:
    from assistant.question.filters import ActionFilters

# ---- phrases ---------------------------------------------------------------------------------------


def _joined(names: tuple[str, ...], filters: ActionFilters, language: Language) -> str:
    word = {("any", "nl"): " of ", ("any", "en"): " or ", ("all", "nl"): " en ", ("all", "en"): " and "}
    return word[(filters.orgs_match, language)].join(names)


_ORG_PHRASES = {
    ("own-lead", "nl"): "waarin {orgs} partner is maar niet zelf trekt",
    ("own-lead", "en"): "in which {orgs} is a partner but not the lead",
    ("initiator", "nl"): "die {orgs} trekt",
    ("initiator", "en"): "led by {orgs}",
    ("partner", "nl"): "waarin {orgs} partner is",
    ("partner", "en"): "with {orgs} as a partner",
    ("any", "nl"): "waarbij {orgs} betrokken is",
    ("any", "en"): "involving {orgs}",
}


# Dutch verbs after several organisations ("die VMM en VITO trekken") or a plural name ("de POM's").
_PLURAL_VERBS = {" trekt": " trekken", " partner is": " partners zijn", " betrokken is": " betrokken zijn"}


def describe_orgs(orgs: tuple[str, ...], filters: ActionFilters, language: Language, _: PlanDocument) -> str:
    """The clause naming the organisation filter in its role: "die VMM trekt", "waarin de POM's partners zijn"."""
    role = "own-lead" if filters.excludes_own_lead else filters.role
    text = _ORG_PHRASES[(role, language)].format(orgs=_joined(orgs, filters, language))
    # "POM's", "Intercommunales": an abbreviation's plural ('s) or a plural noun names several organisations.
    plural = (len(orgs) > 1 and filters.orgs_match == "all") or any(re.search(r"'s$|ales$|ies$", o) for o in orgs)
    if language == "nl" and plural:
        for singular, plural_verb in _PLURAL_VERBS.items():
            text = text.replace(singular, plural_verb)
    return text


def describe_not_led_by(orgs: tuple[str, ...], filters: ActionFilters, language: Language, _: PlanDocument) -> str:
    """The clause naming the organisations that must not lead."""
    others = [org for org in orgs if org not in filters.orgs or not filters.excludes_own_lead]
    template = "not led by {}" if language == "en" else "niet getrokken door {}"
    return ", ".join(template.format(org) for org in others)


def describe_domains(codes: tuple[str, ...], _: ActionFilters, language: Language, document: PlanDocument) -> str:
    """The clause naming the focus domains with their names."""
    template = "in focus domain {} ({})" if language == "en" else "in focusdomein {} ({})"
    named = [(code, d.name if (d := document.domain(code)) else code) for code in codes]
    return ", ".join(template.format(code, name) for code, name in named)


def describe_objectives(ids: tuple[str, ...], _: ActionFilters, language: Language, document: PlanDocument) -> str:
    """The clause naming the objectives with their titles."""
    word = "under" if language == "en" else "onder"
    named = [(i, f" ({o.title})" if (o := document.objective(i)) else "") for i in ids]
    return ", ".join(f"{word} {i}{title}" for i, title in named)


def describe_status(status: str, filters: ActionFilters, language: Language, _: PlanDocument) -> str:
    """The clause naming the status: in planning, or a co-financed project (with its project names)."""
    if status == "planning":
        return "still in planning" if language == "en" else "die nog in planning zijn"
    projects = f" ({', '.join(filters.projects)})" if filters.projects else ""
    if language == "en":
        return f"run as co-financed projects{projects}"
    return f"die als project met cofinanciering lopen{projects}"


def describe_flag(nl: str, en: str) -> Describer:
    """A yes/no filter named only when it is on."""
    return lambda value, _, language, __: (en if language == "en" else nl) if value else ""


def describe_groups(groups: tuple[str, ...], filters: ActionFilters, language: Language, _: PlanDocument) -> str:
    """The clause naming the groups of organisations in their role."""
    names = " of ".join(groups) if language == "nl" else " or ".join(groups)
    if language == "en":
        return {"initiator": "led by {}", "partner": "with {} as a partner"}.get(filters.role, "involving {}").format(
            names
        )
    template = {"initiator": "die getrokken worden door {}", "partner": "waarin {} partner zijn"}
    return template.get(filters.role, "waarbij {} betrokken zijn").format(names)
