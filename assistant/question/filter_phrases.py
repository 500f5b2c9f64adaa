"""How an answer names each action filter, in Dutch and English: "die VMM trekt", "in focusdomein KP (…)".

FILTER_PHRASES is the one table of these clauses, keyed like the composer's phrase table (compose/phrases.py);
the describers below assemble the clauses that need more than one value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assistant.question.filter_rules import NOT_STATED, Describer
from foundation.text import Language, in_language
from plan_model.records import PlanDocument

if TYPE_CHECKING:
    from assistant.question.filters import ActionFilters

# key -> (Dutch, English). A simple filter's key is its field name, filled with {value}.
FILTER_PHRASES: dict[str, tuple[str, str]] = {
    "join.any": (" of ", " or "),
    "join.all": (" en ", " and "),
    "orgs.own-lead": ("waarin {orgs} partner is maar niet zelf trekt", "in which {orgs} is a partner but not the lead"),
    "orgs.initiator": ("die {orgs} trekt", "led by {orgs}"),
    "orgs.partner": ("waarin {orgs} partner is", "with {orgs} as a partner"),
    "orgs.any": ("waarbij {orgs} betrokken is", "involving {orgs}"),
    "orgs.mentioned": (
        "waarvan de tekst {orgs} noemt (niet als trekker of partner)",
        "whose text names {orgs} (not as lead or partner)",
    ),
    "groups.initiator": ("die getrokken worden door {orgs}", "led by {orgs}"),
    "groups.partner": ("waarin {orgs} partner zijn", "with {orgs} as a partner"),
    "groups.partner_named": ("met {orgs}", "with {orgs}"),
    "groups.any": ("waarbij {orgs} betrokken zijn", "involving {orgs}"),
    "groups.mentioned": (
        "waarvan de tekst {orgs} noemt (niet als trekker of partner)",
        "whose text names {orgs} (not as lead or partner)",
    ),
    "not_led_by": ("niet getrokken door {value}", "not led by {value}"),
    "not_involving": ("zonder {value}", "without {value}"),
    "not_groups": ("zonder {value}", "without {value}"),
    "group_except": ("(buiten {value})", "(other than {value})"),
    "output_kinds": ("die {value} opleveren", "delivering {value}"),
    "domains": ("in focusdomein {code} ({name})", "in focus domain {code} ({name})"),
    "objectives": ("onder {id}{title}", "under {id}{title}"),
    "importance.not_stated": (
        "waarvoor het plan geen relatief belang vermeldt",
        "whose relative importance the plan does not state",
    ),
    "status.planning": ("die nog in planning zijn", "still in planning"),
    "status.project": ("die als project met cofinanciering lopen{projects}", "run as co-financed projects{projects}"),
    "status.werkingsmiddelen": (
        "die op de werkingsmiddelen van VITO Kennispunt Water lopen (geen planning, geen project)",
        "run on VITO Kennispunt Water's own means (neither planning nor a project)",
    ),
    "lever": ("onder de hefboom {value}", "under the lever {value}"),
    "active_in": ("die in {value} lopen", "running in {value}"),
    "active_now": ("die nu lopen", "running now"),
    "starts_in": ("die starten in {value}", "starting in {value}"),
    "ends_in": ("die eindigen in {value}", "ending in {value}"),
    "ends_by": ("die uiterlijk in {value} eindigen", "ending by {value}"),
    "ends_after": ("die na {value} eindigen", "ending after {value}"),
    "starts_by": ("die uiterlijk in {value} starten", "starting by {value}"),
    "starts_from": ("die vanaf {value} starten", "starting from {value}"),
    "ongoing": ("die doorlopend zijn", "that are ongoing"),
    "undetermined": ("waarvan de timing nog niet vastligt", "whose timing is not yet set"),
    "text": ("met “{value}” in de tekst", "mentioning “{value}”"),
}


def say_filter(key: str, language: Language, **values: object) -> str:
    """The clause for this key in the answer's language, with its placeholders filled."""
    return in_language(FILTER_PHRASES[key], language).format(**values)


def _joined(names: tuple[str, ...], filters: ActionFilters, language: Language) -> str:
    return say_filter(f"join.{filters.orgs_match}", language).join(names)


# Dutch verbs after several organisations ("die VMM en VITO trekken") or a plural name ("de POM's").
_PLURAL_VERBS = {" trekt": " trekken", " partner is": " partners zijn", " betrokken is": " betrokken zijn"}


def describe_orgs(orgs: tuple[str, ...], filters: ActionFilters, language: Language, _: PlanDocument) -> str:
    """The clause naming the organisation filter in its role: "die VMM trekt", "waarin de POM's partners zijn"."""
    role = "own-lead" if filters.excludes_own_lead else filters.role
    text = say_filter(f"orgs.{role}", language, orgs=_joined(orgs, filters, language))
    # "POM's", "Intercommunales": an abbreviation's plural ('s) or a plural noun names several organisations.
    plural = (len(orgs) > 1 and filters.orgs_match == "all") or any(re.search(r"'s$|ales$|ies$", o) for o in orgs)
    if language == "nl" and plural:
        for singular, plural_verb in _PLURAL_VERBS.items():
            text = text.replace(singular, plural_verb)
    return text


def describe_not_led_by(orgs: tuple[str, ...], filters: ActionFilters, language: Language, _: PlanDocument) -> str:
    """The clause naming the organisations that must not lead."""
    others = [org for org in orgs if org not in filters.orgs or not filters.excludes_own_lead]
    return ", ".join(say_filter("not_led_by", language, value=org) for org in others)


def describe_not_involving(orgs: tuple[str, ...], _: ActionFilters, language: Language, __: PlanDocument) -> str:
    """The clause naming the organisations that take no part at all."""
    return say_filter("not_involving", language, value=say_filter("join.any", language).join(orgs))


def describe_domains(codes: tuple[str, ...], _: ActionFilters, language: Language, document: PlanDocument) -> str:
    """The clause naming the focus domains with their names."""
    named = [(code, d.name if (d := document.domain(code)) else code) for code in codes]
    return ", ".join(say_filter("domains", language, code=code, name=name) for code, name in named)


def describe_objectives(ids: tuple[str, ...], _: ActionFilters, language: Language, document: PlanDocument) -> str:
    """The clause naming the objectives with their titles."""
    named = [(i, f" ({o.title})" if (o := document.objective(i)) else "") for i in ids]
    return ", ".join(say_filter("objectives", language, id=i, title=title) for i, title in named)


def describe_importance(importance: str, _: ActionFilters, language: Language, __: PlanDocument) -> str:
    """The clause naming the importance filter: only "not stated" needs one (the noun names the others)."""
    return say_filter("importance.not_stated", language) if importance == NOT_STATED else ""


def describe_status(status: str, filters: ActionFilters, language: Language, _: PlanDocument) -> str:
    """The clause naming the status: in planning, or a co-financed project (with its project names)."""
    if status in ("planning", "werkingsmiddelen"):
        return say_filter(f"status.{status}", language)
    projects = f" ({', '.join(filters.projects)})" if filters.projects else ""
    return say_filter("status.project", language, projects=projects)


def describe_names(key: str) -> Describer:
    """A filter named by its values joined with "of"/"or": "zonder universiteiten of hogescholen"."""
    return lambda values, _, language, __: say_filter(
        key, language, value=say_filter("join.any", language).join(values)
    )


def describe_value(key: str, shown: Callable[[Any], object] = lambda value: value) -> Describer:
    """A filter named by its one value, as `shown` writes it: "die in 2026 lopen"."""
    return lambda value, _, language, __: say_filter(key, language, value=shown(value))


def describe_flag(key: str) -> Describer:
    """A yes/no filter named only when it is on."""
    return lambda value, _, language, __: say_filter(key, language) if value else ""


def describe_groups(groups: tuple[str, ...], filters: ActionFilters, language: Language, _: PlanDocument) -> str:
    """The clause naming the groups of organisations in their role."""
    named = say_filter("join.any", language).join(groups)
    if filters.role == "partner" and all(g.lower().endswith("partners") for g in groups):
        return say_filter(
            "groups.partner_named", language, orgs=named
        )  # not "waarin Nederlandse partners partner zijn"
    return say_filter(f"groups.{filters.role}", language, orgs=named)
